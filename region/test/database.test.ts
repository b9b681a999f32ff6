/** Opening and migrating the database: several regions migrating one fresh database at once. */
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TEST_DATABASE_URL } from '../../tests/support/db.ts';
import { isMigrated, migrateDatabase, type OpenDatabase, openDatabase } from '../src/database.ts';

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
