/**
 * The public natural-language question set (../shared/nlq/check.mjs) against live servers: a region
 * on a fresh PostgreSQL database, and the edge of `smartdb dev` on embedded PGlite. The checker loads
 * the sample data through the public API and compares every answer with its own computation.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { TEST_DATABASE_URL } from '../support/db.ts';
import { CLI, freePort, REPO_ROOT, ROOT_KEY, spawnRegion } from '../support/region-process.ts';

const CHECK = resolve(REPO_ROOT, '../shared/nlq/check.mjs');

function runCheck(base: string, key: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHECK, '--base', base, '--key', key], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.once('exit', (code) => done({ code, output }));
  });
}

/**
 * Every question of the set passed, or failed only where the checker cannot compare an empty
 * aggregate: its `close()` takes numbers, so an answer of null where it computed null ("max cpu usage
 * on web-1 today" in the minutes after midnight UTC, before the data set holds a reading of the new
 * day) is reported "value null, want null". That agreement is counted as a pass; any other failure is not.
 */
function expectAllPassed(code: number | null, output: string): void {
  const summary = /^nlq: (\d+) passed, (\d+) failed$/m.exec(output);
  expect(summary, output).not.toBeNull();
  const reasons = [...output.matchAll(/^FAIL .*\n\s+(.*)$/gm)].map((m) => m[1]);
  expect(reasons.length, output).toBe(Number(summary![2]));
  expect(
    reasons.filter((why) => why !== 'value null, want null'),
    output,
  ).toEqual([]);
  expect(Number(summary![1]) + reasons.length, output).toBe(30);
  expect(code, output).toBe(reasons.length === 0 ? 0 : 1);
}

describe('public NL question set', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('passes 30/30 against a region on a fresh PostgreSQL database', async () => {
    const name = `smartdb_nlq_${process.pid}_${Date.now().toString(36)}`;
    const admin = postgres(TEST_DATABASE_URL.replace(/\/[^/]*$/, '/postgres'), {
      max: 1,
      onnotice: () => {},
    });
    await admin.unsafe(`create database ${name}`);
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });
    const region = await spawnRegion({
      port: await freePort(),
      region: 'nlq',
      env: { DATABASE_URL: TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`) },
    });
    cleanups.push(() => region.stop());
    const { code, output } = await runCheck(region.url, ROOT_KEY);
    expectAllPassed(code, output);
  }, 120_000);

  test('passes 30/30 through the edge of `smartdb dev` started elsewhere (PGlite, in-memory cache)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smartdb-dev-'));
    const child = spawn(process.execPath, [CLI, 'dev', '--data-dir', join(dir, 'data')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 60_000;
    let key: string | undefined;
    while (!key && Date.now() < deadline && child.exitCode === null) {
      key = /admin key\s+(\S+)/.exec(out)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(key, out).toBeDefined();
    // Started from another directory than the repository: the admin pages (JSX) still render.
    expect((await fetch('http://127.0.0.1:8080/admin')).status).toBe(200);
    const { code, output } = await runCheck('http://127.0.0.1:8080', key!);
    expectAllPassed(code, output);
  }, 180_000);
});
