/**
 * A page cursor is the caller's input: one edited, cut short or made up is refused with 400, never
 * cast in SQL (a key edited to "abc" was 22P02 in PostgreSQL and a 500). Real PostgreSQL.
 */
import { AppError } from '@smartdb/core';
import type { StoreEntry } from '@smartdb/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { answerQuery, type QueryDeps } from '../src/index.ts';
import { loadSample } from './support/stores.ts';

const now = Date.now();
const tenant = uniqueTenant('cursor');
let handle: Awaited<ReturnType<typeof testDatabase>>;
let stores: StoreEntry[];
let deps: QueryDeps;

beforeAll(async () => {
  handle = await testDatabase(2);
  stores = (await loadSample(handle.db, tenant, now)).stores;
  deps = { db: handle.db, stores: () => stores, now: () => new Date(now) };
});
afterAll(async () => {
  await handle?.close();
});

const decode = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string[]];
const encode = (sort: string, keys: unknown) =>
  Buffer.from(JSON.stringify([sort, keys])).toString('base64url');

async function refused(q: string, cursor: string): Promise<AppError> {
  try {
    await answerQuery(deps, tenant, { q, limit: 5, cursor });
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`a page after ${cursor} was answered`);
}

describe('a cursor the answers could not have given', () => {
  // Keys: by time [micros, uuid]; by a field [boolean (no value), jsonb, uuid].
  it.each(['show all logs', 'orders sorted by amount'])('is refused with 400 (%s)', async (q) => {
    const first = await answerQuery(deps, tenant, { q, limit: 5 });
    const [sort, keys] = decode(first.next_cursor!);
    // The real cursor pages on.
    const second = await answerQuery(deps, tenant, { q, limit: 5, cursor: first.next_cursor! });
    expect(second.rows.map((r) => r.id)).not.toContain(first.rows[0]!.id);
    const edits: unknown[][] = [[], keys.slice(0, -1), [...keys, keys.at(-1)]];
    // Each key in turn replaced by text no key of any kind holds.
    for (let i = 0; i < keys.length; i++) {
      for (const bad of [
        'abc',
        '',
        '{"a":1e400}',
        '"\\u0000"',
        '99999999999999999999999x',
        '1;drop table records',
      ]) {
        edits.push(keys.map((k, j) => (j === i ? bad : k)));
      }
    }
    edits.push(['99999999999999999999999', ...keys.slice(1)]);
    for (const edited of edits) {
      const e = await refused(q, encode(sort, edited));
      expect(e, JSON.stringify(edited)).toBeInstanceOf(AppError);
      expect([e.status, e.code], JSON.stringify(edited)).toEqual([400, 'BAD_REQUEST']);
    }
  });
});
