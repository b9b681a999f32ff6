/**
 * Arrays inside records: what their elements hold is learned under the field (`FieldStats.items`):
 * their types, the dictionary of short strings, number ranges and the fields inside object elements,
 * from the first ARRAY_MAX_ITEMS elements of each array, within the record field's nested budget;
 * merged, copied, taught, flattened and shown in the public view like nested objects' fields.
 */
import { describe, expect, test } from 'vitest';
import {
  ARRAY_MAX_ITEMS,
  classifyRecord,
  emptyStore,
  flattenFields,
  learnRecord,
  mergeFields,
  NESTED_MAX_FIELDS,
  ownFields,
  type StoreEntry,
  storeView,
  teachesShape,
} from '../src/index.ts';
import { learned } from './support/learning.ts';

const PRODUCTS = [
  ['SKU-1', 'keyboard', 49],
  ['SKU-2', 'mouse', 19],
  ['SKU-3', 'monitor', 199],
] as const;

/** An order of 1–3 items, a post with two tags, a user with roles. */
const order = (i: number) => ({
  order_id: `o-${i}`,
  items: Array.from({ length: 1 + (i % 3) }, (_, j) => {
    const [sku, name, price] = PRODUCTS[(i + j) % 3]!;
    return { sku, name, price, quantity: 1 + j };
  }),
  created_at: '2026-11-20T10:00:00Z',
});
const post = (i: number) => ({ title: `Post ${i}`, tags: [['ai', 'db', 'web'][i % 3]!, 'news'] });

describe('learning the elements of arrays', () => {
  test('string elements are learned as a field’s values: types, dictionary, longest', () => {
    const f = learned(Array.from({ length: 6 }, (_, i) => post(i)));
    expect(f.tags).toMatchObject({ name: 'tags', count: 6, types: { array: 6 } });
    expect(f.tags!.items).toMatchObject({ name: 'tags', count: 12, types: { string: 12 }, maxLength: 4 });
    expect(f.tags!.items!.values).toEqual({ ai: 2, db: 2, web: 2, news: 6 });
  });

  test('object elements teach the fields inside them, with their values and ranges', () => {
    const f = learned(Array.from({ length: 9 }, (_, i) => order(i)));
    const items = f.items!.items!;
    // 9 orders of 1, 2 and 3 items: 18 elements.
    expect(items).toMatchObject({ count: 18, types: { object: 18 } });
    expect(items.fields!.name!.values).toEqual({ keyboard: 6, mouse: 6, monitor: 6 });
    expect(items.fields!.price).toMatchObject({ min: 19, max: 199, types: { number: 18 } });
    expect(items.fields!.quantity).toMatchObject({ min: 1, max: 3 });
    // The record's own fields are what they were.
    expect(Object.keys(f).sort()).toEqual(['created_at', 'items', 'order_id']);
  });

  test('numbers, mixed types and nulls among elements are counted by type', () => {
    const f = learned([{ readings: [1.5, 2, null, 'n/a', true] }, { readings: [] }]);
    expect(f.readings!.items).toMatchObject({
      count: 5,
      types: { number: 2, null: 1, string: 1, boolean: 1 },
      min: 1.5,
      max: 2,
      values: { 'n/a': 1 },
    });
    // An empty array teaches the field, not its elements' types.
    expect(f.readings!.count).toBe(2);
  });

  test(`only the first ${ARRAY_MAX_ITEMS} elements of an array are learned`, () => {
    const f = learned([{ samples: Array.from({ length: 1_000 }, (_, i) => `s${i}`) }]);
    expect(f.samples!.items!.count).toBe(ARRAY_MAX_ITEMS);
    expect(Object.keys(f.samples!.items!.values!)).toHaveLength(ARRAY_MAX_ITEMS);
  });

  test('an array inside an array is counted as an array, not looked into', () => {
    const f = learned([{ matrix: [[1, 2], [3], 'x'] }]);
    expect(f.matrix!.items).toMatchObject({ count: 3, types: { array: 2, string: 1 } });
    expect(f.matrix!.items!.items).toBeUndefined();
  });

  test('arrays inside nested objects and inside object elements learn their elements too', () => {
    const f = learned([
      { customer: { name: 'a', segments: ['vip', 'eu'] }, lines: [{ sku: 'x', labels: ['gift'] }] },
    ]);
    expect(f.customer!.fields!.segments!.items!.values).toEqual({ vip: 1, eu: 1 });
    expect(f.lines!.items!.fields!.labels!.items!.values).toEqual({ gift: 1 });
  });

  test(`the fields inside object elements share the record field’s budget of ${NESTED_MAX_FIELDS}`, () => {
    const wide = { events: Array.from({ length: 50 }, (_, i) => ({ [`k${i}`]: i, [`j${i}`]: i })) };
    const f = learned([wide]);
    expect(Object.keys(f.events!.items!.fields!)).toHaveLength(NESTED_MAX_FIELDS);
    expect(f.events!.items!.fieldsOverflow).toBe(true);
  });

  test('element values that name Object.prototype members are ordinary values', () => {
    const f = learned([{ tags: ['__proto__', 'constructor', 'toString'] }, { tags: ['toString'] }]);
    expect(f.tags!.items!.values).toEqual(JSON.parse('{"__proto__": 1, "constructor": 1, "toString": 2}'));
    expect(Object.getPrototypeOf(f.tags!.items!.values)).toBe(Object.prototype);
  });
});

describe('merging, copying and teaching elements', () => {
  test('merging deltas learned apart equals learning all records at once', () => {
    const all = [
      ...Array.from({ length: 12 }, (_, i) => order(i)),
      ...Array.from({ length: 7 }, (_, i) => post(i)),
    ];
    const into = learned(all.slice(0, 8));
    mergeFields(into, learned(all.slice(8)));
    expect(into).toEqual(learned(all));
  });

  test('a merge into a field that had no arrays yet takes their elements', () => {
    const into = learned([{ tags: null }]);
    mergeFields(into, learned([post(1)]));
    expect(into.tags!.items!.values).toEqual({ db: 1, news: 1 });
  });

  test('a copy is deep and JSON round trips keep the elements', () => {
    const original = learned(Array.from({ length: 4 }, (_, i) => order(i)));
    const copy = ownFields(JSON.parse(JSON.stringify(original)));
    expect(copy).toEqual(original);
    learnRecord(copy, { items: [{ sku: 'SKU-9', name: 'webcam', price: 80, quantity: 1 }] });
    expect(original.items!.items!.fields!.name!.values!.webcam).toBeUndefined();
    expect(original.items!.items!.count).toBe(copy.items!.items!.count - 1);
  });

  test('a new element value, element type or element field teaches the shape; the same ones do not', () => {
    const known = learned(Array.from({ length: 9 }, (_, i) => order(i)));
    expect(teachesShape(known, learned([order(4), order(5)]))).toBe(false);
    expect(teachesShape(known, learned([{ items: [{ sku: 'SKU-9' }] }]))).toBe(true);
    expect(teachesShape(known, learned([{ items: [{ sku: 'SKU-1', gift: true }] }]))).toBe(true);
    expect(teachesShape(known, learned([{ items: ['SKU-1'] }]))).toBe(true);
    const tagged = learned([post(0), post(1)]);
    // Post 3's tags are post 0's (its title is new, so post 0's title is kept).
    expect(teachesShape(tagged, learned([{ ...post(3), title: 'Post 0' }]))).toBe(false);
    expect(teachesShape(tagged, learned([{ title: 'x', tags: ['rust'] }]))).toBe(true);
    // A field learned before its arrays held anything learns their elements from the first that does.
    expect(teachesShape(learned([{ tags: [] }]), learned([{ tags: ['ai'] }]))).toBe(true);
  });
});

describe('views', () => {
  test('the flattened view keeps an array field’s elements, also under a nested path', () => {
    const f = flattenFields(learned([{ customer: { segments: ['vip'] } }, post(1)]));
    expect(f['customer.segments']).toMatchObject({
      path: ['customer', 'segments'],
      items: { values: { vip: 1 } },
    });
    expect(f.tags!.items!.values).toEqual({ db: 1, news: 1 });
  });

  test('the public view shows what array elements hold, and the fields inside object elements', () => {
    const store: StoreEntry = {
      ...emptyStore('t', 'orders', 'orders', 1),
      fields: learned([...Array.from({ length: 12 }, (_, i) => order(i)), post(0), post(1)]),
    };
    const fields = storeView(store).fields;
    const tags = fields.find((f) => f.name === 'tags')!;
    expect(tags).toMatchObject({ type: 'array', count: 2, items: { type: 'string', count: 4, distinct: 3 } });
    expect(tags.items!.values).toEqual(['news', 'ai', 'db']);
    const items = fields.find((f) => f.name === 'items')!;
    expect(items.items).toMatchObject({ type: 'object', count: 24 });
    const name = items.items!.fields!.find((f) => f.name === 'name');
    expect(name).toMatchObject({ type: 'string', count: 24, distinct: 3 });
    expect(name!.values!.sort()).toEqual(['keyboard', 'monitor', 'mouse']);
    expect(fields.find((f) => f.name === 'order_id')).not.toHaveProperty('items');
  });
});

describe('classification', () => {
  test('records whose arrays differ in length and content join the store of their shape', () => {
    const store: StoreEntry = {
      ...emptyStore('t', 'orders', 'orders', 1),
      fields: learned(Array.from({ length: 30 }, (_, i) => order(i))),
      recordCount: 30,
    };
    const different = { ...order(1), items: [{ sku: 'SKU-7', gift_wrap: true }, 'note', 3] };
    expect(classifyRecord(different, [store])).toMatchObject({ storeId: 'orders', isNew: false });
    expect(classifyRecord({ ...order(2), items: [] }, [store])).toMatchObject({
      storeId: 'orders',
      isNew: false,
    });
  });
});
