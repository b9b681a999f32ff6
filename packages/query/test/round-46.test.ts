/**
 * The forty-sixth probing round: pino-style logs with numeric levels, the low end of "which <store
 * noun> has the ...", and values that are verbs said in the past tense.
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const at = (i: number) => new Date(NOW - i * 2_000_000).toISOString();
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

const pino = storeEntry(
  't46',
  'logs',
  Array.from({ length: 42 }, (_, i) => ({
    level: pick([30, 30, 40, 50, 20, 60, 10], i),
    time: NOW - i * 600_000,
    pid: 4242,
    hostname: pick(['api-1', 'api-2', 'worker-1'], i),
    msg: pick(['handled request', 'request failed after retries', 'cache miss on lookup'], i),
  })),
);
/** Another logger's shape: a `severity` number, a `service`, an ISO time. */
const bunyan = storeEntry(
  't46',
  'logs',
  Array.from({ length: 30 }, (_, i) => ({
    severity: pick([30, 40, 50], i),
    ts: at(i),
    service: pick(['billing', 'search'], i),
    message: pick(['charge captured for invoice', 'index rebuilt in background'], i),
  })),
);
const readings = storeEntry(
  't46',
  'devices',
  Array.from({ length: 48 }, (_, i) => ({
    device_id: `dev-${i % 12}`,
    temperature_c: 15 + ((i * 7) % 200) / 10,
    humidity: (i * 13) % 100,
    battery: (i * 17) % 100,
    reading_time: at(i),
  })),
);
const machines = storeEntry(
  't46',
  'machines',
  Array.from({ length: 20 }, (_, i) => ({
    machine_id: `m-${i % 5}`,
    load_pct: (i * 11) % 100,
    pressure: (i * 3) % 40,
    at: at(i),
  })),
);
const payments = storeEntry(
  't46',
  'payments',
  Array.from({ length: 20 }, (_, i) => ({
    payment_id: `pay_${1000 + i}`,
    amount: (i * 1733) / 100,
    status: pick(['succeeded', 'failed', 'refunded'], i),
    created: Math.floor((NOW - i * 3_600_000) / 1000),
  })),
);
const audits = storeEntry(
  't46',
  'audits',
  Array.from({ length: 40 }, (_, i) => ({
    actor: pick(['admin@acme.io', 'ops@acme.io', 'bot'], i),
    action: pick(['login', 'delete_user', 'update_role', 'export'], i),
    resource: pick(['users', 'billing', 'settings'], i),
    outcome: pick(['allowed', 'allowed', 'denied'], i),
    at: at(i),
  })),
);
const changes = storeEntry(
  't46',
  'changes',
  Array.from({ length: 20 }, (_, i) => ({
    user: pick(['ann', 'bo'], i),
    operation: pick(['archive', 'restore', 'publish'], i),
    page: pick(['home', 'about'], i),
    changed_at: at(i),
  })),
);

describe('1. numeric log levels (pino) are named by their names', () => {
  it.each([
    ['error logs', 50],
    ['warn logs', 40],
    ['info logs', 30],
    ['debug logs', 20],
    ['trace logs', 10],
  ])('%s reads level = its number', (q, level) => {
    const i = read(q, [pino, readings]);
    expect(i.mcps).toEqual(['logs']);
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: level }]);
  });

  it('"count warn logs by hostname" counts level 40 per hostname', () => {
    const i = read('count warn logs by hostname', [pino, readings]);
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 40 }]);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.groupBy).toBe('hostname');
  });

  it('"fatal logs today" reads level 60', () => {
    const i = read('fatal logs today', [pino, readings]);
    expect(i.mcps).toEqual(['logs']);
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 60 }]);
  });

  it('another level field (severity) and other fields answer the same way', () => {
    const i = read('errors by service', [bunyan]);
    expect(i.filters).toEqual([{ field: 'severity', op: '=', value: 50 }]);
    expect(i.groupBy).toBe('service');
    expect(read('warning logs', [bunyan]).filters).toEqual([{ field: 'severity', op: '=', value: 40 }]);
  });

  it('a number outside the levels, or a store of no logs, lends no level names', () => {
    const scores = storeEntry('t46', 'logs', [
      { level: 3, time: NOW, host: 'a', msg: 'started up fine today' },
      { level: 250, time: NOW - 1000, host: 'b', msg: 'stopped again later on' },
    ]);
    expect(() => read('error logs', [scores])).not.toThrow();
    expect(read('error logs', [scores]).filters).toEqual([]);
    const games = storeEntry('t46', 'games', [
      { level: 30, player: 'a', played_at: at(1) },
      { level: 50, player: 'b', played_at: at(2) },
    ]);
    expect(() => read('error games', [games])).toThrow();
  });
});

describe('2. the low end of "which <store noun> has the ..."', () => {
  // Round 56: an average, minimum or maximum is taken only of a group's records, so the groups are
  // ranked from the smallest by it (refused before, as counts and totals still are).
  it.each([
    ['which device has the lowest battery', [readings], 'device_id', 'avg', 'battery'],
    ['which device has the least humidity', [readings], 'device_id', 'avg', 'humidity'],
    ['which device has the smallest temperature', [readings], 'device_id', 'avg', 'temperature_c'],
    ['which device has the minimum battery', [readings], 'device_id', 'min', 'battery'],
    ['which machine has the lowest pressure', [machines], 'machine_id', 'avg', 'pressure'],
  ])('%s ranks the groups from the smallest by that measure', (q, against, field, fn, measured) => {
    expect(read(q, against)).toMatchObject({
      groupBy: field,
      aggregate: { fn, field: measured },
      sort: [{ field: 'value', dir: 'asc' }],
      limit: 1,
    });
  });

  it("the high end still ranks the groups; a store whose id is one record's own still ranks records", () => {
    expect(read('which device has the highest temperature', [readings]).groupBy).toBe('device_id');
    const i = read('which payment has the lowest amount', [payments]);
    expect(i.groupBy).toBeNull();
    expect(i.aggregate ?? i.sort).not.toBeNull();
  });
});

describe('3. a value that is a verb, in the past tense', () => {
  it.each([
    ['who exported data', 'action', 'export'],
    ['exported audits', 'action', 'export'],
  ])('%s', (q, field, value) => {
    const i = read(q, [audits, payments]);
    expect(i.mcps).toEqual(['audits']);
    expect(i.filters).toEqual([{ field, op: '=', value }]);
  });

  it('"exports by actor" and "exporting" still read the value by its stem', () => {
    const i = read('exports by actor', [audits, payments]);
    expect(i.filters).toEqual([{ field: 'action', op: '=', value: 'export' }]);
    expect(i.groupBy).toBe('actor');
  });

  it.each([
    ['archived changes by user', 'archive'],
    ['restored changes', 'restore'],
    ['published changes by page', 'publish'],
  ])('%s (another field and values)', (q, value) => {
    expect(read(q, [changes]).filters).toEqual([{ field: 'operation', op: '=', value }]);
  });

  it('a past tense the data holds is its own value', () => {
    expect(read('refunded payments', [payments]).filters).toEqual([
      { field: 'status', op: '=', value: 'refunded' },
    ]);
  });
});

describe('3b. a verb the question speaks stays its own', () => {
  const kinds = storeEntry(
    't46',
    'events',
    Array.from({ length: 20 }, (_, i) => ({
      type: pick(['order', 'create', 'visit'], i),
      amount: i * 3,
      at: at(i),
    })),
  );

  it('"events ordered by amount" sorts, and filters on no type', () => {
    const i = read('events ordered by amount', [kinds]);
    expect(i.filters).toEqual([]);
    expect(i.sort[0]?.field).toBe('amount');
  });

  it('"visited events" reads the value visit', () => {
    expect(read('visited events', [kinds]).filters).toEqual([{ field: 'type', op: '=', value: 'visit' }]);
  });
});

describe("4. what a store's time field says happened names its records", () => {
  const views = storeEntry(
    't46',
    'events',
    Array.from({ length: 40 }, (_, i) => ({
      session_id: `s${i % 20}`,
      url: pick(['/', '/pricing', '/docs'], i),
      referrer: pick(['google', 'twitter', 'direct'], i),
      country: pick(['US', 'DE', 'IN', 'BR'], i),
      device: pick(['mobile', 'desktop', 'tablet'], i),
      duration_ms: (i * 977) % 120000,
      viewed_at: at(i),
    })),
  );
  const github = storeEntry(
    't46',
    'events-2',
    Array.from({ length: 30 }, (_, i) => ({
      event: pick(['push', 'pull_request'], i),
      repo: { name: pick(['api', 'web'], i) },
      country: pick(['US', 'FR'], i),
      created_at: at(i),
    })),
  );
  const tenant = [views, github, readings, audits];

  it('"views by country" counts the page views (viewed_at) by country, not the GitHub events', () => {
    const i = read('views by country', tenant);
    expect(i.mcps).toEqual(['events']);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.groupBy).toBe('country');
  });

  it.each([
    [
      'mobile views from india',
      [
        { field: 'device', op: '=', value: 'mobile' },
        { field: 'country', op: '=', value: 'IN' },
      ],
    ],
    ['count views by device', []],
    ['viewed today', []],
  ])('%s reads the page views', (q, filters) => {
    const i = read(q, tenant);
    expect(i.mcps).toEqual(['events']);
    expect(i.filters).toEqual(filters);
  });

  it('another time field: shipped_on names shipments; plain forms of a verb ending in e too', () => {
    const shipments = storeEntry(
      't46',
      'parcels',
      Array.from({ length: 20 }, (_, i) => ({
        carrier: pick(['ups', 'dhl'], i),
        weight_kg: i + 1,
        shipped_on: at(i),
      })),
    );
    const closures = storeEntry(
      't46',
      'tickets',
      Array.from({ length: 20 }, (_, i) => ({
        agent: pick(['ann', 'bo'], i),
        priority: pick(['p1', 'p2'], i),
        resolved_at: at(i),
      })),
    );
    const both = [shipments, closures, readings];
    expect(read('count shipped by carrier', both).mcps).toEqual(['parcels']);
    expect(read('resolves by agent', both).mcps).toEqual(['tickets']);
  });

  it('a time field two stores share names neither store', () => {
    const a = storeEntry('t46', 'orders', [
      { amount: 3, region: 'eu', viewed_at: at(1) },
      { amount: 4, region: 'us', viewed_at: at(2) },
    ]);
    const b = storeEntry('t46', 'listings', [
      { price: 3, city: 'x', viewed_at: at(1) },
      { price: 4, city: 'y', viewed_at: at(2) },
    ]);
    // The field decides, not the word both time fields say.
    expect(read('views by region', [a, b]).mcps).toEqual(['orders']);
    expect(read('views by city', [a, b]).mcps).toEqual(['listings']);
    expect(failure('views', [a, b]).status).toBe(422);
  });
});

// "which device has the highest humidity" ranks devices by their average humidity: since round 45
// made the store's noun a grouping, only the store's first measure was read and other number fields
// left the groups ranked by their count of records (a silent answer to another question).
describe('the measure named after the superlative', () => {
  it.each([
    ['which device has the highest humidity', readings, 'device_id', 'humidity'],
    ['which device has the highest battery', readings, 'device_id', 'battery'],
    ['which device has the highest temperature', readings, 'device_id', 'temperature_c'],
    ['which machine has the highest pressure', machines, 'machine_id', 'pressure'],
  ])('%s', (q, store, group, field) => {
    const i = read(q, [store]);
    expect(i.groupBy).toBe(group);
    expect(i.aggregate).toEqual({ fn: 'avg', field });
    expect(i.limit).toBe(1);
  });
});

// The forty-sixth round of the sample data set (fixtures/probes-46.json): words that were read as
// something else or dropped, each a 200 with a wrong answer before.
describe('records included, dates grouped, holding the most, and plural rankings', () => {
  const tickets = storeEntry(
    't46',
    'tickets',
    Array.from({ length: 40 }, (_, i) => ({
      ticket: `T-${100 + i}`,
      agent: pick(['ann', 'bo', 'cy'], i),
      state: pick(['open', 'open', 'closed', 'escalated'], i),
      priority: pick(['p1', 'p2', 'p3'], i),
      opened_at: at(i),
    })),
  );

  // "including inactive ones" was the filter status = inactive: the users left out were answered.
  it.each([
    ['count users per team including inactive ones', undefined, 'team'],
    ['count orders per currency including refunded ones', undefined, 'currency'],
    ['users per country including inactive ones in Asia', undefined, 'country'],
    ['count tickets per agent including closed ones', [tickets], 'agent'],
    ['count tickets per priority including escalated tickets', [tickets], 'priority'],
  ])('%s adds no condition', (q, against, group) => {
    const i = read(q, against);
    expect(i.groupBy).toBe(group);
    expect(i.filters.filter((f) => f.field === 'status' || f.field === 'state')).toEqual([]);
  });

  it('records included said with a lead ("those on the free plan") or in a store that keeps text', () => {
    expect(read('count users including those on the free plan').filters).toEqual([]);
    // No message says "general": the channel is included, not searched for.
    const i = read('messages per channel including general');
    expect([i.groupBy, i.filters, i.text]).toEqual(['channel', [], null]);
    // A word the messages say is still searched for.
    expect(read('messages including invoice').text).toBe('invoice');
  });

  it('records included keep the other conditions; a value of the same field said too is refused', () => {
    expect(read('users on the free plan including inactive ones').filters).toEqual([
      { field: 'plan', op: '=', value: 'free' },
    ]);
    expect(read('users including inactive ones').filters).toEqual([]);
    expect(failure('paid orders including refunded ones').status).toBe(422);
    expect(failure('open tickets including escalated ones', [tickets]).status).toBe(422);
  });

  // "count users by signup date" was a plain count: "by signup date" was dropped.
  it.each([
    ['count users by signup date', undefined, 'signed_up_at', 'day'],
    ['count users by signup month', undefined, 'signed_up_at', 'month'],
    ['count orders by date', undefined, 'created_at', 'day'],
    ['how many orders by creation date this month', undefined, 'created_at', 'day'],
    ['count messages by sent date', undefined, 'sent_at', 'day'],
    ['group orders by date', undefined, 'created_at', 'day'],
    ['total amount by date', undefined, 'created_at', 'day'],
    ['count tickets by opened date', [tickets], 'opened_at', 'day'],
  ])('%s groups per period of the time field', (q, against, field, unit) => {
    const i = read(q, against);
    expect(i.groupBy).toBe(field);
    expect(i.bucket?.unit).toBe(unit);
  });

  it('a listing by a date is still sorted on it', () => {
    const i = read('list users by signup date');
    expect(i.groupBy).toBeNull();
    expect(i.sort).toEqual([{ field: 'signed_up_at', dir: 'desc' }]);
  });

  // "host containing most errors" searched the logs' text for "most".
  it.each([
    ['host containing most errors', 1],
    ['hosts containing the most errors', 10],
  ])('%s ranks hosts by their errors', (q, limit) => {
    const i = read(q);
    expect(i.text).toBeNull();
    expect(i.groupBy).toBe('host');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(i.limit).toBe(limit);
  });

  it('"holding the most" ranks as "with the most" does', () => {
    const i = read('senders holding the most messages in random');
    expect(i.groupBy).toBe('from');
    expect(i.filters).toEqual([{ field: 'channel', op: '=', value: 'random' }]);
    expect(i.limit).toBe(10);
  });

  it('"containing most" with nothing after it to rank by is still text searched for', () => {
    expect(read('messages containing most').text).toBe('most');
  });

  // "most active users" answered one group while "top customers" answers ten.
  it.each([
    ['most active users', 'from', 10],
    ['the busiest channels', 'channel', 10],
    ['most common log levels', 'level', 10],
    ['the most active user', 'from', 1],
    ['the 3 most active users', 'from', 3],
    ['most common status of orders', 'status', 1],
  ])('%s', (q, group, limit) => {
    const i = read(q);
    expect(i.groupBy).toBe(group);
    expect(i.limit).toBe(limit);
  });

  it('an order by a part of a value is refused as an order', () => {
    expect(failure('users sorted by email domain').message).toContain('to sort users by');
    expect(failure('users ranked by email provider').status).toBe(422);
  });

  // "logs from the day before yesterday until now" was refused ("No field of logs holds day").
  it.each([
    'logs from the day before yesterday until now',
    'logs from the day before yesterday through today',
    'orders between the day before yesterday and today',
  ])('%s is since that day began', (q) => {
    const i = read(q);
    expect(i.time?.from).toBe('2026-11-23T00:00:00.000Z');
    expect(i.time?.to ?? null).toBeNull();
  });
});
