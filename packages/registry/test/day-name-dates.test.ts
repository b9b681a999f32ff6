/**
 * Dates that start with the day's name and put the year last or after the time are dates and time
 * fields, in every process time zone: Twitter's `created_at` (`Wed Oct 10 20:19:24 +0000 2018`), C's
 * `ctime` (`Sat Nov 28 10:00:00 2026`, UTC as any date naming no zone), the Unix `date` command's
 * (`Sat Nov 28 10:00:00 UTC 2026`) and JavaScript's
 * `Date.prototype.toString()` (what `String(new Date())` sends). Before, each was a string: a store of
 * tweets had no time field, every tweet stamped with the time it was ingested.
 */
import { expect, test } from 'vitest';
import { chooseTimeField, dateStringMs, recordTimeMs } from '../src/index.ts';
import { learned } from './support/learning.ts';
import { inEachTimeZone } from './support/time-zones.ts';

const TEN_UTC = Date.UTC(2026, 10, 28, 10, 0, 0);

inEachTimeZone(() => {
  test.each([
    ['Sat Nov 28 10:00:00 +0000 2026', TEN_UTC],
    ['Sat Nov 28 11:30:00 +0130 2026', TEN_UTC],
    ['Sat Nov 28 05:00:00 -0500 2026', TEN_UTC],
    ['Sat Nov 28 10:00:00 2026', TEN_UTC],
    ['Sat Nov 28 10:00:00 UTC 2026', TEN_UTC],
    ['Sat Nov 28 10:00:00 GMT 2026', TEN_UTC],
    ['Sun Nov 1 10:00:00 2026', Date.UTC(2026, 10, 1, 10)],
    ['Sat Nov 28 2026 10:00:00 GMT+0000', TEN_UTC],
    ['Sat Nov 28 2026 11:00:00 GMT+0100 (Central European Standard Time)', TEN_UTC],
    ['Sat Nov 28 2026 05:00:00 GMT-0500 (Eastern Standard Time)', TEN_UTC],
    ['Sat, 28 Nov 2026 10:00:00 GMT', TEN_UTC],
  ])('%s is %i', (text, ms) => {
    expect(dateStringMs(text)).toBe(ms);
    expect(recordTimeMs({ at: text }, 'at')).toBe(ms);
  });

  test.each([
    'Sat Nov 28 2026',
    'Sat Nov 28 10:00 2026',
    'Sat November 28 10:00:00 2026',
    'Sat Nov 28 10:00:00 PST 2026',
    'Sat Nov 28 2026 10:00:00 GMT+0100 (unclosed',
    'Sun is shining today',
    'Saturday, 28 Nov 2026',
    'sat Nov 28 10:00:00 2026',
  ])('%s is not a date', (text) => {
    expect(dateStringMs(text)).toBeNull();
  });
});

test('a tweet’s created_at is its time field', () => {
  const tweet = (i: number) => ({
    created_at: `Wed Oct ${10 + i} 20:19:24 +0000 2018`,
    id_str: `10500${i}`,
    text: `hello ${i}`,
    user: { screen_name: 'ann' },
  });
  expect(chooseTimeField(learned([tweet(1), tweet(2)]))).toBe('created_at');
  expect(recordTimeMs(tweet(1), 'created_at')).toBe(Date.UTC(2018, 9, 11, 20, 19, 24));
});
