import { describe, expect, it } from 'vitest';
import { EAST, edgeFixture } from './support/edge-fixture.ts';

const keyA = { authorization: 'Bearer key-a' };
const keyB = { authorization: 'Bearer key-b' };

describe('edge cache (security)', () => {
  it('never serves one key the answer cached for another key', async () => {
    const f = edgeFixture();
    const a = await (await f.get('/v1/query?q=count+users', keyA)).json();
    const b = await f.get('/v1/query?q=count+users', keyB);
    expect(b.headers.get('x-smartdb-cache')).toBe('MISS');
    const bBody = await b.json();
    expect(bBody.auth).toBe('Bearer key-b');
    expect(a.auth).toBe('Bearer key-a');
    const aAgain = await f.get('/v1/query?q=count+users', keyA);
    expect(aAgain.headers.get('x-smartdb-cache')).toBe('HIT');
    expect((await aAgain.json()).auth).toBe('Bearer key-a');
  });

  it('does not cache unauthenticated requests, non-/v1 paths, non-GETs or errors', async () => {
    const f = edgeFixture();
    for (let i = 0; i < 2; i++) {
      expect((await f.get('/v1/query?q=x')).headers.get('x-smartdb-cache')).toBe('BYPASS');
      expect((await f.get('/openapi.json', keyA)).headers.get('x-smartdb-cache')).toBe('BYPASS');
      expect((await f.send('POST', '/v1/query', keyA, '{"q":"x"}')).headers.get('x-smartdb-cache')).toBe(
        'BYPASS',
      );
    }
    f.regions.modes.set(EAST, '500');
    f.regions.modes.set('http://west.test', '500');
    expect((await f.get('/v1/records/9', keyA)).status).toBe(500);
    f.regions.modes.clear();
    const after = await f.get('/v1/records/9', keyA);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-smartdb-cache')).toBe('MISS');
  });

  it("honours the region's Cache-Control: no-store", async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, 'no-store');
    f.regions.modes.set('http://west.test', 'no-store');
    await f.get('/v1/records/1', keyA);
    expect((await f.get('/v1/records/1', keyA)).headers.get('x-smartdb-cache')).toBe('MISS');
  });

  it('honours the client: no-store bypasses the cache, no-cache refreshes the entry', async () => {
    const f = edgeFixture();
    await f.get('/v1/records/1', keyA);
    const skipped = await f.get('/v1/records/1', { ...keyA, 'cache-control': 'no-store' });
    expect(skipped.headers.get('x-smartdb-cache')).toBe('BYPASS');
    expect((await skipped.json()).n).toBe(2);
    const refreshed = await f.get('/v1/records/1', { ...keyA, 'cache-control': 'no-cache' });
    expect(refreshed.headers.get('x-smartdb-cache')).toBe('BYPASS');
    expect((await refreshed.json()).n).toBe(3);
    const hit = await f.get('/v1/records/1', keyA);
    expect(hit.headers.get('x-smartdb-cache')).toBe('HIT');
    expect((await hit.json()).n).toBe(3);
  });

  it("a write through the edge invalidates that caller's cached answers at once (read-your-writes)", async () => {
    const f = edgeFixture();
    await f.get('/v1/query?q=count+orders', keyA);
    await f.get('/v1/query?q=count+orders', keyB);
    expect((await f.send('POST', '/v1/ingest', keyA, '{"amount":5}')).status).toBe(201);
    const a = await f.get('/v1/query?q=count+orders', keyA);
    expect(a.headers.get('x-smartdb-cache')).toBe('MISS');
    expect((await f.get('/v1/query?q=count+orders', keyB)).headers.get('x-smartdb-cache')).toBe('HIT');
    await f.send('POST', '/v1/query', keyA, '{"q":"count orders"}');
    expect((await f.get('/v1/query?q=count+orders', keyA)).headers.get('x-smartdb-cache')).toBe('HIT');
  });

  it('contacts only configured regions, whatever the request target looks like', async () => {
    const f = edgeFixture();
    await f.get('//evil.test/steal', keyA);
    await f.send('GET', '/v1/records/1?next=http://evil.test/', keyA);
    await f.edge.app.request('http://edge.test/x', { headers: { host: 'evil.test' } });
    expect(new Set(f.regions.calls.map((c) => c.regionUrl))).toEqual(new Set([EAST]));
    expect(f.regions.calls[0]!.request.path).toBe('//evil.test/steal');
  });

  it('refuses oversize bodies with 413 before contacting a region', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_MAX_BODY_BYTES: 2_048 });
    const res = await f.send('POST', '/v1/ingest', keyA, 'x'.repeat(4_096));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(f.regions.calls).toHaveLength(0);
  });

  it('refuses a declared Content-Length over the limit with 413 before reading or contacting a region', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_MAX_BODY_BYTES: 2_048 });
    const res = await f.send('POST', '/v1/ingest', { ...keyA, 'content-length': '4096' }, 'x'.repeat(4_096));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(f.regions.calls).toHaveLength(0);
  });

  it('forwards a body within the limit, with or without a Content-Length, byte for byte', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_MAX_BODY_BYTES: 2_048 });
    const body = JSON.stringify({ note: 'é✓'.repeat(100) });
    await f.send('POST', '/v1/ingest', { ...keyA, 'content-length': String(Buffer.byteLength(body)) }, body);
    await f.send('POST', '/v1/ingest', keyA, body);
    const forwarded = f.regions.calls.filter((c) => c.request.path === '/v1/ingest');
    expect(forwarded.map((c) => new TextDecoder().decode(c.request.body))).toEqual([body, body]);
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const f = edgeFixture({ SMARTDB_EDGE_RATE_LIMIT_RPS: 1, SMARTDB_EDGE_RATE_LIMIT_BURST: 2 });
    expect((await f.get('/v1/records/1', keyA)).status).toBe(200);
    expect((await f.get('/v1/records/1', keyA)).status).toBe(200);
    const limited = await f.get('/v1/records/1', keyA);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-request-id')).toBeTruthy();
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await f.get('/v1/records/1', keyB)).status).toBe(200);
    f.clock.now += 1_000;
    expect((await f.get('/v1/records/1', keyA)).status).toBe(200);
  });
});
