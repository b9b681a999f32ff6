/** Who may create and revoke keys, and how fast a revoked key stops working in every region. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uniqueTenant } from '../../tests/support/db.ts';
import { type InProcessRegion, ROOT_KEY, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
let other: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion({ region: 'us-east' });
  other = await startInProcessRegion({ region: 'eu-west', database: region.database });
});
afterAll(async () => {
  await other?.close();
  await region?.close();
});

async function createKey(by: string | null, tenant: string, role = 'admin') {
  return region.request('/v1/keys', { key: by, json: { tenant, role } });
}

async function keysOf(tenant: string): Promise<number> {
  const [row] = await region.database.client!<{ n: number }[]>`
    select count(*)::int as n from api_keys where tenant_id = ${tenant}`;
  return row!.n;
}

test('no key or an unknown key cannot create keys (401)', async () => {
  const tenant = uniqueTenant();
  expect((await createKey(null, tenant)).status).toBe(401);
  expect((await createKey('sdb_unknown', tenant)).status).toBe(401);
  expect(await keysOf(tenant)).toBe(0);
});

test.each(['read', 'write'] as const)(
  'a %s key cannot create keys, not even for its own tenant (403)',
  async (role) => {
    const k = await region.key(role);
    const res = await createKey(k.key, k.tenant, 'read');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect(await keysOf(k.tenant)).toBe(1);
  },
);

test('an admin key cannot create keys for another tenant (403)', async () => {
  const admin = await region.key('admin');
  const victim = uniqueTenant();
  expect((await createKey(admin.key, victim)).status).toBe(403);
  expect(await keysOf(victim)).toBe(0);
});

test('an admin key cannot revoke another tenant’s key', async () => {
  const admin = await region.key('admin');
  const victim = await region.key('write');
  const res = await region.request(`/v1/keys/${victim.id}`, { key: admin.key, method: 'DELETE' });
  expect(res.status).toBe(404);
  expect((await region.request('/v1/mcps', { key: victim.key })).status).toBe(200);
});

test.each(['read', 'write'] as const)('a %s key cannot revoke keys (403)', async (role) => {
  const k = await region.key(role);
  const res = await region.request(`/v1/keys/${k.id}`, { key: k.key, method: 'DELETE' });
  expect(res.status).toBe(403);
  expect((await region.request('/v1/mcps', { key: k.key })).status).toBe(200);
});

test('a key revoked in one region stops working in another within 5 s', async () => {
  const k = await region.key('write');
  // The other region has verified (and cached) the key before it is revoked.
  expect((await other.request('/v1/mcps', { key: k.key })).status).toBe(200);
  const revokedAt = Date.now();
  expect((await region.request(`/v1/keys/${k.id}`, { key: ROOT_KEY, method: 'DELETE' })).status).toBe(204);
  let status = 200;
  while (Date.now() - revokedAt < 5_000) {
    status = (await other.request('/v1/mcps', { key: k.key })).status;
    if (status === 401) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(5_000);
  const ingest = await other.request('/v1/ingest', { key: k.key, json: { a: 1 } });
  expect(ingest.status).toBe(401);
  expect(await other.sqlCount(k.tenant)).toBe(0);
});
