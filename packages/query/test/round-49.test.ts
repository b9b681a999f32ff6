/**
 * The forty-ninth probing round: inclusive ranges said many ways, fractions as bounds, "below or
 * equal to", periods of the time field named "day of creation", quantities by date, "which X
 * contains the most", and periods listed by their own order or ranked by their counts.
 */
import { describe, expect, it } from 'vitest';
import { planQuery } from '../src/plan.ts';
import { interpretationOf as read, refusalOf, stores } from './support/questions.ts';

/** The conditions of `q` on `field`. */
const on = (q: string, field: string) => read(q).filters.filter((f) => f.field === field);
const range = (field: string, low: number, high: number) => [
  { field, op: '>=', value: low },
  { field, op: '<=', value: high },
];

describe('ranges, fractions, periods by date, "contains the most", periods in order', () => {
  // "users aged 20 through 25" and "orders in the 100 to 200 range" were refused ("No field of
  // users is compared in 25"); "memory usage in the 50-60% range" too ("50-60%" was one word).
  it.each([
    ['users aged 20 through 25', 'age', 20, 25],
    ['users aged twenty through twenty-five', 'age', 20, 25],
    ['users 20 through 25 years old', 'age', 20, 25],
    ['orders from 100 through 200', 'amount', 100, 200],
    ['how many orders from 100 thru 200', 'amount', 100, 200],
    ['orders from 100 up to 200', 'amount', 100, 200],
    ['orders in the 100 to 200 range', 'amount', 100, 200],
    ['orders in the range 100-200', 'amount', 100, 200],
    ['orders whose amount is in the 100 to 200 range', 'amount', 100, 200],
    ['memory usage in the 50-60% range', 'value', 50, 60],
    ['response time in the 200-300 ms range', 'value', 200, 300],
    ['cpu usage in the range of 90 to 100 percent', 'value', 90, 100],
    ['users in the 20 to 25 age range', 'age', 20, 25],
    ['how many users in the range of 30 to 40', 'age', 30, 40],
  ])('%s is an inclusive range', (q, field, low, high) => {
    expect(on(q, field)).toEqual(range(field, low, high));
  });

  it('a range keeps the other conditions said around it', () => {
    const i = read('cpu usage readings in the 90 to 100 percent range today');
    expect(i.filters).toContainEqual({ field: 'metric', op: '=', value: 'cpu_usage' });
    expect(i.time?.from).toBe('2026-11-25T00:00:00.000Z');
    expect(read('average amount of orders in the 100-200 range').aggregate).toEqual({
      fn: 'avg',
      field: 'amount',
    });
  });

  // "response time above three quarters of a second" was refused ("second"); "between a quarter
  // and half a second", "over half second" and "orders over half a thousand" answered every
  // response time or order over 0.5: the bound dropped or misread.
  it.each([
    ['response time above three quarters of a second', 'value', '>', 750],
    ['response time under a quarter of a second', 'value', '<', 250],
    ['response time at most a quarter of a second', 'value', '<=', 250],
    ['response times over a quarter second', 'value', '>', 250],
    ['response times over half second', 'value', '>', 500],
    ['orders over a quarter of a thousand', 'amount', '>', 250],
    ['how many orders are over half a thousand', 'amount', '>', 500],
    ['orders under three quarters of a hundred', 'amount', '<', 75],
  ])('%s is a bound of the fraction', (q, field, op, value) => {
    expect(on(q, field)).toEqual([{ field, op, value }]);
  });

  // "half of the orders", "half the users" listed every record: a share is refused, as "what
  // percent of orders" is.
  it.each(['half of the orders', 'half the users', 'a quarter of all users', 'half of all errors'])(
    '%s is a share, refused',
    (q) => {
      expect(refusalOf(q).message).toMatch(/Shares and ratios/);
    },
  );

  it('a fraction before "and" takes the range’s unit', () => {
    expect(on('response time between a quarter and half a second', 'value')).toEqual(
      range('value', 250, 500),
    );
  });

  it('a fraction of an hour is a window; a quarter alone is still a period of the year', () => {
    expect(read('logs from the last three quarters of an hour').time?.from).toBe('2026-11-25T14:45:00.000Z');
    expect(read('logs from the last quarter of an hour').time?.from).toBe('2026-11-25T15:15:00.000Z');
    expect(read('orders this quarter').time?.from).toBe('2026-10-01T00:00:00.000Z');
    expect(refusalOf('orders last quarter').message).toMatch(/Quarters other than the current one/);
  });

  // "orders below or equal to 100" answered the orders of exactly 100 ("equal to" read alone).
  it.each([
    ['orders below or equal to 100', 'amount', '<=', 100],
    ['users less or equal to 20', 'age', '<=', 20],
    ['orders above or equal to 900', 'amount', '>=', 900],
    ['how many users are over or equal to 60', 'age', '>=', 60],
    ['response time greater or equal to 900 ms', 'value', '>=', 900],
    ['orders equal to 100', 'amount', '=', 100],
  ])('%s is one bound, its end included', (q, field, op, value) => {
    expect(on(q, field)).toEqual([{ field, op, value }]);
  });

  // "number of orders by day of creation" was refused ("creation"), "orders by creation day" and
  // "users by signup week" too: a period said groups as "orders by day" does.
  it.each([
    ['number of orders by day of creation', 'created_at', 'day'],
    ['total order amount by day of creation', 'created_at', 'day'],
    ['orders by creation day', 'created_at', 'day'],
    ['users by signup week', 'signed_up_at', 'week'],
    ['orders by week of creation newest first', 'created_at', 'week'],
  ])('%s groups per period of the time field', (q, field, unit) => {
    const i = read(q);
    expect([i.groupBy, i.bucket?.unit]).toEqual([field, unit]);
  });

  // "revenue by date" listed the revenue readings sorted by time.
  it.each([
    ['revenue by date', 'recorded_at', { fn: 'sum', field: 'value' }],
    ['show revenue by date', 'recorded_at', { fn: 'sum', field: 'value' }],
    ['amount by date', 'created_at', { fn: 'sum', field: 'amount' }],
    ['cpu usage by date', 'recorded_at', { fn: 'avg', field: 'value' }],
  ])('%s is measured per day', (q, field, aggregate) => {
    const i = read(q);
    expect([i.groupBy, i.bucket?.unit, i.aggregate]).toEqual([field, 'day', aggregate]);
  });

  it('"revenue by date from oldest" lists the days from the oldest', () => {
    const i = read('revenue by date from oldest');
    expect([i.groupBy, i.aggregate?.fn, i.sort]).toEqual([
      'recorded_at',
      'sum',
      [{ field: 'recorded_at', dir: 'asc' }],
    ]);
  });

  it('records listed by a date are still sorted on it', () => {
    for (const q of ['orders by date', 'list revenue readings by date', 'revenue sorted by date']) {
      const i = read(q);
      expect([i.groupBy, i.aggregate]).toEqual([null, null]);
      expect(i.sort[0]?.dir).toBe('desc');
    }
  });

  // "which team contains the most users" was refused ("Say how to rank each team").
  it.each([
    ['which team contains the most users', 'team', []],
    ['which channel holds the most messages', 'channel', []],
    ['which country includes the most users', 'country', []],
    ['which host contains the most errors', 'host', [{ field: 'level', op: '=', value: 'error' }]],
    ['what team contains the most inactive users', 'team', [{ field: 'status', op: '=', value: 'inactive' }]],
  ])('%s is the top group by its records', (q, field, filters) => {
    const i = read(q);
    expect([i.groupBy, i.limit, i.aggregate]).toEqual([field, 1, { fn: 'count', field: null }]);
    expect(i.filters).toEqual(filters);
  });

  it('containing the fewest is still refused, and a text still searched', () => {
    expect(refusalOf('which host contains the fewest warnings').message).toMatch(/from the largest/);
    expect(read('which logs contain timeout').text).toBe('timeout');
  });

  // "count orders per day busiest first" was refused ("The first or latest records of each
  // group"); "from the busiest" was dropped (the days listed oldest first).
  it.each([
    ['count orders per day busiest first', 'desc', 'desc'],
    ['count orders per day, busiest first', 'desc', 'desc'],
    ['count orders per day from the busiest', 'desc', 'desc'],
    ['count orders per day quietest first', 'asc', 'asc'],
    ['count messages per day busiest first this week', 'desc', 'desc'],
  ])('%s ranks the days by their counts', (q, dir, order) => {
    const i = read(q);
    expect(i.sort).toEqual([{ field: 'value', dir }]);
    expect(planQuery(i, stores, 't1').groupOrder).toBe(order);
  });

  // "count orders per day in descending order" ranked the days by their counts, where "messages
  // per day in ascending order" (a store with no measure) listed them by date: the periods' own
  // order now, as "count orders by date descending" is (round 47).
  it.each([
    ['count orders per day in descending order', 'created_at', 'desc', 'keyDesc'],
    ['count orders per day sorted descending', 'created_at', 'desc', 'keyDesc'],
    ['count orders by date sorted descending', 'created_at', 'desc', 'keyDesc'],
    ['count errors per hour in descending order', 'timestamp', 'desc', 'keyDesc'],
    ['count orders per week descending', 'created_at', 'desc', 'keyDesc'],
    ['messages per day in ascending order', 'sent_at', 'asc', 'key'],
  ])('%s lists the periods by when they are', (q, field, dir, order) => {
    const i = read(q);
    expect(i.sort).toEqual([{ field, dir }]);
    expect(planQuery(i, stores, 't1').groupOrder).toBe(order);
  });

  it('other groups in an order are still ranked by their value', () => {
    expect(read('users per country in ascending order').sort).toEqual([{ field: 'value', dir: 'asc' }]);
    expect(read('count orders per day sorted by count').sort).toEqual([{ field: 'value', dir: 'desc' }]);
    expect(read('orders in the last 7 days in descending order').sort).toEqual([
      { field: 'amount', dir: 'desc' },
    ]);
  });
});
