import { describe, expect, it } from 'vitest';
import { EAST, edgeFixture, WEST } from './support/edge-fixture.ts';

const auth = { authorization: 'Bearer key-a' };

describe('edge proxy (happy path)', () => {
  it('proxies to the fastest region and caches a 200 GET per caller: MISS then HIT', async () => {
    const f = edgeFixture();
    f.edge.pool.get('east')!.probeSucceeded(f.clock.now, 5);
    f.edge.pool.get('west')!.probeSucceeded(f.clock.now, 40);
    const first = await f.get('/v1/query?q=count+logs', auth);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-smartdb-cache')).toBe('MISS');
    expect(first.headers.get('x-smartdb-region')).toBe('east');
    const body = await first.json();
    expect(body).toMatchObject({ region: EAST, n: 1, path: '/v1/query?q=count+logs' });

    const second = await f.get('/v1/query?q=count+logs', auth);
    expect(second.headers.get('x-smartdb-cache')).toBe('HIT');
    expect(second.headers.get('x-smartdb-region')).toBe('east');
    expect(second.headers.get('content-type')).toBe('application/json');
    expect(await second.json()).toEqual(body);
    expect(f.regions.requestsTo(EAST)).toHaveLength(1);
  });

  it('normalises the query string: parameter order does not split the cache', async () => {
    const f = edgeFixture();
    await f.get('/v1/mcps/discover?tier=HOT&domain=logs', auth);
    const again = await f.get('/v1/mcps/discover?domain=logs&tier=HOT', auth);
    expect(again.headers.get('x-smartdb-cache')).toBe('HIT');
  });

  it('serves stale after the fresh window while one refresh runs, then fresh again', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_CACHE_FRESH_MS: 1_000, SMARTDB_EDGE_CACHE_STALE_MS: 10_000 });
    await f.get('/v1/records/1', auth);
    f.clock.now += 2_000;
    const stale = await f.get('/v1/records/1', auth);
    expect(stale.headers.get('x-smartdb-cache')).toBe('STALE');
    expect((await stale.json()).n).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    const fresh = await f.get('/v1/records/1', auth);
    expect(fresh.headers.get('x-smartdb-cache')).toBe('HIT');
    expect((await fresh.json()).n).toBe(2);
  });

  it('sets x-request-id, forwards traceparent and x-forwarded-*, strips hop-by-hop headers both ways', async () => {
    const f = edgeFixture();
    const res = await f.get('/v1/query?q=x', {
      ...auth,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      connection: 'keep-alive, x-private',
      'x-private': 'secret',
      'keep-alive': 'timeout=5',
      'x-forwarded-for': '203.0.113.9',
      host: 'api.example.test',
    });
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = f.regions.requestsTo(EAST)[0]!.request.headers;
    expect(sent.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(sent['x-request-id']).toBe(requestId);
    expect(sent['x-forwarded-proto']).toBe('http');
    expect(sent['x-forwarded-host']).toBe('api.example.test');
    expect(sent['x-forwarded-for']).toBe('203.0.113.9');
    expect(sent.connection).toBeUndefined();
    expect(sent['x-private']).toBeUndefined();
    expect(sent['keep-alive']).toBeUndefined();
    expect(sent.host).toBeUndefined();
    expect(res.headers.get('keep-alive')).toBeNull();
    expect(res.headers.get('x-secret-hop')).toBeNull();

    const echoed = await f.get('/v1/query?q=y', { ...auth, 'x-request-id': 'client-id-42' });
    expect(echoed.headers.get('x-request-id')).toBe('client-id-42');
  });

  it('serves /health, /ready, /edge/regions and /metrics itself', async () => {
    const f = edgeFixture();
    expect(await (await f.get('/health')).json()).toEqual({ status: 'ok', role: 'edge' });
    expect((await f.get('/ready')).status).toBe(200);
    await f.get('/v1/query?q=a', auth);
    await f.get('/v1/query?q=a', auth);
    const regions = await (await f.get('/edge/regions')).json();
    expect(regions).toEqual([
      expect.objectContaining({
        name: 'east',
        url: EAST,
        healthy: true,
        ejected: false,
        inflight: 0,
        lastError: null,
      }),
      expect.objectContaining({ name: 'west', url: WEST, healthy: true, ejected: false }),
    ]);
    const text = await (await f.get('/metrics')).text();
    expect(text).toContain('smartdb_edge_cache_total{result="miss",tier="none"} 1');
    expect(text).toContain('smartdb_edge_cache_total{result="hit",tier="memory"} 1');
    expect(text).toContain('smartdb_edge_requests_total{status="200"}');
    expect(text).toContain('smartdb_edge_region_ejected{region="east"} 0');
  });

  it('honours the region hint header and geo hints', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_GEO: 'DE=west' });
    f.edge.pool.get('east')!.probeSucceeded(f.clock.now, 1);
    f.edge.pool.get('west')!.probeSucceeded(f.clock.now, 50);
    expect(
      (await f.send('POST', '/v1/ingest', { 'x-smartdb-region': 'west' }, '{}')).headers.get(
        'x-smartdb-region',
      ),
    ).toBe('west');
    expect(
      (await f.send('POST', '/v1/ingest', { 'cf-ipcountry': 'DE' }, '{}')).headers.get('x-smartdb-region'),
    ).toBe('west');
    expect(
      (await f.send('POST', '/v1/ingest', { 'cf-ipcountry': 'US' }, '{}')).headers.get('x-smartdb-region'),
    ).toBe('east');
  });
});
