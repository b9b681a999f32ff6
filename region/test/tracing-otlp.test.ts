/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, the region registers the Node SDK and exports its spans
 * over OTLP/HTTP to `<endpoint>/v1/traces` (received here by a local HTTP server standing in for a
 * collector); closing the services flushes what is batched.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { regionSettingsSchema } from '@smartdb/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TEST_DATABASE_URL, testDatabase } from '../../tests/support/db.ts';
import { ROOT_KEY } from '../../tests/support/region-process.ts';
import { createRegionApp } from '../src/app.ts';
import type { OpenDatabase } from '../src/database.ts';
import { createRegionServices } from '../src/services.ts';

const received: { path: string; type: string | undefined; body: string }[] = [];
const collector = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({
      path: req.url ?? '',
      type: req.headers['content-type'],
      body: Buffer.concat(chunks).toString(),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

let database: OpenDatabase;
let endpoint: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  database = await testDatabase();
});
afterAll(async () => {
  await database?.close();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

test('spans of a request reach the OTLP endpoint with the service name and region', async () => {
  const settings = regionSettingsSchema.parse({
    SMARTDB_ADMIN_KEY: ROOT_KEY,
    DATABASE_URL: TEST_DATABASE_URL,
    REGION: 'otlp-test',
    LOG_LEVEL: 'silent',
    OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`,
  });
  const services = await createRegionServices(settings, { database });
  const app = createRegionApp(services);
  const res = await app.request('/v1/mcps', { headers: { authorization: `Bearer ${ROOT_KEY}` } });
  expect(res.status).toBe(200);
  await services.close();

  const traces = received.filter((r) => r.path === '/v1/traces');
  expect(traces.length).toBeGreaterThan(0);
  expect(traces[0]!.type).toContain('application/json');
  const body = traces.map((t) => t.body).join('\n');
  expect(body).toContain('"smartdb-region"');
  expect(body).toContain('"otlp-test"');
  expect(body).toContain('"GET /v1/mcps"');
});
