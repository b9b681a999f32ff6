// End-to-end: a question that runs past the region's QUERY_TIMEOUT_MS is the question's failure, not
// the region's. Two real regions whose question statements are cancelled after 1 ms, a real edge in
// front: the caller gets 503 QUERY_TIMEOUT from the region that ran it, the edge does not ask the
// other region to run it again, and no region is ejected — one tenant's heavy question must not move
// every tenant's traffic. A region whose database is gone still is ejected
// (edge-region-database-down.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the shared sample data set is plain JavaScript without types.
import { generate } from '../../../shared/nlq/dataset.mjs';
import {
  ADMIN_KEY,
  type Running,
  regionsOf,
  startEdge,
  startRealRegion,
  stopAll,
  waitFor,
} from '../support/edge-processes.ts';

let east: Running;
let west: Running;
let edge: Running;
let key: string;

beforeAll(async () => {
  // 1 ms: every question over ten thousand records is cancelled; writes and keys have no limit.
  const slow = { QUERY_TIMEOUT_MS: '1' };
  [east, west] = await Promise.all([
    startRealRegion('us-east', 0, undefined, slow),
    startRealRegion('eu-west', 0, undefined, slow),
  ]);
  // Patient probes: on a machine busy with the whole suite a 200 ms probe can time out, and that
  // ejection would say nothing about the questions below.
  edge = await startEdge(`us-east=${east.url},eu-west=${west.url}`, {
    SMARTDB_EDGE_PROBE_TIMEOUT_MS: '5000',
    SMARTDB_EDGE_PROBE_INTERVAL_MS: '1000',
  });
  const tenant = `edge-e2e-timeout-${crypto.randomUUID()}`;
  const res = await fetch(`${edge.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, role: 'write' }),
  });
  key = ((await res.json()) as { key: string }).key;
  const now = Date.now();
  for (let seed = 1; seed <= 5; seed++) {
    const records = (generate(now, seed).records as { data: unknown }[]).map((r) => r.data);
    const ingest = await fetch(`${edge.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(records),
    });
    expect(ingest.status).toBe(201);
  }
  await waitFor(async () => (await regionsOf(edge.url)).every((r) => r.healthy && !r.ejected), 10_000);
}, 90_000);
afterAll(stopAll);

async function retriesByEdge(): Promise<number> {
  const text = await (await fetch(`${edge.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('smartdb_edge_retries_total'))
    .reduce((n, line) => n + Number(line.split(' ').at(-1)), 0);
}

describe('a question past QUERY_TIMEOUT_MS, through the edge', () => {
  it('answers 503 QUERY_TIMEOUT from one region, without a retry elsewhere or an ejection', async () => {
    const before = await retriesByEdge();
    for (const q of ['search messages containing deploy', 'count logs by service', 'users older than 40']) {
      const res = await fetch(`${edge.url}/v1/query?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status, `${q}: ${await res.clone().text()}`).toBe(503);
      expect(res.headers.get('x-smartdb-error')).toBe('QUERY_TIMEOUT');
      // The same question again at once would run into the same limit.
      expect(res.headers.get('retry-after')).toBeNull();
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('QUERY_TIMEOUT');
      expect(body.error.message).toMatch(/time limit/);
    }
    expect(await retriesByEdge()).toBe(before);
    const regions = await regionsOf(edge.url);
    expect(regions.map((r) => [r.name, r.ejected])).toEqual([
      ['us-east', false],
      ['eu-west', false],
    ]);
    // Not held against either region: no request failure is on record.
    for (const r of regions) expect(r.lastError ?? '', r.name).not.toMatch(/answered 5\d\d/);
  });

  it('still serves what fits in the limit: reads by id and writes', async () => {
    const res = await fetch(`${edge.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        level: 'info',
        service: 'api',
        message: 'after',
        timestamp: new Date().toISOString(),
      }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { records: { id: string }[] }).records[0]!.id;
    const read = await fetch(`${edge.url}/v1/records/${id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(read.status).toBe(200);
  });
});
