/**
 * Two questions that gave 500 (found by the second bad-input hunt, .scratch notes of 2026-11-28):
 * a number of days back beyond what a Date holds, and rows of several stores ordered by keys of
 * different kinds at one position.
 */
import { describe, expect, it } from 'vitest';
import { mergeRows, type RawRow, type StoreRows } from '../src/merge.ts';
import { interpretationOf as read } from './support/questions.ts';

describe('days back beyond what a Date holds', () => {
  it.each(['logs 99999999 days ago', 'logs 100000001 days ago', 'logs from 100000000 days ago'])(
    '%s is a window before year 1, not an internal error',
    (q) => {
      expect(read(q).time).toMatchObject({ to: '0001-01-01T00:00:00.000Z' });
    },
  );

  it('a number of days within range still names that calendar day', () => {
    const time = read('logs 3 days ago').time!;
    expect(Date.parse(time.to!) - Date.parse(time.from!)).toBe(86_400_000);
  });
});

describe('rows of stores ordered by keys of different kinds', () => {
  const row = (id: string, keys: string[]): RawRow => {
    const out: RawRow = { id, ts: '2026-11-28T00:00:00Z', data: {} };
    keys.forEach((k, n) => {
      out[`k${n}`] = k;
    });
    return out;
  };
  // "records sorted by timestamp": the field is one store's time field (its ts, in microseconds)
  // and another store's plain JSON field (whether it is missing, then its value).
  const timed: StoreRows = {
    mcp: 'records',
    domain: 'records',
    keys: [
      { expr: null as never, dir: 'asc', cast: 'micros' },
      { expr: null as never, dir: 'asc', cast: 'uuid' },
    ],
    rows: [row('a', ['1764320000000000', '00000000-0000-7000-8000-000000000001'])],
  };
  const plain: StoreRows = {
    mcp: 'records-2',
    domain: 'records',
    keys: [
      { expr: null as never, dir: 'asc', cast: 'boolean' },
      { expr: null as never, dir: 'asc', cast: 'jsonb' },
      { expr: null as never, dir: 'asc', cast: 'uuid' },
    ],
    rows: [
      row('b', ['true', 'null', '00000000-0000-7000-8000-000000000002']),
      row('c', ['false', 'true', '00000000-0000-7000-8000-000000000003']),
    ],
  };

  it('are merged in an order of their kinds, never read as each other', () => {
    const { rows } = mergeRows([timed, plain], 10, false, 'sig');
    expect(rows.map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    const again = mergeRows([plain, timed], 10, false, 'sig').rows.map((r) => r.id);
    expect(again).toEqual(rows.map((r) => r.id));
  });
});
