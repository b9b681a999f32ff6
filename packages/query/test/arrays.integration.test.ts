/**
 * Questions about arrays inside records, answered on the real PostgreSQL: filters on element values
 * (containment), comparisons on element fields, groupings by element values (each record once per
 * distinct value it holds), and records whose "array" is something else, which never raise.
 */
import type { StoreEntry } from '@smartdb/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { answerQuery, explainQuery, type QueryDeps } from '../src/index.ts';
import { insertRecords, storeEntry } from './support/stores.ts';

const now = Date.now();
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
const at = (i: number) => new Date(now - (i + 1) * 3_600_000).toISOString();

interface Article {
  title: string;
  tags: unknown;
  published_at: string;
}
interface Item {
  sku: string;
  name: string;
  price: number;
  quantity: number;
}
interface Order {
  order_id: string;
  status: string;
  items: Item[];
  customer: { name: string; labels: string[] };
  created_at: string;
}

const articles: Article[] = Array.from({ length: 30 }, (_, i) => ({
  title: `Article ${i}`,
  // One article holds a tag twice; one holds a string, one an object where the others hold lists.
  tags:
    i === 28
      ? 'postgres'
      : i === 29
        ? { postgres: true }
        : i === 0
          ? ['postgres', 'postgres']
          : [pick(['postgres', 'ai', 'security'], i), pick(['databases', 'ops', 'ai'], i)],
  published_at: at(i),
}));

const users = Array.from({ length: 16 }, (_, i) => ({
  username: `user${i}`,
  roles: i % 4 === 0 ? ['admin', 'editor'] : [pick(['viewer', 'editor'], i)],
  created_at: at(i),
}));

const NAMES = ['monitor', 'keyboard', 'mouse', 'laptop'];
const orders: Order[] = Array.from({ length: 24 }, (_, i) => ({
  order_id: `o${i}`,
  status: pick(['paid', 'pending'], i),
  items: [
    { sku: `SKU-${i % 4}`, name: pick(NAMES, i), price: 20 + (i % 4) * 50, quantity: 1 + (i % 3) },
    ...(i % 3 === 0 ? [{ sku: 'SKU-9', name: 'cable', price: 5, quantity: 2 }] : []),
  ],
  customer: { name: pick(['Ann', 'Bob'], i), labels: [pick(['vip', 'new', 'returning'], i)] },
  created_at: at(i),
}));

const tenant = uniqueTenant('arrays');
let handle: Awaited<ReturnType<typeof testDatabase>>;
let deps: QueryDeps;

beforeAll(async () => {
  handle = await testDatabase(4);
  const stores: StoreEntry[] = [
    storeEntry(tenant, 'articles', articles as unknown as Record<string, unknown>[]),
    storeEntry(tenant, 'users', users),
    storeEntry(tenant, 'orders', orders as unknown as Record<string, unknown>[]),
  ];
  await insertRecords(
    handle.db,
    tenant,
    'articles',
    articles as unknown as Record<string, unknown>[],
    'published_at',
  );
  await insertRecords(handle.db, tenant, 'users', users, 'created_at');
  await insertRecords(
    handle.db,
    tenant,
    'orders',
    orders as unknown as Record<string, unknown>[],
    'created_at',
  );
  deps = { db: handle.db, stores: () => stores, now: () => new Date(now) };
});

afterAll(async () => {
  await handle?.close();
});

const ask = (q: string) => answerQuery(deps, tenant, { q, limit: 1000 });
const listOf = (tags: unknown): unknown[] => (Array.isArray(tags) ? tags : []);
/** The groups of an answer as {key: value}. */
const groupsOf = (groups: { key: unknown; value: number | null }[]) =>
  Object.fromEntries(groups.map((g) => [String(g.key), g.value]));

describe('filters on element values', () => {
  it('a scalar element value: the records whose list holds it, never a string or an object', async () => {
    const expected = articles.filter((a) => listOf(a.tags).includes('postgres')).map((a) => a.title);
    for (const q of [
      'articles tagged postgres',
      'posts with the tag postgres',
      'how many articles have the postgres tag',
    ]) {
      const answer = await ask(q);
      expect(answer.count, q).toBe(expected.length);
      if (answer.rows.length)
        expect(answer.rows.map((r) => (r.data as Article).title).sort(), q).toEqual([...expected].sort());
    }
  });

  it('a role, counted', async () => {
    const admins = users.filter((u) => u.roles.includes('admin')).length;
    expect((await ask('how many users have the admin role')).value).toBe(admins);
    expect((await ask('users whose roles include admin')).count).toBe(admins);
    expect((await ask('users without the admin role')).count).toBe(users.length - admins);
  });

  it('a value of a field inside object elements', async () => {
    const monitors = orders.filter((o) => o.items.some((it) => it.name === 'monitor')).length;
    expect((await ask('orders containing a monitor')).count).toBe(monitors);
    const sku = orders.filter((o) => o.items.some((it) => it.sku === 'SKU-3')).length;
    expect((await ask('orders with sku SKU-3')).count).toBe(sku);
    const vip = orders.filter((o) => o.customer.labels.includes('vip')).length;
    expect((await ask('vip orders')).count).toBe(vip);
  });

  it('a comparison holds of some element', async () => {
    const expensive = orders.filter((o) => o.items.some((it) => it.price > 100)).length;
    expect((await ask('orders with item price over 100')).count).toBe(expensive);
    expect((await ask('orders with an item priced over 100')).count).toBe(expensive);
  });
});

describe('groupings by element values', () => {
  const byTag: Record<string, number> = {};
  for (const a of articles)
    for (const t of new Set(listOf(a.tags))) byTag[String(t)] = (byTag[String(t)] ?? 0) + 1;

  it('counts each record once per distinct value it holds, and the records of the groups once', async () => {
    const answer = await ask('count articles by tag');
    expect(groupsOf(answer.groups)).toEqual(byTag);
    expect(answer.count).toBe(articles.filter((a) => listOf(a.tags).length > 0).length);
  });

  it('top 3 tags', async () => {
    const top = Object.entries(byTag)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    const answer = await ask('top 3 tags');
    expect(answer.groups.map((g) => [g.key, g.value])).toEqual(top);
  });

  it('by a field inside object elements', async () => {
    const expected: Record<string, number> = {};
    for (const o of orders)
      for (const n of new Set(o.items.map((it) => it.name))) expected[n] = (expected[n] ?? 0) + 1;
    expect(groupsOf((await ask('count orders by item name')).groups)).toEqual(expected);
    const bySku: Record<string, number> = {};
    for (const o of orders)
      for (const s of new Set(o.items.map((it) => it.sku))) bySku[s] = (bySku[s] ?? 0) + 1;
    expect(groupsOf((await ask('orders per sku')).groups)).toEqual(bySku);
  });

  it('with a filter and a bound on the groups', async () => {
    const roles: Record<string, number> = {};
    for (const u of users) for (const r of u.roles) roles[r] = (roles[r] ?? 0) + 1;
    expect(groupsOf((await ask('count users by role')).groups)).toEqual(roles);
    const kept = Object.fromEntries(Object.entries(roles).filter(([, n]) => n > 5));
    const bounded = await ask('roles with more than 5 users');
    expect(groupsOf(bounded.groups)).toEqual(kept);
    const holding = users.filter((u) => u.roles.some((r) => kept[r] !== undefined)).length;
    expect(bounded.count).toBe(holding);
  });
});

describe('aggregates of a number inside the elements', () => {
  const itemsOf = (name?: string) => orders.flatMap((o) => o.items).filter((it) => !name || it.name === name);

  it('adds up the elements matched, not every element of the records matched', async () => {
    const total = itemsOf('keyboard').reduce((sum, it) => sum + it.quantity, 0);
    const answer = await ask('total quantity of keyboards sold');
    expect(answer.value).toBe(total);
    expect(answer.count).toBe(orders.filter((o) => o.items.some((it) => it.name === 'keyboard')).length);
  });

  it('per value of a field of the same elements', async () => {
    const bySku: Record<string, number> = {};
    for (const it of itemsOf()) bySku[it.sku] = (bySku[it.sku] ?? 0) + it.price;
    const answer = await ask('sum of item price by sku');
    expect(groupsOf(answer.groups)).toEqual(bySku);
    expect(answer.count).toBe(orders.length);
  });

  it('per value of a field of the records', async () => {
    const byStatus: Record<string, number> = {};
    for (const o of orders)
      for (const it of o.items) byStatus[o.status] = (byStatus[o.status] ?? 0) + it.quantity;
    expect(groupsOf((await ask('total item quantity by status')).groups)).toEqual(byStatus);
  });
});

describe('the same element', () => {
  it('values of two fields inside the elements are held by one element', async () => {
    const both = orders.filter((o) => o.items.some((it) => it.name === 'cable' && it.sku === 'SKU-9')).length;
    const apart = orders.filter((o) =>
      o.items.some((it) => it.name === 'monitor' && it.sku === 'SKU-9'),
    ).length;
    expect((await ask('orders containing a cable with sku SKU-9')).count).toBe(both);
    expect((await ask('orders containing a monitor with sku SKU-9')).count).toBe(apart);
  });
});

describe('explain', () => {
  it('shows the statement of a grouping by elements', () => {
    const explained = explainQuery(deps, tenant, { q: 'count users by role' });
    expect(explained.sql[0]?.text).toContain('cross join lateral jsonb_array_elements');
    expect(explained.sql[0]?.params).toContain(tenant);
  });
});
