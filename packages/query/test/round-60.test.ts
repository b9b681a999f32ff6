/**
 * The sixtieth round: wrong answers found beside the sample data set, with students `{student,
 * course, grade, score, semester}` and flights `{airline, origin, destination, delay_minutes}`.
 * - "how many students got an A" counted every student, "students with grade A in physics" every
 *   physics student: one capital letter inside a question is a value (a grade), not the article.
 * - "which origin has the most delayed flights" listed the most delayed flights: groups ranked by how
 *   many records a participle says (no field counts them) are refused, not read as records ranked.
 * - With HTTP requests `{method, path, response_time_ms}`, "average response time per method" and
 *   "which path has the slowest average response time" were refused as no field of the metrics
 *   (whose `response_time` readings the words also name): a field grouped by, or asked "which" of,
 *   names its store more surely than another store's value.
 * - "which student has the best average score" listed every student's average, "which course has
 *   the best score" counted each course's records: "best" and "worst" before a number field are its
 *   highest and lowest.
 * - "shipments that took more than 3 days" of shipments recording no duration answered those sent
 *   over 3 days ago: a verb of duration is never a window, and with no field of durations refused.
 */
import { describe, expect, it } from 'vitest';
import { ago, requests } from './support/more-stores.ts';
import { interpretationOf, refusalOf, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const students = storeEntry(
  't1',
  'students',
  Array.from({ length: 48 }, (_, i) => ({
    student: ['Ava', 'Ben', 'Cleo', 'Dan'][i % 4],
    course: ['math', 'physics', 'history'][i % 3],
    grade: ['A', 'B', 'C', 'D', 'F'][(i * 3) % 5],
    score: 40 + ((i * 23) % 61),
    semester: ['fall 2025', 'spring 2026'][Math.floor(i / 24)],
  })),
);
const flights = storeEntry(
  't1',
  'flights',
  Array.from({ length: 40 }, (_, i) => ({
    flight_number: `LH${100 + i}`,
    airline: ['Lufthansa', 'United'][i % 2],
    origin: ['FRA', 'JFK', 'CDG'][i % 3],
    destination: ['SFO', 'LHR'][i % 2],
    delay_minutes: (i * 17) % 120,
    departure: ago(i * 7),
  })),
);
const shipments = storeEntry(
  't1',
  'shipments',
  Array.from({ length: 20 }, (_, i) => ({
    carrier: ['UPS', 'DHL'][i % 2],
    weight_kg: 1 + i,
    status: ['delivered', 'lost'][i % 2],
    shipped_at: ago(i * 20),
  })),
);
const all = [...stores, students, flights, requests, shipments];
const read = (q: string) => interpretationOf(q, all);

describe('one capital letter inside a question is a value', () => {
  it.each([
    ['how many students got an A', 'count', [{ field: 'grade', op: '=', value: 'A' }]],
    [
      'students with grade A in physics',
      'find',
      [
        { field: 'grade', op: '=', value: 'A' },
        { field: 'course', op: '=', value: 'physics' },
      ],
    ],
  ] as const)('%s', (q, intent, filters) => {
    expect(read(q)).toMatchObject({ mcps: ['students'], intent, filters });
  });

  it('guard: a capital letter that is no article was read before', () => {
    expect(read('how many B grades in math').filters).toEqual([
      { field: 'grade', op: '=', value: 'B' },
      { field: 'course', op: '=', value: 'math' },
    ]);
  });

  it('guard: "I" stays the asker, and "a" the article', () => {
    expect(read('can I see the errors').filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(read('how many students are there in a course').filters).toEqual([]);
  });
});

describe('groups ranked by how many records a participle says', () => {
  it('which origin has the most delayed flights', () => {
    expect(refusalOf('which origin has the most delayed flights', all).message).toMatch(/delayed/);
  });

  it('guard: the most delayed flights themselves stay ranked by the delay', () => {
    expect(read('the most delayed flights')).toMatchObject({
      sort: [{ field: 'delay_minutes', dir: 'desc' }],
      limit: 10,
    });
  });
});

describe('a field grouped by names its store', () => {
  it.each([
    ['average response time per method', 'method', null],
    ['which path has the slowest average response time', 'path', 1],
  ] as const)('%s', (q, groupBy, limit) => {
    expect(read(q)).toMatchObject({
      mcps: ['requests'],
      aggregate: { fn: 'avg', field: 'response_time_ms' },
      groupBy,
      limit,
    });
  });

  it('guard: a field both stores hold leaves the value to choose', () => {
    expect(read('average response time per service').mcps).toEqual(['metrics']);
    expect(read('count errors by host').mcps).toEqual(['logs']);
  });
});

describe('best and worst of a number field', () => {
  it.each([
    ['which student has the best average score', 'student'],
    ['which course has the best score', 'course'],
  ])('%s', (q, groupBy) => {
    expect(read(q)).toMatchObject({ groupBy, aggregate: { fn: 'avg', field: 'score' }, limit: 1 });
  });
});

describe('a verb of duration is no window', () => {
  it('shipments that took more than 3 days', () => {
    expect(refusalOf('shipments that took more than 3 days', all).message).toMatch(/no field of durations/);
  });

  it('guard: where a field of durations is held, it is bounded', () => {
    expect(read('requests taking over 2 seconds').filters).toEqual([
      { field: 'response_time_ms', op: '>', value: 2000 },
    ]);
  });
});

describe('who did the most of a number field', () => {
  it.each([
    ['who scored the highest in history', 'desc', [{ field: 'course', op: '=', value: 'history' }]],
    ['which student scored the highest', 'desc', []],
    ['who scored the lowest', 'asc', []],
  ] as const)('%s', (q, dir, filters) => {
    expect(read(q)).toMatchObject({ sort: [{ field: 'score', dir }], limit: 1, filters, aggregate: null });
  });
});
