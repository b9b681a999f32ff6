/**
 * The one database handle every package receives. Both drivers (postgres.js for a real server,
 * PGlite embedded) produce a drizzle `PgDatabase`; `rowsOf` hides the one place they differ
 * (postgres.js returns an array, PGlite `{ rows }`). Nothing here opens connections.
 */
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; every function that takes a Database also accepts one of these. */
export type Executor = Pick<Database, 'execute' | 'select' | 'insert' | 'update' | 'delete'>;

export async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
