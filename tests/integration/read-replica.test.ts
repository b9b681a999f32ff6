// A real region process with DATABASE_REPLICA_URL, against a real primary and a real streaming
// replica (tests/support/replica.ts). Questions run on the replica once it has replayed what the
// region knows; while its replay is paused they run on the primary, so a writer still reads its own
// writes; with the replica stopped the region answers from the primary and stays ready.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayProxy, startDelayProxy } from '../support/delay-proxy.ts';
import { ADMIN_KEY, type Running, startProcess, stopAll, waitFor } from '../support/edge-processes.ts';
import { type ReplicatedCluster, startReplicatedCluster } from '../support/replica.ts';

let cluster: ReplicatedCluster;
/** The region reaches the replica through this, so a test can make the replica slow. */
let replicaLink: DelayProxy;
let region: Running;
let key: string;

beforeAll(async () => {
  cluster = await startReplicatedCluster();
  replicaLink = await startDelayProxy({ port: Number(new URL(cluster.replicaUrl).port) });
  const replicaUrl = new URL(cluster.replicaUrl);
  replicaUrl.port = String(replicaLink.port);
  region = await startProcess(
    'region with a replica',
    process.execPath,
    ['bin/smartdb.mjs', 'region', '--port', '0', '--region', 'replicated', '--host', '127.0.0.1'],
    {
      DATABASE_URL: cluster.primaryUrl,
      DATABASE_REPLICA_URL: replicaUrl.toString(),
      SMARTDB_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
    },
    30_000,
  );
  const res = await fetch(`${region.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'replicated', role: 'write' }),
  });
  key = ((await res.json()) as { key: string }).key;
}, 60_000);
afterAll(async () => {
  await stopAll();
  await replicaLink?.close();
  await cluster?.close();
});

async function ingest(count: number): Promise<void> {
  const records = Array.from({ length: count }, (_, i) => ({
    level: 'info',
    service: 'api',
    message: `event ${i}`,
    timestamp: new Date().toISOString(),
  }));
  const res = await fetch(`${region.url}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  expect(res.status).toBe(201);
}

/** A computed (never cached) count of the tenant's logs. */
async function countLogs(): Promise<number> {
  const res = await fetch(`${region.url}/v1/query?q=${encodeURIComponent('how many logs are there')}`, {
    headers: { authorization: `Bearer ${key}`, 'cache-control': 'no-cache' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { count: number }).count;
}

/** smartdb_query_reads_total by `target/reason`. */
async function reads(): Promise<Record<string, number>> {
  const text = await (await fetch(`${region.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^smartdb_query_reads_total\{([^}]*)\} (\d+)/gm)) {
    const target = /target="([^"]+)"/.exec(m[1]!)![1];
    const reason = /reason="([^"]+)"/.exec(m[1]!)![1];
    out[`${target}/${reason}`] = Number(m[2]);
  }
  return out;
}

async function replayed(): Promise<number> {
  const [row] = await cluster.replica<{ n: number }[]>`
    select count(*)::int as n from records where tenant_id = 'replicated'`;
  return row!.n;
}

describe('questions on a read replica', () => {
  it('run on the replica once it has replayed the stores they read', async () => {
    await ingest(30);
    await waitFor(async () => (await replayed()) === 30, 10_000);
    const before = await reads();
    expect(await countLogs()).toBe(30);
    const after = await reads();
    expect((after['replica/current'] ?? 0) - (before['replica/current'] ?? 0)).toBe(1);
  }, 30_000);

  it('run on the primary while the replica lags, so a writer reads its own writes', async () => {
    await cluster.replica`select pg_wal_replay_pause()`;
    try {
      await ingest(5);
      const before = await reads();
      expect(await countLogs()).toBe(35);
      const after = await reads();
      expect((after['primary/lagging'] ?? 0) - (before['primary/lagging'] ?? 0)).toBe(1);
      expect(await replayed()).toBe(30);
    } finally {
      await cluster.replica`select pg_wal_replay_resume()`;
    }
    await waitFor(async () => (await replayed()) === 35, 10_000);
    const before = await reads();
    expect(await countLogs()).toBe(35);
    expect(((await reads())['replica/current'] ?? 0) - (before['replica/current'] ?? 0)).toBe(1);
  }, 30_000);

  it('run on the primary, without waiting, while the replica is too slow to answer its check', async () => {
    replicaLink.setDelay(400);
    try {
      const before = await reads();
      const started = performance.now();
      expect(await countLogs()).toBe(35);
      // The check gives up after 250 ms; a replica answering in 800 ms would hold the question longer.
      expect(performance.now() - started).toBeLessThan(700);
      const after = await reads();
      expect((after['primary/unreachable'] ?? 0) - (before['primary/unreachable'] ?? 0)).toBe(1);
    } finally {
      replicaLink.setDelay(0);
    }
  }, 30_000);

  it('run on the primary with the replica stopped; the region stays ready and says so', async () => {
    await cluster.stopReplica();
    await ingest(1);
    const before = await reads();
    expect(await countLogs()).toBe(36);
    expect(await countLogs()).toBe(36);
    const after = await reads();
    expect((after['primary/unreachable'] ?? 0) - (before['primary/unreachable'] ?? 0)).toBe(2);
    const ready = await fetch(`${region.url}/ready`);
    expect(ready.status).toBe(200);
    expect(
      ((await ready.json()) as { checks: Record<string, { ok: boolean }> }).checks.replica,
    ).toMatchObject({
      ok: false,
    });
  }, 30_000);
});
