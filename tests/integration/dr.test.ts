/**
 * Disaster recovery, end to end with the real commands: a region on a scratch database takes the
 * sample data set for two tenants; it stops; `smartdb backup` writes the file; the database is
 * dropped and created empty; `smartdb restore` brings it back; a new region serves every record,
 * key and store as before. A cut or edited backup is refused and leaves its target empty.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate } from '../../../shared/nlq/dataset.mjs';
import { TEST_DATABASE_URL } from '../support/db.ts';
import { freePort, type RegionProcess, ROOT_KEY, runCli, spawnRegion } from '../support/region-process.ts';

type Json = Record<string, unknown>;
const stamp = `${process.pid}_${Date.now().toString(36)}`;
const names = { dr: `smartdb_dr_${stamp}`, damaged: `smartdb_dr_${stamp}_damaged` };
const urlOf = (database: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
};
const admin = postgres(urlOf('postgres'), { max: 1, onnotice: () => {} });
const dir = mkdtempSync(join(tmpdir(), 'smartdb-dr-'));
const backupFile = join(dir, 'dr.ndjson.gz');
const regions: RegionProcess[] = [];

beforeAll(async () => {
  await admin.unsafe(`create database "${names.dr}"`);
  await admin.unsafe(`create database "${names.damaged}"`);
});
afterAll(async () => {
  await Promise.all(regions.map((r) => r.stop()));
  for (const name of Object.values(names))
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

async function startRegion(): Promise<RegionProcess> {
  const region = await spawnRegion({
    port: await freePort(),
    region: 'dr',
    env: { DATABASE_URL: urlOf(names.dr) },
  });
  regions.push(region);
  return region;
}

async function call(
  region: RegionProcess,
  path: string,
  key: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${region.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
  });
}

async function createKey(region: RegionProcess, tenant: string, role: string) {
  const res = await call(region, '/v1/keys', ROOT_KEY, {
    method: 'POST',
    body: JSON.stringify({ tenant, role }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; key: string };
}

/** Row counts of every table in the database, whether or not the backup knows it. */
async function tableCounts(database: string): Promise<Record<string, number>> {
  const sql = postgres(urlOf(database), { max: 1, onnotice: () => {} });
  try {
    const out: Record<string, number> = {};
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
    for (const { name: table } of tables) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
      out[table] = row!.n;
    }
    return out;
  } finally {
    await sql.end();
  }
}

/** The highest registry sequence number among the stores (matching `where`). */
async function maxSeq(where = 'true'): Promise<bigint> {
  const sql = postgres(urlOf(names.dr), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql.unsafe<{ n: string }[]>(`select max(seq)::text as n from mcps where ${where}`);
    return BigInt(row!.n);
  } finally {
    await sql.end();
  }
}

/** Runs `fn` over `items` with `width` requests in flight. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

test('ingest, back up, drop the database, restore: every record, key and store comes back', async () => {
  const data = (generate(Date.now()) as { records: { data: Json }[] }).records.map((r) => r.data);
  expect(data).toHaveLength(2_000);
  const first = await startRegion();

  const tenantA = `dr-a-${stamp}`;
  const tenantB = `dr-b-${stamp}`;
  const writerA = await createKey(first, tenantA, 'write');
  const readerA = await createKey(first, tenantA, 'read');
  const adminB = await createKey(first, tenantB, 'admin');
  const revokedB = await createKey(first, tenantB, 'read');
  expect((await call(first, `/v1/keys/${revokedB.id}`, adminB.key, { method: 'DELETE' })).status).toBe(204);

  const acked: { id: string; key: string; data: Json; mcp: string }[] = [];
  const firstBatch = JSON.stringify(data.slice(0, 500));
  let firstAnswer: { records: { id: string }[] } | undefined;
  for (const [tenantKey, idempotent] of [
    [writerA.key, true],
    [adminB.key, false],
  ] as const) {
    for (let i = 0; i < data.length; i += 500) {
      const res = await call(first, '/v1/ingest', tenantKey, {
        method: 'POST',
        body: JSON.stringify(data.slice(i, i + 500)),
        headers: idempotent ? { 'idempotency-key': `dr-batch-${i}` } : {},
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { ingested: number; records: { id: string; mcp: string }[] };
      expect(body.ingested).toBe(500);
      if (idempotent && i === 0) firstAnswer = body;
      body.records.forEach((r, j) => {
        acked.push({ id: r.id, key: tenantKey, data: data[i + j]!, mcp: r.mcp });
      });
    }
  }
  expect(acked).toHaveLength(4_000);
  // One of B's stores goes COLD before the disaster, so its records are in the cold table.
  const moved = await call(first, '/v1/mcps/logs/tier', adminB.key, {
    method: 'POST',
    body: JSON.stringify({ tier: 'COLD' }),
  });
  expect([200, 202]).toContain(moved.status);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const store = (await (await call(first, '/v1/mcps/logs', adminB.key)).json()) as Json;
    if (store.tier === 'COLD' && store.status === 'active') break;
    if (Date.now() > deadline) throw new Error(`the store did not reach COLD: ${JSON.stringify(store)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const storesOf = async (region: RegionProcess, key: string) => {
    const res = await call(region, '/v1/mcps', key);
    expect(res.status).toBe(200);
    return ((await res.json()) as { mcps: { id: string }[] }).mcps.sort((a, b) => a.id.localeCompare(b.id));
  };
  const storesBefore = { a: await storesOf(first, readerA.key), b: await storesOf(first, adminB.key) };
  expect(storesBefore.a.length).toBeGreaterThanOrEqual(5);
  await first.stop();
  const countsBefore = await tableCounts(names.dr);
  expect(countsBefore).toMatchObject({ tenants: 2, api_keys: 4, idempotency_keys: 4 });
  expect(countsBefore.records_cold).toBeGreaterThan(0);
  expect(countsBefore.records! + countsBefore.records_cold!).toBe(4_000);

  const env = { DATABASE_URL: urlOf(names.dr) };
  const backup = await runCli(['backup', '--out', backupFile], env, 60_000);
  expect(backup.stderr).toBe('');
  expect(backup.code).toBe(0);
  expect(backup.stdout).toContain(`records ${countsBefore.records}`);
  expect(backup.stdout).toContain(`records_cold ${countsBefore.records_cold}`);

  await admin.unsafe(`drop database "${names.dr}" with (force)`);
  await admin.unsafe(`create database "${names.dr}"`);
  const restore = await runCli(['restore', backupFile], env, 60_000);
  expect(restore.stderr).toBe('');
  expect(restore.code).toBe(0);
  expect(await tableCounts(names.dr)).toEqual(countsBefore);
  const restoredMaxSeq = await maxSeq();

  const second = await startRegion();
  // Every record, by id, with its data and store, through the key that wrote it.
  let checked = 0;
  await inParallel(acked, 16, async (r) => {
    const res = await call(second, `/v1/records/${r.id}`, r.key);
    expect(res.status).toBe(200);
    const got = (await res.json()) as { data: Json; mcp: string };
    expect(got.data).toEqual(r.data);
    expect(got.mcp).toBe(r.mcp);
    checked += 1;
  });
  expect(checked).toBe(4_000);
  // Every store, with its counts and learned fields.
  expect(await storesOf(second, readerA.key)).toEqual(storesBefore.a);
  expect(await storesOf(second, adminB.key)).toEqual(storesBefore.b);
  // The old keys: live ones authenticate with their roles, the revoked one stays revoked.
  expect((await call(second, '/v1/mcps', revokedB.key)).status).toBe(401);
  expect((await call(second, '/v1/ingest', readerA.key, { method: 'POST', body: '{"a":1}' })).status).toBe(
    403,
  );
  // An idempotent retry of a batch made before the disaster answers as before and stores nothing.
  const replay = await call(second, '/v1/ingest', writerA.key, {
    method: 'POST',
    body: firstBatch,
    headers: { 'idempotency-key': 'dr-batch-0' },
  });
  expect(replay.status).toBe(201);
  expect(((await replay.json()) as { records: { id: string }[] }).records).toEqual(firstAnswer!.records);
  // New writes land in the restored stores, and new registry rows get fresh sequence numbers.
  const after = await call(second, '/v1/ingest', writerA.key, {
    method: 'POST',
    body: JSON.stringify(data[0]),
  });
  expect(after.status).toBe(201);
  const store = (await storesOf(second, readerA.key)).find((s) => s.id === acked[0]!.mcp) as unknown as {
    recordCount: number;
  };
  const storeBefore = storesBefore.a.find((s) => s.id === acked[0]!.mcp) as unknown as {
    recordCount: number;
  };
  expect(store.recordCount).toBe(storeBefore.recordCount + 1);
  const created = await call(second, '/v1/mcps', adminB.key, {
    method: 'POST',
    body: JSON.stringify({ domain: 'after_restore' }),
  });
  expect(created.status).toBe(201);
  await second.stop();
  expect((await tableCounts(names.dr)).records).toBe(countsBefore.records! + 1);
  expect(await maxSeq("domain = 'after_restore'")).toBeGreaterThan(restoredMaxSeq);

  // The database now holds data: a second restore into it is refused and changes nothing.
  const again = await runCli(['restore', backupFile], env, 60_000);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/not empty/);
  expect((await tableCounts(names.dr)).records).toBe(countsBefore.records! + 1);
}, 180_000);

test('a truncated or edited backup is refused and its target stays empty', async () => {
  const whole = readFileSync(backupFile);
  const cut = join(dir, 'cut.ndjson.gz');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const edited = join(dir, 'edited.ndjson.gz');
  const text = gunzipSync(whole).toString('utf8');
  const tampered = text.replace(/"level": ?"error"/, '"level": "fine"');
  expect(tampered).not.toBe(text);
  writeFileSync(edited, gzipSync(tampered));
  const env = { DATABASE_URL: urlOf(names.damaged) };
  for (const [file, message] of [
    [cut, /truncated/],
    [edited, /checksum/],
  ] as const) {
    const run = await runCli(['restore', file], env, 60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const counts = await tableCounts(names.damaged);
    expect(Object.keys(counts)).toContain('records');
    for (const n of Object.values(counts)) expect(n).toBe(0);
  }
}, 120_000);
