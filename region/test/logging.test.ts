/**
 * Request logs: one JSON line per request with request id, tenant, route, status and latency, and
 * never a key, an Authorization header, a question's text or a record body.
 */
import { Writable } from 'node:stream';
import { AppError, regionSettingsSchema } from '@smartdb/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TEST_DATABASE_URL, testDatabase, uniqueTenant } from '../../tests/support/db.ts';
import { ROOT_KEY } from '../../tests/support/region-process.ts';
import { createRegionApp } from '../src/app.ts';
import type { OpenDatabase } from '../src/database.ts';
import { failureOf } from '../src/observability/http.ts';
import { createRegionServices, type RegionServices } from '../src/services.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let database: OpenDatabase;
let services: RegionServices;
let app: ReturnType<typeof createRegionApp>;

beforeAll(async () => {
  database = await testDatabase();
  const settings = regionSettingsSchema.parse({
    SMARTDB_ADMIN_KEY: ROOT_KEY,
    DATABASE_URL: TEST_DATABASE_URL,
    REGION: 'logging-test',
    LOG_LEVEL: 'info',
  });
  services = await createRegionServices(settings, { database, observability: { logDestination: sink } });
  app = createRegionApp(services);
});
afterAll(async () => {
  await services?.close();
  await database?.close();
});

function call(path: string, key: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

test('a request line has id, tenant, route, status and latency; no key, header, question or body text', async () => {
  const tenant = uniqueTenant('log');
  const created = await call('/v1/keys', ROOT_KEY, { tenant, role: 'write' });
  const { key } = (await created.json()) as { key: string };
  const bodyMarker = 'card-4111-1111-1111-1111';
  const questionMarker = 'zebra-question-marker';

  const ingest = await call('/v1/ingest', key, { customer: 'ann', note: bodyMarker, amount: 12 });
  expect(ingest.status).toBe(201);
  await call(`/v1/query?q=${encodeURIComponent(`find orders ${questionMarker}`)}`, key);
  await call('/v1/mcps', 'sdb_definitely-wrong-key-5150');

  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const line = entries.find((e) => e.requestId === ingest.headers.get('x-request-id'))!;
  expect(line).toMatchObject({
    kind: 'request',
    region: 'logging-test',
    tenant,
    method: 'POST',
    route: '/v1/ingest',
    status: 201,
  });
  expect(typeof line.latencyMs).toBe('number');
  expect(entries.some((e) => e.route === '/v1/keys' && e.kind === 'audit' && e.status === 201)).toBe(true);
  expect(entries.some((e) => e.route === '/v1/mcps' && e.status === 401 && e.tenant === null)).toBe(true);

  const all = lines.join('\n');
  for (const secret of [key, ROOT_KEY, 'definitely-wrong-key', bodyMarker, questionMarker, 'Bearer']) {
    expect(all).not.toContain(secret);
  }
});

test('a failure underneath is logged by its kind and SQLSTATE, never by its message (it quotes values)', async () => {
  const failed = await database.db.execute(sql`select ${'secret-value-42'}::int`).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(failureOf(failed!)).toBe('PostgresError 22P02');
  const wrapped = new AppError(
    503,
    'UNAVAILABLE',
    'the database could not commit the write; retry the request',
    {
      cause: failed,
    },
  );
  expect(failureOf(wrapped)).toBe(
    'the database could not commit the write; retry the request (cause: PostgresError 22P02)',
  );
  expect(JSON.stringify(wrapped.toBody())).not.toContain('PostgresError');
  expect(failureOf(new AppError(500, 'INTERNAL', 'internal error'))).toBe('internal error');
});
