/**
 * The in-memory registry catching up with another region's change on the real PostgreSQL, including
 * a change whose transaction committed long after it started (its updated_at is older than the
 * refresh window), which only the periodic full comparison finds.
 */
import { mcps } from '@smartdb/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { createStore, mergeFields, Registry } from '../src/index.ts';

let handle: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  handle = await testDatabase(2);
});
afterAll(async () => {
  await handle?.close();
});

test('a late-committed change outside the refresh window is found by the full comparison', async () => {
  const tenant = uniqueTenant('registry');
  const writer = new Registry();
  await createStore(handle.db, writer, tenant, { domain: 'logs' });
  const reader = new Registry();
  await reader.load(handle.db);
  expect(reader.get(tenant, 'logs')?.tier).toBe('HOT');

  // As a transaction that began a minute ago and commits now would leave it.
  await handle.db
    .update(mcps)
    .set({ tier: 'WARM', seq: sql`nextval('registry_seq')`, updatedAt: sql`now() - interval '1 minute'` })
    .where(and(eq(mcps.tenantId, tenant), eq(mcps.id, 'logs')));

  await reader.refresh(handle.db);
  expect(reader.get(tenant, 'logs')?.tier).toBe('HOT');
  for (let i = 0; i < 20; i++) await reader.refresh(handle.db);
  expect(reader.get(tenant, 'logs')?.tier).toBe('WARM');
});

test('a refresh keeps a store this region holds the newest copy of, with learning not yet flushed', async () => {
  const tenant = uniqueTenant('registry');
  const region = new Registry();
  await createStore(handle.db, region, tenant, { domain: 'logs' });
  const elsewhere = new Registry();
  await elsewhere.load(handle.db);
  // This region learned a field in memory (flushed later), then committed: only the counters changed.
  mergeFields(region.get(tenant, 'logs')!.fields, {
    level: { name: 'level', count: 1, types: { string: 1 } },
  });
  const [c] = await handle.client!<
    { record_count: string; version: string; seq: string; last_write_at: Date }[]
  >`
    update mcps set record_count = record_count + 1, version = version + 1, seq = nextval('registry_seq'),
      last_write_at = now(), updated_at = clock_timestamp()
    where tenant_id = ${tenant} and id = 'logs'
    returning record_count, version, seq, last_write_at`;
  region.applyCounters({
    tenantId: tenant,
    id: 'logs',
    recordCount: Number(c!.record_count),
    version: Number(c!.version),
    seq: Number(c!.seq),
    // Nothing else changed the row since this region read it.
    seqBefore: region.get(tenant, 'logs')!.seq,
    lastWriteAt: new Date(c!.last_write_at).toISOString(),
  });

  const held = region.get(tenant, 'logs');
  await region.refresh(handle.db);
  expect(region.get(tenant, 'logs')).toBe(held);
  expect(region.get(tenant, 'logs')!.fields.level?.count).toBe(1);
  // A region with an older copy reads the row.
  expect(await elsewhere.refresh(handle.db)).toBeGreaterThanOrEqual(1);
  expect(elsewhere.get(tenant, 'logs')!.recordCount).toBe(1);
});

test('a refresh reads thousands of stores changed since the region started, each once', async () => {
  const reader = new Registry();
  await reader.load(handle.db);
  const tenants = [uniqueTenant('many'), uniqueTenant('many')];
  for (const tenant of tenants) {
    await handle.db.execute(sql`insert into tenants (id) values (${tenant})`);
    // 2,500 stores a tenant, created after the reader loaded: every one is stale for it.
    await handle.db.execute(sql`
      insert into mcps (tenant_id, id, domain, fields)
      select ${tenant}, 'records-' || i, 'records', '{"a": {"name": "a", "count": 1, "types": {"number": 1}}}'::jsonb
      from generate_series(1, 2500) i`);
  }
  await reader.refresh(handle.db);
  for (const tenant of tenants) {
    const stores = reader.list(tenant);
    expect(stores).toHaveLength(2500);
    expect(new Set(stores.map((s) => s.id)).size).toBe(2500);
    expect(reader.get(tenant, 'records-1777')?.fields.a?.count).toBe(1);
  }
  await handle.db.execute(sql`delete from mcps where tenant_id in (${tenants[0]}, ${tenants[1]})`);
});
