/**
 * Groups sorted by their own key, against the real PostgreSQL: "count users by country sorted by
 * country" lists the countries from a to z (before, the sort was dropped and the largest came
 * first), and keys that are numbers are in the order of their values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { answerQuery, type QueryDeps } from '../src/index.ts';
import { loadSample } from './support/stores.ts';

let handle: Awaited<ReturnType<typeof testDatabase>>;
let deps: QueryDeps;
const tenant = uniqueTenant('keys');
const now = Date.parse('2026-11-25T15:30:00Z');

beforeAll(async () => {
  handle = await testDatabase(2);
  const sample = await loadSample(handle.db, tenant, now);
  deps = { db: handle.db, stores: () => sample.stores, now: () => new Date(now) };
});

afterAll(async () => {
  await handle?.close();
});

const keysOf = async (q: string) => (await answerQuery(deps, tenant, { q })).groups?.map((g) => g.key);

describe('groups sorted by their own key', () => {
  it('words from a to z, or from z to a when told', async () => {
    const up = await keysOf('count users by country sorted by country');
    expect(up).toEqual([...(up ?? [])].map(String).sort());
    expect(up?.length).toBe(10);
    const down = await keysOf('count users by country sorted by country descending');
    expect(down).toEqual([...(up ?? [])].reverse());
  });

  it('numbers by their value, from the largest unless told', async () => {
    const ages = (await keysOf('count users by age sorted by age')) as number[];
    expect(ages.length).toBeGreaterThan(10);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    const up = (await keysOf('count users by age sorted by age ascending')) as number[];
    expect(up).toEqual([...ages].reverse());
  });
});
