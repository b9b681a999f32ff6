/**
 * Groups merged across stores under a bound on each group (HAVING), and the answer cache's key,
 * which must tell two bounds apart.
 */
import { describe, expect, it } from 'vitest';
import { QueryCache } from '../src/cache.ts';
import { interpretQuery } from '../src/interpret.ts';
import { mergeGroups } from '../src/merge.ts';
import type { Interpretation } from '../src/types.ts';
import { sampleStores } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');

describe('mergeGroups with a bound', () => {
  // Two stores' partial counts: web-1 holds 6 + 6, web-2 9 + 0, db-1 2 + 1.
  const measures = [
    { key: 'web-1', n: 6, first: 'a' },
    { key: 'web-2', n: 9, first: 'b' },
    { key: 'db-1', n: 2, first: 'c' },
    { key: 'web-1', n: '6', first: 'd' },
    { key: 'db-1', n: 1, first: 'e' },
  ];
  const bound = (op: '>' | '>=' | '<' | '<=' | '=' | '!=', value: number): Interpretation['having'] => ({
    fn: 'count',
    field: null,
    op,
    value,
  });

  it("bounds each group's value across every store, not each store's part of it", () => {
    // Per store no group holds more than 9; web-1 holds 12 once its stores are added up.
    expect(mergeGroups('count', measures, 1000, 'desc', bound('>', 9))).toEqual({
      count: 12,
      groups: [{ key: 'web-1', value: 12 }],
    });
  });

  it('count is the records in the groups kept; sorting and the limit apply after the bound', () => {
    expect(mergeGroups('count', measures, 1000, 'desc', bound('>=', 3))).toEqual({
      count: 24,
      groups: [
        { key: 'web-1', value: 12 },
        { key: 'web-2', value: 9 },
        { key: 'db-1', value: 3 },
      ],
    });
    expect(mergeGroups('count', measures, 1, 'asc', bound('>=', 3)).groups).toEqual([
      { key: 'db-1', value: 3 },
    ]);
    expect(mergeGroups('count', measures, 2, 'desc', bound('<', 12))).toEqual({
      count: 12,
      groups: [
        { key: 'web-2', value: 9 },
        { key: 'db-1', value: 3 },
      ],
    });
    expect(mergeGroups('count', measures, 1000, 'desc', bound('!=', 9)).groups.map((g) => g.key)).toEqual([
      'web-1',
      'db-1',
    ]);
    expect(mergeGroups('count', measures, 1000, 'desc', bound('=', 3)).groups).toEqual([
      { key: 'db-1', value: 3 },
    ]);
    // Without a bound every group and record counts, as before.
    expect(mergeGroups('count', measures, 1000).count).toBe(24);
  });

  it('an average is bounded on the merged sum over the merged count; a group with no numbers is never kept', () => {
    const avg = [
      { key: 'web-1', n: 2, s: 100, c: 2, lo: 40, hi: 60, first: 'a' },
      { key: 'web-1', n: 2, s: 20, c: 2, lo: 5, hi: 15, first: 'b' },
      { key: 'web-2', n: 1, s: 45, c: 1, lo: 45, hi: 45, first: 'c' },
      { key: 'db-1', n: 3, s: null, c: 0, lo: null, hi: null, first: 'd' },
    ];
    const over = (value: number): Interpretation['having'] => ({ fn: 'avg', field: 'value', op: '>', value });
    // web-1: (100 + 20) / 4 = 30, though one store alone averages 50.
    expect(mergeGroups('avg', avg, 1000, 'desc', over(40))).toEqual({
      count: 1,
      groups: [{ key: 'web-2', value: 45 }],
    });
    expect(mergeGroups('avg', avg, 1000, 'desc', over(-1)).groups.map((g) => g.key)).toEqual([
      'web-2',
      'web-1',
    ]);
    // A bound on the count beside an average: groups of at least 3 records.
    const many: Interpretation['having'] = { fn: 'count', field: null, op: '>=', value: 3 };
    expect(mergeGroups('avg', avg, 1000, 'desc', many).groups).toEqual([
      { key: 'web-1', value: 30 },
      { key: 'db-1', value: null },
    ]);
  });
});

describe('the answer cache key', () => {
  it('tells apart two questions that differ only in the bound on their groups', () => {
    const { stores } = sampleStores('t1', NOW);
    const cache = new QueryCache({ get: async () => undefined, set: async () => {} });
    const key = (q: string) => {
      const { interpretation } = interpretQuery(q, stores, { now: new Date(NOW) });
      const reading = stores.filter((s) => interpretation.mcps.includes(s.id));
      return cache.keyFor('t1', interpretation, {}, reading);
    };
    const ten = key('services with more than 10 errors');
    expect(key('services with more than 10 errors')).toBe(ten);
    expect(key('services with more than 20 errors')).not.toBe(ten);
    expect(key('services with at least 10 errors')).not.toBe(ten);
    expect(key('errors per service')).not.toBe(ten);
    expect(key('hosts with average cpu above 50')).not.toBe(key('hosts with average cpu above 60'));
  });

  it('tells apart the periods and the zone they are cut in', () => {
    const { stores } = sampleStores('t1', NOW);
    const cache = new QueryCache({ get: async () => undefined, set: async () => {} });
    const key = (q: string, tz?: string) => {
      const { interpretation } = interpretQuery(q, stores, { now: new Date(NOW), tz });
      const reading = stores.filter((s) => interpretation.mcps.includes(s.id));
      return cache.keyFor('t1', { ...interpretation, time: null }, {}, reading);
    };
    const days = key('errors per day in the last 7 days');
    expect(key('errors per day in the last 7 days')).toBe(days);
    expect(key('errors per hour in the last 7 days')).not.toBe(days);
    expect(key('errors per day in the last 7 days', 'Europe/Paris')).not.toBe(days);
    expect(key('errors in the last 7 days')).not.toBe(days);
  });
});

describe('mergeGroups of periods of time', () => {
  it('adds up each period across stores and lists them oldest first, whatever their values', () => {
    const measures = [
      { key: '2026-11-24T00:00:00.000Z', n: 1, first: 'b' },
      { key: '2026-11-23T00:00:00.000Z', n: 2, first: 'a' },
      { key: '2026-11-25T00:00:00.000Z', n: 5, first: 'c' },
      { key: '2026-11-23T00:00:00.000Z', n: 4, first: 'd' },
    ];
    expect(mergeGroups('count', measures, 1000, 'key')).toEqual({
      count: 12,
      groups: [
        { key: '2026-11-23T00:00:00.000Z', value: 6 },
        { key: '2026-11-24T00:00:00.000Z', value: 1 },
        { key: '2026-11-25T00:00:00.000Z', value: 5 },
      ],
    });
  });
});
