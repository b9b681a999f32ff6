/**
 * Every setting of a region process, as one zod schema. Read once at start (the CLI merges the
 * environment with its flags), validated, then passed down; no other module reads the environment.
 */
import { z } from 'zod';

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), `must be a ${protocols.join(' or ')} URL`);

const port = z.coerce.number().int().min(0).max(65_535);

/** Tracing export, shared by regions and the Node edge. */
export const tracingSettingsSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']).optional(),
});

export const regionSettingsSchema = z
  .object({
    DATABASE_URL: url(['postgres', 'postgresql']).optional(),
    /** A streaming replica of DATABASE_URL: questions run there once it has caught up (query-routing.ts). */
    DATABASE_REPLICA_URL: url(['postgres', 'postgresql']).optional(),
    /** Connections for writes, keys and the registry. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Connections for questions, a pool of their own on the primary (and as many on the replica). */
    DATABASE_QUERY_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /**
     * A question's SQL statement is cancelled after this long (statement_timeout); 0: no limit. Keep
     * it below the edge's SMARTDB_EDGE_UPSTREAM_TIMEOUT_MS (15 s): a question still running when the
     * edge gives up looks like a dead region, while one the region cancels is answered 503
     * QUERY_TIMEOUT, which the edge passes on without retrying or ejecting the region.
     */
    QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
    /** Records that may wait for a commit; beyond it writes are refused with 503 until the database catches up. */
    INGEST_QUEUE_MAX_RECORDS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    /**
     * How long the answer to a write made with an Idempotency-Key is kept: a retry within it gets
     * the first answer and stores nothing; after it the key is forgotten (and its row deleted).
     */
    IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(2_160).default(24),
    /**
     * Stores a tenant may hold. A record that would start another is refused (422 TOO_MANY_STORES):
     * every region keeps every store in memory, and a question about records in general reads all.
     */
    MAX_STORES_PER_TENANT: z.coerce.number().int().min(1).max(100_000).default(1_000),
    /** PGlite data directory, used when DATABASE_URL is unset. */
    SMARTDB_DATA_DIR: z.string().min(1).default('.smartdb/data'),
    REDIS_URL: url(['redis', 'rediss']).optional(),
    UPSTASH_REDIS_REST_URL: url(['http', 'https']).optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    SMARTDB_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters'),
    REGION: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes')
      .default('local'),
    PORT: port.default(8081),
    HOST: z.string().min(1).default('127.0.0.1'),
    ELASTICSEARCH_URL: url(['http', 'https']).optional(),
    ...tracingSettingsSchema.shape,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** How often the in-memory registry catches up with other regions' writes. */
    REGISTRY_REFRESH_MS: z.coerce.number().int().min(50).max(60_000).default(500),
    /** Tiering (packages/tiering): how often stores are scored, swept and indexed. */
    TIERING_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** Let access scores change tiers; `false` leaves tier changes to POST /v1/mcps/:id/tier. */
    TIERING_AUTO: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Records moved per migration batch (one transaction each), and the pause between batches. */
    TIERING_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5_000),
    TIERING_BATCH_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  })
  .refine((s) => !s.UPSTASH_REDIS_REST_URL === !s.UPSTASH_REDIS_REST_TOKEN, {
    message: 'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are set together',
    path: ['UPSTASH_REDIS_REST_TOKEN'],
  });

export type RegionSettings = z.infer<typeof regionSettingsSchema>;

/** Parses settings or returns the one-line message naming the first bad variable. */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
): { ok: true; settings: z.infer<S> } | { ok: false; message: string } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, settings: result.data };
  const issue = result.error.issues[0]!;
  const name = issue.path.join('.') || 'settings';
  return { ok: false, message: `invalid ${name}: ${issue.message}` };
}

/** Keeps only the keys a schema knows and drops empty strings (an empty variable counts as unset). */
export function pickEnv(
  env: Record<string, string | undefined>,
  keys: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}
