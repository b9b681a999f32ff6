/**
 * Body size limits for routes whose handlers read the body themselves (zod validators, the MCP
 * transport, the admin forms). A body with a Content-Length and no Transfer-Encoding is checked by
 * the header, which Node's server holds the body to. Hono's bodyLimit looks at `c.req.raw.body`
 * first, which makes @hono/node-server build a web stream for the request and serve every later
 * read through it: ~150 µs of CPU per request on a 2-core machine (POST /v1/query with a cached
 * answer: 245 → 90 µs a request). It stays for bodies without a length, counted as they are read.
 */
import { AppError } from '@smartdb/core';
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
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) throw tooLarge();
      return next();
    }
    return counted(c, next);
  };
}
