/**
 * Retiming: a record's `ts` is the value of its store's time field, or the time it was ingested when
 * the store has none. A store that learns a time field it had none of (records of a shape whose time
 * an earlier version did not read as one, such as `head_commit.timestamp`; or a time field first
 * seen in later records) is marked by the commit that taught it (`mcps.retime_before`), and its
 * records stamped before then that hold the field have their time read from it again, as ingest
 * reads it (`recordTimeMs`): "pushes yesterday" then finds the pushes made yesterday, not those
 * stored yesterday.
 *
 * The records are read in the order of their stamps, a batch at a time, each batch one transaction
 * under the store's move lock (a tier migration's batches and a retime's never interleave on one
 * store), going on only while the store is as the retime found it (active, same tier). A batch that
 * changed a record bumps the store's version, so answers cached from the stamps are not served
 * again. The mark is cleared once every record was read; a run stopped or failed halfway leaves it,
 * and the next pass (of this region or another) starts over, which changes nothing already right.
 *
 * A store left without a time field by an earlier version whose records hold one by today's rules
 * need not wait for its next records to learn it: the tierer's pass adopts it (`adoptTimeField`, from
 * the learned fields, or once a region's life from its latest records learned again) and marks the
 * store the same way.
 */
import { type Database, epochMsTime, retimeMark, rowsOf } from '@smartdb/db';
import {
  chooseTimeField,
  type FieldStats,
  holdsField,
  learnRecord,
  type Registry,
  recordTimeMs,
  type StoreEntry,
  type Tier,
} from '@smartdb/registry';
import { type SQL, sql } from 'drizzle-orm';
import { lockStore } from './migrate.ts';

export interface RetimeOptions {
  /** Records read per batch (one transaction). */
  batchSize: number;
  /** Checked between batches; a stopped retime starts over at the next pass. */
  stopped?: () => boolean;
}

export interface RetimeResult {
  /** Records read, and of them those whose time changed. */
  read: number;
  retimed: number;
  /** False when it stopped early, or the store changed tier or status meanwhile (retried later). */
  finished: boolean;
}

/** What a retime started from; each batch goes on only while the store is still so. */
interface Start {
  timeField: string;
  /** `retime_before` as PostgreSQL's text, which reads back as the same instant. */
  before: string;
  tier: Tier;
}

interface Cursor {
  ts: string;
  id: string;
}

/** Records read to learn a store's fields again under today's rules (`sampledTimeField`). */
const SAMPLE_RECORDS = 200;

/**
 * Gives a store without a time field the one its learned fields hold, and marks it for a retime;
 * false, changing nothing, when they hold none or its row has one by now (a commit taught it). With
 * `sample`, a store whose learned fields hold none has its latest records learned again: fields
 * learned by an earlier version keep the types it saw (a Python log's `asctime`, learned a string
 * before that form was read as a date), and a store that gets no new record would keep its stamps.
 */
export async function adoptTimeField(
  db: Database,
  registry: Registry,
  store: StoreEntry,
  options: { sample?: boolean } = {},
): Promise<boolean> {
  if (store.timeField !== null || store.status !== 'active') return false;
  const field = chooseTimeField(store.fields) ?? (options.sample ? await sampledTimeField(db, store) : null);
  if (field === null) return false;
  const adopted = await rowsOf(
    db,
    sql`update mcps set time_field = ${field}, retime_before = ${retimeMark()},
        seq = nextval('registry_seq'), updated_at = clock_timestamp()
      where tenant_id = ${store.tenantId} and id = ${store.id} and time_field is null returning 1 as done`,
  );
  await registry.reloadTenant(db, store.tenantId, [store.id]);
  return adopted.length > 0;
}

/**
 * The time field the store's latest records hold, learned from them as ingest learns today, where
 * the store's fields have it: null when they hold none.
 */
async function sampledTimeField(db: Database, store: StoreEntry): Promise<string | null> {
  const from = (table: string) =>
    sql`(select data, ts from ${sql.raw(table)} where tenant_id = ${store.tenantId} and mcp_id = ${store.id}
      order by ts desc limit ${SAMPLE_RECORDS})`;
  const source =
    store.tier === 'COLD' ? sql`${from('records')} union all ${from('records_cold')}` : from('records');
  const rows = await rowsOf<{ data: unknown }>(
    db,
    sql`select data from (${source}) s limit ${SAMPLE_RECORDS}`,
  );
  const fields: Record<string, FieldStats> = {};
  for (const r of rows) {
    const record = recordOf(r.data);
    if (record) learnRecord(fields, record);
  }
  const field = chooseTimeField(fields);
  return field !== null && holdsField(store.fields, field) ? field : null;
}

/** Reads the time of a marked store's stamped records again from its time field (see above). */
export async function retimeStore(
  db: Database,
  registry: Registry,
  tenantId: string,
  id: string,
  options: RetimeOptions,
): Promise<RetimeResult> {
  const result: RetimeResult = { read: 0, retimed: 0, finished: false };
  const [row] = await rowsOf<{
    time_field: string | null;
    before: string | null;
    tier: Tier;
    status: string;
  }>(
    db,
    sql`select time_field, retime_before::text as before, tier, status from mcps where tenant_id = ${tenantId} and id = ${id}`,
  );
  if (!row?.before || !row.time_field || row.status !== 'active') return result;
  const start: Start = { timeField: row.time_field, before: row.before, tier: row.tier };
  // A COLD store's records are in both tables (new writes land in `records` until they are swept),
  // and a sweep only moves records into `records_cold`: read after `records`, it holds every record
  // the first table no longer does.
  const tables = start.tier === 'COLD' ? ['records', 'records_cold'] : ['records'];
  for (const table of tables) {
    let cursor: Cursor | null = null;
    for (;;) {
      if (options.stopped?.()) return result;
      const batch = await retimeBatch(db, tenantId, id, sql.raw(table), start, cursor, options.batchSize);
      if (!batch) return result;
      result.read += batch.read;
      result.retimed += batch.retimed;
      if (batch.read < options.batchSize || !batch.last) break;
      cursor = batch.last;
    }
  }
  const cleared = await db.transaction(async (tx) => {
    await lockStore(tx, tenantId, id);
    return rowsOf(
      tx,
      sql`update mcps set retime_before = null, seq = nextval('registry_seq'), updated_at = clock_timestamp()
        where ${stillAsFound(tenantId, id, start)} returning 1 as done`,
    );
  });
  result.finished = cleared.length > 0;
  await registry.reloadTenant(db, tenantId, [id]);
  return result;
}

/** The store's row as the retime found it: marked, active, in the same tier. */
function stillAsFound(tenantId: string, id: string, start: Start): SQL {
  return sql`tenant_id = ${tenantId} and id = ${id} and status = 'active' and tier = ${start.tier}
    and time_field = ${start.timeField} and retime_before = ${start.before}::timestamptz`;
}

/**
 * One batch: the next stamped records after `cursor` in (ts, id) order, each given the time its
 * field holds where that differs from its stamp. Null, changing nothing, when the store is no longer
 * as the retime found it. A record given a later time may be read again further on, unchanged.
 */
function retimeBatch(
  db: Database,
  tenantId: string,
  id: string,
  table: SQL,
  start: Start,
  cursor: Cursor | null,
  limit: number,
): Promise<{ read: number; retimed: number; last: Cursor | undefined } | null> {
  return db.transaction(async (tx) => {
    await lockStore(tx, tenantId, id);
    const [found] = await rowsOf<{ ok: boolean }>(
      tx,
      sql`select exists (select 1 from mcps where ${stillAsFound(tenantId, id, start)}) as ok`,
    );
    if (!found?.ok) return null;
    // `ts >=` besides the row comparison: the store/time index serves it as a bound.
    const after = cursor
      ? sql` and ts >= ${cursor.ts}::timestamptz and (ts, id) > (${cursor.ts}::timestamptz, ${cursor.id}::uuid)`
      : sql``;
    const rows = await rowsOf<{ id: string; ts: string; data: unknown }>(
      tx,
      sql`select id::text as id, ts::text as ts, data from ${table}
        where tenant_id = ${tenantId} and mcp_id = ${id} and ts < ${start.before}::timestamptz${after}
        order by ts, id limit ${limit}`,
    );
    const ids: string[] = [];
    const times: number[] = [];
    for (const r of rows) {
      const record = recordOf(r.data);
      const ms = record ? recordTimeMs(record, start.timeField) : null;
      if (ms === null) continue;
      ids.push(r.id);
      times.push(ms);
    }
    let retimed = 0;
    if (ids.length > 0) {
      const time = epochMsTime(sql`u.ms`);
      const [changed] = await rowsOf<{ n: number | string }>(
        tx,
        sql`with changed as (
          update ${table} r set ts = ${time}
          from unnest(${`{${ids.join(',')}}`}::text::uuid[], ${`{${times.join(',')}}`}::text::float8[]) as u(id, ms)
          where r.id = u.id and r.tenant_id = ${tenantId} and r.mcp_id = ${id} and r.ts is distinct from ${time}
          returning 1
        ) select count(*)::int as n from changed`,
      );
      retimed = Number(changed?.n ?? 0);
    }
    if (retimed > 0) {
      await tx.execute(
        sql`update mcps set version = version + 1, seq = nextval('registry_seq'), updated_at = clock_timestamp()
          where tenant_id = ${tenantId} and id = ${id}`,
      );
    }
    const tail = rows.at(-1);
    return { read: rows.length, retimed, last: tail ? { ts: tail.ts, id: tail.id } : undefined };
  });
}

/** A record's data as the driver returns it (parsed, or jsonb text), or null for a non-object. */
function recordOf(data: unknown): Record<string, unknown> | null {
  const value = typeof data === 'string' ? JSON.parse(data) : data;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
