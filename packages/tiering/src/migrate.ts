/**
 * Moving a store between tiers without losing or doubling a record. COLD stores live in
 * `records_cold`; HOT and WARM stores in `records`. A move is a series of batches, each one
 * statement (`delete … returning` feeding `insert`), so at every instant each record is in exactly
 * one table and a reading statement sees it once. The store is marked `migrating` (with its target)
 * before the first batch, which makes every query read both tables and lets any region resume the
 * move after a crash; the last batch and the flip of the tier commit together.
 *
 * New writes always go to `records`: records that reach a COLD store after its move are swept into
 * `records_cold` by the tierer's next pass (`sweepColdStore`); until then queries still see them,
 * because a COLD store's plan reads both tables.
 */
import { AppError } from '@smartdb/core';
import { type Database, type Executor, mcps, rowsOf } from '@smartdb/db';
import { type Registry, type StoreEntry, storeFromRow, type Tier } from '@smartdb/registry';
import { and, eq, sql } from 'drizzle-orm';

export interface MigrationOptions {
  /** Records per batch (one statement, one transaction). */
  batchSize: number;
  /** Pause between batches, to leave I/O for ingest and queries. */
  pauseMs: number;
  /** Wait after marking the store `migrating` before moving anything, so every region's registry
   * (refreshed every REGISTRY_REFRESH_MS) reads both tables before a record leaves one. */
  graceMs: number;
  /** Checked between batches; a stopped move is resumed later from where it stopped. */
  stopped?: () => boolean;
}

export interface TierRequest {
  store: StoreEntry;
  /** True when records must move and a migration is now under way (status `migrating`). */
  migrating: boolean;
}

const isCold = (tier: Tier) => tier === 'COLD';
/** Advisory lock class of record moves; the key is a hash of the store. */
const MOVE_LOCK = 0x5d_b1;

/**
 * Serialises the moves of one store across regions: every region resumes a store left migrating,
 * and two runners locking each other's rows batch after batch would only slow both. A retime
 * (retime.ts) takes it too, so no record moves between the tables under one of its batches.
 */
export async function lockStore(tx: Executor, tenantId: string, id: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${MOVE_LOCK}::int, hashtext(${`${tenantId}/${id}`}))`);
}

/** One batch in its own transaction, under the store's move lock. */
function lockedBatch(
  db: Database,
  tenantId: string,
  id: string,
  toCold: boolean,
  limit: number,
  options: { skipLocked: boolean; onlyIfColdActive?: boolean },
): Promise<number> {
  return db.transaction(async (tx) => {
    await lockStore(tx, tenantId, id);
    return moveBatch(tx, tenantId, id, toCold, limit, options);
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The columns a finished tier change sets; the version bump makes cached answers unreachable. */
const tierChange = (tier: Tier) => ({
  tier,
  tierChangedAt: sql`now()`,
  version: sql`${mcps.version} + 1`,
  seq: sql`nextval('registry_seq')`,
  updatedAt: sql`clock_timestamp()`,
});

/**
 * Records the wish to move a store to `tier`. Between HOT and WARM nothing moves: the tier flips at
 * once. To or from COLD the store becomes `migrating` and `runMigration` does the work.
 */
export async function requestTier(
  db: Database,
  registry: Registry,
  tenantId: string,
  id: string,
  tier: Tier,
): Promise<TierRequest> {
  const result = await db.transaction(async (tx) => {
    const where = and(eq(mcps.tenantId, tenantId), eq(mcps.id, id));
    const [row] = await tx.select().from(mcps).where(where).for('update');
    if (!row) throw new AppError(404, 'NOT_FOUND', `no store ${id}`);
    if (row.status === 'migrating') {
      if (row.targetTier === tier) return { row, migrating: true };
      throw new AppError(
        409,
        'CONFLICT',
        `store ${id} is migrating to ${row.targetTier}; change its tier after that finishes`,
      );
    }
    if (row.tier === tier) return { row, migrating: false };
    const moves = isCold(row.tier) !== isCold(tier);
    const [updated] = await tx
      .update(mcps)
      .set(
        moves
          ? {
              status: 'migrating',
              targetTier: tier,
              seq: sql`nextval('registry_seq')`,
              updatedAt: sql`clock_timestamp()`,
            }
          : tierChange(tier),
      )
      .where(where)
      .returning();
    return { row: updated!, migrating: moves };
  });
  const store = storeFromRow(result.row);
  registry.apply(store);
  return { store, migrating: result.migrating };
}

/** Moves up to `limit` records of one store between the tables; returns how many moved. */
export async function moveBatch(
  db: Executor,
  tenantId: string,
  id: string,
  toCold: boolean,
  limit: number,
  options: { skipLocked: boolean; onlyIfColdActive?: boolean },
): Promise<number> {
  const from = sql.raw(toCold ? 'records' : 'records_cold');
  const to = sql.raw(toCold ? 'records_cold' : 'records');
  const lock = sql.raw(options.skipLocked ? 'for update skip locked' : 'for update');
  // The straggler sweep moves only while the store is COLD and active, checked under a share lock
  // in the same statement, so it can never move records into a store that is migrating out.
  const guard = options.onlyIfColdActive
    ? sql`and exists (select 1 from mcps where tenant_id = ${tenantId} and id = ${id} and tier = 'COLD' and status = 'active' for share)`
    : sql``;
  // The picked ids are materialised once and deleted by primary key: as `id in (subquery)` the
  // planner may re-run the locking subquery per row (a nested loop), which is quadratic.
  const [row] = await rowsOf<{ n: number | string }>(
    db,
    sql`with picked as materialized (
      select id from ${from} where tenant_id = ${tenantId} and mcp_id = ${id} ${guard} limit ${limit} ${lock}
    ), moved as (
      delete from ${from} r where r.id = any (array(select id from picked))
      returning r.id, r.tenant_id, r.mcp_id, r.ts, r.data, r.ingested_at
    ), inserted as (
      insert into ${to} (id, tenant_id, mcp_id, ts, data, ingested_at)
      select id, tenant_id, mcp_id, ts, data, ingested_at from moved
      returning 1
    )
    select count(*)::int as n from inserted`,
  );
  return Number(row?.n ?? 0);
}

export interface MigrationResult {
  moved: number;
  /** False when it stopped early (region closing) or another region finished it first. */
  finished: boolean;
  store?: StoreEntry;
}

/** Runs (or resumes) the move of a store marked `migrating`. Safe to run in several regions at once. */
export async function runMigration(
  db: Database,
  registry: Registry,
  tenantId: string,
  id: string,
  options: MigrationOptions,
): Promise<MigrationResult> {
  const where = and(eq(mcps.tenantId, tenantId), eq(mcps.id, id));
  const [start] = await db.select().from(mcps).where(where);
  if (start?.status !== 'migrating' || !start.targetTier) return { moved: 0, finished: false };
  const target = start.targetTier;
  const toCold = isCold(target);
  let moved = 0;
  if (options.graceMs > 0) await sleep(options.graceMs);
  for (;;) {
    if (options.stopped?.()) return { moved, finished: false };
    const n = await lockedBatch(db, tenantId, id, toCold, options.batchSize, { skipLocked: true });
    moved += n;
    if (n < options.batchSize) break;
    if (options.pauseMs > 0) await sleep(options.pauseMs);
  }
  const row = await db.transaction(async (tx) => {
    await lockStore(tx, tenantId, id);
    // Whatever is left moves in this transaction. Out of COLD nothing may stay behind (a HOT or WARM
    // store reads `records` only), so those rows are waited for; into COLD, a record still locked or
    // written after this point is swept by the next pass.
    for (;;) {
      const n = await moveBatch(tx, tenantId, id, toCold, options.batchSize, { skipLocked: toCold });
      moved += n;
      if (n < options.batchSize) break;
    }
    const [current] = await tx.select().from(mcps).where(where).for('update');
    if (current?.status !== 'migrating' || current.targetTier !== target) return undefined;
    const [updated] = await tx
      .update(mcps)
      .set({ ...tierChange(target), status: 'active', targetTier: null })
      .where(where)
      .returning();
    return updated;
  });
  if (!row) return { moved, finished: false };
  const store = storeFromRow(row);
  registry.apply(store);
  return { moved, finished: true, store };
}

/** Moves records written to a COLD store since its move into `records_cold`; returns how many. */
export async function sweepColdStore(
  db: Database,
  tenantId: string,
  id: string,
  batchSize: number,
  stopped?: () => boolean,
): Promise<number> {
  let moved = 0;
  for (;;) {
    if (stopped?.()) return moved;
    const n = await lockedBatch(db, tenantId, id, true, batchSize, {
      skipLocked: true,
      onlyIfColdActive: true,
    });
    moved += n;
    if (n < batchSize) return moved;
  }
}

/** Stores left `migrating` (by a crash, or a region that stopped mid-move). */
export async function migratingStores(db: Executor): Promise<{ tenantId: string; id: string }[]> {
  return db.select({ tenantId: mcps.tenantId, id: mcps.id }).from(mcps).where(eq(mcps.status, 'migrating'));
}
