// End-to-end against REAL regions (`node bin/smartdb.mjs region`, shared test PostgreSQL) behind a
// Node edge: SIGKILL the serving region under load (0 failed idempotent requests, down within 2 s,
// readmitted only after the hold-down), and a region slowed by a TCP delay proxy loses its traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayProxy, startDelayProxy } from '../support/delay-proxy.ts';
import { startReadLoad } from '../support/edge-load.ts';
import {
  freePort,
  kill,
  type Running,
  regionsOf,
  sleep,
  startEdge,
  startRealRegion,
  stopAll,
  waitFor,
} from '../support/edge-processes.ts';
import { createTenant, type Tenant } from '../support/edge-tenants.ts';

const ports = new Map<string, number>();
const running = new Map<string, Running>();
let proxy: DelayProxy | undefined;

beforeAll(async () => {
  for (const name of ['us-east', 'eu-west']) {
    ports.set(name, await freePort());
    running.set(name, await startRealRegion(name, ports.get(name)));
  }
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await stopAll();
});

const down = (edgeUrl: string, name: string) => async () =>
  (await regionsOf(edgeUrl)).find((r) => r.name === name)!.ejected;

describe('edge failover in front of real regions', () => {
  it('SIGKILL of the serving region under load: 0 failed reads, down within 2 s, back only after the hold-down', async () => {
    const edge = await startEdge(
      `us-east=${running.get('us-east')!.url},eu-west=${running.get('eu-west')!.url}`,
    );
    await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.rttMs !== null), 5_000);
    const tenant: Tenant = await createTenant(edge.url, { device: 'd-1', temperature: 21.5 });

    const load = startReadLoad({
      url: () => `${edge.url}/v1/records/${tenant.recordId}`,
      headers: { authorization: `Bearer ${tenant.key}`, 'cache-control': 'no-store' },
      maxMs: 16_000,
    });

    await sleep(1_000);
    const serving = [...load.byRegion.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const other = serving === 'us-east' ? 'eu-west' : 'us-east';
    await kill(running.get(serving)!);
    expect(await waitFor(down(edge.url, serving), 2_000, 20)).toBeLessThan(2_000);
    load.mark();

    await sleep(1_000);
    const restartAt = Date.now();
    running.set(serving, await startRealRegion(serving, ports.get(serving)));
    await waitFor(async () => !(await down(edge.url, serving)()), 10_000, 20);
    // Readmitted only once the hold-down (2 s from the last failed probe) and 3 good probes passed.
    expect(Date.now() - restartAt).toBeGreaterThanOrEqual(1_500);
    await sleep(1_000);
    await load.stop();

    expect(load.failures).toEqual([]);
    expect(load.total()).toBeGreaterThan(200);
    expect(load.afterMark.get(other) ?? 0).toBeGreaterThan(0);
    const hinted = await fetch(`${edge.url}/v1/records/${tenant.recordId}`, {
      headers: {
        authorization: `Bearer ${tenant.key}`,
        'cache-control': 'no-store',
        'x-smartdb-region': serving,
      },
    });
    expect(hinted.status).toBe(200);
    expect(hinted.headers.get('x-smartdb-region')).toBe(serving);
  }, 30_000);

  it('a real region slowed by a TCP delay proxy loses its traffic to the fast one', async () => {
    proxy = await startDelayProxy({ port: ports.get('us-east')! });
    // Latency routing alone: write affinity would keep this caller on the region that took its
    // record for a few seconds after the write, whatever its latency.
    const edge = await startEdge(`us-east=${proxy.url},eu-west=${running.get('eu-west')!.url}`, {
      SMARTDB_EDGE_WRITE_AFFINITY_MS: '0',
    });
    await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.rttMs !== null), 5_000);
    const tenant = await createTenant(edge.url, { city: 'Oslo', population: 700_000 });
    proxy.setDelay(40);
    await waitFor(async () => {
      const [slow, fast] = await regionsOf(edge.url);
      return slow!.rttMs! > 40 && slow!.rttMs! > 4 * fast!.rttMs!;
    }, 6_000);
    const served = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${edge.url}/v1/records/${tenant.recordId}`, {
        headers: { authorization: `Bearer ${tenant.key}`, 'cache-control': 'no-store' },
      });
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      const region = res.headers.get('x-smartdb-region') ?? '?';
      served.set(region, (served.get(region) ?? 0) + 1);
    }
    expect(served.get('eu-west') ?? 0).toBeGreaterThanOrEqual(38);
  }, 30_000);
});
