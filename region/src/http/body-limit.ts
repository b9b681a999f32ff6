/**
 * Body size limits for routes whose handlers read the body themselves (zod validators, the MCP
 * transport, the admin forms). A body with a declared length (`declaredLength`) is checked by it,
 * which Node's server holds the body to. Hono's bodyLimit looks at `c.req.raw.body` first, which
 * makes @hono/node-server build a web stream for the request and serve every later read through it:
 * POST /v1/query with a cached answer took 258–283 µs of region CPU a question with it and 90–96
 * without (2-core machine, autocannon, 50 connections, two alternating runs each). It stays for
 * bodies without a length, counted as they are read.
 */
import { AppError, declaredLength } from '@smartdb/core';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function limitBody(maxSize: number, what: string): MiddlewareHandler {
  const tooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', `${what} are limited to ${maxSize} bytes`);
  const counted = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const declared = declaredLength(c.req.raw.headers);
    if (declared === null) return counted(c, next);
    if (declared > maxSize) throw tooLarge();
    return next();
  };
}
