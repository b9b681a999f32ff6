// End-to-end against REAL regions behind a Node edge: a question asked right after a write is
// answered by the region that took the write, even when the edge would otherwise prefer a region
// whose registry has not yet learned the new store. Region B refreshes its registry only once a
// minute here and carries ten times A's weight, so without write affinity every read would go to B
// and find no store.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  DATABASE_URL,
  type Running,
  startEdge,
  startProcess,
  stopAll,
} from '../support/edge-processes.ts';

let a: Running;
let b: Running;
let edge: Running;

function startRegion(name: string): Promise<Running> {
  return startProcess(
    `region ${name}`,
    process.execPath,
    ['bin/smartdb.mjs', 'region', '--port', '0', '--region', name],
    { DATABASE_URL, SMARTDB_ADMIN_KEY: ADMIN_KEY, REGISTRY_REFRESH_MS: '60000', LOG_LEVEL: 'warn' },
    30_000,
  );
}

beforeAll(async () => {
  [a, b] = await Promise.all([startRegion('affinity-a'), startRegion('affinity-b')]);
  // Generous probe timeout and affinity window: on a loaded CI machine a read went to B once, most
  // likely because a /ready probe over the tests' 200 ms timeout ejected A for a moment (an ejected
  // region gets no affinity). This test is about affinity, not health.
  edge = await startEdge(`affinity-a=${a.url};weight=1,affinity-b=${b.url};weight=10`, {
    SMARTDB_EDGE_PROBE_TIMEOUT_MS: '2000',
    SMARTDB_EDGE_WRITE_AFFINITY_MS: '10000',
  });
}, 60_000);
afterAll(stopAll);

it('reads right after a write go to the region that took it', async () => {
  for (let i = 0; i < 5; i++) {
    const tenant = `affinity-${crypto.randomUUID()}`;
    const made = await fetch(`${edge.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant, role: 'write' }),
    });
    const { key } = (await made.json()) as { key: string };
    const auth = { authorization: `Bearer ${key}` };
    const write = await fetch(`${edge.url}/v1/ingest`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-smartdb-region': 'affinity-a' },
      body: JSON.stringify({
        level: 'error',
        service: 'api',
        message: 'boom',
        timestamp: '2026-01-01T00:00:00Z',
      }),
    });
    expect(write.status).toBe(201);
    expect(write.headers.get('x-smartdb-region')).toBe('affinity-a');

    const read = await fetch(`${edge.url}/v1/query?q=${encodeURIComponent('count error logs')}`, {
      headers: { ...auth, 'cache-control': 'no-store' },
    });
    expect(read.headers.get('x-smartdb-region')).toBe('affinity-a');
    expect(read.status).toBe(200);
    expect(((await read.json()) as { count: number }).count).toBe(1);
  }
}, 30_000);
