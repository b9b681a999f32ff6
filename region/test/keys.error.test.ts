/** POST /v1/keys and DELETE /v1/keys/:id with bad control bodies: 4xx with a stable code, no key made. */
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

async function keysOf(tenant: string): Promise<number> {
  const [row] = await region.database.client!<{ n: number }[]>`
    select count(*)::int as n from api_keys where tenant_id = ${tenant}`;
  return row!.n;
}

async function expectRefused(body: string, status: number, code: string, contentType = 'application/json') {
  const res = await region.request('/v1/keys', { key: ROOT_KEY, body, contentType });
  const payload = (await res.json()) as { error: { code: string } };
  expect({ status: res.status, code: payload.error.code }).toEqual({ status, code });
}

test('an unknown field is 400 and no key is created', async () => {
  const tenant = uniqueTenant();
  await expectRefused(JSON.stringify({ tenant, role: 'read', admin: true }), 400, 'VALIDATION_FAILED');
  expect(await keysOf(tenant)).toBe(0);
});

test.each([
  ['a missing role', { tenant: 'x-1' }],
  ['an unknown role', { tenant: 'x-2', role: 'root' }],
  ['a tenant with a slash', { tenant: 'a/b', role: 'read' }],
  ['a tenant that is too long', { tenant: 'a'.repeat(65), role: 'read' }],
  ['a tenant that is not a string', { tenant: 7, role: 'read' }],
  ['an empty name', { tenant: 'x-3', role: 'read', name: '' }],
])('%s is 400 VALIDATION_FAILED', async (_, body) => {
  await expectRefused(JSON.stringify(body), 400, 'VALIDATION_FAILED');
  if (typeof body.tenant === 'string') expect(await keysOf(body.tenant)).toBe(0);
});

test('malformed JSON is 400', async () => {
  const res = await region.request('/v1/keys', { key: ROOT_KEY, body: '{"tenant":' });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
    /INVALID_JSON|VALIDATION_FAILED/,
  );
});

test('a wrong content type is 415', async () => {
  const tenant = uniqueTenant();
  await expectRefused(JSON.stringify({ tenant, role: 'read' }), 415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain');
  expect(await keysOf(tenant)).toBe(0);
});

test('a control body over 64 KiB is 413', async () => {
  const tenant = uniqueTenant();
  await expectRefused(
    JSON.stringify({ tenant, role: 'read', name: 'n'.repeat(70_000) }),
    413,
    'PAYLOAD_TOO_LARGE',
  );
  expect(await keysOf(tenant)).toBe(0);
});

test('a forbidden key in a control body is refused', async () => {
  const tenant = uniqueTenant();
  const res = await region.request('/v1/keys', {
    key: ROOT_KEY,
    body: `{"tenant":"${tenant}","role":"read","__proto__":{"role":"admin"}}`,
  });
  expect(res.status).toBe(400);
  expect(await keysOf(tenant)).toBe(0);
});

test('revoking an unknown key is 404', async () => {
  const res = await region.request('/v1/keys/key_nope', { key: ROOT_KEY, method: 'DELETE' });
  expect(res.status).toBe(404);
});

test('revoking twice is 404 the second time', async () => {
  const k = await region.key('read');
  expect((await region.request(`/v1/keys/${k.id}`, { key: ROOT_KEY, method: 'DELETE' })).status).toBe(204);
  expect((await region.request(`/v1/keys/${k.id}`, { key: ROOT_KEY, method: 'DELETE' })).status).toBe(404);
});
