// End-to-end, real processes on loopback: the edge cache with fake region processes
// (tests/support/edge-fake-region.ts) — one key never gets another key's answer, stale answers when
// every region is down, and a shared Upstash tier (REST fixture over the real local Redis) between
// two edges with cross-edge invalidation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kill, type Running, startEdge, startFakeRegion, stopAll } from '../support/edge-processes.ts';
import { startUpstashFixture, type UpstashFixture } from '../support/upstash-fixture.ts';

let east: Running;
let west: Running;
let upstash: UpstashFixture;

beforeAll(async () => {
  [east, west, upstash] = await Promise.all([
    startFakeRegion('east'),
    startFakeRegion('west'),
    startUpstashFixture(),
  ]);
});
afterAll(async () => {
  await stopAll();
  await upstash.close();
});

async function get(url: string, key: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  return {
    status: res.status,
    cache: res.headers.get('x-smartdb-cache'),
    body: (await res.json()) as { auth: string; n: number },
  };
}

describe('edge cache (fake region processes)', () => {
  it('never serves one key an answer cached for another key, under concurrency', async () => {
    const edge = await startEdge(`east=${east.url},west=${west.url}`);
    const keys = ['tenant-a-key', 'tenant-b-key', 'tenant-c-key'];
    let hits = 0;
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        keys.flatMap((key) =>
          Array.from({ length: 30 }, async (_, i) => ({
            key,
            ...(await get(`${edge.url}/v1/query?q=count+${i}`, key)),
          })),
        ),
      );
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.body.auth).toBe(`Bearer ${a.key}`);
        if (a.cache === 'HIT') hits++;
      }
    }
    expect(hits).toBeGreaterThanOrEqual(150);
  }, 30_000);

  it('shares entries between edges through Upstash and sees another edge’s write within the generation TTL', async () => {
    const env = {
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      SMARTDB_EDGE_GENERATION_TTL_MS: '200',
      SMARTDB_EDGE_CACHE_FRESH_MS: '30000',
    };
    const regions = `east=${east.url},west=${west.url}`;
    const [a, b] = await Promise.all([startEdge(regions, env), startEdge(regions, env)]);
    const key = `shared-${crypto.randomUUID()}`;
    const first = await get(`${a.url}/v1/query?q=count+orders`, key);
    expect(first.cache).toBe('MISS');
    const second = await get(`${b.url}/v1/query?q=count+orders`, key);
    expect(second.cache).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(await (await fetch(`${b.url}/metrics`)).text()).toContain(
      'smartdb_edge_cache_total{result="hit",tier="upstash"} 1',
    );

    const write = await fetch(`${a.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"amount":1}',
    });
    expect(write.status).toBe(201);
    const afterWrite = await get(`${a.url}/v1/query?q=count+orders`, key);
    expect(afterWrite.cache).toBe('MISS');
    expect(afterWrite.body).not.toEqual(first.body);
    await new Promise((r) => setTimeout(r, 300));
    // Edge B learns the new generation from Upstash and gets edge A's post-write answer, not its old entry.
    expect((await get(`${b.url}/v1/query?q=count+orders`, key)).body).toEqual(afterWrite.body);
  }, 30_000);

  it('serves cached answers marked STALE when every region is down', async () => {
    const [e, w] = await Promise.all([startFakeRegion('east'), startFakeRegion('west')]);
    const edge = await startEdge(`east=${e.url},west=${w.url}`, {
      SMARTDB_EDGE_CACHE_FRESH_MS: '300',
      SMARTDB_EDGE_CACHE_STALE_MS: '60000',
    });
    const cached = await get(`${edge.url}/v1/query?q=top+5+orders`, 'stale-key');
    expect(cached.cache).toBe('MISS');
    await Promise.all([kill(e), kill(w)]);
    await new Promise((r) => setTimeout(r, 600));
    const stale = await get(`${edge.url}/v1/query?q=top+5+orders`, 'stale-key');
    expect(stale.status).toBe(200);
    expect(stale.cache).toBe('STALE');
    expect(stale.body).toEqual(cached.body);

    const write = await fetch(`${edge.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: 'Bearer stale-key' },
      body: '{}',
    });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('NO_HEALTHY_REGION');
  }, 30_000);
});
