// The edge's unit checks in a form every runtime can run without a test framework: Node (vitest),
// Deno (`deno run`) and workerd (Miniflare). Each check drives the real app through `app.request()`
// with the in-memory FakeRegions; none opens a socket or uses a runtime module.
import { MemoryStore, TieredStore } from '@smartdb/cache';
import { edgeSettings } from '../../src/config.ts';
import { RegionPool } from '../../src/region-pool.ts';
import { EAST, edgeFixture, WEST } from '../support/edge-fixture.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const keyA = { authorization: 'Bearer key-a' };
const keyB = { authorization: 'Bearer key-b' };

const checks: Record<string, () => Promise<void>> = {
  'cache: MISS then HIT, same body, one region call': async () => {
    const f = edgeFixture();
    const first = await f.get('/v1/query?q=count', keyA);
    const body = await first.text();
    const second = await f.get('/v1/query?q=count', keyA);
    assertEqual(
      [first.headers.get('x-smartdb-cache'), second.headers.get('x-smartdb-cache')],
      ['MISS', 'HIT'],
      'states',
    );
    assertEqual(await second.text(), body, 'body');
    assertEqual(f.regions.requestsTo(EAST).length, 1, 'region calls');
  },
  'cache: one key never receives another key’s answer': async () => {
    const f = edgeFixture();
    await f.get('/v1/query?q=same', keyA);
    const b = await f.get('/v1/query?q=same', keyB);
    assertEqual(b.headers.get('x-smartdb-cache'), 'MISS', 'second key state');
    assertEqual(((await b.json()) as { auth: string }).auth, 'Bearer key-b', 'echoed key');
  },
  'cache: stale served while refreshing; STALE when every region is down': async () => {
    const f = edgeFixture({ SMARTDB_EDGE_CACHE_FRESH_MS: 1_000, SMARTDB_EDGE_CACHE_STALE_MS: 60_000 });
    await f.get('/v1/records/1', keyA);
    f.regions.modes.set(EAST, 'refuse');
    f.regions.modes.set(WEST, 'refuse');
    f.clock.now += 5_000;
    const stale = await f.get('/v1/records/1', keyA);
    assertEqual([stale.status, stale.headers.get('x-smartdb-cache')], [200, 'STALE'], 'stale answer');
  },
  'cache: a write invalidates the caller’s answers at once': async () => {
    const f = edgeFixture();
    await f.get('/v1/query?q=orders', keyA);
    await f.send('POST', '/v1/ingest', keyA, '{"a":1}');
    assertEqual(
      (await f.get('/v1/query?q=orders', keyA)).headers.get('x-smartdb-cache'),
      'MISS',
      'after write',
    );
  },
  'failover: GET retried on the next region, failed region ejected': async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, 'reset');
    const res = await f.get('/v1/records/1', keyA);
    assertEqual([res.status, res.headers.get('x-smartdb-region')], [200, 'west'], 'answer');
    assertEqual(f.edge.pool.get('east')!.ejected, true, 'east ejected');
  },
  'failover: a plain POST is not replayed after it may have reached a region': async () => {
    const f = edgeFixture();
    f.regions.modes.set(EAST, 'reset');
    const res = await f.send('POST', '/v1/ingest', keyA, '{}');
    assertEqual(res.status, 503, 'status');
    assertEqual(((await res.json()) as { error: { code: string } }).error.code, 'NO_HEALTHY_REGION', 'code');
    assertEqual(f.regions.requestsTo(WEST).length, 0, 'west calls');
  },
  'health: a region failing every other probe stays ejected': async () => {
    const pool = new RegionPool(
      edgeSettings({ SMARTDB_REGIONS: `a=${EAST},b=${WEST}`, SMARTDB_EDGE_EJECT_BASE_MS: 1_000 }),
    );
    const a = pool.get('a')!;
    for (let t = 0; t < 30_000; t += 1_000) {
      if ((t / 1_000) % 2 === 0) pool.probeFailed(a, t, 'refused');
      else a.probeSucceeded(t, 1);
      if (t > 0 && !a.ejected) throw new Error(`readmitted at ${t}`);
    }
  },
  'hygiene: hop-by-hop stripped, x-forwarded-* set, only configured regions': async () => {
    const f = edgeFixture();
    const res = await f.get('//evil.test/x', { ...keyA, connection: 'x-private', 'x-private': '1' });
    const sent = f.regions.calls[0]!;
    assertEqual(sent.regionUrl, EAST, 'region');
    assertEqual(sent.request.headers['x-private'], undefined, 'connection-listed header');
    assertEqual(sent.request.headers['x-forwarded-proto'], 'http', 'x-forwarded-proto');
    assertEqual(res.headers.get('keep-alive'), null, 'response hop-by-hop');
  },
  'limits: 413 for oversize bodies, 429 with Retry-After': async () => {
    const f = edgeFixture({
      SMARTDB_EDGE_MAX_BODY_BYTES: 2_048,
      SMARTDB_EDGE_RATE_LIMIT_RPS: 1,
      SMARTDB_EDGE_RATE_LIMIT_BURST: 1,
    });
    assertEqual((await f.send('POST', '/v1/ingest', keyA, 'x'.repeat(4_096))).status, 413, 'oversize');
    const limited = await f.get('/v1/records/1', keyA);
    assertEqual([limited.status, limited.headers.get('retry-after')], [429, '1'], 'rate limit');
  },
  'cache package: a slower-tier hit back-fills the faster tier': async () => {
    const fast = new MemoryStore({ maxEntries: 10, maxBytes: 10_000 });
    const slow = new MemoryStore({ maxEntries: 10, maxBytes: 10_000 });
    await slow.set('k', { value: 'v', freshUntil: Date.now() + 10_000, staleUntil: Date.now() + 20_000 });
    await new TieredStore([fast, slow]).get('k');
    assertEqual((await fast.get('k'))?.value, 'v', 'back-filled');
  },
};

export async function runPortableSuite(): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}
