/**
 * The MCP endpoint as a third-party client sees it: `@modelcontextprotocol/inspector-cli` (the
 * inspector's CLI mode) lists the tools of a region served on a loopback port, once with a write
 * key and once with a read key.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../support/region-process.ts';

const run = promisify(execFile);
const INSPECTOR_CLI = createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli');

let region: InProcessRegion;
let server: ReturnType<typeof serve>;
let endpoint: string;

beforeAll(async () => {
  region = await startInProcessRegion({ region: 'inspector' });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: region.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await region?.close();
});

async function listTools(key: string): Promise<{ name: string; annotations?: { readOnlyHint?: boolean } }[]> {
  const { stdout } = await run(
    process.execPath,
    [
      INSPECTOR_CLI,
      '--cli',
      endpoint,
      '--transport',
      'http',
      '--method',
      'tools/list',
      '--header',
      `Authorization: Bearer ${key}`,
    ],
    // The CLI finds its own package.json through a path relative to the working directory, so it
    // runs from its build folder (as it does when npx starts it from its package).
    { timeout: 20_000, cwd: dirname(INSPECTOR_CLI), env: { PATH: process.env.PATH ?? '' } },
  );
  return (JSON.parse(stdout) as { tools: { name: string }[] }).tools;
}

test('inspector-cli lists the five tools for a write key and the four read tools for a read key', async () => {
  const [write, read] = await Promise.all([region.key('write'), region.key('read')]);
  const [writeTools, readTools] = await Promise.all([listTools(write.key), listTools(read.key)]);
  expect(writeTools.map((t) => t.name).sort()).toEqual([
    'explain',
    'get_record',
    'ingest',
    'list_mcps',
    'query',
  ]);
  expect(writeTools.find((t) => t.name === 'ingest')?.annotations?.readOnlyHint).toBe(false);
  expect(readTools.map((t) => t.name).sort()).toEqual(['explain', 'get_record', 'list_mcps', 'query']);
  expect(readTools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
});
