/**
 * The answer cache's shared tier on the real Redis: a second region answers a question another
 * region already answered from Redis; a write makes the old answer unreachable; with Redis down the
 * region keeps answering from PostgreSQL and says so in /ready.
 */
import { regionSettingsSchema } from '@smartdb/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL, testDatabase, uniqueTenant } from '../../tests/support/db.ts';
import { createRegionApp } from '../src/app.ts';
import type { OpenDatabase } from '../src/database.ts';
import { createRegionServices, type RegionServices } from '../src/services.ts';

const ROOT = 'redis-cache-root-key-0123456789';
let database: OpenDatabase;
const opened: RegionServices[] = [];

async function region(name: string, redisUrl: string) {
  const settings = regionSettingsSchema.parse({
    SMARTDB_ADMIN_KEY: ROOT,
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: redisUrl,
    REGION: name,
    LOG_LEVEL: 'warn',
  });
  const services = await createRegionServices(settings, { database });
  opened.push(services);
  const app = createRegionApp(services);
  return (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${ROOT}`, ...init.headers } });
}

beforeAll(async () => {
  database = await testDatabase(4);
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await database?.close();
});

const json = async (res: Response) => (await res.json()) as { count: number; cache: string };

test('a second region answers from the shared Redis tier; a write makes the old answer unreachable', async () => {
  const tenant = uniqueTenant('redis');
  const east = await region('redis-east', TEST_REDIS_URL);
  const west = await region('redis-west', TEST_REDIS_URL);
  const headers = { 'x-smartdb-tenant': tenant, 'content-type': 'application/json' };
  const logs = Array.from({ length: 30 }, (_, i) => ({
    level: i % 3 === 0 ? 'error' : 'info',
    service: 'api',
    message: `m${i}`,
    timestamp: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`,
  }));
  expect((await east('/v1/ingest', { method: 'POST', headers, body: JSON.stringify(logs) })).status).toBe(
    201,
  );
  const q = `/v1/query?q=${encodeURIComponent('count error logs')}`;
  const first = await json(await east(q, { headers }));
  expect(first).toMatchObject({ count: 10, cache: 'miss' });

  // West has its own memory tier (empty) and the same registry versions: only Redis can answer.
  await new Promise((r) => setTimeout(r, 700));
  expect(await json(await west(q, { headers }))).toMatchObject({ count: 10, cache: 'hit' });

  const more = [{ level: 'error', service: 'api', message: 'late', timestamp: '2026-01-01T00:01:00Z' }];
  expect((await east('/v1/ingest', { method: 'POST', headers, body: JSON.stringify(more) })).status).toBe(
    201,
  );
  expect(await json(await east(q, { headers }))).toMatchObject({ count: 11, cache: 'miss' });
});

test('with Redis unreachable the region answers from PostgreSQL and reports it in /ready', async () => {
  const tenant = uniqueTenant('redis-down');
  const lonely = await region('redis-down', 'redis://127.0.0.1:1');
  const headers = { 'x-smartdb-tenant': tenant, 'content-type': 'application/json' };
  const body = JSON.stringify([
    { level: 'error', service: 'db', message: 'x', timestamp: '2026-01-01T00:00:00Z' },
  ]);
  expect((await lonely('/v1/ingest', { method: 'POST', headers, body })).status).toBe(201);
  const res = await lonely(`/v1/query?q=${encodeURIComponent('count error logs')}`, { headers });
  expect(res.status).toBe(200);
  expect((await json(res)).count).toBe(1);

  const ready = await lonely('/ready');
  expect(ready.status).toBe(200);
  const report = (await ready.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
  expect(report.checks.redis?.ok).toBe(false);
  expect(report.checks.database?.ok).toBe(true);
});
