import { defineConfig } from 'vitest/config';

// One runner for the whole workspace. Integration tests talk to the real PostgreSQL and Redis on
// loopback; each test makes its own tenant, so files can run in parallel against one shared server.
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'region/test/**/*.test.ts',
      'edge/test/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
