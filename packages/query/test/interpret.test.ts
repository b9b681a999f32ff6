import type { AppError } from '@smartdb/core';
import { describe, expect, it } from 'vitest';
import { interpretQuery } from '../src/interpret.ts';
import { suggestQuestions } from '../src/suggestions.ts';
import { sampleStores, storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const { stores } = sampleStores('t1', NOW);
const read = (q: string, s = stores) => interpretQuery(q, s, { now: new Date(NOW) });
const shape = (q: string) => {
  const { interpretation: i } = read(q);
  return {
    mcps: i.mcps,
    filters: i.filters,
    aggregate: i.aggregate,
    groupBy: i.groupBy,
    sort: i.sort,
    limit: i.limit,
    text: i.text,
  };
};
function failure(q: string, s = stores): AppError {
  try {
    read(q, s);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`"${q}" was answered`);
}

describe('choosing the store', () => {
  it.each([
    ['list all customers', 'users'],
    ['how many people signed up this week', 'users'],
    ['count chats per channel', 'messages'],
    ['show me the stats for worker-1', 'metrics'],
    ['how many purchases were refunded', 'orders'],
    ['recent errors', 'logs'],
  ])('%s → %s by name or synonym', (q, store) => {
    expect(read(q).interpretation.mcps).toEqual([store]);
  });

  it('grounds on values when no store is named', () => {
    expect(read('what is the average cpu usage').interpretation.mcps).toEqual(['metrics']);
    expect(read('refunded in EUR').interpretation.mcps).toEqual(['orders']);
  });

  it('settles ambiguity by evidence: a value that exists beats a guess', () => {
    // web-1 is a host in both logs and metrics; "cpu usage" exists only in metrics
    expect(read('max cpu usage on web-1').interpretation.mcps).toEqual(['metrics']);
    // john is a username in users too, but "messages" names the store
    expect(shape('messages from john').filters).toEqual([{ field: 'from', op: '=', value: 'john' }]);
    expect(shape('users named john').filters).toEqual([{ field: 'username', op: '=', value: 'john' }]);
  });

  it('fans out across domains that the evidence ties', () => {
    const { interpretation } = read('show everything on web-1');
    expect(interpretation.mcps).toEqual(['logs', 'metrics']);
    expect(interpretation.domain).toBe('*');
  });

  it('reads every store of a domain (users, users-2)', () => {
    const extra = storeEntry('t1', 'users-2', [{ username: 'zed', plan: 'premium', age: 50 }]);
    expect(read('count premium users', [...stores, extra]).interpretation.mcps).toEqual(['users', 'users-2']);
  });

  it('works when the domains have unfamiliar names, from fields and values alone', () => {
    const renamed = sampleStores('t2', NOW, { users: 'store-a', logs: 'store-b' }).stores;
    expect(read('count premium accounts', renamed).interpretation).toMatchObject({
      mcps: ['store-a'],
      filters: [{ field: 'plan', op: '=', value: 'premium' }],
    });
    expect(read('errors on web-2 today', renamed).interpretation.mcps).toEqual(['store-b']);
  });
});

describe('filters from learned values', () => {
  it.each([
    ['count premium users', [{ field: 'plan', op: '=', value: 'premium' }]],
    ['users in North America', [{ field: 'region', op: '=', value: 'North America' }]],
    ['users on the free plan', [{ field: 'plan', op: '=', value: 'free' }]],
    ['messages in project-x', [{ field: 'channel', op: '=', value: 'project-x' }]],
    ['get messages token xyz123', [{ field: 'token', op: '=', value: 'xyz123' }]],
    ['show errors', [{ field: 'level', op: '=', value: 'error' }]],
    [
      'warnings from api',
      [
        { field: 'level', op: '=', value: 'warn' },
        { field: 'service', op: '=', value: 'api' },
      ],
    ],
    ['find user u-0007', [{ field: 'id', op: '=', value: 'u-0007' }]],
    ['orders with status paid', [{ field: 'status', op: '=', value: 'paid' }]],
    ['users not in Europe', [{ field: 'region', op: '!=', value: 'Europe' }]],
    ['show warn and error logs', [{ field: 'level', op: 'in', value: ['warn', 'error'] }]],
    ['users named "Alice Smith"', [{ field: 'name', op: '=', value: 'Alice Smith' }]],
  ])('%s', (q, filters) => {
    expect(shape(q).filters).toEqual(filters);
  });

  it.each(['users not in Europe', 'users except those in Europe', 'users other than the ones in Europe'])(
    '%s negates the value',
    (q) => {
      expect(shape(q).filters).toEqual([{ field: 'region', op: '!=', value: 'Europe' }]);
    },
  );

  it('a multi-word value matches in the plural ("response times")', () => {
    expect(shape('response times over 500 ms').filters).toContainEqual({
      field: 'metric',
      op: '=',
      value: 'response_time',
    });
    expect(shape('average response times per host')).toMatchObject({
      mcps: ['metrics'],
      aggregate: { fn: 'avg', field: 'value' },
      groupBy: 'host',
    });
  });

  it('a bare word after a field with a complete dictionary is not taken as a value', () => {
    const { filters } = shape('which services logged errors yesterday');
    expect(filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    // With a connector it is a value, even one that matches nothing.
    expect(shape('logs where service is billing').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'billing',
    });
  });

  it('an email finds the field that holds emails even when it is not in the dictionary', () => {
    expect(shape('find user someone.new@example.org').filters).toEqual([
      { field: 'email', op: '=', value: 'someone.new@example.org' },
    ]);
  });
});

describe('numbers and comparisons', () => {
  it.each([
    ['users older than 40', [{ field: 'age', op: '>', value: 40 }]],
    ['users younger than 25', [{ field: 'age', op: '<', value: 25 }]],
    ['users aged at least 30', [{ field: 'age', op: '>=', value: 30 }]],
    ['users with age at most 30', [{ field: 'age', op: '<=', value: 30 }]],
    ['users aged 30', [{ field: 'age', op: '=', value: 30 }]],
    ['orders over 500', [{ field: 'amount', op: '>', value: 500 }]],
    ['orders above $1,000', [{ field: 'amount', op: '>', value: 1000 }]],
    ['orders under 20', [{ field: 'amount', op: '<', value: 20 }]],
    ['orders with amount below 20', [{ field: 'amount', op: '<', value: 20 }]],
    ['orders of 100 or more', [{ field: 'amount', op: '>=', value: 100 }]],
    [
      'orders between 100 and 200',
      [
        { field: 'amount', op: '>=', value: 100 },
        { field: 'amount', op: '<=', value: 200 },
      ],
    ],
  ])('%s', (q, filters) => {
    expect(shape(q).filters).toEqual(filters);
  });
});

describe('aggregates and grouping', () => {
  it('measures a metric by its name', () => {
    expect(shape('average cpu usage')).toMatchObject({
      filters: [{ field: 'metric', op: '=', value: 'cpu_usage' }],
      aggregate: { fn: 'avg', field: 'value' },
    });
    expect(shape('total revenue').aggregate).toEqual({ fn: 'sum', field: 'value' });
    expect(shape('peak response time').aggregate).toEqual({ fn: 'max', field: 'value' });
  });
  it('names the field when the question does', () => {
    expect(shape('total amount of paid orders').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(shape('average age of premium users').aggregate).toEqual({ fn: 'avg', field: 'age' });
    expect(shape('minimum order amount').aggregate).toEqual({ fn: 'min', field: 'amount' });
  });
  it('"total orders" counts, it does not sum', () => {
    expect(read('total orders').interpretation).toMatchObject({
      intent: 'count',
      aggregate: { fn: 'count', field: null },
    });
  });
  it.each([
    ['how many orders per status', 'status'],
    ['count warn logs by service', 'service'],
    ['users for each plan', 'plan'],
    ['average response time per host', 'host'],
    ['count logs grouped by level', 'level'],
  ])('%s groups by %s', (q, field) => {
    expect(shape(q).groupBy).toBe(field);
  });
});

describe('sorting and limits', () => {
  it('top / largest N by F sorts F descending', () => {
    expect(shape('top 5 orders by amount')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 5,
    });
    expect(shape('largest 3 orders')).toMatchObject({ sort: [{ field: 'amount', dir: 'desc' }], limit: 3 });
    expect(shape('cheapest 3 orders')).toMatchObject({ sort: [{ field: 'amount', dir: 'asc' }], limit: 3 });
    expect(shape('the 3 biggest orders in USD')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 3,
      aggregate: null,
    });
  });
  it('top N of a category field ranks its groups by the aggregate', () => {
    expect(shape('top 3 hosts by average cpu usage')).toMatchObject({
      mcps: ['metrics'],
      filters: [{ field: 'metric', op: '=', value: 'cpu_usage' }],
      aggregate: { fn: 'avg', field: 'value' },
      groupBy: 'host',
      limit: 3,
    });
    expect(shape('top 2 services by error count')).toMatchObject({
      mcps: ['logs'],
      filters: [{ field: 'level', op: '=', value: 'error' }],
      aggregate: { fn: 'count', field: null },
      groupBy: 'service',
      limit: 2,
    });
    // A store word after the number is not a group: the records themselves are ranked.
    expect(shape('top 5 orders by amount')).toMatchObject({ groupBy: null, limit: 5 });
  });

  it('"sort <store> by F" sorts, it does not group', () => {
    expect(shape('sort orders by amount ascending')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      groupBy: null,
      aggregate: null,
    });
  });

  it('a singular store noun after latest / youngest asks for one record', () => {
    expect(shape('the latest message from alice')).toMatchObject({ limit: 1 });
    expect(shape('youngest user')).toMatchObject({ sort: [{ field: 'age', dir: 'asc' }], limit: 1 });
    expect(shape('latest messages from alice')).toMatchObject({ limit: null });
  });

  it('latest / first N sort by time', () => {
    expect(shape('the 10 most recent messages')).toMatchObject({
      sort: [{ field: 'sent_at', dir: 'desc' }],
      limit: 10,
    });
    expect(shape('latest 5 logs')).toMatchObject({ sort: [{ field: 'timestamp', dir: 'desc' }], limit: 5 });
    expect(shape('first 20 info logs')).toMatchObject({
      sort: [{ field: 'timestamp', dir: 'asc' }],
      limit: 20,
    });
    expect(shape('oldest 2 orders')).toMatchObject({ sort: [{ field: 'created_at', dir: 'asc' }], limit: 2 });
  });
  it('explicit ordering', () => {
    expect(shape('orders sorted by amount ascending').sort).toEqual([{ field: 'amount', dir: 'asc' }]);
    expect(shape('youngest 3 users')).toMatchObject({ sort: [{ field: 'age', dir: 'asc' }], limit: 3 });
  });
});

describe('text search', () => {
  it.each([
    ['search messages containing deploy', 'deploy'],
    ['messages mentioning invoice', 'invoice'],
    ['logs about timeout', 'timeout'],
    ['search messages for "deploy failed"', 'deploy failed'],
    ['error logs mentioning db-1', 'db-1'],
    ['show me timeouts in the logs', 'timeout'],
  ])('%s', (q, text) => {
    const { interpretation } = read(q);
    expect(interpretation).toMatchObject({ intent: 'search', text });
  });

  it('words found inside learned text, and nowhere else, choose the stores that hold them', () => {
    const { interpretation } = read('show me timeouts');
    expect(interpretation).toMatchObject({ intent: 'search', text: 'timeout', domain: '*' });
    expect(interpretation.mcps).toEqual(['logs', 'messages']);
  });

  it('"how many slow query warnings" keeps its filter and searches the words found in learned text', () => {
    const { interpretation } = read('how many slow query warnings');
    expect(interpretation).toMatchObject({ intent: 'count', text: 'slow query' });
    expect(interpretation.filters).toEqual([{ field: 'level', op: '=', value: 'warn' }]);
  });

  it('matches learned text by whole words only ("times" is not "timeout")', () => {
    expect(read('how many times did bob post in random').interpretation.text).toBeNull();
  });
});

describe('refusals and unparseable questions', () => {
  it.each([
    'delete all users',
    'drop the logs',
    'please update orders set status to paid',
    'Truncate messages',
    'insert a user',
  ])('%s is refused', (q) => {
    expect(failure(q)).toMatchObject({ status: 403, code: 'WRITE_REFUSED' });
  });
  it.each(['asdf qwerty zxcv', 'what is the weather in paris', 'hello'])(
    '%s is unparseable with suggestions',
    (q) => {
      const e = failure(q);
      expect(e).toMatchObject({ status: 422, code: 'UNPARSEABLE_QUERY' });
      expect(e.suggestions?.length).toBeGreaterThan(0);
    },
  );
  it('every suggestion is itself a question the grammar reads', () => {
    const suggestions = suggestQuestions(stores);
    expect(suggestions.length).toBeGreaterThan(3);
    for (const s of suggestions) expect(read(s).confidence, s).toBeGreaterThan(0.8);
  });
  it('suggests ingesting when the tenant has no stores', () => {
    expect(failure('count users', []).suggestions?.[0]).toMatch(/ingest/);
  });
});

describe('confidence', () => {
  it('is high when every word is grounded and lower with unknown words', () => {
    const full = read('count premium users').confidence;
    const partial = read('count premium users blorf').confidence;
    expect(full).toBe(1);
    expect(partial).toBeLessThan(full);
    expect(partial).toBeGreaterThan(0.45);
  });
});
