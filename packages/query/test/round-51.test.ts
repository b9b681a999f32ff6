/**
 * The fifty-first probing round (the leftovers of the fiftieth and questions of its own):
 * - a zero said before a field ("orders with zero amount") or a quarter of a thousand said without
 *   "of" ("over a quarter thousand") was dropped and every record answered;
 * - the periods' order said after a window ("errors per day this week descending") was dropped;
 * - "over a quarter", "over a fortnight" were passed over, where "over a day" is refused;
 * - "by day of sending", "users aged 20 or 25", "the youngest users on average", "any web host",
 *   "hw many ... r there" and "total revenu" were refused, misread or refused without a fix;
 * - one aggregate "sorted by" a field, groups sorted by a field they hold many of, and records
 *   "sorted by status then amount" dropped the sort; groups sorted by their own key came largest
 *   first.
 */
import { describe, expect, it } from 'vitest';
import { mergeGroups } from '../src/merge.ts';
import { planQuery } from '../src/plan.ts';
import { interpretationOf as read, refusalOf, stores } from './support/questions.ts';

/** The conditions of `q` on `field`. */
const on = (q: string, field: string) => read(q).filters.filter((f) => f.field === field);

describe('numbers said before a field, or as a quarter of a scale', () => {
  it.each([
    ['orders with zero amount', 'amount', '=', 0],
    ['orders with a zero amount', 'amount', '=', 0],
    ['how many users have zero age', 'age', '=', 0],
    ['orders with 0 amount', 'amount', '=', 0],
    ['show users older than zero', 'age', '>', 0],
    ['orders not above zero', 'amount', '<=', 0],
    ['orders over a quarter thousand', 'amount', '>', 250],
    ['orders under three quarters thousand', 'amount', '<', 750],
  ])('%s', (q, field, op, value) => {
    expect(on(q, field)).toEqual([{ field, op, value }]);
  });

  // With "zero" a number, "show zero orders" listed no order and counted every one; "top 0 users"
  // did so already.
  it.each([
    'show zero orders',
    'top zero users',
    'show 0 orders',
    'latest 0 orders',
    'errors in the last zero days',
  ])('no records asked for is refused: %s', (q) => {
    expect(refusalOf(q).status).toBe(422);
  });

  // With "zero" a number word, a zero no rule read was dropped where "0" is refused.
  it.each([
    'orders totalling zero',
    'revenue of zero',
    'cpu usage of zero percent',
    'messages with zero tokens',
  ])('a zero left unread is refused as "0" is: %s', (q) => {
    expect(refusalOf(q).message).toMatch(/is compared in "zero"/);
  });

  it('a value said twice is one condition of equality, not a list of one', () => {
    expect(on('errors and exceptions today', 'level')).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(on('failures and errors today', 'level')).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(on('paid or settled orders', 'status')).toEqual([{ field: 'status', op: '=', value: 'paid' }]);
  });

  it('a count of values a record holds is still refused', () => {
    expect(refusalOf('users with 2 plans').status).toBe(422);
  });
});

describe('the periods’ order said after a window', () => {
  it.each([
    ['errors per day this week descending', 'timestamp', 'desc'],
    ['errors per hour today ascending', 'timestamp', 'asc'],
    ['count orders per day this month in descending order', 'created_at', 'desc'],
    ['orders per week this month descending', 'created_at', 'desc'],
    ['orders by day of creation this week descending', 'created_at', 'desc'],
  ])('%s', (q, field, dir) => {
    const i = read(q);
    expect(i.groupBy).toBe(field);
    expect(i.time).not.toBeNull();
    expect(i.sort).toEqual([{ field, dir }]);
  });

  it('without an order the periods keep their own', () => {
    expect(read('errors per day this week').sort).toEqual([]);
  });
});

describe('"over a quarter" and "over a fortnight" are refused as "over a day" is', () => {
  it.each([
    ['revenue over a quarter', /"over a quarter".*in the last 3 months/],
    ['orders over a quarter', /"over a quarter"/],
    ['revenue over a fortnight', /"over a fortnight".*in the last fortnight/],
  ])('%s', (q, message) => {
    const e = refusalOf(q);
    expect(e.status).toBe(422);
    expect(e.message).toMatch(message);
  });

  it('a quarter of a unit is still a bound or a window', () => {
    expect(on('response times over a quarter second', 'value')).toEqual([
      { field: 'value', op: '>', value: 250 },
    ]);
    expect(read('revenue over a quarter of an hour').time?.from).toBe('2026-11-25T15:15:00.000Z');
  });
});

describe('the time field said by its verb’s -ing form', () => {
  it.each([
    ['count of messages by day of sending', 'sent_at', 'day'],
    ['count messages by sending day', 'sent_at', 'day'],
    ['count users by week of signing up', 'signed_up_at', 'week'],
    ['count orders by day of creating', 'created_at', 'day'],
  ])('%s', (q, field, unit) => {
    const i = read(q);
    expect(i.groupBy).toBe(field);
    expect(i.bucket?.unit).toBe(unit);
  });
});

describe('one of several values of a number', () => {
  it.each([
    ['users aged 20 or 25', 'age', [20, 25]],
    ['users aged 20 and 25', 'age', [20, 25]],
    ['users aged 20, 25 or 30', 'age', [20, 25, 30]],
    ['users aged twenty five or thirty', 'age', [25, 30]],
    ['how many users aged 18 or 19', 'age', [18, 19]],
    ['orders with amount 100 or 200', 'amount', [100, 200]],
  ])('%s', (q, field, value) => {
    expect(on(q, field)).toEqual([{ field, op: 'in', value }]);
  });

  it('"or older" is still a bound', () => {
    expect(on('users aged 20 or older', 'age')).toEqual([{ field: 'age', op: '>=', value: 20 }]);
  });
});

describe('refusals that say what can be asked', () => {
  it('the youngest on average ranks the groups from the lowest average age (round 57)', () => {
    expect(read('which team has the youngest users on average')).toMatchObject({
      groupBy: 'team',
      aggregate: { fn: 'avg', field: 'age' },
      sort: [{ field: 'value', dir: 'asc' }],
      limit: 1,
    });
  });

  it('a slip in a value no store word is near is offered fixed', () => {
    const e = refusalOf('total revenu this week');
    expect(e.message).toMatch(/did you mean "revenue"/);
    expect(e.suggestions?.[0]).toBe('total revenue this week');
  });

  it.each([
    ['total amount sorted by currency', 'total amount by currency'],
    ['count errors sorted by host', 'count errors by host'],
    ['average age of users sorted by team', 'average age of users by team'],
  ])('one aggregate "%s" has nothing to sort', (q, fixed) => {
    const e = refusalOf(q);
    expect(e.message).toMatch(/has nothing to sort/);
    expect(e.suggestions?.[0]).toBe(fixed);
  });

  it.each(['count users by country sorted by name', 'count errors by service sorted by host'])(
    'groups sorted by a field they hold many of: %s',
    (q) => {
      expect(refusalOf(q).message).toMatch(/holds many a/);
    },
  );

  it.each(['orders sorted by status then amount', 'users sorted by team, then by name'])(
    'records sorted by two fields: %s',
    (q) => {
      expect(refusalOf(q).message).toMatch(/one field at a time/);
    },
  );
});

describe('two orders at once, and a time said before its sort', () => {
  // "the 5 newest users sorted by name" answered the 5 first users by name of all of them.
  it.each([
    '5 newest users sorted by name',
    'latest 5 orders sorted by amount',
    '5 newest users alphabetically by name',
  ])('%s is refused', (q) => {
    expect(refusalOf(q).message).toMatch(/one order at a time/);
  });

  // "the first 3 orders sorted by date" answered the 3 newest: the sort's default replaced "first".
  it.each([
    ['first 3 orders sorted by date', 'asc'],
    ['oldest 3 orders sorted by date', 'asc'],
    ['latest 3 orders sorted by date', 'desc'],
  ])('%s', (q, dir) => {
    const i = read(q);
    expect(i.sort).toEqual([{ field: 'created_at', dir }]);
    expect(i.limit).toBe(3);
  });

  it('"top 5 users sorted by name" still lists five by name', () => {
    expect(read('top 5 users sorted by name').sort).toEqual([{ field: 'name', dir: 'asc' }]);
  });

  it.each([
    ['count users sorted by age', /nothing to sort by age/],
    ['total amount sorted by amount', /ask for the orders sorted by amount/],
    ['count messages by channel alphabetically', /nothing to sort by channel/],
  ])('one aggregate sorted: %s', (q, message) => {
    expect(refusalOf(q).message).toMatch(message);
  });

  it('groups said before "sorted alphabetically" are sorted by their keys', () => {
    const i = read('count messages by channel sorted alphabetically');
    expect(i.groupBy).toBe('channel');
    expect(i.sort).toEqual([{ field: 'channel', dir: 'asc' }]);
    expect(planQuery(i, stores, 't1').groupOrder).toBe('key');
  });
});

describe('words read as what they mean', () => {
  it('"any web host" is the hosts starting with web, not the web service', () => {
    const i = read('cpu above 90 percent on any web host');
    expect(i.filters).toContainEqual({ field: 'host', op: 'startswith', value: 'web-' });
    expect(i.filters.some((f) => f.field === 'service')).toBe(false);
    expect(on('errors on every web host', 'host')).toEqual([
      { field: 'host', op: 'startswith', value: 'web-' },
    ]);
  });

  it('"hw many ... r there" counts', () => {
    const i = read('hw many users r there');
    expect(i.intent).toBe('count');
    expect(i.domain).toBe('users');
  });
});

describe('groups sorted by their own key', () => {
  it.each([
    ['count users by country sorted by country', 'key'],
    ['count users by country sorted by country descending', 'keyDesc'],
    ['count users by plan sorted by plan', 'key'],
    ['count users by country', 'desc'],
  ])('%s', (q, order) => {
    expect(planQuery(read(q), stores, 't1').groupOrder).toBe(order);
  });

  it('number keys are in the order of their values', () => {
    const measures = [
      { key: 30, n: 1, first: 'a' },
      { key: 9, n: 5, first: 'b' },
      { key: 18, n: 2, first: 'c' },
    ];
    expect(mergeGroups('count', measures, 1000, 'key').groups.map((g) => g.key)).toEqual([9, 18, 30]);
    expect(mergeGroups('count', measures, 1000, 'keyDesc').groups.map((g) => g.key)).toEqual([30, 18, 9]);
  });
});
