/**
 * Dates with the month's name, as people and locale formatters write them (`Nov 28, 2026`,
 * `November 28, 2026 10:00 AM`, `28 November 2026`), are dates and time fields, read as UTC in every
 * process time zone. Before, each was a string: a store of records exported with such dates had no
 * time field, every record stamped with the time it was ingested.
 */
import { expect, test } from 'vitest';
import { chooseTimeField, dateStringMs } from '../src/index.ts';
import { learned } from './support/learning.ts';
import { inEachTimeZone } from './support/time-zones.ts';

const DAY = Date.UTC(2026, 10, 28);
const at = (h: number, m = 0, s = 0) => DAY + ((h * 60 + m) * 60 + s) * 1000;

inEachTimeZone(() => {
  test.each([
    ['Nov 28, 2026', DAY],
    ['November 28, 2026', DAY],
    ['Nov. 28, 2026', DAY],
    ['Nov 28 2026', DAY],
    ['November 28, 2026 10:00 AM', at(10)],
    ['Nov 28, 2026, 10:00:05 PM', at(22, 0, 5)],
    ['Nov 28, 2026 12:30 AM', at(0, 30)],
    ['Nov 28, 2026 12:30 PM', at(12, 30)],
    ['November 28, 2026 at 9:15 am', at(9, 15)],
    ['Nov 28, 2026 14:30', at(14, 30)],
    ['28 November 2026', DAY],
    ['28 Nov 2026 14:30:00', at(14, 30)],
    ['Sept 28, 2026', Date.UTC(2026, 8, 28)],
    ['May 28, 2026', Date.UTC(2026, 4, 28)],
  ])('%s is %i', (text, ms) => {
    expect(dateStringMs(text)).toBe(ms);
  });

  test.each([
    'Novem 28, 2026',
    'Mayday 28, 2026',
    'May I ask, 2026',
    'nov 28, 2026',
    'Nov 28, 2026 13:00 PM',
    'Nov 28, 2026 25:00',
    '28 Novembre 2026',
    'November 2026',
    'Nov 28, 26',
  ])('%s is not a date', (text) => {
    expect(dateStringMs(text)).toBeNull();
  });
});

test('an exported record’s date with the month’s name is its time field', () => {
  const row = (i: number) => ({ invoice: `INV-${i}`, total: 10 * i, issued: `Nov ${i}, 2026` });
  expect(chooseTimeField(learned([row(1), row(2), row(3)]))).toBe('issued');
});
