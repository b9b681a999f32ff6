/**
 * Classification without a database: a stream of records is classified against the stores it has
 * created so far, learning each store's shape as it goes (as RAG₁ does).
 */
import { describe, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate } from '../../../../shared/nlq/dataset.mjs';
import {
  type Classification,
  classifyRecord,
  detectDomain,
  domainName,
  emptyStore,
  fieldsFitKeys,
  learnRecord,
  type StoreEntry,
  shapeFit,
} from '../src/index.ts';

type Rec = Record<string, unknown>;
const emptyStoreOf = (id: string, domain: string): StoreEntry => emptyStore('t', id, domain, 0);
const sample = (generate as (now: number) => { records: { kind: string; data: Rec }[] })(
  Date.parse('2026-11-26T12:00:00Z'),
).records;

/** Classifies records one by one, creating and learning stores as RAG₁ does. */
class Stream {
  readonly stores: StoreEntry[] = [];

  add(record: Rec, hint?: string): Classification {
    const c = classifyRecord(record, this.stores, hint);
    let store = this.stores.find((s) => s.id === c.storeId);
    expect(Boolean(store)).toBe(!c.isNew);
    if (!store) {
      store = emptyStoreOf(c.storeId, c.domain);
      this.stores.push(store);
    }
    learnRecord(store.fields, record);
    store.recordCount += 1;
    return c;
  }

  sizes(): Record<string, number> {
    return Object.fromEntries(this.stores.map((s) => [s.domain, s.recordCount]));
  }
}

const user = (i: number): Rec => ({
  id: `u-${i}`,
  username: `user${i}`,
  name: `User ${i}`,
  email: `user${i}@example.com`,
  country: 'Germany',
  plan: 'free',
  age: 30,
  status: 'active',
  signed_up_at: '2026-01-02T03:04:05Z',
});
const message = (i: number): Rec => ({
  id: `m-${i}`,
  from: 'john',
  channel: 'general',
  text: `hello ${i}`,
  sent_at: '2026-01-02T03:04:05Z',
  token: 'xyz123',
});
const log = (i: number): Rec => ({
  id: `l-${i}`,
  level: 'info',
  service: 'api',
  host: 'web-1',
  message: 'request served',
  timestamp: '2026-01-02T03:04:05Z',
});
const metric = (i: number): Rec => ({
  id: `s-${i}`,
  metric: 'cpu_usage',
  value: i,
  unit: '%',
  host: 'web-1',
  service: 'api',
  recorded_at: '2026-01-02T03:04:05Z',
});
const order = (i: number): Rec => ({
  type: 'order',
  id: `o-${i}`,
  customer: 'a@example.com',
  amount: 10 + i,
  currency: 'EUR',
  status: 'paid',
  created_at: '2026-01-02T03:04:05Z',
});

function seeded(): Stream {
  const s = new Stream();
  for (let i = 0; i < 5; i++) for (const make of [user, message, log, metric, order]) s.add(make(i));
  return s;
}

describe('the sample data set', () => {
  test('its five kinds classify into five domains of the right sizes, one store per kind', () => {
    const stream = new Stream();
    const byKind = new Map<string, Set<string>>();
    for (const { kind, data } of sample) {
      const c = stream.add(data);
      const ids = byKind.get(kind) ?? new Set<string>();
      ids.add(c.storeId);
      byKind.set(kind, ids);
    }
    expect(stream.sizes()).toEqual({ users: 200, messages: 600, logs: 600, metrics: 400, orders: 200 });
    for (const [kind, ids] of byKind) {
      expect([...ids].map((id) => stream.stores.find((s) => s.id === id)!.domain)).toEqual([kind]);
    }
  });

  test('the order of arrival does not matter: sorted by kind, reversed, still five stores', () => {
    for (const order of [[...sample].sort((a, b) => a.kind.localeCompare(b.kind)), [...sample].reverse()]) {
      const stream = new Stream();
      for (const { data } of order) stream.add(data);
      expect(stream.sizes()).toEqual({ users: 200, messages: 600, logs: 600, metrics: 400, orders: 200 });
    }
  });
});

describe('detectors', () => {
  test.each([
    ['users', user(1)],
    ['messages', message(1)],
    ['logs', log(1)],
    ['metrics', metric(1)],
  ])('a first %s record starts a store of that domain', (domain, record) => {
    const c = new Stream().add(record);
    expect(c).toMatchObject({ domain, isNew: true, reason: 'detector' });
  });

  test('orders are named by their type field, not guessed', () => {
    expect(new Stream().add(order(1))).toMatchObject({ domain: 'orders', reason: 'explicit', isNew: true });
  });

  test('an order without a type is still recognised by its fields', () => {
    const { type: _, ...untyped } = order(1);
    expect(detectDomain(Object.keys(untyped))?.domain).toBe('orders');
  });

  test('a store created explicitly for the domain, still empty, takes its first record; a learned one of another shape does not', () => {
    const created = emptyStoreOf('logs', 'logs');
    expect(classifyRecord(log(1), [created])).toMatchObject({ storeId: 'logs', isNew: false });
    const learned = emptyStoreOf('logs', 'logs');
    learnRecord(learned.fields, { level: 'info', pid: 1, stack: 'x', trace_id: 't', span_id: 's' });
    expect(classifyRecord(log(1), [learned])).toMatchObject({ storeId: 'logs-2', isNew: true });
  });

  test('fields every domain shares carry no evidence on their own', () => {
    expect(detectDomain(['id', 'status'])).toBeNull();
    expect(detectDomain(['id', 'created_at', 'name'])).toBeNull();
  });
});

describe('sparse records join the store of their shape', () => {
  test('a message without token, a metric without unit, a user without age or plan', () => {
    const s = seeded();
    const before = s.stores.length;
    const { token: _t, ...noToken } = message(9);
    const { unit: _u, ...noUnit } = metric(9);
    const { age: _a, plan: _p, ...noAge } = user(9);
    expect(s.add(noToken)).toMatchObject({ domain: 'messages', isNew: false });
    expect(s.add(noUnit)).toMatchObject({ domain: 'metrics', isNew: false });
    expect(s.add(noAge)).toMatchObject({ domain: 'users', isNew: false });
    expect(s.stores).toHaveLength(before);
  });

  test('a sparse record that arrives first does not split its domain into two stores', () => {
    const s = new Stream();
    const { token: _t, ...noToken } = message(0);
    s.add(noToken);
    for (let i = 1; i < 20; i++) s.add(message(i));
    s.add({ from: 'john', text: 'only two fields and a time', sent_at: '2026-01-02T03:04:05Z' });
    expect(s.stores.map((x) => x.domain)).toEqual(['messages']);
    expect(s.stores[0]!.recordCount).toBe(21);
  });

  test('a record with an extra optional field joins too', () => {
    const s = seeded();
    expect(s.add({ ...log(9), trace_id: 'abc' })).toMatchObject({ domain: 'logs', isNew: false });
    expect(s.stores).toHaveLength(5);
  });
});

describe('a registry copy whose record count runs ahead of its learned fields', () => {
  // Per-field counts reach the `mcps` row with the background learning flush; the record count at
  // every commit. A copy read from the database mid-stream counts far more records than its fields.
  const lagging = (): StoreEntry => {
    const store = emptyStoreOf('records', 'records');
    for (let i = 0; i < 10; i++) {
      learnRecord(store.fields, { sensor: 's-1', seq: i, reading: i * 1.5, ...(i < 4 ? { note: 'x' } : {}) });
    }
    store.recordCount = 5_000;
    return store;
  };

  test("a record of the store's shape joins it: no second store for the same shape", () => {
    const store = lagging();
    expect(shapeFit(store, ['sensor', 'seq', 'reading'])).toBe(1);
    expect(classifyRecord({ sensor: 's-2', seq: 11, reading: 3 }, [store])).toMatchObject({
      storeId: 'records',
      isNew: false,
    });
  });

  test('a field in a minority of the learned records stays optional; a record missing usual fields does not fit', () => {
    const store = lagging();
    expect(shapeFit(store, ['sensor', 'seq', 'reading', 'note'])).toBe(1);
    expect(shapeFit(store, ['sensor', 'other', 'more'])).toBe(0);
  });

  test('fieldsFitKeys is shapeFit of learned fields, for a store read from its row', () => {
    const store = lagging();
    for (const keys of [
      ['sensor', 'seq', 'reading'],
      ['sensor', 'seq', 'reading', 'note'],
      ['color', 'size', 'weight'],
      ['sensor', 'seq'],
    ]) {
      expect(fieldsFitKeys(store.fields, keys), keys.join()).toBe(shapeFit(store, keys));
    }
    expect(fieldsFitKeys(store.fields, ['color', 'size', 'weight'])).toBe(0);
    // Carrying one of the store's three usual fields: this record would not join the store either.
    // (`{sensor, seq}`, two of three, joins since SUBSET_STORE_COVERAGE; classify-sparse.test.ts.)
    expect(fieldsFitKeys(store.fields, ['sensor', 'other'])).toBe(0);
    expect(classifyRecord({ sensor: 's-3', other: 1 }, [store])).toMatchObject({ isNew: true });
  });
});

describe('ambiguous records go where the evidence says', () => {
  test('id, status, host and service alone are shared; the telling field decides', () => {
    const s = seeded();
    expect(s.add({ id: 'x1', host: 'web-2', service: 'worker', level: 'warn' }).domain).toBe('logs');
    expect(s.add({ id: 'x2', host: 'web-2', service: 'worker', metric: 'cpu_usage', value: 3 }).domain).toBe(
      'metrics',
    );
    expect(s.add({ id: 'x3', status: 'active', username: 'zed', email: 'z@x.io' }).domain).toBe('users');
    expect(s.add({ id: 'x4', status: 'paid', amount: 3, customer: 'z@x.io' }).domain).toBe('orders');
    expect(s.stores).toHaveLength(5);
  });

  test('a metric that shares host and service with logs still lands in metrics', () => {
    const s = seeded();
    const { unit: _u, ...revenue }: Rec = { ...metric(7), metric: 'revenue', currency: 'EUR' };
    expect(s.add(revenue).domain).toBe('metrics');
  });

  test('a user record never joins orders because both carry id and status', () => {
    const s = new Stream();
    for (let i = 0; i < 5; i++) s.add(order(i));
    expect(s.add({ id: 'u-1', status: 'active', username: 'a', email: 'a@b.c', plan: 'pro' })).toMatchObject({
      domain: 'users',
      isNew: true,
    });
  });
});

describe('explicit domains win', () => {
  test('a type or kind field names the domain even when the shape says otherwise', () => {
    const s = seeded();
    expect(s.add({ ...log(1), type: 'audit' })).toMatchObject({
      domain: 'audits',
      isNew: true,
      reason: 'explicit',
    });
    expect(s.add({ ...user(1), kind: 'Customer' })).toMatchObject({
      domain: 'customers',
      reason: 'explicit',
    });
  });

  test('the domain hint wins over the shape and over a type field', () => {
    const s = seeded();
    expect(s.add(log(1), 'event')).toMatchObject({ domain: 'events', isNew: true, reason: 'hint' });
    expect(s.add(order(1), 'ledger')).toMatchObject({ domain: 'ledgers', reason: 'hint' });
    expect(s.add(user(2), 'events')).toMatchObject({ domain: 'events', isNew: false, reason: 'hint' });
  });

  test('a hint naming an existing domain joins its store', () => {
    const s = seeded();
    const logs = s.stores.find((x) => x.domain === 'logs')!;
    expect(s.add({ whatever: 1 }, 'Log')).toMatchObject({ domain: 'logs', storeId: logs.id, isNew: false });
  });

  test('a type that is not a word (a number, a sentence) is not a domain', () => {
    const s = seeded();
    expect(s.add({ ...log(1), type: 42 }).domain).toBe('logs');
    expect(s.add({ ...log(2), type: 'this is; not a domain!' }).domain).toBe('logs');
  });
});

describe('new shapes', () => {
  test('an unknown shape starts a store of its own, and its second record joins it', () => {
    const s = seeded();
    const first = s.add({ sku: 'A-1', warehouse: 'berlin', on_hand: 4 });
    expect(first).toMatchObject({ isNew: true, reason: 'new' });
    expect(s.add({ sku: 'A-2', warehouse: 'paris', on_hand: 9 })).toMatchObject({
      storeId: first.storeId,
      isNew: false,
    });
    expect(s.stores).toHaveLength(6);
  });

  test('two different unknown shapes get two stores with distinct ids', () => {
    const s = new Stream();
    const a = s.add({ bolt: 'A-1', bin: 'berlin', on_hand: 4 });
    const b = s.add({ planet: 'mars', moons: 2, gravity: 3.7 });
    expect(a.storeId).not.toBe(b.storeId);
    expect(a.domain).toBe(b.domain);
  });

  test('a store id taken by another domain is not reused', () => {
    const s = new Stream();
    s.add({ x: 1 }, 'logs');
    s.stores[0]!.domain = 'something-else';
    const c = s.add(log(1));
    expect(c.isNew).toBe(true);
    expect(c.storeId).not.toBe('logs');
  });
});

describe('domainName', () => {
  test.each([
    ['order', 'orders'],
    ['Order', 'orders'],
    ['orders', 'orders'],
    ['ORDER', 'orders'],
    ['category', 'categories'],
    ['day', 'days'],
    ['box', 'boxes'],
    ['match', 'matches'],
    ['wish', 'wishes'],
    ['metric', 'metrics'],
    ['data', 'data'],
    ['metadata', 'metadata'],
    ['news', 'news'],
    ['Log Entry', 'log_entries'],
    ['page-view', 'page_views'],
    ['  user  ', 'users'],
    ['!!!', 'records'],
    ['', 'records'],
  ])('%j -> %j', (raw, expected) => {
    expect(domainName(raw)).toBe(expected);
  });

  test('is idempotent: a domain name maps to itself', () => {
    for (const raw of ['order', 'category', 'box', 'Log Entry', 'data', 'user']) {
      const once = domainName(raw);
      expect(domainName(once)).toBe(once);
    }
  });

  test('stays within 48 characters plus the plural suffix', () => {
    expect(domainName('a'.repeat(200)).length).toBeLessThanOrEqual(50);
  });
});
