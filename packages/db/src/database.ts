/**
 * The one database handle every package receives. Both drivers (postgres.js for a real server,
 * PGlite embedded) produce a drizzle `PgDatabase`; `rowsOf` hides the one place they differ
 * (postgres.js returns an array, PGlite `{ rows }`). Nothing here opens connections.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; every function that takes a Database also accepts one of these. */
export type Executor = Pick<Database, 'execute' | 'select' | 'insert' | 'update' | 'delete' | '_'>;

export async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  return rowsFrom<T>(await db.execute(query));
}

/** postgres.js returns the rows; PGlite returns `{ rows }`. */
function rowsFrom<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

const dialect = new PgDialect();

/**
 * `rowsOf` for a statement of fixed text the process runs over and over (the ingest hot path).
 * drizzle runs raw SQL unnamed, and postgres.js then describes every statement before binding it:
 * two round trips and a fresh parse and plan each time. Prepared, it is parsed once per connection
 * and runs in one round trip (postgres.js keys prepared statements by their text).
 *
 * Not for the query engine: its statements vary with each question, a generic plan chosen for one
 * store or time window can be far off for another, and in the query benchmark (load/) prepared
 * engine statements (planned per execution) doubled the p95 under 50 clients while the median fell:
 * postgres.js pipelines prepared statements behind slow ones on busy connections.
 */
export async function preparedRowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  return rowsFrom<T>(
    await db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, PREPARED, false).execute(),
  );
}

/** drizzle prepares a query only when it has a name; postgres.js names statements itself. */
const PREPARED = 'smartdb';

/**
 * A timestamptz as ISO 8601 text (UTC, milliseconds), formatted by PostgreSQL: JavaScript's Date
 * reads the driver's '0001-01-01 00:00:00+00' as the year 2001.
 */
export function isoTime(column: AnyPgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * Epoch milliseconds (a float8 expression) as a timestamptz. Whole seconds and the milliseconds are
 * converted apart: to_timestamp() multiplies by 10^6 in double precision, exact for whole seconds
 * over years 1-9999 but not for fractions beyond 2255.
 */
export function epochMsTime(ms: SQL): SQL {
  return sql`(to_timestamp(floor(${ms} / 1000)) + (${ms} - floor(${ms} / 1000) * 1000) * interval '1 millisecond')`;
}

/**
 * The `mcps.retime_before` a store is marked with when it learns a time field it had none of (ingest
 * on the commit that teaches it, the tierer when it adopts one): now, plus a margin for region clocks
 * ahead of the database's and for batches built before the mark that commit after it.
 */
export function retimeMark(): SQL {
  return sql`now() + interval '5 minutes'`;
}
