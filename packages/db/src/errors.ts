/**
 * What a database failure means to a caller. A statement that failed because PostgreSQL could not be
 * reached, dropped the connection or is shutting down says nothing about the request: it is a 503
 * to retry (the edge retries an idempotent request in another region at once), never a 500.
 */

/** The SQLSTATE or driver code of a database error, also when drizzle wrapped it as the cause. */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
  const code = typeof err?.code === 'string' ? err.code : err?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** postgres.js's own codes for a connection it lost or could not open, and Node's socket errors. */
const CONNECTION_LOST = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is shutting down, starting up or out of connections, and of a
 * statement it could not serve for a moment: a serialization failure or deadlock that outlived the
 * writer's retries, or a replica cancelling a question that conflicts with replaying the primary.
 */
const SERVER_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** True when the database was unreachable, went away or could not serve the statement for now: retry. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const code = pgCode(e) ?? pgCode((e as { errors?: unknown[] } | null)?.errors?.[0]);
  if (code === undefined) return false;
  // Class 08: connection exception.
  return CONNECTION_LOST.has(code) || SERVER_UNAVAILABLE.has(code) || code.startsWith('08');
}

/** True when PostgreSQL cancelled the statement: its `statement_timeout` ran out (or an operator). */
export function isStatementCancelled(e: unknown): boolean {
  return pgCode(e) === '57014';
}
