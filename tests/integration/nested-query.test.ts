/**
 * Questions about fields inside nested objects, over HTTP on the real PostgreSQL: records of three
 * shapes (with and without an address, with and without shipping) are ingested, and counts, groups,
 * filters by a nested value (named by its key, its path in words or a learned value), a comparison,
 * sum and average of a nested number, a sort by it and a three-level path are answered as the data
 * computed here says. An automatic index on a nested field is built on exactly the expression the
 * planner emits, and EXPLAIN of the question's own SQL uses it.
 */
import { autoIndexesOf, DEFAULT_TIERING, Tierer } from '@smartdb/tiering';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { planIndexes } from '../support/explain.ts';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

let region: InProcessRegion;

beforeAll(async () => {
  region = await startInProcessRegion({ registryRefreshMs: 200, tieringIntervalMs: 3_600_000 });
});

afterAll(async () => {
  await region?.close();
});

interface Answer {
  count: number;
  value: number | null;
  groups: { key: unknown; value: number }[];
  rows: { data: Order }[];
  interpretation: unknown;
}

interface Order {
  order_id: string;
  total: number;
  status: string;
  customer: { name: string; country: string; address?: { city: string; zip?: string } };
  shipping?: { cost: number; carrier?: string };
  created_at: string;
}

const NOW = Date.now();
const COUNTRIES = ['DE', 'FR', 'US', 'JP'];
const CITIES = ['Berlin', 'Paris', 'Boston'];

/** Three shapes: full, no address nor shipping, address with a zip and shipping without a carrier. */
function order(i: number): Order {
  const base = {
    order_id: `o-${i}`,
    total: 20 + ((i * 7) % 50),
    status: i % 5 === 0 ? 'refunded' : 'paid',
    created_at: new Date(NOW - i * 3_600_000).toISOString(),
  };
  const name = ['Ann', 'Bob', 'Cem', 'Dana', 'Eli'][i % 5]!;
  const country = COUNTRIES[i % 4]!;
  switch (i % 3) {
    case 0:
      return {
        ...base,
        customer: { name, country, address: { city: CITIES[(i / 3) % 3]! } },
        shipping: { cost: (i % 9) * 2.5, carrier: i % 2 ? 'dhl' : 'ups' },
      };
    case 1:
      return { ...base, customer: { name, country } };
    default:
      return {
        ...base,
        customer: { name, country, address: { city: CITIES[i % 3]!, zip: `${10000 + i}` } },
        shipping: { cost: 1 + (i % 13) },
      };
  }
}

const ORDERS = Array.from({ length: 51 }, (_, i) => order(i));

async function ask(key: TestKey, q: string): Promise<Answer> {
  const res = await region.request(`/v1/query?q=${encodeURIComponent(q)}`, {
    key: key.key,
    headers: { 'cache-control': 'no-cache' },
  });
  const body = await res.text();
  expect(res.status, `${q}: ${body}`).toBe(200);
  return JSON.parse(body) as Answer;
}

function counted<T>(items: T[], keyOf: (item: T) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

describe('questions about nested fields', () => {
  let key: TestKey;
  beforeAll(async () => {
    key = await region.key('write');
    const res = await region.request('/v1/ingest?domain=orders', { key: key.key, json: ORDERS });
    expect(res.status).toBe(201);
  });

  test('count by a nested field, named by its path or its key', async () => {
    const want = counted(ORDERS, (o) => o.customer.country);
    for (const q of [
      'count orders by customer country',
      "orders by customer's country",
      'orders by country',
    ]) {
      const answer = await ask(key, q);
      expect(new Map(answer.groups.map((g) => [g.key, g.value])), q).toEqual(want);
    }
    const cities = counted(ORDERS, (o) => o.customer.address?.city);
    const byCity = await ask(key, 'count orders by customer address city');
    expect(new Map(byCity.groups.filter((g) => g.key !== null).map((g) => [g.key, g.value]))).toEqual(cities);
  });

  test('a filter by a nested value: a learned value, the key, the path in words', async () => {
    const de = ORDERS.filter((o) => o.customer.country === 'DE').length;
    expect((await ask(key, 'count orders from DE')).count).toBe(de);
    expect((await ask(key, 'count orders where country is DE')).count).toBe(de);
    expect((await ask(key, 'count orders where customer country is DE')).count).toBe(de);
    const paidFr = ORDERS.filter((o) => o.customer.country === 'FR' && o.status === 'paid').length;
    expect((await ask(key, 'count paid orders where customer country is FR')).count).toBe(paidFr);
  });

  test('three levels down', async () => {
    const berlin = ORDERS.filter((o) => o.customer.address?.city === 'Berlin').length;
    expect(berlin).toBeGreaterThan(0);
    expect((await ask(key, 'count orders to Berlin')).count).toBe(berlin);
    expect((await ask(key, 'count orders where customer address city is Berlin')).count).toBe(berlin);
    const found = await ask(key, 'orders where city is Berlin');
    expect(found.count).toBe(berlin);
    expect(found.rows.every((r) => r.data.customer.address?.city === 'Berlin')).toBe(true);
  });

  test('a nested number: compared, added up, averaged and sorted by', async () => {
    const costs = ORDERS.flatMap((o) => (o.shipping ? [o.shipping.cost] : []));
    expect((await ask(key, 'orders where shipping cost over 10')).count).toBe(
      costs.filter((c) => c > 10).length,
    );
    const sum = costs.reduce((a, b) => a + b, 0);
    expect((await ask(key, 'total shipping cost')).value).toBeCloseTo(sum, 6);
    expect((await ask(key, 'average shipping cost of orders')).value).toBeCloseTo(sum / costs.length, 6);
    const top = await ask(key, 'top 5 orders by shipping cost');
    expect(top.rows.map((r) => r.data.shipping?.cost)).toEqual([...costs].sort((a, b) => b - a).slice(0, 5));
    const cheapest = await ask(key, 'orders sorted by shipping cost ascending');
    expect(cheapest.rows.slice(0, 3).map((r) => r.data.shipping?.cost)).toEqual(
      [...costs].sort((a, b) => a - b).slice(0, 3),
    );
  });

  test("sum of a record's own number grouped by a nested field", async () => {
    const want = new Map<string, number>();
    for (const o of ORDERS) want.set(o.customer.country, (want.get(o.customer.country) ?? 0) + o.total);
    const answer = await ask(key, 'sum of total by customer country');
    expect(new Map(answer.groups.map((g) => [g.key, g.value]))).toEqual(want);
  });

  test('an object compared to a word is still refused, naming the fields inside it', async () => {
    const res = await region.request(`/v1/query?q=${encodeURIComponent('orders where customer is Zed')}`, {
      key: key.key,
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toMatch(
      /^The field "customer" of orders holds objects: ask about a field inside it \(/,
    );
  });
});

test('an automatic index on a nested field is on the expression the planner emits, and used', async () => {
  const key = await region.key('admin');
  for (let i = 0; i < 20_000; i += 5_000) {
    const body = Array.from({ length: 5_000 }, (_, j) => {
      const n = i + j;
      return {
        order_id: `o-${n}`,
        amount: n % 100,
        customer: { name: `c-${n % 97}`, tier: n % 500 === 0 ? 'vip' : 'standard' },
        shipping: { cost: (n % 1_000) + 0.5 },
        created_at: new Date(NOW - n * 60_000).toISOString(),
      };
    });
    const res = await region.request('/v1/ingest?domain=orders', { key: key.key, json: body });
    expect(res.status).toBe(201);
  }
  const equal = 'count orders where customer tier is vip';
  const range = 'count orders where shipping cost over 998';
  const count = async (q: string) => (await ask(key, q)).count;
  expect(await count(equal)).toBe(40);
  expect(await count(range)).toBe(40);
  const before = [
    ...(await planIndexes(region, key, equal)).indexes,
    ...(await planIndexes(region, key, range)).indexes,
  ];
  expect(before.filter((n) => n.startsWith('ax_'))).toEqual([]);

  const tierer = new Tierer(region.database.db, region.services.registry, region.services.query.learning, {
    ...DEFAULT_TIERING,
    autoTier: false,
    index: { minUses: 5, slowMs: 0, maxPerTenant: 8, unusedMs: 3_600_000 },
  });
  try {
    for (let i = 0; i < 6; i++) {
      await count(equal);
      await count(range);
    }
    const report = await tierer.pass();
    expect(report.errors).toEqual([]);
    expect(report.indexesCreated).toHaveLength(2);
    const store = region.services.registry.get(key.tenant, 'orders')!;
    const made = autoIndexesOf(store);
    expect(made.map((x) => [x.field, x.op]).sort()).toEqual([
      ['customer.tier', '='],
      ['shipping.cost', 'range'],
    ]);
    expect(made.find((x) => x.field === 'customer.tier')!.expression).toBe(
      `(data #> '{"customer","tier"}'::text[])`,
    );

    const afterEqual = await planIndexes(region, key, equal);
    const afterRange = await planIndexes(region, key, range);
    expect(afterEqual.indexes).toContain(made.find((x) => x.field === 'customer.tier')!.name);
    expect(afterRange.indexes).toContain(made.find((x) => x.field === 'shipping.cost')!.name);
    expect(afterEqual.sql.join('\n')).toContain('(data #> $3::text[]) = $4::jsonb');
    // The same answers through the indexed expressions.
    expect(await count(equal)).toBe(40);
    expect(await count(range)).toBe(40);
  } finally {
    await tierer.stop();
  }
}, 120_000);
