// End-to-end against REAL regions (`node bin/smartdb.mjs region`, shared test PostgreSQL) behind a
// Node edge: one tenant never receives another's cached answer, a write through the edge is read back
// at once, and cached answers are served STALE when every region is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill, type Running, startEdge, startRealRegion, stopAll } from '../support/edge-processes.ts';
import { createTenant, type Tenant } from '../support/edge-tenants.ts';

let east: Running;
let west: Running;
let edge: Running;

beforeAll(async () => {
  east = await startRealRegion('us-east');
  west = await startRealRegion('eu-west');
  edge = await startEdge(`us-east=${east.url},eu-west=${west.url}`, {
    SMARTDB_EDGE_CACHE_FRESH_MS: '1000',
    SMARTDB_EDGE_CACHE_STALE_MS: '60000',
  });
}, 60_000);
afterAll(stopAll);

async function get(path: string, who: Tenant, extra: Record<string, string> = {}) {
  const res = await fetch(`${edge.url}${path}`, {
    headers: { authorization: `Bearer ${who.key}`, ...extra },
  });
  return {
    status: res.status,
    cache: res.headers.get('x-smartdb-cache'),
    region: res.headers.get('x-smartdb-region'),
    text: await res.text(),
  };
}

describe('edge cache in front of real regions', () => {
  it('one tenant never receives another tenant’s cached answer', async () => {
    const a = await createTenant(edge.url, { orderId: 'o-1', amount: 42, status: 'paid' });
    const b = await createTenant(edge.url, { email: 'b@example.test', plan: 'premium' });
    for (let round = 0; round < 2; round++) {
      const [aOwn, bOfA, aMcps, bMcps] = await Promise.all([
        get(`/v1/records/${a.recordId}`, a),
        get(`/v1/records/${a.recordId}`, b),
        get('/v1/mcps', a),
        get('/v1/mcps', b),
      ]);
      expect(aOwn.status).toBe(200);
      expect(aOwn.text).toContain('o-1');
      expect(bOfA.status).toBe(404);
      expect(bOfA.text).not.toContain('o-1');
      // Registry listings name each tenant's learned fields: neither may see the other's.
      expect(aMcps.text).not.toContain('email');
      expect(bMcps.text).not.toContain('orderId');
      if (round === 1) expect(aOwn.cache).toBe('HIT');
    }
  }, 20_000);

  it('a write through the edge is visible to the same caller at once (read-your-writes)', async () => {
    const a = await createTenant(edge.url, { sku: 'sku-9', quantity: 3 });
    const before = await get(`/v1/records/${a.recordId}`, a);
    expect(before.status).toBe(200);
    expect((await get(`/v1/records/${a.recordId}`, a)).cache).toBe('HIT');
    const del = await fetch(`${edge.url}/v1/records/${a.recordId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.key}` },
    });
    expect(del.status).toBe(204);
    const after = await get(`/v1/records/${a.recordId}`, a);
    expect(after.cache).toBe('MISS');
    expect(after.status).toBe(404);
  }, 20_000);

  it('serves cached answers marked STALE when every region is down', async () => {
    const a = await createTenant(edge.url, { ticket: 't-77', priority: 'high' });
    const fresh = await get(`/v1/records/${a.recordId}`, a);
    expect(fresh.status).toBe(200);
    await Promise.all([kill(east), kill(west)]);
    await new Promise((r) => setTimeout(r, 1_200));
    const stale = await get(`/v1/records/${a.recordId}`, a);
    expect(stale.status).toBe(200);
    expect(stale.cache).toBe('STALE');
    expect(stale.text).toBe(fresh.text);
    const uncached = await get('/v1/mcps/discover?domain=none', a);
    expect(uncached.status).toBe(503);
    expect(JSON.parse(uncached.text).error.code).toBe('NO_HEALTHY_REGION');
  }, 20_000);
});
