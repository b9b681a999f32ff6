/**
 * Bearer-key authentication. Sets the caller's Principal on the context; routes then ask for the
 * role they need. The root key may act for any tenant named in `x-smartdb-tenant`.
 */
import { type KeyStore, type Principal, type Role, requireRole } from '@smartdb/auth';
import { AppError } from '@smartdb/core';
import type { Context, MiddlewareHandler } from 'hono';

export type AuthEnv = { Variables: { principal: Principal; requestId: string } };

export function authenticate(keys: KeyStore): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError(401, 'UNAUTHORIZED', 'send Authorization: Bearer <key>');
    const principal = await keys.verify(match[1]!, c.req.header('x-smartdb-tenant'));
    if (!principal) throw new AppError(401, 'UNAUTHORIZED', 'unknown or revoked key');
    c.set('principal', principal);
    await next();
  };
}

export function principalOf(c: Context<AuthEnv>, needed: Role): Principal {
  const principal = c.get('principal');
  requireRole(principal, needed);
  return principal;
}
