// End-to-end, real processes on loopback: the Deno entry (edge/src/deno.ts, npm `deno`) serving the
// edge in front of two fake region processes (tests/support/edge-fake-region.ts), with fetch upstream.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  kill,
  regionsOf,
  startFakeRegion,
  startProcess,
  stopAll,
  TEST_EDGE_ENV,
  waitFor,
} from '../support/edge-processes.ts';

const DENO = fileURLToPath(new URL('../../node_modules/.bin/deno', import.meta.url));
afterAll(stopAll);

describe('edge on Deno (fake region processes)', () => {
  it('serves, caches, and fails over with Deno.serve and fetch', async () => {
    const [east, west] = await Promise.all([startFakeRegion('east'), startFakeRegion('west')]);
    const port = await freePort();
    const edge = await startProcess(
      'deno edge',
      DENO,
      [
        'run',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--config',
        'deploy/deno/deno.json',
        'edge/src/deno.ts',
      ],
      { ...TEST_EDGE_ENV, PORT: String(port), SMARTDB_REGIONS: `east=${east.url},west=${west.url}` },
    );
    expect(edge.port).toBe(port);
    expect(await (await fetch(`${edge.url}/health`)).json()).toEqual({ status: 'ok', role: 'edge' });
    await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.rttMs !== null), 5_000);

    const headers = { authorization: 'Bearer deno-key' };
    const first = await fetch(`${edge.url}/v1/query?q=count+logs`, { headers });
    expect(first.headers.get('x-smartdb-cache')).toBe('MISS');
    const body = await first.json();
    const second = await fetch(`${edge.url}/v1/query?q=count+logs`, { headers });
    expect(second.headers.get('x-smartdb-cache')).toBe('HIT');
    expect(await second.json()).toEqual(body);

    await kill(east);
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${edge.url}/v1/records/${i}`, {
        headers: { ...headers, 'cache-control': 'no-store' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-smartdb-region')).toBe('west');
      await res.arrayBuffer();
    }
    const downMs = await waitFor(
      async () => (await regionsOf(edge.url)).find((r) => r.name === 'east')!.ejected,
      2_000,
    );
    expect(downMs).toBeLessThan(2_000);
  }, 30_000);
});
