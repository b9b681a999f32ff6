// End-to-end: a region whose PostgreSQL goes away while the region process lives on. The region
// reaches its database through a TCP proxy on loopback; closing the proxy is the database dying.
// The region must answer 503 (retry) rather than 500 (bug), so the edge retries idempotent requests
// in the other region at once instead of handing the caller an error; and once the database is back
// the region serves again without a restart, with every acknowledged record readable.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  DATABASE_URL,
  type Running,
  startEdge,
  startRealRegion,
  stopAll,
  waitFor,
} from '../support/edge-processes.ts';
import { createTenant, type Tenant } from '../support/edge-tenants.ts';

/** A plain TCP forwarder to PostgreSQL on a fixed port, so it can be closed and opened again. */
class DatabaseLink {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: 5432 });
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.#sockets.add(from);
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.#sockets.delete(from);
          to.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Refuses new connections and cuts the open ones, as a database host that went down. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }

  url(): string {
    const url = new URL(DATABASE_URL);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }
}

const link = new DatabaseLink();
let cut: Running;
let whole: Running;

beforeAll(async () => {
  await link.open();
  cut = await startRealRegion('us-east', 0, link.url());
  whole = await startRealRegion('eu-west');
}, 60_000);
afterAll(async () => {
  await link.close();
  await stopAll();
});

const logLine = (message: string) => ({
  level: 'info',
  service: 'api',
  message,
  timestamp: new Date().toISOString(),
});

const get = (url: string, key: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { authorization: `Bearer ${key}`, 'cache-control': 'no-store', ...headers } });

describe('a region loses its database', () => {
  it('answers 503 UNAVAILABLE with Retry-After, never 500, for reads, writes and new keys', async () => {
    const tenant: Tenant = await createTenant(cut.url, logLine('started'));
    await link.close();
    try {
      const read = await get(`${cut.url}/v1/records/${tenant.recordId}`, tenant.key);
      const query = await get(`${cut.url}/v1/query?q=${encodeURIComponent('how many logs')}`, tenant.key);
      const write = await fetch(`${cut.url}/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(logLine('retrying')),
      });
      const key = await fetch(`${cut.url}/v1/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: tenant.tenant, role: 'read' }),
      });
      for (const res of [read, query, write, key]) {
        const body = (await res.json()) as { error?: { code: string; message: string } };
        expect({ status: res.status, code: body.error?.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
        expect(res.headers.get('retry-after')).toBe('1');
        // Nothing about the database (host, port, driver message) reaches the caller.
        expect(body.error!.message).not.toMatch(/ECONN|127\.0\.0\.1|5432|postgres/i);
      }
      const ready = await fetch(`${cut.url}/ready`);
      expect(ready.status).toBe(503);
      // /ready is unauthenticated: it names the failure's kind, never the database's address.
      const readiness = await ready.text();
      expect(JSON.parse(readiness).checks.database).toEqual({ ok: false, detail: 'unreachable' });
      expect(readiness).not.toMatch(/ECONN|127\.0\.0\.1|:\d{4,5}\b|postgres/i);
    } finally {
      await link.open();
    }
    // Back without a restart: the first request after the database returns may still find a dead
    // pooled connection; within a few seconds every kind of request is served.
    await waitFor(async () => (await get(`${cut.url}/v1/records/${tenant.recordId}`, tenant.key)).ok, 10_000);
    const again = await fetch(`${cut.url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(logLine('recovered')),
    });
    expect(again.status).toBe(201);
    const count = await get(`${cut.url}/v1/query?q=${encodeURIComponent('how many logs')}`, tenant.key);
    // The record written while the database was away was refused (503), so it is not counted.
    expect(((await count.json()) as { count: number }).count).toBe(2);
  }, 30_000);

  it('through the edge, reads and idempotent writes meant for that region are served by the other', async () => {
    // Probes only at start (to learn RTTs): whatever happens next, the requests themselves decide.
    // So the region must be ready first: after the test before, its readiness (a database check and
    // the registry's last refresh) can still report the outage for a moment, and an edge that
    // probed it then would hold it unhealthy for the whole test and route every request elsewhere.
    await waitFor(async () => (await fetch(`${cut.url}/ready`)).ok, 10_000);
    const edge = await startEdge(`us-east=${cut.url},eu-west=${whole.url}`, {
      SMARTDB_EDGE_PROBE_INTERVAL_MS: '60000',
      SMARTDB_EDGE_WRITE_AFFINITY_MS: '0',
    });
    const tenant = await createTenant(edge.url, logLine('started'));
    // The other region learns the new store through the shared registry within a few seconds.
    await waitFor(
      async () => (await get(`${whole.url}/v1/query?q=${encodeURIComponent('count logs')}`, tenant.key)).ok,
      10_000,
    );
    const toCut = { 'x-smartdb-region': 'us-east' };
    expect(
      (await get(`${edge.url}/v1/records/${tenant.recordId}`, tenant.key, toCut)).headers.get(
        'x-smartdb-region',
      ),
    ).toBe('us-east');
    await link.close();
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) {
        answers.push(await get(`${edge.url}/v1/records/${tenant.recordId}`, tenant.key, toCut));
        answers.push(
          await get(`${edge.url}/v1/query?q=${encodeURIComponent('count logs')}`, tenant.key, toCut),
        );
      }
      const write = await fetch(`${edge.url}/v1/ingest`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tenant.key}`,
          'content-type': 'application/json',
          'idempotency-key': 'log-retrying',
          ...toCut,
        },
        body: JSON.stringify(logLine('retrying')),
      });
      answers.push(write);
      expect(answers.map((r) => [r.status, r.headers.get('x-smartdb-region')])).toEqual([
        ...Array.from({ length: 10 }, () => [200, 'eu-west']),
        [201, 'eu-west'],
      ]);
    } finally {
      await link.open();
    }
  }, 30_000);
});
