/**
 * The sixty-first round: wrong answers and refusals found on the sample data set against a live region.
 * - '"how many users are there"', '“count premium users”': a whole question pasted inside quotes was
 *   refused (read as one quoted phrase); refused so, it is read without them ('"deploy failed"' alone
 *   stays a search).
 * - "list every channel", "every region": "every" before a category field in the singular lists its
 *   values with their counts, as "list all channels" does (refused: too little read).
 * - "top 3 customers that spent the most this month", "5 users that sent the most messages": "that"
 *   after people and before what they did the most is "who" (refused: "most" ranked nothing).
 * - "10 customers who ordered the most", "the customer who ordered the least": people ranked by what
 *   the orders record of them are the orders' customer groups (refused as a join of users and orders);
 *   "top 5 customers who ordered the most" counts their orders, as "who ordered the most" does.
 * - "who signed up the least recently" answered the minimum age of the last 24 hours' users: "least
 *   recently" is the earliest, as "first" is, and no window.
 * - "show 5 random users", "give me 5 random orders" were refused as narrowing by the messages'
 *   channel random: "random" before a store holding no such value is a pick at random, refused as
 *   such (answered, the latest would pass for a random pick).
 * - "highest average cpu by host", "lowest average cpu per host": a superlative before an aggregate
 *   per group asks for the top (or bottom) group, as "which host has the highest average cpu" does
 *   (refused: "highest" unread).
 * - "where do most premium users come from" was refused, and "which country do most users come
 *   from": a word or two describing the people may stand before their noun, and a place field asked
 *   with "which" is the field ranked, as "where do most users come from" is its top value.
 * - "what is the most used currency for orders" was refused ("used" held by no field): "most used"
 *   is "most common", the top group by how many records hold it.
 * - "users sorted by when they joined" was refused ("when" no field): sorted by when they did
 *   something is by their time.
 * - "users sorted by signup date in ascending order" was refused as combining users with orders:
 *   after "sorted by", a date is no grouping by periods, and the order said is the records'.
 * - "messages after Nov 20 but before Nov 23" was refused as leaving a time out, "after Nov 20 and
 *   before Nov 23" as leaving no time between them: a lower bound joined to an upper one by "but" or
 *   "and" is the range between them, as without the joining word.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, refusalOf } from './support/questions.ts';

describe('a whole question inside quotes', () => {
  it('"how many users are there" in quotes counts the users', () => {
    const i = interpretationOf('"how many users are there"');
    expect(i.domain).toBe('users');
    expect(i.intent).toBe('count');
    expect(i.filters).toEqual([]);
  });

  it('“count premium users” in curly quotes counts the premium users', () => {
    const i = interpretationOf('“count premium users”');
    expect(i.intent).toBe('count');
    expect(i.filters).toEqual([{ field: 'plan', op: '=', value: 'premium' }]);
  });

  it("'show all users' in single quotes lists the users", () => {
    const i = interpretationOf("'show all users'");
    expect(i.domain).toBe('users');
    expect(i.intent).toBe('find');
  });

  it('a quoted "delete all users" is refused as a write', () => {
    expect(refusalOf('"delete all users"').code).toBe('WRITE_REFUSED');
  });

  it('guard: a quoted phrase alone, "deploy failed", stays a search for it', () => {
    const i = interpretationOf('"deploy failed"');
    expect(i.intent).toBe('search');
    expect(i.text).toBe('deploy failed');
  });
});

describe('"every" before a category field lists its values', () => {
  it('"list every channel" counts the messages of each channel', () => {
    const i = interpretationOf('list every channel');
    expect(i.domain).toBe('messages');
    expect(i.groupBy).toBe('channel');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
  });

  it('"every region" groups the users by region', () => {
    const i = interpretationOf('every region');
    expect(i.domain).toBe('users');
    expect(i.groupBy).toBe('region');
  });

  it('"show every team" groups the users by team', () => {
    expect(interpretationOf('show every team').groupBy).toBe('team');
  });

  it('guard: "list all channels" groups by channel', () => {
    expect(interpretationOf('list all channels').groupBy).toBe('channel');
  });
});

describe('"that" after people and before what they did the most is "who"', () => {
  it('"top 3 customers that spent the most this month" ranks 3 customers by their total', () => {
    const i = interpretationOf('top 3 customers that spent the most this month');
    expect(i.domain).toBe('orders');
    expect(i.groupBy).toBe('customer');
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(i.limit).toBe(3);
    expect(i.time?.from).toBe('2026-11-01T00:00:00.000Z');
  });

  it('"5 users that sent the most messages" ranks 5 senders', () => {
    const i = interpretationOf('5 users that sent the most messages');
    expect(i.domain).toBe('messages');
    expect(i.groupBy).toBe('from');
    expect(i.limit).toBe(5);
  });

  it('guard: "users that signed up this week" lists those users', () => {
    const i = interpretationOf('users that signed up this week');
    expect(i.domain).toBe('users');
    expect(i.groupBy).toBeNull();
    expect(i.time?.from).toBe('2026-11-23T00:00:00.000Z');
  });
});

describe("people ranked by what they ordered are the orders' customers", () => {
  it('"10 customers who ordered the most" counts the orders of the top 10 customers', () => {
    const i = interpretationOf('10 customers who ordered the most');
    expect(i.domain).toBe('orders');
    expect(i.groupBy).toBe('customer');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.limit).toBe(10);
  });

  it('"the customer who ordered the most" is the top customer', () => {
    const i = interpretationOf('the customer who ordered the most');
    expect(i.groupBy).toBe('customer');
    expect(i.limit).toBe(1);
  });

  it('"top 5 customers who ordered the most" counts their orders, not what they spent', () => {
    const i = interpretationOf('top 5 customers who ordered the most');
    expect(i.groupBy).toBe('customer');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.limit).toBe(5);
  });

  it('"the customer who ordered the least" is refused (groups ranked from the smallest count)', () => {
    expect(refusalOf('the customer who ordered the least').message).toMatch(/largest/);
  });

  it('guard: "top 5 customers who spent the most" totals what they spent', () => {
    const i = interpretationOf('top 5 customers who spent the most');
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(i.limit).toBe(5);
  });
});

describe('"least recently" is the earliest', () => {
  it('"who signed up the least recently" is the first user to sign up', () => {
    const i = interpretationOf('who signed up the least recently');
    expect(i.domain).toBe('users');
    expect(i.sort).toEqual([{ field: 'signed_up_at', dir: 'asc' }]);
    expect(i.limit).toBe(1);
    expect(i.time).toBeNull();
    expect(i.aggregate).toBeNull();
  });

  it('"the least recent orders" are the orders from the earliest', () => {
    const i = interpretationOf('the least recent orders');
    expect(i.sort).toEqual([{ field: 'created_at', dir: 'asc' }]);
    expect(i.time).toBeNull();
  });

  it('guard: "who signed up most recently" is the latest user', () => {
    const i = interpretationOf('who signed up most recently');
    expect(i.sort).toEqual([{ field: 'signed_up_at', dir: 'desc' }]);
    expect(i.limit).toBe(1);
  });
});

describe('"random" before a store holding no such value is a pick at random, refused', () => {
  it('"show 5 random users" is refused as a random pick, not as a channel of messages', () => {
    const e = refusalOf('show 5 random users');
    expect(e.message).toMatch(/at random/);
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });

  it('"give me 5 random orders" is refused as a random pick', () => {
    expect(refusalOf('give me 5 random orders').message).toMatch(/at random: .*"the 5 latest orders"/);
  });

  it('guard: "5 random messages" are 5 of the random channel', () => {
    const i = interpretationOf('5 random messages');
    expect(i.filters).toEqual([{ field: 'channel', op: '=', value: 'random' }]);
    expect(i.limit).toBe(5);
  });
});

describe('a superlative before an aggregate per group is the top or bottom group', () => {
  it('"highest average cpu by host" is the host with the highest average cpu', () => {
    const i = interpretationOf('highest average cpu by host');
    expect(i.domain).toBe('metrics');
    expect(i.filters).toEqual([{ field: 'metric', op: '=', value: 'cpu_usage' }]);
    expect(i.groupBy).toBe('host');
    expect(i.aggregate).toEqual({ fn: 'avg', field: 'value' });
    expect(i.limit).toBe(1);
  });

  it('"lowest average cpu per host" is the host with the lowest average', () => {
    const i = interpretationOf('lowest average cpu per host');
    expect(i.groupBy).toBe('host');
    expect(i.aggregate).toEqual({ fn: 'avg', field: 'value' });
    expect(i.sort).toEqual([{ field: 'value', dir: 'asc' }]);
    expect(i.limit).toBe(1);
  });

  it('"what is the largest total amount by currency" is the currency with the largest total', () => {
    const i = interpretationOf('what is the largest total amount by currency');
    expect(i.domain).toBe('orders');
    expect(i.groupBy).toBe('currency');
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(i.limit).toBe(1);
  });

  it('guard: "highest cpu by host" is the maximum of each host', () => {
    const i = interpretationOf('highest cpu by host');
    expect(i.groupBy).toBe('host');
    expect(i.aggregate).toEqual({ fn: 'max', field: 'value' });
    expect(i.limit).toBeNull();
  });
});

describe('where most of the people described come from', () => {
  it('"where do most premium users come from" is the top country of the premium users', () => {
    const i = interpretationOf('where do most premium users come from');
    expect(i.domain).toBe('users');
    expect(i.filters).toEqual([{ field: 'plan', op: '=', value: 'premium' }]);
    expect(i.groupBy).toBe('country');
    expect(i.limit).toBe(1);
  });

  it('"which country do most users come from" is the top country', () => {
    const i = interpretationOf('which country do most users come from');
    expect(i.groupBy).toBe('country');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.limit).toBe(1);
  });

  it('"which region do most inactive users live in" is the top region of the inactive users', () => {
    const i = interpretationOf('which region do most inactive users live in');
    expect(i.filters).toEqual([{ field: 'status', op: '=', value: 'inactive' }]);
    expect(i.groupBy).toBe('region');
    expect(i.limit).toBe(1);
  });

  it('guard: "where do most users come from" is the top country', () => {
    const i = interpretationOf('where do most users come from');
    expect(i.groupBy).toBe('country');
    expect(i.limit).toBe(1);
  });
});

describe('"most used" is "most common"', () => {
  it('"what is the most used currency for orders" is the currency of the most orders', () => {
    const i = interpretationOf('what is the most used currency for orders');
    expect(i.domain).toBe('orders');
    expect(i.groupBy).toBe('currency');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.limit).toBe(1);
  });

  it('"the most used channel" is the channel of the most messages', () => {
    const i = interpretationOf('the most used channel');
    expect(i.groupBy).toBe('channel');
    expect(i.limit).toBe(1);
  });

  it('"least used plan" is refused (groups ranked from the smallest count)', () => {
    expect(refusalOf('least used plan').message).toMatch(/largest/);
  });

  it('guard: "the most common channel" is the channel of the most messages', () => {
    expect(interpretationOf('the most common channel').groupBy).toBe('channel');
  });
});

describe('sorted by when the records say something happened', () => {
  it('"users sorted by when they joined" sorts them by their time', () => {
    const i = interpretationOf('users sorted by when they joined');
    expect(i.domain).toBe('users');
    expect(i.sort).toEqual([{ field: 'signed_up_at', dir: 'desc' }]);
  });

  it('"orders sorted by when they were placed, oldest first" sorts them from the earliest', () => {
    expect(interpretationOf('orders sorted by when they were placed, oldest first').sort).toEqual([
      { field: 'created_at', dir: 'asc' },
    ]);
  });

  it('"users sorted by when they joined ascending" keeps the direction', () => {
    expect(interpretationOf('users sorted by when they joined ascending').sort).toEqual([
      { field: 'signed_up_at', dir: 'asc' },
    ]);
  });
});

describe('after "sorted by", a date and an order are the records\'', () => {
  it('"users sorted by signup date in ascending order" sorts the users from the earliest', () => {
    const i = interpretationOf('users sorted by signup date in ascending order');
    expect(i.domain).toBe('users');
    expect(i.groupBy).toBeNull();
    expect(i.sort).toEqual([{ field: 'signed_up_at', dir: 'asc' }]);
  });

  it('"premium users sorted by date in ascending order" keeps the premium users', () => {
    const i = interpretationOf('premium users sorted by date in ascending order');
    expect(i.filters).toEqual([{ field: 'plan', op: '=', value: 'premium' }]);
    expect(i.sort).toEqual([{ field: 'signed_up_at', dir: 'asc' }]);
  });

  it('"messages sorted by date in descending order" sorts the messages from the latest', () => {
    const i = interpretationOf('messages sorted by date in descending order');
    expect(i.domain).toBe('messages');
    expect(i.sort).toEqual([{ field: 'sent_at', dir: 'desc' }]);
  });

  it('guard: "count orders by date in ascending order" groups by day, the days in order', () => {
    const i = interpretationOf('count orders by date in ascending order');
    expect(i.groupBy).toBe('created_at');
    expect(i.sort).toEqual([{ field: 'created_at', dir: 'asc' }]);
  });
});

describe('a lower bound joined to an upper one by "but" or "and"', () => {
  it('"messages after 2026-11-20 but before 2026-11-23" is the range between them', () => {
    const i = interpretationOf('messages after 2026-11-20 but before 2026-11-23');
    expect(i.domain).toBe('messages');
    expect(i.time).toEqual({
      field: 'sent_at',
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
  });

  it('"messages after 2026-11-20 and before 2026-11-23" is the same range', () => {
    const i = interpretationOf('messages after 2026-11-20 and before 2026-11-23');
    expect(i.time).toEqual({
      field: 'sent_at',
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
  });

  it('"count errors since 2026-11-10 but before yesterday" counts the errors of that range', () => {
    const i = interpretationOf('count errors since 2026-11-10 but before yesterday');
    expect(i.intent).toBe('count');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(i.time?.from).toBe('2026-11-10T00:00:00.000Z');
    expect(i.time?.to).toBe('2026-11-24T00:00:00.000Z');
  });

  it('guard: "messages after 2026-11-20 before 2026-11-23" is the range between them', () => {
    expect(interpretationOf('messages after 2026-11-20 before 2026-11-23').time).toEqual({
      field: 'sent_at',
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
  });

  it('guard: "logs but before yesterday" still leaves a time out, refused', () => {
    expect(refusalOf('logs but before yesterday').message).toMatch(/Leaving out a time/);
  });
});
