/**
 * Group commit: write batches that arrive while a transaction is in flight are written together in
 * the next one, so a thousand single-record POSTs cost a handful of transactions. A batch's promise
 * resolves only after its transaction committed (201 means durable and visible). When a grouped
 * transaction fails, each batch is retried alone so one batch's problem never fails another's.
 * When the connection is lost while a commit is in flight, the outcome is looked up before anything
 * is retried or refused: the commit may have happened, and then the writes are acknowledged.
 */
import { AppError } from '@smartdb/core';
import {
  type Database,
  type Executor,
  epochMsTime,
  isDatabaseUnavailable,
  lockStores,
  mcps,
  pgCode,
  preparedRowsOf,
  retimeMark,
  rowsOf,
  tenants,
} from '@smartdb/db';
import {
  fieldsFitKeys,
  mergeFields,
  ownFields,
  type Registry,
  type StoreEntry,
  storeOf,
} from '@smartdb/registry';
import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { StoreDelta, WriteBatch } from './batch.ts';
import {
  answerKey,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  findIdempotentWrites,
  type IdempotentWrite,
  idempotentWritesSql,
  isKeyTaken,
  KeyTaken,
  type RecordedAnswer,
} from './idempotency.ts';
import { MEMBER_SEPARATOR } from './members.ts';

interface Job {
  batch: WriteBatch;
  idempotency?: IdempotentWrite | undefined;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most records written by one transaction. */
  maxRecords?: number;
  /** Transactions in flight at once. */
  concurrency?: number;
  /**
   * Records that must be waiting before a transaction starts beside one in flight. Fewer wait and
   * commit together once it finishes: a small commit costs about as much as a large one (a round
   * trip, a WAL flush), so single-record writes are cheapest in as few commits as possible, while
   * large batches gain from a second transaction that keeps both cores busy.
   */
  parallelMinRecords?: number;
  /**
   * Most records waiting for a transaction (not counting those in flight). Beyond it a write is
   * refused with 503 before it is parsed into a batch: a database that has slowed down must not let
   * waiting batches grow without bound in the region's memory.
   */
  maxQueuedRecords?: number;
  /** Called after every commit with the number of records written. */
  onCommit?: (records: number, batches: number) => void;
  /** How long the answer to a write with an Idempotency-Key is kept (idempotency.ts). */
  idempotencyTtlMs?: number;
}

export class GroupCommitter {
  private readonly queue: Job[] = [];
  private inFlight = 0;
  private readonly maxRecords: number;
  private readonly concurrency: number;
  private readonly parallelMinRecords: number;
  private readonly maxQueuedRecords: number;
  readonly idempotencyTtlMs: number;
  /** Records in `queue`. */
  private queuedRecords = 0;
  private readonly learning = new PendingLearning();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Database,
    private readonly registry: Registry,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.maxRecords = options.maxRecords ?? 20_000;
    this.concurrency = options.concurrency ?? 2;
    this.parallelMinRecords = options.parallelMinRecords ?? 1_000;
    this.maxQueuedRecords = options.maxQueuedRecords ?? 100_000;
    this.idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  }

  /**
   * Throws 503 when `records` more would overfill the queue. A write is always admitted into an
   * empty queue, so one batch larger than the limit still commits.
   */
  admit(records: number): void {
    if (this.queue.length > 0 && this.queuedRecords + records > this.maxQueuedRecords) {
      throw new AppError(
        503,
        'UNAVAILABLE',
        `${this.queuedRecords} records are waiting for the database to commit them; retry shortly`,
      );
    }
  }

  /** Resolves after the batch is committed. */
  submit(batch: WriteBatch, idempotency?: IdempotentWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, idempotency, resolve, reject });
      this.queuedRecords += batch.ids.length;
      this.pump();
    });
  }

  /** Batches waiting for a transaction. */
  get pending(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      if (this.inFlight > 0 && this.queuedRecords < this.parallelMinRecords) return;
      const group = this.takeGroup();
      for (const job of group) this.queuedRecords -= job.batch.ids.length;
      this.inFlight += 1;
      this.flush(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private takeGroup(): Job[] {
    const first = this.queue.shift()!;
    // Writes with an Idempotency-Key group with the others: a key taken by a concurrent write fails
    // the group, whose writes are then committed one by one (flush), so it fails only its own.
    const group = [first];
    let records = first.batch.ids.length;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (records + next.batch.ids.length > this.maxRecords) break;
      group.push(this.queue.shift()!);
      records += next.batch.ids.length;
    }
    return group;
  }

  private async flush(group: Job[]): Promise<void> {
    try {
      await this.write(group);
      for (const job of group) job.resolve();
    } catch (error) {
      if (await this.committedDespite(error, group)) {
        for (const job of group) job.resolve();
        return;
      }
      if (group.length === 1) {
        group[0]!.reject(toAppError(error));
        return;
      }
      if (error instanceof KeyTaken && (await this.commitAroundTakenKeys(group))) return;
      for (const job of group) {
        try {
          await this.write([job]);
          job.resolve();
        } catch (e) {
          if (await this.committedDespite(e, [job])) job.resolve();
          else job.reject(toAppError(e));
        }
      }
    }
  }

  /**
   * A group failed on an Idempotency-Key another write holds (a retry of a committed write, or two
   * writes of one key at once): the writes whose keys are taken, in the database or earlier in the
   * group, are set apart, the others committed together again, and then those refused as conflicts,
   * which their requests answer with the first write's answer (IngestService). A retried write thus
   * costs its group one failed statement and one lookup, not a commit per write. False, with nothing
   * done, when no key is found taken (the lookup failed, or the key expired meanwhile): the group is
   * then committed one by one, as any failed group is.
   */
  private async commitAroundTakenKeys(group: Job[]): Promise<boolean> {
    const keyed = group.filter((j) => j.idempotency);
    let found: Map<string, RecordedAnswer>;
    try {
      found = await findIdempotentWrites(
        this.db,
        keyed.map((j) => ({ tenantId: j.batch.tenantId, key: j.idempotency!.key })),
        this.idempotencyTtlMs,
      );
    } catch {
      return false;
    }
    const seen = new Set<string>();
    // Each set-apart write with the answer found under its key, if one was (a write of a key used
    // earlier in the group looks its answer up once that one has committed).
    const taken = new Map<Job, RecordedAnswer | undefined>();
    for (const job of keyed) {
      const key = answerKey(job.batch.tenantId, job.idempotency!.key);
      if (found.has(key) || seen.has(key)) taken.set(job, found.get(key));
      seen.add(key);
    }
    if (taken.size === 0) return false;
    const rest = group.filter((j) => !taken.has(j));
    if (rest.length > 0) await this.flush(rest);
    for (const [job, answer] of taken) job.reject(new KeyTaken(answer));
    return true;
  }

  /**
   * Whether a write whose connection failed committed all the same. A connection lost after the
   * server received the commit (or the one statement that is the commit) leaves the outcome unknown
   * to the driver; refused as 503, the client would retry and store the records twice (and a
   * grouped retry would collide with its own ids). The group is one statement or one transaction,
   * so its first record's id says for all of it. When it committed, the registry is reloaded from
   * the database (the commit's counters never came back) before the writes are acknowledged. An
   * answer that does not come within OUTCOME_CHECK_MS counts as not committed: 503, as before.
   */
  private async committedDespite(error: unknown, group: Job[]): Promise<boolean> {
    if (!isDatabaseUnavailable(error)) return false;
    const first = group.find((j) => j.batch.ids.length > 0)?.batch;
    if (!first) return false;
    const lookup = rowsOf<{ found: boolean }>(
      this.db,
      sql`select exists (select 1 from records where tenant_id = ${first.tenantId} and id = ${first.ids[0]!}::uuid) as found`,
    );
    // Observed below or given up on: a late failure must not become an unhandled rejection.
    lookup.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const found = await Promise.race([
        lookup,
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), OUTCOME_CHECK_MS);
        }),
      ]);
      if (!found?.[0]?.found) return false;
      const batches = group.map((j) => j.batch);
      for (const tenantId of new Set(batches.map((b) => b.tenantId))) {
        await this.registry.reloadTenant(this.db, tenantId);
      }
      this.committed(batches, onlyCountsIn(group));
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async write(group: Job[]): Promise<void> {
    const batches = group.map((j) => j.batch);
    const keys = group.flatMap((j) =>
      j.idempotency ? [{ tenantId: j.batch.tenantId, ...j.idempotency }] : [],
    );
    // Two writes of one key in the group are refused here, before either path (KeyTaken).
    const recordKeys = idempotentWritesSql(keys, this.idempotencyTtlMs);
    const fastPath = onlyCountsIn(group);
    try {
      if (fastPath) {
        // The common case: known stores, nothing new learned. One statement, one round trip (its
        // Idempotency-Keys recorded by it too); the per-field counts join the learning that is
        // written in the background.
        const counts = storeCounts(batches);
        const counters = await withDeadlockRetry(() =>
          writeRecordsAndCounters(this.db, batches, counts, recordKeys),
        );
        for (const c of counters) this.registry.applyCounters(c);
      } else {
        const deltas = mergeDeltas(batches);
        const stores = await withDeadlockRetry(() =>
          this.db.transaction(async (tx) => {
            if (recordKeys) await tx.execute(sql`with ${recordKeys} select ok from keys_ok`);
            return writeBatches(tx, batches, deltas);
          }),
        );
        for (const store of stores) this.registry.apply(store);
      }
    } catch (e) {
      throw isKeyTaken(e) ? new KeyTaken() : e;
    }
    this.committed(batches, fastPath);
  }

  /** What follows a commit: a fast-path commit's per-field counts join the background learning. */
  private committed(batches: WriteBatch[], fastPath: boolean): void {
    if (fastPath) for (const batch of batches) for (const d of batch.deltas.values()) this.learning.add(d);
    this.options.onCommit?.(
      batches.reduce((n, b) => n + b.ids.length, 0),
      batches.length,
    );
  }

  /** Writes the per-field counts learned by fast-path commits; runs every few seconds and at close. */
  async flushLearning(): Promise<void> {
    const deltas = this.learning.take();
    if (deltas.length === 0) return;
    try {
      const stores = await withDeadlockRetry(() =>
        this.db.transaction((tx) => mergeLearning(tx, deltas, { bumpVersion: false })),
      );
      for (const store of stores) this.registry.apply(store);
    } catch (e) {
      // Counts only: keep them for the next flush rather than lose them.
      for (const d of deltas) this.learning.add(d);
      throw e;
    }
  }

  /** Starts the background learning flush. */
  start(intervalMs = 2_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flushLearning().catch(() => {});
    }, intervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Waits for queued writes, then writes pending learning. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    await this.flushLearning();
  }
}

/** Per-field counts waiting to be written, merged per store. */
class PendingLearning {
  private readonly byStore = new Map<string, StoreDelta>();

  add(delta: StoreDelta): void {
    const key = storeKey(delta);
    const into = this.byStore.get(key);
    if (into) mergeFields(into.fields, delta.fields);
    else this.byStore.set(key, { ...delta, count: 0, fields: ownFields(delta.fields) });
  }

  take(): StoreDelta[] {
    const out = inLockOrder([...this.byStore.values()]);
    this.byStore.clear();
    return out;
  }
}

/** A batch for known stores that teaches them nothing new: its commit only counts. */
function onlyCounts(batch: WriteBatch): boolean {
  for (const d of batch.deltas.values()) if (d.isNew || d.teachesShape) return false;
  return true;
}

/**
 * Whether a group commits on the fast path: one statement that only counts (in a transaction with
 * the group's Idempotency-Keys, when it has some).
 */
function onlyCountsIn(group: Job[]): boolean {
  return group.every((j) => onlyCounts(j.batch));
}

interface StoreCount {
  tenantId: string;
  storeId: string;
  count: number;
}

/** One store of one tenant, as a map key. */
function storeKey(s: { tenantId: string; storeId: string }): string {
  return `${s.tenantId}\u0001${s.storeId}`;
}

/** A fixed lock order across transactions keeps concurrent commits from deadlocking. */
function inLockOrder<T extends { tenantId: string; storeId: string }>(items: T[]): T[] {
  return items.sort((a, b) =>
    a.tenantId === b.tenantId ? a.storeId.localeCompare(b.storeId) : a.tenantId.localeCompare(b.tenantId),
  );
}

/** Records per store across batches, in lock order. */
function storeCounts(batches: WriteBatch[]): StoreCount[] {
  const counts = new Map<string, StoreCount>();
  for (const batch of batches) {
    for (const d of batch.deltas.values()) {
      const key = storeKey(d);
      const c = counts.get(key);
      if (c) c.count += d.count;
      else counts.set(key, { tenantId: d.tenantId, storeId: d.storeId, count: d.count });
    }
  }
  return inLockOrder([...counts.values()]);
}

/**
 * The group's deltas, one per store. A store's delta is copied only when a second batch's is merged
 * into it: most groups of large batches hold one batch per store, and a batch's delta is not changed
 * by the commit (a copy of a 5,000-record batch's learned dictionaries was ~3 % of the region's CPU
 * in an ingest of arrays).
 */
export function mergeDeltas(batches: WriteBatch[]): StoreDelta[] {
  const merged = new Map<string, StoreDelta>();
  const copied = new Set<StoreDelta>();
  for (const batch of batches) {
    for (const delta of batch.deltas.values()) {
      const key = storeKey(delta);
      let into = merged.get(key);
      if (!into) {
        merged.set(key, delta);
        continue;
      }
      if (!copied.has(into)) {
        into = { ...into, fields: ownFields(into.fields) };
        copied.add(into);
        merged.set(key, into);
      }
      into.count += delta.count;
      into.isNew ||= delta.isNew;
      into.timeField ??= delta.timeField;
      mergeFields(into.fields, delta.fields);
    }
  }
  return inLockOrder([...merged.values()]);
}

/**
 * The batches' records selected as `records` columns from one array per column (`unnest`): ids,
 * times and each record's store as PostgreSQL array literals, and the records' data as their
 * requests sent it, split apart in the database (see members.ts; no record is serialised again
 * here). Array literals are read in about half the time of the same rows as a JSON array of objects
 * (`jsonb_to_recordset`): 5–6 against ~12 ms per 5,000 rows, one statement's time, best of fifteen.
 * A record names its (tenant, store) by a small number into the group's list of them, joined back
 * in the database: a group of thousands of records falls into a handful of stores, and their names
 * repeated per record were text for the region to write and for the database to read.
 * Were the columns ever of different lengths, unnest would pad the shorter with nulls, and the NOT
 * NULL id, tenant and data columns would refuse the whole statement (the join is an outer one, so
 * a number without its store fails too rather than drop its record). Times travel as epoch
 * milliseconds: no ISO string is built per record and PostgreSQL converts a number, not a text
 * (`epochMsTime`).
 */
function recordsFrom(batches: WriteBatch[]): SQL {
  const written = batches.filter((b) => b.ids.length > 0);
  const tenants = new ArrayLiteral();
  const stores = new ArrayLiteral();
  const keys: number[] = [];
  for (const b of written) {
    // 1-based, as `with ordinality` numbers the list; a batch is one tenant's.
    const numbers = new Map<string, number>();
    for (const id of b.storeIds) {
      let k = numbers.get(id);
      if (k === undefined) {
        tenants.add(b.tenantId);
        stores.add(id);
        k = stores.length;
        numbers.set(id, k);
      }
      keys.push(k);
    }
  }
  const ids = `{${written.map((b) => b.ids.join(',')).join(',')}}`;
  const times = `{${written.map((b) => b.times.join(',')).join(',')}}`;
  const data = written.map((b) => b.members).join(MEMBER_SEPARATOR);
  return sql`select x.id, s.tenant_id, s.mcp_id, ${epochMsTime(sql`x.ts`)}, x.data::jsonb
    from unnest(
      ${ids}::text::uuid[],
      ${`{${keys.join(',')}}`}::text::int[],
      ${times}::text::float8[],
      string_to_array(${data}::text, ${MEMBER_SEPARATOR}::text)
    ) as x(id, k, ts, data)
    left join unnest(${tenants.text()}::text::text[], ${stores.text()}::text::text[])
      with ordinality as s(tenant_id, mcp_id, k) on s.k = x.k`;
}

/**
 * A PostgreSQL array literal of text values. Each element is double-quoted with `"` and `\`
 * escaped, whatever it holds (a tenant or store name may hold commas, braces or spaces); a value is
 * quoted once however often it repeats.
 */
class ArrayLiteral {
  private readonly parts: string[] = [];
  private readonly quoted = new Map<string, string>();

  private quote(value: string): string {
    let q = this.quoted.get(value);
    if (q === undefined) {
      q = `"${value.replace(/["\\]/g, '\\$&')}"`;
      this.quoted.set(value, q);
    }
    return q;
  }

  add(value: string): void {
    this.parts.push(this.quote(value));
  }

  get length(): number {
    return this.parts.length;
  }

  text(): string {
    return `{${this.parts.join(',')}}`;
  }
}

interface CounterRow {
  tenant_id: string;
  id: string;
  record_count: string | number;
  version: string | number;
  seq: string | number;
  last_write_at: string | Date;
  /** The row's sequence number when this commit locked it (another writer's change, if newer). */
  seq_before: string | number;
}

function countersOf(rows: readonly CounterRow[], stores: StoreCount[]) {
  if (rows.length !== stores.length) {
    throw new AppError(503, 'UNAVAILABLE', 'a store changed during ingest; retry the request');
  }
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    id: r.id,
    recordCount: Number(r.record_count),
    version: Number(r.version),
    seq: Number(r.seq),
    seqBefore: Number(r.seq_before),
    lastWriteAt: new Date(r.last_write_at).toISOString(),
  }));
}

/**
 * Inserts the records and bumps each store's counters in one statement (atomic on its own, one
 * round trip). The records are written before any store's row is locked: `locked` sorts rows that
 * are joined with the count of `inserted`, so no row is locked until the insert has finished, and a
 * store's row stays locked only from then to the commit. Concurrent commits to the same stores
 * thus wait for each other that long; with the counters updated first (as before), a row stayed
 * locked through the whole insert and two 5,000-record commits ran one after the other.
 */
async function writeRecordsAndCounters(
  db: Executor,
  batches: WriteBatch[],
  stores: StoreCount[],
  recordKeys: SQL | null = null,
) {
  const counts = JSON.stringify(stores.map((s) => ({ tenant_id: s.tenantId, id: s.storeId, n: s.count })));
  const rows = await preparedRowsOf<CounterRow>(
    db,
    sql`
    with ${recordKeys ? sql`${recordKeys},` : sql``} counts as (
      select * from jsonb_to_recordset(${counts}::jsonb) as d(tenant_id text, id text, n bigint)
    ), inserted as (
      insert into records (id, tenant_id, mcp_id, ts, data)
      ${recordsFrom(batches)}
      returning 1
    ), written as (
      select count(*) from inserted
    ), locked as materialized (
      ${lockStores(sql`counts k`, sql`cross join written`)}
    )
    update mcps m set
      record_count = m.record_count + d.n,
      version = m.version + 1,
      seq = nextval('registry_seq'),
      last_write_at = now(),
      updated_at = clock_timestamp()
    from counts d, locked l
    where m.tenant_id = d.tenant_id and m.id = d.id and l.tenant_id = m.tenant_id and l.id = m.id
      ${recordKeys ? sql`and (select ok from keys_ok)` : sql``}
    returning m.tenant_id, m.id, m.record_count, m.version, m.seq, m.last_write_at, l.seq as seq_before`,
  );
  return countersOf(rows, stores);
}

/** Writes the records and folds each store's delta into its registry row; returns the stores as written. */
export async function writeBatches(
  tx: Executor,
  batches: WriteBatch[],
  deltas: StoreDelta[] = mergeDeltas(batches),
): Promise<StoreEntry[]> {
  const created = deltas.filter((d) => d.isNew);
  const lastBuild = batches.some((b) => b.lastBuild);
  // Stores this commit meant to create that another writer created first (see StoreTaken).
  const found = new Set<StoreDelta>();
  if (created.length > 0) {
    if (!lastBuild) await refuseShapesStoredElsewhere(tx, created);
    const tenantIds = [...new Set(created.map((d) => d.tenantId))];
    await tx
      .insert(tenants)
      .values(tenantIds.map((id) => ({ id })))
      .onConflictDoNothing();
    const inserted = await tx
      .insert(mcps)
      .values(
        created.map((d) => ({
          tenantId: d.tenantId,
          id: d.storeId,
          domain: d.domain,
          timeField: d.timeField,
        })),
      )
      .onConflictDoNothing()
      .returning({ tenantId: mcps.tenantId, storeId: mcps.id });
    const mine = new Set(inserted.map(storeKey));
    for (const d of created) if (!mine.has(storeKey(d))) found.add(d);
  }
  await tx.execute(sql`
    insert into records (id, tenant_id, mcp_id, ts, data)
    ${recordsFrom(batches)}`);
  return mergeLearning(tx, deltas, { bumpVersion: true, found });
}

/** Advisory lock class of store creation; the key is a hash of the tenant and the domain. */
const CREATION_LOCK = 0x5d_b2;
/**
 * How recently a rival must have been created. An older store was in the registry the batch was
 * classified against (refreshed every 500 ms), so classification has weighed it already; reading only
 * recent rows keeps a tenant's many stores' learned fields (16 KB of JSON for the sample's users)
 * out of every creation.
 */
const RIVALS_SINCE = '5 minutes';

/**
 * Refuses (StoreTaken) a new store for records another store of the same domain already fits: one
 * another region created for the same new shape, under another id it chose from what it knew (each
 * region names a new store `domain[-n]` from the stores it knows). Store creation is serialised per
 * tenant and domain by a transaction-scoped advisory lock, taken in one order, so of two regions
 * creating a store for one new shape at once, the second sees the first's store once it committed.
 * Without it the shape was split over two stores (12 shapes met by two regions in opposite orders
 * made 13 stores in 2 of 4 runs; tests/integration/store-creation.test.ts).
 */
async function refuseShapesStoredElsewhere(tx: Executor, created: StoreDelta[]): Promise<void> {
  const domains = [...new Set(created.map((d) => `${d.tenantId}\u0001${d.domain}`))].sort();
  for (const key of domains) {
    await tx.execute(sql`select pg_advisory_xact_lock(${CREATION_LOCK}::int, hashtext(${key}))`);
  }
  const pairs = JSON.stringify(created.map((d) => ({ tenant_id: d.tenantId, domain: d.domain })));
  const stores = await rowsOf<{ tenant_id: string; id: string; domain: string; fields: unknown }>(
    tx,
    sql`select m.tenant_id, m.id, m.domain, m.fields from mcps m
      join (select distinct * from jsonb_to_recordset(${pairs}::jsonb) as p(tenant_id text, domain text)) p
        on m.tenant_id = p.tenant_id and m.domain = p.domain
      where m.created_at > now() - ${RIVALS_SINCE}::interval`,
  );
  for (const d of created) {
    // Classification joins the store that fits a record best, stores in the registry first on a tie;
    // the new store was started because none fitted as well as it does.
    const own = fieldsFitKeys(d.fields, d.createdBy);
    const rival = stores.find((s) => {
      if (s.tenant_id !== d.tenantId || s.domain !== d.domain || s.id === d.storeId) return false;
      const fit = fieldsFitKeys(ownFields(s.fields), d.createdBy);
      return fit > 0 && fit >= own;
    });
    if (rival) throw new StoreTaken(d.tenantId, d.storeId);
  }
}

/**
 * A batch's new store cannot be committed as built. Ids are `domain[-n]`, chosen by each region from
 * the stores it knows, so another writer may meanwhile have taken the id for records of another shape
 * (or, by POST /v1/mcps with an id of its choosing, for another domain): joined, the two shapes would
 * share a store. Or another region created a store for the same new shape under the id it chose,
 * which fits the batch's first record as well (`refuseShapesStoredElsewhere`): created, the shape
 * would live in two stores. Nothing is written (the transaction rolls back); the batch is classified
 * again against the stores as the database has them (`IngestService`); its fourth build names new
 * stores as no other writer would and keeps them beside a fitting store (`WriteBatch.lastBuild`). Records of the same shape that meet their store under the
 * same id (two regions at once, or two commits of one region) join it without this.
 */
export class StoreTaken extends AppError {
  constructor(
    readonly tenantId: string,
    readonly storeId: string,
  ) {
    super(
      503,
      'UNAVAILABLE',
      `store ${storeId} was created by another writer for other records; retry the request`,
    );
  }
}

/** A row's columns but its learned fields, which the writer below already holds as it wrote them. */
const { fields: _fields, ...rowWithoutFields } = getTableColumns(mcps);

/**
 * Folds deltas into the stores' rows under a row lock; with `bumpVersion`, records were written too.
 * Returns the stores as written, their fields the objects merged here (not read back and parsed).
 */
async function mergeLearning(
  tx: Executor,
  deltas: StoreDelta[],
  opts: { bumpVersion: boolean; found?: ReadonlySet<StoreDelta> },
): Promise<StoreEntry[]> {
  const out: StoreEntry[] = [];
  const keys = JSON.stringify(deltas.map((d) => ({ tenant_id: d.tenantId, id: d.storeId })));
  await tx.execute(lockStores(sql`jsonb_to_recordset(${keys}::jsonb) as k(tenant_id text, id text)`));
  for (const [tenantId, group] of groupBy(deltas, (d) => d.tenantId)) {
    // Locked above, so read as they are now.
    const current = await tx
      .select({ id: mcps.id, domain: mcps.domain, fields: mcps.fields, timeField: mcps.timeField })
      .from(mcps)
      .where(
        and(
          eq(mcps.tenantId, tenantId),
          inArray(
            mcps.id,
            group.map((d) => d.storeId),
          ),
        ),
      )
      .orderBy(mcps.id);
    const byId = new Map(current.map((r) => [r.id, r]));
    for (const delta of group) {
      const row = byId.get(delta.storeId);
      if (!row)
        throw new AppError(503, 'UNAVAILABLE', `store ${delta.storeId} vanished during ingest; retry`);
      const fields = ownFields(row.fields);
      if (
        opts.found?.has(delta) &&
        (row.domain !== delta.domain || fieldsFitKeys(fields, delta.createdBy) === 0)
      ) {
        throw new StoreTaken(tenantId, delta.storeId);
      }
      mergeFields(fields, delta.fields);
      // A time field learned by a store that had none: the records stored before were stamped with
      // the time they were ingested, and those that hold it have their time read again (retimed by
      // the tierer).
      const retime = row.timeField === null && delta.timeField !== null ? { retimeBefore: retimeMark() } : {};
      const [updated] = await tx
        .update(mcps)
        .set({
          fields,
          timeField: row.timeField ?? delta.timeField,
          ...retime,
          seq: sql`nextval('registry_seq')`,
          updatedAt: sql`clock_timestamp()`,
          ...(opts.bumpVersion
            ? {
                recordCount: sql`${mcps.recordCount} + ${delta.count}`,
                version: sql`${mcps.version} + 1`,
                lastWriteAt: sql`now()`,
              }
            : {}),
        })
        .where(and(eq(mcps.tenantId, tenantId), eq(mcps.id, delta.storeId)))
        .returning(rowWithoutFields);
      out.push(storeOf(updated!, fields));
    }
  }
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const RETRYABLE = new Set(['40P01', '40001']);
/** How long a lost commit's outcome is looked up before the write is refused (503). */
const OUTCOME_CHECK_MS = 2_000;

async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (i >= attempts || !RETRYABLE.has(pgCode(e) ?? '')) throw e;
    }
  }
}

/** Database failures become 503 (retry elsewhere); our own errors pass through. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = pgCode(e);
  if (code === '23505')
    return new AppError(409, 'CONFLICT', 'a concurrent write conflicted; retry the request', { cause: e });
  // program_limit_exceeded: the records hold a value past a limit of the database, in practice one
  // too long for a btree index on its field (~2,700 bytes a value: an automatic equality index built
  // before those were hash indexes, or one made by hand). A retry, here or in another region, fails
  // the same way: the request's fault, not a 503.
  if (code === '54000') {
    return new AppError(
      422,
      'STRING_TOO_LONG',
      'a value is too long for the index of its field (about 2,000 bytes at most in an indexed field); shorten it',
      { cause: e },
    );
  }
  // The cause stays on the server (its log names its kind): database messages quote SQL and values.
  return new AppError(503, 'UNAVAILABLE', 'the database could not commit the write; retry the request', {
    cause: e,
  });
}
