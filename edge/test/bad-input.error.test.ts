// Bad input at the edge: a 4xx of the caller's own, never a 500, and no region contacted.
import { describe, expect, it } from 'vitest';
import { edgeFixture } from './support/edge-fixture.ts';

describe('a request body the client cuts off before its end', () => {
  it('is 400 BAD_REQUEST, counted as a 400, and reaches no region (was 500 INTERNAL, logged as unhandled)', async () => {
    const f = edgeFixture();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('[{"sku":"a-1"},{"sku":'));
        controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
    const res = await f.edge.app.request('http://edge.test/v1/ingest', {
      method: 'POST',
      headers: { authorization: 'Bearer key-a', 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(f.regions.calls).toHaveLength(0);
    const metrics = f.edge.metrics.registry.render();
    expect(metrics).toContain('smartdb_edge_requests_total{status="400"} 1');
    expect(metrics).not.toContain('status="500"');
  });
});
