/**
 * Time expressions of a question, read per ARCHITECTURE "Time and wording conventions": calendar
 * words (today, this week from Monday, this month) in the caller's time zone, rolling windows
 * ("last 3 hours", last week = 7 days, last month = 30 days, recent = 24 h), absolute dates
 * ("since D", "between D1 and D2" = D1 00:00 to the end of D2, "as of D" = up to the end of D,
 * "Nov 17-20") and "older than N days".
 * Uses only Intl for zones, so it runs on every runtime. It never looks at the tenant's data.
 */
import { AppError } from '@smartdb/core';
import { type PhraseMatch, phrase, type Question } from './question.ts';
import { COUNT_WORDS, parseNumber, wordTable } from './words.ts';

/**
 * A half-open window [from, to) in epoch milliseconds; null is unbounded. `rolling` when a bound
 * moves with the clock ("the last 3 hours"); every other window read here is the same until the
 * next local midnight ("today", "this week", "in November", "since Monday", a date).
 */
export interface TimeWindow {
  from: number | null;
  to: number | null;
  rolling?: boolean;
  /**
   * Of a current period ("today", "this week"), which runs up to now on times of events past: its
   * end (the next local midnight, the next Monday), which bounds it on times to come (`due_date`).
   */
  periodEnd?: number;
}

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The last instant a Date can hold, either side of 1970 (100,000,000 days). */
const MAX_DATE_MS = 8.64e15;
/** Midnights of the first and last days of years 1–9999, the range time windows are clamped to. */
const FIRST_MIDNIGHT_MS = Date.parse('0001-01-02T00:00:00Z');
const LAST_MIDNIGHT_MS = Date.parse('9999-12-30T00:00:00Z');
const UNIT_MS = wordTable<number>({
  second: 1000,
  minute: 60_000,
  hour: HOUR,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
  year: 365 * DAY,
});
const UNIT =
  '(seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|fortnights?|months?|years?|yrs?)';
/** Units of a time window that are no person's age: "older than 40 years" speaks of age. */
const SHORT_UNIT = '(seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|fortnights?|months?)';
/**
 * Units of a span up to now said without "last" ("errors 3 hours", "3 hours of errors"): seconds and
 * minutes are durations measured, years an age.
 */
const SPAN_UNIT = '(hours?|hrs?|days?|weeks?|wks?|fortnights?|months?)';
/** Verbs of making a record, between "not" and the time it was not made in ("orders not placed this week"). */
const NOT_DONE =
  '(?:placed|sent|created|made|logged|recorded|posted|written|registered|joined|signed up|sign up|signup|signed|sign|place|send|create|make|log|record|post|write|register|join|happen|happened|occur|occurred|come in|came in|arrive|arrived)';
/** "3", "a couple of", "ninety", "forty-eight": how many units, digits or spelled out. */
const COUNT = `(\\d+(?:\\.\\d+)?|a couple(?: of)?|couple(?: of)?|${COUNT_WORDS}|half|an?|one)`;
const LEAD = '(?:(?:in|during|over|within|from|for|of) (?:the )?)?';
/**
 * "messages from earlier today", "orders earlier this week": what has happened so far in the current
 * period is the period up to now, as it is said without the word; left unread, "from earlier" named
 * a sender "earlier" and nothing answered.
 */
const EARLIER = '(?:earlier )?';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** "the 20th": a day of the month, the latest one not in the future (on its own it needs "on", "since" …). */
const DAY_OF_MONTH = 'the \\d{1,2}(?:st|nd|rd|th)';
/**
 * "20/11", "11/20/2026", "20.11.2026": day and month in either order, read where only one order is a
 * date. With dots only with a year: "orders over 25.5" is a number, not the 25th of May.
 */
const DAY_AND_MONTH = '\\d{1,2}/\\d{1,2}(?:/\\d{4})?|\\d{1,2}\\.\\d{1,2}\\.\\d{4}';
/** "the third of March", "the twenty-first of May": days of a month as spelled ordinals, 1 to 31. */
const ORDINAL_UNITS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORDINAL_DAYS = [
  ...ORDINAL_UNITS,
  ...['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth'],
  ...['seventeenth', 'eighteenth', 'nineteenth', 'twentieth'],
  ...ORDINAL_UNITS.map((u) => `twenty-${u}`),
  'thirtieth',
  'thirty-first',
];
const SPELLED_DAY = `the (?:${ORDINAL_DAYS.map((d) => d.replace('-', '[- ]')).join('|')}) of ${MONTH}(?: \\d{4})?`;
/** "2026-11-17 08:00", "2026-11-17 8pm": an ISO date and a time of day, written with a space, not a "T". */
const SPACED_TIME = ' \\d{1,2}:\\d{2}(?::\\d{2})?(?: ?[ap]m)?| \\d{1,2} ?[ap]m';
/** "the 17th of November", "17th of Nov 2026": a day of a month in digits, joined by "of". */
const DAY_OF_NAMED_MONTH = `(?:the )?\\d{1,2}(?:st|nd|rd|th) of ${MONTH}(?: \\d{4})?`;
/**
 * "Nov 17-20", "17 - 20 November", "between the 17th and 20th of Nov 2026", "the 17th to 20th": the
 * first and last of a span of days in one month, named once or (with ordinals) not at all.
 */
const SPAN_SEP = '( ?- ?| ?– ?|\\.\\.| to | until | till | through | thru | and )(?:the )?';
const DAYS_OF_A_MONTH = `(?:(from|between) )?(?:(${MONTH}) (\\d{1,2})(?:st|nd|rd|th)?${SPAN_SEP}(\\d{1,2})(?:st|nd|rd|th)?(?: (\\d{4}))?|(?:the )?(\\d{1,2})(?:st|nd|rd|th)?${SPAN_SEP}(\\d{1,2})(?:st|nd|rd|th)?(?: of)? (${MONTH})(?: (\\d{4}))?|the (\\d{1,2})(?:st|nd|rd|th)${SPAN_SEP}(\\d{1,2})(?:st|nd|rd|th))`;
const DAYS_OF_A_MONTH_WHOLE = new RegExp(`^${DAYS_OF_A_MONTH}$`);
const DATE = `(${SPELLED_DAY}|${DAY_OF_NAMED_MONTH}|\\d{4}-\\d{1,2}-\\d{1,2}(?:t[\\d:.]+(?:z|[+-]\\d{2}:?\\d{2})?|${SPACED_TIME})?|\\d{4}/\\d{1,2}/\\d{1,2}|${DAY_AND_MONTH}|${MONTH} \\d{1,2}(?:st|nd|rd|th)?(?: \\d{4})?|\\d{1,2}(?:st|nd|rd|th)? ${MONTH}(?: \\d{4})?|${DAY_OF_MONTH}|(?:(?:last|previous|this past) )?(?:${WEEKDAYS.join('|')}))`;

/**
 * The window a word makes of the calendar period [start, end): "since" it on, "after" it is over,
 * "before" it began, "until" it is over; "in", "during", "from" ("orders from 2025") and the like
 * the period itself, as "from" a date is that day.
 */
function edge(word: string, start: number, end: number): { from: number | null; to: number | null } {
  switch (word) {
    case 'since':
      return { from: start, to: null };
    case 'after':
      return { from: end, to: null };
    case 'before':
      return { from: null, to: start };
    case 'until':
    case 'till':
      return { from: null, to: end };
    default:
      return { from: start, to: end };
  }
}

function unitMs(word: string): number {
  const w = word.toLowerCase();
  if (w === 'h' || w.startsWith('hr') || w.startsWith('hour')) return HOUR;
  if (w === 'd' || w.startsWith('day')) return DAY;
  if (w === 'w' || w.startsWith('w')) return UNIT_MS.week ?? DAY;
  if (w.startsWith('fortnight')) return 2 * (UNIT_MS.week ?? DAY);
  if (w.startsWith('mo')) return UNIT_MS.month ?? DAY;
  if (w.startsWith('mi')) return UNIT_MS.minute ?? DAY;
  if (w.startsWith('s')) return UNIT_MS.second ?? DAY;
  return UNIT_MS.year ?? DAY;
}

/** Calendar arithmetic in one time zone. */
/** Calendars by time zone: an Intl.DateTimeFormat costs ~0.3 ms to build and is immutable. */
const calendars = new Map<string, Calendar>();
const MAX_CALENDARS = 500;

export class Calendar {
  private readonly format: Intl.DateTimeFormat;

  /** The calendar of a time zone, built once (throws 400 for an unknown zone, which is never kept). */
  static of(tz = 'UTC'): Calendar {
    let cal = calendars.get(tz);
    if (!cal) {
      cal = new Calendar(tz);
      if (calendars.size >= MAX_CALENDARS) calendars.clear();
      calendars.set(tz, cal);
    }
    return cal;
  }

  constructor(readonly tz: string = 'UTC') {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new AppError(400, 'BAD_REQUEST', `Unknown time zone "${tz}"`, { details: { tz } });
    }
  }

  /** The local calendar date of an instant: [year, month 0-11, day]. */
  dateOf(instant: number): [number, number, number] {
    const parts = this.parts(instant);
    return [parts.year, parts.month - 1, parts.day];
  }

  /**
   * The instant of local midnight of a calendar date (fields may overflow: day 0, day 32 …).
   */
  midnight(year: number, month: number, day: number): number {
    return this.clockTime(year, month, day, 0);
  }

  /**
   * The instant the local clock shows `ms` past midnight of a calendar date. A date outside years
   * 1–9999, where time windows are clamped anyway, is taken in UTC, and one beyond the ±100,000,000
   * days a Date can hold ("logs 99999999 days ago") is that range's end: formatted for its time
   * zone, such a date threw (Intl gives years before 1 without their sign, so the offset ran out of
   * Date's range), a 500.
   */
  clockTime(year: number, month: number, day: number, ms: number): number {
    const guess = Date.UTC(year, month, day) + ms;
    if (Number.isNaN(guess))
      return Date.UTC(year, month, 1) + (day - 1) * DAY < 0 ? -MAX_DATE_MS : MAX_DATE_MS;
    if (guess < FIRST_MIDNIGHT_MS || guess > LAST_MIDNIGHT_MS) return guess;
    let at = guess - this.offset(guess);
    const corrected = guess - this.offset(at);
    if (corrected !== at) at = corrected;
    return at;
  }

  startOfDay(instant: number, daysBack = 0): number {
    const [y, m, d] = this.dateOf(instant);
    return this.midnight(y, m, d - daysBack);
  }

  startOfWeek(instant: number): number {
    const [y, m, d] = this.dateOf(instant);
    const weekday = (new Date(Date.UTC(y, m, d)).getUTCDay() + 6) % 7;
    return this.midnight(y, m, d - weekday);
  }

  startOfMonth(instant: number): number {
    const [y, m] = this.dateOf(instant);
    return this.midnight(y, m, 1);
  }

  /** Local midnight of the 1st of the quarter (January, April, July, October) the instant is in. */
  startOfQuarter(instant: number): number {
    const [y, m] = this.dateOf(instant);
    return this.midnight(y, m - (m % 3), 1);
  }

  startOfYear(instant: number): number {
    return this.midnight(this.dateOf(instant)[0], 0, 1);
  }

  /** The start of the week, month or year the instant is in; of its day for any other word ("today"). */
  startOf(period: string, instant: number): number {
    if (period === 'week') return this.startOfWeek(instant);
    if (period === 'month') return this.startOfMonth(instant);
    if (period === 'year') return this.startOfYear(instant);
    return this.startOfDay(instant);
  }

  private parts(instant: number) {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const p of this.format.formatToParts(new Date(instant))) {
      if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
    }
    return out;
  }

  private offset(instant: number): number {
    const p = this.parts(instant);
    return (
      Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000
    );
  }
}

const MONTH_NAME = new RegExp(`^${MONTH}$`);

/** Whether `word` names a month ("nov", "november"). */
export function isMonthName(word: string): boolean {
  return MONTH_NAME.test(word);
}

/** Whether a year, a month (1-12) and a day of it name a day of the calendar (no 30 February). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the month's last day; the year's parity of leap days is all that matters.
  return day <= new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
}

/**
 * Reads a date phrase as the local midnight that starts that day; null when it is not a date, also
 * when it names a day the calendar lacks ("2026-02-30", "february 30", "2026-13-01"), which would
 * otherwise roll over into the next month.
 */
/**
 * "2026-11-20t10:00": the instant of a date-time in the question. With no offset written it is the
 * caller's clock (UTC unless `tz` is given), never the time zone the process happens to run in.
 */
function clockOfDay(text: string, date: RegExpExecArray, cal: Calendar): number | null {
  const clock = /^t(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
    date[4] ?? '',
  );
  if (!clock) return null;
  if (clock[5]) {
    const exact = Date.parse(text.toUpperCase());
    return Number.isNaN(exact) ? null : exact;
  }
  const [h, mi, sec] = [Number(clock[1]), Number(clock[2] ?? 0), Number(clock[3] ?? 0)];
  if (h > 23 || mi > 59 || sec > 59) return null;
  const ms = Number((clock[4] ?? '').padEnd(3, '0'));
  const [y, m, d] = [Number(date[1]), Number(date[2]) - 1, Number(date[3])];
  return cal.clockTime(y, m, d, h * HOUR + mi * 60_000 + sec * 1000 + ms);
}

export function parseDay(text: string, now: number, cal: Calendar): number | null {
  // "the 17th of november" is "17 november".
  const ofMonth = /^(?:the )?(\d{1,2})(?:st|nd|rd|th) of ([a-z]+(?: \d{4})?)$/.exec(text);
  if (ofMonth) return parseDay(`${ofMonth[1]} ${ofMonth[2]}`, now, cal);
  // "the third of march 2026" is "3 march 2026".
  const spelled = /^the ([a-z]+(?:[- ][a-z]+)?) of ([a-z]+(?: \d{4})?)$/.exec(text);
  if (spelled) {
    const n = ORDINAL_DAYS.indexOf((spelled[1] ?? '').replace(' ', '-')) + 1;
    return n > 0 ? parseDay(`${n} ${spelled[2]}`, now, cal) : null;
  }
  // "2026-11-17 08:00", "2026-11-17 8 pm": that instant of the caller's day (the hours are counted
  // from local midnight, which is the clock's time on every day without a DST change).
  const spaced = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2})(?::(\d{2}))?(?::(\d{2}))? ?([ap]m)?$/.exec(text);
  if (spaced) {
    const [h, mi, sec] = [Number(spaced[4]), Number(spaced[5] ?? 0), Number(spaced[6] ?? 0)];
    const pm = spaced[7] === 'pm';
    if (spaced[7] ? h < 1 || h > 12 : h > 23) return null;
    if (mi > 59 || sec > 59) return null;
    if (!isCalendarDay(Number(spaced[1]), Number(spaced[2]), Number(spaced[3]))) return null;
    const hour = spaced[7] ? (h % 12) + (pm ? 12 : 0) : h;
    const start = cal.midnight(Number(spaced[1]), Number(spaced[2]) - 1, Number(spaced[3]));
    return start + hour * HOUR + mi * 60_000 + sec * 1000;
  }
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(t.*)?$/.exec(text);
  if (iso) {
    if (!isCalendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))) return null;
    if (iso[4]) return clockOfDay(text, iso, cal);
    return cal.midnight(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  }
  // "20/11" is the 20th of November and "11/20" too; "10/11" could be either and is no date.
  const numeric =
    /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(text) ?? /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    // Both over 12 is no date; both 12 or under is either way round, unless equal ("10/10").
    if ((a > 12 && b > 12) || (a <= 12 && b <= 12 && a !== b) || a < 1 || b < 1) return null;
    const [day, month] = a > 12 ? [a, b] : [b, a];
    const [thisYear] = cal.dateOf(now);
    const year = numeric[3] ? Number(numeric[3]) : thisYear;
    let at = cal.midnight(year, month - 1, day);
    if (!numeric[3] && at > now) at = cal.midnight(thisYear - 1, month - 1, day);
    return cal.dateOf(at)[2] === day ? at : null;
  }
  // "Monday" is the latest one, today included; "last Monday" the latest before today.
  const named = /^(?:(?:last|previous|this past) )?([a-z]+)$/.exec(text);
  const weekday = WEEKDAYS.indexOf(named?.[1] ?? '');
  if (weekday >= 0) {
    const [y, m, d] = cal.dateOf(now);
    const today = (new Date(Date.UTC(y, m, d)).getUTCDay() + 6) % 7;
    const back = (today - weekday + 7) % 7 || (text.includes(' ') ? 7 : 0);
    return cal.midnight(y, m, d - back);
  }
  const dayOfMonth = /^the (\d{1,2})(?:st|nd|rd|th)$/.exec(text);
  if (dayOfMonth) {
    const [y, m, d] = cal.dateOf(now);
    const n = Number(dayOfMonth[1]);
    if (n < 1 || n > 31) return null;
    // A day still to come this month is last month's.
    const at = cal.midnight(y, n > d ? m - 1 : m, n);
    return cal.dateOf(at)[2] === n ? at : null;
  }
  const words = text.split(' ');
  const monthAt = words.findIndex((w) => MONTHS.includes(w.slice(0, 3)) && /^[a-z]+$/.test(w));
  if (monthAt < 0) return null;
  const month = MONTHS.indexOf((words[monthAt] ?? '').slice(0, 3));
  const day = Number.parseInt(words[monthAt === 0 ? 1 : 0] ?? '', 10);
  const yearWord = words.find((w, i) => i > 0 && /^\d{4}$/.test(w));
  const [thisYear] = cal.dateOf(now);
  let year = yearWord ? Number(yearWord) : thisYear;
  if (!yearWord && cal.midnight(year, month, day) > now) year -= 1;
  // "29 february" without a year is the latest one there was.
  while (!yearWord && month === 1 && day === 29 && !isCalendarDay(year, 2, 29)) year -= 1;
  return isCalendarDay(year, month + 1, day) ? cal.midnight(year, month, day) : null;
}

function intersect(a: TimeWindow | null, b: TimeWindow): TimeWindow {
  if (!a) return b;
  const from = a.from === null ? b.from : b.from === null ? a.from : Math.max(a.from, b.from);
  const to = a.to === null ? b.to : b.to === null ? a.to : Math.min(a.to, b.to);
  const ends = [a.periodEnd, b.periodEnd].filter((e) => e !== undefined);
  return {
    from,
    to,
    ...(a.rolling || b.rolling ? { rolling: true } : {}),
    ...(ends.length ? { periodEnd: Math.min(...ends) } : {}),
  };
}

/**
 * Until when a window read at `now` (to the second) stays the window it is: a rolling one for the
 * rest of the second, any other until the next local midnight, when calendar words move on. No
 * window: for ever.
 */
export function windowValidUntil(window: TimeWindow | null, now: number, cal: Calendar): number {
  if (!window) return Number.POSITIVE_INFINITY;
  if (window.rolling) return Math.floor(now / 1000) * 1000 + 1000;
  // A day is 23 to 25 hours long: two hours past a day's length is always inside the next day.
  return cal.startOfDay(cal.startOfDay(now) + DAY + 2 * HOUR);
}

/** What "recent" means: the last 24 hours, also for a question that asks how things are now. */
export function recentWindow(now: number): TimeWindow {
  return { from: now - DAY, to: null, rolling: true };
}

/**
 * "early November", "the first week of November", "the end of October", "mid-2025": a part of a month
 * or a year has no agreed bounds (is the first week the 1st to the 7th, or from the first Monday?),
 * and read as the whole period it would answer for days not asked about ("since the start of the
 * month" and "until the end of October" are read: each edge is one instant, the 1st 00:00).
 */
const PART_OF_PERIOD = new RegExp(
  `(?:^| )(?:early|mid|late|(?<!(?:since|from|after|starting|until|till|up to|before) )the (?:start|beginning) of|(?<!(?:until|till|up to|through|thru|after) )the end of|the middle of|(?:the )?(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th) (?:week|weeks|half|fortnight|few days|days|ten days) of)(?: |-)(?:(?:last|previous|this|the) (?:month|year)|${MONTH}(?: \\d{4})?|\\d{4})(?= |$)`,
);

/**
 * "10/11", "03/04/2026": a day and a month that could be either way round (no rule of ours says
 * which comes first), so the question is refused with both readings, never guessed.
 */
export function ambiguousDate(words: string): string | null {
  // Only after a word that takes a date: "3/4" elsewhere may be a value of the tenant's data.
  const DATE_WORD =
    '(?:on|since|from|before|after|until|till|between|and|to|through|thru|-|dated|starting|than)';
  const re = new RegExp(`(?<=(?:^| )${DATE_WORD} )(\\d{1,2})([/.])(\\d{1,2})(?:\\2(\\d{4}))?(?![^ ])`, 'g');
  for (const m of words.matchAll(re)) {
    const [a, b] = [Number(m[1]), Number(m[3])];
    // With dots only with a year: "25.5" is a number.
    if (m[2] === '.' && !m[4]) continue;
    if (a >= 1 && a <= 12 && b >= 1 && b <= 12 && a !== b) return m[0];
  }
  return null;
}

/** Whether a date phrase names an instant ("2026-11-17T08:00Z", "2026-11-17 08:00"), not a whole day. */
const isInstant = (text: string) => /^\d{4}-\d{1,2}-\d{1,2}[t ]/.test(text);

/** Whether a question (its unquoted words, lower-cased) asks for a part of a month or a year. */
export function asksPartOfPeriod(words: string): boolean {
  return PART_OF_PERIOD.test(words);
}

/**
 * Words after which a bare span ("3 days") is no window up to now: a bound, a comparison, an age, a
 * length of time something took, a step of a series, or a preposition that says another reading.
 */
const BARE_SPAN_NOT_AFTER =
  'from|over|under|above|below|than|least|most|exactly|about|around|roughly|nearly|almost|in|for|after|before|since|until|till|by|to|and|or|between|of|within|exceeding|exceeds?|lasting|lasted|lasts|took|takes|taking|aged?|is|are|was|were|be|every|each|per|next|first|-';

/**
 * Words after which "for 3 days" says how long something went on, not which records: "pending for 3
 * days", "lasting for 2 hours", "been down for a day".
 */
const FOR_SPAN_NOT_AFTER =
  'lasting|lasted|lasts|last|took|takes|taking|take|ran|run|runs|running|waited|waiting|wait|waits|been|be|pending|stuck|open|idle|down|up|active|inactive|online|offline|live|stayed|stay|stays|kept|held|paused|blocked|locked|asleep|away|gone|only|just|once|twice|and|or|than|over|under|about|around|nearly|almost|least|most|exactly|-';

/**
 * "orders from 3 days": the day 3 days ago ("from 3 days ago", as "from yesterday" is a day) or the
 * span up to now ("from the last 3 days")? Neither is said, so the question is refused with both;
 * the words left unread after the time rules ran, or null.
 */
export function ambiguousSpan(q: Question): { said: string; day: string | null; span: string } | null {
  let found: { said: string; day: string | null; span: string } | null = null;
  q.scan(phrase`from ${COUNT} ${UNIT}(?! ago)`, (m) => {
    if (found || /^(seconds?|secs?|minutes?|mins?|years?|yrs?)$/.test(m.text(2))) return false;
    const raw = (n: number) =>
      m
        .group(n)
        .map((t) => t.raw)
        .join(' ');
    // Only days ago are days ("from 3 days ago"); "from 2 weeks" is offered the span alone.
    const days = /^(days?|d)$/.test(m.text(2));
    found = {
      said: `from ${raw(1)} ${raw(2)}`,
      day: days ? `from ${raw(1)} ${raw(2)} ago` : null,
      span: `from the last ${raw(1)} ${raw(2)}`,
    };
    return false;
  });
  return found;
}

/**
 * "messages from the past few days", "orders in the last few hours": a span of a vague number of
 * units is no window; read on, the window was dropped and every message answered (or "last" took
 * the latest order alone). Refused with a number offered; null when none is said.
 */
export function vagueSpan(q: Question): { said: string; span: string } | null {
  let found: { said: string; span: string } | null = null;
  q.scan(phrase`(last|past|previous|recent) (few|several|some|many) ${UNIT}`, (m) => {
    found ??= { said: m.text(0), span: `${m.text(1)} 3 ${m.text(3)}` };
    return false;
  });
  return found;
}

/** Finds every time expression in the question, consumes it, and returns their intersection. */
export function readTime(q: Question, now: number, cal: Calendar): TimeWindow | null {
  let window: TimeWindow | null = null;
  const add = (w: TimeWindow | null) => {
    if (!w) return false;
    window = intersect(window, w);
    return true;
  };
  /** A window measured back from now: it moves with the clock. */
  const back = (w: TimeWindow) => add({ ...w, rolling: true });
  const day = (text: string) => parseDay(text, now, cal);
  const endOfDay = (start: number) => cal.startOfDay(start + DAY + 2 * HOUR);
  const count = (word: string) => parseNumber(word);
  // "messages after Nov 26 but before Nov 28", "orders since May 1 and before May 10": a lower bound
  // joined to an upper one is the range between them, as without the joining word; "but" was read as
  // leaving the second time out, and "and" as two windows.
  for (let i = 1; i + 1 < q.tokens.length; i++) {
    if (!/^(?:and|but)$/.test(q.word(i)) || !/^(?:before|until|till)$/.test(q.word(i + 1))) continue;
    const lower = q.tokens
      .slice(Math.max(0, i - 5), i)
      .some((t) => !t.quoted && /^(?:after|since)$/.test(t.text));
    if (lower) q.consume(i, i + 1);
  }

  // "logs from over a week ago", "users who signed up at least 30 days ago", "prior to 3 days ago";
  // "not older than 6 hours" is left for the window up to now, below.
  q.scan(
    phrase`(?<!(?:^| )(?:no|not) )(?:that are |which are |are )?(?:(?:older than|more than|longer than|over|at least|earlier than|prior to|before) (?:${COUNT} ${UNIT} ago|${COUNT} ${SHORT_UNIT} old)|(?:older than|more than) ${COUNT} ${SHORT_UNIT})`,
    (m) => {
      const n = count(m.text(1) || m.text(3) || m.text(5));
      return n !== null && back({ from: null, to: now - n * unitMs(m.text(2) || m.text(4) || m.text(6)) });
    },
  );
  // "users who did not sign up in the last 30 days": the verb may have been read already, as the word
  // naming the records ("sign up" for users); the "not" before it still leaves the window out.
  const notBefore = (start: number) => {
    let i = start - 1;
    while (i >= 0 && q.isUsed(i)) i--;
    if (i < 0 || i === start - 1 || q.tokens[i]?.text !== 'not') return false;
    q.consume(i, i + 1);
    return true;
  };
  q.scan(
    phrase`(?<=(?:^| )not (?:\u0001 )+)(?:from |in |within |during )?(?:the )?(?:(?:last|past|previous) (?:${COUNT} ${UNIT}|(hour|day|week|fortnight|month|year))|(today)|(?:this|current) (week|month|year))`,
    (m) => {
      if (!notBefore(m.start)) return false;
      const unit = m.text(2) || m.text(3);
      if (m.text(4) || m.text(5)) {
        return add({ from: null, to: cal.startOf(m.text(5), now) });
      }
      const n = m.text(1) ? count(m.text(1)) : 1;
      return n !== null && back({ from: null, to: now - n * unitMs(unit) });
    },
  );
  // "users who did not sign up in the last 30 days" too.
  // "orders not from the last 7 days", "logs before the past week": what the rolling window leaves out.
  q.scan(
    phrase`(?:not (?:${NOT_DONE} )?(?:from|in|within|during) |before |prior to |earlier than |outside (?:of )?)(?:the )?(?:last|past|previous) (?:${COUNT} ${UNIT}|(hour|day|week|fortnight|month|year))`,
    (m) => {
      const n = m.text(1) ? count(m.text(1)) : 1;
      const unit = m.text(2) || m.text(3);
      return n !== null && back({ from: null, to: now - n * unitMs(unit) });
    },
  );
  // "errors not today", "orders outside this week": a current period left out is everything before
  // its start (nothing after it has happened yet).
  q.scan(
    // "orders before this month", "users who did not sign up this week": the same, said as a bound.
    phrase`(?:not(?: ${NOT_DONE})?|excluding|except(?: for)?|outside(?: of)?|other than|apart from|besides|before|prior to|earlier than) (?:from |in |during |for |of )?(?:the )?(?:(today)|(?:this|current) (week|month|year))`,
    (m) => {
      return add({ from: null, to: cal.startOf(m.text(2), now) });
    },
  );
  // "logs newer than 3 days", "messages less than 2 hours old": the rolling window up to now.
  // A bare "under 2 seconds" is a duration, not an age: "less than" needs "old" or "ago".
  q.scan(
    phrase`(?:that are |which are |are )?(?:(?:newer than|younger than|no older than|not older than) ${COUNT} ${SHORT_UNIT}(?: old| ago)?|(?:less than|under|at most|no more than) ${COUNT} ${SHORT_UNIT} (?:old|ago))`,
    (m) => {
      const n = count(m.text(1) || m.text(3));
      return n !== null && back({ from: now - n * unitMs(m.text(2) || m.text(4)), to: null });
    },
  );
  // "logs from the day before yesterday until now", "between the day before yesterday and today":
  // since that day's start, as "since the day before yesterday" is; read before "yesterday until now",
  // which would otherwise take the end of it and leave "from the day before" unread.
  q.scan(
    '(?:between (?:the )?day before yesterday and|(?:(?:from|for|in|on|during) )?(?:the )?day before yesterday (?:to|until|till|through|thru|and)) (?:today|now)',
    () => add({ from: cal.startOfDay(now, 2), to: null }),
  );
  // "between yesterday and today", "from yesterday until now", "logs from yesterday and today":
  // since yesterday's start.
  q.scan(
    '(?:between yesterday and|(?:(?:from|for|in|on|during) )?yesterday (?:to|until|till|through|thru|and)) (?:today|now)|(?:(?:from|for|in|on|during) )?today and yesterday',
    () => add({ from: cal.startOfDay(now, 1), to: null }),
  );
  // "errors until yesterday", "orders before today", "logs after yesterday": a bound on the day, as on
  // a date ("until D" is through its end, "before D" up to its start); read as the day itself, the
  // word of the bound would be lost.
  // "logs earlier than yesterday", "orders later than yesterday": the same, as on a date.
  q.scan(
    '(?<!day )(before|prior to|earlier than|after|later than|until|till|up to|up until|through|thru) (yesterday|today)',
    (m) => {
      const back = m.text(2) === 'yesterday' ? 1 : 0;
      const word = /^(?:before|prior|earlier)/.test(m.text(1))
        ? 'before'
        : /^(?:after|later)/.test(m.text(1))
          ? 'after'
          : 'until';
      return add(edge(word, cal.startOfDay(now, back), cal.startOfDay(now, back - 1)));
    },
  );
  // "as of Nov 20", "as at yesterday": everything up to the end of that day; "as of today" and "as of
  // now" bound nothing.
  q.scan(phrase`as (?:of|at) (?:(today|now|right now|this moment)|(yesterday)|${DATE})`, (m) => {
    if (m.text(1)) return true;
    if (m.text(2)) return add({ from: null, to: cal.startOfDay(now) });
    const a = day(m.text(3));
    return a !== null && add({ from: null, to: isInstant(m.text(3)) ? a : endOfDay(a) });
  });
  // "Nov 17-20", "17 - 20 November", "from Nov 17 to 20", "between the 17th and 20th of November",
  // "the 17th to 20th": days of one month, the month named once (or not at all: the latest month
  // whose first day asked for is not in the future), from the first day's start to the end of the last.
  q.scan(DAYS_OF_A_MONTH, (m) => {
    const said = DAYS_OF_A_MONTH_WHOLE.exec(m.text(0));
    if (!said) return false;
    const [, lead, month1, a1, sep1, b1, year1, a2, sep2, b2, month2, year2, a3, sep3, b3] = said;
    // "and" joins the two days only after "between", and "between" takes only "and".
    if (((sep1 ?? sep2 ?? sep3)?.trim() === 'and') !== (lead === 'between')) return false;
    const [a, b] = [Number(a1 ?? a2 ?? a3), Number(b1 ?? b2 ?? b3)];
    const named = month1 ?? month2;
    const saidYear = year1 ?? year2;
    const [thisYear, thisMonth, today] = cal.dateOf(now);
    let year = saidYear ? Number(saidYear) : thisYear;
    let month = named ? MONTHS.indexOf(named.slice(0, 3)) : thisMonth;
    if (!saidYear && named && cal.midnight(year, month, a) > now) year -= 1;
    if (!named && a > today) month -= 1;
    const from = cal.midnight(year, month, a);
    const last = cal.midnight(year, month, b);
    // "Nov 20-17", "Nov 28-31": a span that ends before it starts, or on a day the month lacks, is
    // read as no time at all (and refused as such), never left unread to answer for all time.
    if (a < 1 || a > b || cal.dateOf(last)[2] !== b) return add({ from, to: from });
    return add({ from, to: endOfDay(last) });
  });
  // "between D and today", "from D until now": a range may end with the present. "logs dated D1 to
  // D2", "in the range D1 - D2": the leading word may be another, or none.
  q.scan(
    phrase`between ${DATE} and (?:${DATE}|today|now)|(?:from |dated |in the range (?:of )?|range )?${DATE} (?:to|until|till|through|thru|-|–) (?:${DATE}|today|now)`,
    (m) => {
      const start = m.text(1) || m.text(3);
      let a = day(start);
      const end = m.text(2) || m.text(4);
      const b = end ? day(end) : cal.startOfDay(now);
      // "between Friday and Monday" on a Saturday, "from Monday to Wednesday" on a Tuesday: each day
      // alone is the latest one, but a range that starts on a weekday starts on the latest one on or
      // before its end (last week's Friday, last week's Monday), not after it.
      if (a !== null && b !== null && a > b && WEEKDAYS.includes(start)) {
        const [y, mo, d] = cal.dateOf(a);
        a = cal.midnight(y, mo, d - 7);
      }
      if (a === null || b === null) return false;
      // "from 2026-11-17 08:00 to 2026-11-17 17:00": an end said to the minute ends there, not at midnight.
      const last = a > b ? start : end;
      const to = Math.max(a, b);
      return add({ from: Math.min(a, b), to: last && isInstant(last) ? to : endOfDay(to) });
    },
  );
  // "since the beginning of November", "until the end of October", "before the start of 2026": the
  // edge of a period, read where the word before it makes it one instant (the 1st 00:00 that starts
  // or ends it). "since the end of October" says no instant and stays a part of a month.
  q.scan(
    phrase`(since|from|starting(?: from)?|after|until|till|up to|before|through|thru) the (start|beginning|end) of (?:(last|previous|this|the) (month|year)|(${MONTH})(?: (\\d{4}))?|(\\d{4}))`,
    (m) => {
      const word = m.text(1);
      const end = m.text(2) === 'end';
      const into = /^(since|from|starting|after)/.test(word);
      if (end ? !/^(until|till|up to|through|thru|after)$/.test(word) : /^(through|thru)$/.test(word))
        return false;
      const [year, current] = cal.dateOf(now);
      let start: number;
      let next: number;
      if (m.text(4)) {
        const back = /^(last|previous)$/.test(m.text(3)) ? 1 : 0;
        if (m.text(4) === 'month') {
          start = cal.midnight(year, current - back, 1);
          next = cal.midnight(year, current - back + 1, 1);
        } else {
          start = cal.midnight(year - back, 0, 1);
          next = cal.midnight(year - back + 1, 0, 1);
        }
      } else if (m.text(5)) {
        const month = MONTHS.indexOf(m.text(5).slice(0, 3));
        const y = m.text(6) ? Number(m.text(6)) : month > current ? year - 1 : year;
        start = cal.midnight(y, month, 1);
        next = cal.midnight(y, month + 1, 1);
      } else {
        const y = Number(m.text(7));
        if (y < 1900 || y > 2200) return false;
        start = cal.midnight(y, 0, 1);
        next = cal.midnight(y + 1, 0, 1);
      }
      const at = end ? next : start;
      return add(into ? { from: at, to: null } : { from: null, to: at });
    },
  );
  q.scan(
    phrase`${LEAD}(?:last|past|previous|prior|recent|trailing|rolling) ${COUNT} ${UNIT}|(?:since ${COUNT} ${UNIT} ago|from ${COUNT} ${UNIT} ago (?:until|till|to|through) (?:now|today))|within ${COUNT} ${UNIT}`,
    (m) => {
      const n = count(m.text(1) || m.text(3) || m.text(5) || m.text(7));
      const unit = m.text(2) || m.text(4) || m.text(6) || m.text(8);
      return n !== null && back({ from: now - n * unitMs(unit), to: null });
    },
  );
  q.scan(phrase`${LEAD}(?:last|past|previous|prior) (hour|day|week|fortnight|month|year|24h)`, (m) => {
    const unit = m.text(1);
    return back({ from: now - (unit === '24h' ? DAY : unitMs(unit)), to: null });
  });
  // "errors since midnight", "since the start of the day": since 00:00 is today; "the biggest orders of
  // the day" too, as "of the week" is this week.
  q.scan(
    phrase`${LEAD}${EARLIER}(?:today|today's)|${LEAD}(?:this|current) day|(?:since|after) (?:last )?midnight|since the (?:start|beginning) of (?:the |to)?day|(?:of|for) the day(?! before| after| of| ago)(?= |$)`,
    () => add({ from: cal.startOfDay(now), to: null, periodEnd: endOfDay(cal.startOfDay(now)) }),
  );
  // "orders between 2 and 4 days ago", "from 4 to 2 days ago": each end is a calendar day, as "3
  // days ago" alone is, and a range of days runs from the earlier one's 00:00 to the end of the later.
  q.scan(
    phrase`(?:between|from) ${COUNT}(?: days?(?: ago)?)? (?:and|to|until|till|through|thru|-|–) ${COUNT} days? ago`,
    (m) => {
      const a = count(m.text(1));
      const b = count(m.text(2));
      if (a === null || b === null || !Number.isInteger(a) || !Number.isInteger(b)) return false;
      return add({ from: cal.startOfDay(now, Math.max(a, b)), to: cal.startOfDay(now, Math.min(a, b) - 1) });
    },
  );
  // "errors between 3 and 6 hours ago", "from 90 to 30 minutes ago": the rolling stretch between the
  // two instants (days are calendar days, read above).
  q.scan(
    phrase`(?:between|from) ${COUNT}(?: (?:hours?|hrs?|minutes?|mins?))? (?:and|to|until|till|through|thru|-|–) ${COUNT} (hours?|hrs?|minutes?|mins?) ago`,
    (m) => {
      const a = count(m.text(1));
      const b = count(m.text(2));
      if (a === null || b === null) return false;
      const unit = unitMs(m.text(3));
      return back({ from: now - Math.max(a, b) * unit, to: now - Math.min(a, b) * unit });
    },
  );
  // "logs from 3 days ago", "orders placed 2 days ago": that calendar day.
  q.scan(phrase`(?:(?:from|on) )?${COUNT} days? ago`, (m) => {
    const n = count(m.text(1));
    if (n === null || !Number.isInteger(n)) return false;
    return add({ from: cal.startOfDay(now, n), to: cal.startOfDay(now, n - 1) });
  });
  q.scan(phrase`(?:since|starting(?: from)?) yesterday`, () =>
    add({ from: cal.startOfDay(now, 1), to: null }),
  );
  // "since the day before yesterday": from that day's start on, as "since yesterday" is.
  q.scan(phrase`(since |starting(?: from)? )?(?:from |on |during |for )?(?:the )?day before yesterday`, (m) =>
    add({ from: cal.startOfDay(now, 2), to: m.text(1) ? null : cal.startOfDay(now, 1) }),
  );
  q.scan(phrase`(?:from |on |during |for )?yesterday(?:'s)?`, () =>
    add({ from: cal.startOfDay(now, 1), to: cal.startOfDay(now) }),
  );
  q.scan(
    // "month-to-date", "wtd": since the start of the current one.
    phrase`(?:(?:this|current) )?(week|month|year)[- ]to[- ]date|(w|m|y)td|${LEAD}${EARLIER}(?:this|current) (week|month|year)|since the (?:start|beginning) of (?:the |this )?(week|month|year)|(?:(?:for|in|during|over) )?(?:the|this|the current) (week|month|year) (?:so far|to date|until now)|(?:of|for) the (?:current )?(week|month|year)(?! of| before| after| ago)`,
    (m) => {
      // By its first letter: "month-to-date" and "mtd" are each one word; "the month so far" is one too.
      const first = (m.text(1) || m.text(2) || m.text(3) || m.text(4) || m.text(5) || m.text(6)).charAt(0);
      const unit = first === 'w' ? 'week' : first === 'm' ? 'month' : 'year';
      const from = cal.startOf(unit, now);
      // "to date", "so far", "since the start of": up to now on times to come as well.
      if (!m.text(3) && !m.text(6)) return add({ from, to: null });
      const length = unit === 'week' ? 7 * DAY : unit === 'month' ? 32 * DAY : 367 * DAY;
      return add({ from, to: null, periodEnd: cal.startOf(unit, from + length) });
    },
  );
  // "orders this quarter", "revenue quarter-to-date", "qtd": since the 1st of the current quarter, as
  // "this month" is since the 1st of the month.
  q.scan(
    phrase`${LEAD}(?:this|the current|current) quarter(?: (?:so far|to date))?|(?:(?:this|current) )?quarter[- ]to[- ]date|qtd`,
    (m) => {
      const from = cal.startOfQuarter(now);
      if (/to date|so far|qtd/.test(m.text(0))) return add({ from, to: null });
      return add({ from, to: null, periodEnd: cal.startOfQuarter(from + 93 * DAY) });
    },
  );
  q.scan(
    phrase`(?:since|from|starting) ${DATE}(?: (?:onwards?|on|until now|till now|to now|to date|and later))?`,
    (m) => {
      // "logs from D only" is that day.
      if (q.tokens[m.end]?.text === 'only' && q.tokens[m.start]?.text === 'from') return false;
      // "logs from last Friday" is that day too.
      const lastDay = /^(last|previous|this) /.test(m.text(1));
      if (lastDay && q.tokens[m.start]?.text === 'from' && m.end === m.start + 1 + m.group(1).length)
        return false;
      const a = day(m.text(1));
      return a !== null && add({ from: a, to: null });
    },
  );
  // "D onwards", "D and later", "D or after": from D on, as "since D" is ("D" alone is that day).
  // "D or earlier", "D and before": up to its end.
  q.scan(
    phrase`${DATE} (?:(onwards?|forwards?|and later|or later|and after|or after|and beyond)|and before|or before|or earlier|and earlier)`,
    (m) => {
      const a = day(m.text(1));
      if (a === null) return false;
      return add(
        m.text(2) ? { from: a, to: null } : { from: null, to: isInstant(m.text(1)) ? a : endOfDay(a) },
      );
    },
  );
  // "on or after D" / "on and after D" take D in; "on or before D" takes it in at the other end.
  q.scan(phrase`on (?:or|and) (after|before) ${DATE}`, (m) => {
    const a = day(m.text(2));
    return a !== null && add(m.text(1) === 'after' ? { from: a, to: null } : { from: null, to: endOfDay(a) });
  });
  // "after D inclusive", "before D included": D is taken in, as with "on or after D".
  q.scan(
    phrase`(after|later than|before|earlier than|prior to) ${DATE} (?:inclusive|inclusively|included)`,
    (m) => {
      const a = day(m.text(2));
      if (a === null) return false;
      return add(/^(after|later)/.test(m.text(1)) ? { from: a, to: null } : { from: null, to: endOfDay(a) });
    },
  );
  // "no earlier than D" / "not before D" is since D; "no later than D" / "not after D" is up to the
  // end of D. Read before "after D" and "before D" below, which would take the last words alone.
  q.scan(
    phrase`(?:no earlier than|not earlier than|not before|(no later than|not later than|not after)) ${DATE}`,
    (m) => {
      const a = day(m.text(2));
      if (a === null) return false;
      return add(
        m.text(1) ? { from: null, to: isInstant(m.text(2)) ? a : endOfDay(a) } : { from: a, to: null },
      );
    },
  );
  // "later than D" is "after D"; "prior to D" and "earlier than D" are "before D".
  q.scan(phrase`(?:after|later than) ${DATE}`, (m) => {
    const a = day(m.text(1));
    return a !== null && add({ from: isInstant(m.text(1)) ? a : endOfDay(a), to: null });
  });
  q.scan(phrase`(before|prior to|earlier than|until|till|up to|through|thru) ${DATE}`, (m) => {
    const a = day(m.text(2));
    const open = /^(before|prior|earlier)/.test(m.text(1)) || isInstant(m.text(2));
    return a !== null && add({ from: null, to: open ? a : endOfDay(a) });
  });
  // "over the weekend", "last weekend": the latest Saturday and Sunday that began before today
  // ("this weekend" on a Saturday or Sunday is the current one).
  q.scan('(?:(?:over|during|on|at|from|in|for) )?(?:the )?(?:this )?(last |past |previous )?weekend', (m) => {
    const monday = cal.startOfWeek(now);
    const [y, mo, d] = cal.dateOf(monday);
    const saturday = cal.midnight(y, mo, d + 5);
    const current = cal.startOfDay(now) >= saturday && !m.text(1);
    return add(current ? { from: saturday, to: null } : { from: cal.midnight(y, mo, d - 2), to: monday });
  });
  q.scan(phrase`(on |for |from |during )?${DATE}`, (m) => {
    // "the 2nd largest order": a day of the month needs a word before it.
    // "the 17th of November" says its month, and is a day all the same.
    if (!m.text(1) && m.text(2).startsWith('the ') && !m.text(2).includes(' of ')) return false;
    const a = day(m.text(2));
    return a !== null && add({ from: a, to: endOfDay(a) });
  });
  // "in November", "during march 2026": the whole calendar month; "since October", "before march
  // 2026", "after October 2025": from or up to it. The latest such month not in the future when no
  // year is said.
  q.scan(
    phrase`(in|during|for|of|throughout|since|from|after|before|until|till) (${MONTH})(?: (\\d{4}))?`,
    (m) => {
      const month = MONTHS.indexOf(m.text(2).slice(0, 3));
      if (month < 0) return false;
      const [year, current] = cal.dateOf(now);
      const y = m.text(3) ? Number(m.text(3)) : month > current ? year - 1 : year;
      return add(edge(m.text(1), cal.midnight(y, month, 1), cal.midnight(y, month + 1, 1)));
    },
  );
  // "orders in 2025", "logs during 2026", "users since 2025", "before 2026": whole calendar years.
  q.scan('(in|during|for|throughout|from|since|after|before|until|till) (\\d{4})', (m) => {
    const y = Number(m.text(2));
    if (y < 1900 || y > 2200) return false;
    return add(edge(m.text(1), cal.midnight(y, 0, 1), cal.midnight(y + 1, 0, 1)));
  });
  // "films from the 90s", "orders in the 2020s", "before the 1980s": a decade is its ten calendar
  // years; said with two digits, the latest such decade begun by now ("the 20s" in 2026 is the
  // 2020s, "the 90s" the 1990s). Left unread, "90s" was compared as ninety seconds, or refused.
  q.scan('(in|during|for|throughout|from|since|after|before|until|till|of) the (\\d{2}s|\\d{4}s)', (m) => {
    const digits = m.text(2).slice(0, -1);
    const said = Number(digits);
    const [year] = cal.dateOf(now);
    const century = 100 * Math.floor(year / 100) - (said > year % 100 ? 100 : 0);
    const y = digits.length === 4 ? said : century + said;
    if (y % 10 !== 0 || y < 1900 || y > 2200) return false;
    return add(edge(m.text(1), cal.midnight(y, 0, 1), cal.midnight(y + 10, 0, 1)));
  });
  q.scan(phrase`${LEAD}(?<!(?:most|least) )(?:recent|recently|lately)`, () => add(recentWindow(now)));
  // "err logs api 24h", "cpu avg web-1 6h": in ops shorthand a bare span in short units is the
  // rolling window up to now.
  q.scan('(\\d+) (h|hrs?|d|wks?|w)', (m) => {
    const n = count(m.text(1));
    return n !== null && back({ from: now - n * unitMs(m.text(2)), to: null });
  });
  // "errors 3 hours", "error logs 2 days", "orders seven days": a span said bare at the end of the
  // question (courtesy aside) is the rolling span up to now, as "3 hours of errors" is; left unread it
  // would be dropped and every record counted. After a word that makes it a bound, an age or a length
  // ("over 3 days", "aged 30", "took 2 hours") it is no window; after "from" it is ambiguous (see
  // `ambiguousSpan`).
  const bareSpan = (m: PhraseMatch) => {
    const n = count(m.text(1));
    return n !== null && n > 0 && back({ from: now - n * unitMs(m.text(2)), to: null });
  };
  // "errors for 3 hours", "orders for a week", "messages for 90 minutes": records asked for over a
  // span said with "for" are the rolling span up to now, as "for the last 3 hours" is. After a word
  // that says how long something went on ("pending for 3 days", "lasting for 2 hours") it is a
  // length, not a window, and is left to be refused.
  q.scan(
    phrase`(?<!(?:^| )(?:${FOR_SPAN_NOT_AFTER}) )for (\\d+|${COUNT_WORDS}|an?|one) (minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|fortnights?|months?)(?! (?:ago|old|long|before|after|later|earlier|back|straight|running|in a row|or more|or longer|or less)(?: |$))`,
    (m) => {
      const n = count(m.text(1));
      return n !== null && n > 0 && back({ from: now - n * unitMs(m.text(2)), to: null });
    },
  );
  q.scan(
    // "orders 7 days by status", "errors 24 hours per service": the same span said bare before the
    // words that group or sort the records is the span up to now as well.
    phrase`(?<!(?:^| )(?:${BARE_SPAN_NOT_AFTER}) )(\\d+|${COUNT_WORDS}) ${SPAN_UNIT}(?=(?: (?:please|thanks|thank you|cheers|\u0001))*$| (?:by|per|grouped by|broken down by|split by|for each|for every|sorted by|ordered by|ranked by)(?= ))`,
    bareSpan,
  );
  // "2 days error logs", "48 hours paid orders": the same span said first, before the records.
  q.scan(
    phrase`(?<=^(?:\u0001 )*)(\\d+|${COUNT_WORDS}) ${SPAN_UNIT}(?= (?!(?:ago|old|of|worth|before|after|later|earlier|from|back|long|or|and|to|through|until|till|in|-)(?: |$))[^ \u0001])`,
    bareSpan,
  );
  // "3 hours of errors", "a weeks worth of logs": a span of records said without "last" is the rolling
  // span up to now (left unread it would be dropped).
  q.scan(phrase`(?:the )?${COUNT} ${SPAN_UNIT}(?: worth)? of(?= )`, (m) => {
    const n = count(m.text(1));
    return n !== null && back({ from: now - n * unitMs(m.text(2)), to: null });
  });
  return window;
}

/** Words shaped as a day ("2026-02-30", "31/02/2026", "2026-13-01T10:00") or a time of day ("11:00", "25:99"). */
const DATE_SHAPED =
  /^(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:t.*)?|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{4})$/;
const TIME_SHAPED = /^\d{1,2}(?::\d{2}){1,2}(?:[ap]m)?$/;

/**
 * What a question says of time that no rule read, as a refusal's message: a day the calendar lacks
 * ("logs from 2026-02-30" rolled over into March before, and was then dropped), a time of day said
 * without its day ("logs from 11:00", "since 25:99"), or a number beyond what a record can hold
 * ("orders over -1e400"). Dropped, each would widen the question to every record.
 */
export function unreadTimeOrNumber(q: Question): string | null {
  for (const t of q.leftovers()) {
    if (t.quoted) continue;
    if (DATE_SHAPED.test(t.text)) {
      return `"${t.raw}" is not a day of the calendar: write a day as 2026-11-28, 28/11/2026 or 28 November 2026`;
    }
    if (TIME_SHAPED.test(t.text)) {
      return `"${t.raw}" is read as a time only with its day ("since 2026-11-28 11:00"); or say a span ("in the last 3 hours")`;
    }
    if (/^[-+]?(?:\d+\.?\d*|\.\d+)e[-+]?\d+$/.test(t.text) && !Number.isFinite(Number(t.text))) {
      return `${t.raw} is beyond the numbers a record can hold`;
    }
  }
  return null;
}
