/** The smartdb CLI refuses bad settings with exit code 2 and one line naming the variable. */
import { describe, expect, test } from 'vitest';
import { TEST_DATABASE_URL } from '../../tests/support/db.ts';
import { runCli } from '../../tests/support/region-process.ts';

const good = { DATABASE_URL: TEST_DATABASE_URL, SMARTDB_ADMIN_KEY: 'a-long-enough-admin-key' };

describe.concurrent('smartdb region with a bad setting', () => {
  test.concurrent.each<[string, string, string[], Record<string, string>]>([
    ['PORT=abc', 'PORT', [], { PORT: 'abc' }],
    ['--port abc', 'PORT', ['--port', 'abc'], {}],
    ['a short SMARTDB_ADMIN_KEY', 'SMARTDB_ADMIN_KEY', [], { SMARTDB_ADMIN_KEY: 'short' }],
    ['a mysql DATABASE_URL', 'DATABASE_URL', [], { DATABASE_URL: 'mysql://127.0.0.1/x' }],
    ['--region with spaces', 'REGION', ['--region', 'US East'], {}],
  ])('%s exits 2 with one line naming %s', async (_, name, args, env) => {
    const run = await runCli(['region', ...args], { ...good, ...env });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(run.stdout).not.toContain('listening');
  });

  test('a missing SMARTDB_ADMIN_KEY is named', async () => {
    const run = await runCli(['region'], { DATABASE_URL: TEST_DATABASE_URL });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('SMARTDB_ADMIN_KEY')]);
  });

  test('the admin key is never echoed in the message', async () => {
    const secret = 'tiny-secret';
    const run = await runCli(['region'], { ...good, SMARTDB_ADMIN_KEY: secret });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain(secret);
  });
});

test('an unknown command prints usage and exits 2', async () => {
  const run = await runCli(['explode'], good);
  expect(run.code).toBe(2);
  expect(run.stdout).toContain('usage: smartdb');
});
