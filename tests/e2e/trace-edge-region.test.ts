/**
 * One request through the edge is one trace: the edge's span for the region call, the region's
 * server span under it (continued from the `traceparent` the edge forwards over HTTP), the query span
 * and its SQL. Edge and region run in this process to share one in-memory exporter; the hop between
 * them is real HTTP on loopback through the edge's Node transport.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { edgeSettings } from '@smartdb/edge';
import { type RunningEdge, startEdgeNode } from '@smartdb/edge/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../support/region-process.ts';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

let region: InProcessRegion;
let server: ReturnType<typeof serve>;
let edge: RunningEdge;

beforeAll(async () => {
  region = await startInProcessRegion({ region: 'trace-east' });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: region.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  edge = await startEdgeNode(
    edgeSettings({ SMARTDB_REGIONS: `east=http://127.0.0.1:${port}`, PORT: 0, HOST: '127.0.0.1' }),
  );
});
afterAll(async () => {
  await edge?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await region?.close();
  await provider.shutdown();
});

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

test('a question through the edge yields one trace spanning edge, region and SQL', async () => {
  const key = await region.key('write');
  const ingest = await region.request('/v1/ingest', {
    key: key.key,
    json: [{ level: 'error', service: 'api', message: 'boom', timestamp: '2026-01-01T00:00:00Z' }],
  });
  expect(ingest.status).toBe(201);
  exporter.reset();

  const res = await fetch(`${edge.url}/v1/query?q=${encodeURIComponent('count error logs')}`, {
    headers: { authorization: `Bearer ${key.key}`, 'cache-control': 'no-store' },
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { count: number }).count).toBe(1);

  const spans = exporter.getFinishedSpans();
  const edgeSpan = spans.find((s) => s.name === 'edge GET' && s.kind === SpanKind.CLIENT);
  expect(edgeSpan).toBeDefined();
  expect(parentOf(edgeSpan!)).toBeUndefined();
  const traceId = edgeSpan!.spanContext().traceId;
  const trace = spans.filter((s) => s.spanContext().traceId === traceId);

  const server = trace.find((s) => s.name === 'GET /v1/query');
  expect(server).toBeDefined();
  expect(parentOf(server!)).toBe(edgeSpan!.spanContext().spanId);
  const query = trace.find((s) => s.name === 'query.answer');
  expect(query && parentOf(query)).toBe(server!.spanContext().spanId);
  expect(trace.some((s) => s.name === 'db.query')).toBe(true);
});
