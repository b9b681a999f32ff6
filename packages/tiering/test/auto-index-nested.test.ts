/**
 * Automatic indexes on nested fields: the indexed expression is exactly the one plan.ts emits for
 * the field (its path as a text[] literal where plan.ts binds it as a parameter), and a nested number
 * is indexed for ranges as a record's own is. EXPLAIN showing the planner use one is in
 * tests/integration/nested-query.test.ts.
 */
import { emptyStore, learnRecord, type StoreEntry } from '@smartdb/registry';
import { describe, expect, it } from 'vitest';
import { comparisonOf, indexExpression } from '../src/index.ts';

function orders(): StoreEntry {
  const s = emptyStore('t1', 'orders', 'orders', 1);
  for (let i = 0; i < 10; i++)
    learnRecord(s.fields, {
      status: 'paid',
      customer: { country: i % 2 ? 'DE' : 'FR', address: { city: 'Berlin' } },
      shipping: { cost: i * 1.5 },
    });
  return s;
}

describe('the expression of an automatic index on a nested field', () => {
  it('reads the field by its path, as plan.ts does', () => {
    expect(indexExpression('customer.address.city', '=', ['customer', 'address', 'city'])).toBe(
      `(data #> '{"customer","address","city"}'::text[])`,
    );
    expect(indexExpression('shipping.cost', 'range', ['shipping', 'cost'])).toBe(
      `(case when jsonb_typeof(data #> '{"shipping","cost"}'::text[]) = 'number' then (data #>> '{"shipping","cost"}'::text[])::numeric end)`,
    );
  });

  it("quotes a key's quotes, commas and braces inside the literal", () => {
    expect(indexExpression(`a.b"c,{d}'`, '=', ['a', `b"c,{d}'`])).toBe(
      `(data #> '{"a","b\\"c,{d}''"}'::text[])`,
    );
  });

  it("keeps a record's own field's expression", () => {
    expect(indexExpression('status', '=')).toBe(`(data -> 'status'::text)`);
  });

  it('indexes a nested number for ranges and any nested field for equality', () => {
    const store = orders();
    expect(comparisonOf('>', store, 'shipping.cost')).toBe('range');
    expect(comparisonOf('>', store, 'customer.country')).toBeNull();
    expect(comparisonOf('=', store, 'customer.country')).toBe('=');
  });

  it('builds none on a field read inside list elements', () => {
    const store = orders();
    learnRecord(store.fields, { status: 'paid', tags: ['gift'], lines: [{ sku: 'A1', price: 9.5 }] });
    expect(comparisonOf('=', store, 'tags')).toBeNull();
    expect(comparisonOf('=', store, 'lines.sku')).toBeNull();
    expect(comparisonOf('>', store, 'lines.price')).toBeNull();
    expect(comparisonOf('=', store, 'status')).toBe('=');
  });
});
