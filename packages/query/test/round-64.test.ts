/**
 * The sixty-fourth round: wrong answers found beside the sample data set, with course grades
 * `{student, course, score, grade}`, invoices `{client, amount, paid, due_at}`, support tickets
 * `{subject, customer, agent, priority, status, resolution_hours, opened_at}` and restaurant reviews
 * `{restaurant, reviewer, rating, reviewed_at}`.
 * - "how many students failed" counted the error logs ("failed" names the logs' errors): an unread
 *   plural of another store's field, said by its own name (`student` of grades), names that store's
 *   records, which the chosen store does not hold; refused.
 * - "total unpaid amount" added up the invoices, unfiltered, with the orders whose status is not
 *   paid: stores fanned out to on a field they all hold (`amount`), narrowed by a field some of them
 *   lack (the orders' `status`), are refused as "total amount" is, with each store offered.
 * - "how many tickets did Sam close" counted all of Sam's tickets: a verb after "did" whose past
 *   participle is a learned value (`closed`) says that value, as "tickets closed by Sam" does.
 * - "top 3 best reviews" listed ten reviews: a ranking and its count said before "best" are kept.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, refusalOf, NOW as SAMPLE_NOW, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = SAMPLE_NOW;
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();

const grades = storeEntry(
  't1',
  'grades',
  Array.from({ length: 48 }, (_, i) => ({
    student: ['Ava', 'Ben', 'Cleo', 'Dan'][i % 4],
    course: ['math', 'physics', 'chemistry'][i % 3],
    score: 40 + ((i * 23) % 61),
    grade: ['A', 'B', 'C', 'D', 'F'][i % 5],
  })),
);
const invoices = storeEntry(
  't1',
  'invoices',
  Array.from({ length: 30 }, (_, i) => ({
    client: ['Acme', 'Globex', 'Hooli'][i % 3],
    amount: 100 + i * 37,
    paid: i % 2 === 0,
    due_at: at(i - 12),
  })),
);
const tickets = storeEntry(
  't1',
  'tickets',
  Array.from({ length: 3000 }, (_, i) => ({
    subject: ['Cannot log in', 'Billing question'][i % 2],
    customer: ['Alice', 'Bob', 'Carol'][i % 3],
    agent: ['Sam', 'Pat', 'Lee'][i % 3],
    priority: ['low', 'high'][i % 2],
    status: ['open', 'closed', 'pending', 'resolved'][i % 4],
    resolution_hours: 1 + i,
    opened_at: at(-i),
  })),
);
const reviews = storeEntry(
  't1',
  'reviews',
  Array.from({ length: 30 }, (_, i) => ({
    restaurant: ['Luigi', 'Sakura', 'El Toro'][i % 3],
    reviewer: ['Ann', 'Bo'][i % 2],
    rating: 1 + (i % 5),
    reviewed_at: at(-i),
  })),
);
const all = [...stores, grades, invoices, tickets, reviews];
const read = (q: string) => interpretationOf(q, all);

describe('a plural of another store’s field names that store’s records', () => {
  it('how many students failed', () => {
    expect(refusalOf('how many students failed', all).message).toMatch(
      /"students" are the student of grades/,
    );
  });

  it('guard: failures asked of the logs alone are still their errors', () => {
    expect(read('how many failed')).toMatchObject({
      mcps: ['logs'],
      filters: [{ field: 'level', value: 'error' }],
    });
  });

  it('guard: a field of the chosen store said in the plural is still read', () => {
    expect(read('average score by students')).toMatchObject({ mcps: ['grades'], groupBy: 'student' });
  });
});

describe('stores fanned out to, filtered by a field some lack, are refused', () => {
  it('total unpaid amount', () => {
    expect(refusalOf('total unpaid amount', all).message).toMatch(/say which records/);
  });

  it('guard: with the store named, unpaid is its own field or status', () => {
    expect(read('total unpaid amount in invoices')).toMatchObject({
      mcps: ['invoices'],
      filters: [{ field: 'paid', op: '=', value: false }],
      aggregate: { fn: 'sum', field: 'amount' },
    });
    expect(read('total unpaid amount in orders')).toMatchObject({
      mcps: ['orders'],
      filters: [{ field: 'status', op: '!=', value: 'paid' }],
    });
  });
});

describe('a verb after "did" says the learned value it is the participle of', () => {
  it.each([
    ['how many tickets did Sam close', 'count', 'closed'],
    ['how many tickets did Sam resolve', 'count', 'resolved'],
    ['which tickets did Sam close', 'find', 'closed'],
  ] as const)('%s', (q, intent, status) => {
    const i = read(q);
    expect(i).toMatchObject({ intent, mcps: ['tickets'] });
    expect(i.filters).toEqual(
      expect.arrayContaining([
        { field: 'agent', op: '=', value: 'Sam' },
        { field: 'status', op: '=', value: status },
      ]),
    );
  });

  it('guard: "tickets closed by Sam" reads as before', () => {
    expect(read('tickets closed by Sam').filters).toEqual([
      { field: 'status', op: '=', value: 'closed' },
      { field: 'agent', op: '=', value: 'Sam' },
    ]);
  });
});

describe('a ranking and its count before "best" are kept', () => {
  it('top 3 best reviews', () => {
    expect(read('top 3 best reviews')).toMatchObject({
      mcps: ['reviews'],
      sort: [{ field: 'rating', dir: 'desc' }],
      limit: 3,
    });
  });

  it.each([
    ['3 best reviews', 'desc', 3],
    ['the 3 worst reviews', 'asc', 3],
  ] as const)('guard: a count alone before best or worst stays its count: %s', (q, dir, limit) => {
    expect(read(q)).toMatchObject({ mcps: ['reviews'], sort: [{ field: 'rating', dir }], limit });
  });

  it('guard: "best reviews" with no count are the top ten, "the best review" one', () => {
    expect(read('best reviews')).toMatchObject({ sort: [{ field: 'rating', dir: 'desc' }], limit: 10 });
    expect(read('the best review')).toMatchObject({ sort: [{ field: 'rating', dir: 'desc' }], limit: 1 });
  });
});
