/**
 * Fields inside nested objects: learned under the field that holds them (to NESTED_MAX_DEPTH levels,
 * NESTED_MAX_FIELDS names per record field), merged, copied, taught and flattened for the question
 * engine, while classification goes on reading a record's own keys only.
 */
import { describe, expect, test } from 'vitest';
import {
  classifyRecord,
  emptyStore,
  type FieldStats,
  flattenFields,
  learnRecord,
  mergeFields,
  NESTED_MAX_DEPTH,
  NESTED_MAX_FIELDS,
  ownFields,
  type StoreEntry,
  storeView,
  teachesShape,
} from '../src/index.ts';
import { learned } from './support/learning.ts';

const order = (i: number, country: string, city: string) => ({
  order_id: `o-${i}`,
  total: 10 + i,
  customer: { name: `c${i}`, country, address: { city, zip: `${10_000 + i}` } },
  shipping: { cost: i / 2, carrier: i % 2 ? 'dhl' : 'ups' },
  created_at: `2026-11-${String(1 + (i % 27)).padStart(2, '0')}T10:00:00Z`,
});

const orders = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    order(i, ['DE', 'FR', 'US'][i % 3]!, ['Berlin', 'Paris', 'Austin'][i % 3]!),
  );

describe('learning nested fields', () => {
  test('the fields of an object are learned inside it, with types, dictionaries and ranges', () => {
    const f = learned(orders(30));
    expect(f.customer!.types).toEqual({ object: 30 });
    const country = f.customer!.fields!.country!;
    expect(country).toMatchObject({ name: 'country', count: 30, types: { string: 30 } });
    expect(country.values).toEqual({ DE: 10, FR: 10, US: 10 });
    expect(f.customer!.fields!.address!.fields!.city!.values).toEqual({ Berlin: 10, Paris: 10, Austin: 10 });
    expect(f.shipping!.fields!.cost).toMatchObject({ min: 0, max: 14.5, types: { number: 30 } });
    // The record's own fields are what they were: five keys, nested ones only inside their parent.
    expect(Object.keys(f).sort()).toEqual(['created_at', 'customer', 'order_id', 'shipping', 'total']);
  });

  test('a field that is sometimes an object and sometimes not learns the objects inside it', () => {
    const f = learned([{ ref: 'x' }, { ref: { id: 1 } }, { ref: null }, { ref: { id: 2, kind: 'a' } }]);
    expect(f.ref!.types).toEqual({ string: 1, object: 2, null: 1 });
    expect(f.ref!.fields!.id).toMatchObject({ count: 2, min: 1, max: 2 });
    expect(f.ref!.fields!.kind!.count).toBe(1);
  });

  test(`objects deeper than ${NESTED_MAX_DEPTH} levels below the record are learned as objects, not opened`, () => {
    const f = learned([{ a: { b: { c: { d: { e: 1 } } } } }]);
    const c = f.a!.fields!.b!.fields!.c!;
    expect(c.fields!.d!.types).toEqual({ object: 1 });
    expect(c.fields!.d!.fields).toBeUndefined();
  });

  test(`a map keyed by data stops at ${NESTED_MAX_FIELDS} names under one field and is marked, the names it has still counted`, () => {
    const records = Array.from({ length: 200 }, (_, i) => ({ scores: { [`user-${i}`]: i, total: i } }));
    const f = learned(records);
    const scores = f.scores!;
    expect(Object.keys(scores.fields!)).toHaveLength(NESTED_MAX_FIELDS);
    expect(scores.fieldsOverflow).toBe(true);
    expect(scores.fields!.total!.count).toBe(200);
  });

  test('the budget is shared by every level under one record field', () => {
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, { x: i, y: i }]));
    const f = learned([{ m: wide }]);
    const count = (s: FieldStats): number =>
      Object.values(s.fields ?? {}).reduce((n, c) => n + 1 + count(c), 0);
    expect(count(f.m!)).toBe(NESTED_MAX_FIELDS);
  });

  test('nested keys that name Object.prototype members are ordinary fields', () => {
    const f = learned([JSON.parse('{"meta":{"__proto__":"p","toString":"t","constructor":1}}')]);
    const inner = f.meta!.fields!;
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(Object.keys(inner).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(inner, 'toString')?.value.values).toEqual({ t: 1 });
  });
});

describe('merging, copying and teaching', () => {
  test('merging deltas learned apart equals learning all records at once', () => {
    const all = orders(40);
    const into = learned(all.slice(0, 25));
    mergeFields(into, learned(all.slice(25)));
    expect(into).toEqual(learned(all));
  });

  test('a merge respects the nested budget of what it merges into', () => {
    const a = learned([{ m: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`a${i}`, i])) }]);
    const b = learned([{ m: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`b${i}`, i])) }]);
    mergeFields(a, b);
    expect(Object.keys(a.m!.fields!)).toHaveLength(NESTED_MAX_FIELDS);
    expect(a.m!.fieldsOverflow).toBe(true);
  });

  test('a copy is deep: changing it leaves the original alone, and JSON round trips keep nested fields', () => {
    const original = learned(orders(6));
    const copy = ownFields(JSON.parse(JSON.stringify(original)));
    expect(copy).toEqual(original);
    learnRecord(copy, order(99, 'JP', 'Tokyo'));
    expect(original.customer!.fields!.country!.values!.JP).toBeUndefined();
    expect(original.customer!.fields!.address!.fields!.city!.count).toBe(6);
  });

  test('a new nested field or value teaches the shape; the same nested values do not', () => {
    const known = learned(orders(9));
    expect(teachesShape(known, learned(orders(9).slice(3, 6)))).toBe(false);
    expect(teachesShape(known, learned([order(1, 'JP', 'Berlin')]))).toBe(true);
    expect(teachesShape(known, learned([order(1, 'DE', 'Tokyo')]))).toBe(true);
    const withGift = { ...order(1, 'DE', 'Berlin'), shipping: { cost: 1, carrier: 'dhl', gift: true } };
    expect(teachesShape(known, learned([withGift]))).toBe(true);
  });

  test('a name a full map would refuse does not teach', () => {
    const known = learned(Array.from({ length: 100 }, (_, i) => ({ scores: { [`user-${i}`]: i } })));
    expect(known.scores!.fieldsOverflow).toBe(true);
    expect(teachesShape(known, learned([{ scores: { 'user-500': 1 } }]))).toBe(false);
  });
});

describe('the flattened view', () => {
  test('nested fields are named by their dotted paths and carry them; record fields come first, unchanged', () => {
    const fields = learned(orders(12));
    const flat = flattenFields(fields);
    expect(Object.keys(flat)).toEqual([
      'order_id',
      'total',
      'customer',
      'shipping',
      'created_at',
      'customer.name',
      'customer.country',
      'customer.address',
      'customer.address.city',
      'customer.address.zip',
      'shipping.cost',
      'shipping.carrier',
    ]);
    expect(flat.total).toBe(fields.total);
    expect(flat['customer.address.city']).toMatchObject({
      name: 'customer.address.city',
      path: ['customer', 'address', 'city'],
      types: { string: 12 },
    });
    expect(flat['customer.address']!.fields).toBeUndefined();
  });

  test('a record key that is itself a dotted name keeps it', () => {
    const fields = learned([{ 'customer.country': 'top', customer: { country: 'inner' } }]);
    const flat = flattenFields(fields);
    expect(flat['customer.country']!.values).toEqual({ top: 1 });
    expect(flat['customer.country']!.path).toBeUndefined();
  });

  test('fields with nothing nested are returned as they are', () => {
    const fields = learned([{ a: 1, b: 'x' }]);
    expect(flattenFields(fields)).toBe(fields);
  });

  test('the public view lists nested fields with their paths', () => {
    const store: StoreEntry = { ...emptyStore('t', 'orders', 'orders', 1), fields: learned(orders(12)) };
    const city = storeView(store).fields.find((f) => f.name === 'customer.address.city');
    expect(city).toMatchObject({ path: ['customer', 'address', 'city'], type: 'string', count: 12 });
    expect(city!.values!.sort()).toEqual(['Austin', 'Berlin', 'Paris']);
    expect(storeView(store).fields.find((f) => f.name === 'total')).not.toHaveProperty('path');
  });
});

describe('classification reads the record fields only', () => {
  test('records whose nested objects differ join the store of their shape', () => {
    const store: StoreEntry = {
      ...emptyStore('t', 'orders', 'orders', 1),
      fields: learned(orders(50)),
      recordCount: 50,
    };
    const different = {
      ...order(1, 'DE', 'Berlin'),
      customer: { id: 'c-9', tier: 'gold', segments: { a: 1, b: 2, c: 3, d: 4 } },
      shipping: { method: 'pickup' },
    };
    expect(classifyRecord(different, [store])).toMatchObject({ storeId: 'orders', isNew: false });
    expect(classifyRecord(order(2, 'FR', 'Paris'), [store])).toMatchObject({
      storeId: 'orders',
      isNew: false,
    });
  });
});
