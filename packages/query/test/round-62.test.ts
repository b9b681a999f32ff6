/**
 * The sixty-second round: wrong answers found beside the sample data set, with tasks `{title,
 * assignee, done, priority, estimate_hours, due_date}` (due dates to come), invoices `{client,
 * amount, due_at}`, web sessions `{session_id, device, pages_viewed, duration_seconds}`, course
 * grades `{student, course, score}`, hotel bookings `{hotel, guest, nights, total_price}` and blog
 * posts `{post_id, author, likes, comments_count}`.
 * - "tasks due today" answered every task due from today on: a current period ("today", "this
 *   week", "this month") runs up to now on times of events past, and to its end on a time field
 *   whose name says a time to come (due, deadline, expires). "how many tasks are due this month"
 *   was refused as no field telling which are "due": the time field's own word, said of a time.
 * - "average pages per session" answered each session's own pages: grouped by the field the
 *   store's noun names, where it identifies each record, an average is over the records.
 * - "top student in physics" counted each student's records, "top 3 students by score" added
 *   scores up: a mark (score, rating) ranks groups by its average.
 * - "total revenue by hotel" added up nights and "which hotel made the most money", "which hotel
 *   earned the most" were refused or counted bookings: a number field named for money by its last
 *   word (`total_price`) is the store's measure before another, and money is what is earned.
 * - "posts with more than 50 comments", "average comments per post" read comments as messages
 *   (their synonym) and "who has the most comments" counted messages: a number field counting
 *   comments (`comments_count`) answers to "comments", a store's own name names that store alone
 *   ("posts" is a synonym of messages), and a count field claims its word as a field does.
 * - "top 3 pages" searched the messages for "page", or ranked sessions by their duration: a
 *   ranking of what only text mentions, or what a number field only counts, is refused.
 * - "which device has the longest sessions" answered the device with the most sessions: how long
 *   the records are is their one field of durations (`duration_seconds`), on average; with none,
 *   refused. "which restaurant has the best reviews" listed the ten best reviews: the group whose
 *   records are rated best is the one with the highest average rating.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, refusalOf, NOW as SAMPLE_NOW, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = SAMPLE_NOW;
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();

const tasks = storeEntry(
  't1',
  'tasks',
  Array.from({ length: 40 }, (_, i) => ({
    title: ['Write report', 'Fix login bug', 'Call client', 'Plan sprint'][i % 4],
    assignee: ['Ann', 'Bo', 'Cy'][i % 3],
    done: i % 3 === 0,
    priority: ['low', 'high', 'urgent'][i % 3],
    estimate_hours: 1 + (i % 8),
    due_date: at(i - 20 + (i % 5) / 10),
  })),
);
const invoices = storeEntry(
  't1',
  'invoices',
  Array.from({ length: 30 }, (_, i) => ({
    invoice_number: `INV-${2000 + i}`,
    client: ['Acme', 'Globex', 'Hooli'][i % 3],
    amount: 100 + i * 37,
    due_at: at(i - 12),
  })),
);
const sessions = storeEntry(
  't1',
  'sessions',
  Array.from({ length: 30 }, (_, i) => ({
    session_id: `s${5000 + i}`,
    user_id: `u${i % 7}`,
    device: ['mobile', 'desktop', 'tablet'][i % 3],
    pages_viewed: 1 + (i % 9),
    duration_seconds: 30 * i + 10,
    started_at: at(-i / 2),
  })),
);
const readings = storeEntry(
  't1',
  'sensors',
  Array.from({ length: 30 }, (_, i) => ({
    sensor_id: `sensor-${i % 4}`,
    temperature: 18 + (i % 7),
    recorded_at: at(-i / 3),
  })),
);
const grades = storeEntry(
  't1',
  'grades',
  Array.from({ length: 48 }, (_, i) => ({
    student: ['Ava', 'Ben', 'Cleo', 'Dan'][i % 4],
    course: ['math', 'physics', 'chemistry'][i % 3],
    score: 40 + ((i * 23) % 61),
    graded_at: at(-i),
  })),
);
const bookings = storeEntry(
  't1',
  'bookings',
  Array.from({ length: 30 }, (_, i) => ({
    hotel: ['Grand Plaza', 'Seaside Inn', 'Park Suites'][i % 3],
    guest: ['Alice', 'Bob', 'Carol', 'Dave'][i % 4],
    nights: 1 + (i % 6),
    total_price: (1 + (i % 6)) * (80 + i * 5),
    checked_in_at: at(-i),
  })),
);
const posts = storeEntry(
  't1',
  'posts',
  Array.from({ length: 30 }, (_, i) => ({
    post_id: `p${1000 + i}`,
    author: ['Alice', 'Bob', 'Carol'][i % 3],
    title: `Post number ${i}`,
    likes: (i * 37) % 500,
    comments_count: (i * 11) % 80,
    published_at: at(-i),
  })),
);
const reviews = storeEntry(
  't1',
  'reviews',
  Array.from({ length: 30 }, (_, i) => ({
    restaurant: ['Luigi', 'Sakura', 'El Toro'][i % 3],
    cuisine: ['italian', 'japanese', 'mexican', 'french'][i % 4],
    reviewer: ['Ann', 'Bo'][i % 2],
    rating: 1 + (i % 5),
    reviewed_at: at(-i),
  })),
);
const all = [...stores, tasks, invoices, sessions, readings, grades, bookings, posts, reviews];
const read = (q: string) => interpretationOf(q, all);
/** Midnight (UTC) `days` from the sample's Wednesday 2026-11-25. */
const midnight = (days: number) => new Date(Date.parse('2026-11-25T00:00:00Z') + days * DAY).toISOString();

describe('a current period on a time to come ends with the period', () => {
  it.each([
    ['tasks due today', 'tasks', 'due_date', midnight(0), midnight(1)],
    ['tasks due this week', 'tasks', 'due_date', midnight(-2), midnight(5)],
    ['invoices due this month', 'invoices', 'due_at', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    [
      'how many tasks are due this month',
      'tasks',
      'due_date',
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
    ],
  ] as const)('%s', (q, store, field, from, to) => {
    expect(read(q)).toMatchObject({ mcps: [store], time: { field, from, to } });
  });

  it('guard: a current period on the time of events past still runs up to now', () => {
    expect(read('orders today').time).toEqual({ field: 'created_at', from: midnight(0), to: null });
    expect(read('how many sessions this week').time).toEqual({
      field: 'started_at',
      from: midnight(-2),
      to: null,
    });
  });

  it('guard: a period up to now on a time to come, said so, stays up to now', () => {
    expect(read('tasks due month to date').time).toMatchObject({ field: 'due_date', to: null });
  });
});

describe('an average per record of a store is over its records', () => {
  it.each([
    ['average pages per session', 'avg', 'pages_viewed'],
    ['max duration per session', 'max', 'duration_seconds'],
  ] as const)('%s', (q, fn, field) => {
    expect(read(q)).toMatchObject({ mcps: ['sessions'], aggregate: { fn, field }, groupBy: null });
  });

  it('guard: per the noun of a field that repeats, each one is a group', () => {
    expect(read('average temperature per sensor')).toMatchObject({
      mcps: ['sensors'],
      aggregate: { fn: 'avg', field: 'temperature' },
      groupBy: 'sensor_id',
    });
  });
});

describe('a mark ranks groups by its average', () => {
  it('top student in physics', () => {
    expect(read('top student in physics')).toMatchObject({
      mcps: ['grades'],
      filters: [{ field: 'course', op: '=', value: 'physics' }],
      aggregate: { fn: 'avg', field: 'score' },
      groupBy: 'student',
      limit: 1,
    });
  });

  it('top 3 students by score', () => {
    expect(read('top 3 students by score')).toMatchObject({
      aggregate: { fn: 'avg', field: 'score' },
      groupBy: 'student',
      limit: 3,
    });
  });

  it('guard: the top customers by amount are still the largest totals', () => {
    expect(read('top 3 customers by amount')).toMatchObject({
      mcps: ['orders'],
      aggregate: { fn: 'sum', field: 'amount' },
      groupBy: 'customer',
    });
  });
});

describe('money is measured by the field named for it', () => {
  it.each([
    ['total revenue by hotel', null],
    ['which hotel made the most money', 1],
    ['which hotel earned the most', 1],
    ['total money per hotel', null],
  ] as const)('%s', (q, limit) => {
    expect(read(q)).toMatchObject({
      mcps: ['bookings'],
      aggregate: { fn: 'sum', field: 'total_price' },
      groupBy: 'hotel',
      limit,
    });
  });

  it('guard: nights are still what is asked by their name', () => {
    expect(read('total nights by hotel').aggregate).toEqual({ fn: 'sum', field: 'nights' });
  });

  it('guard: money no field is named for is refused, not another measure added up', () => {
    expect(refusalOf('which device made the most money', all).message).toContain('money');
  });
});

describe('a number field counting a word answers to it', () => {
  it('posts with more than 50 comments', () => {
    expect(read('posts with more than 50 comments')).toMatchObject({
      mcps: ['posts'],
      filters: [{ field: 'comments_count', op: '>', value: 50 }],
    });
  });

  it('average comments per post', () => {
    expect(read('average comments per post')).toMatchObject({
      mcps: ['posts'],
      aggregate: { fn: 'avg', field: 'comments_count' },
      groupBy: null,
    });
  });

  it('who has the most comments', () => {
    expect(read('who has the most comments')).toMatchObject({
      mcps: ['posts'],
      sort: [{ field: 'comments_count', dir: 'desc' }],
      limit: 1,
    });
  });

  it('guard: without a store counting them, comments are still messages', () => {
    expect(interpretationOf('who has the most comments', stores)).toMatchObject({
      mcps: ['messages'],
      groupBy: 'from',
    });
  });

  it('guard: the senders are still the messages', () => {
    expect(read('top 5 senders')).toMatchObject({ mcps: ['messages'], groupBy: 'from', limit: 5 });
  });
});

describe('a ranking of what no field names one by one is refused', () => {
  it('top 3 pages, of sessions counting pages viewed', () => {
    expect(refusalOf('top 3 pages', all).message).toContain('pages_viewed');
  });

  it('top 3 pages, of messages mentioning a page', () => {
    expect(refusalOf('top 3 pages', stores).message).toContain('"page"');
  });

  it('guard: the top records by a field said by its own name are ranked by it', () => {
    expect(read('top 5 likes')).toMatchObject({
      mcps: ['posts'],
      sort: [{ field: 'likes', dir: 'desc' }],
      limit: 5,
    });
    expect(read('top 3 sessions by pages')).toMatchObject({
      sort: [{ field: 'pages_viewed', dir: 'desc' }],
      limit: 3,
    });
  });
});

describe('the longest records of each group are their durations', () => {
  it('which device has the longest sessions', () => {
    expect(read('which device has the longest sessions')).toMatchObject({
      mcps: ['sessions'],
      aggregate: { fn: 'avg', field: 'duration_seconds' },
      groupBy: 'device',
      limit: 1,
    });
  });

  it('which channel has the longest messages, of messages holding no duration', () => {
    expect(refusalOf('which channel has the longest messages', all).message).toContain('how long');
  });

  it('guard: "slowest" with nothing after it still says no measure', () => {
    expect(refusalOf('which host is slowest', all).message).toContain('says no measure');
  });
});

describe('the group with the best records is the one rated best on average', () => {
  it.each([
    ['which restaurant has the best reviews', 'restaurant', []],
    ['which cuisine has the worst reviews', 'cuisine', [{ field: 'value', dir: 'asc' }]],
  ] as const)('%s', (q, groupBy, sort) => {
    expect(read(q)).toMatchObject({
      mcps: ['reviews'],
      aggregate: { fn: 'avg', field: 'rating' },
      groupBy,
      sort,
      limit: 1,
    });
  });

  it('guard: the best reviews themselves are still the reviews ranked by rating', () => {
    expect(read('the best reviews')).toMatchObject({
      mcps: ['reviews'],
      sort: [{ field: 'rating', dir: 'desc' }],
      groupBy: null,
    });
  });
});
