/**
 * Thousands of parallel single-record ingests: none lost, none doubled. Then two regions (two
 * IngestService instances on one database) writing into the same tenant at once.
 */
import { IngestService } from '@smartdb/ingest';
import { Registry } from '@smartdb/registry';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uniqueTenant } from '../support/db.ts';
import { type InProcessRegion, startInProcessRegion } from '../support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

/** Runs `task(i)` for i in [0, n) with at most `limit` in flight. */
async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const reading = (i: number) => ({
  sensor: `s-${i % 7}`,
  seq: i,
  reading: i * 1.5,
  at: new Date(1.7e12 + i).toISOString(),
});

async function countsBySeq(tenant: string): Promise<Map<number, number>> {
  const rows = await region.database.client!<{ seq: number; n: number }[]>`
    select (data->>'seq')::int as seq, count(*)::int as n from records where tenant_id = ${tenant} group by 1`;
  return new Map(rows.map((r) => [r.seq, r.n]));
}

test('3,000 parallel single ingests: every acknowledged id readable exactly once, counts exact', async () => {
  const { key, tenant } = await region.key('write');
  const N = 3_000;
  const acks = await pool(N, 200, async (i) => {
    const res = await region.request('/v1/ingest', { key, json: reading(i) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { records: { id: string; mcp: string }[] };
    return body.records[0]!;
  });
  expect(new Set(acks.map((a) => a.id)).size).toBe(N);
  expect(new Set(acks.map((a) => a.mcp)).size).toBe(1);

  expect(await region.sqlCount(tenant)).toBe(N);
  const bySeq = await countsBySeq(tenant);
  expect(bySeq.size).toBe(N);
  expect([...bySeq.values()].every((n) => n === 1)).toBe(true);

  const ids = acks.map((a) => a.id);
  const found = await region.database.client!<{ id: string; seq: number }[]>`
    select id, (data->>'seq')::int as seq from records where tenant_id = ${tenant} and id = any(${ids}::uuid[])`;
  expect(found).toHaveLength(N);
  const seqOf = new Map(found.map((r) => [r.id, r.seq]));
  expect(acks.map((a) => seqOf.get(a.id))).toEqual(acks.map((_, i) => i));

  const sample = await pool(50, 10, async (j) => {
    const i = j * 59;
    return (await (await region.request(`/v1/records/${acks[i]!.id}`, { key })).json()) as { data: unknown };
  });
  expect(sample.map((r) => r.data)).toEqual(sample.map((_, j) => reading(j * 59)));

  const { mcps } = (await (await region.request('/v1/mcps', { key })).json()) as {
    mcps: { recordCount: number }[];
  };
  expect(mcps.map((m) => m.recordCount)).toEqual([N]);
});

test('two regions ingesting into one tenant at once: counts exact, registries converge', async () => {
  const tenant = uniqueTenant();
  const registries = [new Registry(), new Registry()];
  await Promise.all(registries.map((r) => r.load(region.database.db)));
  const regions = registries.map((r) => new IngestService(region.database.db, r));
  const N = 1_500;
  const acks = await pool(N * 2, 100, async (i) => {
    const ingest = regions[i % 2]!;
    // Singles and small batches mixed, so both regions create and extend the store concurrently.
    const result = await ingest.ingestRecords(tenant, i % 10 === 0 ? [reading(i)] : reading(i));
    return result.records[0]!;
  });
  expect(new Set(acks.map((a) => a.id)).size).toBe(N * 2);
  expect(new Set(acks.map((a) => a.mcp)).size).toBe(1);
  expect(await region.sqlCount(tenant)).toBe(N * 2);
  const bySeq = await countsBySeq(tenant);
  expect([...bySeq.values()].every((n) => n === 1)).toBe(true);

  const storeId = acks[0]!.mcp;
  const [row] = await region.database.client!<{ n: number }[]>`
    select record_count::int as n from mcps where tenant_id = ${tenant} and id = ${storeId}`;
  expect(row!.n).toBe(N * 2);

  // Per-field counts and ranges travel with each region's background learning flush.
  for (const r of regions) await r.committer.flushLearning();
  for (const r of registries) await r.refresh(region.database.db);
  const seen = registries.map((r) => r.get(tenant, storeId));
  expect(seen.map((s) => s?.recordCount)).toEqual([N * 2, N * 2]);
  expect(seen[0]!.fields).toEqual(seen[1]!.fields);
  expect(seen[0]!.fields.seq!.count).toBe(N * 2);
});

test("a region sees another region's new store after a refresh", async () => {
  const tenant = uniqueTenant();
  const [a, b] = [new Registry(), new Registry()];
  await b.load(region.database.db);
  await new IngestService(region.database.db, a).ingestRecords(tenant, { planet: 'mars', moons: 2 });
  expect(b.list(tenant)).toEqual([]);
  expect(await b.refresh(region.database.db)).toBeGreaterThanOrEqual(1);
  expect(b.list(tenant).map((s) => s.recordCount)).toEqual([1]);
});
