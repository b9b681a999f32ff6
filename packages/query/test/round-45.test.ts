/**
 * The forty-fifth probing round: the engine over payments with an epoch `created`, page-view events,
 * sensor readings with a nested `location`, GitHub-like events with nested `repo`/`actor` objects
 * and audit entries.
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const at = (i: number) => new Date(NOW - i * 2_000_000).toISOString();
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

const payments = storeEntry(
  't45',
  'payments',
  Array.from({ length: 40 }, (_, i) => ({
    payment_id: `pay_${1000 + i}`,
    amount: (i * 1733) / 100,
    currency: pick(['USD', 'EUR', 'GBP'], i),
    status: pick(['succeeded', 'succeeded', 'failed', 'refunded'], i),
    method: pick(['card', 'sepa', 'paypal'], i),
    customer_email: `user${i % 12}@example.com`,
    created: Math.floor((NOW - i * 3_600_000) / 1000),
  })),
);
const views = storeEntry(
  't45',
  'events',
  Array.from({ length: 60 }, (_, i) => ({
    session_id: `s${i % 20}`,
    url: pick(['/', '/pricing', '/docs', '/blog/launch', '/signup'], i),
    referrer: pick(['google', 'twitter', 'direct', 'hn'], i),
    country: pick(['US', 'DE', 'IN', 'BR'], i),
    device: pick(['mobile', 'desktop', 'tablet'], i),
    duration_ms: (i * 977) % 120000,
    viewed_at: at(i),
  })),
);
const readings = storeEntry(
  't45',
  'devices',
  Array.from({ length: 48 }, (_, i) => ({
    device_id: `dev-${i % 12}`,
    temperature_c: 15 + ((i * 7) % 200) / 10,
    humidity: (i * 13) % 100,
    battery: (i * 17) % 100,
    location: { site: pick(['plant-a', 'plant-b'], i), floor: 1 + (i % 3) },
    reading_time: at(i),
  })),
);
const github = storeEntry(
  't45',
  'events-2',
  Array.from({ length: 45 }, (_, i) => ({
    event: pick(['push', 'pull_request', 'issues'], i),
    repo: { name: pick(['api', 'web', 'infra'], i), owner: 'acme' },
    actor: { login: pick(['ann', 'bo', 'cy'], i) },
    commits: i % 8,
    created_at: at(i),
  })),
);
const audits = storeEntry(
  't45',
  'audits',
  Array.from({ length: 40 }, (_, i) => ({
    actor: pick(['admin@acme.io', 'ops@acme.io', 'bot'], i),
    action: pick(['login', 'delete_user', 'update_role', 'export'], i),
    resource: pick(['users', 'billing', 'settings'], i),
    ip: `10.0.0.${i % 20}`,
    outcome: pick(['allowed', 'allowed', 'denied'], i),
    at: at(i),
  })),
);
const tenant = [payments, views, readings, github, audits];

/** Other shapes: a store named after its noun with a `<noun>_id`, and the sample data set's stores. */
const machines = storeEntry(
  't45',
  'machines',
  Array.from({ length: 20 }, (_, i) => ({
    machine_id: `m-${i % 5}`,
    load_pct: (i * 11) % 100,
    temp_f: 60 + (i % 30),
    pressure: (i * 3) % 40,
    at: at(i),
  })),
);
const jobs = storeEntry(
  't45',
  'jobs',
  Array.from({ length: 20 }, (_, i) => ({
    job_id: `j-${i}`,
    machine: `m-${i % 5}`,
    runtime_seconds: i * 13,
    owner: { name: pick(['ops', 'data'], i), team: pick(['a', 'b'], i) },
    created_at: at(i),
  })),
);
const plant = [machines, jobs];

describe('1. a measure named by a field of another store only', () => {
  it('"average duration by device" reads the store with both fields', () => {
    const i = read('average duration by device', tenant);
    expect(i.mcps).toEqual(['events']);
    expect(i.aggregate).toEqual({ fn: 'avg', field: 'duration_ms' });
    expect(i.groupBy).toBe('device');
  });

  it.each([
    ['max duration per device', 'max', 'duration_ms', 'events'],
    ['average runtime by machine', 'avg', 'runtime_seconds', 'jobs'],
  ])('%s', (q, fn, field, mcp) => {
    const i = read(q, q.includes('runtime') ? plant : tenant);
    expect(i.mcps).toEqual([mcp]);
    expect(i.aggregate).toEqual({ fn, field });
  });

  it.each([
    ['average duration of devices', tenant, 'No field of devices measures "duration"'],
    ['average battery of events', tenant, 'No field of events measures "battery"'],
    ['average runtime of machines', plant, 'No field of machines measures "runtime"'],
  ])('%s is refused, never another field', (q, against, message) => {
    expect(failure(q, against).message).toBe(message);
  });

  it("a word for what a record is worth is still the store's measure", () => {
    // The sample stores' metrics have a `value`: orders' is still their amount.
    expect(read('total value of pending orders').aggregate).toEqual({ fn: 'sum', field: 'amount' });
  });
});

describe('2. a temperature field ending in its unit', () => {
  it.each([
    ['average temperature by device_id', 'avg', 'device_id'],
    ['max temperature per site', 'max', 'location.site'],
  ])('%s', (q, fn, groupBy) => {
    const i = read(q, tenant);
    expect(i.aggregate).toEqual({ fn, field: 'temperature_c' });
    expect(i.groupBy).toBe(groupBy);
  });

  it('temp_f answers to "temp", load_pct to "load"', () => {
    expect(read('average temp by machine_id', plant).aggregate).toEqual({ fn: 'avg', field: 'temp_f' });
    expect(read('max load by machine_id', plant).aggregate).toEqual({ fn: 'max', field: 'load_pct' });
  });

  it('a one-letter unit stays part of other names', () => {
    const grades = storeEntry('t45', 'grades', [
      { vitamin_c: 3, student: 'a', at: at(1) },
      { vitamin_c: 4, student: 'b', at: at(2) },
    ]);
    expect(() => read('average vitamin', [grades])).toThrow();
    expect(read('average vitamin_c', [grades]).aggregate).toEqual({ fn: 'avg', field: 'vitamin_c' });
  });
});

describe('6. a noun for records of any store', () => {
  it('"readings where humidity above 90" reads the store with humidity', () => {
    const i = read('readings where humidity above 90', tenant);
    expect(i.mcps).toEqual(['devices']);
    expect(i.filters).toEqual([{ field: 'humidity', op: '>', value: 90 }]);
  });

  it.each([
    ['records where battery below 10', tenant, 'devices', 'battery'],
    ['samples where pressure above 30', plant, 'machines', 'pressure'],
  ])('%s', (q, against, mcp, field) => {
    const i = read(q, against);
    expect(i.mcps).toEqual([mcp]);
    expect(i.filters[0]!.field).toBe(field);
  });
});

describe('11. groups of an object field and values only some stores hold', () => {
  it('"push events by repo" groups events-2 by repo.name', () => {
    const i = read('push events by repo', tenant);
    expect(i.mcps).toEqual(['events-2']);
    expect(i.filters).toEqual([{ field: 'event', op: '=', value: 'push' }]);
    expect(i.groupBy).toBe('repo.name');
  });

  it('an object with a login groups by it; one with no name-like key is refused naming its keys', () => {
    expect(read('push events by actor', tenant).groupBy).toBe('actor.login');
    expect(read('jobs by owner', plant).groupBy).toBe('owner.name');
    const sites = storeEntry('t45', 'readings', [
      { spot: { x: 1, y: 2 }, v: 1, at: at(1) },
      { spot: { x: 2, y: 3 }, v: 2, at: at(2) },
    ]);
    expect(failure('readings by spot', [sites]).message).toContain('spot.x');
  });

  it('a value of a field one store of the domain holds reads that store', () => {
    const i = read('events from google by url', tenant);
    expect(i.mcps).toEqual(['events']);
    expect(i.groupBy).toBe('url');
  });
});

describe("12. the store's noun before a generic word for records", () => {
  it.each([
    ['audit events from ip 10.0.0.3', { field: 'ip', op: '=', value: '10.0.0.3' }],
    ['audit entries denied', { field: 'outcome', op: '=', value: 'denied' }],
    ['audit log for bot', { field: 'actor', op: '=', value: 'bot' }],
  ])('%s reads audits', (q, filter) => {
    const i = read(q, tenant);
    expect(i.mcps).toEqual(['audits']);
    expect(i.filters).toContainEqual(filter);
  });
});

describe('2. the store\'s own noun after "by" groups by the field naming each one', () => {
  it.each([
    ['average temperature by device', tenant, 'temperature_c', 'device_id'],
    ['max battery for each device', tenant, 'battery', 'device_id'],
    ['average temp per machine', plant, 'temp_f', 'machine_id'],
  ])('%s', (q, against, field, groupBy) => {
    const i = read(q, against);
    expect(i.aggregate?.field).toBe(field);
    expect(i.groupBy).toBe(groupBy);
  });

  it('the noun alone lists or counts the records, ungrouped', () => {
    expect(read('list each device', tenant).groupBy).toBeNull();
    expect(read('count devices', tenant).groupBy).toBeNull();
  });
});

describe('10. how many of a number field named in the plural is its sum', () => {
  it('"how many commits by ann" adds up commits', () => {
    const i = read('how many commits by ann', tenant);
    expect(i.mcps).toEqual(['events-2']);
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'commits' });
    expect(i.filters).toEqual([{ field: 'actor.login', op: '=', value: 'ann' }]);
  });

  it('per group, and with other words', () => {
    const i = read('number of commits per repo', tenant);
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'commits' });
    expect(i.groupBy).toBe('repo.name');
    const jobsWithRetries = storeEntry(
      't45',
      'builds',
      Array.from({ length: 10 }, (_, i) => ({ branch: pick(['main', 'dev'], i), retries: i % 3, at: at(i) })),
    );
    expect(read('how many retries on main', [jobsWithRetries]).aggregate).toEqual({
      fn: 'sum',
      field: 'retries',
    });
  });

  it('the records themselves are still counted', () => {
    expect(read('how many events by ann', tenant).aggregate).toEqual({ fn: 'count', field: null });
    expect(
      read('how many builds on main', [
        storeEntry('t45', 'builds', [
          { branch: 'main', retries: 1, at: at(1) },
          { branch: 'dev', retries: 0, at: at(2) },
        ]),
      ]).aggregate,
    ).toEqual({ fn: 'count', field: null });
  });
});

describe('2. "which <the store\'s own noun> has the highest ..." ranks the ones it is named after', () => {
  it.each([
    ['which device has the highest temperature', tenant, 'temperature_c', 'device_id'],
    ['which machine has the highest load', plant, 'load_pct', 'machine_id'],
  ])('%s', (q, against, field, groupBy) => {
    const i = read(q, against);
    expect(i.aggregate?.field).toBe(field);
    expect(i.groupBy).toBe(groupBy);
    expect(i.limit).toBe(1);
  });

  it('a store whose id names one record each still ranks the records', () => {
    expect(read('which payment has the highest amount', tenant).groupBy).toBeNull();
  });
});

/**
 * The forty-fifth round's questions of the sample data set (fixtures/probes-45.json): words the old
 * reading dropped or misread, each of which answered another question or refused a plain one.
 */
describe('forty-fifth round over the sample data set', () => {
  it('a second text joined by "or" or "and" to the one searched for is refused, with each offered', () => {
    const either = failure('messages mentioning checkout or login');
    expect(either.message).toMatch(/either of two texts/);
    expect(either.suggestions).toEqual(
      expect.arrayContaining(['messages mentioning checkout', 'messages mentioning login']),
    );
    expect(failure('logs containing timeout and refused').message).toMatch(/two texts/);
    expect(failure('messages about deploy or invoice').message).toMatch(/either of two texts/);
    expect(failure('messages mentioning checkout or mentioning login').status).toBe(422);
  });

  it('a condition after "and" following a searched text is still read', () => {
    const i = read('messages containing invoice and from bob');
    expect(i.text).toBe('invoice');
    expect(i.filters).toEqual([{ field: 'from', op: '=', value: 'bob' }]);
    expect(read('messages mentioning deploy and john').filters).toEqual([
      { field: 'from', op: '=', value: 'john' },
    ]);
  });

  it('a part or property of the grouped value is refused rather than dropped', () => {
    expect(failure('group users by email domain').message).toMatch(/"domain"/);
    expect(failure('count orders per customer domain').message).toMatch(/"domain"/);
    expect(failure('count users by country code').message).toMatch(/"code"/);
    expect(failure('users by team size').message).toMatch(/"size"/);
  });

  it('the grouped value named with its own name, or an order, still groups', () => {
    expect(read('count logs by host name').groupBy).toBe('host');
    expect(read('count users by country, descending').groupBy).toBe('country');
    expect(read('minimum age per team among premium users').groupBy).toBe('team');
  });

  it('a handle is the name a store learned', () => {
    expect(read('messages from @john').filters).toEqual([{ field: 'from', op: '=', value: 'john' }]);
    expect(read('messages by @alice in #random').filters).toEqual([
      { field: 'from', op: '=', value: 'alice' },
      { field: 'channel', op: '=', value: 'random' },
    ]);
  });

  it('the end of a mail domain is the end of the addresses', () => {
    expect(read('how many .io users').filters).toEqual([{ field: 'email', op: 'endswith', value: '.io' }]);
    expect(read('users with a .com email').filters).toEqual([
      { field: 'email', op: 'endswith', value: '.com' },
    ]);
    expect(read('orders from .io customers').filters).toEqual([
      { field: 'customer', op: 'endswith', value: '.io' },
    ]);
    expect(failure('how many .net users').message).toMatch(/"\.net"/);
  });

  it('comparison signs are the operators', () => {
    expect(read('orders ≥ 995').filters).toEqual([{ field: 'amount', op: '>=', value: 995 }]);
    expect(read('orders with amount≤10').filters).toEqual([{ field: 'amount', op: '<=', value: 10 }]);
    expect(read('orders with status ≠ paid').filters).toEqual([{ field: 'status', op: '!=', value: 'paid' }]);
  });

  it('a day of the week that recurs is refused; one day is still a window', () => {
    for (const q of ['users who signed up on a monday', 'orders every friday', 'orders placed on a weekend'])
      expect(failure(q).message).toMatch(/every such day/);
    expect(read('orders on monday').time?.from).toBe('2026-11-23T00:00:00.000Z');
    expect(read('orders last weekend').time?.from).toBe('2026-11-21T00:00:00.000Z');
  });

  it('"any idea" and "out of curiosity" before a question word lead in and ask nothing', () => {
    expect(read('any idea how much revenue we made this month').aggregate).toEqual({
      fn: 'sum',
      field: 'value',
    });
    expect(read('out of curiosity, how many messages mention lunch').text).toBe('lunch');
  });

  it('records called new, counted with no window, are refused; listed, they come newest first', () => {
    expect(failure('how many new users').message).toMatch(/Say how new/);
    expect(failure('count new orders by status').message).toMatch(/Say how new/);
    expect(failure('how many users are new').message).toMatch(/Say how new/);
    expect(read('how many new users this week').aggregate).toEqual({ fn: 'count', field: null });
    expect(read("what's new in project-x").filters).toEqual([
      { field: 'channel', op: '=', value: 'project-x' },
    ]);
  });

  it('a named field other than the text that contains a word is a condition on that field', () => {
    expect(read('logs whose host contains web').filters).toEqual([
      { field: 'host', op: 'contains', value: 'web' },
    ]);
    expect(read('count logs where the host contains db this week').text).toBeNull();
    expect(read('users with an email containing acme').filters).toEqual([
      { field: 'email', op: 'contains', value: 'acme' },
    ]);
    // The store's own text is still searched; ranking words are no part of a value.
    expect(read('logs where message contains db-1').text).toBe('db-1');
    // Refused until round 49; now read as "which channel has the most messages" (round-49.test.ts).
    expect(read('which channel contains the most messages').groupBy).toBe('channel');
  });
});
