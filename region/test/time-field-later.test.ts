/**
 * A store whose first records carried no time takes a time field once its records carry one. Its
 * time field used to be chosen from the first batch only: every later record was stamped with the
 * time it was ingested, so "... last week" read ingest times for good.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startRegionPair } from '../../tests/support/region-process.ts';

let pair: Awaited<ReturnType<typeof startRegionPair>>;
let east: InProcessRegion;
let west: InProcessRegion;
beforeAll(async () => {
  pair = await startRegionPair();
  ({ east, west } = pair);
});
afterAll(async () => {
  await pair?.close();
});

const item = (i: number) => ({ sku: `sku-${i}`, name: `Item ${i}`, qty: i });

async function store(region: InProcessRegion, key: string) {
  const res = await region.request('/v1/mcps', { key });
  const { mcps } = (await res.json()) as {
    mcps: { id: string; timeField: string | null; recordCount: number }[];
  };
  return mcps;
}

test('a store without a time field takes the one later records carry, in every region', async () => {
  const k = await east.key('write');
  expect((await east.request('/v1/ingest', { key: k.key, json: [item(1), item(2)] })).status).toBe(201);
  expect((await store(east, k.key)).map((m) => m.timeField)).toEqual([null]);

  const dated = [3, 4, 5].map((i) => ({ ...item(i), updated_at: `2026-11-0${i}T10:00:00Z` }));
  const res = await east.request('/v1/ingest', { key: k.key, json: dated });
  expect(res.status).toBe(201);
  const { records } = (await res.json()) as { records: { id: string; mcp: string }[] };
  const stores = await store(east, k.key);
  expect(stores).toMatchObject([{ timeField: 'updated_at', recordCount: 5 }]);
  expect(new Set(records.map((r) => r.mcp))).toEqual(new Set([stores[0]!.id]));

  // The records that carry it are stored at that time.
  const rows = await east.database.client!<{ ts: string }[]>`
    select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as ts from records
    where tenant_id = ${k.tenant} and id = any(${records.map((r) => r.id)}::uuid[]) order by ts`;
  expect(rows.map((r) => r.ts)).toEqual(dated.map((d) => d.updated_at));

  // Committed with the records: another region reads it from the database.
  let seen: string | null = null;
  for (let i = 0; i < 50 && seen === null; i++) {
    seen = (await store(west, k.key))[0]?.timeField ?? null;
    if (seen === null) await new Promise((r) => setTimeout(r, 100));
  }
  expect(seen).toBe('updated_at');
});
