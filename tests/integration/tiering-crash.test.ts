/**
 * A real region process is SIGKILLed in the middle of a migration to COLD. The store stays
 * `migrating` in PostgreSQL; a restarted region resumes the move, and afterwards every record is
 * in `records_cold` exactly once and queries count them all.
 */
import postgres from 'postgres';
import { afterAll, expect, test } from 'vitest';
import { TEST_DATABASE_URL } from '../support/db.ts';
import { freePort, type RegionProcess, ROOT_KEY, spawnRegion } from '../support/region-process.ts';

const sql = postgres(TEST_DATABASE_URL, { max: 2, onnotice: () => {} });
const running: RegionProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await sql.end();
});

// Small, paced batches so the kill lands mid-move.
const ENV = { TIERING_BATCH_SIZE: '200', TIERING_BATCH_PAUSE_MS: '40', REGISTRY_REFRESH_MS: '200' };

async function start(): Promise<RegionProcess> {
  const proc = await spawnRegion({ port: await freePort(), region: 'tiering-crash', env: ENV });
  running.push(proc);
  return proc;
}

async function counts(tenant: string) {
  const [row] = await sql<{ hot: number; cold: number; distinct: number }[]>`
    select
      (select count(*)::int from records where tenant_id = ${tenant}) as hot,
      (select count(*)::int from records_cold where tenant_id = ${tenant}) as cold,
      (select count(distinct id)::int from (
        select id from records where tenant_id = ${tenant}
        union all select id from records_cold where tenant_id = ${tenant}) x) as distinct`;
  return row!;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a migration interrupted by SIGKILL resumes after restart; nothing lost or doubled', async () => {
  const first = await start();
  const auth = { authorization: `Bearer ${ROOT_KEY}`, 'content-type': 'application/json' };
  const tenant = `tiercrash-${process.pid}-${Date.now().toString(36)}`;
  const created = await fetch(`${first.url}/v1/keys`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ tenant, role: 'admin' }),
  });
  const { key } = (await created.json()) as { key: string };
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const total = 8_000;
  for (let i = 0; i < total; i += 2_000) {
    const body = Array.from({ length: 2_000 }, (_, j) => ({
      level: (i + j) % 4 === 0 ? 'error' : 'info',
      service: `svc-${(i + j) % 5}`,
      message: `event ${i + j}`,
      timestamp: new Date(Date.now() - (i + j) * 1000).toISOString(),
    }));
    const res = await fetch(`${first.url}/v1/ingest?domain=logs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
  }

  const move = await fetch(`${first.url}/v1/mcps/logs/tier`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ tier: 'COLD' }),
  });
  expect(move.status).toBe(202);
  // Kill once some records moved and most have not (40 batches of 200, 40 ms apart).
  await until('the first batches', async () => {
    const c = await counts(tenant);
    return c.cold >= 600 ? c : undefined;
  });
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');

  const interrupted = await counts(tenant);
  expect(interrupted.hot).toBeGreaterThan(0);
  expect(interrupted.hot + interrupted.cold).toBe(total);
  expect(interrupted.distinct).toBe(total);
  const [state] = await sql<{ tier: string; status: string; target_tier: string }[]>`
    select tier, status, target_tier from mcps where tenant_id = ${tenant} and id = 'logs'`;
  expect(state).toEqual({ tier: 'HOT', status: 'migrating', target_tier: 'COLD' });

  const second = await start();
  // While it resumes, queries over the half-moved store still count every record.
  const res = await fetch(`${second.url}/v1/query?q=${encodeURIComponent('count logs')}`, { headers });
  expect(((await res.json()) as { count: number }).count).toBe(total);

  await until('the resumed migration', async () => {
    const [row] = await sql<{ status: string; tier: string }[]>`
      select status, tier from mcps where tenant_id = ${tenant} and id = 'logs'`;
    return row?.status === 'active' ? row : undefined;
  });
  expect(await counts(tenant)).toEqual({ hot: 0, cold: total, distinct: total });
  // Another test file's region may have finished the move; this region's registry catches up within
  // its full refresh (20 × REGISTRY_REFRESH_MS).
  const logs = await until('the registry showing the move', async () => {
    const list = await fetch(`${second.url}/v1/mcps`, { headers });
    const { mcps } = (await list.json()) as {
      mcps: { id: string; tier: string; status: string; recordCount: number }[];
    };
    const entry = mcps.find((m) => m.id === 'logs');
    return entry?.status === 'active' ? entry : undefined;
  });
  expect(logs).toMatchObject({
    tier: 'COLD',
    status: 'active',
    recordCount: total,
  });
  const errors = await fetch(`${second.url}/v1/query?q=${encodeURIComponent('count error logs')}`, {
    headers,
  });
  expect(((await errors.json()) as { count: number }).count).toBe(total / 4);
}, 90_000);
