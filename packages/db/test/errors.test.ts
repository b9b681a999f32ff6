/**
 * Which database failures are worth a retry, on errors raised by the real PostgreSQL and the real
 * driver (drizzle over postgres.js), as the region's error mapper receives them.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpenDatabase } from '../../../region/src/database.ts';
import { openDatabase } from '../../../region/src/database.ts';
import { TEST_DATABASE_URL, testDatabase } from '../../../tests/support/db.ts';
import { isDatabaseUnavailable, isStatementCancelled, pgCode } from '../src/index.ts';

let database: OpenDatabase;
beforeAll(async () => {
  database = await testDatabase(2);
});
afterAll(async () => {
  await database?.close();
});

/** The error a statement raising `sqlstate` fails with. */
async function raised(sqlstate: string): Promise<unknown> {
  return database.db
    .execute(sql.raw(`do $$ begin raise exception 'raised' using errcode = '${sqlstate}'; end $$`))
    .then(
      () => null,
      (e: unknown) => e,
    );
}

describe('isDatabaseUnavailable', () => {
  test.each([
    ['40001', 'serialization failure, or a replica cancelling for recovery'],
    ['40P01', 'deadlock'],
    ['57P01', 'admin shutdown'],
    ['57P03', 'cannot connect now'],
    ['53300', 'too many connections'],
    ['08006', 'connection failure'],
  ])('%s (%s) is retryable', async (sqlstate) => {
    const error = await raised(sqlstate);
    expect(pgCode(error)).toBe(sqlstate);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ['23505', 'unique violation'],
    ['22003', 'numeric out of range'],
    ['42601', 'syntax error'],
  ])('%s (%s) is not', async (sqlstate) => {
    expect(isDatabaseUnavailable(await raised(sqlstate))).toBe(false);
  });

  test('a server that refuses the connection is retryable', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.port = '1';
    const handle = await openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      const error = await handle.db.execute(sql`select 1`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  test('errors that are not the database are not', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isStatementCancelled(new TypeError('x'))).toBe(false);
  });
});
