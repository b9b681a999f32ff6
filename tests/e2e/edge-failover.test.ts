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

let east: Running;
let west: Running;
let edge: Running;
let eastPort: number;

beforeAll(async () => {
  eastPort = await freePort();
  [east, west] = await Promise.all([startFakeRegion('east', eastPort), startFakeRegion('west')]);
  edge = await startEdge(`east=${east.url},west=${west.url}`);
  await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.rttMs !== null), 5_000);
});
afterAll(stopAll);

describe('edge failover (fake region processes)', () => {
  it('SIGKILL of a serving region: 0 failed idempotent requests, down within 2 s, back only after the hold-down', async () => {
    const load = startReadLoad({
      url: (worker, i) => `${edge.url}/v1/records/${worker}-${i}`,
      headers: { authorization: 'Bearer e2e-failover', 'cache-control': 'no-store' },
      maxMs: 14_000,
    });

    await sleep(1_000);
    expect(load.byRegion.get('east') ?? 0).toBeGreaterThan(0);
    await kill(east);
    const downMs = await waitFor(
      async () => (await regionsOf(edge.url)).find((r) => r.name === 'east')!.ejected,
      2_000,
      20,
    );
    expect(downMs).toBeLessThan(2_000);

    await sleep(1_000);
    const restartAt = Date.now();
    east = await startFakeRegion('east', eastPort);
    const readmitMs = await waitFor(
      async () => !(await regionsOf(edge.url)).find((r) => r.name === 'east')!.ejected,
      8_000,
      20,
    );
    const readmittedAt = Date.now();
    load.mark();
    // The hold-down (2 s from the last failed probe, which was at most one probe period before the
    // restart) and three consecutive good probes both have to pass.
    expect(readmittedAt - restartAt).toBeGreaterThanOrEqual(1_500);
    expect(readmitMs).toBeGreaterThanOrEqual(1_500);

    await sleep(1_500);
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(load.total()).toBeGreaterThan(300);
    expect(load.byRegion.get('west') ?? 0).toBeGreaterThan(0);
    // Slow start hands the readmitted region part of the traffic again.
    expect(load.afterMark.get('east') ?? 0).toBeGreaterThan(0);

    const metrics = await (await fetch(`${edge.url}/metrics`)).text();
    expect(metrics).toMatch(/smartdb_edge_ejections_total\{region="east"\} [1-9]/);
  }, 30_000);
});
