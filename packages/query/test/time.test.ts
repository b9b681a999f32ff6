import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Question } from '../src/question.ts';
import { ambiguousDate, asksPartOfPeriod, Calendar, readTime, windowValidUntil } from '../src/time.ts';

// Wednesday 2026-11-25 15:30:00 UTC
const NOW = Date.parse('2026-11-25T15:30:00Z');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function windowOf(text: string, tz = 'UTC', now = NOW) {
  const q = new Question(text);
  const w = readTime(q, now, new Calendar(tz));
  return { from: iso(w?.from ?? null), to: iso(w?.to ?? null), left: q.free().map((i) => q.tokens[i]?.text) };
}

describe('calendar words', () => {
  it('today starts at midnight, yesterday is the previous calendar day', () => {
    expect(windowOf('logs today')).toMatchObject({
      from: '2026-11-25T00:00:00.000Z',
      to: null,
      left: ['logs'],
    });
    expect(windowOf('logs yesterday')).toMatchObject({
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
    });
  });
  it('a month name is that whole month, the latest one not in the future', () => {
    expect(windowOf('orders in November')).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(windowOf('orders in december')).toMatchObject({
      from: '2025-12-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
    });
    expect(windowOf('logs during march 2024').from).toBe('2024-03-01T00:00:00.000Z');
  });
  it('this week starts on Monday, this month on the 1st', () => {
    expect(windowOf('this week').from).toBe('2026-11-23T00:00:00.000Z');
    expect(windowOf('this week', 'UTC', Date.parse('2026-11-23T00:30:00Z')).from).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    expect(windowOf('this week', 'UTC', Date.parse('2026-11-22T23:30:00Z')).from).toBe(
      '2026-11-16T00:00:00.000Z',
    );
    expect(windowOf('this month').from).toBe('2026-11-01T00:00:00.000Z');
  });
  it('uses the caller time zone for calendar boundaries', () => {
    // 15:30 UTC is 00:30 on the 26th in Tokyo (UTC+9)
    expect(windowOf('today', 'Asia/Tokyo').from).toBe('2026-11-25T15:00:00.000Z');
    expect(windowOf('yesterday', 'America/New_York')).toMatchObject({
      from: '2026-11-24T05:00:00.000Z',
      to: '2026-11-25T05:00:00.000Z',
    });
    expect(() => windowOf('today', 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('rolling windows', () => {
  it.each([
    ['in the last 24 hours', 24 * 3600_000],
    ['from the last 3 hours', 3 * 3600_000],
    ['past 2 days', 2 * 86_400_000],
    ['last 2 weeks', 14 * 86_400_000],
    ['last week', 7 * 86_400_000],
    ['past week', 7 * 86_400_000],
    ['last month', 30 * 86_400_000],
    ['last hour', 3600_000],
    ['recent', 86_400_000],
    ['last seven days', 7 * 86_400_000],
  ])('%s', (text, span) => {
    expect(windowOf(text)).toMatchObject({ from: iso(NOW - span), to: null, left: [] });
  });
  it('older than N days bounds the end', () => {
    expect(windowOf('older than 30 days')).toMatchObject({ from: null, to: iso(NOW - 30 * 86_400_000) });
  });
  it('older than a bare number is not time', () => {
    expect(windowOf('older than 40').from).toBeNull();
  });
});

describe('dates', () => {
  it('since D starts at D 00:00; between D1 and D2 runs to the end of D2', () => {
    expect(windowOf('since 2026-11-05')).toMatchObject({ from: '2026-11-05T00:00:00.000Z', to: null });
    expect(windowOf('between 2026-11-10 and 2026-11-15')).toMatchObject({
      from: '2026-11-10T00:00:00.000Z',
      to: '2026-11-16T00:00:00.000Z',
    });
    expect(windowOf('on 2026-11-20')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
    expect(windowOf('before 2026-11-20')).toMatchObject({ from: null, to: '2026-11-20T00:00:00.000Z' });
  });
  it('reads a day and a month in digits where only one order is a date', () => {
    expect(windowOf('on 20/11')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
    expect(windowOf('on 11/20').from).toBe('2026-11-20T00:00:00.000Z');
    expect(windowOf('on 20.11.2025').from).toBe('2025-11-20T00:00:00.000Z');
    // a day still to come this year is last year's; "10/11" could be either and is left unread.
    expect(windowOf('since 30/11').from).toBe('2025-11-30T00:00:00.000Z');
    expect(windowOf('on 10/11')).toMatchObject({ from: null, left: ['on', '10/11'] });
    // With dots only with a year: a decimal is a number.
    expect(windowOf('over 25.5')).toMatchObject({ from: null, to: null });
  });

  it('reads whole years, and from or up to a month', () => {
    expect(windowOf('orders in 2025')).toMatchObject({
      from: '2025-01-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
      left: ['orders'],
    });
    expect(windowOf('orders from 2025').to).toBe('2026-01-01T00:00:00.000Z');
    expect(windowOf('users since 2026')).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: null });
    expect(windowOf('logs before 2026')).toMatchObject({ from: null, to: '2026-01-01T00:00:00.000Z' });
    expect(windowOf('logs after 2025')).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: null });
    expect(windowOf('logs since october')).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: null });
    expect(windowOf('logs since december').from).toBe('2025-12-01T00:00:00.000Z');
    expect(windowOf('users who signed up before october 2026')).toMatchObject({
      from: null,
      to: '2026-10-01T00:00:00.000Z',
    });
    expect(windowOf('orders after october 2026').from).toBe('2026-11-01T00:00:00.000Z');
    expect(windowOf('orders until october 2026').to).toBe('2026-11-01T00:00:00.000Z');
    expect(windowOf('messages from march 2026')).toMatchObject({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    // A number that is no year is left alone.
    expect(windowOf('orders over 2500')).toMatchObject({ from: null, to: null });
  });
  it('reads month names and weekdays', () => {
    expect(windowOf('since nov 3').from).toBe('2026-11-03T00:00:00.000Z');
    expect(windowOf('since monday').from).toBe('2026-11-23T00:00:00.000Z');
    expect(windowOf('since 3 december 2025').from).toBe('2025-12-03T00:00:00.000Z');
  });
  it('dates are local days in the caller time zone', () => {
    expect(windowOf('since 2026-11-05', 'Europe/Berlin').from).toBe('2026-11-04T23:00:00.000Z');
  });
});

describe('more window phrasings', () => {
  const DAY = 86_400_000;
  it.each([
    ['earlier than 3 days ago', 3 * DAY],
    ['prior to 3 days ago', 3 * DAY],
    ['from over a week ago', 7 * DAY],
    ['at least 30 days ago', 30 * DAY],
    ['more than 2 weeks old', 14 * DAY],
    ['not from the last 7 days', 7 * DAY],
    ['before the past week', 7 * DAY],
  ])('%s ends the window then', (text, span) => {
    expect(windowOf(text)).toMatchObject({ from: null, to: iso(NOW - span) });
  });
  it.each([
    ['newer than 3 days', 3 * DAY],
    ['less than 2 hours old', 2 * 3600_000],
    ['in the past fortnight', 14 * DAY],
    ['last 2 fortnights', 28 * DAY],
    ['within 24 hours', DAY],
    ['since 2 days ago', 2 * DAY],
  ])('%s is a rolling window', (text, span) => {
    expect(windowOf(text)).toMatchObject({ from: iso(NOW - span), to: null, left: [] });
  });
  it('a bare "under 2 seconds" or "older than 40 years" is a duration or an age, not a window', () => {
    expect(windowOf('under 2 seconds').from).toBeNull();
    expect(windowOf('older than 40 years')).toMatchObject({ from: null, to: null });
    expect(windowOf('at least 66 years old')).toMatchObject({ from: null, to: null });
  });
  it('the day before yesterday is one calendar day', () => {
    expect(windowOf('logs from the day before yesterday')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
      left: ['logs'],
    });
  });
  it('a range may end today or now, and "from D onwards" is since D', () => {
    expect(windowOf('between 2026-11-20 and today')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-26T00:00:00.000Z',
    });
    expect(windowOf('from 2026-11-20 until now').from).toBe('2026-11-20T00:00:00.000Z');
    expect(windowOf('from 3 days ago until now')).toMatchObject({
      from: iso(NOW - 3 * 86_400_000),
      left: [],
    });
    expect(windowOf('orders from 2026-11-18 onwards')).toMatchObject({
      from: '2026-11-18T00:00:00.000Z',
      to: null,
      left: ['orders'],
    });
  });
});

describe('halves and couples of units (third round)', () => {
  it('half a day is 12 hours; a couple of days is two', () => {
    expect(windowOf('messages in the last half day').from).toBe('2026-11-25T03:30:00.000Z');
    expect(windowOf('logs from the past half a day').from).toBe('2026-11-25T03:30:00.000Z');
    expect(windowOf('orders in the last couple of days').from).toBe('2026-11-23T15:30:00.000Z');
  });
});

describe('counts of units spelled out (fifth round)', () => {
  it('any spelled number counts units of a rolling window', () => {
    expect(windowOf('how many logs in the last ninety minutes').from).toBe('2026-11-25T14:00:00.000Z');
    expect(windowOf('orders from the past seventy-two hours').from).toBe('2026-11-22T15:30:00.000Z');
    expect(windowOf('messages from the last forty-eight hours').from).toBe('2026-11-23T15:30:00.000Z');
    expect(windowOf('users who signed up in the past two months').from).toBe('2026-09-26T15:30:00.000Z');
  });
});

describe('a single date (fifth round)', () => {
  it('"from D only" is that day', () => {
    expect(windowOf('logs from 2026-11-20 only')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
    expect(windowOf('logs from 2026-11-20').to).toBeNull();
  });
  it('"longer than N ago" is before then', () => {
    expect(windowOf('orders placed longer than 2 weeks ago')).toMatchObject({
      from: null,
      to: '2026-11-11T15:30:00.000Z',
    });
  });
  it('"N days ago" on its own is that calendar day', () => {
    expect(windowOf('logs from 3 days ago')).toMatchObject({
      from: '2026-11-22T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
    expect(windowOf('how many orders were placed 2 days ago')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    expect(windowOf('logs from 3 days ago until now')).toMatchObject({
      from: '2026-11-22T15:30:00.000Z',
      to: null,
    });
  });

  it('a trailing or rolling window is the last N units', () => {
    expect(windowOf('orders in the trailing 7 days').from).toBe('2026-11-18T15:30:00.000Z');
    expect(windowOf('errors over a rolling 24 hours').from).toBe('2026-11-24T15:30:00.000Z');
  });
});

describe('sixth probing round', () => {
  it('a bare span in short units is the rolling window up to now', () => {
    expect(windowOf('err logs api 24h')).toMatchObject({ from: '2026-11-24T15:30:00.000Z', to: null });
    expect(windowOf('orders 30d by status').from).toBe('2026-10-26T15:30:00.000Z');
    expect(windowOf('cpu avg web-1 6h').left).toEqual(['cpu', 'avg', 'web-1']);
  });
  it('"month-to-date", "week to date" and "mtd" are since the start of the current one', () => {
    expect(windowOf('month-to-date total revenue').from).toBe('2026-11-01T00:00:00.000Z');
    expect(windowOf('week to date order count').from).toBe('2026-11-23T00:00:00.000Z');
    expect(windowOf('mtd revenue').from).toBe('2026-11-01T00:00:00.000Z');
  });
});

describe('seventh probing round: calendar days', () => {
  it('"last Friday" is the latest Friday before today; "last Wednesday" on a Wednesday a week ago', () => {
    expect(windowOf('logs from last Friday')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
      left: ['logs'],
    });
    expect(windowOf('orders last wednesday')).toMatchObject({
      from: '2026-11-18T00:00:00.000Z',
      to: '2026-11-19T00:00:00.000Z',
    });
    expect(windowOf('errors since last Friday')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: null,
    });
  });
  it('"on the 20th" is that day of this month, or of last month while it is still to come', () => {
    expect(windowOf('messages on the 20th')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
    expect(windowOf('orders since the 28th').from).toBe('2026-10-28T00:00:00.000Z');
    // Without a word before it, an ordinal ranks: "the 2nd largest order" has no time in it.
    expect(windowOf('the 2nd largest order')).toMatchObject({ from: null, to: null });
  });
  it('"over the weekend" is the latest Saturday and Sunday', () => {
    expect(windowOf('orders over the weekend')).toMatchObject({
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      left: ['orders'],
    });
    const sunday = Date.parse('2026-11-29T12:00:00Z');
    expect(windowOf('errors this weekend', 'UTC', sunday)).toMatchObject({
      from: '2026-11-28T00:00:00.000Z',
      to: null,
    });
    expect(windowOf('errors last weekend', 'UTC', sunday)).toMatchObject({
      from: '2026-11-21T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
  });
});

describe('ninth probing round', () => {
  it('"since midnight" and "since the start of the day" are today', () => {
    for (const q of [
      'errors since midnight',
      'errors since the start of the day',
      'errors since the beginning of today',
    ])
      expect(windowOf(q)).toMatchObject({ from: '2026-11-25T00:00:00.000Z', to: null, left: ['errors'] });
  });
  it('"not older than N hours" is the window up to now, not before it', () => {
    expect(windowOf('logs not older than 6 hours')).toMatchObject({
      from: '2026-11-25T09:30:00.000Z',
      to: null,
    });
    expect(windowOf('logs older than 6 hours')).toMatchObject({ from: null, to: '2026-11-25T09:30:00.000Z' });
  });
});

describe('tenth probing round', () => {
  it('a range of two dates needs no "from" or "between"', () => {
    for (const q of [
      'logs dated 2026-11-15 to 2026-11-20',
      'logs in the range 2026-11-15 - 2026-11-20',
      'logs 2026-11-15 through 2026-11-20',
    ])
      expect(windowOf(q)).toMatchObject({ from: '2026-11-15T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' });
  });
  it('"on or after D" takes D in, "after D" does not', () => {
    expect(windowOf('orders on or after 2026-11-15')).toMatchObject({
      from: '2026-11-15T00:00:00.000Z',
      to: null,
    });
    expect(windowOf('orders after 2026-11-15')).toMatchObject({ from: '2026-11-16T00:00:00.000Z', to: null });
    expect(windowOf('orders on or before 2026-11-15')).toMatchObject({
      from: null,
      to: '2026-11-16T00:00:00.000Z',
    });
  });
});

describe('fourteenth probing round', () => {
  it('"between yesterday and today" is since the start of yesterday', () => {
    for (const q of [
      'logs between yesterday and today',
      'logs from yesterday until now',
      'logs yesterday to today',
    ])
      expect(windowOf(q), q).toMatchObject({ from: '2026-11-24T00:00:00.000Z', to: null, left: ['logs'] });
  });
});

describe('sixteenth probing round', () => {
  it('"yesterday and today" is since the start of yesterday', () => {
    for (const q of ['logs from yesterday and today', 'logs today and yesterday'])
      expect(windowOf(q), q).toMatchObject({ from: '2026-11-24T00:00:00.000Z', to: null, left: ['logs'] });
  });
  it('"a couple" needs no "of", and "prior" is "previous"', () => {
    expect(windowOf('messages in the past couple hours')).toMatchObject({
      from: '2026-11-25T13:30:00.000Z',
      left: ['messages'],
    });
    expect(windowOf('warnings from the prior 3 days')).toMatchObject({
      from: '2026-11-22T15:30:00.000Z',
      left: ['warnings'],
    });
    expect(windowOf('orders from the prior week').from).toBe('2026-11-18T15:30:00.000Z');
  });
});

describe('how long a window read now stays the window it is', () => {
  const validity = (text: string, tz = 'UTC', now = NOW) => {
    const cal = new Calendar(tz);
    return windowValidUntil(readTime(new Question(text), now, cal), now, cal);
  };

  it('reads a rolling window again the next second', () => {
    for (const text of [
      'logs from the last 3 hours',
      'recent errors',
      'logs older than 2 days',
      'errors 24h',
    ]) {
      expect(iso(validity(text, 'UTC', NOW + 250)), text).toBe('2026-11-25T15:30:01.000Z');
    }
    // Intersected with a calendar window, it still moves.
    expect(iso(validity('errors today from the last 3 hours'))).toBe('2026-11-25T15:30:01.000Z');
  });

  it('keeps a calendar or dated window until the next local midnight', () => {
    for (const text of [
      'errors today',
      'logs yesterday',
      'orders this week',
      'in November',
      'since monday',
    ]) {
      expect(iso(validity(text)), text).toBe('2026-11-26T00:00:00.000Z');
    }
    expect(iso(validity('logs between 2026-11-01 and 2026-11-03'))).toBe('2026-11-26T00:00:00.000Z');
    // Midnight where the question is asked: New York is five hours behind UTC in November.
    expect(iso(validity('errors today', 'America/New_York'))).toBe('2026-11-26T05:00:00.000Z');
    // Days of 25 and 23 hours: New York leaves daylight saving time on 2026-11-01 (01:30 EDT is
    // before the change) and enters it on 2026-03-08 (01:30 EST).
    const longDay = Date.parse('2026-11-01T05:30:00Z');
    expect(iso(validity('errors today', 'America/New_York', longDay))).toBe('2026-11-02T05:00:00.000Z');
    const shortDay = Date.parse('2026-03-08T06:30:00Z');
    expect(iso(validity('errors today', 'America/New_York', shortDay))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('keeps a question without a window for ever', () => {
    expect(validity('count premium users')).toBe(Number.POSITIVE_INFINITY);
  });

  // A window that moves with the clock but is not marked rolling would be served, with its answer,
  // until midnight. Every time phrase of the public set and of the paraphrase fixture: read again
  // later the same day, a window not marked rolling must be the very same window.
  it('marks every window that moves before midnight as rolling', () => {
    const read = (file: URL) =>
      (JSON.parse(readFileSync(file, 'utf8')) as { queries: { q: string }[] }).queries;
    const questions = [
      ...read(new URL('../../../../shared/nlq/public.json', import.meta.url)),
      ...read(new URL('./fixtures/paraphrases.json', import.meta.url)),
    ].map(({ q }) => q.replace(/\{D(\d+)\}/g, (_, n) => iso(NOW - Number(n) * 86_400_000)!.slice(0, 10)));
    const cal = new Calendar('UTC');
    const midnight = Date.parse('2026-11-26T00:00:00Z');
    const windowAt = (text: string, at: number) => {
      const w = readTime(new Question(text), at, cal);
      return w && { from: w.from, to: w.to, rolling: w.rolling === true };
    };
    let timed = 0;
    for (const q of questions) {
      const first = windowAt(q, NOW);
      if (!first) continue;
      timed++;
      for (const later of [NOW + 1_000, NOW + 3_600_000, midnight - 1_000]) {
        const again = windowAt(q, later);
        if (first.rolling) expect(again?.rolling, q).toBe(true);
        else expect(again, q).toEqual(first);
      }
    }
    expect(timed).toBeGreaterThan(1_000);
  });
});

describe('nineteenth probing round', () => {
  it('a range that starts on a weekday starts on the latest one on or before its end', () => {
    // On Wednesday 2026-11-25 both days are this week's.
    expect(windowOf('errors between Monday and Wednesday')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-26T00:00:00.000Z',
    });
    // On Tuesday the latest Wednesday is last week's, and so is the Monday before it.
    const tuesday = Date.parse('2026-11-24T15:30:00Z');
    expect(windowOf('errors between Monday and Wednesday', 'UTC', tuesday)).toMatchObject({
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-19T00:00:00.000Z',
    });
    // On Saturday "Friday to Monday" spans last weekend, not Monday to yesterday.
    const saturday = Date.parse('2026-11-28T10:00:00Z');
    expect(windowOf('messages from friday to monday', 'UTC', saturday)).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    // Dates named the wrong way round are still read as one range.
    expect(windowOf('logs between 2026-11-20 and 2026-11-18')).toMatchObject({
      from: '2026-11-18T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
  });

  it('a day of a month spelled as an ordinal is that day', () => {
    expect(windowOf('orders on the third of march')).toMatchObject({
      from: '2026-03-03T00:00:00.000Z',
      to: '2026-03-04T00:00:00.000Z',
      left: ['orders'],
    });
    expect(windowOf('orders on the twenty first of october').from).toBe('2026-10-21T00:00:00.000Z');
    expect(windowOf('logs since the twenty-first of october')).toMatchObject({
      from: '2026-10-21T00:00:00.000Z',
      to: null,
    });
    // "first" alone still ranks: no day is read.
    expect(windowOf('first 3 orders in november').left).toContain('first');
  });

  it('a part of a month or a year is recognised, a window from its start is not', () => {
    for (const q of [
      'orders in the first week of November',
      'logs from the last week of October',
      'errors in early November',
      'users who signed up in late October',
      'orders in mid-november',
      'orders at the end of October',
      'orders in the first half of 2026',
    ])
      expect(asksPartOfPeriod(q.toLowerCase()), q).toBe(true);
    for (const q of [
      'orders since the start of the month',
      'first 3 orders in november',
      'orders in november',
    ])
      expect(asksPartOfPeriod(q), q).toBe(false);
  });
});

describe('twentieth probing round', () => {
  it('the start or the end of a period is an instant where the word before it makes one', () => {
    expect(windowOf('orders since the beginning of November')).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: null,
      left: ['orders'],
    });
    expect(windowOf('orders until the end of October')).toMatchObject({
      from: null,
      to: '2026-11-01T00:00:00.000Z',
      left: ['orders'],
    });
    expect(windowOf('orders before the start of 2026')).toMatchObject({
      from: null,
      to: '2026-01-01T00:00:00.000Z',
    });
    expect(windowOf('logs after the end of October').from).toBe('2026-11-01T00:00:00.000Z');
    expect(windowOf('errors since the beginning of last month').from).toBe('2026-10-01T00:00:00.000Z');
    // "since the start of October" is from its 1st on, not October alone.
    expect(windowOf('logs since the start of October')).toMatchObject({
      from: '2026-10-01T00:00:00.000Z',
      to: null,
    });
    // No instant is said: still a part of a month.
    for (const q of [
      'orders since the end of October',
      'orders since the middle of November',
      'orders before the end of October',
    ])
      expect(asksPartOfPeriod(q.toLowerCase()), q).toBe(true);
    for (const q of ['orders since the beginning of November', 'orders until the end of October'])
      expect(asksPartOfPeriod(q.toLowerCase()), q).toBe(false);
  });
});

describe('twenty-second probing round', () => {
  it('since the day before yesterday is from its start on, as since yesterday is', () => {
    for (const q of ['errors since the day before yesterday', 'logs starting from the day before yesterday'])
      expect(windowOf(q), q).toMatchObject({ from: '2026-11-23T00:00:00.000Z', to: null });
    // On its own it stays one calendar day.
    expect(windowOf('errors the day before yesterday')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
  });

  it('last Monday is the latest Monday before today, at fixed times', () => {
    // Wednesday 2026-11-25: this week's Monday.
    expect(windowOf('orders last monday')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    expect(windowOf('errors since last monday')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: null,
    });
    // On a Monday, "last Monday" is a week ago, not today.
    const monday = Date.parse('2026-11-23T09:00:00Z');
    expect(windowOf('orders last monday', 'UTC', monday)).toMatchObject({
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-17T00:00:00.000Z',
    });
    // "3 days ago" on a Monday is the Friday before.
    expect(windowOf('messages from 3 days ago', 'UTC', monday)).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
  });
});

describe('twenty-third probing round', () => {
  it('a range of days ago runs from the earlier day 00:00 to the end of the later day', () => {
    // Wednesday 2026-11-25: 4 days ago is the 21st, 2 days ago the 23rd.
    for (const q of [
      'orders between 2 and 4 days ago',
      'logs from 4 to 2 days ago',
      'orders between two and four days ago',
    ])
      expect(windowOf(q), q).toMatchObject({
        from: '2026-11-21T00:00:00.000Z',
        to: '2026-11-24T00:00:00.000Z',
      });
    // One day alone stays that calendar day.
    expect(windowOf('orders 2 days ago')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
  });
});

describe('twenty-sixth probing round', () => {
  const day = (d: string) => `${d}T00:00:00.000Z`;
  it('two dates joined by a dash, an en dash or two dots, spaced or not, are a range of days', () => {
    for (const text of [
      'logs 2026-11-10-2026-11-15',
      'logs 2026-11-10 – 2026-11-15',
      'logs 2026-11-10—2026-11-15',
      'logs 2026-11-10..2026-11-15',
      'logs from 2026-11-10–2026-11-15',
    ])
      expect(windowOf(text), text).toEqual({
        from: day('2026-11-10'),
        to: day('2026-11-16'),
        left: ['logs'],
      });
    expect(windowOf('logs 11/17-11/20')).toEqual({
      from: day('2026-11-17'),
      to: day('2026-11-21'),
      left: ['logs'],
    });
    // A range of two numbers stays one.
    expect(new Question('orders of 200-300').tokens.map((t) => t.text)).toEqual(['orders', 'of', '200-300']);
  });
  it('a date followed by "onwards", "and later", "or after" is from its start on', () => {
    for (const text of [
      'logs 2026-11-17 onwards',
      'logs 2026-11-17 and later',
      'logs 2026-11-17 or after',
      'logs Nov 17 onward',
    ])
      expect(windowOf(text), text).toEqual({ from: day('2026-11-17'), to: null, left: ['logs'] });
    // "on" after a date is no "onwards": it names where.
    expect(windowOf('logs 2026-11-17 on web-1')).toEqual({
      from: day('2026-11-17'),
      to: day('2026-11-18'),
      left: ['logs', 'on', 'web-1'],
    });
  });
  it('a date followed by "or earlier" / "and before" is up to its end', () => {
    expect(windowOf('orders 2026-11-17 or earlier')).toMatchObject({ from: null, to: day('2026-11-18') });
    expect(windowOf('orders 2026-11-17 and before')).toMatchObject({ from: null, to: day('2026-11-18') });
  });
  it('"on and after D" takes D in, as "on or after D" does', () => {
    expect(windowOf('orders on and after 2026-11-17')).toEqual({
      from: day('2026-11-17'),
      to: null,
      left: ['orders'],
    });
    expect(windowOf('orders on and before 2026-11-17')).toMatchObject({ from: null, to: day('2026-11-18') });
  });
  it('"prior to" and "earlier than" are "before"; "later than" is "after"; "no later than" ends with the day', () => {
    expect(windowOf('logs prior to 2026-11-17')).toEqual({
      from: null,
      to: day('2026-11-17'),
      left: ['logs'],
    });
    expect(windowOf('logs earlier than 2026-11-17')).toEqual({
      from: null,
      to: day('2026-11-17'),
      left: ['logs'],
    });
    expect(windowOf('logs later than 2026-11-17')).toEqual({
      from: day('2026-11-18'),
      to: null,
      left: ['logs'],
    });
    for (const text of ['logs no earlier than 2026-11-17', 'logs not before 2026-11-17'])
      expect(windowOf(text), text).toEqual({ from: day('2026-11-17'), to: null, left: ['logs'] });
    for (const text of ['logs no later than 2026-11-17', 'logs not after 2026-11-17'])
      expect(windowOf(text), text).toEqual({ from: null, to: day('2026-11-18'), left: ['logs'] });
    // A count of units ago is still read by the rule for ages.
    expect(windowOf('logs prior to 3 days ago').to).toBe(iso(NOW - 3 * 86_400_000));
  });
  it('an ISO date with a time after a space is that instant; a range or an edge said to the minute ends there', () => {
    expect(windowOf('logs since 2026-11-17 08:30')).toEqual({
      from: '2026-11-17T08:30:00.000Z',
      to: null,
      left: ['logs'],
    });
    expect(windowOf('logs after 2026-11-17 8pm').from).toBe('2026-11-17T20:00:00.000Z');
    expect(windowOf('logs until 2026-11-17 12:00').to).toBe('2026-11-17T12:00:00.000Z');
    expect(windowOf('logs between 2026-11-17 08:00 and 2026-11-17 17:30')).toEqual({
      from: '2026-11-17T08:00:00.000Z',
      to: '2026-11-17T17:30:00.000Z',
      left: ['logs'],
    });
    expect(windowOf('logs from 2026-11-17T08:00:00Z to 2026-11-18T09:00:00Z').to).toBe(
      '2026-11-18T09:00:00.000Z',
    );
    // In the caller's zone: 08:00 in Tokyo is 23:00 UTC the day before.
    expect(windowOf('logs since 2026-11-17 08:00', 'Asia/Tokyo').from).toBe('2026-11-16T23:00:00.000Z');
    // An hour that is none leaves the words unread.
    expect(windowOf('logs since 2026-11-17 25:00').left).toContain('25:00');
  });
  it('a day and a month that read the same either way round are a date; others are named as ambiguous', () => {
    expect(windowOf('logs on 10/10')).toMatchObject({ from: day('2026-10-10'), to: day('2026-10-11') });
    expect(ambiguousDate('orders on 10/11')).toBe('10/11');
    expect(ambiguousDate('logs between 11/17 and 03/04/2026')).toBe('03/04/2026');
    expect(ambiguousDate('logs since 03.04.2026')).toBe('03.04.2026');
    for (const words of [
      'logs on 20/11',
      'logs on 10/10',
      'orders over 2.5',
      'ratio 3/4',
      'logs on 2026-11-10',
    ])
      expect(ambiguousDate(words), words).toBeNull();
  });
});

describe('twenty-seventh probing round: month names, days of a month and "as of"', () => {
  // NOW is Wednesday 2026-11-25.
  const day = (d: string) => `${d}T00:00:00.000Z`;
  it('a span of days names its month once, before or after the days, or not at all', () => {
    const span = { from: day('2026-11-17'), to: day('2026-11-21'), left: ['logs'] };
    for (const words of [
      'logs Nov 17-20',
      'logs nov 17 - 20',
      'logs November 17-20, 2026',
      'logs 17-20 November',
      'logs 17 - 20 nov',
      'logs 17th-20th Nov',
      'logs from Nov 17 to 20',
      'logs from 17 to 20 November',
      'logs Nov 17th to 20th',
      'logs between 17 and 20 November',
      'logs between November 17 and 20',
      'logs between the 17th and 20th of November',
      'logs from the 17th to 20th',
    ])
      expect(windowOf(words), words).toEqual(span);
    // The latest such month whose first day is not in the future.
    expect(windowOf('orders Dec 1-5')).toMatchObject({ from: day('2025-12-01'), to: day('2025-12-06') });
    // A span ending before it starts, or on a day the month lacks, leaves no time at all.
    for (const words of ['logs Nov 20-17', 'logs Nov 28-31'])
      expect(windowOf(words).to, words).toBe(windowOf(words).from);
    // "and" joins the days only after "between": "Nov 17 and 20" is no span.
    expect(windowOf('logs Nov 17 and 20').left).toContain('20');
  });
  it('a day of a month joined by "of" is that day, and "the 18th" one of this month', () => {
    for (const words of ['logs the 17th of November', 'logs on 17th of Nov', 'logs November 17th'])
      expect(windowOf(words), words).toEqual({
        from: day('2026-11-17'),
        to: day('2026-11-18'),
        left: ['logs'],
      });
    expect(windowOf('logs on the 18th')).toMatchObject({ from: day('2026-11-18'), to: day('2026-11-19') });
    // A day still to come this month is last month's.
    expect(windowOf('logs on the 30th')).toMatchObject({ from: day('2026-10-30'), to: day('2026-10-31') });
  });
  it('"as of" and "as at" a day are everything up to its end; "as of today" bounds nothing', () => {
    for (const words of [
      'logs as of Nov 20',
      'logs as at 2026-11-20',
      'logs as of the 20th',
      'logs through Nov 20',
    ])
      expect(windowOf(words), words).toEqual({ from: null, to: day('2026-11-21'), left: ['logs'] });
    expect(windowOf('logs as of yesterday')).toEqual({ from: null, to: day('2026-11-25'), left: ['logs'] });
    expect(windowOf('logs as of today')).toEqual({ from: null, to: null, left: ['logs'] });
    expect(windowOf('logs as of 2026-11-20 08:00').to).toBe('2026-11-20T08:00:00.000Z');
  });
  it('a stretch between two counts of hours or minutes ago runs between those instants', () => {
    expect(windowOf('error logs between 3 and 6 hours ago')).toEqual({
      from: '2026-11-25T09:30:00.000Z',
      to: '2026-11-25T12:30:00.000Z',
      left: ['error', 'logs'],
    });
    expect(windowOf('logs from 90 to 30 minutes ago')).toMatchObject({
      from: '2026-11-25T14:00:00.000Z',
      to: '2026-11-25T15:00:00.000Z',
    });
  });
});

describe('thirty-second probing round: "for" a span, and a bare span before a grouping', () => {
  it('"for 3 hours", "for a week", "for 90 minutes" are the rolling span up to now', () => {
    expect(windowOf('errors for 3 hours')).toMatchObject({
      from: '2026-11-25T12:30:00.000Z',
      to: null,
      left: ['errors'],
    });
    expect(windowOf('orders for a week')).toMatchObject({ from: '2026-11-18T15:30:00.000Z', to: null });
    expect(windowOf('messages for 90 minutes')).toMatchObject({ from: '2026-11-25T14:00:00.000Z', to: null });
    expect(windowOf('errors on web-2 for 6 hours').from).toBe('2026-11-25T09:30:00.000Z');
  });
  it('after a word that says how long something went on, "for" a span is no window', () => {
    for (const q of ['orders pending for 3 days', 'jobs running for 2 hours'])
      expect(windowOf(q).from, q).toBeNull();
    // "for 3 days ago" is that day, as "3 days ago" is.
    expect(windowOf('logs for 3 days ago')).toMatchObject({ from: '2026-11-22T00:00:00.000Z' });
    expect(windowOf('logs for 3 days ago').to).not.toBeNull();
  });
  it('a span said bare before the words that group or sort the records is the span up to now', () => {
    expect(windowOf('orders 7 days by status')).toMatchObject({
      from: '2026-11-18T15:30:00.000Z',
      to: null,
      left: ['orders', 'by', 'status'],
    });
    expect(windowOf('errors 24 hours per service').from).toBe('2026-11-24T15:30:00.000Z');
    expect(windowOf('average amount 30 days by currency').from).toBe('2026-10-26T15:30:00.000Z');
    // After a bound it is still no window.
    expect(windowOf('users over 30 days by plan').from).toBeNull();
  });
});
