/**
 * Discovery by field (`GET /v1/mcps/discover?field=`) finds a store by any field the query engine
 * can ask about: its own, one inside objects by its dotted path, and, since the registry learns what
 * lists hold, one inside list elements (`items.sku`), which it did not find before.
 */
import { describe, expect, test } from 'vitest';
import { emptyStore, holdsField, Registry } from '../src/index.ts';
import { learned } from './support/learning.ts';

const order = (i: number) => ({
  id: `o-${i}`,
  customer: { email: `c${i}@example.com`, address: { country: 'DE' } },
  items: [
    { sku: `SKU-${i}`, quantity: 1 },
    { sku: 'SKU-0', quantity: 2, options: { gift: true } },
  ],
  tags: ['web', 'promo'],
  'meta.source': 'shop',
});

const fields = learned([order(1), order(2)]);

describe('holdsField', () => {
  test.each([
    ['id'],
    ['tags'],
    ['items'],
    ['customer.email'],
    ['customer.address.country'],
    ['items.sku'],
    ['items.quantity'],
    ['items.options.gift'],
    ['meta.source'],
  ])('finds %s', (name) => {
    expect(holdsField(fields, name)).toBe(true);
  });

  test.each([
    ['sku'],
    ['items.price'],
    ['tags.sku'],
    ['customer.phone'],
    ['id.x'],
    ['__proto__'],
    ['items.__proto__'],
    ['constructor'],
  ])('does not find %s', (name) => {
    expect(holdsField(fields, name)).toBe(false);
  });
});

test('discover by a field inside list elements', () => {
  const registry = new Registry();
  registry.apply({ ...emptyStore('t', 'orders', 'orders', 1), fields });
  registry.apply({
    ...emptyStore('t', 'logs', 'logs', 2),
    fields: learned([{ level: 'info', message: 'x' }]),
  });
  const found = (field: string) => registry.discover('t', { field }).map((s) => s.id);
  expect(found('items.sku')).toEqual(['orders']);
  expect(found('customer.address.country')).toEqual(['orders']);
  expect(found('level')).toEqual(['logs']);
  expect(found('items.price')).toEqual([]);
});
