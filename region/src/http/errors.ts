/**
 * The one place errors become HTTP responses: AppError renders as itself, Hono's HTTP exceptions
 * (malformed JSON, body limits) get a stable code, a database that cannot be reached is a 503 to
 * retry (the edge retries an idempotent request in another region), a question past its time limit
 * is a 503 `QUERY_TIMEOUT` (the question's fault, not the region's: the edge neither retries it nor
 * counts it against the region's health), anything else is a 500 that reveals nothing.
 */
import { AppError, ERROR_CODE_HEADER, type ErrorBody, type ErrorCode } from '@smartdb/core';
import { isDatabaseUnavailable, isStatementCancelled } from '@smartdb/db';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function errorResponse(c: Context, error: AppError): Response {
  if (error.status === 401) c.header('www-authenticate', 'Bearer');
  // Asking the same question again at once would run into the same limit.
  if (error.status === 503 && error.code !== 'QUERY_TIMEOUT') c.header('retry-after', '1');
  c.header(ERROR_CODE_HEADER, error.code);
  return c.json(error.toBody(), error.status as ContentfulStatusCode);
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const status = err.status;
    const code: ErrorCode =
      status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : status === 400
          ? 'INVALID_JSON'
          : status === 401
            ? 'UNAUTHORIZED'
            : 'BAD_REQUEST';
    return new AppError(status, code, err.message || 'bad request');
  }
  if (isStatementCancelled(err)) {
    // Only questions run under a statement timeout (QUERY_TIMEOUT_MS).
    return new AppError(
      503,
      'QUERY_TIMEOUT',
      'the question ran longer than the time limit; narrow it (a time window, a filter) or retry later',
    );
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError(503, 'UNAVAILABLE', 'the database is unavailable; retry the request');
  }
  return new AppError(500, 'INTERNAL', 'internal error');
}

export function notFound(c: Context): Response {
  return errorResponse(c, new AppError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`));
}

export type { ErrorBody };
