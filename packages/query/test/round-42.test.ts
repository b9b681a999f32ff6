/**
 * The forty-second probing round: a ranking of groups said with one end after "by" or "per" what is
 * ranked ("hosts by average cpu from highest", "count logs per service starting with the lowest")
 * orders the groups by their value from that end, as "highest first" does, rather than being refused
 * as a value no field holds; and a slip in a store's own word ("how many ordrs were refunded") is
 * refused as a word not read, with the store's word offered, not as a field or topic no store holds.
 * Measures no answer holds are refused however they are said: an average of counts with "on average"
 * anywhere after "how many", a running total, and a count of a field's values after "count" alone
 * ("count senders"), which were answered with an average amount, a sum or a count of the records.
 * Groups whose value is an age, "oldest first", put the eldest first; a superlative joined by a hyphen
 * to a word no store knows ("lowest-paying customer") is read as its words, not passed over.
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';

describe('groups ranked from one end, said after what is ranked', () => {
  it.each([
    ['hosts by average cpu from highest', 'host', { fn: 'avg', field: 'value' }, 'desc'],
    ['services by average response time from lowest', 'service', { fn: 'avg', field: 'value' }, 'asc'],
    ['customers by total spent from the highest', 'customer', { fn: 'sum', field: 'amount' }, 'desc'],
    ['count logs per service starting with the lowest', 'service', { fn: 'count', field: null }, 'asc'],
    ['hosts by max memory from the biggest ones', 'host', { fn: 'max', field: 'value' }, 'desc'],
    ['hosts by average cpu from highest this week', 'host', { fn: 'avg', field: 'value' }, 'desc'],
  ])('%s groups on %s, ordered from that end', (q, group, aggregate, dir) => {
    const i = read(q);
    expect(i.groupBy).toBe(group);
    expect(i.aggregate).toEqual(aggregate);
    expect(i.sort).toEqual([{ field: 'value', dir }]);
  });

  it('the records sorted on a field named after "by" stay a sort of the records', () => {
    const i = read('orders by amount from the highest');
    expect(i.groupBy).toBeNull();
    expect(i.sort).toEqual([{ field: 'amount', dir: 'desc' }]);
  });

  it('an end said with nothing ranked is still refused', () => {
    expect(failure('errors from highest').message).toContain('highest');
  });
});

describe('a slip in the store word', () => {
  it.each([
    ['how many ordrs were refunded', 'ordrs', 'orders'],
    ['how many ordres are refunded', 'ordres', 'orders'],
    ['how many usres are in germany', 'usres', 'users'],
    ['messges from john', 'messges', 'messages'],
  ])('%s is refused as "%s" not read, offering %s', (q, word, near) => {
    const e = failure(q);
    expect(e.message).toBe(`Could not read "${word}": did you mean "${near}"?`);
    expect(e.suggestions?.[0]).toBe(q.replace(word, near));
  });
});

describe('measures no answer holds, said in other words', () => {
  it.each([
    ['how many orders on average per customer', 'Averages of counts'],
    ['how many orders does a customer place on average', 'Averages of counts'],
    ['how many messages does alice send on average', 'Averages of counts'],
    ['running total of orders', 'Running totals'],
    ['what was the running sum of revenue', 'Running totals'],
    ['cumulative revenue this month', 'Running totals'],
    ['count senders', 'Counting distinct values'],
    ['count channels', 'Counting distinct values'],
    ['count services in metrics', 'Counting distinct values'],
  ])('%s is refused: %s', (q, why) => {
    expect(failure(q).message).toContain(why);
  });

  it('a count of records said with "count" and a value or the store stays a count', () => {
    expect(read('count errors').aggregate).toEqual({ fn: 'count', field: null });
    expect(read('count pro users').filters).toEqual([{ field: 'plan', op: '=', value: 'pro' }]);
    expect(read('count web-1 metrics').aggregate).toEqual({ fn: 'count', field: null });
    expect(read('count logs by service').groupBy).toBe('service');
  });
});

describe('groups whose value is an age, ordered from the oldest', () => {
  it.each([
    ['average age per team, oldest first', 'team', null],
    ['max age by country, oldest first', 'country', null],
    ['top 2 teams by average age, oldest first', 'team', 2],
  ])('%s puts the highest %s value first', (q, group, limit) => {
    const i = read(q);
    expect(i.groupBy).toBe(group);
    expect(i.sort).toEqual([{ field: 'value', dir: 'desc' }]);
    expect(i.limit).toBe(limit);
  });

  it('the youngest first is the lowest age, and groups counted keep their order', () => {
    expect(read('average age per plan, youngest first').sort).toEqual([{ field: 'value', dir: 'asc' }]);
    expect(read('users by plan, oldest first').sort).toEqual([{ field: 'value', dir: 'asc' }]);
  });
});

describe('a superlative joined by a hyphen to a word no store knows', () => {
  it.each(['lowest-paying customer', 'highest-paying customer'])('%s is refused, not every user', (q) => {
    expect(failure(q).message).toContain('"paying"');
  });

  it('joined to a field it is still read', () => {
    expect(read('the 5 lowest-value orders').sort).toEqual([{ field: 'amount', dir: 'asc' }]);
    expect(read('most-recent orders').sort).toEqual([{ field: 'created_at', dir: 'desc' }]);
  });
});
