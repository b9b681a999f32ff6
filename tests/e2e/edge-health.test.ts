// End-to-end, real processes on loopback: a region that fails every other probe stays out (no
// flapping), and a region slowed by a TCP delay proxy loses its traffic to the fast one. The regions
// are fake region processes (tests/support/edge-fake-region.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { type DelayProxy, startDelayProxy } from '../support/delay-proxy.ts';
import { regionsOf, sleep, startEdge, startFakeRegion, stopAll, waitFor } from '../support/edge-processes.ts';

let proxy: DelayProxy | undefined;
afterAll(async () => {
  await proxy?.close();
  await stopAll();
});

async function servedBy(edgeUrl: string, count: number): Promise<Map<string, number>> {
  const by = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${edgeUrl}/v1/records/${i}`, { headers: { 'cache-control': 'no-store' } });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    const region = res.headers.get('x-smartdb-region') ?? '?';
    by.set(region, (by.get(region) ?? 0) + 1);
  }
  return by;
}

describe('edge health (fake region processes)', () => {
  it('a region failing every other probe is ejected once and never flaps back', async () => {
    const [stable, flapping] = await Promise.all([
      startFakeRegion('stable'),
      startFakeRegion('flapping', 0, 'flap'),
    ]);
    const edge = await startEdge(`stable=${stable.url},flapping=${flapping.url}`);
    await waitFor(async () => (await regionsOf(edge.url)).find((r) => r.name === 'flapping')!.ejected, 3_000);

    const states: boolean[] = [];
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      states.push((await regionsOf(edge.url)).find((r) => r.name === 'flapping')!.ejected);
      await sleep(100);
    }
    expect(states.length).toBeGreaterThan(30);
    expect(states.every((ejected) => ejected)).toBe(true);
    expect((await servedBy(edge.url, 40)).get('flapping') ?? 0).toBe(0);
  }, 30_000);

  it('a region slowed by a delay proxy loses its traffic to the fast one', async () => {
    const [slow, fast] = await Promise.all([startFakeRegion('slow'), startFakeRegion('fast')]);
    proxy = await startDelayProxy({ port: slow.port });
    const edge = await startEdge(`slow=${proxy.url},fast=${fast.url}`);
    await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.rttMs !== null), 5_000);

    const before = await servedBy(edge.url, 20);
    expect([...before.keys()].every((r) => r === 'slow' || r === 'fast')).toBe(true);

    proxy.setDelay(40);
    await waitFor(async () => {
      const [s, f] = await regionsOf(edge.url);
      return s!.rttMs! > 40 && s!.rttMs! > 4 * f!.rttMs!;
    }, 5_000);
    const after = await servedBy(edge.url, 40);
    expect(after.get('fast') ?? 0).toBeGreaterThanOrEqual(38);
  }, 30_000);
});
