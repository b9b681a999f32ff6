/**
 * The fifty-eighth round: wrong answers found beside the sample data set, with deployments
 * `{service, environment, status, duration_seconds, deployed_by, deployed_at}`, flights `{airline,
 * origin, destination, delay_minutes, passengers, departure}` and tasks `{title, assignee, done,
 * priority, estimate_hours, due_date}` sent with `?domain=`.
 * - "who deployed the most", "who has the most deployments" listed every deployment: a field naming
 *   who did something (`deployed_by`) is the one ranked by its count of records.
 * - "the most deployed service" listed every deployment, "most" left unread; "who has the least
 *   deployments" and "least orders" answered the shortest deployment's duration and the smallest
 *   amount: a word of ranking that no rule reads is refused.
 * - "tasks due tomorrow" answered every task: a time to come is refused.
 * - "flights delayed more than 30 minutes" and "deployments taking more than 5 minutes" answered the
 *   records of more than 30 (5) minutes ago; "flights with a delay over 30 minutes" and "deployments
 *   longer than 5 minutes" were refused: a bound in a unit of time on a field whose name carries one
 *   (`delay_minutes`, `duration_seconds`) bounds that field, converted to its unit ("delayed by more
 *   than an hour" too).
 * With HTTP requests `{method, path, status_code, response_time_ms, bytes_sent, requested_at}` and
 * pull requests `{number, author, state, additions, deletions, created_at}` beside them:
 * - "slowest requests" ranked by the status code, "requests slower than 1 second" compared it: a code
 *   or a number (`status_code`, a pull request's `number`) is no measure, and a number with its unit
 *   after its name (`response_time_ms`) is the measure first.
 * - "how many pull requests" counted the web server's requests, "pull" left unread: a store named by
 *   several words, said whole, is that store.
 * - "the largest flight by passengers", "largest invoice by total" were refused: a number field after
 *   "by" is what the one record is ranked by.
 * With reviews `{product, stars, comment, reviewer, verified_purchase, reviewed_at}` and web sessions
 * `{session_id, device, pages_viewed, duration_seconds, converted, started_at}`:
 * - "1 star reviews" answered the latest review (one); "5-star reviews", "how many 5 star reviews"
 *   were refused: a number and a number field's word before the store's noun is that field's value.
 * - "sessions with more than 10 pages" compared the duration: a field named by a noun and a
 *   participle (`pages_viewed`, `bytes_sent`) answers to the noun.
 * - "who wrote the most reviews" listed every review: the reviewer is who a review is by.
 * - "average rating by product" was refused where reviews give stars.
 * With sales leads `{company, source, stage, deal_value, owner, created_at}`:
 * - "the biggest deal", "deals over 20k" answered orders (a deal is a synonym of an order), "average
 *   deal size by source" and "won deals this month" were refused: what a number field measures the
 *   worth of (`deal_value`) names its store's records, before a synonym of another store.
 * - "which rep owns the most leads" was refused: a rep is the owner, and owning is having.
 * - "flights to JFK or SFO" answered the flights to JFK from SFO: a value listed after another takes
 *   the preposition the list opened with.
 * With cars `{make, model, year, mileage, price, fuel}` (no time field of their own):
 * - "cars between 2015 and 2020" compared the price with 2015 and 2020: bounds no price reaches that
 *   are years bound the year field.
 * - "cars with less than 50000 miles" compared the price: a word beginning one number field's name
 *   (`mileage`) after a number is that field.
 */
import { describe, expect, it } from 'vitest';
import { ago, requests } from './support/more-stores.ts';
import { interpretationOf, refusalOf, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const deployments = storeEntry(
  't1',
  'deployments',
  Array.from({ length: 40 }, (_, i) => ({
    service: ['api', 'web', 'billing', 'search'][i % 4],
    environment: ['production', 'staging'][i % 2],
    status: ['succeeded', 'failed', 'rolled_back'][i % 3],
    duration_seconds: 30 + ((i * 37) % 400),
    deployed_by: ['maria', 'tom', 'li'][i % 3],
    deployed_at: ago(i * 12),
  })),
);
const flights = storeEntry(
  't1',
  'flights',
  Array.from({ length: 40 }, (_, i) => ({
    flight_number: `LH${100 + i}`,
    airline: ['Lufthansa', 'United'][i % 2],
    origin: ['FRA', 'SFO', 'SFO', 'LHR'][i % 4],
    destination: ['JFK', 'SFO', 'LHR'][i % 3],
    delay_minutes: (i * 17) % 120,
    passengers: 90 + ((i * 31) % 250),
    departure: ago(i * 7),
  })),
);
const tasks = storeEntry(
  't1',
  'tasks',
  Array.from({ length: 30 }, (_, i) => ({
    title: `task ${i}`,
    assignee: ['kim', 'lee', 'raj'][i % 3],
    done: i % 3 === 0,
    priority: ['low', 'medium', 'high', 'urgent'][i % 4],
    estimate_hours: 1 + (i % 8),
    due_date: ago((i - 15) * 24).slice(0, 10),
  })),
);
const pullRequests = storeEntry(
  't1',
  'pull_requests',
  Array.from({ length: 20 }, (_, i) => ({
    number: 500 + i,
    author: ['octocat', 'hubot'][i % 2],
    state: ['open', 'merged', 'closed'][i % 3],
    additions: (i * 53) % 800,
    deletions: (i * 29) % 300,
    created_at: ago(i * 30),
  })),
);
const reviews = storeEntry(
  't1',
  'reviews',
  Array.from({ length: 30 }, (_, i) => ({
    product: ['Widget Pro', 'Gizmo', 'Doohickey'][i % 3],
    stars: 1 + ((i * 7) % 5),
    comment: ['great value', 'broke after a week', 'shipping was slow'][i % 3],
    reviewer: ['kate', 'liam', 'mia', 'noah'][i % 4],
    verified_purchase: i % 4 !== 0,
    reviewed_at: ago(i * 30),
  })),
);
const sessions = storeEntry(
  't1',
  'sessions',
  Array.from({ length: 30 }, (_, i) => ({
    session_id: `s-${1000 + i}`,
    device: ['mobile', 'desktop', 'tablet'][i % 3],
    pages_viewed: 1 + ((i * 11) % 25),
    duration_seconds: 10 + ((i * 67) % 1800),
    converted: i % 6 === 0,
    started_at: ago(i * 6),
  })),
);
const leads = storeEntry(
  't1',
  'leads',
  Array.from({ length: 30 }, (_, i) => ({
    company: ['Acme', 'Globex', 'Initech'][i % 3],
    source: ['webinar', 'referral', 'ads'][i % 3],
    stage: ['new', 'qualified', 'won', 'lost'][i % 4],
    deal_value: 1000 + ((i * 977) % 50_000),
    owner: ['sara', 'mike', 'jun'][i % 3],
    created_at: ago(i * 40),
  })),
);
const cars = storeEntry(
  't1',
  'cars',
  Array.from({ length: 36 }, (_, i) => ({
    make: ['Toyota', 'Ford', 'Tesla', 'BMW'][i % 4],
    model: ['Corolla', 'F-150', 'Model 3', 'X5'][i % 4],
    year: 2010 + (i % 14),
    mileage: 5000 + ((i * 7919) % 150_000),
    price: 8000 + ((i * 3571) % 60_000),
    fuel: ['gas', 'electric', 'diesel'][i % 3],
  })),
);
const all = [...stores, deployments, flights, tasks, requests, pullRequests, reviews, sessions, leads, cars];
const read = (q: string) => interpretationOf(q, all);

describe('who did something the most, by the field naming who did it', () => {
  it.each(['who deployed the most', 'who has the most deployments', 'who made the most deployments'])(
    '%s',
    (q) => {
      expect(read(q)).toMatchObject({
        mcps: ['deployments'],
        filters: [],
        groupBy: 'deployed_by',
        aggregate: { fn: 'count', field: null },
        sort: [],
        limit: 1,
      });
    },
  );

  it('narrowed by a value said after it', () => {
    expect(read('who deployed the most to production')).toMatchObject({
      groupBy: 'deployed_by',
      filters: [{ field: 'environment', op: '=', value: 'production' }],
      limit: 1,
    });
  });

  it('the sender still ranks messages (guard)', () => {
    expect(read('who sent the most messages')).toMatchObject({
      mcps: ['messages'],
      groupBy: 'from',
      limit: 1,
    });
  });
});

describe('a word of ranking no rule reads is refused', () => {
  it.each([
    ['the most deployed service', /ranks could not be read/],
    ['least orders', /ranks could not be read/],
    // Round 57's refusal of people ranked from the smallest count, with the doer's field.
    ['who has the least deployments', /ranked from the largest/],
  ])('%s', (q, message) => {
    expect(refusalOf(q, all).message).toMatch(message);
  });

  it('names a ranking that can be asked', () => {
    expect(refusalOf('the most deployed service', all).message).toMatch(
      /e\.g\. "top 5 deployments by duration seconds"/,
    );
  });

  it('bounds, "most of" and rankings read stay answered (guards)', () => {
    expect(read('the least expensive order')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 1,
    });
    expect(read('orders with at most 2 items').mcps).toEqual(['orders']);
    expect(read('most of the errors').filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(read('which service has the most failed deployments')).toMatchObject({
      groupBy: 'service',
      filters: [{ field: 'status', op: '=', value: 'failed' }],
    });
  });
});

describe('a time to come is refused', () => {
  it.each(['tasks due tomorrow', 'how many tasks are due tomorrow'])('%s', (q) => {
    expect(refusalOf(q, all).message).toMatch(/Times to come \("tomorrow"\)/);
  });

  it("the asker's own tomorrow says nothing of the records (guard)", () => {
    expect(read("before tomorrow's meeting, how many refunded orders are there").filters).toEqual([
      { field: 'status', op: '=', value: 'refunded' },
    ]);
  });
});

describe('a bound in a unit of time on a field measured in one', () => {
  it.each([
    ['flights with a delay over 30 minutes', 'delay_minutes', '>', 30],
    ['flights delayed more than 30 minutes', 'delay_minutes', '>', 30],
    ['flights delayed more than 1 hour', 'delay_minutes', '>', 60],
    ['flights with delay under 90 seconds', 'delay_minutes', '<', 1.5],
    ['deployments longer than 5 minutes', 'duration_seconds', '>', 300],
    ['deployments taking more than 5 minutes', 'duration_seconds', '>', 300],
    ['how many deployments took longer than 2 minutes', 'duration_seconds', '>', 120],
    ['show me flights that were delayed by more than an hour', 'delay_minutes', '>', 60],
    ['flights with a delay of more than an hour', 'delay_minutes', '>', 60],
  ] as const)('%s', (q, field, op, value) => {
    const reading = read(q);
    expect(reading.filters).toEqual([{ field, op, value }]);
    expect(reading.time).toBeNull();
  });

  it.each([
    ['deployments in the last 5 minutes', 'deployed_at'],
    ['logs more than 3 days old', 'timestamp'],
    ['flights older than 2 hours', 'departure'],
    ['logs older than an hour', 'timestamp'],
  ])('a window stays a window: %s (guard)', (q, field) => {
    const reading = read(q);
    expect(reading.filters).toEqual([]);
    expect(reading.time?.field).toBe(field);
  });
});

describe('a code or a number is no measure; a number in a unit is one first', () => {
  it.each([
    ['slowest requests', [{ field: 'response_time_ms', dir: 'desc' }], 10],
    ['the slowest request', [{ field: 'response_time_ms', dir: 'desc' }], 1],
    ['largest pull request', [{ field: 'additions', dir: 'desc' }], 1],
  ] as const)('%s', (q, sort, limit) => {
    expect(read(q)).toMatchObject({ sort, limit });
  });

  it.each([
    ['requests slower than 1 second', '>', 1000],
    ['requests faster than 100 ms', '<', 100],
    ['requests that took longer than 2 seconds', '>', 2000],
  ] as const)('%s', (q, op, value) => {
    expect(read(q)).toMatchObject({
      mcps: ['requests'],
      filters: [{ field: 'response_time_ms', op, value }],
    });
  });

  it('a code said by its name is still compared (guard)', () => {
    expect(read('requests with status_code 404').filters).toEqual([
      { field: 'status_code', op: '=', value: 404 },
    ]);
  });
});

describe('a store named by several words, said whole', () => {
  it.each([
    ['how many pull requests', { mcps: ['pull_requests'], aggregate: { fn: 'count', field: null } }],
    [
      'the latest pull request',
      { mcps: ['pull_requests'], sort: [{ field: 'created_at', dir: 'desc' }], limit: 1 },
    ],
  ] as const)('%s', (q, reading) => {
    expect(read(q)).toMatchObject(reading);
  });

  it.each([
    [
      'pull requests by octocat',
      { mcps: ['pull_requests'], filters: [{ field: 'author', op: '=', value: 'octocat' }] },
    ],
    [
      'top 3 pull requests by deletions',
      { mcps: ['pull_requests'], sort: [{ field: 'deletions', dir: 'desc' }], limit: 3 },
    ],
  ] as const)('read whole, as before: %s (guard)', (q, reading) => {
    expect(read(q)).toMatchObject(reading);
  });

  it('its last word alone still names the other store (guard)', () => {
    expect(read('how many requests').mcps).toEqual(['requests']);
  });
});

describe('the largest record by a number field said after "by"', () => {
  it.each([
    ['the largest flight by passengers', 'flights', 'passengers', 'desc', 1],
    ['largest pull request by additions', 'pull_requests', 'additions', 'desc', 1],
    ['largest deployment by duration', 'deployments', 'duration_seconds', 'desc', 1],
    ['smallest flights by passengers', 'flights', 'passengers', 'asc', 10],
  ] as const)('%s', (q, store, field, dir, limit) => {
    expect(read(q)).toMatchObject({ mcps: [store], sort: [{ field, dir }], limit, groupBy: null });
  });

  it('the measure itself stays as it was (guard)', () => {
    expect(read('largest order by amount')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 1,
    });
  });
});

describe('a number and a number field before the noun is its value', () => {
  it.each([
    ['1 star reviews', 'find', 1],
    ['5-star reviews', 'find', 5],
    ['how many 5 star reviews', 'count', 5],
  ] as const)('%s', (q, intent, value) => {
    expect(read(q)).toMatchObject({ intent, filters: [{ field: 'stars', op: '=', value }], limit: null });
  });

  it.each([
    ['show 5 reviews', 'reviews'],
    ['5 error logs', 'logs'],
  ])('a count of records stays one (guard): %s', (q, store) => {
    expect(read(q)).toMatchObject({ mcps: [store], limit: 5 });
  });
});

describe('a field of a noun and a participle answers to the noun', () => {
  it('sessions with more than 10 pages', () => {
    expect(read('sessions with more than 10 pages').filters).toEqual([
      { field: 'pages_viewed', op: '>', value: 10 },
    ]);
  });
});

describe('who a review is by, and its rating', () => {
  it('who wrote the most reviews', () => {
    expect(read('who wrote the most reviews')).toMatchObject({ groupBy: 'reviewer', limit: 1 });
  });

  it('average rating by product', () => {
    expect(read('average rating by product')).toMatchObject({
      aggregate: { fn: 'avg', field: 'stars' },
      groupBy: 'product',
    });
  });
});

describe('what a number field measures the worth of names its records', () => {
  it.each([
    ['the biggest deal', { sort: [{ field: 'deal_value', dir: 'desc' }], limit: 1 }],
    ['deals over 20k', { filters: [{ field: 'deal_value', op: '>', value: 20_000 }] }],
    ['average deal size by source', { aggregate: { fn: 'avg', field: 'deal_value' }, groupBy: 'source' }],
    ['won deals this month', { filters: [{ field: 'stage', op: '=', value: 'won' }] }],
    ['which rep owns the most leads', { groupBy: 'owner', limit: 1 }],
  ] as const)('%s', (q, reading) => {
    expect(read(q)).toMatchObject({ mcps: ['leads'], ...reading });
  });

  it('orders stay orders, and a deal is one where no store measures deals (guards)', () => {
    expect(read('the biggest order').mcps).toEqual(['orders']);
    expect(read('show orders').mcps).toEqual(['orders']);
    expect(interpretationOf('how many deals').mcps).toEqual(['orders']);
  });
});

describe('years and stems of a store with no time of its own', () => {
  it('cars between 2015 and 2020', () => {
    expect(read('cars between 2015 and 2020').filters).toEqual([
      { field: 'year', op: '>=', value: 2015 },
      { field: 'year', op: '<=', value: 2020 },
    ]);
  });

  it.each([
    ['cars with less than 50000 miles', '<', 50_000],
    ['cars with over 100k miles', '>', 100_000],
  ] as const)('%s', (q, op, value) => {
    expect(read(q).filters).toEqual([{ field: 'mileage', op, value }]);
  });

  it('prices stay prices (guard)', () => {
    expect(read('cars under 20000').filters).toEqual([{ field: 'price', op: '<', value: 20_000 }]);
    expect(read('flights with more than 200 passengers').filters).toEqual([
      { field: 'passengers', op: '>', value: 200 },
    ]);
  });
});

describe('a value listed after another takes the preposition the list opened with', () => {
  it.each([
    ['flights to JFK or SFO', ['JFK', 'SFO']],
    ['flights to JFK, LHR or SFO', ['JFK', 'LHR', 'SFO']],
  ] as const)('%s', (q, values) => {
    expect(read(q).filters).toEqual([{ field: 'destination', op: 'in', value: values }]);
  });

  it('a value after another preposition keeps its own (guard)', () => {
    expect(read('flights from FRA to LHR').filters).toEqual([
      { field: 'origin', op: '=', value: 'FRA' },
      { field: 'destination', op: '=', value: 'LHR' },
    ]);
  });
});
