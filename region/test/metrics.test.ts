/**
 * GET /metrics: Prometheus text whose numbers follow real requests, commits, questions and stores.
 * Each region in a test has its own metric registry, so the counts below come from this file only.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion({ region: 'metrics-test' });
});
afterAll(async () => {
  await region?.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(): Promise<{ samples: Sample[]; text: string; type: string | null }> {
  const res = await region.request('/metrics', { key: null });
  expect(res.status).toBe(200);
  const text = await res.text();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, text, type: res.headers.get('content-type') };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const log = (i: number) => ({
  level: i % 2 ? 'error' : 'info',
  service: 'api',
  message: `m${i}`,
  timestamp: '2026-01-01T00:00:00Z',
});

test('request counts and latency are labelled by route pattern, method and status', async () => {
  const before = (await scrape()).samples;
  const k = await region.key('write');
  const ack = await region.request('/v1/ingest', { key: k.key, json: [log(1), log(2), log(3)] });
  expect(ack.status).toBe(201);
  const { records } = (await ack.json()) as { records: { id: string }[] };
  for (const r of records)
    expect((await region.request(`/v1/records/${r.id}`, { key: k.key })).status).toBe(200);
  expect((await region.request('/no/such/path', { key: k.key })).status).toBe(404);
  expect((await region.request('/v1/mcps', { key: 'sdb_wrong' })).status).toBe(401);

  const { samples, text, type } = await scrape();
  expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
  const delta = (labels: Record<string, string>) =>
    value(samples, 'smartdb_http_requests_total', labels) -
    value(before, 'smartdb_http_requests_total', labels);
  expect(delta({ route: '/v1/ingest', method: 'POST', status: '201' })).toBe(1);
  expect(delta({ route: '/v1/records/:id', method: 'GET', status: '200' })).toBe(3);
  expect(delta({ route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
  expect(delta({ route: '/v1/mcps', method: 'GET', status: '401' })).toBe(1);
  // The raw path, with its record id, never becomes a label value.
  expect(text).not.toContain(records[0]!.id);
  const histogramCount = (s: Sample[]) =>
    value(s, 'smartdb_http_request_duration_seconds_count', { route: '/v1/records/:id', method: 'GET' });
  expect(histogramCount(samples) - histogramCount(before)).toBe(3);
  expect(text).toMatch(/smartdb_http_request_duration_seconds_bucket\{[^}]*le="0\.005"/);
  expect(samples.find((s) => s.name === 'smartdb_http_requests_total')?.labels.region).toBe('metrics-test');
});

test('ingested records count commits; query latency is labelled by intent; stores by tier', async () => {
  const before = (await scrape()).samples;
  const k = await region.key('write');
  await region.request('/v1/ingest', { key: k.key, json: [log(1), log(2), log(3), log(4)] });
  await region.request('/v1/ingest', { key: k.key, json: log(5) });
  const answer = await region.request(`/v1/query?q=${encodeURIComponent('count error logs')}`, {
    key: k.key,
  });
  expect(answer.status).toBe(200);
  await region.request(`/v1/query?q=${encodeURIComponent('top 2 logs by timestamp')}`, { key: k.key });

  const { samples, text } = await scrape();
  expect(
    value(samples, 'smartdb_ingested_records_total') - value(before, 'smartdb_ingested_records_total'),
  ).toBe(5);
  const queries = (s: Sample[], intent: string) =>
    value(s, 'smartdb_query_duration_seconds_count', { intent });
  expect(queries(samples, 'count') - queries(before, 'count')).toBe(1);
  expect(queries(samples, 'find') - queries(before, 'find')).toBe(1);
  // The gauge reads the registry at scrape time: at least this tenant's new HOT store is counted.
  expect(value(samples, 'smartdb_mcps', { tier: 'HOT' })).toBeGreaterThanOrEqual(1);
  expect(value(samples, 'smartdb_mcps', { tier: 'HOT' })).toBe(region.services.registry.stats().byTier.HOT);
  expect(value(samples, 'smartdb_ingest_queue_length')).toBe(0);
  // Defined for the query cache's owner to increment; exposed with its help text.
  expect(text).toContain('# TYPE smartdb_cache_requests_total counter');
});
