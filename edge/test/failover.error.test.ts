import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../src/retry-budget.ts';
import { EAST, edgeFixture, WEST } from './support/edge-fixture.ts';

const auth = { authorization: 'Bearer key-a' };

describe('edge failover (error paths)', () => {
  it('retries an idempotent GET once on the next region and ejects the failed one at once', async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, 'reset');
    const res = await f.get('/v1/records/1', auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-smartdb-region')).toBe('west');
    expect(f.edge.pool.get('east')!.ejected).toBe(true);
    expect(f.edge.metrics.retries.value({ reason: 'io' })).toBe(1);
    f.regions.calls.length = 0;
    await f.get('/v1/records/2', auth);
    expect(f.regions.calls.map((c) => c.regionUrl)).toEqual([WEST]);
  });

  it('retries on 502/503/504 answers, and a POST with an Idempotency-Key', async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, '503');
    const res = await f.send('POST', '/v1/ingest', { ...auth, 'idempotency-key': 'k1' }, '{"a":1}');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-smartdb-region')).toBe('west');
    expect(JSON.parse((await res.json()).body)).toEqual({ a: 1 });
  });

  it('passes on a question the region cancelled at its time limit: no retry, no ejection', async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, 'query-timeout');
    for (let i = 0; i < 5; i++) {
      const res = await f.get(`/v1/query?q=slow+question+${i}`, auth);
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('QUERY_TIMEOUT');
      expect(res.headers.get('x-smartdb-region')).toBe('east');
      expect(res.headers.get('x-smartdb-cache')).not.toBe('HIT');
    }
    expect(f.regions.requestsTo(WEST)).toHaveLength(0);
    expect(f.edge.pool.get('east')!.ejected).toBe(false);
    expect(f.edge.metrics.retries.value({ reason: '503' })).toBe(0);
    // A plain 503 from the same region is still the region's failure: retried and ejected.
    f.regions.modes.set(EAST, '503');
    const res = await f.get('/v1/query?q=another', auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-smartdb-region')).toBe('west');
    expect(f.edge.pool.get('east')!.ejected).toBe(true);
  });

  it('does not retry a plain POST that may have reached the region, but does on connection refused', async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, 'reset');
    const res = await f.send('POST', '/v1/ingest', auth, '{"a":1}');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: 'NO_HEALTHY_REGION',
        message: expect.any(String),
        details: [{ region: 'east', error: 'io' }],
      },
    });
    expect(f.regions.requestsTo(WEST)).toHaveLength(0);

    const g = edgeFixture();
    g.regions.modes.set(EAST, 'refuse');
    expect((await g.send('POST', '/v1/ingest', auth, '{"a":1}')).status).toBe(201);
  });

  it('serves the cached answer marked STALE when no region can answer', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_CACHE_FRESH_MS: 1_000, SMARTDB_EDGE_CACHE_STALE_MS: 60_000 });
    const cached = await (await f.get('/v1/query?q=count+logs', auth)).json();
    f.regions.modes.set(EAST, 'refuse');
    f.regions.modes.set(WEST, 'refuse');
    f.clock.now += 5_000;
    const stale = await f.get('/v1/query?q=count+logs', auth);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-smartdb-cache')).toBe('STALE');
    expect(await stale.json()).toEqual(cached);
    const refreshed = await f.get('/v1/query?q=count+logs', { ...auth, 'cache-control': 'no-cache' });
    expect(refreshed.headers.get('x-smartdb-cache')).toBe('STALE');
    const uncached = await f.get('/v1/query?q=never+seen', auth);
    expect(uncached.status).toBe(503);
    expect(uncached.headers.get('x-smartdb-error')).toBe('NO_HEALTHY_REGION');
    expect((await uncached.json()).error.code).toBe('NO_HEALTHY_REGION');
  });

  it('stops retrying when the retry budget is spent', () => {
    let now = 0;
    const budget = new RetryBudget(0.5, 0, () => now);
    let allowed = 0;
    while (budget.withdraw()) allowed++;
    expect(allowed).toBe(10);
    budget.deposit();
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(true);
    const floor = new RetryBudget(0, 2, () => now);
    while (floor.withdraw());
    now += 1_000;
    expect(floor.withdraw()).toBe(true);
    expect(floor.withdraw()).toBe(true);
    expect(floor.withdraw()).toBe(false);
  });
});
