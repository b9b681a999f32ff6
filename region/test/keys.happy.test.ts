/** POST /v1/keys and DELETE /v1/keys/:id when used as intended. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uniqueTenant } from '../../tests/support/db.ts';
import { type InProcessRegion, ROOT_KEY, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

test('the root key creates a key for any tenant; it is shown once and works at once', async () => {
  const tenant = uniqueTenant();
  const res = await region.request('/v1/keys', {
    key: ROOT_KEY,
    json: { tenant, role: 'write', name: 'ci' },
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as {
    id: string;
    key: string;
    tenant: string;
    role: string;
    name: string;
  };
  expect(created).toMatchObject({ tenant, role: 'write', name: 'ci' });
  expect(created.key).toMatch(/^sdb_/);
  expect(created.id).not.toContain(created.key);
  expect((await region.request('/v1/mcps', { key: created.key })).status).toBe(200);
});

test('the key is stored hashed, never in clear', async () => {
  const created = await region.key('read');
  const rows = await region.database.client!<{ hash: string }[]>`
    select hash from api_keys where id = ${created.id}`;
  expect(rows).toHaveLength(1);
  expect(rows[0]!.hash).not.toContain(created.key);
  expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
});

test('an admin key creates keys for its own tenant', async () => {
  const admin = await region.key('admin');
  const res = await region.request('/v1/keys', {
    key: admin.key,
    json: { tenant: admin.tenant, role: 'read' },
  });
  expect(res.status).toBe(201);
});

test('DELETE /v1/keys/:id revokes: 204, then the key is 401', async () => {
  const k = await region.key('write');
  expect((await region.request('/v1/mcps', { key: k.key })).status).toBe(200);
  const res = await region.request(`/v1/keys/${k.id}`, { key: ROOT_KEY, method: 'DELETE' });
  expect(res.status).toBe(204);
  expect((await region.request('/v1/mcps', { key: k.key })).status).toBe(401);
});

test('an admin key revokes a key of its own tenant', async () => {
  const admin = await region.key('admin');
  const victim = await region.key('write', admin.tenant);
  expect((await region.request(`/v1/keys/${victim.id}`, { key: admin.key, method: 'DELETE' })).status).toBe(
    204,
  );
  expect((await region.request('/v1/mcps', { key: victim.key })).status).toBe(401);
});
