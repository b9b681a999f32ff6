/**
 * Shipping request and audit logs to Elasticsearch (Elasticsearch mocked by a local _bulk fixture):
 * batches go out with `_bulk` off the request path; while Elasticsearch is down documents are
 * dropped and counted, the buffer stays bounded, and shipping resumes after the back-off.
 */
import { regionSettingsSchema } from '@smartdb/core';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_DATABASE_URL, testDatabase, uniqueTenant } from '../../tests/support/db.ts';
import { type EsFixture, startEsFixture } from '../../tests/support/es-fixture.ts';
import { ROOT_KEY } from '../../tests/support/region-process.ts';
import { createRegionApp } from '../src/app.ts';
import type { OpenDatabase } from '../src/database.ts';
import { LogShipper } from '../src/observability/es-shipper.ts';
import { createRegionServices, type RegionServices } from '../src/services.ts';

let es: EsFixture;
beforeAll(async () => {
  es = await startEsFixture();
});
afterAll(async () => {
  await es?.close();
});

function counters() {
  const registry = new Registry();
  const shipped = new Counter({ name: 'shipped', help: 'h', registers: [registry] });
  const dropped = new Counter({ name: 'dropped', help: 'h', labelNames: ['reason'], registers: [registry] });
  const count = async (c: Counter<string>, labels: Record<string, string> = {}) =>
    (await c.get()).values
      .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
      .reduce((s, v) => s + v.value, 0);
  return { shipped, dropped, count };
}

describe('LogShipper (Elasticsearch mocked by a local _bulk fixture)', () => {
  test('ships buffered documents as one _bulk request of create actions', async () => {
    const { shipped, dropped, count } = counters();
    const shipper = new LogShipper({
      url: es.url,
      index: 'smartdb-test',
      flushIntervalMs: 60_000,
      shipped,
      dropped,
    });
    const before = es.requests.length;
    for (let i = 0; i < 3; i++) shipper.ship({ n: i, marker: 'bulk-a' });
    expect(es.requests.length).toBe(before); // nothing is sent on the caller's path
    await shipper.flush();
    const sent = es.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe('/_bulk');
    expect(sent[0]!.contentType).toMatch(/ndjson/);
    expect(sent[0]!.actions).toEqual([0, 1, 2].map(() => ({ create: { _index: 'smartdb-test' } })));
    expect(sent[0]!.docs.map((d) => d.n)).toEqual([0, 1, 2]);
    expect(await count(shipped)).toBe(3);
    expect(await count(dropped)).toBe(0);
    await shipper.close();
  });

  test('while Elasticsearch is down documents are dropped and counted; shipping resumes after back-off', async () => {
    const { shipped, dropped, count } = counters();
    let now = 1_000_000;
    const shipper = new LogShipper({
      url: es.url,
      flushIntervalMs: 60_000,
      backoffMs: 5_000,
      shipped,
      dropped,
      now: () => now,
    });
    es.failing = true;
    try {
      shipper.ship({ marker: 'down-1' });
      shipper.ship({ marker: 'down-2' });
      await shipper.flush();
      expect(await count(dropped, { reason: 'unavailable' })).toBe(2);
      // Inside the back-off window new documents are dropped at once: nothing piles up.
      for (let i = 0; i < 10; i++) shipper.ship({ marker: 'during-outage' });
      expect(shipper.buffered).toBe(0);
      expect(await count(dropped, { reason: 'unavailable' })).toBe(12);
    } finally {
      es.failing = false;
    }
    now += 5_001;
    shipper.ship({ marker: 'after-recovery' });
    await shipper.flush();
    expect(await count(shipped)).toBe(1);
    expect(es.docs().some((d) => d.marker === 'after-recovery')).toBe(true);
    expect(es.docs().some((d) => String(d.marker).startsWith('down') || d.marker === 'during-outage')).toBe(
      false,
    );
    await shipper.close();
  });

  test('the buffer is bounded; refused documents are counted as rejected', async () => {
    const { shipped, dropped, count } = counters();
    const shipper = new LogShipper({
      url: es.url,
      maxBuffer: 5,
      batchSize: 100,
      flushIntervalMs: 60_000,
      shipped,
      dropped,
    });
    for (let i = 0; i < 8; i++) shipper.ship({ i, marker: 'bounded' });
    expect(shipper.buffered).toBe(5);
    expect(await count(dropped, { reason: 'buffer_full' })).toBe(3);
    es.reject = (doc) => doc.i === 4;
    try {
      await shipper.flush();
    } finally {
      es.reject = null;
    }
    expect(await count(shipped)).toBe(4);
    expect(await count(dropped, { reason: 'rejected' })).toBe(1);
    await shipper.close();
  });
});

describe('a region with ELASTICSEARCH_URL (Elasticsearch mocked by a local _bulk fixture)', () => {
  let database: OpenDatabase;
  let services: RegionServices;
  beforeAll(async () => {
    database = await testDatabase();
    const settings = regionSettingsSchema.parse({
      SMARTDB_ADMIN_KEY: ROOT_KEY,
      DATABASE_URL: TEST_DATABASE_URL,
      REGION: 'es-test',
      LOG_LEVEL: 'silent',
      ELASTICSEARCH_URL: es.url,
    });
    services = await createRegionServices(settings, { database });
  });
  afterAll(async () => {
    await services?.close();
    await database?.close();
  });

  test('ships request and audit log documents without keys or bodies, and counts them', async () => {
    const app = createRegionApp(services);
    const tenant = uniqueTenant('es');
    const created = await app.request('/v1/keys', {
      method: 'POST',
      headers: { authorization: `Bearer ${ROOT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant, role: 'write' }),
    });
    const { key } = (await created.json()) as { key: string };
    const ingest = await app.request('/v1/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'shipped-body-marker', amount: 3 }),
    });
    expect(ingest.status).toBe(201);
    await services.observability.shipper!.flush();

    const docs = es.docs().filter((d) => d.region === 'es-test');
    expect(docs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'audit', route: '/v1/keys', status: 201 }),
        expect.objectContaining({
          kind: 'request',
          route: '/v1/ingest',
          status: 201,
          tenant,
          requestId: ingest.headers.get('x-request-id'),
          '@timestamp': expect.any(String),
        }),
      ]),
    );
    const text = JSON.stringify(docs);
    expect(text).not.toContain(key);
    expect(text).not.toContain(ROOT_KEY);
    expect(text).not.toContain('shipped-body-marker');
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toMatch(/smartdb_log_shipped_total\{region="es-test"\} [1-9]/);
  });
});
