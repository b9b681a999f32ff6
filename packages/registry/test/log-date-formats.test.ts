/**
 * Year-first dates in the forms logs write them, which differ from ISO 8601 only in punctuation, are
 * dates and time fields, read as UTC where they name no zone, in every region whatever its process's
 * time zone: Go's log package (`2026/11/28 10:00:00`), Python's logging (`2026-11-28 10:00:00,123`),
 * Ruby's `Time#to_s` (`2026-11-28 10:00:00 +0000`, `… UTC`), ISO 8601's basic format
 * (`20261128T100000Z`). Before, each was a string, and a store of such logs had no time field: every
 * record was stamped with the time it was ingested. A day-first or month-first date stays a string.
 */
import { describe, expect, test } from 'vitest';
import { chooseTimeField, dateStringMs, recordTimeMs } from '../src/index.ts';
import { learned } from './support/learning.ts';
import { inEachTimeZone } from './support/time-zones.ts';

const TEN_UTC = Date.UTC(2026, 10, 28, 10, 0, 0);

inEachTimeZone(() => {
  test.each([
    ['2026/11/28 10:00:00', TEN_UTC],
    ['2026/11/28 10:00', TEN_UTC],
    ['2026/11/28', Date.UTC(2026, 10, 28)],
    ['2026/11/28 10:00:00.250', TEN_UTC + 250],
    ['2026-11-28 10:00:00,123', TEN_UTC + 123],
    ['2026/11/28 10:00:00,5', TEN_UTC + 500],
    ['2026-11-28 10:00:00 +0000', TEN_UTC],
    ['2026-11-28 11:00:00 +0100', TEN_UTC],
    ['2026-11-28 05:00:00 -05:00', TEN_UTC],
    ['2026-11-28 10:00:00 UTC', TEN_UTC],
    ['2026-11-28 10:00:00 GMT', TEN_UTC],
    ['2026-11-28T10:00:00 Z', TEN_UTC],
    ['20261128T100000Z', TEN_UTC],
    ['20261128T110000+0100', TEN_UTC],
    ['20261128T100000.250Z', TEN_UTC + 250],
    ['20261128T100000', TEN_UTC],
  ])('%s is %i', (text, ms) => {
    expect(dateStringMs(text)).toBe(ms);
    expect(recordTimeMs({ at: text }, 'at')).toBe(ms);
  });

  test.each([
    '11/28/2026',
    '28/11/2026 10:00',
    '2026/11-28',
    '2026-11/28',
    '2026/13/01',
    '2026/11/28 25:00',
    '2026-11-28 10:00:00 PST',
    '2026-11-28 10:00:00  UTC',
    '20261128',
    '20261128T1000Z',
    '2026-11-28 10:00:00,',
  ])('%s is not a date', (text) => {
    expect(dateStringMs(text)).toBeNull();
  });
});

describe('time fields of logs in these forms', () => {
  test.each([
    ['Go', { time: '2026/11/28 10:00:01', level: 'info', msg: 'served' }, 'time'],
    ['Python', { asctime: '2026-11-28 10:00:01,042', levelname: 'INFO', message: 'served' }, 'asctime'],
    ['Ruby', { logged: '2026-11-28 10:00:01 +0000', severity: 'INFO', text: 'served' }, 'logged'],
  ])('a %s log’s time is its time field', (_, record, field) => {
    expect(chooseTimeField(learned([record, { ...record, level: 'warn' }]))).toBe(field);
  });
});
