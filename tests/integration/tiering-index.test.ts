/**
 * Automatic indexes on the real PostgreSQL: a filter asked repeatedly (and, with the threshold set
 * to 0 ms here, "slowly") gets a partial expression index on exactly the expression the planner
 * emits; the registry lists it; EXPLAIN of the same question's SQL then uses it. When the store
 * leaves HOT the index is dropped. Speed is measured in load/tiering-bench.ts, not here.
 */
import { DEFAULT_TIERING, Tierer } from '@smartdb/tiering';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { planIndexes } from '../support/explain.ts';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

let region: InProcessRegion;

beforeAll(async () => {
  region = await startInProcessRegion({ registryRefreshMs: 200, tieringIntervalMs: 3_600_000 });
});

afterAll(async () => {
  await region?.close();
});

async function ask(key: TestKey, q: string): Promise<number> {
  const res = await region.request(`/v1/query?q=${encodeURIComponent(q)}`, {
    key: key.key,
    headers: { 'cache-control': 'no-cache' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { count: number }).count;
}

test('a repeated filter gets an automatic index that the plan uses; it goes when the store leaves HOT', async () => {
  const key = await region.key('admin');
  const now = Date.now();
  for (let i = 0; i < 30_000; i += 5_000) {
    const body = Array.from({ length: 5_000 }, (_, j) => {
      const n = i + j;
      return {
        type: 'order',
        order_id: `o-${n}`,
        amount: (n % 1_000) + 0.5,
        currency: n % 3 === 0 ? 'EUR' : 'USD',
        status: n % 500 === 0 ? 'refunded' : 'paid',
        customer: `c-${n % 97}`,
        created_at: new Date(now - n * 60_000).toISOString(),
      };
    });
    const res = await region.request('/v1/ingest?domain=orders', { key: key.key, json: body });
    expect(res.status).toBe(201);
  }
  const range = 'orders over 998';
  const equal = 'count refunded orders';
  expect(await ask(key, range)).toBe(60);
  expect(await ask(key, equal)).toBe(60);
  const before = [
    ...(await planIndexes(region, key, range)).indexes,
    ...(await planIndexes(region, key, equal)).indexes,
  ];
  expect(before.filter((n) => n.startsWith('ax_'))).toEqual([]);

  const tierer = new Tierer(region.database.db, region.services.registry, region.services.query.learning, {
    ...DEFAULT_TIERING,
    autoTier: false,
    index: { minUses: 5, slowMs: 0, maxPerTenant: 8, unusedMs: 3_600_000 },
  });
  try {
    for (let i = 0; i < 6; i++) {
      await ask(key, range);
      await ask(key, equal);
    }
    const report = await tierer.pass();
    expect(report.errors).toEqual([]);
    const mine = report.indexesCreated;
    expect(mine).toHaveLength(2);

    const list = await region.request('/v1/mcps', { key: key.key });
    const { mcps } = (await list.json()) as {
      mcps: {
        id: string;
        tier: string;
        indexes: { name: string; field: string; auto: boolean; op: string }[];
      }[];
    };
    const orders = mcps.find((m) => m.id === 'orders')!;
    expect(orders.indexes.map((x) => [x.field, x.op, x.auto]).sort()).toEqual([
      ['amount', 'range', true],
      ['status', '=', true],
    ]);
    const [valid] = await region.database.client!<{ n: number }[]>`
      select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relname = any(${mine}) and i.indisvalid`;
    expect(valid!.n).toBe(2);

    const afterRange = await planIndexes(region, key, range);
    const afterEqual = await planIndexes(region, key, equal);
    const rangeIndex = orders.indexes.find((x) => x.field === 'amount')!.name;
    const equalIndex = orders.indexes.find((x) => x.field === 'status')!.name;
    expect(afterRange.indexes).toContain(rangeIndex);
    expect(afterEqual.indexes).toContain(equalIndex);
    expect(afterEqual.sql.join('\n')).toContain('(data -> $3::text) = $4::jsonb');
    // Same answers through the indexed expressions.
    expect(await ask(key, range)).toBe(60);
    expect(await ask(key, equal)).toBe(60);

    // A second pass creates nothing new.
    expect((await tierer.pass()).indexesCreated).toEqual([]);

    // Leaving HOT drops the store's automatic indexes (WARM has none).
    await tierer.setTier(key.tenant, 'orders', 'WARM');
    const [left] = await region.database.client!<{ n: number }[]>`
      select count(*)::int as n from pg_class where relname = any(${mine})`;
    expect(left!.n).toBe(0);
    expect(region.services.registry.get(key.tenant, 'orders')?.indexes).toEqual([]);
    expect(await ask(key, equal)).toBe(60);
  } finally {
    await tierer.stop();
  }
}, 120_000);
