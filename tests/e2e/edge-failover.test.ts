// End-to-end, real processes on loopback: an edge in front of two fake region processes
// (tests/support/edge-fake-region.ts). SIGKILL one region under load, then restart it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReadLoad } from '../support/edge-load.ts';
import {
  freePort,
  kill,
  type Running,
  regionsOf,
  sleep,
  startEdge,
  startFakeRegion,
  stopAll,
  waitFor,
} from '../support/edge-processes.ts';

const regions = new Map<string, Running>();
const ports = new Map<string, number>();
let edge: Running;

beforeAll(async () => {
  for (const name of ['east', 'west']) {
    const port = await freePort();
    ports.set(name, port);
    regions.set(name, await startFakeRegion(name, port));
  }
  // This test is about ejection, the hold-down and slow start, not about which region is nearer:
  // both count as near-equal. On a 2-core machine saturated by the load, the idle, just restarted
  // region answers its probes later than the busy one (it has to be scheduled first): 3.4-6.7 ms
  // against 0.8-2.0 ms measured, outside the default 1.25 x (or +1 ms), so latency routing alone
  // kept every request on the other region in half of the runs.
  edge = await startEdge(`east=${regions.get('east')!.url},west=${regions.get('west')!.url}`, {
    SMARTDB_EDGE_NEAR_EQUAL_RATIO: '10',
  });
  await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.rttMs !== null), 5_000);
});
afterAll(stopAll);

describe('edge failover (fake region processes)', () => {
  it('SIGKILL of a serving region: 0 failed idempotent requests, down within 2 s, back only after the hold-down', async () => {
    const load = startReadLoad({
      url: (worker, i) => `${edge.url}/v1/records/${worker}-${i}`,
      headers: { authorization: 'Bearer e2e-failover', 'cache-control': 'no-store' },
      maxMs: 20_000,
    });

    await sleep(1_000);
    // Latency routing picks whichever region answered faster; kill that one.
    const served = (name: string) => load.byRegion.get(name) ?? 0;
    const serving = served('east') >= served('west') ? 'east' : 'west';
    const other = serving === 'east' ? 'west' : 'east';
    expect(served(serving)).toBeGreaterThan(0);
    await kill(regions.get(serving)!);
    const downMs = await waitFor(
      async () => (await regionsOf(edge.url)).find((r) => r.name === serving)!.ejected,
      2_000,
      20,
    );
    expect(downMs).toBeLessThan(2_000);

    await sleep(1_000);
    const restartAt = Date.now();
    regions.set(serving, await startFakeRegion(serving, ports.get(serving)!));
    const readmitMs = await waitFor(
      async () => !(await regionsOf(edge.url)).find((r) => r.name === serving)!.ejected,
      8_000,
      20,
    );
    const readmittedAt = Date.now();
    load.mark();
    // The hold-down (2 s from the last failed probe, which was at most one probe period before the
    // restart) and three consecutive good probes both have to pass.
    expect(readmittedAt - restartAt).toBeGreaterThanOrEqual(1_500);
    expect(readmitMs).toBeGreaterThanOrEqual(1_500);

    // Slow start hands the readmitted region part of the traffic again: within a few seconds even
    // on a loaded machine (CI runs test files side by side on two cores), never not at all.
    await waitFor(async () => (load.afterMark.get(serving) ?? 0) > 0, 5_000, 50).catch(() => undefined);
    await sleep(500);
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.total()).toBeGreaterThan(300);
    expect(served(other)).toBeGreaterThan(0);
    expect(load.afterMark.get(serving) ?? 0).toBeGreaterThan(0);

    const metrics = await (await fetch(`${edge.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`smartdb_edge_ejections_total\\{region="${serving}"\\} [1-9]`));
  }, 40_000);
});
