/**
 * API keys: creation (shown once, stored as a SHA-256 hash), verification with a short-lived cache,
 * revocation. The cache's TTL bounds how long a revoked key keeps working in any region (2 s, under
 * the 5 s the contract allows). The root key never touches the database.
 */
import { createHash } from 'node:crypto';
import { AppError } from '@smartdb/core';
import { apiKeys, type Database, tenants } from '@smartdb/db';
import { and, eq, isNull } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';

export type Role = 'read' | 'write' | 'admin';
const RANK: Record<Role, number> = { read: 0, write: 1, admin: 2 };

export interface Principal {
  tenantId: string;
  role: Role;
  /** Null for the root key. */
  keyId: string | null;
  root: boolean;
}

export const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const DEFAULT_TENANT = 'default';
const VERIFY_TTL_MS = 2_000;

export function hasRole(principal: Principal, needed: Role): boolean {
  return principal.root || RANK[principal.role] >= RANK[needed];
}

export function requireRole(principal: Principal, needed: Role): void {
  if (!hasRole(principal, needed)) {
    throw new AppError(403, 'FORBIDDEN', `this key has the ${principal.role} role; ${needed} is needed`);
  }
}

/**
 * SHA-256 in hex, synchronously: WebCrypto's `subtle.digest` hands each hash to the thread pool and
 * back, which was 26 % of a region's busy CPU under keyed single writes (each request body hashed).
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function randomToken(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface CreatedKey {
  id: string;
  key: string;
  tenant: string;
  role: Role;
  name: string | null;
}

export class KeyStore {
  /**
   * Verified tokens. Callers of one token share one lookup (`fetch`): when its entry expires under
   * load, every request holding it would otherwise query the database at once (a region taking
   * single-record POSTs from 64 clients sent 63 identical lookups every 2 s).
   */
  private readonly verified = new LRUCache<string, Principal | false>({
    max: 50_000,
    ttl: VERIFY_TTL_MS,
    fetchMethod: (token) => this.lookup(token),
  });

  constructor(
    private readonly db: Database,
    private readonly rootKey: string,
  ) {}

  /** The principal behind a bearer token, or null when the token is unknown or revoked. */
  async verify(token: string, rootTenant?: string | null): Promise<Principal | null> {
    if (constantTimeEqual(token, this.rootKey)) {
      const tenantId = rootTenant ?? DEFAULT_TENANT;
      if (!TENANT_ID.test(tenantId))
        throw new AppError(400, 'BAD_REQUEST', 'x-smartdb-tenant is not a tenant id');
      return { tenantId, role: 'admin', keyId: null, root: true };
    }
    if (!token.startsWith('sdb_') || token.length > 100) return null;
    // Keyed by the token itself: hashing on every request would cost more than the rest of auth.
    const cached = this.verified.get(token);
    if (cached !== undefined) return cached || null;
    return (await this.verified.fetch(token)) || null;
  }

  /** The principal of a key token from the database; false when none is active. */
  private async lookup(token: string): Promise<Principal | false> {
    const [row] = await this.db
      .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, role: apiKeys.role })
      .from(apiKeys)
      .where(and(eq(apiKeys.hash, sha256Hex(token)), isNull(apiKeys.revokedAt)));
    return row ? { tenantId: row.tenantId, role: row.role, keyId: row.id, root: false } : false;
  }

  async create(
    by: Principal,
    input: { tenant: string; role: Role; name?: string | undefined },
  ): Promise<CreatedKey> {
    if (!by.root && (by.role !== 'admin' || by.tenantId !== input.tenant)) {
      throw new AppError(403, 'FORBIDDEN', 'only the root key creates keys for other tenants');
    }
    const id = `key_${randomToken(9)}`;
    const key = `sdb_${randomToken(32)}`;
    const hash = sha256Hex(key);
    await this.db.transaction(async (tx) => {
      await tx.insert(tenants).values({ id: input.tenant }).onConflictDoNothing();
      await tx
        .insert(apiKeys)
        .values({ id, tenantId: input.tenant, role: input.role, name: input.name ?? null, hash });
    });
    return { id, key, tenant: input.tenant, role: input.role, name: input.name ?? null };
  }

  async revoke(by: Principal, id: string): Promise<void> {
    requireRole(by, 'admin');
    const where = by.root
      ? and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))
      : and(eq(apiKeys.id, id), eq(apiKeys.tenantId, by.tenantId), isNull(apiKeys.revokedAt));
    const revoked = await this.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(where)
      .returning({ id: apiKeys.id });
    if (revoked.length === 0) throw new AppError(404, 'NOT_FOUND', `no active key ${id}`);
    // Other regions (and this one's other tokens) drop the key when their cache entry expires.
    for (const [token, principal] of this.verified.entries()) {
      if (principal && principal.keyId === id) this.verified.delete(token);
    }
  }
}
