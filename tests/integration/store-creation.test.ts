/**
 * One shape, one store: records of a shape join the store the first of them created, however the
 * registry copy that classifies them was obtained (this region's commits, a refresh, a reload after a
 * failed commit, another region's start) and however many writers create the store at once. Per-field
 * counts reach the `mcps` row only with the background learning flush, so a copy read from the
 * database mid-stream counts many more records than its fields do; such a copy once put a record of
 * the store's own shape into a second store (`records-2`).
 */
import { IngestService } from '@smartdb/ingest';
import { createStore, Registry } from '@smartdb/registry';
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error: the shared sample data set is plain JavaScript without types.
import { generate } from '../../../shared/nlq/dataset.mjs';
import type { OpenDatabase } from '../../region/src/database.ts';
import { ownDatabase, uniqueTenant } from '../support/db.ts';

// A database of its own: the chaos tests start hundreds of stores a run, which every region started
// on the shared test database would then load.
let database: OpenDatabase;
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ database, drop } = await ownDatabase('smartdb_stores'));
});
afterAll(async () => {
  await drop?.();
});

/** One sensor only: after the first record a commit teaches nothing new and takes the fast path. */
const reading = (i: number) => ({
  sensor: 's-1',
  seq: i,
  reading: i * 1.5,
  at: new Date(1.7e12 + i).toISOString(),
});

/** The same shape with its keys in another order: classified afresh, not from the recent shapes. */
const reordered = (i: number) => {
  const { seq, ...rest } = reading(i);
  return { seq, ...rest };
};

/** A region on the shared database: its own registry, loaded as at start, and its own committer. */
async function region(): Promise<{ ingest: IngestService; registry: Registry }> {
  const registry = new Registry();
  await registry.load(database.db);
  return { ingest: new IngestService(database.db, registry), registry };
}

async function storeIdsOf(tenant: string): Promise<string[]> {
  const rows = await database.client!<{ id: string }[]>`
    select id from mcps where tenant_id = ${tenant} order by id`;
  return rows.map((r) => r.id);
}

async function countsBySeq(tenant: string): Promise<Map<number, number>> {
  const rows = await database.client!<{ seq: number; n: number }[]>`
    select (data->>'seq')::int as seq, count(*)::int as n from records where tenant_id = ${tenant} group by 1`;
  return new Map(rows.map((r) => [r.seq, r.n]));
}

/** One store holding exactly the records 0..n-1, once each, with its count exact. */
async function expectOneStore(tenant: string, n: number): Promise<void> {
  expect(await storeIdsOf(tenant)).toEqual(['records']);
  const bySeq = await countsBySeq(tenant);
  expect(bySeq.size).toBe(n);
  expect([...bySeq.values()].every((c) => c === 1)).toBe(true);
  const [row] = await database.client!<{ n: number }[]>`
    select record_count::int as n from mcps where tenant_id = ${tenant} and id = 'records'`;
  expect(row!.n).toBe(n);
}

test("a region that reads the store mid-stream, before its fields' counts are flushed, joins it", async () => {
  const tenant = uniqueTenant();
  const writer = await region();
  for (let i = 0; i < 20; i++) await writer.ingest.ingestRecords(tenant, reading(i));
  // The row counts 20 records; its fields, written by the first commit only, count 1.
  const other = await region();
  expect(other.registry.get(tenant, 'records')!.recordCount).toBe(20);
  const joined = await other.ingest.ingestRecords(tenant, reading(20));
  expect(joined.records[0]!.mcp).toBe('records');
  await expectOneStore(tenant, 21);
});

test('a region whose own copy of the store is re-read from the database keeps writing into it', async () => {
  const tenant = uniqueTenant();
  const writer = await region();
  for (let i = 0; i < 20; i++) await writer.ingest.ingestRecords(tenant, reading(i));
  // What a refresh does when another writer changed the row, and a failed commit always does.
  await writer.registry.reloadTenant(database.db, tenant);
  const acks = await Promise.all(
    Array.from({ length: 20 }, (_, j) =>
      writer.ingest.ingestRecords(tenant, (j % 2 ? reading : reordered)(20 + j)),
    ),
  );
  expect(new Set(acks.map((a) => a.records[0]!.mcp))).toEqual(new Set(['records']));
  await expectOneStore(tenant, 40);
});

test('two regions creating the store for a new shape at once, then writing on: one store', async () => {
  const tenant = uniqueTenant();
  const regions = [await region(), await region()];
  // Both batches are built (and both choose the new store) before either commits.
  const first = await Promise.all(regions.map((r, i) => r.ingest.ingestRecords(tenant, reading(i))));
  expect(first.map((r) => r.records[0]!.mcp)).toEqual(['records', 'records']);
  // Region 0 writes on alone: the row's count runs ahead of its fields' counts.
  for (let i = 2; i < 30; i++) await regions[0]!.ingest.ingestRecords(tenant, reading(i));
  // Region 1 sees the row as the database has it (a refresh), then both write concurrently.
  await regions[1]!.registry.refresh(database.db);
  const n = 400;
  const acks = await Promise.all(
    Array.from({ length: n - 30 }, (_, j) => regions[j % 2]!.ingest.ingestRecords(tenant, reading(30 + j))),
  );
  expect(new Set(acks.map((a) => a.records[0]!.mcp))).toEqual(new Set(['records']));
  await expectOneStore(tenant, n);
});

test('one region with two transactions in flight creating the same new store: one store', async () => {
  const tenant = uniqueTenant();
  const registry = new Registry();
  // Any queued record may start a second transaction beside the one in flight.
  const ingest = new IngestService(database.db, registry, { parallelMinRecords: 1 });
  const n = 300;
  const acks = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      ingest.ingestRecords(tenant, i % 3 === 0 ? [reading(i)] : reading(i)),
    ),
  );
  expect(new Set(acks.map((a) => a.records[0]!.mcp))).toEqual(new Set(['records']));
  expect(new Set(acks.map((a) => a.records[0]!.id)).size).toBe(n);
  await expectOneStore(tenant, n);
  expect(registry.list(tenant).map((s) => s.recordCount)).toEqual([n]);
});

/** A shape of no known domain, unlike `reading`'s: it fits no store of readings. */
const swatch = (i: number) => ({ color: `c-${i % 7}`, size: i, weight: i / 4, batch_no: `b-${i}` });

/** Each store's record shapes, as sorted key lists joined by commas. */
async function shapesByStore(tenant: string): Promise<Record<string, string[]>> {
  const rows = await database.client!<{ mcp_id: string; shapes: string[] }[]>`
    select mcp_id, array_agg(distinct shape order by shape) as shapes
    from (
      select mcp_id, (select string_agg(k, ',' order by k) from jsonb_object_keys(data) k) as shape
      from records where tenant_id = ${tenant}
    ) r
    group by mcp_id order by mcp_id`;
  return Object.fromEntries(rows.map((r) => [r.mcp_id, r.shapes]));
}

async function recordCounts(tenant: string): Promise<Record<string, number>> {
  const rows = await database.client!<{ id: string; n: number }[]>`
    select id, record_count::int as n from mcps where tenant_id = ${tenant} order by id`;
  return Object.fromEntries(rows.map((r) => [r.id, r.n]));
}

const READING = 'at,reading,sensor,seq';
const SWATCH = 'batch_no,color,size,weight';

test("a region that has not seen another region's new store gives a second new shape a store of its own", async () => {
  const tenant = uniqueTenant();
  const [x, y] = [await region(), await region()];
  await x.ingest.ingestRecords(tenant, [reading(0), reading(1)]);
  // Y knows no store of the tenant yet, so it names its own new shape `records` too.
  expect(y.registry.list(tenant)).toEqual([]);
  const ack = await y.ingest.ingestRecords(tenant, [swatch(0), swatch(1), swatch(2)]);
  expect(new Set(ack.records.map((r) => r.mcp))).toEqual(new Set(['records-2']));
  expect(await shapesByStore(tenant)).toEqual({ records: [READING], 'records-2': [SWATCH] });
  expect(await recordCounts(tenant)).toEqual({ records: 2, 'records-2': 3 });
  // Y's registry holds both stores as the database does, and goes on classifying by them.
  expect(y.registry.list(tenant).map((s) => [s.id, s.recordCount])).toEqual([
    ['records', 2],
    ['records-2', 3],
  ]);
  const more = await y.ingest.ingestRecords(tenant, [reading(2), swatch(3)]);
  expect(more.records.map((r) => r.mcp)).toEqual(['records', 'records-2']);
  expect(await recordCounts(tenant)).toEqual({ records: 3, 'records-2': 4 });
});

test('two regions meeting two new shapes at once: a store for each shape', async () => {
  const tenant = uniqueTenant();
  const [x, y] = [await region(), await region()];
  // Both batches are built, each choosing `records` for its own shape, before either commits.
  const [a, b] = await Promise.all([
    x.ingest.ingestRecords(tenant, [reading(0), reading(1)]),
    y.ingest.ingestRecords(tenant, [swatch(0), swatch(1)]),
  ]);
  const stores = [a!.records[0]!.mcp, b!.records[0]!.mcp].sort();
  expect(stores).toEqual(['records', 'records-2']);
  const shapes = await shapesByStore(tenant);
  expect(shapes[a!.records[0]!.mcp]).toEqual([READING]);
  expect(shapes[b!.records[0]!.mcp]).toEqual([SWATCH]);
});

test("a region that has not seen another region's store of the same shape joins it", async () => {
  const tenant = uniqueTenant();
  const [x, y] = [await region(), await region()];
  await x.ingest.ingestRecords(tenant, [reading(0), reading(1)]);
  const ack = await y.ingest.ingestRecords(tenant, reading(2));
  expect(ack.records[0]!.mcp).toBe('records');
  await expectOneStore(tenant, 3);
});

test('records naming their domain join that domain’s store whichever region created it, as in one region', async () => {
  const tenant = uniqueTenant();
  const [x, y] = [await region(), await region()];
  await x.ingest.ingestRecords(tenant, { type: 'widget', sku: 'w-1', stock: 4 });
  const ack = await y.ingest.ingestRecords(tenant, { type: 'widget', colour: 'red', mass: 2, origin: 'fr' });
  expect(ack.records[0]!.mcp).toBe('widgets');
  // What one region does with the two records.
  const single = uniqueTenant();
  await x.ingest.ingestRecords(single, { type: 'widget', sku: 'w-1', stock: 4 });
  const alone = await x.ingest.ingestRecords(single, {
    type: 'widget',
    colour: 'red',
    mass: 2,
    origin: 'fr',
  });
  expect(alone.records[0]!.mcp).toBe('widgets');
  expect(await recordCounts(tenant)).toEqual({ widgets: 2 });
});

const logLine = (i: number) => ({
  level: 'error',
  service: 'api',
  message: `m${i}`,
  timestamp: new Date(1.7e12 + i).toISOString(),
});

test('a store created explicitly in one region receives its domain’s records from a region that has not seen it', async () => {
  const tenant = uniqueTenant();
  const [x, y] = [await region(), await region()];
  await createStore(database.db, x.registry, tenant, { domain: 'logs' });
  const ack = await y.ingest.ingestRecords(tenant, [logLine(0), logLine(1)]);
  expect(new Set(ack.records.map((r) => r.mcp))).toEqual(new Set(['logs']));
  expect(await recordCounts(tenant)).toEqual({ logs: 2 });
});

test('an id given at creation to a store of another domain is not joined by records of the domain it names', async () => {
  const tenant = uniqueTenant();
  const [x, y] = [await region(), await region()];
  await createStore(database.db, x.registry, tenant, { domain: 'metrics', id: 'logs' });
  // Records sent to that domain teach the store their shape: only its domain tells it apart.
  await x.ingest.ingestRecords(tenant, [logLine(0), logLine(1)], { domainHint: 'metrics' });
  const ack = await y.ingest.ingestRecords(tenant, logLine(2));
  expect(ack.records[0]).toMatchObject({ mcp: 'logs-2', domain: 'logs' });
  expect(await recordCounts(tenant)).toEqual({ logs: 2, 'logs-2': 1 });
});

/** Shape k: four fields of its own, none a known domain's. */
const shapeRecord = (k: number, i: number) => ({
  [`alpha_${k}`]: i,
  [`beta_${k}`]: `b-${i % 3}`,
  [`gamma_${k}`]: i * 2,
  [`delta_${k}`]: k,
});

test('many new shapes on two regions at once: one store a shape, one shape a store, nothing lost', async () => {
  const tenant = uniqueTenant();
  const regions = [new Registry(), new Registry()].map((r) => ({
    registry: r,
    ingest: new IngestService(database.db, r),
  }));
  for (const r of regions) await r.registry.load(database.db);
  const shapes = 12;
  const perRegion = 6;
  const writes: Promise<unknown>[] = [];
  // The regions meet the shapes in opposite orders, so each names a different shape `records` first.
  for (let j = 0; j < shapes; j++) {
    for (let i = 0; i < perRegion; i++) {
      for (const [n, r] of regions.entries()) {
        const k = n === 0 ? j : shapes - 1 - j;
        writes.push(
          r.ingest.ingestRecords(tenant, [shapeRecord(k, i * 2 + n), shapeRecord(k, 100 + i * 2 + n)]),
        );
      }
    }
  }
  const results = await Promise.allSettled(writes);
  expect(
    results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
  ).toEqual([]);
  const rows = await database.client!<{ mcp_id: string; shapes: string[]; n: number }[]>`
    select mcp_id, array_agg(distinct (select string_agg(k, ',' order by k) from jsonb_object_keys(data) k)) as shapes,
      count(*)::int as n
    from records where tenant_id = ${tenant} group by mcp_id`;
  expect(rows.length).toBe(shapes);
  for (const r of rows) {
    expect(r.shapes.length, r.mcp_id).toBe(1);
    expect(r.n, r.mcp_id).toBe(perRegion * 2 * 2);
  }
  const counts = await database.client!<{ id: string; n: number }[]>`
    select id, record_count::int as n from mcps where tenant_id = ${tenant}`;
  expect(counts.length).toBe(shapes);
  for (const c of counts) expect(c.n, c.id).toBe(perRegion * 2 * 2);
});

/** A deterministic stream of numbers in [0, 1). */
function numbers(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

test.each([1, 2])(
  'three regions, the sample data with fields dropped at random, batches of any size: no write refused, none lost, counts exact (seed %i)',
  async (seed) => {
    const next = numbers(seed);
    const tenant = uniqueTenant();
    const regions = await Promise.all([0, 1, 2].map(() => region()));
    // Fields dropped at random make dozens of new shapes that the regions meet at once.
    const records = (generate(Date.now(), seed).records as { data: Record<string, unknown> }[]).map(
      ({ data }, i) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(data)) if (next() > 0.15) out[k] = v;
        if (next() < 0.05) out[`extra_${Math.floor(next() * 3)}`] = i;
        return Object.keys(out).length ? out : { x: i };
      },
    );
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < records.length; ) {
      const n = 1 + Math.floor(next() * (next() < 0.5 ? 3 : 200));
      const batch = records.slice(i, i + n);
      i += n;
      const ingest = regions[Math.floor(next() * regions.length)]!.ingest;
      writes.push(ingest.ingestRecords(tenant, batch.length === 1 ? batch[0] : batch));
      if (next() < 0.1) await new Promise((r) => setTimeout(r, Math.floor(next() * 20)));
    }
    const refused = (await Promise.allSettled(writes)).flatMap((r) =>
      r.status === 'rejected' ? [String(r.reason)] : [],
    );
    expect(refused).toEqual([]);
    const [stored] = await database.client!<{ n: number }[]>`
      select count(*)::int as n from records where tenant_id = ${tenant}`;
    expect(stored!.n).toBe(records.length);
    const counts = await database.client!<{ id: string; counted: number; held: number }[]>`
      select m.id, m.record_count::int as counted,
        (select count(*)::int from records r where r.tenant_id = m.tenant_id and r.mcp_id = m.id) as held
      from mcps m where m.tenant_id = ${tenant}`;
    for (const c of counts) expect(c.counted, c.id).toBe(c.held);
  },
);
