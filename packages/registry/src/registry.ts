/**
 * The in-memory MCP registry of one region: every tenant's stores, kept in step with the `mcps`
 * table. Local commits apply at once (`apply`); other regions' writes arrive through `refresh`,
 * which re-reads rows changed recently (an overlap window, so a transaction that committed late
 * with a lower sequence number is still seen). Reads never touch the database.
 */
import { AppError } from '@smartdb/core';
import { type Database, type Executor, mcps, tenants } from '@smartdb/db';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { holdsField, ownFields } from './learn.ts';
import type { StoreEntry, Tier } from './types.ts';

type McpRow = typeof mcps.$inferSelect;

export function storeFromRow(row: McpRow): StoreEntry {
  return storeOf(row, ownFields(row.fields));
}

/**
 * The entry of a row read without its `fields`, with learned fields the caller built and hands over
 * (a writer that merged them itself need not read back what it wrote, nor copy it again).
 */
export function storeOf(row: Omit<McpRow, 'fields'>, fields: StoreEntry['fields']): StoreEntry {
  return {
    tenantId: row.tenantId,
    id: row.id,
    domain: row.domain,
    tier: row.tier,
    status: row.status,
    recordCount: Number(row.recordCount),
    accessCount: Number(row.accessCount),
    lastAccessedAt: row.lastAccessedAt ? new Date(row.lastAccessedAt).toISOString() : null,
    lastWriteAt: row.lastWriteAt ? new Date(row.lastWriteAt).toISOString() : null,
    timeField: row.timeField,
    fields,
    indexes: (row.indexes ?? []) as StoreEntry['indexes'],
    version: Number(row.version),
    seq: Number(row.seq),
  };
}

export interface DiscoverFilter {
  domain?: string | undefined;
  tier?: Tier | undefined;
  field?: string | undefined;
}

/**
 * How far back `refresh` looks, so a change that committed a little after its `updated_at` (writers
 * set it with clock_timestamp(), as late in their transaction as they can) is still seen.
 */
const REFRESH_OVERLAP_MS = 5_000;
/** One refresh in this many is a full comparison of sequence numbers. */
const FULL_REFRESH_EVERY = 20;

export class Registry {
  private readonly byTenant = new Map<string, Map<string, StoreEntry>>();
  /** Bumped per tenant whenever a store appears or disappears (not when one learns or counts). */
  private readonly memberships = new Map<string, number>();
  private lastRefresh = new Date(0);
  private refreshes = 0;

  list(tenantId: string): StoreEntry[] {
    const stores = this.byTenant.get(tenantId);
    return stores ? [...stores.values()] : [];
  }

  get(tenantId: string, id: string): StoreEntry | undefined {
    return this.byTenant.get(tenantId)?.get(id);
  }

  discover(tenantId: string, filter: DiscoverFilter): StoreEntry[] {
    return this.list(tenantId).filter(
      (s) =>
        (!filter.domain || s.domain === filter.domain) &&
        (!filter.tier || s.tier === filter.tier) &&
        (!filter.field || holdsField(s.fields, filter.field)),
    );
  }

  /** Applies a store as read from the database; an older copy never replaces a newer one. */
  apply(entry: StoreEntry): void {
    let stores = this.byTenant.get(entry.tenantId);
    if (!stores) {
      stores = new Map();
      this.byTenant.set(entry.tenantId, stores);
    }
    const current = stores.get(entry.id);
    if (!current) this.bumpMembership(entry.tenantId);
    if (!current || current.seq <= entry.seq) stores.set(entry.id, entry);
  }

  /** Changes whenever the tenant's set of stores changes; callers cache what depends on the set. */
  membership(tenantId: string): number {
    return this.memberships.get(tenantId) ?? 0;
  }

  private bumpMembership(tenantId: string): void {
    this.memberships.set(tenantId, this.membership(tenantId) + 1);
  }

  /**
   * Applies what one of this region's own writes to a store's row returned (a commit's counters, the
   * tierer's access counts), keeping the learned fields in memory. `seqBefore` is the row's number
   * when the write locked it (lockStores): when it is newer than the copy held, another region had
   * changed the row (set its tier, learned), and the copy keeps its older number so that the next
   * refresh reads the whole row; taking the write's number would make that change look seen, and a
   * store another region began migrating would read as HOT here past the migration's grace period.
   */
  applyWritten(
    tenantId: string,
    id: string,
    seqs: { seq: number; seqBefore: number },
    changes: Partial<
      Pick<StoreEntry, 'recordCount' | 'version' | 'lastWriteAt' | 'accessCount' | 'lastAccessedAt'>
    >,
  ): void {
    const current = this.get(tenantId, id);
    if (!current || current.seq > seqs.seq) return;
    this.apply({ ...current, ...changes, seq: current.seq < seqs.seqBefore ? current.seq : seqs.seq });
  }

  /** Applies the counters a fast-path commit returned (see `applyWritten`). */
  applyCounters(c: {
    tenantId: string;
    id: string;
    recordCount: number;
    version: number;
    seq: number;
    seqBefore: number;
    lastWriteAt: string;
  }): void {
    this.applyWritten(c.tenantId, c.id, c, {
      recordCount: c.recordCount,
      version: c.version,
      lastWriteAt: c.lastWriteAt,
    });
  }

  remove(tenantId: string, id: string): void {
    if (this.byTenant.get(tenantId)?.delete(id)) this.bumpMembership(tenantId);
  }

  /** Loads every store; called once at start. */
  async load(db: Database): Promise<void> {
    const started = new Date();
    const rows = await db.select().from(mcps);
    for (const row of rows) this.apply(storeFromRow(row));
    this.lastRefresh = started;
  }

  /**
   * Catches up with writes made elsewhere; returns how many stores changed. Most calls look at the
   * rows changed recently; every FULL_REFRESH_EVERY-th call compares every store's sequence number,
   * which catches a change whose transaction committed later than the overlap window allows for.
   * Either way only sequence numbers are read first, and whole rows only of the stores this region
   * has an older copy of: while a region ingests, its stores' rows change every commit, and it
   * already holds what its own commits wrote (and learning not yet flushed, which a re-read row
   * would take back for a while). Re-reading them every half second, learned fields and all, cost
   * about 5 % of the region's CPU per record in batched ingest.
   */
  async refresh(db: Database): Promise<number> {
    const started = new Date();
    this.refreshes += 1;
    const full = this.refreshes % FULL_REFRESH_EVERY === 0;
    const since = new Date(this.lastRefresh.getTime() - REFRESH_OVERLAP_MS);
    const current = await db
      .select({ tenantId: mcps.tenantId, id: mcps.id, seq: mcps.seq })
      .from(mcps)
      .where(full ? undefined : gt(mcps.updatedAt, since));
    const stale = current.filter((r) => (this.get(r.tenantId, r.id)?.seq ?? -1) < Number(r.seq));
    // The keys as one relation joined on the primary key: as an OR of thousands of pairs (a region
    // meeting many stores created since its start, as the full refresh does), PostgreSQL compared every
    // row with every pair, and one such refresh of a 10,473-row registry ran for minutes.
    const keys = JSON.stringify(stale.map((r) => ({ tenant_id: r.tenantId, id: r.id })));
    const rows = stale.length
      ? await db
          .select()
          .from(mcps)
          .where(
            sql`(${mcps.tenantId}, ${mcps.id}) in (select k.tenant_id, k.id from jsonb_to_recordset(${keys}::jsonb) as k(tenant_id text, id text))`,
          )
      : [];
    for (const row of rows) this.apply(storeFromRow(row));
    this.lastRefresh = started;
    return rows.length;
  }

  /** Re-reads one tenant's stores (after a local commit changed them). */
  async reloadTenant(db: Executor, tenantId: string, storeIds?: readonly string[]): Promise<void> {
    const rows = await db
      .select()
      .from(mcps)
      .where(
        storeIds
          ? and(eq(mcps.tenantId, tenantId), inArray(mcps.id, [...storeIds]))
          : eq(mcps.tenantId, tenantId),
      );
    for (const row of rows) this.apply(storeFromRow(row));
  }

  stats(): { tenants: number; stores: number; byTier: Record<Tier, number> } {
    const byTier: Record<Tier, number> = { HOT: 0, WARM: 0, COLD: 0 };
    let stores = 0;
    for (const tenant of this.byTenant.values()) {
      for (const s of tenant.values()) {
        stores += 1;
        byTier[s.tier] += 1;
      }
    }
    return { tenants: this.byTenant.size, stores, byTier };
  }
}

/** Reads one store row straight from the database (for `GET /v1/mcps/:id` after a miss). */
export async function readStore(db: Executor, tenantId: string, id: string): Promise<StoreEntry | undefined> {
  const [row] = await db
    .select()
    .from(mcps)
    .where(and(eq(mcps.tenantId, tenantId), eq(mcps.id, id)));
  return row ? storeFromRow(row) : undefined;
}

export interface CreateStoreInput {
  domain: string;
  id?: string | undefined;
  timeField?: string | undefined;
  tier?: Tier | undefined;
}

/** Creates a store explicitly (before any record arrives); 409 when the id is taken. */
export async function createStore(
  db: Database,
  registry: Registry,
  tenantId: string,
  input: CreateStoreInput,
): Promise<StoreEntry> {
  const id = input.id ?? input.domain;
  const row = await db.transaction(async (tx) => {
    await tx.insert(tenants).values({ id: tenantId }).onConflictDoNothing();
    const [created] = await tx
      .insert(mcps)
      .values({
        tenantId,
        id,
        domain: input.domain,
        timeField: input.timeField ?? null,
        tier: input.tier ?? 'HOT',
      })
      .onConflictDoNothing()
      .returning();
    return created;
  });
  if (!row) throw new AppError(409, 'CONFLICT', `store ${id} exists`);
  const entry = storeFromRow(row);
  registry.apply(entry);
  return entry;
}
