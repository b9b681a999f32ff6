/**
 * The tierer's access counters against the real PostgreSQL: writing this region's query counts to a
 * store's row must not hide a change another region made to that row from the next refresh.
 */
import { QueryLearning } from '@smartdb/query';
import { createStore, Registry } from '@smartdb/registry';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { countOf } from '../../../tests/support/interpretations.ts';
import { DEFAULT_TIERING, Tierer } from '../src/index.ts';

let handle: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => {
  handle = await testDatabase(2);
});
afterAll(async () => {
  await handle?.close();
});

test('access counts written after another region set the store WARM: the next refresh shows WARM', async () => {
  const tenant = uniqueTenant('access');
  const registry = new Registry();
  await createStore(handle.db, registry, tenant, { domain: 'logs' });
  const learning = new QueryLearning();
  const tierer = new Tierer(handle.db, registry, learning, {
    ...DEFAULT_TIERING,
    autoTier: false,
    autoIndex: false,
  });
  // Another region moves the store to WARM (a new sequence number), before this one has refreshed.
  await handle.client!`
    update mcps set tier = 'WARM', seq = nextval('registry_seq'), updated_at = clock_timestamp()
    where tenant_id = ${tenant} and id = 'logs'`;
  learning.recordAccess(tenant, countOf(['logs']), 3);
  await tierer.pass();
  expect(registry.get(tenant, 'logs')!.accessCount).toBe(1);
  await registry.refresh(handle.db);
  expect(registry.get(tenant, 'logs')).toMatchObject({ tier: 'WARM', accessCount: 1 });
});
