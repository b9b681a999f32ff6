/**
 * Tracing with the OpenTelemetry SDK and an in-memory exporter: one request is one trace holding
 * the region's server span, the ingest / query spans and the SQL spans under them; an incoming
 * `traceparent` (as the edge sends) is continued, not replaced. No span records a parameter value.
 */
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../../tests/support/region-process.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion({ region: 'tracing-test' });
});
afterAll(async () => {
  await region?.close();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

function traceOf(spans: ReadableSpan[], traceId: string): ReadableSpan[] {
  return spans.filter((s) => s.spanContext().traceId === traceId);
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

test('an incoming traceparent is continued: the ingest request, its commit and its SQL share its trace', async () => {
  const k = await region.key('write');
  exporter.reset();
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const edgeSpanId = '00f067aa0ba902b7';
  const secret = 'payload-value-9c1f';
  const res = await region.request('/v1/ingest', {
    key: k.key,
    json: { level: 'error', service: 'api', message: secret, timestamp: '2026-01-01T00:00:00Z' },
    headers: { traceparent: `00-${traceId}-${edgeSpanId}-01` },
  });
  expect(res.status).toBe(201);

  const spans = traceOf(exporter.getFinishedSpans(), traceId);
  const server = spans.find((s) => s.name === 'POST /v1/ingest')!;
  expect(server).toBeDefined();
  expect(parentOf(server)).toBe(edgeSpanId);
  expect(server.attributes['http.route']).toBe('/v1/ingest');
  expect(server.attributes['http.response.status_code']).toBe(201);

  const ingest = spans.find((s) => s.name === 'ingest.records')!;
  expect(ingest).toBeDefined();
  expect(parentOf(ingest)).toBe(server.spanContext().spanId);
  const sql = spans.filter((s) => s.name === 'db.query');
  expect(sql.some((s) => String(s.attributes['db.query.text']).toLowerCase().includes('insert'))).toBe(true);
  expect(spans.some((s) => s.name === 'db.transaction')).toBe(true);
  // No span, of this trace or any other, carries the record's values.
  for (const s of exporter.getFinishedSpans()) expect(JSON.stringify(s.attributes)).not.toContain(secret);
});

test('a question without traceparent starts one trace: server span, query span and its SQL', async () => {
  const k = await region.key('write');
  await region.request('/v1/ingest', {
    key: k.key,
    json: [
      { level: 'error', service: 'api', message: 'a', timestamp: '2026-01-01T00:00:00Z' },
      { level: 'info', service: 'web', message: 'b', timestamp: '2026-01-01T00:00:01Z' },
    ],
  });
  exporter.reset();
  const res = await region.request(`/v1/query?q=${encodeURIComponent('count error logs by service')}`, {
    key: k.key,
  });
  expect(res.status).toBe(200);

  const spans = exporter.getFinishedSpans();
  const server = spans.find((s) => s.name === 'GET /v1/query')!;
  expect(server).toBeDefined();
  expect(parentOf(server)).toBeUndefined();
  const traceId = server.spanContext().traceId;
  // The region's background work (registry refresh) makes traces of its own; this request's spans
  // all share the server span's trace.
  const inTrace = traceOf(spans, traceId);
  expect(inTrace.map((s) => s.name)).toEqual(
    expect.arrayContaining(['GET /v1/query', 'query.answer', 'db.query']),
  );
  const query = spans.find((s) => s.name === 'query.answer')!;
  expect(parentOf(query)).toBe(server.spanContext().spanId);
  const sql = inTrace.filter((s) => s.name === 'db.query');
  expect(sql.length).toBeGreaterThan(0);
  expect(sql.some((s) => String(s.attributes['db.query.text']).toLowerCase().startsWith('select'))).toBe(
    true,
  );
  expect(sql.some((s) => parentOf(s) === query.spanContext().spanId)).toBe(true);
});
