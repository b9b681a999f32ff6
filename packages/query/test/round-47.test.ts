/**
 * The forty-seventh probing round: periods of the time field listed from one end, a time field
 * called plainly `timestamp`, "out of" opening a question, and ranges whose ends say their units.
 */
import { describe, expect, it } from 'vitest';
import { mergeGroups } from '../src/merge.ts';
import { planQuery } from '../src/plan.ts';
import { interpretationOf as read, stores } from './support/questions.ts';

describe('dates grouped from one end, the time field named plainly, "out of", units at each end', () => {
  // "count orders by date from oldest" was a plain count: the sort "by date from oldest" was read
  // first, and a count has no order.
  it.each([
    ['count orders by date from oldest', 'created_at', 'day', 'asc'],
    ['count orders by date from the newest', 'created_at', 'day', 'desc'],
    ['count paid orders by date, from newest to oldest', 'created_at', 'day', 'desc'],
    ['count orders by date from oldest to newest', 'created_at', 'day', 'asc'],
    ['total order amount by day, starting with the earliest', 'created_at', 'day', 'asc'],
    ['count users by signup date from the earliest', 'signed_up_at', 'day', 'asc'],
    ['sum of amount by creation week from newest', 'created_at', 'week', 'desc'],
    // "descending" and "in ascending order" after the date are the date's own order too.
    ['count orders by date descending', 'created_at', 'day', 'desc'],
    ['count orders by date in ascending order', 'created_at', 'day', 'asc'],
    ['count users by signup date from newest first', 'signed_up_at', 'day', 'desc'],
  ])('%s groups per period, listed from that end', (q, field, unit, dir) => {
    const i = read(q);
    expect([i.groupBy, i.bucket?.unit]).toEqual([field, unit]);
    expect(i.sort).toEqual([{ field, dir }]);
  });

  it('a listing by a date from one end is still sorted on it', () => {
    for (const q of [
      'orders by date from oldest',
      'list orders by date from oldest',
      'orders sorted by date from oldest',
    ]) {
      const i = read(q);
      expect(i.groupBy).toBeNull();
      expect(i.sort).toEqual([{ field: 'created_at', dir: 'asc' }]);
    }
  });

  // "count errors by timestamp date" was a plain count sorted by timestamp: a field called plainly
  // `timestamp` left no name words to group by.
  it.each([
    ['count errors by timestamp date', 'timestamp', 'day'],
    ['count errors per timestamp date', 'timestamp', 'day'],
    ['how many errors by timestamp day', 'timestamp', 'day'],
    ['count logs by timestamp', 'timestamp', 'day'],
    ['count orders by created at date', 'created_at', 'day'],
    ['count users by signed_up_at', 'signed_up_at', 'day'],
    ['how much revenue by date', 'recorded_at', 'day'],
  ])('%s groups per period of the time field', (q, field, unit) => {
    const i = read(q);
    expect([i.groupBy, i.bucket?.unit]).toEqual([field, unit]);
  });

  it('"list logs by timestamp" still sorts', () => {
    const i = read('list logs by timestamp');
    expect([i.groupBy, i.sort]).toEqual([null, [{ field: 'timestamp', dir: 'desc' }]]);
  });

  // "count orders per day newest first" ranked the days by their counts (busiest first).
  it.each([
    ['count orders per day newest first', 'desc', 'keyDesc'],
    ['count orders per day oldest first', 'asc', 'key'],
    ['count orders by date, oldest first', 'asc', 'key'],
    ['count users by signup date, newest first', 'desc', 'keyDesc'],
  ])('%s lists the periods by when they are', (q, dir, order) => {
    const i = read(q);
    expect(i.sort).toEqual([{ field: i.groupBy, dir }]);
    expect(planQuery(i, stores, 't1').groupOrder).toBe(order);
  });

  it('the busiest period is still ranked by its count', () => {
    const i = read('busiest day for orders');
    expect(i.sort).toEqual([{ field: 'value', dir: 'desc' }]);
    expect(planQuery(i, stores, 't1').groupOrder).toBe('desc');
  });

  it('periods merged newest first keep the newest past the cut', () => {
    const measures = [
      { key: '2026-11-24T00:00:00.000Z', n: 1, first: 'b' },
      { key: '2026-11-23T00:00:00.000Z', n: 2, first: 'a' },
      { key: '2026-11-25T00:00:00.000Z', n: 5, first: 'c' },
    ];
    expect(mergeGroups('count', measures, 2, 'keyDesc').groups).toEqual([
      { key: '2026-11-25T00:00:00.000Z', value: 5 },
      { key: '2026-11-24T00:00:00.000Z', value: 1 },
    ]);
  });

  // "Out of the logs from the worker service, how many are warnings?" was refused ("Out").
  it('"out of" opening a question is "of"', () => {
    const i = read('Out of the logs from the worker service, how many are warnings?');
    expect(i.filters).toEqual([
      { field: 'service', op: '=', value: 'worker' },
      { field: 'level', op: '=', value: 'warn' },
    ]);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(read('out of all users, how many are on the free plan').filters).toEqual([
      { field: 'plan', op: '=', value: 'free' },
    ]);
    expect(read('out of curiosity, how many users are there').aggregate).toEqual({
      fn: 'count',
      field: null,
    });
  });

  // "response time between half a second and one second" and "response time over a second"
  // answered every response time: the bound was dropped.
  it.each([
    ['response time between half a second and one second', 500, 1000],
    ['response time between 500 ms and 1 second', 500, 1000],
    ['response time from half a second to a second', 500, 1000],
    ['response time from 500 ms to 2 seconds', 500, 2000],
    ['response times between 0.5 and 1 seconds', 500, 1000],
  ])('%s is a range in ms', (q, low, high) => {
    expect(read(q).filters.filter((f) => f.field === 'value')).toEqual([
      { field: 'value', op: '>=', value: low },
      { field: 'value', op: '<=', value: high },
    ]);
  });

  it.each([
    ['response time over a second', '>', 1000],
    ['response time under one second', '<', 1000],
    ['response times of at least one second', '>=', 1000],
  ])('%s is one bound in ms', (q, op, value) => {
    expect(read(q).filters.filter((f) => f.field === 'value')).toEqual([{ field: 'value', op, value }]);
  });

  // "response time over one and a half seconds" answered every response time; "users older than
  // twenty and a half" was older than 20.
  it.each([
    ['response time over one and a half seconds', 'value', '>', 1500],
    ['response times under 2 and a half seconds', 'value', '<', 2500],
    ['users older than twenty and a half', 'age', '>', 20.5],
  ])('%s is the number and a half', (q, field, op, value) => {
    expect(read(q).filters.filter((f) => f.field === field)).toEqual([{ field, op, value }]);
  });

  it('"and a half" of a time is read with the window', () => {
    expect(read('logs from the last one and a half hours').time?.from).toBe('2026-11-25T14:00:00.000Z');
  });

  it('ranges with no unit, or in words, stay as they were', () => {
    expect(read('users aged from 20 to 25').filters).toEqual([
      { field: 'age', op: '>=', value: 20 },
      { field: 'age', op: '<=', value: 25 },
    ]);
    expect(read('orders between a hundred and two hundred').filters).toEqual([
      { field: 'amount', op: '>=', value: 100 },
      { field: 'amount', op: '<=', value: 200 },
    ]);
  });
});
