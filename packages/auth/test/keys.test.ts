/** KeyStore against the real PostgreSQL: roles, root key, hashing, revocation across instances. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpenDatabase } from '../../../region/src/database.ts';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { hasRole, KeyStore, type Principal, type Role, sha256Hex } from '../src/index.ts';

const ROOT = 'root-key-for-auth-tests-0123456789';
let database: OpenDatabase;
let keys: KeyStore;
const root: Principal = { tenantId: 'default', role: 'admin', keyId: null, root: true };

beforeAll(async () => {
  database = await testDatabase(2);
  keys = new KeyStore(database.db, ROOT);
});
afterAll(async () => {
  await database?.close();
});

const principal = (role: Role, tenantId = 't'): Principal => ({ tenantId, role, keyId: 'k', root: false });

describe('roles', () => {
  test('read < write < admin; root has every role', () => {
    const matrix = (['read', 'write', 'admin'] as const).map((have) =>
      (['read', 'write', 'admin'] as const).map((need) => hasRole(principal(have), need)),
    );
    expect(matrix).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
    expect(hasRole({ ...root, role: 'read' }, 'admin')).toBe(true);
  });
});

describe('verify', () => {
  test('the root key acts for the named tenant, or the default one', async () => {
    expect(await keys.verify(ROOT)).toMatchObject({ tenantId: 'default', root: true, role: 'admin' });
    expect(await keys.verify(ROOT, 'acme')).toMatchObject({ tenantId: 'acme', root: true });
    await expect(keys.verify(ROOT, 'bad tenant!')).rejects.toMatchObject({ status: 400 });
  });

  test('a prefix or extension of the root key is not the root key', async () => {
    expect(await keys.verify(ROOT.slice(0, -1))).toBeNull();
    expect(await keys.verify(`${ROOT}x`)).toBeNull();
  });

  test('a created key verifies to its tenant and role; unknown tokens do not', async () => {
    const tenant = uniqueTenant();
    const created = await keys.create(root, { tenant, role: 'write' });
    expect(await keys.verify(created.key)).toEqual({
      tenantId: tenant,
      role: 'write',
      keyId: created.id,
      root: false,
    });
    expect(await keys.verify(`${created.key.slice(0, -2)}zz`)).toBeNull();
    expect(await keys.verify('')).toBeNull();
    expect(await keys.verify(`sdb_${'a'.repeat(200)}`)).toBeNull();
  });

  test('only the SHA-256 of the key is stored', async () => {
    const created = await keys.create(root, { tenant: uniqueTenant(), role: 'read' });
    const rows = await database.client!<
      { hash: string }[]
    >`select hash from api_keys where id = ${created.id}`;
    expect(rows[0]!.hash).toBe(await sha256Hex(created.key));
  });

  test('two keys never collide', async () => {
    const tenant = uniqueTenant();
    const made = await Promise.all(
      Array.from({ length: 20 }, () => keys.create(root, { tenant, role: 'read' })),
    );
    expect(new Set(made.map((k) => k.key)).size).toBe(20);
    expect(new Set(made.map((k) => k.id)).size).toBe(20);
  });
});

describe('create and revoke', () => {
  test('an admin creates keys only for its own tenant; read and write keys create none', async () => {
    await expect(keys.create(principal('admin', 'a'), { tenant: 'b', role: 'read' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(keys.create(principal('write', 'a'), { tenant: 'a', role: 'read' })).rejects.toMatchObject({
      status: 403,
    });
    const tenant = uniqueTenant();
    await expect(keys.create(principal('admin', tenant), { tenant, role: 'read' })).resolves.toMatchObject({
      tenant,
    });
  });

  test('a revoked key fails at once where it was revoked, and within 5 s in another region', async () => {
    const other = new KeyStore(database.db, ROOT);
    const created = await keys.create(root, { tenant: uniqueTenant(), role: 'write' });
    expect(await other.verify(created.key)).not.toBeNull();
    const revokedAt = Date.now();
    await keys.revoke(root, created.id);
    expect(await keys.verify(created.key)).toBeNull();
    while ((await other.verify(created.key)) !== null) {
      expect(Date.now() - revokedAt).toBeLessThan(5_000);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  test('concurrent requests with one unverified token share a single database lookup', async () => {
    const created = await keys.create(root, { tenant: uniqueTenant(), role: 'write' });
    let lookups = 0;
    // The real database answers; the proxy only counts the queries the key store starts.
    const counted = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property === 'select') lookups++;
        return Reflect.get(target, property, receiver);
      },
    });
    const fresh = new KeyStore(counted, ROOT);
    const principals = await Promise.all(Array.from({ length: 64 }, () => fresh.verify(created.key)));
    expect(lookups).toBe(1);
    expect(new Set(principals.map((p) => p?.keyId))).toEqual(new Set([created.id]));
    const unknown = await Promise.all(Array.from({ length: 8 }, () => fresh.verify('sdb_not-a-key')));
    expect(unknown).toEqual(Array(8).fill(null));
    expect(lookups).toBe(2);
  });

  test('an admin cannot revoke another tenant’s key, and write keys cannot revoke', async () => {
    const created = await keys.create(root, { tenant: uniqueTenant(), role: 'read' });
    await expect(keys.revoke(principal('admin', 'someone-else'), created.id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(keys.revoke(principal('write', created.tenant), created.id)).rejects.toMatchObject({
      status: 403,
    });
    expect(await keys.verify(created.key)).not.toBeNull();
  });
});
