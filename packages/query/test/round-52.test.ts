/**
 * Stores other than the sample data set's, asked as their users would (twentieth session, against a
 * live region): films sent with `?domain=films` (`{title, year, rating, genre}`, no time field) and
 * products (`{sku, name, price, stock, category}`).
 * - "horror films after 2000" read the year as a window on the records' ingest time: every horror
 *   film ingested today answered; "films from 1999" found none. A store with no time field of its
 *   own and a number field of years takes years as bounds on it.
 * - "films rated above 8" compared the year with 8 (every film answered): "rated" is the rating.
 * - "worst rated film" dropped both words and listed every film; "top rated films" was refused.
 * - "products out of stock" dropped the words and listed every product.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, refusalOf } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const GENRES = ['drama', 'comedy', 'horror'];
const films = storeEntry(
  't1',
  'films',
  Array.from({ length: 40 }, (_, i) => ({
    title: `Film ${i}`,
    year: 1970 + i,
    rating: Math.round((5 + ((i * 7) % 50) / 10) * 10) / 10,
    genre: GENRES[i % 3],
  })),
);
const products = storeEntry(
  't1',
  'products',
  Array.from({ length: 25 }, (_, i) => ({
    sku: `SKU-${i}`,
    name: `item ${i}`,
    price: 5 + i * 12.5,
    stock: (i * 7) % 40,
    category: ['peripherals', 'furniture'][i % 2],
  })),
);

const read = (q: string) => interpretationOf(q, [films, products]);

describe('a store without a time field reads years on its year field', () => {
  it.each([
    ['films from 1999', { field: 'year', op: '=', value: 1999 }],
    ['films in 1999', { field: 'year', op: '=', value: 1999 }],
    ['horror films after 2000', { field: 'year', op: '>=', value: 2001 }],
    ['films before 1980', { field: 'year', op: '<', value: 1980 }],
    ['films since 2005', { field: 'year', op: '>=', value: 2005 }],
  ])('%s', (q, filter) => {
    const i = read(q);
    expect(i.filters).toContainEqual(filter);
    expect(i.time).toBeNull();
  });

  it('the genre is kept beside the year', () => {
    expect(read('horror films after 2000').filters).toContainEqual({
      field: 'genre',
      op: '=',
      value: 'horror',
    });
  });
});

describe('"rated" is the rating', () => {
  it.each([
    ['films rated above 8', '>', 8],
    ['films rated below 6', '<', 6],
    ['films rated at least 9', '>=', 9],
  ])('%s', (q, op, value) => {
    expect(read(q).filters).toEqual([{ field: 'rating', op, value }]);
  });

  it.each([
    ['top rated films', 'desc'],
    ['best rated film', 'desc'],
    ['highest rated films', 'desc'],
    ['worst rated film', 'asc'],
    ['lowest rated films', 'asc'],
  ])('%s', (q, dir) => {
    expect(read(q).sort).toEqual([{ field: 'rating', dir }]);
  });
});

describe('stock', () => {
  it('"out of stock" is a stock of zero or less', () => {
    expect(read('products out of stock').filters).toEqual([{ field: 'stock', op: '<=', value: 0 }]);
  });

  it('"in stock" is a stock above zero', () => {
    expect(read('products in stock').filters).toEqual([{ field: 'stock', op: '>', value: 0 }]);
  });

  it('without a stock field, "out of stock" is refused rather than dropped', () => {
    expect(refusalOf('films out of stock', [films]).status).toBe(422);
  });
});
