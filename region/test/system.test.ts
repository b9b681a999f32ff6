/** /health, /ready, /openapi.json and /docs. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion({ region: 'sys-test' });
});
afterAll(async () => {
  await region?.close();
});

test('/health is 200 without a key', async () => {
  const res = await region.request('/health', { key: null });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', region: 'sys-test' });
  expect(res.headers.get('x-request-id')).toBeTruthy();
});

test('/ready is 200 with its checks when the database is reachable and migrated', async () => {
  const res = await region.request('/ready', { key: null });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    status: 'ready',
    region: 'sys-test',
    checks: { database: { ok: true }, migrations: { ok: true }, registry: { ok: true } },
  });
});

test('/openapi.json is OpenAPI 3.1 and documents every /v1 route the app serves', async () => {
  const res = await region.request('/openapi.json', { key: null });
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(doc.openapi).toMatch(/^3\.1\./);
  const served = region.app.routes
    .filter((r) => r.path.startsWith('/v1/') && !r.path.includes('*') && r.method !== 'ALL')
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  expect(served.length).toBeGreaterThanOrEqual(8);
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m} ${path}`),
  );
  for (const route of served) expect(documented).toContain(route);
  for (const path of [
    '/v1/keys',
    '/v1/keys/{id}',
    '/v1/ingest',
    '/v1/records/{id}',
    '/v1/mcps',
    '/v1/mcps/{id}',
    '/v1/mcps/discover',
  ]) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
});

test('/docs is an HTML page naming the operations', async () => {
  const res = await region.request('/docs', { key: null });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const html = await res.text();
  expect(html).toContain('<!doctype html>');
  expect(html).toContain('POST /v1/ingest');
  expect(html).toContain('/openapi.json');
});

test('an unknown route is 404 in the standard error shape', async () => {
  const res = await region.request('/nope', { key: null });
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
});
