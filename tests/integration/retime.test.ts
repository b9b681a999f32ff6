/**
 * Retiming on the real PostgreSQL, through an in-process region: a store an earlier version left
 * without a time field (its records stamped with the time they were ingested, though they hold one:
 * a push's `head_commit.timestamp`, read as a time field only since the eighteenth session) learns
 * the field from its next records, and the tierer reads every earlier record's time from it again,
 * in `records` and in `records_cold`, so time windows find the pushes made then, not those stored
 * then. Records without the field keep their stamp; a retime stopped halfway is finished later.
 */
import { QueryLearning } from '@smartdb/query';
import { DEFAULT_TIERING, retimeStore, Tierer } from '@smartdb/tiering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownDatabase } from '../support/db.ts';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

const DAY = 86_400_000;
let region: InProcessRegion;
let own: Awaited<ReturnType<typeof ownDatabase>>;

// A database of its own: a tiering pass reads every store, and tests of other files running passes
// of their own would adopt and retime this file's stores (left without a time field on purpose).
beforeAll(async () => {
  own = await ownDatabase('retime');
  region = await startInProcessRegion({
    database: own.database,
    registryRefreshMs: 100,
    tieringIntervalMs: 3_600_000,
  });
});

afterAll(async () => {
  await region?.close();
  await own?.drop();
});

/** `smartdb_retimed_records_total` in the region's /metrics. */
async function retimedCount(): Promise<number> {
  const text = await (await region.request('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith('smartdb_retimed_records_total'));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

/** Waits for the retime a pass started, if it is still running. */
async function retimed(t: Tierer, tenant: string, store: string): Promise<void> {
  await t.retime(tenant, store);
}

/** A push made `days` and a bit ago (never near a day's boundary for "the last N days"). */
function push(i: number, days: number): Record<string, unknown> {
  return {
    ref: 'refs/heads/main',
    after: `sha${i}`,
    repository: { full_name: 'acme/api' },
    pusher: { name: ['ann', 'bob'][i % 2] },
    sender: { login: ['ann', 'bob'][i % 2] },
    head_commit: {
      id: `sha${i}`,
      message: `fix ${i}`,
      timestamp: new Date(Date.now() - days * DAY - 3_600_000).toISOString(),
    },
  };
}

async function ingest(key: TestKey, records: unknown[]): Promise<void> {
  const res = await region.request('/v1/ingest', { key: key.key, json: records });
  if (res.status !== 201) throw new Error(`ingest ${res.status}: ${await res.text()}`);
}

async function count(key: TestKey, q: string): Promise<number> {
  const res = await region.request(`/v1/query?q=${encodeURIComponent(q)}`, { key: key.key });
  if (res.status !== 200) throw new Error(`query ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { count: number }).count;
}

const sql = () => region.database.client!;

/** The store as an earlier version left it: no time field, every record stamped when ingested. */
async function asLeftByAnEarlierVersion(tenant: string, store: string): Promise<void> {
  await sql()`update records set ts = ingested_at where tenant_id = ${tenant} and mcp_id = ${store}`;
  await sql()`update records_cold set ts = ingested_at where tenant_id = ${tenant} and mcp_id = ${store}`;
  await sql()`update mcps set time_field = null, seq = nextval('registry_seq'), updated_at = clock_timestamp()
    where tenant_id = ${tenant} and id = ${store}`;
  await region.services.registry.reloadTenant(region.database.db, tenant);
}

/** Each record's `ts` against the time its data holds (null where it holds none), both tables. */
async function times(tenant: string) {
  return sql()<{ id: string; ts: number; at: string | null; cold: boolean }[]>`
    select id::text, (extract(epoch from ts) * 1000)::float8 as ts, data #>> '{head_commit,timestamp}' as at, false as cold
      from records where tenant_id = ${tenant}
    union all
    select id::text, (extract(epoch from ts) * 1000)::float8, data #>> '{head_commit,timestamp}', true
      from records_cold where tenant_id = ${tenant}`;
}

/** The id of the tenant's store (each test's pushes start one). */
async function onlyStore(tenant: string): Promise<string> {
  const rows = await sql()<{ id: string }[]>`select id from mcps where tenant_id = ${tenant}`;
  return rows[0]!.id;
}

async function storeRow(tenant: string, id: string) {
  const [row] = await sql()<{ time_field: string | null; retime_before: Date | null; version: string }[]>`
    select time_field, retime_before, version from mcps where tenant_id = ${tenant} and id = ${id}`;
  return row!;
}

function tierer(batchSize = 7) {
  return new Tierer(region.database.db, region.services.registry, new QueryLearning(), {
    ...DEFAULT_TIERING,
    autoTier: false,
    autoIndex: false,
    migration: { batchSize, pauseMs: 0, graceMs: 0 },
  });
}

describe('a store learning a time field it had none of', () => {
  it('has every earlier record that holds the field retimed by the next tiering pass', async () => {
    const key = await region.key('write');
    const days = [0, 1, 3, 5, 8];
    await ingest(
      key,
      Array.from({ length: 30 }, (_, i) => push(i, days[i % days.length]!)),
    );
    const store = await onlyStore(key.tenant);
    expect(await storeRow(key.tenant, store)).toMatchObject({
      time_field: 'head_commit.timestamp',
      retime_before: null,
    });
    await asLeftByAnEarlierVersion(key.tenant, store);
    // Stamped today, every push is "in the last 2 days".
    expect(await count(key, 'how many events in the last 2 days')).toBe(30);

    // The next push (and one without a head commit) teach the store its time field and mark it.
    const { head_commit: _, ...bare } = push(99, 0);
    await ingest(key, [push(30, 4), bare]);
    const marked = await storeRow(key.tenant, store);
    expect(marked.time_field).toBe('head_commit.timestamp');
    expect(marked.retime_before).not.toBeNull();

    const t = tierer();
    const report = await t.pass();
    expect(report.retiming).toEqual([store]);
    await retimed(t, key.tenant, store);

    const after = await times(key.tenant);
    expect(after).toHaveLength(32);
    for (const r of after) {
      if (r.at === null) continue;
      expect(r.ts).toBe(Date.parse(r.at));
    }
    const row = await storeRow(key.tenant, store);
    expect(row.retime_before).toBeNull();
    expect(Number(row.version)).toBeGreaterThan(Number(marked.version));
    // Pushes of today and yesterday (12 of the 30), and the one without a head commit (stamped now).
    await region.services.registry.reloadTenant(region.database.db, key.tenant);
    expect(await count(key, 'how many events in the last 2 days')).toBe(13);
    expect((await t.pass()).retiming).toEqual([]);
    await t.stop();
  });

  it('retimes a COLD store in both tables, and finishes a retime stopped halfway', async () => {
    const key = await region.key('admin');
    await ingest(
      key,
      Array.from({ length: 20 }, (_, i) => push(i, i % 4)),
    );
    const store = await onlyStore(key.tenant);
    const t = tierer();
    await t.setTier(key.tenant, store, 'COLD');
    await t.migration(key.tenant, store);
    await asLeftByAnEarlierVersion(key.tenant, store);
    await ingest(key, [push(20, 2)]);
    const placed = await times(key.tenant);
    expect(placed.filter((r) => r.cold)).toHaveLength(20);
    expect(placed.filter((r) => !r.cold)).toHaveLength(1);
    expect(placed.filter((r) => r.at !== null && r.ts !== Date.parse(r.at))).toHaveLength(20);

    // Stopped after its first batch: the mark stays, and a later run starts over and finishes.
    let batches = 0;
    const stopped = await retimeStore(region.database.db, region.services.registry, key.tenant, store, {
      batchSize: 7,
      stopped: () => batches++ >= 1,
    });
    expect(stopped.finished).toBe(false);
    expect((await storeRow(key.tenant, store)).retime_before).not.toBeNull();

    const done = await retimeStore(region.database.db, region.services.registry, key.tenant, store, {
      batchSize: 7,
    });
    expect(done.finished).toBe(true);
    expect(stopped.retimed + done.retimed).toBe(20);
    for (const r of await times(key.tenant)) expect(r.ts).toBe(Date.parse(r.at!));
    expect((await storeRow(key.tenant, store)).retime_before).toBeNull();
    await t.stop();
  });

  it('adopts the time field of a store an earlier version left without one, with no new records', async () => {
    const key = await region.key('write');
    await ingest(
      key,
      Array.from({ length: 10 }, (_, i) => push(i, i % 5)),
    );
    const store = await onlyStore(key.tenant);
    await asLeftByAnEarlierVersion(key.tenant, store);
    expect(region.services.registry.get(key.tenant, store)?.timeField).toBeNull();
    // The region's own tierer, whose retimes the region counts in /metrics.
    const t = region.services.tiering;
    const before = await retimedCount();
    expect((await t.pass()).retiming).toEqual([store]);
    await retimed(t, key.tenant, store);
    expect((await retimedCount()) - before).toBe(10);
    expect(await storeRow(key.tenant, store)).toMatchObject({
      time_field: 'head_commit.timestamp',
      retime_before: null,
    });
    expect(region.services.registry.get(key.tenant, store)?.timeField).toBe('head_commit.timestamp');
    for (const r of await times(key.tenant)) expect(r.ts).toBe(Date.parse(r.at!));
    // Today's and yesterday's pushes.
    expect(await count(key, 'how many events in the last 2 days')).toBe(4);
  });

  it('adopts a time field its learned types do not show, from its latest records learned again', async () => {
    const key = await region.key('write');
    // Python's logging: `asctime` was learned as a string before that form was read as a date.
    const line = (i: number) => ({
      asctime: new Date(Date.now() - (i % 4) * DAY - 3_600_000)
        .toISOString()
        .replace('T', ' ')
        .replace('.', ',')
        .slice(0, 23),
      levelname: ['INFO', 'ERROR'][i % 2],
      message: `line ${i}`,
    });
    await ingest(
      key,
      Array.from({ length: 12 }, (_, i) => line(i)),
    );
    const store = await onlyStore(key.tenant);
    expect(await storeRow(key.tenant, store)).toMatchObject({ time_field: 'asctime' });
    await sql()`update mcps set fields = jsonb_set(fields, '{asctime,types}', '{"string": 12}'::jsonb)
      where tenant_id = ${key.tenant} and id = ${store}`;
    await asLeftByAnEarlierVersion(key.tenant, store);
    expect(region.services.registry.get(key.tenant, store)?.fields.asctime?.types).toEqual({ string: 12 });

    const t = region.services.tiering;
    expect((await t.pass()).retiming).toEqual([store]);
    await retimed(t, key.tenant, store);
    expect(await storeRow(key.tenant, store)).toMatchObject({ time_field: 'asctime', retime_before: null });
    const rows = await sql()<{ ts: number; at: string }[]>`
      select (extract(epoch from ts) * 1000)::float8 as ts, data ->> 'asctime' as at from records where tenant_id = ${key.tenant}`;
    expect(rows).toHaveLength(12);
    for (const r of rows) expect(r.ts).toBe(Date.parse(`${r.at.replace(' ', 'T').replace(',', '.')}Z`));
    // Once a region's life: the next pass reads no records again.
    expect((await t.pass()).retiming).toEqual([]);
  });

  it('never marks a store that had its time field from its first records', async () => {
    const key = await region.key('write');
    await ingest(key, [push(1, 1), push(2, 2)]);
    await ingest(key, [push(3, 3)]);
    const rows = await sql()<
      { retime_before: Date | null }[]
    >`select retime_before from mcps where tenant_id = ${key.tenant}`;
    expect(rows.map((r) => r.retime_before)).toEqual([null]);
  });
});
