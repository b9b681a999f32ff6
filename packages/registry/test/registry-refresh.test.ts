/**
 * The in-memory registry catching up with another region's change on the real PostgreSQL, including
 * a change whose transaction committed long after it started (its updated_at is older than the
 * refresh window), which only the periodic full comparison finds.
 */
import { mcps } from '@smartdb/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { createStore, Registry } from '../src/index.ts';

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
