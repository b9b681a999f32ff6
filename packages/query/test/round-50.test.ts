/**
 * Wrong answers found by asking a live region questions of the sample data set (twentieth session):
 * - "zero" was no number: "orders with amount below zero", "users aged zero" dropped the bound and
 *   answered every record, "cpu usage above zero" was refused;
 * - a bare "s" after a number was no unit: "response time under 2 s" compared the milliseconds the
 *   store holds with 2 (nothing answered), "slower than 0.5 s" with 0.5 (everything answered);
 * - "exceptions" named logs in general: "exceptions in the worker service" answered every log of it;
 * - "sorted by name" sorted names from z to a;
 * - "the latest 5 orders by amount" grouped orders by their amounts and summed each.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf as read, refusalOf } from './support/questions.ts';

describe('"zero" is a number', () => {
  it.each([
    ['orders with amount below zero', { field: 'amount', op: '<', value: 0 }],
    ['orders with an amount under zero', { field: 'amount', op: '<', value: 0 }],
    ['how many orders have an amount of zero', { field: 'amount', op: '=', value: 0 }],
    ['users aged zero', { field: 'age', op: '=', value: 0 }],
    ['cpu usage above zero', { field: 'value', op: '>', value: 0 }],
    ['orders with amount greater than zero', { field: 'amount', op: '>', value: 0 }],
  ])('%s', (q, filter) => {
    expect(read(q).filters).toContainEqual(filter);
  });

  it('a bound of zero keeps the store’s other conditions', () => {
    expect(read('cpu usage above zero').filters).toContainEqual({
      field: 'metric',
      op: '=',
      value: 'cpu_usage',
    });
  });
});

describe('"s" after a number is seconds', () => {
  it.each([
    ['response time under 2 s', '<', 2000],
    ['response times slower than 0.5 s', '>', 500],
    ['response time over 1.5 s', '>', 1500],
    ['response time above 0.8s', '>', 800],
  ])('%s', (q, op, value) => {
    expect(read(q).filters).toContainEqual({ field: 'value', op, value });
  });

  it('a range whose ends say "s" is in the store’s milliseconds', () => {
    const filters = read('response time between 0.2 s and 0.4 s').filters;
    expect(filters).toContainEqual({ field: 'value', op: '>=', value: 200 });
    expect(filters).toContainEqual({ field: 'value', op: '<=', value: 400 });
  });
});

describe('"exceptions" are the error level where one is learned', () => {
  it.each([
    ['exceptions in the worker service', [{ field: 'service', op: '=', value: 'worker' }]],
    ['how many exceptions today', []],
    ['exceptions by host', []],
  ])('%s', (q, more) => {
    const filters = read(q).filters;
    expect(filters).toContainEqual({ field: 'level', op: '=', value: 'error' });
    for (const f of more) expect(filters).toContainEqual(f);
  });

  it('"exceptions" in a text search stay words of the text', () => {
    const i = read('logs mentioning exception');
    expect(i.text).toBe('exception');
  });
});

describe('sorting by a field of words runs from a to z unless told', () => {
  it.each([
    ['list users sorted by name', 'name', 'asc'],
    ['users ordered by email', 'email', 'asc'],
    ['users sorted by country', 'country', 'asc'],
    ['users sorted by name descending', 'name', 'desc'],
    ['users sorted by name desc', 'name', 'desc'],
    // Numbers and times keep running from the largest and the newest.
    ['orders sorted by amount', 'amount', 'desc'],
    ['orders sorted by date', 'created_at', 'desc'],
  ])('%s', (q, field, dir) => {
    expect(read(q).sort).toEqual([{ field, dir }]);
  });
});

describe('the latest N records "by" a number are refused, not grouped by its values', () => {
  it.each(['latest 5 orders by amount', 'last 5 orders by amount', 'first 5 orders by amount'])('%s', (q) => {
    const e = refusalOf(q);
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/top 5 orders by amount/);
  });

  it.each([
    ['top 5 orders by amount', [{ field: 'amount', dir: 'desc' }]],
    ['bottom 5 orders by amount', [{ field: 'amount', dir: 'asc' }]],
  ])('%s still ranks', (q, sort) => {
    const i = read(q);
    expect(i.sort).toEqual(sort);
    expect(i.limit).toBe(5);
    expect(i.groupBy).toBeNull();
  });
});
