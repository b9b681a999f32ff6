/**
 * The one place errors become HTTP responses: AppError renders as itself, Hono's HTTP exceptions
 * (malformed JSON, body limits) get a stable code, a database that cannot be reached is a 503 to
 * retry (the edge retries an idempotent request in another region), a question past its time limit
 * is a 503 `QUERY_TIMEOUT` (the question's fault, not the region's: the edge neither retries it nor
 * counts it against the region's health), anything else is a 500 that reveals nothing. A path that
 * exists under other methods is a 405 naming them in `Allow`; only a path that exists under none is a 404.
 */
import { AppError, ERROR_CODE_HEADER, type ErrorBody, type ErrorCode } from '@smartdb/core';
import { isDatabaseUnavailable, isStatementCancelled } from '@smartdb/db';
import type { Context, Env, Hono } from 'hono';
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

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The methods with a route (not middleware, which every method passes through) at `path`. */
function methodsAt<E extends Env>(app: Hono<E>, path: string): string[] {
  return METHODS.filter((method) =>
    app.router.match(method, path)[0].some(([[, route]]) => route.method === method),
  );
}

/** The app's not-found handler: 405 with `Allow` when the path has routes for other methods, else 404. */
export function routeNotFound<E extends Env>(app: Hono<E>): (c: Context) => Response {
  return (c) => {
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const allowed = methodsAt(app, c.req.path);
    if (allowed.length > 0 && !allowed.includes(method)) {
      const allow = (allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed).join(', ');
      c.header('allow', allow);
      return errorResponse(
        c,
        new AppError(
          405,
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not allowed on ${c.req.path}; use ${allow}`,
        ),
      );
    }
    return errorResponse(c, new AppError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`));
  };
}

export type { ErrorBody };
