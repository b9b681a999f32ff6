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

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));
const MIGRATION_LOCK = 0x5d_b0_00_01;

export interface OpenDatabase {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Runs a trivial statement; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The postgres.js client, for COPY and LISTEN; absent on PGlite. */
  client?: postgres.Sql;
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      idle_timeout: 30,
      connect_timeout: 5,
      onnotice: () => {},
      types: { bigint: postgres.BigInt },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      client,
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 2 }),
    };
  }
  const pg = await PGlite.create({ dataDir: options.dataDir ?? 'memory://', extensions: { pg_trgm } });
  const db = drizzlePglite(pg, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
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
