/**
 * Fields inside nested objects, as ingest learns them (registry learnRecord) and the engine reads
 * them (nested.ts views): named by their path in words ("customer country", "country of the
 * customer", "customer's country", "customer.country") or, when unambiguous and no record's own
 * field has the name, by their key ("orders by country", "orders where city is Berlin") or a learned
 * value ("orders from DE"); planned as `data #> path` with the path a text[] parameter, containment
 * as a nested object, numbers behind the same type guard as a record's own. Filters on the object
 * itself, and on lists, stay refused. A record's own fields' SQL does not change.
 */
import { emptyStore, type StoreEntry } from '@smartdb/registry';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { queryView } from '../src/nested.ts';
import { planQuery } from '../src/plan.ts';
import { interpretationOf as read, refusalOf as refusal } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
const dialect = new PgDialect();

const orders = storeEntry(
  'tn',
  'orders',
  Array.from({ length: 30 }, (_, i) => ({
    order_id: `o${i}`,
    total: 10 + i,
    status: pick(['paid', 'refunded', 'pending'], i),
    customer: {
      name: pick(['Ann', 'Bob', 'Cem', 'Dana'], i),
      country: pick(['DE', 'US', 'FR'], i),
      address: { city: pick(['Berlin', 'Boston', 'Paris'], i), zip: `1${i}` },
    },
    shipping: { cost: (i % 7) * 2.5, carrier: pick(['dhl', 'ups'], i) },
    tags: [pick(['a', 'b'], i)],
    created_at: new Date(NOW - i * 3_600_000).toISOString(),
  })),
);

/** The SQL and parameters of the one statement that answers `q` over `store`. */
function statement(q: string, store: StoreEntry = orders): { sql: string; params: unknown[] } {
  const plan = planQuery(read(q, [store]), [store], store.tenantId);
  const s = plan.stores[0]!;
  return dialect.sqlToQuery((s.rows ?? s.aggregate ?? s.count)!);
}

describe('a nested field is named by its path in words', () => {
  it.each([
    'count orders by customer country',
    'count orders by country of the customer',
    "count orders by customer's country",
    'count orders by customer.country',
    'orders by country',
  ])('%s groups by customer.country', (q) => {
    expect(read(q, [orders]).groupBy).toBe('customer.country');
  });

  it.each([
    ['orders where customer address city is Berlin', 'customer.address.city', 'Berlin'],
    ['orders where city is Berlin', 'customer.address.city', 'Berlin'],
    ['orders to Berlin', 'customer.address.city', 'Berlin'],
    ['orders from DE', 'customer.country', 'DE'],
    ['orders where customer name is Ann', 'customer.name', 'Ann'],
    ['orders where customer is Ann', 'customer.name', 'Ann'],
    ['orders shipped with dhl', 'shipping.carrier', 'dhl'],
  ])('%s filters %s = %s', (q, field, value) => {
    expect(read(q, [orders]).filters).toEqual([{ field, op: '=', value }]);
  });

  it('a nested number is compared, added up, averaged and sorted by', () => {
    expect(read('orders where shipping cost over 10', [orders]).filters).toEqual([
      { field: 'shipping.cost', op: '>', value: 10 },
    ]);
    expect(read('total shipping cost', [orders]).aggregate).toEqual({ fn: 'sum', field: 'shipping.cost' });
    expect(read('average shipping cost of orders', [orders]).aggregate).toEqual({
      fn: 'avg',
      field: 'shipping.cost',
    });
    expect(read('top 5 orders by shipping cost', [orders]).sort).toEqual([
      { field: 'shipping.cost', dir: 'desc' },
    ]);
  });

  it("a record's own field keeps its name; the nested one is named by its path", () => {
    const both = storeEntry(
      'tn',
      'orders',
      Array.from({ length: 12 }, (_, i) => ({
        order_id: `o${i}`,
        country: pick(['NL', 'BE'], i),
        customer: { country: pick(['DE', 'US', 'FR'], i) },
        created_at: new Date(NOW - i * 3_600_000).toISOString(),
      })),
    );
    expect(read('count orders by country', [both]).groupBy).toBe('country');
    expect(read('count orders by customer country', [both]).groupBy).toBe('customer.country');
  });

  it('a key two nested fields end in is asked by their paths', () => {
    const two = storeEntry(
      'tn',
      'orders',
      Array.from({ length: 12 }, (_, i) => ({
        order_id: `o${i}`,
        billing: { city: pick(['Berlin', 'Bonn'], i) },
        shipping: { city: pick(['Paris', 'Lyon'], i) },
        created_at: new Date(NOW - i * 3_600_000).toISOString(),
      })),
    );
    expect(read('count orders by billing city', [two]).groupBy).toBe('billing.city');
    expect(read('count orders by shipping city', [two]).groupBy).toBe('shipping.city');
    expect(read('orders to Lyon', [two]).filters).toEqual([
      { field: 'shipping.city', op: '=', value: 'Lyon' },
    ]);
  });
});

describe('what stays refused', () => {
  it('an object compared to a word no field inside it learned names the fields to ask about', () => {
    expect(refusal('orders where customer is Zed', [orders]).message).toBe(
      'The field "customer" of orders holds objects: ask about a field inside it (customer.name, customer.country, customer.address)',
    );
  });
});

describe('lists, once their elements are learned', () => {
  it('a value inside a list is a filter on the list (arrays.test.ts has the rest)', () => {
    expect(read('orders with tag b', [orders]).filters).toEqual([{ field: 'tags', op: '=', value: 'b' }]);
  });
});

describe('the SQL of a nested field', () => {
  it('is read by its path, bound as a text[] parameter, never written into the SQL', () => {
    const grouped = statement('count orders by customer address city');
    expect(grouped.sql).toContain('(data #> $1::text[]) as key');
    expect(grouped.params[0]).toBe('{"customer","address","city"}');
    expect(grouped.sql).not.toMatch(/customer|address|city/);
  });

  it('equality is one containment with the fields of the record', () => {
    const { sql, params } = statement('paid orders from DE to Berlin');
    expect(sql).toContain('data @> $3::jsonb');
    expect(JSON.parse(params[2] as string)).toEqual({
      status: 'paid',
      customer: { country: 'DE', address: { city: 'Berlin' } },
    });
  });

  it('numbers behind the type guard, in comparisons, aggregates and sorts', () => {
    const guard =
      "(case when jsonb_typeof(data #> $3::text[]) = 'number' then (data #>> $4::text[])::numeric end) > $5::numeric";
    const compared = statement('orders where shipping cost over 10');
    expect(compared.sql).toContain(guard);
    expect(compared.params.slice(2, 5)).toEqual(['{"shipping","cost"}', '{"shipping","cost"}', 10]);
    expect(statement('average shipping cost of orders').sql).toContain(
      "(case when jsonb_typeof(data #> $1::text[]) = 'number' then (data #>> $2::text[])::numeric end) as v",
    );
    expect(statement('orders sorted by shipping cost').sql).toContain(
      "coalesce((data #> $6::text[]), 'null'::jsonb) desc",
    );
  });

  it("a record's own fields are read as before in a store with nested ones", () => {
    expect(statement('orders over 30').sql).toContain(
      "(case when jsonb_typeof(data -> $3::text) = 'number' then (data ->> $4::text)::numeric end) > $5::numeric",
    );
    expect(statement('count orders by status').sql).toContain('(data -> $1::text) as key');
  });

  it('an automatic equality index on a nested field is read through its expression', () => {
    const indexed = {
      ...orders,
      indexes: [
        {
          name: 'ax_1',
          field: 'customer.country',
          kind: 'hash' as const,
          auto: true,
          op: '=',
          createdAt: '',
        },
      ],
    };
    const { sql, params } = statement('orders from DE', indexed);
    expect(sql).toContain('(data #> $3::text[]) = $4::jsonb');
    expect(params.slice(2, 4)).toEqual(['{"customer","country"}', '"DE"']);
  });
});

describe('the view the engine reads', () => {
  it('is made once per entry and version, and is the entry itself when nothing is nested', () => {
    const view = queryView(orders);
    expect(view).not.toBe(orders);
    expect(view.fields['customer.address.city']?.path).toEqual(['customer', 'address', 'city']);
    expect(queryView(orders)).toBe(view);
    expect(queryView(view)).toBe(view);
    const written = { ...orders, version: orders.version + 1 };
    expect(queryView(written)).not.toBe(view);
    orders.tier = 'WARM';
    try {
      expect(queryView(orders).tier).toBe('WARM');
    } finally {
      orders.tier = 'HOT';
    }
    const flat = emptyStore('tn', 'logs', 'logs', 1);
    flat.fields = { level: { name: 'level', count: 1, types: { string: 1 } } };
    expect(queryView(flat)).toBe(flat);
  });
});
