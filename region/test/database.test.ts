/**
 * Opening and migrating the database: several regions migrating one fresh database at once; the
 * questions' own pool, bounded in time and apart from writes.
 */
import { isStatementCancelled } from '@smartdb/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_DATABASE_URL } from '../../tests/support/db.ts';
import { isMigrated, migrateDatabase, type OpenDatabase, openDatabase } from '../src/database.ts';
import { toAppError } from '../src/http/errors.ts';

const name = `smartdb_mig_${process.pid}_${Date.now().toString(36)}`;
const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
const freshUrl = (() => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
})();

beforeAll(async () => {
  await admin.unsafe(`create database "${name}"`);
});
afterAll(async () => {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

test('four regions migrating a fresh database at once all succeed, and each migration runs once', async () => {
  const handles: OpenDatabase[] = await Promise.all(
    Array.from({ length: 4 }, () => openDatabase({ url: freshUrl, poolSize: 2 })),
  );
  try {
    expect(await isMigrated(handles[0]!)).toBe(false);
    const results = await Promise.allSettled(handles.map((h) => migrateDatabase(h)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    for (const h of handles) expect(await isMigrated(h)).toBe(true);
    const [row] = await handles[0]!.client!<{ n: number }[]>`
      select count(*)::int as n from drizzle.__drizzle_migrations`;
    const journal = await import('../../migrations/meta/_journal.json', { with: { type: 'json' } });
    expect(row!.n).toBe(journal.default.entries.length);
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
});

test('isMigrated is false when the database cannot be reached', async () => {
  const url = new URL(TEST_DATABASE_URL);
  url.port = '1';
  const handle = await openDatabase({ url: url.toString(), poolSize: 1 });
  try {
    expect(await isMigrated(handle)).toBe(false);
    await expect(handle.ping()).rejects.toThrow();
  } finally {
    await handle.close();
  }
});

describe('the query pool', () => {
  test('question statements stop at QUERY_TIMEOUT_MS and answer 503 QUERY_TIMEOUT; other statements have no limit', async () => {
    const handle = await openDatabase({
      url: TEST_DATABASE_URL,
      poolSize: 1,
      queryPoolSize: 1,
      queryTimeoutMs: 100,
    });
    try {
      const cancelled = await handle.queryDb.execute(sql`select pg_sleep(2)`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isStatementCancelled(cancelled)).toBe(true);
      expect(toAppError(cancelled)).toMatchObject({ status: 503, code: 'QUERY_TIMEOUT' });
      await expect(handle.db.execute(sql`select pg_sleep(0.3)`)).resolves.toBeDefined();
    } finally {
      await handle.close();
    }
  });

  test('questions that hold every query connection do not delay a write', async () => {
    const handle = await openDatabase({ url: TEST_DATABASE_URL, poolSize: 2, queryPoolSize: 2 });
    try {
      // Both query connections open first, so each sleep holds one of them.
      await Promise.all([1, 2].map(() => handle.queryDb.execute(sql`select pg_sleep(0.05)`)));
      await Promise.all([1, 2].map(() => handle.db.execute(sql`select pg_sleep(0.05)`)));
      // drizzle's queries start when awaited or then'd.
      const slow = [1, 2].map(() => handle.queryDb.execute(sql`select pg_sleep(1.5)`).then(() => {}));
      await new Promise((r) => setTimeout(r, 200));
      const started = performance.now();
      await handle.db.execute(sql`select 1`);
      const waited = performance.now() - started;
      await Promise.all(slow);
      // Behind the two sleeps on one shared pool this would wait ~1.3 s.
      expect(waited).toBeLessThan(500);
    } finally {
      await handle.close();
    }
  });
});
