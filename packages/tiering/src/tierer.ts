/**
 * The region's tierer: one periodic pass that (1) adds this region's query counts to
 * `mcps.access_count` / `last_accessed_at`, (2) scores every store from decayed signals and moves
 * the ones whose tier changed (automatic tiering), (3) sweeps records written to COLD stores into
 * `records_cold`, (4) creates and drops automatic indexes, and (5) gives a store without a time
 * field the one its learned fields hold, and starts the retime of stores that learned one (retime.ts)
 * in the background. It also runs the migrations asked
 * for over HTTP and, at start, resumes any store left `migrating`. It never runs on the query or
 * ingest path: everything here is background work that a failure only postpones.
 */
import { type Database, lockStores, mcps, rowsOf } from '@smartdb/db';
import type { QueryLearning, StoreAccess } from '@smartdb/query';
import type { Registry, StoreEntry, Tier } from '@smartdb/registry';
import { and, eq, sql } from 'drizzle-orm';
import {
  type AutoIndexConfig,
  autoIndexesOf,
  comparisonOf,
  createAutoIndex,
  DEFAULT_AUTO_INDEX,
  dropAutoIndexes,
  indexCandidates,
  staleIndexes,
  touchAutoIndexes,
} from './auto-index.ts';
import {
  type MigrationOptions,
  type MigrationResult,
  migratingStores,
  requestTier,
  runMigration,
  sweepColdStore,
  type TierRequest,
} from './migrate.ts';
import { adoptTimeField, type RetimeResult, retimeStore } from './retime.ts';
import { DEFAULT_SCORING, decideTier, type ScoringConfig, scoreStore } from './score.ts';

export interface TieringConfig {
  /** How often the pass runs. */
  intervalMs: number;
  /** Let scores change tiers (otherwise only `POST /v1/mcps/:id/tier` does). */
  autoTier: boolean;
  /** Build automatic indexes (PostgreSQL only). */
  autoIndex: boolean;
  /** Half-life of the decayed signals (query rate, latency, growth, filter patterns). */
  halfLifeMs: number;
  /** No automatic tier change until the tierer has watched this long (its signals start at zero). */
  warmupMs: number;
  migration: Omit<MigrationOptions, 'stopped'>;
  scoring: ScoringConfig;
  index: AutoIndexConfig;
}

export const DEFAULT_TIERING: TieringConfig = {
  intervalMs: 30_000,
  autoTier: true,
  autoIndex: true,
  halfLifeMs: 10 * 60_000,
  warmupMs: 10 * 60_000,
  migration: { batchSize: 5_000, pauseMs: 0, graceMs: 1_500 },
  scoring: DEFAULT_SCORING,
  index: DEFAULT_AUTO_INDEX,
};

interface Decayed {
  value: number;
}

/** Per-store memory of the tierer between passes. */
interface StoreState {
  accessCount: number;
  recordCount: number;
  queries: Decayed;
  records: Decayed;
  queryMs: Decayed;
  localQueries: Decayed;
  patterns: Map<string, { field: string; op: string; count: number; totalMs: number }>;
}

export interface StoreTiering {
  tenantId: string;
  id: string;
  tier: Tier;
  score: number;
  parts: ReturnType<typeof scoreStore>['parts'];
  decided: Tier;
}

export interface PassReport {
  scored: StoreTiering[];
  started: { tenantId: string; id: string; tier: Tier }[];
  swept: number;
  /** Stores whose retime this pass started (retime.ts). */
  retiming: string[];
  indexesCreated: string[];
  indexesDropped: string[];
  errors: string[];
}

/** Filter uses of one (field, operator) since the last pass. */
interface PatternDelta {
  field: string;
  op: string;
  count: number;
  totalMs: number;
}

interface LocalDelta {
  queries: number;
  totalMs: number;
  at: string;
  patterns: PatternDelta[];
}

const key = (tenantId: string, id: string) => `${tenantId}\u0001${id}`;

/**
 * Stores without a time field whose latest records a pass learns again (retime.ts `adoptTimeField`),
 * each once a region's life: a region holding thousands of them reads a few per pass, not all at once.
 */
const SAMPLES_PER_PASS = 20;

export class Tierer {
  private readonly states = new Map<string, StoreState>();
  private readonly running = new Map<string, Promise<MigrationResult>>();
  private readonly retiming = new Map<string, Promise<RetimeResult>>();
  /** Stores without a time field whose latest records were learned again (once a region's life). */
  private readonly sampledForTime = new Set<string>();
  private previous: Record<string, Record<string, StoreAccess>> = {};
  private lastPassAt: number | null = null;
  private readonly startedAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private passing: Promise<PassReport> | undefined;
  private stopped = false;
  lastError: string | null = null;
  /** Told how many records each retime gave another time (the region counts them in /metrics). */
  onRetimed: (records: number) => void = () => {};

  constructor(
    private readonly db: Database,
    private readonly registry: Registry,
    private readonly learning: QueryLearning,
    readonly config: TieringConfig = DEFAULT_TIERING,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.startedAt = clock().getTime();
  }

  /** Resumes stores left `migrating`, then runs a pass every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.resumeMigrations().catch((e: Error) => {
      this.lastError = e.message;
    });
    this.timer = setInterval(() => {
      this.pass().catch(() => {});
    }, this.config.intervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Stops the loop; running migrations stop after their current batch and resume at next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([this.passing, ...this.running.values(), ...this.retiming.values()]);
  }

  /** Moves a store to `tier`; records move in the background (watch `status`). */
  async setTier(tenantId: string, id: string, tier: Tier): Promise<TierRequest> {
    const request = await requestTier(this.db, this.registry, tenantId, id, tier);
    if (request.migrating) this.launch(tenantId, id);
    else if (tier !== 'HOT') await this.dropIndexesOf(request.store).catch(() => {});
    return request;
  }

  /** Sets a store's priority (0..100, 50 neutral), one of the score's signals. */
  async setPriority(tenantId: string, id: string, priority: number): Promise<void> {
    await this.db
      .update(mcps)
      .set({ priority: Math.round(Math.min(100, Math.max(0, priority))) })
      .where(and(eq(mcps.tenantId, tenantId), eq(mcps.id, id)));
  }

  /** The migration running in this region for a store, if any (tests and shutdown wait on it). */
  migration(tenantId: string, id: string): Promise<MigrationResult> | undefined {
    return this.running.get(key(tenantId, id));
  }

  async resumeMigrations(): Promise<number> {
    const stores = await migratingStores(this.db);
    for (const s of stores) this.launch(s.tenantId, s.id);
    return stores.length;
  }

  private launch(tenantId: string, id: string): void {
    const k = key(tenantId, id);
    if (this.running.has(k) || this.stopped) return;
    const run = runMigration(this.db, this.registry, tenantId, id, {
      ...this.config.migration,
      stopped: () => this.stopped,
    })
      .then(async (result) => {
        if (result.store && result.store.tier !== 'HOT') await this.dropIndexesOf(result.store);
        return result;
      })
      .catch((e: Error) => {
        this.lastError = `migration of ${id}: ${e.message}`;
        return { moved: 0, finished: false } satisfies MigrationResult;
      })
      .finally(() => this.running.delete(k));
    this.running.set(k, run);
  }

  /** The retime running in this region for a store, if any (tests wait on it). */
  retime(tenantId: string, id: string): Promise<RetimeResult> | undefined {
    return this.retiming.get(key(tenantId, id));
  }

  /** Starts a store's retime unless one runs here already; like a migration, off the pass. */
  private launchRetime(tenantId: string, id: string): boolean {
    const k = key(tenantId, id);
    if (this.retiming.has(k) || this.stopped) return false;
    const run = retimeStore(this.db, this.registry, tenantId, id, {
      batchSize: this.config.migration.batchSize,
      stopped: () => this.stopped,
    })
      .then((result) => {
        this.onRetimed(result.retimed);
        return result;
      })
      .catch((e: Error) => {
        this.lastError = `retime of ${id}: ${e.message}`;
        return { read: 0, retimed: 0, finished: false } satisfies RetimeResult;
      })
      .finally(() => this.retiming.delete(k));
    this.retiming.set(k, run);
    return true;
  }

  private async dropIndexesOf(store: StoreEntry): Promise<string[]> {
    if (!this.config.autoIndex) return [];
    const stale = autoIndexesOf(store);
    await dropAutoIndexes(this.db, this.registry, store, stale);
    return stale.map((x) => x.name);
  }

  /** One pass; never runs twice at once. */
  pass(): Promise<PassReport> {
    this.passing ??= this.runPass().finally(() => {
      this.passing = undefined;
    });
    return this.passing;
  }

  private async runPass(): Promise<PassReport> {
    const now = this.clock();
    const report: PassReport = {
      scored: [],
      started: [],
      swept: 0,
      retiming: [],
      indexesCreated: [],
      indexesDropped: [],
      errors: [],
    };
    const elapsedMs = this.lastPassAt === null ? 0 : Math.max(0, now.getTime() - this.lastPassAt);
    this.lastPassAt = now.getTime();
    const decay = elapsedMs > 0 ? 0.5 ** (elapsedMs / this.config.halfLifeMs) : 1;
    const local = this.localDeltas();
    try {
      await this.persistAccess(local);
    } catch (e) {
      report.errors.push(`access counters: ${(e as Error).message}`);
    }
    const rows = await this.db
      .select({
        tenantId: mcps.tenantId,
        id: mcps.id,
        priority: mcps.priority,
        tierChangedAt: mcps.tierChangedAt,
        accessCount: mcps.accessCount,
        recordCount: mcps.recordCount,
        tierScore: mcps.tierScore,
        retimeBefore: mcps.retimeBefore,
      })
      .from(mcps);
    const warm = now.getTime() - this.startedAt >= this.config.warmupMs;
    let samples = SAMPLES_PER_PASS;
    const scores: { tenant_id: string; id: string; score: number }[] = [];
    const tenantIndexes = new Map<string, number>();
    for (const s of rows) {
      const store = this.registry.get(s.tenantId, s.id);
      if (store) {
        tenantIndexes.set(s.tenantId, (tenantIndexes.get(s.tenantId) ?? 0) + autoIndexesOf(store).length);
      }
    }
    for (const row of rows) {
      const k = key(row.tenantId, row.id);
      const store = this.registry.get(row.tenantId, row.id);
      const state = this.stateOf(k, row.accessCount, row.recordCount);
      const delta = local.get(k);
      // Decayed sums over the half-life; divided by the decayed window length they are rates.
      state.queries.value = state.queries.value * decay + Math.max(0, row.accessCount - state.accessCount);
      state.records.value = state.records.value * decay + Math.max(0, row.recordCount - state.recordCount);
      state.localQueries.value = state.localQueries.value * decay + (delta?.queries ?? 0);
      state.queryMs.value = state.queryMs.value * decay + (delta?.totalMs ?? 0);
      state.accessCount = row.accessCount;
      state.recordCount = row.recordCount;
      for (const p of state.patterns.values()) {
        p.count *= decay;
        p.totalMs *= decay;
      }
      for (const p of delta?.patterns ?? []) {
        const pk = `${p.field}\u0001${p.op}`;
        const into = state.patterns.get(pk) ?? { field: p.field, op: p.op, count: 0, totalMs: 0 };
        into.count += p.count;
        into.totalMs += p.totalMs;
        state.patterns.set(pk, into);
      }
      if (!store) continue;
      try {
        const sample = store.timeField === null && !this.sampledForTime.has(k) && samples > 0;
        if (sample) {
          samples -= 1;
          this.sampledForTime.add(k);
        }
        const marked =
          row.retimeBefore !== null || (await adoptTimeField(this.db, this.registry, store, { sample }));
        if (marked && this.launchRetime(row.tenantId, row.id)) report.retiming.push(row.id);
      } catch (e) {
        report.errors.push(`${row.id}: ${(e as Error).message}`);
      }
      const windowHours = this.windowMs(now) / 3_600_000;
      const scored = scoreStore(
        {
          queriesPerHour: state.queries.value / windowHours,
          meanQueryMs: state.localQueries.value > 0.5 ? state.queryMs.value / state.localQueries.value : null,
          recordsPerHour: state.records.value / windowHours,
          priority: row.priority,
        },
        this.config.scoring,
      );
      const msInTier = now.getTime() - new Date(row.tierChangedAt).getTime();
      const decided = decideTier(store.tier, scored.score, msInTier, this.config.scoring);
      report.scored.push({ tenantId: row.tenantId, id: row.id, tier: store.tier, ...scored, decided });
      if (Math.round(scored.score) !== row.tierScore) {
        scores.push({ tenant_id: row.tenantId, id: row.id, score: Math.round(scored.score) });
      }
      try {
        if (this.config.autoTier && warm && decided !== store.tier && store.status === 'active') {
          await this.setTier(row.tenantId, row.id, decided);
          report.started.push({ tenantId: row.tenantId, id: row.id, tier: decided });
        } else if (store.tier === 'COLD' && store.status === 'active') {
          report.swept += await sweepColdStore(
            this.db,
            row.tenantId,
            row.id,
            this.config.migration.batchSize,
            () => this.stopped,
          );
        }
        if (this.config.autoIndex) {
          await this.maintainIndexes(store, state, delta?.patterns ?? [], tenantIndexes, now, report);
        }
      } catch (e) {
        report.errors.push(`${row.id}: ${(e as Error).message}`);
      }
    }
    if (scores.length > 0) {
      // Locked first, in the order every writer of several registry rows locks them (lockStores).
      await this.db.execute(sql`
        with d as (
          select * from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as d(tenant_id text, id text, score int)
        ), locked as materialized (${lockStores(sql`d k`)})
        update mcps m set tier_score = d.score
        from d, locked l
        where m.tenant_id = d.tenant_id and m.id = d.id and l.tenant_id = m.tenant_id and l.id = m.id`);
    }
    this.lastError = report.errors[0] ?? null;
    return report;
  }

  /** Length of the decayed window: sum of weights of past time, capped by how long we watched. */
  private windowMs(now: Date): number {
    const watched = Math.max(1, now.getTime() - this.startedAt);
    const full = this.config.halfLifeMs / Math.LN2;
    return Math.max(this.config.intervalMs, Math.min(watched, full));
  }

  private stateOf(k: string, accessCount: number, recordCount: number): StoreState {
    let state = this.states.get(k);
    if (!state) {
      state = {
        accessCount,
        recordCount,
        queries: { value: 0 },
        records: { value: 0 },
        queryMs: { value: 0 },
        localQueries: { value: 0 },
        patterns: new Map(),
      };
      this.states.set(k, state);
    }
    return state;
  }

  private async maintainIndexes(
    store: StoreEntry,
    state: StoreState,
    used: PatternDelta[],
    tenantIndexes: Map<string, number>,
    now: Date,
    report: PassReport,
  ): Promise<void> {
    const stale = staleIndexes(store, now, this.config.index);
    if (stale.length > 0) {
      await dropAutoIndexes(this.db, this.registry, store, stale);
      report.indexesDropped.push(...stale.map((x) => x.name));
      tenantIndexes.set(store.tenantId, (tenantIndexes.get(store.tenantId) ?? 0) - stale.length);
    }
    const current = this.registry.get(store.tenantId, store.id) ?? store;
    const touched = new Set(
      autoIndexesOf(current)
        .filter(
          (x) =>
            used.some((p) => p.field === x.field && comparisonOf(p.op, current, p.field) === x.op) &&
            now.getTime() - Date.parse(x.lastUsedAt) > this.config.index.unusedMs / 10,
        )
        .map((x) => x.name),
    );
    await touchAutoIndexes(this.db, this.registry, current, touched, now);
    const patterns = [...state.patterns.values()].map((p) => ({
      field: p.field,
      op: p.op,
      count: p.count,
      meanMs: p.count > 0 ? p.totalMs / p.count : 0,
    }));
    const have = tenantIndexes.get(store.tenantId) ?? 0;
    for (const c of indexCandidates(current, patterns, have, this.config.index)) {
      const latest = this.registry.get(store.tenantId, store.id) ?? current;
      const created = await createAutoIndex(this.db, this.registry, latest, c.field, c.op, now);
      report.indexesCreated.push(created.name);
      tenantIndexes.set(store.tenantId, (tenantIndexes.get(store.tenantId) ?? 0) + 1);
    }
  }

  /** This region's query counts since the last pass, per store. */
  private localDeltas(): Map<string, LocalDelta> {
    const stats = this.learning.accessStats();
    const out = new Map<string, LocalDelta>();
    for (const [tenantId, tenant] of Object.entries(stats)) {
      for (const [id, now] of Object.entries(tenant.stores)) {
        const before = this.previous[tenantId]?.[id];
        const queries = now.queries - (before?.queries ?? 0);
        if (queries <= 0) continue;
        const patterns: PatternDelta[] = [];
        for (const [field, ops] of Object.entries(now.filters ?? {})) {
          for (const [op, used] of Object.entries(ops)) {
            const prior = before?.filters?.[field]?.[op as keyof typeof ops];
            const count = used.count - (prior?.count ?? 0);
            if (count > 0) {
              patterns.push({ field, op, count, totalMs: used.totalMs - (prior?.totalMs ?? 0) });
            }
          }
        }
        out.set(key(tenantId, id), {
          queries,
          totalMs: now.totalMs - (before?.totalMs ?? 0),
          at: now.lastAccessedAt,
          patterns,
        });
      }
    }
    this.previous = Object.fromEntries(Object.entries(stats).map(([t, a]) => [t, a.stores]));
    return out;
  }

  /** Adds this region's query counts to the stores' rows (all regions' counts sum there). */
  private async persistAccess(local: Map<string, LocalDelta>): Promise<void> {
    if (local.size === 0) return;
    const payload = [...local].map(([k, d]) => {
      const [tenant_id, id] = k.split('\u0001') as [string, string];
      return { tenant_id, id, n: d.queries, at: d.at };
    });
    const rows = await rowsOf<{
      tenant_id: string;
      id: string;
      access_count: string | number;
      last_accessed_at: string | Date;
      seq: string | number;
      seq_before: string | number;
    }>(
      this.db,
      // The rows are locked first (lockStores); updated in the plan's order, they deadlocked with
      // concurrent commits (tests/integration/tiering-lock-order.test.ts).
      sql`
      with d as (
        select * from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as d(tenant_id text, id text, n bigint, at timestamptz)
      ), locked as materialized (${lockStores(sql`d k`)})
      update mcps m set
        access_count = m.access_count + d.n,
        last_accessed_at = greatest(m.last_accessed_at, d.at),
        seq = nextval('registry_seq'),
        updated_at = clock_timestamp()
      from d, locked l
      where m.tenant_id = d.tenant_id and m.id = d.id and l.tenant_id = m.tenant_id and l.id = m.id
      returning m.tenant_id, m.id, m.access_count, m.last_accessed_at, m.seq, l.seq as seq_before`,
    );
    for (const r of rows) {
      this.registry.applyWritten(
        r.tenant_id,
        r.id,
        { seq: Number(r.seq), seqBefore: Number(r.seq_before) },
        { accessCount: Number(r.access_count), lastAccessedAt: new Date(r.last_accessed_at).toISOString() },
      );
    }
  }
}
