/**
 * Everything a region serves with, built once from its settings and passed to the HTTP app: the
 * database, the in-memory registry (kept in step by a refresh loop), ingestion, keys and caches.
 */
import { KeyStore } from '@smartdb/auth';
import type { RegionSettings } from '@smartdb/core';
import { isDatabaseUnavailable } from '@smartdb/db';
import type { IngestService } from '@smartdb/ingest';
import {
  explainQuery,
  type QueryAnswer,
  QueryCache,
  type QueryExplanation,
  QueryLearning,
  type QueryRequest,
  queryAnswer,
  UnderstoodQuestions,
} from '@smartdb/query';
import { Registry } from '@smartdb/registry';
import { DEFAULT_TIERING, Tierer } from '@smartdb/tiering';
import { isMigrated, migrateDatabase, type OpenDatabase, openDatabase } from './database.ts';
import { failureOf } from './observability/http.ts';
import { ObservedIngestService } from './observability/ingest.ts';
import {
  createObservability,
  type Observability,
  type ObservabilityOptions,
} from './observability/observability.ts';
import { observeQueries } from './observability/query.ts';
import { createAnswerCache } from './query-cache.ts';
import { QueryRouting } from './query-routing.ts';

/** How long /ready waits for the read replica's answer. */
const REPLICA_CHECK_MS = 300;
/** How often expired answers to idempotent writes are deleted (IDEMPOTENCY_TTL_HOURS keeps them). */
const IDEMPOTENCY_EXPIRY_MS = 60_000;

export interface ReadyReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface RegionServices {
  settings: RegionSettings;
  database: OpenDatabase;
  registry: Registry;
  ingest: IngestService;
  keys: KeyStore;
  /** Metrics, logs, traces and per-tenant activity (region/src/observability). */
  observability: Observability;
  /** RAG₂, the one entry point REST, MCP and the admin console call. */
  query: {
    /** `fresh` skips the answer cache (a request's `Cache-Control: no-cache`). */
    answer(tenantId: string, request: QueryRequest, options?: { fresh?: boolean }): Promise<QueryAnswer>;
    explain(tenantId: string, request: QueryRequest): QueryExplanation;
    learning: QueryLearning;
  };
  /** Tiers, migrations between them and automatic indexes (packages/tiering). */
  tiering: Tierer;
  ready(): Promise<ReadyReport>;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** A database handle shared with other regions in this process (`smartdb dev`). */
  database?: OpenDatabase;
  observability?: ObservabilityOptions;
}

export async function createRegionServices(
  settings: RegionSettings,
  options: ServiceOptions = {},
): Promise<RegionServices> {
  const owned = !options.database;
  const database =
    options.database ??
    (await openDatabase({
      url: settings.DATABASE_URL,
      replicaUrl: settings.DATABASE_REPLICA_URL,
      dataDir: settings.SMARTDB_DATA_DIR,
      poolSize: settings.DATABASE_POOL_SIZE,
      queryPoolSize: settings.DATABASE_QUERY_POOL_SIZE,
      queryTimeoutMs: settings.QUERY_TIMEOUT_MS,
    }));
  // A shared handle was migrated by its owner (concurrent migrations on one PGlite would race).
  if (owned) await migrateDatabase(database);
  const registry = new Registry();
  await registry.load(database.db);
  const observability = await createObservability(
    settings,
    { registry, ingestQueue: () => ingest.committer.pending, sqlClients: database.clients },
    options.observability,
  );
  const ingest = new ObservedIngestService(database.db, registry, observability, {
    maxQueuedRecords: settings.INGEST_QUEUE_MAX_RECORDS,
    idempotencyTtlMs: settings.IDEMPOTENCY_TTL_HOURS * 3_600_000,
    maxStoresPerTenant: settings.MAX_STORES_PER_TENANT,
  });
  ingest.committer.start();
  // Expired answers to idempotent writes only take space (they never answer): deleted every minute.
  const expiry = setInterval(() => {
    ingest.expireIdempotentWrites().catch(() => {});
  }, IDEMPOTENCY_EXPIRY_MS);
  expiry.unref?.();
  const keys = new KeyStore(database.db, settings.SMARTDB_ADMIN_KEY);
  const answerCache = createAnswerCache(settings.REDIS_URL);
  const learning = new QueryLearning();
  const cache = new QueryCache(answerCache.store);
  const understood = new UnderstoodQuestions();
  const routing = database.replica
    ? new QueryRouting(database.queryDb, database.replica, (target, reason) =>
        observability.metrics.queryReads.inc({ target, reason }),
      )
    : undefined;
  const queryDeps = (tenantId: string, fresh = false) => ({
    db: database.queryDb,
    ...(routing ? { readFrom: routing.executorFor.bind(routing) } : {}),
    stores: () => registry.list(tenantId),
    cache: fresh ? undefined : cache,
    understood,
    learning,
  });

  const tiering = new Tierer(database.db, registry, learning, {
    ...DEFAULT_TIERING,
    intervalMs: settings.TIERING_INTERVAL_MS,
    autoTier: settings.TIERING_AUTO,
    // CREATE INDEX CONCURRENTLY needs a server; PGlite keeps the GIN index only.
    autoIndex: database.kind === 'postgres',
    migration: {
      batchSize: settings.TIERING_BATCH_SIZE,
      pauseMs: settings.TIERING_BATCH_PAUSE_MS,
      // Every region's registry must show the store as migrating before a record moves.
      graceMs: 2 * settings.REGISTRY_REFRESH_MS + 500,
    },
  });
  tiering.onRetimed = (records) => observability.metrics.retimedRecords.inc(records);
  tiering.start();

  let refreshError: string | null = null;
  let refreshing = false;
  const timer = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    registry
      .refresh(database.db)
      .then(() => {
        refreshError = null;
      })
      .catch((e: Error) => {
        refreshError = `registry refresh: ${databaseFailure(e)}`;
      })
      .finally(() => {
        refreshing = false;
      });
  }, settings.REGISTRY_REFRESH_MS);
  timer.unref?.();

  return {
    settings,
    database,
    registry,
    ingest,
    keys,
    observability,
    query: {
      ...observeQueries(
        {
          answer: (tenantId, request, options) =>
            queryAnswer(queryDeps(tenantId, options?.fresh), tenantId, request),
          explain: (tenantId, request) => explainQuery(queryDeps(tenantId), tenantId, request),
        },
        observability,
      ),
      learning,
    },
    tiering,
    async ready() {
      const checks: ReadyReport['checks'] = {};
      try {
        await database.ping();
        checks.database = { ok: true };
        checks.migrations = (await isMigrated(database))
          ? { ok: true }
          : { ok: false, detail: 'migrations not applied' };
      } catch (e) {
        checks.database = { ok: false, detail: databaseFailure(e as Error) };
      }
      checks.registry = refreshError ? { ok: false, detail: refreshError } : { ok: true };
      const ok = Object.values(checks).every((c) => c.ok);
      // Redis is an accelerator: without it the region answers from PostgreSQL, so it is reported
      // but never makes the region unready.
      // Likewise a replica: without it questions run on the primary.
      if (routing) {
        // Bounded: a replica that does not answer must not hold up the edge's readiness probe.
        checks.replica = (await routing.replicaAnswers(REPLICA_CHECK_MS))
          ? { ok: true }
          : { ok: false, detail: 'unreachable; questions run on the primary' };
      }
      if (answerCache.redis) {
        checks.redis = answerCache.redis.connected
          ? { ok: true }
          : { ok: false, detail: 'unreachable; answering uncached from PostgreSQL' };
      }
      return { ok, checks };
    },
    async close() {
      clearInterval(timer);
      clearInterval(expiry);
      await tiering.stop();
      await ingest.committer.close();
      await answerCache.close();
      if (owned) await database.close();
      await observability.close();
    },
  };
}

/**
 * A database failure as /ready reports it: /ready is unauthenticated, so the kind of failure only,
 * never the driver's message (it names the database's host and port).
 */
function databaseFailure(e: Error): string {
  return isDatabaseUnavailable(e) ? 'unreachable' : failureOf(e);
}
