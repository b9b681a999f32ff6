/**
 * Opens the region's database: postgres.js against DATABASE_URL, or embedded PGlite under a data
 * directory when no URL is given. Applies `migrations/` at start; on a server the migration holds a
 * session advisory lock so regions starting together never race.
 */
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Database, schema } from '@smartdb/db';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** The repository's `migrations/`, or the copy the build (deploy/build.ts) puts beside the bundle. */
export const MIGRATIONS_FOLDER = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../migrations' : './migrations', import.meta.url),
);
const MIGRATION_LOCK = 0x5d_b0_00_01;

export interface OpenDatabase {
  /** Writes, keys, the registry and everything but questions: the primary's main pool. */
  db: Database;
  /**
   * Questions, on the primary: a pool of their own, so a burst of slow questions never queues an
   * ingest commit behind it (nor commits a question), and every statement is bounded by
   * `statement_timeout`. The same handle as `db` on PGlite.
   */
  queryDb: Database;
  /** The read replica (`DATABASE_REPLICA_URL`) questions may run on; see query-routing.ts. */
  replica?: { db: Database; client: postgres.Sql };
  kind: 'postgres' | 'pglite';
  /** Runs a trivial statement; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The postgres.js client behind `db`; absent on PGlite. */
  client?: postgres.Sql;
  /** Every postgres.js client (writes, questions, replica), to trace their statements. */
  clients: postgres.Sql[];
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** A streaming replica of `url` for questions. */
  replicaUrl?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Connections for questions, on the primary and on the replica each (default: `poolSize`). */
  queryPoolSize?: number;
  /** `statement_timeout` of question statements, in ms; 0 leaves them unbounded. */
  queryTimeoutMs?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.url) {
    const pool = (url: string, max: number, questions = false) =>
      postgres(url, {
        max,
        idle_timeout: 30,
        connect_timeout: 5,
        onnotice: () => {},
        types: { bigint: postgres.BigInt },
        ...(questions
          ? {
              connection: { statement_timeout: options.queryTimeoutMs ?? 0 },
              // postgres.js reads the server's array types with a statement of its own on each new
              // connection and drops that statement's promise; cancelled by statement_timeout, its
              // rejection is unhandled and Node exits (porsager/postgres#1192, #1205, open). Question
              // statements bind no array parameters and read no array columns, so they skip it.
              fetch_types: false,
            }
          : {}),
      });
    const client = pool(options.url, options.poolSize ?? 10);
    const queryPool = (url: string) => pool(url, options.queryPoolSize ?? options.poolSize ?? 10, true);
    const queryClient = queryPool(options.url);
    const replicaClient = options.replicaUrl ? queryPool(options.replicaUrl) : undefined;
    const clients = [client, queryClient, ...(replicaClient ? [replicaClient] : [])];
    const drizzled = (c: postgres.Sql) => drizzlePostgres(c, { schema }) as unknown as Database;
    return {
      db: drizzled(client),
      queryDb: drizzled(queryClient),
      ...(replicaClient ? { replica: { db: drizzled(replicaClient), client: replicaClient } } : {}),
      kind: 'postgres',
      client,
      clients,
      ping: async () => {
        await client`select 1`;
      },
      close: async () => {
        await Promise.all(clients.map((c) => c.end({ timeout: 2 })));
      },
    };
  }
  const pg = await PGlite.create({ dataDir: options.dataDir ?? 'memory://', extensions: { pg_trgm } });
  const db = drizzlePglite(pg, { schema }) as unknown as Database;
  return {
    db,
    queryDb: db,
    kind: 'pglite',
    clients: [],
    ping: async () => {
      await pg.query('select 1');
    },
    close: () => pg.close(),
  };
}

/** Applies every pending migration; safe to call from several processes at once. */
export async function migrateDatabase(handle: OpenDatabase): Promise<void> {
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const client = handle.client!;
  const lock = await client.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    lock.release();
  }
}

let expectedMigrations: number | undefined;

/** True when every migration in `migrations/` has been applied. */
export async function isMigrated(handle: OpenDatabase): Promise<boolean> {
  expectedMigrations ??= readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  const expected = expectedMigrations;
  try {
    const result: unknown = await handle.db.execute(
      'select count(*)::int as n from drizzle.__drizzle_migrations' as never,
    );
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
    return Number((rows[0] as { n: number }).n) >= expected;
  } catch {
    return false;
  }
}
