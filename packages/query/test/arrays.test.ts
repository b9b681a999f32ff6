/**
 * Questions about the arrays inside records, grounded in what the registry learned of their
 * elements (`FieldStats.items`): a value held by an element filters by containment ("articles tagged
 * postgres" is `data @> {"tags": ["postgres"]}`, "orders containing a monitor" `data @> {"items":
 * [{"name": "monitor"}]}`), a comparison holds of some element, and a grouping counts each record
 * once per distinct value among its elements. Element values are never dropped: a word naming one
 * is read or the question refused.
 */
import type { StoreEntry } from '@smartdb/registry';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { elementOf, queryView } from '../src/nested.ts';
import { planQuery } from '../src/plan.ts';
import { interpretationOf as read, refusalOf as refusal } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
const at = (i: number) => new Date(NOW - i * 7_200_000).toISOString();
const dialect = new PgDialect();

const articles = storeEntry(
  'ta',
  'articles',
  Array.from({ length: 24 }, (_, i) => ({
    title: `Article ${i}`,
    author: pick(['kim', 'lee', 'max'], i),
    tags: [pick(['postgres', 'ai', 'security'], i), pick(['databases', 'ops'], i)],
    published_at: at(i),
  })),
);

const users = storeEntry(
  'tu',
  'users',
  Array.from({ length: 20 }, (_, i) => ({
    username: `user${i}`,
    country: pick(['DE', 'US'], i),
    roles: i % 4 === 0 ? ['admin', 'editor'] : [pick(['viewer', 'editor'], i)],
    created_at: at(i),
  })),
);

const orders = storeEntry(
  'to',
  'orders',
  Array.from({ length: 20 }, (_, i) => ({
    order_id: `o${i}`,
    amount: 20 + i * 7,
    status: pick(['paid', 'pending'], i),
    items: [
      {
        sku: `SKU-${i % 5}`,
        name: pick(['monitor', 'keyboard', 'mouse', 'laptop', 'cable'], i),
        price: 10 + (i % 5) * 60,
        quantity: 1 + (i % 3),
      },
      { sku: 'SKU-9', name: 'cable', price: 5, quantity: 2 },
    ],
    customer: { name: pick(['Ann', 'Bob'], i), labels: [pick(['vip', 'new'], i)] },
    created_at: at(i),
  })),
);

/** The SQL and parameters of the one statement that answers `q` over `store`. */
function statement(q: string, store: StoreEntry): { sql: string; params: unknown[] } {
  const plan = planQuery(read(q, [store]), [store], store.tenantId);
  const s = plan.stores[0]!;
  return dialect.sqlToQuery((s.rows ?? s.aggregate ?? s.count)!);
}

describe('a value held by an element filters the records whose list holds it', () => {
  it.each([
    ['articles tagged postgres', 'tags', 'postgres'],
    ['posts with the tag ai', 'tags', 'ai'],
    ['articles with tag security', 'tags', 'security'],
    ['count articles tagged security this week', 'tags', 'security'],
  ])('%s', (q, field, value) => {
    expect(read(q, [articles]).filters).toEqual([{ field, op: '=', value }]);
  });

  it.each([
    'users with the admin role',
    'users whose roles include admin',
    'how many users have the admin role',
    'admin users',
  ])('%s', (q) => {
    expect(read(q, [users]).filters).toEqual([{ field: 'roles', op: '=', value: 'admin' }]);
  });

  it('"how many" counts them', () => {
    expect(read('how many users have the admin role', [users]).aggregate).toEqual({
      fn: 'count',
      field: null,
    });
  });

  it.each([
    ['orders containing a monitor', 'items.name', 'monitor'],
    ['orders with sku SKU-3', 'items.sku', 'SKU-3'],
    ['vip orders', 'customer.labels', 'vip'],
    ['orders labelled vip', 'customer.labels', 'vip'],
  ])('%s: a value of a field inside the elements, or of a list inside an object', (q, field, value) => {
    expect(read(q, [orders]).filters).toEqual([{ field, op: '=', value }]);
  });

  it('values joined and left out', () => {
    expect(read('articles tagged postgres or ai', [articles]).filters).toEqual([
      { field: 'tags', op: 'in', value: ['postgres', 'ai'] },
    ]);
    expect(read('users without the admin role', [users]).filters).toEqual([
      { field: 'roles', op: '!=', value: 'admin' },
    ]);
  });

  it('values of a list joined by "and" are each held; by "or", either', () => {
    expect(read('articles tagged postgres and ai', [articles]).filters).toEqual([
      { field: 'tags', op: '=', value: 'postgres' },
      { field: 'tags', op: '=', value: 'ai' },
    ]);
    expect(read('users with the admin and editor roles', [users]).filters).toEqual([
      { field: 'roles', op: '=', value: 'admin' },
      { field: 'roles', op: '=', value: 'editor' },
    ]);
  });

  it('"containing" a value learned inside the elements is that value, not text', () => {
    expect(read('orders containing monitors', [orders]).filters).toEqual([
      { field: 'items.name', op: '=', value: 'monitor' },
    ]);
    expect(read('orders containing zzz', [orders]).text).toBe('zzz');
  });

  it('a number inside the elements is compared', () => {
    expect(read('orders with item price over 100', [orders]).filters).toEqual([
      { field: 'items.price', op: '>', value: 100 },
    ]);
  });

  it.each(['orders with an item priced over 100', 'orders with items costing more than 100'])(
    '%s: the list named before a verb of pricing compares its price',
    (q) => {
      expect(read(q, [orders]).filters).toEqual([{ field: 'items.price', op: '>', value: 100 }]);
    },
  );
});

describe('a grouping by a list groups by its elements', () => {
  it.each([
    ['count articles by tag', articles, 'tags'],
    ['count users by role', users, 'roles'],
    ['count orders by item name', orders, 'items.name'],
    ['count orders by item', orders, 'items.name'],
    ['orders per sku', orders, 'items.sku'],
    ['orders by customer label', orders, 'customer.labels'],
  ])('%s groups by %s', (q, store, field) => {
    expect(read(q, [store]).groupBy).toBe(field);
  });

  it('top 3 tags ranks the tags', () => {
    const i = read('top 3 tags', [articles]);
    expect([i.groupBy, i.limit, i.aggregate]).toEqual(['tags', 3, { fn: 'count', field: null }]);
  });

  it('a bound on the groups: "roles with more than 5 users"', () => {
    const i = read('roles with more than 5 users', [users]);
    expect([i.groupBy, i.having]).toEqual(['roles', { fn: 'count', field: null, op: '>', value: 5 }]);
  });
});

describe('aggregates of a number inside the elements', () => {
  it('total quantity of keyboards sold adds up the quantity of the keyboard elements', () => {
    const i = read('total quantity of keyboards sold', [orders]);
    expect([i.aggregate, i.filters]).toEqual([
      { fn: 'sum', field: 'items.quantity' },
      [{ field: 'items.name', op: '=', value: 'keyboard' }],
    ]);
  });

  it('sum of item price by sku', () => {
    const i = read('sum of item price by sku', [orders]);
    expect([i.aggregate, i.groupBy]).toEqual([{ fn: 'sum', field: 'items.price' }, 'items.sku']);
  });
});

describe('what is refused rather than dropped', () => {
  it('a word no element held, after the list named', () => {
    expect(refusal('articles tagged zzz', [articles]).message).toContain('zzz');
  });

  it('a value the complete dictionary of the elements lacks names the values', () => {
    expect(refusal('users with the superadmin role', [users]).message).toBe(
      'No users have roles "superadmin": its values are admin, editor, viewer',
    );
  });

  it('how many elements a list holds', () => {
    expect(refusal('orders with more than 2 items', [orders]).message).toBe(
      'How many values a record has of a field cannot be asked for',
    );
    expect(refusal('users with more than 1 role', [users]).message).toBe(
      'No field of users is compared in "than"',
    );
  });

  it('a list compared with no number of its elements named', () => {
    expect(refusal('orders with an item over 100', [orders]).message).toBe(
      'Say which number inside the items is compared (items.price, items.quantity)',
    );
  });

  it('records sorted by a value inside their list', () => {
    expect(refusal('orders sorted by item price', [orders]).message).toBe(
      'Records cannot be sorted by items.price: each holds a list of them; count or filter by it instead',
    );
  });

  it('a list of objects compared to a word names the fields inside its elements', () => {
    expect(refusal('orders where items is foo', [orders]).message).toBe(
      'The field "items" of orders holds lists of objects: ask about a field inside them (items.sku, items.name, items.price, items.quantity)',
    );
  });
});

describe('the SQL', () => {
  it('a scalar element by containment of a list holding it, bound as a parameter', () => {
    const { sql, params } = statement('count articles tagged postgres', articles);
    expect(sql).toBe(
      'select count(*) as n from records where tenant_id = $1 and mcp_id = $2 and data @> $3::jsonb',
    );
    expect(params).toEqual(['ta', 'articles', '{"tags":["postgres"]}']);
  });

  it('a field of object elements, and a list inside an object, with the record own fields', () => {
    const { params } = statement('paid orders containing a monitor labelled vip', orders);
    expect(JSON.parse(params[2] as string)).toEqual({
      status: 'paid',
      items: [{ name: 'monitor' }],
      customer: { labels: ['vip'] },
    });
  });

  it('values of a list held together are one list holding them all', () => {
    const { sql, params } = statement('count articles tagged postgres and ai', articles);
    expect(sql).toContain('data @> $3::jsonb');
    expect(params[2]).toBe('{"tags":["postgres","ai"]}');
    const both = statement('orders containing a monitor and a keyboard', orders);
    expect(JSON.parse(both.params[2] as string)).toEqual({
      items: [{ name: 'monitor' }, { name: 'keyboard' }],
    });
  });

  it('a search reads the text of a list once, whatever fields its elements hold', () => {
    const { sql, params } = statement('orders containing zzz', orders);
    expect(params.filter((p) => p === 'items')).toHaveLength(1);
    expect(sql).toContain('(data ->> $5::text) ilike $6');
  });

  it('values of two fields inside the elements are asked of one element', () => {
    const { params } = statement('orders containing a monitor with sku SKU-0', orders);
    expect(JSON.parse(params[2] as string)).toEqual({ items: [{ name: 'monitor', sku: 'SKU-0' }] });
  });

  it('a comparison holds of some element, a non-array read as none', () => {
    const { sql, params } = statement('orders with item price over 100', orders);
    expect(sql).toContain(
      "exists (select 1 from jsonb_array_elements((case when jsonb_typeof((data -> $3::text)) = 'array' then (data -> $4::text) else '[]'::jsonb end)) as x(elem) where (case when jsonb_typeof((x.elem #> $5::text[])) = 'number' then ((x.elem #>> $6::text[]))::numeric end) > $7::numeric)",
    );
    expect(params.slice(2, 7)).toEqual(['items', 'items', '{"price"}', '{"price"}', 100]);
  });

  it('a grouping over a lateral of the elements, one row per record and value', () => {
    const { sql, params } = statement('count users by role', users);
    expect(sql).toContain(
      "with r as (select distinct records.id::text as id, e.elem as key from records cross join lateral jsonb_array_elements((case when jsonb_typeof((data -> $1::text)) = 'array' then (data -> $2::text) else '[]'::jsonb end)) as e(elem) where tenant_id = $3 and mcp_id = $4)",
    );
    expect(sql).toContain(
      '(select count(distinct r.id) from r join g on r.key is not distinct from g.key) as total',
    );
    expect(params.slice(0, 4)).toEqual(['roles', 'roles', 'tu', 'users']);
  });

  it('a nested list is read by its path', () => {
    const { params } = statement('count orders by customer label', orders);
    expect(params.slice(0, 2)).toEqual(['{"customer","labels"}', '{"customer","labels"}']);
  });

  it('an element measured per element, the conditions on its list holding of that element', () => {
    const { sql, params } = statement('total quantity of keyboards sold', orders);
    expect(sql).toMatch(
      /^with r as \(select records\.id::text as id, .* as v from records cross join lateral/,
    );
    expect(sql).toContain(
      'and data @> $7::jsonb and e.elem @> $8::jsonb) select count(distinct id) as n, sum(v) as s',
    );
    expect(params.slice(6, 8)).toEqual(['{"items":[{"name":"keyboard"}]}', '{"name":"keyboard"}']);
  });

  it('an automatic equality index on a list is not read as its value', () => {
    const indexed = {
      ...articles,
      indexes: [{ name: 'ax_1', field: 'tags', kind: 'hash' as const, auto: true, op: '=', createdAt: '' }],
    };
    expect(statement('articles tagged ai', indexed).sql).toContain('data @> $3::jsonb');
  });
});

describe('the view', () => {
  it('reads a list of values as its elements, and the fields inside object elements by their paths', () => {
    const view = queryView(orders);
    expect(view.fields['items.sku']?.path).toEqual(['items', 'sku']);
    expect(elementOf(view, 'items.sku')).toEqual({ array: ['items'], inner: ['sku'] });
    expect(elementOf(view, 'customer.labels')).toEqual({ array: ['customer', 'labels'], inner: [] });
    expect(queryView(articles).fields.tags?.values).toMatchObject({ postgres: 8, ai: 8, databases: 12 });
    expect(elementOf(view, 'status')).toBeUndefined();
  });

  it('does not offer the keys of objects a few records hold in the list place', () => {
    const odd = storeEntry('tx', 'articles', [
      ...Array.from({ length: 6 }, (_, i) => ({ title: `a${i}`, tags: ['x', 'y'] })),
      { title: 'odd', tags: { flagged: true } },
    ]);
    expect(Object.keys(queryView(odd).fields).sort()).toEqual(['tags', 'title']);
  });
});
