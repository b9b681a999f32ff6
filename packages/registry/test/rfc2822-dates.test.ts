/**
 * RFC 2822 dates, as email `Date:` headers, HTTP dates and JavaScript's `toUTCString()` write them
 * (`Sat, 28 Nov 2026 20:00:00 GMT`): they were strings, so a store of emails with only such a date
 * had no time field and every message was stamped with its ingest time.
 */
import { describe, expect, test } from 'vitest';
import { chooseTimeField, dateStringMs, jsonTypeOf, recordTimeMs } from '../src/index.ts';
import { learned } from './support/learning.ts';

describe('RFC 2822 dates', () => {
  test.each([
    ['Sat, 28 Nov 2026 20:00:00 GMT', '2026-11-28T20:00:00.000Z'],
    ['28 Nov 2026 20:00:00 +0100', '2026-11-28T19:00:00.000Z'],
    ['Mon, 1 Feb 2027 08:15 -0500', '2027-02-01T13:15:00.000Z'],
    ['Tue, 01 Dec 2026 00:00:00 UT', '2026-12-01T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(jsonTypeOf(text)).toBe('date');
    expect(new Date(dateStringMs(text)!).toISOString()).toBe(iso);
  });

  test.each([
    'Sat, 28 Nov 2026',
    'sat, 28 Nov 2026 20:00:00 GMT',
    'Sat, 28 November 2026 20:00:00 GMT',
    'Sat, 28 Nov 2026 20:00:00 PST',
    'Hey, 28 Nov 2026 20:00:00 GMT',
    'Dear Ann, 28 Nov 2026 20:00:00 GMT',
  ])('%s is not a date', (text) => expect(dateStringMs(text)).toBeNull());

  test('an email store takes its Date as its time field, and each message its time', () => {
    const email = (i: number) => ({
      from: 'ann@example.com',
      subject: `Report ${i}`,
      date: new Date(Date.UTC(2026, 10, 28, i)).toUTCString(),
    });
    expect(chooseTimeField(learned([email(1), email(2)]))).toBe('date');
    expect(new Date(recordTimeMs(email(3), 'date')!).toISOString()).toBe('2026-11-28T03:00:00.000Z');
  });
});
