/**
 * What a question says of time that the engine cannot read is refused, never dropped: a dropped day
 * or time widens the question to every record. And a window reaching past the calendar PostgreSQL
 * reads is answered as far as anything stored, not with a 500.
 */
import { describe, expect, it } from 'vitest';
import { Calendar, parseDay } from '../src/time.ts';
import { NOW, interpretationOf as read, refusalOf as refusal } from './support/questions.ts';

const day = (text: string) => {
  const at = parseDay(text, NOW, new Calendar('UTC'));
  return at === null ? null : new Date(at).toISOString();
};

describe('days the calendar lacks', () => {
  it('are no date, never the day they would roll over to', () => {
    for (const text of [
      '2026-02-30',
      '2026-13-01',
      '2026-02-29',
      '2026-04-31',
      '2026-02-30t10:00',
      '2026-02-30 10:00',
      'february 30',
      '31 april 2026',
    ]) {
      expect(day(text), text).toBeNull();
    }
    expect(day('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(day('2026-02-28')).toBe('2026-02-28T00:00:00.000Z');
    expect(day('30 april')).toBe('2026-04-30T00:00:00.000Z');
    // Without a year, 29 February is the latest there was.
    expect(day('february 29')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('a question naming one is refused', () => {
    for (const q of ['show logs from 2026-02-30', 'count orders since 2026-13-45', 'logs on 2026-02-29']) {
      const e = refusal(q);
      expect([e.status, e.code], q).toEqual([422, 'UNPARSEABLE_QUERY']);
      expect(e.message, q).toMatch(/is not a day of the calendar/);
    }
    expect(refusal('logs on 2026-02-30T10:00').code).toBe('UNPARSEABLE_QUERY');
  });
});

describe('times of day and numbers no rule read', () => {
  it('a time of day without its day is refused, not dropped', () => {
    for (const q of [
      'logs from 11:00',
      'count logs since 25:99',
      'errors since 3:61',
      'logs between 10:00 and 11:30',
    ]) {
      expect(refusal(q).message, q).toMatch(/is read as a time only with its day/);
    }
    // With its day it is read.
    expect(read('logs since 2026-11-24 11:00').time).toMatchObject({
      from: '2026-11-24T11:00:00.000Z',
      to: null,
    });
  });

  it('a number beyond double precision is refused', () => {
    expect(refusal('orders over -1e400').message).toBe('-1e400 is beyond the numbers a record can hold');
    expect(read('orders over 1.5').filters).toEqual([{ field: 'amount', op: '>', value: 1.5 }]);
  });
});

describe('windows beyond the calendar', () => {
  it('a start before year 1 is no start; an end after 9999 no end', () => {
    for (const q of ['count logs in the last 999999999 days', 'count logs in the last 3000000 days']) {
      expect(read(q).time, q).toEqual({ field: 'timestamp', from: null, to: null });
    }
    // Within the calendar, as before.
    expect(read('count logs in the last 800 years').time?.from).toMatch(/^1227-/);
  });
});
