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
const interpretIn = (q: string, s: typeof stores) => read(q, s).interpretation;
function failure(q: string, s = stores): AppError {
  try {
    read(q, s);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`"${q}" was answered`);
}

describe('choosing the store', () => {
  it('a value tied between stores goes to the store where it identifies one record', () => {
    const { records } = sampleStores('t1', NOW);
    const users = records.filter((r) => r.kind === 'users');
    const orders = records.filter((r) => r.kind === 'orders');
    const bought = new Set(orders.map((o) => o.data.customer));
    const customer = String(users.find((u) => bought.has(u.data.email))!.data.email);
    for (const q of [`Who is ${customer}?`, `look up ${customer}`]) {
      const i = read(q).interpretation;
      expect(i.mcps).toEqual(['users']);
      expect(i.filters).toEqual([{ field: 'email', op: '=', value: customer }]);
    }
    // Named, the orders store still answers.
    expect(read(`orders placed by ${customer}`).interpretation.mcps).toEqual(['orders']);
    // A plain name is no identifier-shaped value: it stays with what people do.
    expect(read('what did alice write').interpretation.filters).toEqual([
      { field: 'from', op: '=', value: 'alice' },
    ]);
  });
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

describe('a store synonym that is another store’s field', () => {
  it('is read as the field when the rest of the question points to that store', () => {
    expect(shape('top 2 customers by total spend')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 2,
    });
    expect(shape('what’s the average amount spent per customer')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'avg', field: 'amount' },
    });
    expect(shape('which client spent the most')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 1,
    });
  });
  it('still names its own store when nothing else points away from it', () => {
    expect(shape('list customers in Germany').mcps).toEqual(['users']);
    expect(shape('count customers by plan')).toMatchObject({ mcps: ['users'], groupBy: 'plan' });
    expect(shape('top 5 customers by age').mcps).toEqual(['users']);
  });
  it('a learned value next to its field is the value, not a store word ("sales team" vs sales)', () => {
    expect(shape('customers in the sales team')).toMatchObject({
      mcps: ['users'],
      filters: [{ field: 'team', op: '=', value: 'sales' }],
    });
    expect(shape('sales per customer')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
    });
  });
  it('a verb of ordering names the orders ("which customers ordered the most")', () => {
    expect(shape('which customers ordered the most')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'count', field: null },
      limit: 1,
    });
  });
});

describe('ranking groups', () => {
  it('"most active" is a ranking, not the learned value active', () => {
    expect(shape('the 3 most active senders')).toMatchObject({
      mcps: ['messages'],
      filters: [],
      groupBy: 'from',
      limit: 3,
    });
  });
  it('a superlative before a person field ranks its groups by what they spend', () => {
    expect(shape('biggest spender')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 1,
    });
    expect(shape('top 3 spenders')).toMatchObject({ groupBy: 'customer', limit: 3 });
  });
  it('"top N <category> by <number field>" ranks the groups by that field', () => {
    expect(shape('top 3 customers by order amount')).toMatchObject({
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 3,
    });
  });
  it('a person word groups by the store’s person field', () => {
    expect(shape('how many messages did each user send')).toMatchObject({
      mcps: ['messages'],
      groupBy: 'from',
      aggregate: { fn: 'count', field: null },
    });
    expect(shape('which user sent the most messages in random')).toMatchObject({
      filters: [{ field: 'channel', op: '=', value: 'random' }],
      groupBy: 'from',
      limit: 1,
    });
  });
  it('the most common value of a field, past a store word or a learned value', () => {
    expect(shape('the most common log level')).toMatchObject({ groupBy: 'level', limit: 1 });
    expect(shape('most common error message')).toMatchObject({
      filters: [{ field: 'level', op: '=', value: 'error' }],
      groupBy: 'message',
      limit: 1,
    });
    expect(shape('which level appears most often')).toMatchObject({ groupBy: 'level', limit: 1 });
  });
  it('"distribution of", and a category field named alone in the plural, group by the field', () => {
    expect(shape('distribution of log levels')).toMatchObject({ groupBy: 'level' });
    expect(shape('list the channels')).toMatchObject({ mcps: ['messages'], groupBy: 'channel' });
    expect(shape('what plans are there')).toMatchObject({ mcps: ['users'], groupBy: 'plan' });
    // A store name is no field list, nor is a field after values.
    expect(shape('fetch metrics').groupBy).toBeNull();
    expect(shape('logs for the db and worker services').groupBy).toBeNull();
  });
});

describe('ranking records', () => {
  it('"least expensive" sorts ascending, past learned values to the noun', () => {
    expect(shape('least expensive order')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 1,
      aggregate: null,
    });
    expect(shape('smallest paid order in EUR')).toMatchObject({
      filters: [
        { field: 'status', op: '=', value: 'paid' },
        { field: 'currency', op: '=', value: 'EUR' },
      ],
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 1,
    });
    expect(shape('youngest premium user')).toMatchObject({ sort: [{ field: 'age', dir: 'asc' }], limit: 1 });
  });
  it('number words count ("the five largest", "the ten most recent")', () => {
    expect(shape('the five largest EUR orders')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 5,
      aggregate: null,
    });
    expect(shape('the ten most recent errors')).toMatchObject({
      sort: [{ field: 'timestamp', dir: 'desc' }],
      limit: 10,
    });
  });
});

describe('measures named in words', () => {
  it('"total sales" sums, "total orders" counts', () => {
    expect(shape('total sales this week').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(shape('total orders this week').aggregate).toEqual({ fn: 'count', field: null });
  });
  it('revenue where it is no learned value is the store’s measure', () => {
    expect(shape('revenue from paid orders')).toMatchObject({
      mcps: ['orders'],
      aggregate: { fn: 'sum', field: 'amount' },
    });
    expect(shape('average revenue per order').aggregate).toEqual({ fn: 'avg', field: 'amount' });
    expect(shape('total revenue')).toMatchObject({
      mcps: ['metrics'],
      filters: [{ field: 'metric', op: '=', value: 'revenue' }],
    });
  });
  it('a word for the measured field is explained by the aggregate', () => {
    const { interpretation, confidence } = read('how much was spent in USD');
    expect(interpretation.aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(confidence).toBeGreaterThan(0.9);
  });
});

describe('more comparisons and filters', () => {
  it.each([
    [
      'users aged 25 to 30',
      [
        ['age', '>=', 25],
        ['age', '<=', 30],
      ],
    ],
    ['users above the age of 60', [['age', '>', 60]]],
    ['users under the age of 21', [['age', '<', 21]]],
    ['users 60 and older', [['age', '>=', 60]]],
    ['users aged 60+', [['age', '>=', 60]]],
    ['users 30 or younger', [['age', '<=', 30]]],
    [
      'response times slower than 800ms',
      [
        ['value', '>', 800],
        ['metric', '=', 'response_time'],
      ],
    ],
    [
      'response times faster than 20 ms',
      [
        ['value', '<', 20],
        ['metric', '=', 'response_time'],
      ],
    ],
    ['messages outside general', [['channel', '!=', 'general']]],
    ['users with acme.io emails', [['email', 'endswith', 'acme.io']]],
    ['how many acme.io users', [['email', 'endswith', 'acme.io']]],
  ])('%s', (q, want) => {
    expect(shape(q).filters).toEqual(want.map(([field, op, value]) => ({ field, op, value })));
  });
  it('"contain the word X" searches for X', () => {
    expect(shape('how many messages contain the word invoice').text).toBe('invoice');
  });
});

describe('more refusals', () => {
  it.each(['mark order o-0001 as refunded', 'cancel all pending orders', 'upgrade john to premium'])(
    '%s is refused',
    (q) => {
      expect(failure(q)).toMatchObject({ status: 403, code: 'WRITE_REFUSED' });
    },
  );
  it('"add up" asks for a total; "add" before anything else is refused', () => {
    expect(shape('add up the amounts of paid orders').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(shape('sum up revenue this month').aggregate).toEqual({ fn: 'sum', field: 'value' });
    expect(failure('add user bob')).toMatchObject({ status: 403, code: 'WRITE_REFUSED' });
  });
  it('a past participle of such a verb is no command ("cancelled orders")', () => {
    // No field holds a cancelled state, so the question is refused as unanswerable, not as a write.
    expect(failure('cancelled orders')).toMatchObject({ status: 422, code: 'UNPARSEABLE_QUERY' });
  });
});

describe('words for learned values and measures', () => {
  it('"latency" is the response_time a metric store learned', () => {
    expect(shape('average latency of the api service')).toMatchObject({
      mcps: ['metrics'],
      filters: [
        { field: 'metric', op: '=', value: 'response_time' },
        { field: 'service', op: '=', value: 'api' },
      ],
      aggregate: { fn: 'avg', field: 'value' },
    });
  });
  it('"failures" and "fail" are the error level where no failed status is learned', () => {
    expect(shape('failures in the worker service')).toMatchObject({
      mcps: ['logs'],
      filters: [
        { field: 'level', op: '=', value: 'error' },
        { field: 'service', op: '=', value: 'worker' },
      ],
    });
    const failed = storeEntry('t1', 'jobs', [
      { job: 'a', status: 'failed' },
      { job: 'b', status: 'done' },
    ]);
    expect(interpretIn('count failures', [failed]).filters).toEqual([
      { field: 'status', op: '=', value: 'failed' },
    ]);
  });
  it('a level measured by a learned value is averaged, not summed ("how much memory")', () => {
    expect(shape('how much memory is web-1 using').aggregate).toEqual({ fn: 'avg', field: 'value' });
    expect(shape('memory per host').aggregate).toEqual({ fn: 'avg', field: 'value' });
    expect(shape('how much revenue did we make today').aggregate).toEqual({ fn: 'sum', field: 'value' });
    expect(shape('errors per service').aggregate).toEqual({ fn: 'count', field: null });
  });
});

describe('searching for a word that also names a store', () => {
  it('"search for invoice" looks in the text that holds the word', () => {
    expect(shape('search for invoice')).toMatchObject({ mcps: ['messages'], text: 'invoice' });
    expect(shape('search for orders')).toMatchObject({ mcps: ['orders'], text: null });
  });
  it('a quoted phrase found in learned text is searched for', () => {
    expect(shape('find "great demo"')).toMatchObject({ mcps: ['messages'], text: 'great demo' });
  });
});

describe('place adjectives and totals', () => {
  it.each([
    ['European users', 'region', 'Europe'],
    ['Asian users', 'region', 'Asia'],
    ['Japanese users', 'country', 'Japan'],
    ['Canadian users', 'country', 'Canada'],
    ['German users', 'country', 'Germany'],
  ])('%s: the adjective of a learned place name is the place', (q, field, value) => {
    expect(shape(q).filters).toEqual([{ field, op: '=', value }]);
  });
  it('"in total" after a count adds nothing ("how many users in total")', () => {
    expect(shape('how many users in total').aggregate).toEqual({ fn: 'count', field: null });
  });
});

describe('"the <category> with the most …"', () => {
  it('ranks the groups of the category field', () => {
    expect(shape('the channel with the most messages')).toMatchObject({
      groupBy: 'channel',
      aggregate: { fn: 'count', field: null },
      limit: 1,
    });
    expect(shape('the 3 teams with the most users')).toMatchObject({ groupBy: 'team', limit: 3 });
    expect(shape('the host with the highest average cpu usage')).toMatchObject({
      filters: [{ field: 'metric', op: '=', value: 'cpu_usage' }],
      groupBy: 'host',
      aggregate: { fn: 'avg', field: 'value' },
      limit: 1,
    });
  });
  it('a store noun before "with the highest" still ranks records', () => {
    expect(shape('the order with the highest amount')).toMatchObject({
      groupBy: null,
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 1,
    });
  });
});

describe('commands phrased politely or behind a read', () => {
  it.each([
    "I'd like to delete user john",
    'can we get rid of old logs',
    'go ahead and drop the orders',
    'would you mind deleting all errors',
    "let's delete the messages in random",
    'how do I delete all messages from bob',
    'show me the users and then delete them',
    'list all users, then remove the inactive ones',
    'get all pending orders and cancel them',
    'can the pending orders be deleted?',
    'messages from john should be deleted',
    'I need all refunded orders removed',
    'flush all metrics',
    'store this message: hello',
    'post a message in general saying hi',
    'make alice a premium user',
    'time to wipe the metrics',
    'users: delete all inactive',
    'orders - cancel the pending ones',
  ])('%s is refused', (q) => {
    expect(failure(q)).toMatchObject({ status: 403, code: 'WRITE_REFUSED' });
  });
  it('a refusal offers read questions instead', () => {
    expect(failure('please delete the logs').suggestions?.length).toBeGreaterThan(0);
  });
  it.each([
    'how many orders were refunded',
    'send me the errors',
    'make me a list of premium users',
    'posts in random',
  ])('%s still reads', (q) => {
    expect(read(q).interpretation.mcps.length).toBeGreaterThan(0);
  });
  it.each(['how many messages were deleted', 'which users were updated this week'])(
    '%s is no command, but a state no field holds',
    (q) => {
      expect(failure(q)).toMatchObject({ status: 422, code: 'UNPARSEABLE_QUERY' });
    },
  );
});

describe('questions about something the tenant has no data on', () => {
  it.each([
    'how is the weather in Germany',
    'what is the capital of France',
    "what's the population of India",
    'who is the president of the United States',
    'flights from Canada to Mexico',
    'translate hello to Japanese',
    'best restaurants in Spain',
    'what time is it in Singapore',
    'how tall is john',
    'weather forecast for web-1',
    'news about Germany',
    'temperature in Mexico today',
  ])('%s is unparseable with suggestions', (q) => {
    const e = failure(q);
    expect(e).toMatchObject({ status: 422, code: 'UNPARSEABLE_QUERY' });
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });
  it.each([
    ['what did john say', 'messages'],
    ['who lives in France', 'users'],
    ['everyone in Germany', 'users'],
    ["what's the average memory usage on web-1", 'metrics'],
    ['the status of o-0001', 'orders'],
    ['what is happening on web-1', 'logs'],
    ['the 3 slowest response times on the api service', 'metrics'],
  ])('%s is still answered from %s', (q, store) => {
    expect(read(q).interpretation.mcps).toContain(store);
  });
});

describe('people ranked by what they do', () => {
  it('the most active users are the senders of the most messages', () => {
    expect(shape('5 most active users in random')).toMatchObject({
      mcps: ['messages'],
      filters: [{ field: 'channel', op: '=', value: 'random' }],
      groupBy: 'from',
      aggregate: { fn: 'count', field: null },
      limit: 5,
    });
    expect(shape('the 3 most active users')).toMatchObject({ mcps: ['messages'], groupBy: 'from', limit: 3 });
  });
  it('the top customers are those who spent the most', () => {
    expect(shape('top 5 customers')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 5,
    });
    expect(shape('top 3 customers by number of orders').aggregate).toEqual({ fn: 'count', field: null });
  });
  it('people ranked by their own field stay in their store', () => {
    expect(shape('top 5 users by age')).toMatchObject({
      mcps: ['users'],
      sort: [{ field: 'age', dir: 'desc' }],
      limit: 5,
    });
  });
  it('"the biggest customers" spent the most; "which channel is the busiest" ranks by count', () => {
    expect(shape('biggest customers by order value in EUR')).toMatchObject({
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      limit: 10,
    });
    expect(shape('which channel is the busiest')).toMatchObject({ groupBy: 'channel', limit: 1 });
  });
  it('"which sender posted the most" ranks the senders', () => {
    expect(shape('which sender posted the most in general')).toMatchObject({ groupBy: 'from', limit: 1 });
  });
});

describe('more of the grammar', () => {
  it.each([
    ['users who are 25 years old', [['age', '=', 25]]],
    ['messages not sent by alice', [['from', '!=', 'alice']]],
    [
      'how many cpu readings exceeded 90',
      [
        ['value', '>', 90],
        ['metric', '=', 'cpu_usage'],
      ],
    ],
    ['who works in sales', [['team', '=', 'sales']]],
    // The store learned durations in ms: seconds are converted.
    [
      'response times above 0.5 seconds',
      [
        ['value', '>', 500],
        ['metric', '=', 'response_time'],
      ],
    ],
  ])('%s', (q, want) => {
    expect(shape(q).filters).toEqual(want.map(([field, op, value]) => ({ field, op, value })));
  });
  it('"placed by customers with …" says who made the records; it groups nothing', () => {
    expect(shape('orders placed by customers with example.com addresses this month')).toMatchObject({
      filters: [{ field: 'customer', op: 'endswith', value: 'example.com' }],
      groupBy: null,
    });
    expect(shape('count logs by host with level error').groupBy).toBe('host');
  });
  it('"combined" is a total', () => {
    expect(shape("what's the combined amount of refunded orders").aggregate).toEqual({
      fn: 'sum',
      field: 'amount',
    });
  });
  it('a store word found in learned text is searched for after "mentions"', () => {
    expect(shape('logs whose message mentions exception')).toMatchObject({
      mcps: ['logs'],
      text: 'exception',
    });
  });
  it('slowest and fastest rank by the measure', () => {
    expect(shape('the 3 slowest response times')).toMatchObject({
      sort: [{ field: 'value', dir: 'desc' }],
      limit: 3,
    });
    expect(shape('the 2 fastest response times')).toMatchObject({
      sort: [{ field: 'value', dir: 'asc' }],
      limit: 2,
    });
  });
  it('words between "oldest" and "by F" are read as filters', () => {
    expect(shape('oldest user in the engineering team by age')).toMatchObject({
      filters: [{ field: 'team', op: '=', value: 'engineering' }],
      sort: [{ field: 'age', dir: 'desc' }],
      limit: 1,
      groupBy: null,
    });
  });
  it('"highest first", "from cheapest to most expensive" set the sort direction', () => {
    expect(shape('orders ranked by amount, highest first, top 4')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 4,
      aggregate: null,
    });
    expect(shape('orders from cheapest to most expensive').sort).toEqual([{ field: 'amount', dir: 'asc' }]);
  });
  it('"the 3 orders with the lowest amounts", "3 of them" count records', () => {
    expect(shape('3 orders with the lowest amounts')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 3,
      aggregate: null,
    });
    expect(shape('the earliest signups, 3 of them')).toMatchObject({ limit: 3 });
  });
  it.each([
    ['who signed up today', 'users'],
    ['what did alice say yesterday', 'messages'],
    ['how much did we sell in USD this month', 'orders'],
    ['what failed today', 'logs'],
  ])('%s reads %s', (q, store) => {
    expect(read(q).interpretation.mcps).toEqual([store]);
  });
});

describe('compound questions of many styles (third probing round)', () => {
  it('number words and halves stand for numbers in comparisons', () => {
    expect(shape('users older than thirty').filters).toEqual([{ field: 'age', op: '>', value: 30 }]);
    expect(shape('users younger than twenty-five').filters).toEqual([{ field: 'age', op: '<', value: 25 }]);
    expect(shape('orders above five hundred euros').filters).toContainEqual({
      field: 'amount',
      op: '>',
      value: 500,
    });
    expect(shape('response time above half a second').filters).toContainEqual({
      field: 'value',
      op: '>',
      value: 500,
    });
  });

  it('counts spelled out rank records', () => {
    expect(shape('twelve oldest logs')).toMatchObject({
      limit: 12,
      sort: [{ field: 'timestamp', dir: 'asc' }],
    });
  });

  it('"which 3 were the largest" ranks records by the measure', () => {
    const s = shape('Of the orders paid in USD this month, which 3 were the largest?');
    expect(s).toMatchObject({ aggregate: null, limit: 3, sort: [{ field: 'amount', dir: 'desc' }] });
  });

  it('a "top 3" after "who sent the most" counts the groups', () => {
    const s = shape('In project-x, who has sent the most messages? Top 3, please.');
    expect(s).toMatchObject({ groupBy: 'from', limit: 3 });
    expect(shape("Who's sent the most messages in general this week?")).toMatchObject({
      groupBy: 'from',
      limit: 1,
    });
  });

  it('the oldest user\'s age is a maximum; "youngest first" sorts by age', () => {
    expect(shape("What is the oldest user's age?").aggregate).toEqual({ fn: 'max', field: 'age' });
    expect(shape('users from India who are inactive, youngest first')).toMatchObject({
      limit: null,
      sort: [{ field: 'age', dir: 'asc' }],
    });
  });

  it('a value like "sales" implies no aggregate of ages per group', () => {
    expect(shape('users in the sales team, per country')).toMatchObject({
      groupBy: 'country',
      aggregate: { fn: 'count', field: null },
    });
  });

  it('"which service has the slowest average response time" ranks groups', () => {
    expect(shape('which service has the slowest average response time?')).toMatchObject({
      groupBy: 'service',
      limit: 1,
      aggregate: { fn: 'avg', field: 'value' },
    });
    expect(shape('which currency brings in the most revenue?')).toMatchObject({
      groupBy: 'currency',
      limit: 1,
      aggregate: { fn: 'sum', field: 'value' },
    });
    expect(shape('the 2 currencies with the highest order totals')).toMatchObject({
      groupBy: 'currency',
      limit: 2,
      aggregate: { fn: 'sum', field: 'amount' },
    });
  });

  it('"the most recent response time on db-1" is one record', () => {
    expect(shape("what's the most recent response time on db-1?").limit).toBe(1);
    expect(shape('latest errors on web-1').limit).toBeNull();
  });

  it('a negation reaches past auxiliaries and across "and"; "isn\'t there" negates nothing', () => {
    expect(shape("which orders haven't been paid?").filters).toEqual([
      { field: 'status', op: '!=', value: 'paid' },
    ]);
    expect(shape('logs except debug and info').filters).toEqual([
      { field: 'level', op: '!=', value: 'debug' },
      { field: 'level', op: '!=', value: 'info' },
    ]);
    expect(shape("isn't there a pending order above 950?").filters).toContainEqual({
      field: 'status',
      op: '=',
      value: 'pending',
    });
  });

  it('"orders from john", where orders name customers by email, is refused rather than matching none or every order', () => {
    expect(failure('orders from john').message).toContain('by email, not by name');
    expect(shape('orders from last week').filters).toEqual([]);
  });
  it('"what did mallory say" asks for her messages, even before she has written', () => {
    expect(shape('what did mallory say?').filters).toEqual([{ field: 'from', op: '=', value: 'mallory' }]);
    expect(read('what did mallory say?').interpretation.mcps).toEqual(['messages']);
    expect(shape('what has mallory posted').filters).toEqual([{ field: 'from', op: '=', value: 'mallory' }]);
  });
  it('"by judy" is who the records are by, even before judy has written', () => {
    expect(shape('messages by judy').filters).toEqual([{ field: 'from', op: '=', value: 'judy' }]);
    expect(shape('messages by channel').groupBy).toBe('channel');
  });

  it('a hashtag names a channel; a plural at the end of a searched phrase is singular when only that is stored', () => {
    expect(shape('messages in #support today').filters).toEqual([
      { field: 'channel', op: '=', value: 'support' },
    ]);
    expect(shape('logs about payment provider timeouts this month').text).toBe('payment provider timeout');
  });

  it('contractions hold no quotes; "logged" names logs; a quoted text is something to post', () => {
    expect(shape("how's the api's response time today? average please").filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'api',
    });
    expect(read("what's been logged on worker-1 today?").interpretation.mcps).toEqual(['logs']);
    expect(failure("post 'hello' in general").code).toBe('WRITE_REFUSED');
  });
});

describe('persona vocabulary (fourth probing round)', () => {
  it('a hyphenated value-and-field reads as its parts; a learned hyphenated value stays whole', () => {
    expect(shape('show me warn-level entries from the worker service').filters).toEqual([
      { field: 'level', op: '=', value: 'warn' },
      { field: 'service', op: '=', value: 'worker' },
    ]);
    expect(shape('messages in project-x').filters).toEqual([
      { field: 'channel', op: '=', value: 'project-x' },
    ]);
  });

  it.each([
    ['who posts the most in general', 'from'],
    ['who sends the most messages', 'from'],
  ])('%s → the top group of the person field, in the present tense too', (q, field) => {
    const s = shape(q);
    expect(s.groupBy).toBe(field);
    expect(s.limit).toBe(1);
  });

  it.each([
    ['headcount per team', 'team'],
    ['how chatty was project-x this week', null],
    ['how busy was the support channel', null],
  ])('%s counts records', (q, group) => {
    const s = shape(q);
    expect(s.aggregate).toEqual({ fn: 'count', field: null });
    expect(s.groupBy).toBe(group);
  });

  it('a deal is an order', () => {
    const s = shape('biggest deal this week');
    expect(s.mcps).toEqual(['orders']);
    expect(s.sort).toEqual([{ field: 'amount', dir: 'desc' }]);
    expect(s.limit).toBe(1);
  });

  it.each([
    ['which service throws the most errors', 'service'],
    ['which host emits the most warnings', 'host'],
  ])('%s → the top group by how many records it holds', (q, field) => {
    const s = shape(q);
    expect(s.groupBy).toBe(field);
    expect(s.limit).toBe(1);
  });

  it.each([['how many deals closed this month'], ['settled orders in EUR']])(
    '%s → a finished sale is the learned paid status',
    (q) => {
      expect(shape(q).filters).toContainEqual({ field: 'status', op: '=', value: 'paid' });
    },
  );
});

describe('fifth probing round', () => {
  it.each([
    ['count the French users', 'France'],
    ['Spanish users on the free plan', 'Spain'],
    ['how many Polish users are inactive', 'Poland'],
    ['American users', 'United States'],
  ])('%s → an irregular place adjective is its place', (q, country) => {
    expect(shape(q).filters).toContainEqual({ field: 'country', op: '=', value: country });
  });

  it('the adjective of a place of several words is read whole', () => {
    expect(shape('count North American premium users').filters).toEqual([
      { field: 'region', op: '=', value: 'North America' },
      { field: 'plan', op: '=', value: 'premium' },
    ]);
  });

  it.each([
    [
      'users between the ages of 25 and 30',
      [
        ['>=', 25],
        ['<=', 30],
      ],
    ],
    ['users 30 years old or younger', [['<=', 30]]],
    ['users 50 years or older', [['>=', 50]]],
  ])('%s → an age range or bound with its unit inside', (q, bounds) => {
    expect(shape(q).filters).toEqual(bounds.map(([op, value]) => ({ field: 'age', op, value })));
  });

  it.each([
    ['orders no higher than 25', 'amount', '<=', 25],
    ['orders that are not over 20', 'amount', '<=', 20],
    ['cpu usage not exceeding 10', 'value', '<=', 10],
    ['memory usage no lower than 90', 'value', '>=', 90],
    ['orders no more than 12', 'amount', '<=', 12],
    ['cpu usage at or above 95', 'value', '>=', 95],
    ['memory usage at or below 25', 'value', '<=', 25],
  ])('%s → a denied comparison is its complement', (q, field, op, value) => {
    expect(shape(q).filters).toContainEqual({ field, op, value });
  });

  it('"from anyone but john" names no sender but john, and him excluded', () => {
    expect(shape('messages from anyone but john').filters).toEqual([
      { field: 'from', op: '!=', value: 'john' },
    ]);
    expect(read('messages from anyone but john').interpretation.text).toBeNull();
  });

  it('a value after "not at" is excluded', () => {
    expect(shape('logs not at info level').filters).toEqual([{ field: 'level', op: '!=', value: 'info' }]);
  });

  it('a verb of recording ends the words searched for unless the learned text goes on with it', () => {
    expect(shape('messages containing invoice sent this week').text).toBe('invoice');
    expect(shape('logs saying user signed in').text).toBe('user signed');
  });

  it.each([
    ['total order value in EUR', 'sum'],
    ['average order size', 'avg'],
    ['max order value per currency', 'max'],
  ])('%s → a word for what an order is worth is the measure', (q, fn) => {
    expect(shape(q).aggregate).toEqual({ fn, field: 'amount' });
  });

  it('"total orders" still counts them', () => {
    expect(shape('total orders in EUR').aggregate).toEqual({ fn: 'count', field: null });
  });

  it.each([
    ['list users in ascending order of age', 'users', { field: 'age', dir: 'asc' }],
    ['users in order of age', 'users', { field: 'age', dir: 'asc' }],
    ['users by age in descending order', 'users', { field: 'age', dir: 'desc' }],
    ['users order by age desc', 'users', { field: 'age', dir: 'desc' }],
    ['logs in chronological order', 'logs', { field: 'timestamp', dir: 'asc' }],
    ['messages in reverse chronological order', 'messages', { field: 'sent_at', dir: 'desc' }],
  ])('%s → "order" of a sort names no store', (q, store, sort) => {
    const s = shape(q);
    expect(s.mcps).toEqual([store]);
    expect(s.sort).toEqual([sort]);
    expect(s.groupBy).toBeNull();
  });

  it('"top 5" with "by" a category ranks its groups', () => {
    const s = shape('count messages by sender in general, top 5');
    expect(s.groupBy).toBe('from');
    expect(s.limit).toBe(5);
    expect(s.sort).toEqual([]);
  });

  it('"the top plan" names one group; "top customers" ten', () => {
    expect(shape('the top plan by average age')).toMatchObject({ groupBy: 'plan', limit: 1 });
    expect(shape('top customers')).toMatchObject({ groupBy: 'customer', limit: 10 });
  });

  it.each([
    ["what's the amount of the biggest order in EUR", { fn: 'max', field: 'amount' }],
    ["what's the amount of the cheapest order in USD", { fn: 'min', field: 'amount' }],
    ['the value of the highest memory reading on web-1', { fn: 'max', field: 'value' }],
  ])('%s → the measure of the top record is its extreme', (q, aggregate) => {
    const s = shape(q);
    expect(s.aggregate).toEqual(aggregate);
    expect(s.limit).toBeNull();
  });

  it('"how many users are 25" states an age; "25 or older" stays a bound', () => {
    expect(shape('how many users are 25').filters).toEqual([{ field: 'age', op: '=', value: 25 }]);
    expect(shape('how many users are 25 or older').filters).toEqual([{ field: 'age', op: '>=', value: 25 }]);
  });

  it.each([
    ['orders sorted by date', { field: 'created_at', dir: 'desc' }],
    ['logs sorted by time ascending', { field: 'timestamp', dir: 'asc' }],
    ['orders by date', { field: 'created_at', dir: 'desc' }],
    ['list logs by date ascending', { field: 'timestamp', dir: 'asc' }],
  ])('%s → a word for when sorts by the time field', (q, sort) => {
    const s = shape(q);
    expect(s.sort).toEqual([sort]);
    expect(s.filters).toEqual([]);
  });

  it.each([
    ["messages in support that don't mention deploy"],
    ['messages without the word deploy'],
    ['which channel has the fewest messages'],
    ['bottom 2 hosts by error count'],
    ['the team with the fewest users'],
  ])('%s → refused with suggestions rather than answered otherwise', (q) => {
    const e = failure(q);
    expect(e.status).toBe(422);
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });

  it.each([
    ['min and max cpu usage'],
    ['the average and total order amount'],
    ['highest and lowest order amounts'],
    ['total revenue and average response time'],
    ['sum of paid order amounts and the number of refunded orders'],
  ])('%s → two measures in one question are refused (an answer has one value)', (q) => {
    expect(failure(q).message).toMatch(/One measure at a time/);
  });

  it.each([
    ['max cpu usage on web-1 and web-2', { fn: 'max', field: 'value' }],
    ['average amount of paid and refunded orders', { fn: 'avg', field: 'amount' }],
  ])('%s → one measure over two values is still one answer', (q, aggregate) => {
    expect(shape(q).aggregate).toEqual(aggregate);
  });

  it.each([
    ['orders from customers in Germany', 'Germany', 'orders'],
    ['messages in project-x from the api service', 'api', 'messages'],
  ])(
    '%s → a value of another store cannot narrow this one (no joins): refused, not dropped',
    (q, word, store) => {
      const e = failure(q);
      expect(e.status).toBe(422);
      expect(e.message).toContain(`"${word}"`);
      expect(e.message).toContain(`cannot narrow ${store}`);
    },
  );

  it('records (not groups) may still be ranked from the smallest', () => {
    expect(shape('the 3 orders with the lowest amounts')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 3,
    });
    expect(shape('logs without errors').filters).toEqual([{ field: 'level', op: '!=', value: 'error' }]);
  });

  it.each([
    ['how many sign-ups in the last 3 days', 'users'],
    ['users with e-mail ending in acme.io', 'users'],
  ])('%s → a hyphenated word that names a store or field without its hyphen is read joined', (q, store) => {
    expect(shape(q).mcps).toEqual([store]);
  });

  it('a value after "not located in" is excluded', () => {
    expect(shape('users not located in Europe').filters).toEqual([
      { field: 'region', op: '!=', value: 'Europe' },
    ]);
  });

  it('"sent by people" says by whom, "by each user" groups', () => {
    const s = shape('messages sent by people other than john');
    expect(s.groupBy).toBeNull();
    expect(s.filters).toEqual([{ field: 'from', op: '!=', value: 'john' }]);
    expect(shape('messages sent by each user').groupBy).toBe('from');
  });

  it.each([
    ['youngest users first', { field: 'age', dir: 'asc' }],
    ['cheapest orders first', { field: 'amount', dir: 'asc' }],
  ])('%s → the direction of a sort with the noun between', (q, sort) => {
    expect(shape(q)).toMatchObject({ sort: [sort], limit: null });
  });

  it.each([
    ['the 3 largest customers', 'customer', 3],
    ['biggest 3 customers by spend', 'customer', 3],
    ['largest 2 hosts by revenue', 'host', 2],
  ])('%s → a category after a counted superlative ranks its groups', (q, group, limit) => {
    const s = shape(q);
    expect(s.groupBy).toBe(group);
    expect(s.limit).toBe(limit);
    expect(s.aggregate?.fn).toBe('sum');
  });

  it('a counted superlative before a store word still ranks records', () => {
    expect(shape('biggest 3 orders')).toMatchObject({ sort: [{ field: 'amount', dir: 'desc' }], limit: 3 });
    expect(failure('smallest 2 hosts by cpu usage').status).toBe(422);
  });

  it('"how old is our youngest user" asks for the lowest age', () => {
    expect(shape('How old is our youngest user in Europe?').aggregate).toEqual({ fn: 'min', field: 'age' });
  });

  it.each([
    ['median order amount'],
    ['variance of order amounts'],
    ['what percent of orders are refunded'],
    ['ratio of paid to refunded orders'],
    ['count distinct channels'],
    ['number of unique customers'],
    ['average number of messages per channel'],
  ])('%s → a measure no interpretation can say is refused', (q) => {
    const e = failure(q);
    expect(e.status).toBe(422);
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });

  it('"percent" as a unit and "distinct" naming values still read', () => {
    expect(shape('memory usage less than 25 percent').filters).toContainEqual({
      field: 'value',
      op: '<',
      value: 25,
    });
    expect(shape('list the distinct channels').groupBy).toBe('channel');
  });

  it.each([
    ['users in the US', 'United States'],
    ['how many users are in the USA', 'United States'],
  ])('%s → an abbreviation in capitals is its place', (q, country) => {
    expect(shape(q).filters).toEqual([{ field: 'country', op: '=', value: country }]);
  });

  it('"us" in lower case, or in a question all in capitals, is a pronoun', () => {
    expect(shape('show us the users').filters).toEqual([]);
    expect(shape('SHOW US THE USERS').filters).toEqual([]);
  });

  it('"what plans do users have" lists the values of the field', () => {
    expect(shape('what plans do users have')).toMatchObject({ groupBy: 'plan', filters: [] });
  });

  it.each([
    ['which order is the most expensive', [], { field: 'amount', dir: 'desc' }],
    ['which user is the youngest', [], { field: 'age', dir: 'asc' }],
    ['which log is the most recent', [], { field: 'timestamp', dir: 'desc' }],
    [
      'which error was the latest on db-1',
      [
        { field: 'level', op: '=', value: 'error' },
        { field: 'host', op: '=', value: 'db-1' },
      ],
      { field: 'timestamp', dir: 'desc' },
    ],
  ])('%s → one record ranked as the word says', (q, filters, sort) => {
    expect(shape(q)).toMatchObject({ filters, sort: [sort], limit: 1 });
  });

  it('a plural phrase is searched for singular when the learned text goes on after it', () => {
    expect(shape('logs about config reloads').text).toBe('config reload');
    expect(shape('logs about slow queries').text).toBe('slow query');
  });
});

describe('sixth probing round: false refusals and new phrasings', () => {
  it.each([
    ['orders with a minimum amount of 100', [{ field: 'amount', op: '>=', value: 100 }]],
    ['users with a max age of 25', [{ field: 'age', op: '<=', value: 25 }]],
    [
      'orders with a minimum amount of 100 and a maximum amount of 150',
      [
        { field: 'amount', op: '>=', value: 100 },
        { field: 'amount', op: '<=', value: 150 },
      ],
    ],
  ])('%s → a minimum or maximum given to a field is a bound on each record', (q, filters) => {
    expect(shape(q)).toMatchObject({ filters, aggregate: null });
  });

  it('a superlative joined to a field by a hyphen is read as the two words', () => {
    expect(shape('the 5 lowest-value orders')).toMatchObject({
      sort: [{ field: 'amount', dir: 'asc' }],
      limit: 5,
    });
  });

  it('"total order sales" is the total of the measure, not a count', () => {
    expect(shape('total order sales in EUR').aggregate).toEqual({ fn: 'sum', field: 'amount' });
  });

  it.each([
    ['messages from premium users'],
    ['logs for paid orders'],
    ['orders from inactive customers'],
    ['errors from users in India'],
    ['revenue from Japan'],
  ])('%s → a question that combines two stores is refused', (q) => {
    const e = failure(q);
    expect(e.status).toBe(422);
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });

  it('a word for people in general is no person in particular, nor another store', () => {
    expect(shape('user messages')).toMatchObject({ mcps: ['messages'], filters: [] });
    expect(shape('messages from the user alice').filters).toEqual([
      { field: 'from', op: '=', value: 'alice' },
    ]);
    expect(shape('orders placed by users in the last week')).toMatchObject({ mcps: ['orders'], filters: [] });
    expect(shape('how many messages did users send today')).toMatchObject({
      mcps: ['messages'],
      filters: [],
    });
  });

  it('people doing what a store’s verb names are that store’s person field', () => {
    expect(shape('what did users say about deploys')).toMatchObject({ mcps: ['messages'], text: 'deploy' });
  });

  it.each([
    ['errs by svc today', { filters: [{ field: 'level', op: '=', value: 'error' }], groupBy: 'service' }],
    [
      'mem usage avg per host',
      {
        filters: [{ field: 'metric', op: '=', value: 'memory_usage' }],
        aggregate: { fn: 'avg', field: 'value' },
        groupBy: 'host',
      },
    ],
  ])('%s → ops shorthand is read as the words it stands for', (q, want) => {
    expect(shape(q)).toMatchObject(want);
  });

  it.each([
    ['users aged 20-30', 'age', 20, 30],
    ['users aged 20–30', 'age', 20, 30],
    ['orders of 200-300 in USD', 'amount', 200, 300],
    ['response times between 100-200 ms', 'value', 100, 200],
  ])('%s → a hyphenated range of numbers is a range', (q, field, a, b) => {
    expect(shape(q).filters).toEqual(
      expect.arrayContaining([
        { field, op: '>=', value: a },
        { field, op: '<=', value: b },
      ]),
    );
  });

  it('"by customers with acme.io addresses" describes the people, not a grouping', () => {
    expect(shape('orders by customers with acme.io addresses')).toMatchObject({
      groupBy: null,
      filters: [{ field: 'customer', op: 'endswith', value: 'acme.io' }],
    });
  });

  it('polite openers name no topic', () => {
    expect(shape("I'm curious: what's the highest cpu usage ever recorded on worker-1?").aggregate).toEqual({
      fn: 'max',
      field: 'value',
    });
    expect(
      shape('Would it be possible to get the average memory usage of the worker service?').aggregate,
    ).toEqual({
      fn: 'avg',
      field: 'value',
    });
  });

  it.each([
    ['the cheapest and the most expensive order'],
    ['count and average amount of orders'],
    ['the newest and the oldest message'],
  ])('%s → two rankings or measures in one question are refused', (q) => {
    expect(failure(q).status).toBe(422);
  });

  it.each([
    ['Which 5 orders had the highest amounts this week?', [], { field: 'amount', dir: 'desc' }, 5],
    ['which 3 orders were the smallest', [], { field: 'amount', dir: 'asc' }, 3],
    [
      'which 4 revenue readings had the highest values',
      [{ field: 'metric', op: '=', value: 'revenue' }],
      { field: 'value', dir: 'desc' },
      4,
    ],
  ])('%s → as many records as counted, ranked as the word says', (q, filters, sort, limit) => {
    expect(shape(q)).toMatchObject({ filters, sort: [sort], limit, aggregate: null });
  });

  it('"each user" of users lists them; a field given a value after "by" is a condition', () => {
    expect(shape('list each user in the marketing team')).toMatchObject({
      groupBy: null,
      filters: [{ field: 'team', op: '=', value: 'marketing' }],
    });
    expect(shape("Filter users by country = 'Germany' and plan = 'pro'")).toMatchObject({
      groupBy: null,
      filters: [
        { field: 'country', op: '=', value: 'Germany' },
        { field: 'plan', op: '=', value: 'pro' },
      ],
    });
  });

  it('a searched phrase goes on through a small word where the learned text does', () => {
    expect(shape('messages about the deploy to staging').text).toBe('deploy to staging');
  });

  it('"neither … nor …" excludes both values', () => {
    expect(shape('orders neither paid nor refunded').filters).toEqual([
      { field: 'status', op: '!=', value: 'paid' },
      { field: 'status', op: '!=', value: 'refunded' },
    ]);
  });

  it('a field followed by one of its values after "by" is a condition, not a grouping', () => {
    const { records } = sampleStores('t1', NOW);
    const customer = String(records.find((r) => r.kind === 'orders')!.data.customer);
    expect(shape(`orders by customer ${customer}`)).toMatchObject({
      groupBy: null,
      filters: [{ field: 'customer', op: '=', value: customer }],
    });
    expect(shape('messages by user john')).toMatchObject({
      groupBy: null,
      filters: [{ field: 'from', op: '=', value: 'john' }],
    });
    expect(shape('count messages by user').groupBy).toBe('from');
  });

  it('a store’s name right after "containing" is the text searched for', () => {
    expect(shape('messages containing orders')).toMatchObject({ mcps: ['messages'], text: 'order' });
  });

  it('a learned value inside a phrase of learned text is searched for with it', () => {
    expect(shape('logs saying connection refused by db-1')).toMatchObject({
      filters: [],
      text: 'connection refused by db-1',
    });
  });

  it('"from premium members" describes people of another store, and is refused', () => {
    expect(failure('messages from premium members').status).toBe(422);
  });
});

describe('seventh probing round: field names, units and comparisons between records', () => {
  it.each([
    ['how many users per tier', 'plan'],
    ['users per department', 'team'],
    ['count logs per source', 'service'],
  ])('%s groups by the field the word stands for (%s)', (q, field) => {
    expect(shape(q).groupBy).toBe(field);
  });
  it('"with a total above N" and "totalling over N" bound each record’s measure', () => {
    expect(shape('orders with a total above 900')).toMatchObject({
      filters: [{ field: 'amount', op: '>', value: 900 }],
      aggregate: null,
    });
    expect(shape('orders totalling over 980').filters).toEqual([{ field: 'amount', op: '>', value: 980 }]);
  });
  it('"cpu at 100%" is that value', () => {
    expect(shape('cpu at 100%').filters).toEqual([
      { field: 'value', op: '=', value: 100 },
      { field: 'metric', op: '=', value: 'cpu_usage' },
    ]);
  });
  it('"with text containing X" searches for X', () => {
    expect(shape('messages with text containing "review"').text).toBe('review');
  });
  it('"the most recently registered user" is one record', () => {
    expect(shape('most recently registered user')).toMatchObject({
      sort: [{ field: 'signed_up_at', dir: 'desc' }],
      limit: 1,
    });
  });
  it('"the highest memory reading per server" is a maximum per group', () => {
    expect(shape('highest memory measurement per server')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'max', field: 'value' },
      limit: null,
    });
  });
  it.each([
    'users who placed orders',
    'users who have more than one order',
    'customers that bought something',
    'orders with their users',
    'messages from users who joined this week',
    'orders placed by customers who signed up this week',
    'messages sent by premium customers',
    'messages from user',
    'orders whose amount is greater than the average',
    'hosts with cpu above average',
    'users with the same plan as john',
    'users who share a team with dave',
    'users older than alice',
    'users as old as alice',
    'services with more errors than warnings',
    'which hosts have higher cpu than web-1',
    'users who messaged each other',
    'users who never logged in',
    'the 2nd newest order',
    'logs grouped by source and level',
    'users with more than 2 plans',
    'users in the same region',
  ])('%s is refused with suggestions', (q) => {
    const e = failure(q);
    expect(e.status).toBe(422);
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });
  it.each([
    ['logs that say retry budget low', 'logs'],
    ['which user sent the most messages in random', 'messages'],
    ['messages that mention orders', 'messages'],
    ['users older than 60', 'users'],
    ['count messages by user', 'messages'],
  ])('%s is still answered', (q, store) => {
    expect(read(q).interpretation.mcps).toEqual([store]);
  });
});

describe('eighth probing round', () => {
  it('"sum of orders above 750" sums the measure; "total orders" still counts', () => {
    expect(shape('sum of orders above $750')).toMatchObject({
      aggregate: { fn: 'sum', field: 'amount' },
      filters: [{ field: 'amount', op: '>', value: 750 }],
    });
    expect(shape('total orders').aggregate).toEqual({ fn: 'count', field: null });
  });
  it('a possessive measure after a superlative asks for the extreme: "the cheapest paid order\'s price"', () => {
    expect(shape("cheapest paid order's price")).toMatchObject({
      aggregate: { fn: 'min', field: 'amount' },
      filters: [{ field: 'status', op: '=', value: 'paid' }],
      limit: null,
    });
    expect(shape("the most expensive order's amount").aggregate).toEqual({ fn: 'max', field: 'amount' });
    expect(shape('the cheapest paid order')).toMatchObject({ aggregate: null, limit: 1 });
  });
  it('"as much as N" says no direction of the bound and is refused', () => {
    expect(failure('orders worth as much as 999').status).toBe(422);
    expect(shape('orders worth up to 300').filters).toEqual([{ field: 'amount', op: '<=', value: 300 }]);
  });
  it('parts of a day are refused rather than answered without a window', () => {
    for (const q of ['logs since this morning', 'count errors since this morning', 'orders this afternoon'])
      expect(failure(q).status).toBe(422);
  });
  it('"slow" before a bound on a duration in ms is only its direction', () => {
    expect(shape('slow responses over 1s').filters).toEqual(
      expect.arrayContaining([
        { field: 'value', op: '>', value: 1000 },
        { field: 'metric', op: '=', value: 'response_time' },
      ]),
    );
  });
  it('records picked by what other records hold of the same field need a join and are refused', () => {
    for (const q of [
      'messages in channels where john posted',
      'logs from hosts that also logged warnings',
      'users in countries where alice lives',
    ])
      expect(failure(q).status).toBe(422);
    expect(shape('users with emails that end in acme.io').filters).toEqual([
      { field: 'email', op: 'endswith', value: 'acme.io' },
    ]);
  });
  it('a second measure asked as a question of its own is refused', () => {
    expect(failure('how many users and what is their average age').status).toBe(422);
    expect(shape('users and their average age').aggregate).toEqual({ fn: 'avg', field: 'age' });
  });
});

describe('ninth probing round', () => {
  it('"the total of orders over 600" sums the measure; "total orders over 600" still counts', () => {
    expect(shape('total of orders over 600')).toMatchObject({
      aggregate: { fn: 'sum', field: 'amount' },
      filters: [{ field: 'amount', op: '>', value: 600 }],
    });
    expect(shape('the total of all orders').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(shape('total orders over 600').aggregate).toEqual({ fn: 'count', field: null });
    // Users measure only their age: a total of them is how many.
    expect(shape('total of free users').aggregate).toEqual({ fn: 'count', field: null });
  });
  it('"location" and "nationality" name the field of places', () => {
    for (const q of ['count users by location', 'users per location', 'count users by nationality'])
      expect(shape(q)).toMatchObject({ groupBy: 'country', filters: [] });
    expect(shape('where are users located').groupBy).toBe('country');
  });
  it('a word after "by" or "per" that no field is called is refused, not read as a name', () => {
    for (const q of ['count users by planet', 'messages for each topic', 'count orders by payment method'])
      expect(failure(q).status).toBe(422);
    // Names after "by" still are, where records are by someone; and so are "per cent", "by far".
    expect(shape('messages by judy').filters).toEqual([{ field: 'from', op: '=', value: 'judy' }]);
    expect(shape('cpu usage above 90 per cent').filters).toContainEqual({
      field: 'value',
      op: '>',
      value: 90,
    });
    expect(shape('top 3 hosts by log volume').groupBy).toBe('host');
  });
  it('a direction asked of a grouped answer orders its groups by value', () => {
    for (const q of [
      'users per country in ascending order',
      'number of users per plan, fewest first',
      'users per country ordered by count ascending',
      'users by plan in ascending order',
      'messages per channel, least first',
    ]) {
      const i = read(q).interpretation;
      expect(i.groupBy, q).not.toBeNull();
      expect(i.sort, q).toEqual([{ field: 'value', dir: 'asc' }]);
      expect(i.limit, q).toBeNull();
    }
    expect(shape('users per country in descending order').sort).toEqual([{ field: 'value', dir: 'desc' }]);
    expect(shape('users per country').sort).toEqual([]);
    // Rows keep their own sort.
    expect(shape('users in ascending order').sort).toEqual([{ field: 'age', dir: 'asc' }]);
    // A count of groups from the smallest is still refused.
    expect(failure('top 3 countries by users in ascending order').status).toBe(422);
  });
  it('a second grouping joined without "and" is refused', () => {
    for (const q of ['revenue by host per currency', 'count messages per user per channel'])
      expect(failure(q).status).toBe(422);
    expect(shape('count messages per user').groupBy).toBe('from');
    expect(shape('messages sent by users per channel').groupBy).toBe('channel');
  });
  it('a plural field ranked by how many records it holds is a count per group', () => {
    expect(shape('countries by number of users')).toMatchObject({ groupBy: 'country', limit: null });
    expect(shape('plans ranked by number of users').groupBy).toBe('plan');
    expect(shape('services by number of errors')).toMatchObject({
      groupBy: 'service',
      filters: [{ field: 'level', op: '=', value: 'error' }],
    });
    expect(shape('top 2 services by error count')).toMatchObject({ groupBy: 'service', limit: 2 });
  });
  it('groups "in every", "of each", "by their" and "per-" a field', () => {
    expect(shape('number of users in every country').groupBy).toBe('country');
    expect(shape('number of orders in every status').groupBy).toBe('status');
    expect(shape('count users grouped by their location').groupBy).toBe('country');
    expect(shape('per-service average response time').groupBy).toBe('service');
    expect(shape('status breakdown of orders').groupBy).toBe('status');
  });
  it('a field named in a bound asks for no measure of it per group', () => {
    expect(shape('orders with amount over 600 per currency')).toMatchObject({
      groupBy: 'currency',
      aggregate: { fn: 'count', field: null },
    });
    expect(shape('total amount per currency').aggregate).toEqual({ fn: 'sum', field: 'amount' });
  });
  it('a field and its learned value after "containing" are a condition, not text', () => {
    expect(shape('messages containing the token xyz123')).toMatchObject({
      filters: [{ field: 'token', op: '=', value: 'xyz123' }],
      text: null,
    });
    expect(shape('messages containing invoice').text).toBe('invoice');
  });
  it('"since midnight" is today', () => {
    const i = read('number of error logs since midnight').interpretation;
    expect(i.time?.from).toBe('2026-11-25T00:00:00.000Z');
  });
  it('how high a measure went, or its "top" value in the singular, is its maximum', () => {
    expect(shape('how high did cpu usage get on web-1 today').aggregate).toEqual({
      fn: 'max',
      field: 'value',
    });
    expect(shape('top cpu usage on web-1 today')).toMatchObject({
      aggregate: { fn: 'max', field: 'value' },
      limit: null,
    });
    expect(shape('top orders')).toMatchObject({ aggregate: null, limit: 10 });
  });
  it('"above age 40" bounds the age; "top 5 purchases by value" ranks by the measure', () => {
    expect(shape('customers above age 40').filters).toEqual([{ field: 'age', op: '>', value: 40 }]);
    expect(shape('top 5 purchases by value')).toMatchObject({
      filters: [],
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 5,
    });
  });
  it('bounds on one number that cannot hold together, joined by "or", are refused', () => {
    expect(failure('users who are younger than 20 or older than 60').status).toBe(422);
    expect(shape('users between 20 and 60').filters).toHaveLength(2);
    expect(shape('users older than 60 or on the free plan').filters).toHaveLength(2);
  });
  it('groups picked by how many records they hold are bounded by their count (HAVING)', () => {
    expect(read('count users per country with more than 20 users').interpretation).toMatchObject({
      groupBy: 'country',
      aggregate: { fn: 'count', field: null },
      having: { fn: 'count', field: null, op: '>', value: 20 },
    });
    expect(read('channels that have over 100 messages').interpretation).toMatchObject({
      groupBy: 'channel',
      having: { fn: 'count', field: null, op: '>', value: 100 },
    });
  });
  it('"status counts" is a count per status', () => {
    expect(shape('status counts for orders')).toMatchObject({
      groupBy: 'status',
      aggregate: { fn: 'count' },
    });
  });
  it('a word for a field is no name after "by": "messages by location" is refused', () => {
    expect(failure('messages by location').status).toBe(422);
    expect(shape('messages by judy').filters).toEqual([{ field: 'from', op: '=', value: 'judy' }]);
    expect(shape('messages by user john').filters).toEqual([{ field: 'from', op: '=', value: 'john' }]);
  });
  it('a direction before "by" a field sorts by it', () => {
    expect(shape('orders sorted descending by amount')).toMatchObject({
      groupBy: null,
      aggregate: null,
      sort: [{ field: 'amount', dir: 'desc' }],
    });
    expect(shape('users sorted ascending by age').sort).toEqual([{ field: 'age', dir: 'asc' }]);
  });
});

describe('tenth probing round', () => {
  it('"the biggest refund" is the one largest refunded order, not the largest amount', () => {
    const refunded = [{ field: 'status', op: '=', value: 'refunded' }];
    expect(shape('biggest refund')).toMatchObject({
      filters: refunded,
      aggregate: null,
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 1,
    });
    expect(shape('smallest refund')).toMatchObject({ sort: [{ field: 'amount', dir: 'asc' }], limit: 1 });
    expect(shape('which refund was the largest')).toMatchObject({
      filters: refunded,
      aggregate: null,
      limit: 1,
    });
    // A field named after it still asks for the extreme value.
    expect(shape('biggest refund amount')).toMatchObject({ aggregate: { fn: 'max', field: 'amount' } });
    // A learned value that is what is measured (cpu usage) is no record.
    expect(shape('highest cpu usage')).toMatchObject({ aggregate: { fn: 'max', field: 'value' } });
  });
  it('"the largest orders" ranks records; "highest value order" is one record', () => {
    expect(shape('largest orders')).toMatchObject({
      aggregate: null,
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 10,
    });
    expect(shape('top 3 most expensive orders')).toMatchObject({ limit: 3 });
    expect(shape('highest value order')).toMatchObject({
      aggregate: null,
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 1,
    });
  });
  it('a field word after the grouped field that names no field is refused', () => {
    expect(failure('logs by host location').status).toBe(422);
    expect(failure('messages by sender location').status).toBe(422);
    expect(shape('logs by host').groupBy).toBe('host');
  });
  it('an aggregate fanned out to stores lacking its field is refused', () => {
    expect(failure('how much did each currency bring in').status).toBe(422);
    expect(shape('how much did each currency bring in from orders')).toMatchObject({
      mcps: ['orders'],
      groupBy: 'currency',
      aggregate: { fn: 'sum', field: 'amount' },
    });
    expect(shape('count everything by host')).toMatchObject({ groupBy: 'host', aggregate: { fn: 'count' } });
  });
  it('revenue is its total unless the readings are named, ranked, bounded or excluded', () => {
    for (const q of [
      'month-to-date revenue',
      'MTD revenue',
      'revenue to date',
      'month to date revenue in EUR',
      'revenue so far this month',
      'revenue this month',
      'revenue',
      'revenue on db-1 yesterday',
    ])
      expect(shape(q).aggregate, q).toEqual({ fn: 'sum', field: 'value' });
    for (const q of [
      'revenue readings month-to-date',
      'revenue recorded since monday',
      'revenue above 4000',
      'metrics other than revenue',
      'top 3 revenue readings',
      'revenue and cpu usage',
    ])
      expect(shape(q).aggregate, q).toBeNull();
  });
  it('"unpaid" excludes the learned value behind un-', () => {
    expect(shape('unpaid orders').filters).toEqual([{ field: 'status', op: '!=', value: 'paid' }]);
    expect(shape('count unrefunded orders').filters).toEqual([
      { field: 'status', op: '!=', value: 'refunded' },
    ]);
  });
  it('"top-5" is a count joined to its ranking word', () => {
    expect(shape('top-5 orders by amount')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 5,
    });
  });
  it('a count spelled out after a listing verb limits the records', () => {
    expect(shape('show me twenty info logs from worker, oldest first')).toMatchObject({
      sort: [{ field: 'timestamp', dir: 'asc' }],
      limit: 20,
    });
    expect(shape('give me a dozen messages').limit).toBe(12);
  });
  it('records lacking a field are refused rather than all returned', () => {
    expect(failure('messages without a token').status).toBe(422);
    expect(failure('messages with no token').status).toBe(422);
    expect(shape('orders with amounts from 400 to 450').filters).toHaveLength(2);
    expect(shape('messages with token xyz123').filters).toEqual([
      { field: 'token', op: '=', value: 'xyz123' },
    ]);
  });
  it('an unknown word between an article and a field that learned all its values is refused, naming them', () => {
    expect(failure('users on the enterprise plan').message).toBe(
      'No users have plan "enterprise": its values are pro, free, premium',
    );
    expect(failure('count logs from the payments service').message).toContain(
      'No logs have service "payments"',
    );
    expect(failure('users in the same team as john').status).toBe(422);
  });
  it('an identifier shaped like one field’s values is that field’s; other unknown values are refused', () => {
    expect(shape('logs on web-3').filters).toEqual([{ field: 'host', op: '=', value: 'web-3' }]);
    expect(failure('orders in GBP').status).toBe(422);
    expect(failure('users in Africa').status).toBe(422);
  });
  it('"highest amount first" sorts by the field named', () => {
    expect(shape('orders, highest amount first')).toMatchObject({
      aggregate: null,
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: null,
    });
    expect(shape('users, lowest age first').sort).toEqual([{ field: 'age', dir: 'asc' }]);
  });
  it('times that leave no time between them are refused', () => {
    expect(failure('logs from yesterday today').status).toBe(422);
  });
});

describe('eleventh probing round', () => {
  it('a word before the store noun that no field grounds is refused when it is all that narrows', () => {
    for (const q of ['critical logs', 'show me critical logs', 'count fatal logs', 'urgent orders'])
      expect(failure(q).status, q).toBe(422);
    // With another condition on the store's own noun it is refused as well.
    expect(failure('critical logs from api').status).toBe(422);
    expect(failure('android users in Asia').status).toBe(422);
    // Before a value read as a condition it only stresses it.
    expect(shape('critical errors in the api service').filters).toEqual([
      { field: 'level', op: '=', value: 'error' },
      { field: 'service', op: '=', value: 'api' },
    ]);
    // Words for every record of a kind, verbs before a noun and phrases no rule read narrow nothing.
    expect(shape('show the existing orders').filters).toEqual([]);
    expect(shape('system logs').mcps).toEqual(['logs']);
    expect(shape('show the update logs from worker-1').filters).toEqual([
      { field: 'host', op: '=', value: 'worker-1' },
    ]);
    expect(shape('break down users by region').groupBy).toBe('region');
  });
  it('a word after "are", next to a field name or after "with" that no field grounds is refused', () => {
    for (const q of [
      'logs that are critical',
      'which orders are urgent',
      'logs with level critical',
      'critical level logs',
      'orders with status cancelled',
      'messages with attachments',
      'orders with a discount',
      'users in Europe with pets',
    ])
      expect(failure(q).status, q).toBe(422);
    expect(shape('messages with body containing invoice').text).toBe('invoice');
    // A verb of a relative clause, or a means, that no field records.
    for (const q of ['users who churned', 'users who signed up via google'])
      expect(failure(q).status, q).toBe(422);
    // Where a value or a time says which records, the verb only links them.
    expect(shape('users who belong to the sales team').filters).toEqual([
      { field: 'team', op: '=', value: 'sales' },
    ]);
    expect(read('orders that came in today').interpretation.time).not.toBeNull();
    expect(shape('users with premium plans').filters).toEqual([{ field: 'plan', op: '=', value: 'premium' }]);
  });
  it('a word before a field that tells records apart is no value of it', () => {
    expect(failure('users with a verified email').status).toBe(422);
  });
  it('a place or service another store learned is no person of this one', () => {
    for (const q of [
      'orders from Germany',
      'orders from germany',
      'messages from Japan',
      'logs from Germany',
    ])
      expect(failure(q).status, q).toBe(422);
    expect(failure('orders from Germany').message).toContain('country of users');
    // Names of people stay names (refused where the field holds emails), and the store's own values stay its own.
    expect(failure('orders from john').message).toContain('by email, not by name');
    expect(shape('messages from alice').filters).toEqual([{ field: 'from', op: '=', value: 'alice' }]);
    expect(shape('users from Germany').filters).toEqual([{ field: 'country', op: '=', value: 'Germany' }]);
  });
  it('"who is frank" asks for the record that is frank, not for what frank did', () => {
    for (const q of ['who is frank', "who's alice"])
      expect(read(q).interpretation, q).toMatchObject({
        mcps: ['users'],
        filters: [{ field: 'username', op: '=' }],
      });
    expect(read('what did frank write').interpretation.filters).toEqual([
      { field: 'from', op: '=', value: 'frank' },
    ]);
  });
  it('an aggregate of the top few records is refused rather than taken over every match', () => {
    for (const q of ['sum of the 3 largest orders', 'average of the top 5 orders', 'count the top 5 orders'])
      expect(failure(q).message, q).toContain('top few records');
    // Ranked groups still are: the top groups by their value.
    expect(shape('top 3 hosts by average cpu usage')).toMatchObject({ groupBy: 'host', limit: 3 });
  });
  it('"which region has the youngest users" is refused rather than answered with ranked users', () => {
    for (const q of ['which region has the youngest users', 'which team has the oldest average age'])
      expect(failure(q).message, q).toContain('rank each');
    expect(shape('which region has the highest average age')).toMatchObject({ groupBy: 'region', limit: 1 });
    expect(shape('what channel has the latest message').limit).toBe(1);
  });
  it('a possessive before the store noun is the person field, even for someone with no records yet', () => {
    const unseen = stores.map((s) => ({
      ...s,
      fields: Object.fromEntries(
        Object.entries(s.fields).map(([k, f]) =>
          s.domain === 'messages' && k === 'from' && f.values
            ? [
                k,
                {
                  ...f,
                  values: Object.fromEntries(Object.entries(f.values).filter(([x]) => x !== 'victor')),
                },
              ]
            : [k, f],
        ),
      ),
    }));
    expect(read("victor's messages", unseen).interpretation).toMatchObject({
      mcps: ['messages'],
      filters: [{ field: 'from', op: '=', value: 'victor' }],
    });
    expect(failure("alice's orders").message).toContain('by email, not by name');
    expect(shape("everyone's messages").filters).toEqual([]);
  });
  it('a capitalised word after a preposition and "the" is a value no field holds', () => {
    expect(failure('users in the Berlin office').status).toBe(422);
    expect(shape('users in the US').filters).toEqual([{ field: 'country', op: '=', value: 'United States' }]);
  });
  it('an aggregate of each period ("average daily revenue", "daily active users") is refused', () => {
    for (const q of ['daily active users', 'average daily revenue', 'max hourly cpu'])
      expect(failure(q).message, q).toContain('period of time');
  });
  it('a singular store noun followed by a plural word for records is plural', () => {
    expect(shape('the most recent log entries')).toMatchObject({
      sort: [{ field: 'timestamp', dir: 'desc' }],
      limit: null,
    });
    expect(shape('the newest user accounts').limit).toBeNull();
    expect(shape('the latest log').limit).toBe(1);
    expect(shape('the oldest log entry').limit).toBe(1);
  });
});

describe('twelfth probing round', () => {
  it('an unexplained head noun after the words that chose the store is refused', () => {
    for (const q of ['failed logins', 'how many failed logins', 'failed login attempts'])
      expect(failure(q).status, q).toBe(422);
    // A verb at the end, a word that continues a learned value, or a word for records still reads.
    expect(shape('how many times was deploy mentioned').text).toBe('deploy');
    expect(shape('average cpu utilization').filters).toEqual([
      { field: 'metric', op: '=', value: 'cpu_usage' },
    ]);
    expect(read('count premium accounts').interpretation.mcps).toEqual(['users']);
  });
  it('an age with no bound is refused rather than read as every record', () => {
    for (const q of ['old messages', 'show old orders', 'the old users'])
      expect(failure(q).status, q).toBe(422);
    expect(read('messages older than 30 days').interpretation.time).not.toBeNull();
    expect(read('how old are premium users on average').interpretation.aggregate).toEqual({
      fn: 'avg',
      field: 'age',
    });
  });
  it('"by" a word nobody is called, where people are named by email, is refused', () => {
    for (const q of ['orders paid by card', 'orders by credit card']) expect(failure(q).status, q).toBe(422);
    expect(failure('orders from john').message).toContain('by email, not by name');
  });
  it("words another store's text says, left over, are refused rather than dropped", () => {
    expect(failure('orders with payment provider timeouts').status).toBe(422);
    // One word alone is said in too many texts to tell.
    expect(shape('break down orders by currency').groupBy).toBe('currency');
    expect(shape('payment provider timeouts in logs').text).toMatch(/payment provider/);
  });
  it('"the month so far" is the month to date', () => {
    const { interpretation: i } = read('sum of revenue for the month so far');
    expect(i.time?.from).toBe('2026-11-01T00:00:00.000Z');
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'value' });
    expect(read('errors this week so far').interpretation.time?.from).toBe(
      read('errors this week').interpretation.time?.from,
    );
  });
});

describe('thirteenth probing round', () => {
  it('the noun of a learned value opening a question about a quantity is read, not refused as a write', () => {
    const refunds = { filters: [{ field: 'status', op: '=', value: 'refunded' }] };
    expect(shape('refund total')).toMatchObject({ ...refunds, aggregate: { fn: 'sum', field: 'amount' } });
    expect(shape('refund amount in EUR').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(shape('refund count this month')).toMatchObject({
      ...refunds,
      aggregate: { fn: 'count', field: null },
    });
    // Something to act on after the verb is still a command.
    for (const q of ['refund order o-0005', 'refund all orders', 'refund the total', 'cancel count'])
      expect(failure(q).code, q).toBe('WRITE_REFUSED');
  });
  it('the measure named once beside a learned value is its total', () => {
    expect(shape('paid amount').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(shape('amount refunded this month').aggregate).toEqual({ fn: 'sum', field: 'amount' });
    // In the plural, or beside the store's own noun, the records are listed.
    expect(shape('refund amounts').aggregate).toBeNull();
    expect(shape('refunded order amount').aggregate).toBeNull();
  });
  it('a question after one record asks for one, with no noun after the ranking word', () => {
    for (const q of [
      'who signed up most recently?',
      'which user signed up most recently',
      'who joined most recently',
    ])
      expect(shape(q), q).toMatchObject({ sort: [{ field: 'signed_up_at', dir: 'desc' }], limit: 1 });
    expect(shape('who was the first to sign up')).toMatchObject({
      sort: [{ field: 'signed_up_at', dir: 'asc' }],
      limit: 1,
    });
    expect(shape('who ordered most recently')).toMatchObject({ groupBy: null, limit: 1 });
    expect(shape('which users signed up most recently').limit).toBeNull();
    expect(shape('who are the most recent signups').limit).toBeNull();
  });
  it('an unknown word before learned values and the noun they describe is refused', () => {
    for (const q of ['urgent paid orders', 'count urgent paid orders in EUR', 'critical paid orders'])
      expect(failure(q).message, q).toContain('tells which');
    // Before a value that is itself the noun it only stresses it.
    expect(shape('critical errors in the api service').filters).toHaveLength(2);
    expect(shape('When web-2 logged errors this week, how many were there?').filters).toHaveLength(2);
  });
  it('a plural head noun followed by a time or a place read as a value is still the head', () => {
    for (const q of ['failed logins today', 'how many failed logins this week', 'failed logins on web-1'])
      expect(failure(q).message, q).toContain('"logins"');
    expect(shape('debug lines from the worker').filters).toHaveLength(2);
    expect(shape('how many times did the api fail today').aggregate).toEqual({ fn: 'count', field: null });
  });
  it('after "by", a name no store learned, where the person field learned every value, is no one', () => {
    expect(failure('messages by card').message).toContain('No one');
    // After "from" it is a name all the same: no messages from zoe is an answer.
    expect(shape('messages from zoe').filters).toEqual([{ field: 'from', op: '=', value: 'zoe' }]);
    // A username of another store still names someone with no records yet.
    expect(shape('messages from priya').filters).toEqual([{ field: 'from', op: '=', value: 'priya' }]);
  });
  it('a value shared by several stores, with no store named, fans out to them', () => {
    expect(read('entries from the db service').interpretation).toMatchObject({
      domain: '*',
      mcps: ['logs', 'metrics'],
      filters: [{ field: 'service', op: '=', value: 'db' }],
    });
  });
  it('a total of a store word that is a learned value keeps the value', () => {
    expect(shape('total errors this week')).toMatchObject({
      filters: [{ field: 'level', op: '=', value: 'error' }],
      aggregate: { fn: 'count', field: null },
    });
    expect(shape('total warnings by service').filters).toEqual([{ field: 'level', op: '=', value: 'warn' }]);
  });
  it('"of the month" is this month', () => {
    expect(read('first order of the month').interpretation.time?.from).toBe('2026-11-01T00:00:00.000Z');
  });
  it('"which level is most common" is the top group by count', () => {
    expect(shape('which level is most common')).toMatchObject({ groupBy: 'level', limit: 1 });
  });
});

describe('fourteenth probing round', () => {
  it('a count before "most active" is how many top groups', () => {
    expect(shape('top 5 most active users in general')).toMatchObject({ groupBy: 'from', limit: 5 });
    expect(shape('top 3 most active senders')).toMatchObject({ groupBy: 'from', limit: 3 });
    expect(shape('most active user')).toMatchObject({ groupBy: 'from', limit: 1 });
  });
  it('words for busy rank groups by how many records they hold', () => {
    expect(shape('loudest channel')).toMatchObject({ groupBy: 'channel', limit: 1 });
    expect(shape('the 2 chattiest channels')).toMatchObject({ groupBy: 'channel', limit: 2 });
    // Another superlative before a field names no value of it.
    expect(failure('the laziest host').status).toBe(422);
  });
  it('"which X … more" is the top group as "most" is', () => {
    expect(shape('which currency brings in more revenue')).toMatchObject({
      groupBy: 'currency',
      limit: 1,
      aggregate: { fn: 'sum', field: 'value' },
    });
    // "more than" is a comparison, not a ranking.
    expect(failure('which host has more errors than warnings').status).toBe(422);
  });
  it('records holding a field at all are refused, as records lacking one are', () => {
    for (const q of [
      'messages with a token',
      'messages in the general channel with a token',
      'users that have an email',
    ])
      expect(failure(q).message, q).toContain('holding a field');
    // A value after the field is read as one.
    expect(shape('messages with token xyz123').filters).toEqual([
      { field: 'token', op: '=', value: 'xyz123' },
    ]);
    expect(shape('users with an email ending in acme.io').filters).toEqual([
      { field: 'email', op: 'endswith', value: 'acme.io' },
    ]);
  });
  it('measures followed through time and times between records are refused', () => {
    for (const q of ['cpu usage trend over time', 'revenue as a time series', 'response time trend'])
      expect(failure(q).message, q).toContain('over time');
    for (const q of [
      'average time between orders',
      'how long between orders on average',
      'average gap between logs',
    ])
      expect(failure(q).message, q).toContain('between records');
    // A range of a measure is not a time between records.
    expect(shape('response time between 100 and 200 ms').filters).toHaveLength(3);
  });
  it('an age said as "N year olds" is that age', () => {
    const age30 = [{ field: 'age', op: '=', value: 30 }];
    expect(shape('30-year-old users').filters).toEqual(age30);
    expect(shape('users who are 30 year olds').filters).toEqual(age30);
    expect(shape('count 45 year old users in Europe').filters).toEqual([
      { field: 'age', op: '=', value: 45 },
      { field: 'region', op: '=', value: 'Europe' },
    ]);
  });
  it('a word nothing explains after "from" or "in", ending the phrase, is a value no field holds', () => {
    for (const q of [
      'logs from mars',
      'users in narnia',
      'logs from venus this week',
      'messages from the moon',
    ])
      expect(failure(q).message, q).toContain('No field of');
    // Idioms after other prepositions, or after "in the", still read.
    for (const q of [
      'users at present',
      'orders at the moment',
      'logs in the database',
      'logs in production',
    ])
      expect(read(q).interpretation.filters, q).toEqual([]);
  });
  it('a value followed by "excluded" or "aside" is left out', () => {
    expect(shape('users grouped by team, engineering excluded')).toMatchObject({
      groupBy: 'team',
      filters: [{ field: 'team', op: '!=', value: 'engineering' }],
    });
    expect(shape('logs with debug excluded').filters).toEqual([{ field: 'level', op: '!=', value: 'debug' }]);
    expect(shape('users, Asia aside').filters).toEqual([{ field: 'region', op: '!=', value: 'Asia' }]);
  });
  it('"which X did someone … most" is the top group of what they did', () => {
    expect(shape('which channel did bob post in most')).toMatchObject({
      groupBy: 'channel',
      limit: 1,
      filters: [{ field: 'from', op: '=', value: 'bob' }],
    });
    expect(shape('what host does the api log on the most')).toMatchObject({
      groupBy: 'host',
      limit: 1,
      filters: [{ field: 'service', op: '=', value: 'api' }],
    });
  });
  it('a name joined to a sender read is someone too, even with no records yet', () => {
    for (const q of ['messages from alice or trent', 'messages from trent and zed today']) {
      const [from] = shape(q).filters;
      expect(from?.op, q).toBe('in');
      expect(from?.value, q).toHaveLength(2);
    }
  });
  it('"sizes" of a category field are the counts of its values', () => {
    expect(shape('team sizes')).toMatchObject({ groupBy: 'team', aggregate: { fn: 'count', field: null } });
    expect(shape('sizes of the channels').groupBy).toBe('channel');
  });
  it("a phrase several words long said in one store's text chooses that store and is searched for", () => {
    for (const q of ['any payment provider timeouts?', 'payment provider timeouts this week']) {
      const { interpretation: i } = read(q);
      expect(i.mcps, q).toEqual(['logs']);
      expect(i.text, q).toBe('payment provider timeout');
    }
  });
});

describe('fifteenth probing round', () => {
  it('an aggregate of a word no field holds is refused, not taken of the store measure', () => {
    for (const q of [
      'average salary of users',
      'total tax on orders',
      'max weight of orders',
      'average score per team',
      'highest salary in the sales team',
      'sum of shipping costs',
    ])
      expect(failure(q).message, q).toContain('measures');
    // A store with no measure at all: the aggregate word is left, with what it asks for.
    expect(failure('average rating of messages').message).toContain('measures "rating"');
    // Words for the measure, another word for the same aggregate, and learned values still read.
    expect(shape('average ticket size for euro orders').aggregate).toEqual({ fn: 'avg', field: 'amount' });
    expect(shape('total combined revenue in USD').aggregate).toEqual({ fn: 'sum', field: 'value' });
    expect(shape('average cpu usage').aggregate).toEqual({ fn: 'avg', field: 'value' });
    expect(shape('total spend this week').aggregate).toEqual({ fn: 'sum', field: 'amount' });
  });
  it('records having a thing no field records are refused', () => {
    for (const q of ['how many users have children', 'users who have pets', 'users who own a dog'])
      expect(failure(q).message, q).toContain('tells which');
    expect(shape('users who have a premium plan').filters).toEqual([
      { field: 'plan', op: '=', value: 'premium' },
    ]);
  });
  it('"I would like to" is politeness, not a topic', () => {
    expect(shape("I'd like to know the average cpu usage per host")).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'avg', field: 'value' },
    });
    expect(shape('I would like a count of orders by status').groupBy).toBe('status');
  });
  it('"how often" asks how many', () => {
    expect(shape('how often was the config reloaded')).toMatchObject({
      aggregate: { fn: 'count', field: null },
      text: 'config reloaded',
    });
    expect(shape('how frequently do errors occur on web-1').aggregate).toEqual({ fn: 'count', field: null });
  });
  it('a superlative before a word for one record ranks the records', () => {
    expect(shape('highest memory usage record')).toMatchObject({
      sort: [{ field: 'value', dir: 'desc' }],
      limit: 1,
      aggregate: null,
    });
    expect(shape('smallest revenue entry')).toMatchObject({
      sort: [{ field: 'value', dir: 'asc' }],
      limit: 1,
    });
    // Without one, the extreme is a value.
    expect(shape('smallest revenue').aggregate).toEqual({ fn: 'min', field: 'value' });
  });
  it('"how old is", "when did … join" and "where does … live" ask about a person, in the store of people', () => {
    for (const [q, name] of [
      ['how old is nina', 'nina'],
      ['when did peggy sign up', 'peggy'],
      ['where does omar live', 'omar'],
    ] as const) {
      const i = read(q).interpretation;
      expect(i.mcps, q).toEqual(['users']);
      expect(i.filters, q).toEqual([{ field: 'username', op: '=', value: name }]);
    }
    expect(failure('how old is the universe').status).toBe(422);
  });
  it('"which X has the oldest … on average" ranks groups by their average age', () => {
    expect(shape('which region has the oldest users on average')).toMatchObject({
      groupBy: 'region',
      limit: 1,
      aggregate: { fn: 'avg', field: 'age' },
    });
    // Without "on average" it says no measure.
    expect(failure('which region has the oldest users').status).toBe(422);
  });
  it('"which X uses the most" is the top group', () => {
    expect(shape('which host uses the most memory')).toMatchObject({
      groupBy: 'host',
      limit: 1,
      aggregate: { fn: 'avg', field: 'value' },
      filters: [{ field: 'metric', op: '=', value: 'memory_usage' }],
    });
  });
  it('"mentioned" searches the text after it', () => {
    expect(shape('has anyone mentioned the database migration').text).toBe('database migration');
  });
  it('a name before a verb of writing is the sender, even with no records yet', () => {
    expect(shape('the last thing judy posted')).toMatchObject({
      filters: [{ field: 'from', op: '=', value: 'judy' }],
      sort: [{ field: 'sent_at', dir: 'desc' }],
      limit: 1,
    });
    expect(shape('messages bob sent yesterday').filters).toEqual([{ field: 'from', op: '=', value: 'bob' }]);
  });
  it('ages "in their 30s" are the ten years from 30', () => {
    const thirties = [
      { field: 'age', op: '>=', value: 30 },
      { field: 'age', op: '<=', value: 39 },
    ];
    expect(shape('users in their 30s').filters).toEqual(thirties);
    expect(shape('users in their thirties').filters).toEqual(thirties);
  });
  it('comparisons of two sets and counts per group on average are refused', () => {
    // "vs" is read as "compare … and …" (the thirty-fourth round): two windows are refused as such.
    expect(failure('errors this week vs last week').message).toContain('each window separately');
    expect(failure('paid orders compared to refunded orders').message).toContain('Comparisons');
    expect(failure('how many orders per user on average').message).toContain('Averages of counts');
    // An average of a measure still reads.
    expect(shape('how old are premium users on average').aggregate).toEqual({ fn: 'avg', field: 'age' });
  });
  it('"break down … by" and "split … by" group', () => {
    expect(shape('break down revenue by host')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'sum', field: 'value' },
    });
    expect(shape('split errors by service').groupBy).toBe('service');
  });
  it('records "by" their measure are sorted on it, not grouped', () => {
    expect(shape('list orders by amount low to high')).toMatchObject({
      groupBy: null,
      aggregate: null,
      sort: [{ field: 'amount', dir: 'asc' }],
    });
    expect(shape('orders by amount')).toMatchObject({
      groupBy: null,
      sort: [{ field: 'amount', dir: 'desc' }],
    });
    // An age is a category of people, counted per value.
    expect(shape('users by age')).toMatchObject({ groupBy: 'age', aggregate: { fn: 'count', field: null } });
  });
  it('people in the plural after a verb of doing are everyone who did it, not a grouping', () => {
    expect(shape('total spent by customers this week')).toMatchObject({
      groupBy: null,
      aggregate: { fn: 'sum', field: 'amount' },
    });
    expect(shape('orders placed by customers').groupBy).toBeNull();
    expect(shape('total spent per customer').groupBy).toBe('customer');
  });
});

describe('sixteenth probing round', () => {
  it('a verb of belonging may stand between a negation and its value', () => {
    expect(shape("users that don't live in Europe").filters).toEqual([
      { field: 'region', op: '!=', value: 'Europe' },
    ]);
    expect(shape('count customers who do not work in sales').filters).toEqual([
      { field: 'team', op: '!=', value: 'sales' },
    ]);
  });
  it('"in excess of", "upwards of", "north of" and "south of" compare', () => {
    expect(shape('orders in excess of 900').filters).toEqual([{ field: 'amount', op: '>', value: 900 }]);
    expect(shape('payments upwards of 700').filters).toEqual([{ field: 'amount', op: '>', value: 700 }]);
    expect(shape('orders north of 800').filters).toEqual([{ field: 'amount', op: '>', value: 800 }]);
    expect(shape('orders south of 20').filters).toEqual([{ field: 'amount', op: '<', value: 20 }]);
  });
  it('seconds in "or more" bounds and ranges are the store\'s milliseconds', () => {
    expect(shape('response times of 1 second or more').filters).toContainEqual({
      field: 'value',
      op: '>=',
      value: 1000,
    });
    expect(shape('response times between 0.2 and 0.4 seconds').filters).toEqual(
      expect.arrayContaining([
        { field: 'value', op: '>=', value: 200 },
        { field: 'value', op: '<=', value: 400 },
      ]),
    );
  });
  it('registrations and folks are users; eldest ranks by age', () => {
    expect(shape('registrations today').mcps).toEqual(['users']);
    expect(shape('folks in the engineering team').mcps).toEqual(['users']);
    expect(shape('the 2 eldest users')).toMatchObject({ sort: [{ field: 'age', dir: 'desc' }], limit: 2 });
  });
  it('one record ranked within each group: by the measure its extreme, by time refused', () => {
    expect(shape('largest order for each currency')).toMatchObject({
      groupBy: 'currency',
      aggregate: { fn: 'max', field: 'amount' },
      limit: null,
    });
    expect(shape('smallest purchase per status').aggregate).toEqual({ fn: 'min', field: 'amount' });
    expect(failure('latest order per customer').message).toContain('each group');
    expect(failure('oldest user per team').message).toContain('each group');
    expect(failure('the 3 largest orders per currency').message).toContain('each group');
    // An aggregate asked for ranks the groups.
    expect(shape('sum of order amounts for each customer, top 5')).toMatchObject({
      groupBy: 'customer',
      limit: 5,
    });
  });
  it('a group ranked within another grouping is refused', () => {
    expect(failure('top customer per currency').message).toContain('of each currency');
    expect(failure('the most active sender per channel').message).toContain('of each channel');
  });
  it('a number or comparison no rule read is refused', () => {
    expect(failure('logs with status code 500').message).toContain('"500"');
    expect(failure('orders with more items than 3').message).toContain('compared');
    expect(failure('hosts where cpu exceeds memory').message).toContain('compared');
    // "other than" is a negation; a number opening the question labels it.
    expect(shape('orders other than EUR').filters).toEqual([{ field: 'currency', op: '!=', value: 'EUR' }]);
    expect(shape('Step 1: find all refunded orders').filters).toEqual([
      { field: 'status', op: '=', value: 'refunded' },
    ]);
  });
});

describe('seventeenth probing round', () => {
  it('counts spelled out after last, first and top are as many records', () => {
    expect(shape('the last twelve logs').limit).toBe(12);
    expect(shape('top fifteen orders by amount').limit).toBe(15);
    expect(shape('the last dozen messages in general').limit).toBe(12);
  });

  it('an unexplained word counted, after anything or after most is refused', () => {
    expect(failure('number of likes per message').message).toContain('"likes"');
    expect(failure('how many replies per channel').message).toContain('"replies"');
    expect(failure('anything weird in the logs today?').message).toContain('"weird"');
    expect(failure('which user is the most valuable').message).toContain('"valuable"');
    // "how many times", "number of sign ups", "nothing else" count or narrow nothing new.
    expect(shape('how many times did bob post in random').aggregate).toEqual({ fn: 'count', field: null });
    expect(shape('number of sign ups per plan this month').groupBy).toBe('plan');
    expect(shape('count users grouped by department and nothing else').groupBy).toBe('team');
  });

  it('values between a superlative and a category rank its groups', () => {
    const host = shape('highest revenue host');
    expect([host.groupBy, host.limit, host.aggregate]).toEqual(['host', 1, { fn: 'sum', field: 'value' }]);
    const services = shape('top 2 error services');
    expect([services.groupBy, services.limit]).toEqual(['service', 2]);
    const customer = shape('the biggest EUR customer');
    expect([customer.groupBy, customer.aggregate]).toEqual(['customer', { fn: 'sum', field: 'amount' }]);
  });

  it('a day and a month that could be either way round are refused', () => {
    expect(failure('orders on 10/11').message).toContain('"10/11"');
  });

  it("a plural subject's verb ranks the groups", () => {
    const top = shape('which 3 services log the most warnings');
    expect([top.groupBy, top.limit]).toEqual(['service', 3]);
  });

  it('a bare "top N" after the grouping ranks the groups, not records within each', () => {
    const errors = shape('errors per service top 3');
    expect([errors.groupBy, errors.limit, errors.aggregate, errors.sort]).toEqual([
      'service',
      3,
      { fn: 'count', field: null },
      [],
    ]);
    const hosts = shape('hosts by error count, top 3');
    expect([hosts.groupBy, hosts.limit]).toEqual(['host', 3]);
    // With the store's measure, "top 1" is still the group with the most records, not its largest one.
    const currency = shape('orders per currency top 1');
    expect([currency.groupBy, currency.limit, currency.aggregate]).toEqual([
      'currency',
      1,
      { fn: 'count', field: null },
    ]);
    // Records named after the count are still ranked within each group, and refused.
    expect(failure('top 3 orders per status').message).toContain('each group');
  });

  it('records ranked by their measure keep a direction left after it', () => {
    expect(shape('orders by amount ascending').sort).toEqual([{ field: 'amount', dir: 'asc' }]);
    expect(shape('orders ascending by amount').sort).toEqual([{ field: 'amount', dir: 'asc' }]);
    expect(shape('orders by amount').sort).toEqual([{ field: 'amount', dir: 'desc' }]);
  });
});

describe('eighteenth probing round', () => {
  it('a shop word names orders; money alone does not choose between orders and a revenue metric', () => {
    expect(shape('average basket value')).toMatchObject({
      mcps: ['orders'],
      aggregate: { fn: 'avg', field: 'amount' },
    });
    expect(shape('average cart value in EUR').filters).toEqual([
      { field: 'currency', op: '=', value: 'EUR' },
    ]);
    // Both orders (amount) and the revenue metric (value) are money with a currency: asked back.
    expect(() => shape('which currency brings in the most money')).toThrow();
    expect(() => shape('how much money did we make this week')).toThrow();
    // Revenue is the metric where one is learned.
    expect(shape('which currency brings in the most revenue').mcps).toEqual(['metrics']);
  });

  it('breaking, crashing, going wrong and problems are failures', () => {
    const error = [{ field: 'level', op: '=', value: 'error' }];
    for (const q of ['did anything break yesterday', 'what crashed today', 'did anything go wrong today']) {
      expect(shape(q)).toMatchObject({ mcps: ['logs'], filters: error });
    }
    expect(read('did anything break yesterday').interpretation.time).toEqual({
      field: 'timestamp',
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
    });
    expect(shape('what went wrong on worker-1 this week').filters).toEqual([
      ...error,
      { field: 'host', op: '=', value: 'worker-1' },
    ]);
    expect(shape('any problems on web-1 today').filters).toEqual([
      ...error,
      { field: 'host', op: '=', value: 'web-1' },
    ]);
  });

  it('whether a named thing is well is its failures, in the last 24 hours unless a time is said', () => {
    const ok = read('is web-1 ok').interpretation;
    expect(ok.mcps).toEqual(['logs']);
    expect(ok.filters).toEqual([
      { field: 'host', op: '=', value: 'web-1' },
      { field: 'level', op: '=', value: 'error' },
    ]);
    expect(ok.time).toEqual({ field: 'timestamp', from: '2026-11-24T15:30:00.000Z', to: null });
    expect(shape('is the api service healthy').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'api',
    });
    expect(read('was db-1 ok yesterday').interpretation.time?.from).toBe('2026-11-24T00:00:00.000Z');
    expect(shape('is worker-1 down').filters).toContainEqual({ field: 'level', op: '=', value: 'error' });
    expect(shape('is everything ok on web-1').filters).toContainEqual({
      field: 'host',
      op: '=',
      value: 'web-1',
    });
    expect(shape("how's the api doing").filters).toContainEqual({ field: 'level', op: '=', value: 'error' });
    // Nothing learned is named: there is nothing to read the failures of.
    expect(failure('is the site healthy').code).toBe('UNPARSEABLE_QUERY');
  });

  it('a counted thing had that no field records is refused', () => {
    expect(failure('users with two factor enabled').message).toContain('"factor"');
    expect(failure('messages with 3 attachments').code).toBe('UNPARSEABLE_QUERY');
  });

  it('a phrasal verb is read as the one word learned text spells it as', () => {
    const timeout = shape('how often did the payment provider time out');
    expect([timeout.mcps, timeout.text, timeout.aggregate]).toEqual([
      ['logs'],
      'payment provider timeout',
      { fn: 'count', field: null },
    ]);
    // Quoted words are taken as written.
    expect(shape('logs containing "time out"').text).toBe('time out');
  });

  it('a field of other stores asked about with "which" and a superlative is no grouping', () => {
    expect(failure('which service has the most orders').message).toContain('"service"');
    expect(failure('which host has the most users').message).toContain('"host"');
    expect(shape('which team has the most users').groupBy).toBe('team');
  });
});

describe('nineteenth probing round', () => {
  it('whether a person or an unlearned thing is well is refused, not answered with their records', () => {
    expect(failure('is john ok').message).toContain('"john"');
    expect(failure('how is john doing').code).toBe('UNPARSEABLE_QUERY');
    expect(failure('how are premium users doing').code).toBe('UNPARSEABLE_QUERY');
    expect(failure('is the cpu ok').message).toContain('"cpu"');
  });

  it('the full name of a system part learned by its short name names it in a health question', () => {
    const db = read('is the database ok').interpretation;
    expect(db.mcps).toEqual(['logs']);
    expect(db.filters).toEqual([
      { field: 'service', op: '=', value: 'db' },
      { field: 'level', op: '=', value: 'error' },
    ]);
    expect(db.time).toEqual({ field: 'timestamp', from: '2026-11-24T15:30:00.000Z', to: null });
    expect(shape('how’s the database doing').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'db',
    });
    // Elsewhere "the database" is where records are kept, or words of a text.
    expect(shape('logs in the database').filters).toEqual([]);
    expect(shape('has anyone mentioned the database migration')).toMatchObject({
      mcps: ['messages'],
      text: 'database migration',
    });
  });

  it('whether everything is well is every failure', () => {
    for (const q of ['is everything ok', 'is anything down']) {
      const i = read(q).interpretation;
      expect([i.mcps, i.filters], q).toEqual([['logs'], [{ field: 'level', op: '=', value: 'error' }]]);
      expect(i.time?.from).toBe('2026-11-24T15:30:00.000Z');
    }
  });

  it('what a person did to a record is no field of it', () => {
    expect(failure('messages nobody replied to').message).toContain('"replied"');
    expect(failure('messages no one replied to today').message).toContain('"replied"');
    expect(shape('messages from anyone but john').filters).toEqual([
      { field: 'from', op: '!=', value: 'john' },
    ]);
  });

  it('a change over time is refused; a range said with a verb of change is read', () => {
    for (const q of [
      'did orders drop this week',
      'did orders increase this week',
      'did errors go up today',
      'have errors gone down since yesterday',
      'is memory usage rising',
      'did cpu usage spike on web-1',
      'did errors double today',
    ])
      expect(failure(q).message, q).toContain('change over time');
    expect(shape('orders whose amount falls between 100 and 200').filters).toEqual([
      { field: 'amount', op: '>=', value: 100 },
      { field: 'amount', op: '<=', value: 200 },
    ]);
    expect(shape('can you double check the error logs').filters).toEqual([
      { field: 'level', op: '=', value: 'error' },
    ]);
  });

  it('a part of a month is refused, like a part of a day', () => {
    expect(failure('orders in the first week of November').message).toContain('Parts of a month');
    expect(failure('errors in early November').message).toContain('Parts of a month');
    expect(failure('did the worker crash last night').message).toContain('Parts of a day');
    expect(read('orders since the start of the month').interpretation.time?.from).toBe(
      '2026-11-01T00:00:00.000Z',
    );
  });
});

describe('twentieth probing round', () => {
  it('a word for anybody is no text to search for, even where a text learned it', () => {
    const i = read('messages anyone sent today').interpretation;
    expect([i.intent, i.mcps, i.text, i.filters]).toEqual(['find', ['messages'], null, []]);
    expect(i.time?.from).toBe('2026-11-25T00:00:00.000Z');
    expect(shape('messages saying coffee break anyone').text).toBe('coffee break anyone');
    expect(failure('messages nobody replied to').message).toContain('"replied"');
  });

  it('whether a named thing went down is its failures; whether a count went down is refused', () => {
    const i = read('did web-1 go down yesterday').interpretation;
    expect(i.filters).toEqual([
      { field: 'host', op: '=', value: 'web-1' },
      { field: 'level', op: '=', value: 'error' },
    ]);
    expect(i.time).toEqual({
      field: 'timestamp',
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
    });
    expect(shape('has the api gone down today').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'api',
    });
    expect(read('did the database go down').interpretation.time?.from).toBe('2026-11-24T15:30:00.000Z');
    expect(failure('did errors go down today').message).toContain('change over time');
  });

  it('the full name of a system part said as a source, or before a word for one, is its short name', () => {
    const db = { field: 'service', op: '=', value: 'db' };
    expect(shape('errors from the database today').filters).toEqual([
      { field: 'level', op: '=', value: 'error' },
      db,
    ]);
    expect(shape('warnings on the database server this week').filters).toContainEqual(db);
    expect(shape('cpu usage on the database').filters).toContainEqual(db);
    // Records named by their store or in general are kept in the database, not sent by it.
    expect(shape('logs in the database').filters).toEqual([]);
    expect(failure('logs from the database').code).toBe('UNPARSEABLE_QUERY');
    expect(shape('has anyone mentioned the database migration').text).toBe('database migration');
  });

  it('"grep" searches text, and records shown "with counts" are counted', () => {
    expect(shape('grep messages for deploy')).toMatchObject({ mcps: ['messages'], text: 'deploy' });
    expect(shape('grep the logs for timeout')).toMatchObject({ mcps: ['logs'], text: 'timeout' });
    expect(shape('orders grouped by status with counts')).toMatchObject({
      aggregate: { fn: 'count', field: null },
      groupBy: 'status',
    });
  });
});

describe('twenty-first probing round', () => {
  const errorsPerService = {
    filters: [{ field: 'level', op: '=', value: 'error' }],
    aggregate: { fn: 'count', field: null },
    groupBy: 'service',
  };

  it('a field named in the plural first, then what its records hold, is each value with its count', () => {
    for (const q of ['list services with errors', 'services with error counts', 'which services have errors'])
      expect(shape(q), q).toMatchObject(errorsPerService);
    expect(shape('which channels did john post in')).toMatchObject({
      filters: [{ field: 'from', op: '=', value: 'john' }],
      groupBy: 'channel',
      aggregate: { fn: 'count', field: null },
    });
    expect(shape('channels with their message counts')).toMatchObject({ filters: [], groupBy: 'channel' });
    // An aggregate said after the field is what each value holds.
    expect(shape('statuses with their order totals')).toMatchObject({
      aggregate: { fn: 'sum', field: 'amount' },
      groupBy: 'status',
    });
    // A ranking stays one; values that hold no such records are in no group.
    expect(shape('which channels have the most messages').limit).toBe(1);
    expect(failure('which services had no errors').message).toContain('hold no matching records');
    // The store's own word names records, not a field.
    expect(shape('users with premium plans').groupBy).toBeNull();
  });

  it("counts in the plural for all of a field's values are one count per value", () => {
    expect(shape('error counts for all services')).toMatchObject(errorsPerService);
    expect(shape('message counts across the channels').groupBy).toBe('channel');
    // One count for all of them stays one.
    expect(shape('count errors for all services').groupBy).toBeNull();
  });

  it('the values of one field per value of another are two groupings', () => {
    expect(failure('levels per service').message).toContain('One grouping at a time');
    expect(failure('plans by region').message).toContain('One grouping at a time');
    expect(shape('channels by message count').groupBy).toBe('channel');
  });

  it('records in general in the database are every record; logs from the database stay a source', () => {
    for (const q of ['count all records from the database', 'how many records are in the database']) {
      const i = read(q).interpretation;
      expect([i.domain, i.text, i.filters, i.aggregate], q).toEqual([
        '*',
        null,
        [],
        { fn: 'count', field: null },
      ]);
    }
    expect(shape('messages in the database').text).toBeNull();
    expect(failure('logs from the database').code).toBe('UNPARSEABLE_QUERY');
    expect(shape('errors from the database').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'db',
    });
  });

  it('a phrase learned text says word for word, small words and all, is searched for whole', () => {
    expect(shape('need help with the database migration')).toMatchObject({
      mcps: ['messages'],
      text: 'help with the database migration',
    });
    expect(shape('customer reported a timeout on login').text).toBe('customer reported a timeout on login');
    // Two words of it, one small word apart, are still only what was said.
    expect(shape('has anyone mentioned the database migration').text).toBe('database migration');
  });

  it('"or" and "not" on the fields the public set uses little', () => {
    expect(shape('users in sales or support').filters).toEqual([
      { field: 'team', op: 'in', value: ['sales', 'support'] },
    ]);
    expect(shape('messages from carol or dave').filters).toEqual([
      { field: 'from', op: 'in', value: ['carol', 'dave'] },
    ]);
    expect(shape('error logs not from api').filters).toEqual([
      { field: 'level', op: '=', value: 'error' },
      { field: 'service', op: '!=', value: 'api' },
    ]);
  });

  it('counts this week, per channel and per service, at a fixed time', () => {
    const i = read('services with warnings this week').interpretation;
    expect(i.groupBy).toBe('service');
    expect(i.time).toEqual({ field: 'timestamp', from: '2026-11-23T00:00:00.000Z', to: null });
    expect(read('count messages in support this week').interpretation.time?.from).toBe(
      '2026-11-23T00:00:00.000Z',
    );
  });
});

describe('twenty-second probing round', () => {
  it('a field in the plural ordered by an aggregate of a measure is that aggregate per value', () => {
    expect(shape('teams by average age')).toMatchObject({
      aggregate: { fn: 'avg', field: 'age' },
      groupBy: 'team',
    });
    expect(shape('hosts by average cpu')).toMatchObject({
      filters: [{ field: 'metric', op: '=', value: 'cpu_usage' }],
      aggregate: { fn: 'avg', field: 'value' },
      groupBy: 'host',
    });
    expect(shape('currencies by total order amount')).toMatchObject({
      aggregate: { fn: 'sum', field: 'amount' },
      groupBy: 'currency',
    });
    // A count stays a count; the store's own word names records, not a field.
    expect(shape('regions by number of users')).toMatchObject({
      aggregate: { fn: 'count' },
      groupBy: 'region',
    });
    expect(shape('users by average age').groupBy).toBeNull();
  });

  it('a field in the plural placed by a value of another field is each of its values there, counted', () => {
    expect(shape('senders in the random channel')).toMatchObject({
      filters: [{ field: 'channel', op: '=', value: 'random' }],
      aggregate: { fn: 'count', field: null },
      groupBy: 'from',
    });
    expect(shape('countries in Europe')).toMatchObject({
      filters: [{ field: 'region', op: '=', value: 'Europe' }],
      groupBy: 'country',
    });
    expect(shape('countries in North America').groupBy).toBe('country');
    // Records placed there stay records; a field placed in no value is no such question.
    expect(shape('users in Europe').groupBy).toBeNull();
    expect(shape('messages in the random channel').groupBy).toBeNull();
  });

  it('values said to be in use are the values of the field, with their counts', () => {
    for (const q of ['what units are used', 'which units are in use', 'what plans are in use'])
      expect(shape(q).groupBy, q).toMatch(/^(unit|plan)$/);
  });

  it('the values of one field counted per value of another are two groupings, after "count" too', () => {
    for (const q of ['count statuses per currency', 'how many plans per region'])
      expect(failure(q).message, q).toContain('One grouping at a time');
    expect(shape('count orders per currency').groupBy).toBe('currency');
  });

  it('a field in the plural first, then records ranked, is refused as "which … has the oldest" is', () => {
    for (const q of ['teams with the oldest users', 'which teams have the oldest users'])
      expect(failure(q).message, q).toContain('Say how to rank each team');
    // Counted, or ranked by a measure per group, it is still read.
    expect(shape('which teams have inactive users').groupBy).toBe('team');
    expect(shape('which team has the most users')).toMatchObject({ groupBy: 'team', limit: 1 });
  });

  it("a learned value inside a longer phrase of another store's text is a word of that text", () => {
    expect(shape('seeing an error on the checkout page')).toMatchObject({
      mcps: ['messages'],
      filters: [],
      text: 'seeing an error on the checkout page',
    });
    // A value among small words only ("error on the") stays a value.
    expect(shape('error on the web-1 host').filters).toEqual([
      { field: 'level', op: '=', value: 'error' },
      { field: 'host', op: '=', value: 'web-1' },
    ]);
  });

  it('percentiles and medians are refused, ops shorthand is read', () => {
    for (const q of ['p95 response time per service', 'median cpu on web-2'])
      expect(failure(q).code, q).toBe('UNPARSEABLE_QUERY');
    expect(read('err logs api 24h').interpretation.time?.from).toBe('2026-11-24T15:30:00.000Z');
  });
});

describe('twenty-third probing round', () => {
  it("a field in the plural by the store's own word is a count per value", () => {
    for (const q of ['countries by users', 'channels by messages'])
      expect(shape(q), q).toMatchObject({
        aggregate: { fn: 'count', field: null },
        groupBy: expect.stringMatching(/^(country|channel)$/),
      });
    // A learned value in the plural stays a filter of what is counted.
    expect(shape('services by errors')).toMatchObject({
      filters: [{ field: 'level', op: '=', value: 'error' }],
      groupBy: 'service',
    });
  });

  it('a field in the plural with records ranked by time or size in each is refused, not one ranking', () => {
    expect(failure('channels with the latest messages').message).toContain('Say how to rank each channel');
    expect(failure('currencies with the largest orders').message).toContain('Say how to rank each currency');
    // Counted, or ranked by a measure, the groups are still read; one record stays one record.
    expect(shape('currencies with the most orders')).toMatchObject({ groupBy: 'currency', limit: 10 });
    expect(shape('hosts with the highest cpu').groupBy).toBe('host');
    expect(shape('what channel has the latest message')).toMatchObject({ groupBy: null, limit: 1 });
  });

  it('"how much" said of records in the plural asks how many', () => {
    for (const q of [
      'how much users we have',
      'how much errors today',
      'how much people signed up this week',
    ])
      expect(read(q).interpretation.aggregate, q).toEqual({ fn: 'count', field: null });
    // At the end, of records whose measure is no money, too.
    expect(read('users on free plan how much').interpretation.aggregate).toEqual({
      fn: 'count',
      field: null,
    });
    // Money stays a total.
    expect(read('paid orders today how much').interpretation.aggregate).toEqual({
      fn: 'sum',
      field: 'amount',
    });
    expect(read('how much was refunded').interpretation.aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(read('how much sales today').interpretation.aggregate).toEqual({ fn: 'sum', field: 'amount' });
  });

  it('comparatives typed by learners are read: "more old than", "older then", "more then"', () => {
    expect(shape('users more old than 40').filters).toEqual([{ field: 'age', op: '>', value: 40 }]);
    expect(shape('users less old than 30').filters).toEqual([{ field: 'age', op: '<', value: 30 }]);
    expect(shape('users older then 40').filters).toEqual([{ field: 'age', op: '>', value: 40 }]);
    expect(shape('orders more then 500').filters).toEqual([{ field: 'amount', op: '>', value: 500 }]);
  });

  it('a count before "top" is how many', () => {
    expect(shape('5 top orders by amount')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 5,
    });
    expect(shape('3 top hosts by average cpu')).toMatchObject({ groupBy: 'host', limit: 3 });
  });
});

describe('twenty-fourth probing round', () => {
  it('"with the most recent" ranks records by time in each group and is refused like "the latest"', () => {
    expect(failure('channels with the most recent messages').message).toContain(
      'Say how to rank each channel',
    );
    expect(shape('channels with the most messages')).toMatchObject({ groupBy: 'channel', limit: 10 });
  });

  it('"most new" is newest, with its count', () => {
    expect(shape('10 most new messages in project-x')).toMatchObject({
      filters: [{ field: 'channel', op: '=', value: 'project-x' }],
      sort: [{ field: 'sent_at', dir: 'desc' }],
      limit: 10,
    });
    expect(shape('the most new order')).toMatchObject({
      sort: [{ field: 'created_at', dir: 'desc' }],
      limit: 1,
    });
  });

  it('a rate of records of a learned value is refused unless the count it means is said', () => {
    for (const q of [
      'error rate',
      'error rate today',
      'error rate per service',
      'rate of refunds this month',
    ])
      expect(failure(q).message, q).toContain('Rates and shares of records cannot be asked for');
    expect(shape('error rate: how many error logs in the past 24h').aggregate).toEqual({
      fn: 'count',
      field: null,
    });
    // A rate of nothing the tenant stores is left to the other rules.
    expect(failure("what's the exchange rate between USD and EUR").message).not.toContain('Rates and shares');
  });

  it('an average of records per group is an average of counts and refused; of a measured value it is read', () => {
    for (const q of [
      'average errors per host',
      'avg orders per customer',
      'average messages per channel today',
    ])
      expect(failure(q).message, q).toContain('Averages of counts are not supported');
    expect(shape('average revenue per host')).toMatchObject({
      aggregate: { fn: 'avg', field: 'value' },
      groupBy: 'host',
    });
    expect(shape('average amount per currency')).toMatchObject({
      aggregate: { fn: 'avg', field: 'amount' },
      groupBy: 'currency',
    });
  });

  it('a change over time by "growth" or "change" is refused, unless the count it means is said', () => {
    for (const q of [
      'growth in signups this month',
      'order growth',
      'how did revenue change since last week',
    ])
      expect(failure(q).message, q).toContain('A change over time');
    expect(
      shape('I need to report on user growth: how many users signed up in the last 30 days?').aggregate,
    ).toEqual({
      fn: 'count',
      field: null,
    });
  });

  it('two windows joined by "or" are refused, not intersected', () => {
    for (const q of ['orders this week or last week', 'were there more errors today or yesterday'])
      expect(failure(q).message, q).toContain('Two times joined by "or"');
    expect(read('orders placed on or after 2026-11-01').interpretation.time?.from).toBe(
      '2026-11-01T00:00:00.000Z',
    );
  });

  it('what people spend is not read from a store whose only measure is an age', () => {
    for (const q of ['how much did users in Germany spend', 'total spent by premium users'])
      expect(failure(q).message, q).toContain('No field of users measures');
    expect(shape('total spend per customer')).toMatchObject({ aggregate: { fn: 'sum', field: 'amount' } });
  });

  it('people without records of another store are refused as a join', () => {
    for (const q of ['users without orders', 'customers without any messages'])
      expect(failure(q).message, q).toContain('cannot describe users by their');
    expect(shape('logs without errors').filters).toEqual([{ field: 'level', op: '!=', value: 'error' }]);
  });

  it('writes in other words are refused', () => {
    for (const q of [
      'nuke all logs',
      'kindly nuke the metrics',
      'flush metrics',
      'register a user named bob',
      'please register new users',
      'make alice premium',
      'make order o-0001 paid',
    ])
      expect(failure(q).code, q).toBe('WRITE_REFUSED');
    expect(shape('make me a list of premium users').filters).toEqual([
      { field: 'plan', op: '=', value: 'premium' },
    ]);
    expect(shape('how many users registered this week').aggregate).toEqual({ fn: 'count', field: null });
  });
});

describe('twenty-fifth probing round', () => {
  it('two windows set side by side by a comparative of quantity are a comparison, overlapping or not', () => {
    for (const q of [
      'more errors today than yesterday',
      'fewer warnings this week than last week',
      'did we get more orders today than yesterday',
    ])
      expect(failure(q).message, q).toContain('Comparisons cannot be asked for');
    // A comparative right before "than" bounds the records' own time.
    expect(read('orders more than 5 days old').interpretation.time).toMatchObject({ from: null });
  });

  it('another store named before a verb of placing or by its plural synonym is a combination of stores', () => {
    for (const q of ['orders placed by premium users', 'purchases made by premium users'])
      expect(failure(q).message, q).toContain('it cannot combine users with orders');
    // The store's own person field still reads a name.
    expect(shape('orders placed by john.smith@example.com').mcps).toEqual(['orders']);
  });

  it('a refusal of a question read in several stores names them', () => {
    // (A name that starts customer emails is refused with them: see the thirty-first round.)
    const message = failure('how much has john2 spent').message;
    expect(message).toContain('users');
    expect(message).not.toContain('*');
  });

  it('an average of a plural value word in a store with a measure is the measure of those records', () => {
    expect(shape('average refunds per customer')).toMatchObject({
      filters: [{ field: 'status', op: '=', value: 'refunded' }],
      aggregate: { fn: 'avg', field: 'amount' },
      groupBy: 'customer',
    });
  });
});

describe('twenty-seventh probing round', () => {
  it('a span of days of a named month is read whole, its dash no range of numbers', () => {
    for (const q of [
      'count error logs Nov 17-20',
      'error logs 17-20 November',
      'error logs from Nov 17 to 20',
    ])
      expect(read(q).interpretation.time, q).toMatchObject({
        from: '2026-11-17T00:00:00.000Z',
        to: '2026-11-21T00:00:00.000Z',
      });
    expect(shape('users aged 20-30').filters).toEqual([
      { field: 'age', op: '>=', value: 20 },
      { field: 'age', op: '<=', value: 30 },
    ]);
    expect(failure('logs Nov 20-17').message).toContain('no time between them');
  });

  it('a learned value misspelled by one slip is refused with the value it is near, first among the suggestions', () => {
    for (const [q, word, near] of [
      ['show logs from web-l', 'web-l', 'web-1'],
      ['messages in the genral channel', 'genral', 'general'],
      ['users on the premuim plan', 'premuim', 'premium'],
      ['logs from the wroker service', 'wroker', 'worker'],
      ['messages from jhon', 'jhon', 'john'],
      ['average cpu usage on web1', 'web1', 'web-1'],
      ['count premiun users', 'premiun', 'premium'],
      ['users in germny', 'germny', 'Germany'],
    ] as const) {
      const e = failure(q);
      expect(e.message, q).toContain(`did you mean "${near}"`);
      expect(e.suggestions?.[0], q).toBe(q.replace(word, near));
    }
  });

  it('a value that is no slip of a learned one, or differs from one only in its digits, is still a value', () => {
    expect(shape('logs on host web-3').filters).toEqual([{ field: 'host', op: '=', value: 'web-3' }]);
    expect(shape('messages from zoe').filters).toEqual([{ field: 'from', op: '=', value: 'zoe' }]);
    // A plan no user is on is no slip either: refused naming the plans, with no "did you mean".
    expect(failure('users on the enterprise plan').message).not.toContain('did you mean');
    // English words one slip from a name are not read as misspelled names.
    expect(shape('users ordered by signup date').sort).toEqual([{ field: 'signed_up_at', dir: 'desc' }]);
    expect(shape('when did ivan join').filters).toEqual([{ field: 'username', op: '=', value: 'ivan' }]);
  });

  it('distinct values are listed as groups, and counting them is refused', () => {
    for (const [q, field] of [
      ['what are the distinct channels', 'channel'],
      ['unique countries of users', 'country'],
      ['distinct hosts in logs', 'host'],
      ['what are the different plans', 'plan'],
    ] as const)
      expect(shape(q), q).toMatchObject({ groupBy: field, aggregate: { fn: 'count', field: null } });
    for (const q of [
      'how many services logged errors',
      'how many countries do users come from',
      'distinct count of services in logs',
      'count of distinct hosts',
    ])
      expect(failure(q).message, q).toContain('Counting distinct values is not supported');
    expect(failure('distinct error messages today').message).toContain('free text');
    // A count of values per value of another field is two groupings, as before.
    expect(failure('how many plans per region').message).toContain('One grouping at a time');
  });

  it('text left out and values ranked by an order the data does not hold are refused', () => {
    for (const q of ['show me api errors except timeouts', 'error logs other than timeouts'])
      expect(failure(q).message, q).toContain('do not contain a text');
    for (const q of ['logs at warn level or above', 'logs with level warn or higher', 'info and above logs'])
      expect(failure(q).message, q).toContain('Values ranked above or below');
  });
});

describe('twenty-eighth probing round', () => {
  it('two days of a named month joined by "and" are refused with a message saying how to ask', () => {
    for (const q of [
      'logs Nov 17 and 20',
      'orders on the 17th and 20th',
      'logs on the 17th and the 20th',
      'count errors on 17 and 20 November',
      'errors on Nov 17 and Nov 20',
      'count orders on Nov 17 and 18',
    ]) {
      const e = failure(q);
      expect(e.message, q).toContain('Two separate days cannot be asked at once');
      expect(e.message, q).toContain('ask for a range');
    }
    // One span, or two windows that make one range, are still answered.
    expect(read('logs between Nov 17 and 20').interpretation.time).toMatchObject({
      from: '2026-11-17T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
    expect(read('errors yesterday and today').interpretation.time).toMatchObject({
      from: '2026-11-24T00:00:00.000Z',
      to: null,
    });
    expect(shape('users aged between 20 and 30').filters).toHaveLength(2);
  });

  it('a misspelt store word is refused with the store word, first among the suggestions', () => {
    for (const [q, word, near] of [
      ['messges from john', 'messges', 'messages'],
      ['ordres', 'ordres', 'orders'],
      ['usres in germany', 'usres', 'users'],
      ['how many ordres were refunded', 'ordres', 'orders'],
      ['lgos from web-1 today', 'lgos', 'logs'],
      ['custmers in France', 'custmers', 'customers'],
    ] as const) {
      const e = failure(q);
      expect(e.message, q).toContain(`did you mean "${near}"`);
      expect(e.suggestions?.[0], q).toBe(q.replace(word, near));
    }
    // English words a letter away from a store word are not taken for it.
    for (const q of ['how many stars are in the sky', 'how many cats are there', 'how tall is john'])
      expect(failure(q).message, q).not.toContain('did you mean');
  });

  it('"us" is the United States where a place stands, and a pronoun elsewhere', () => {
    const us = { field: 'country', op: '=', value: 'United States' };
    for (const q of ['users in the us', 'users from us', 'how many customers do we have in the us'])
      expect(shape(q).filters, q).toEqual([us]);
    expect(shape('users outside the us').filters).toEqual([{ ...us, op: '!=' }]);
    for (const q of ['tell us how many users there are', 'show us the logs', 'let us see paid orders'])
      expect(
        shape(q).filters.some((f) => f.field === 'country'),
        q,
      ).toBe(false);
    expect(failure('orders from the us').message).toContain('is a country of users');
  });

  it('a word standing where a value would that nothing reads is refused, not dropped', () => {
    for (const [q, word] of [
      ['orders for acme', 'acme'],
      ['users at acme corp', 'acme'],
      ['logs on banana', 'banana'],
      ['revenue for acme last month', 'acme'],
    ] as const)
      expect(failure(q).message, q).toContain(`holds "${word}"`);
    expect(shape('logs for the api').filters).toEqual([{ field: 'service', op: '=', value: 'api' }]);
    expect(read('orders for this week').interpretation.time?.from).toBe('2026-11-23T00:00:00.000Z');
  });
});

describe('the twenty-ninth probing round', () => {
  it("the highest or lowest reading per group is each group's maximum or minimum, not its average", () => {
    expect(shape('which host had the highest cpu reading today')).toMatchObject({
      aggregate: { fn: 'max', field: 'value' },
      groupBy: 'host',
      limit: 1,
    });
    expect(shape('lowest response time value per service').aggregate).toEqual({ fn: 'min', field: 'value' });
    // A level per group with no single reading named is still its average; a total still its sum.
    expect(shape('which host had the highest cpu usage today').aggregate).toEqual({
      fn: 'avg',
      field: 'value',
    });
    expect(shape('biggest customers by order value in EUR').aggregate).toEqual({
      fn: 'sum',
      field: 'amount',
    });
    // Ranked from the smallest, groups are refused with one message, naming every group as the way.
    for (const q of ['the least common log level', 'which plan has the fewest users', 'the rarest log level'])
      expect(failure(q).message, q).toMatch(
        /^Groups can only be ranked from the largest: .*or for every \w+/,
      );
  });

  it('"order" opening a command sorts, and names no orders', () => {
    expect(read('order channels by number of messages').interpretation).toMatchObject({
      mcps: ['messages'],
      groupBy: 'channel',
      aggregate: { fn: 'count', field: null },
    });
    expect(read('order users by age').interpretation.mcps).toEqual(['users']);
    expect(read('order 5 by amount').interpretation.mcps).toEqual(['orders']);
  });

  it('messages to or for someone are refused, as messages hold no recipient; "for" after a grouping is theirs', () => {
    for (const q of ['messages to alice', 'messages for alice', 'what did alice write to bob'])
      expect(failure(q).message, q).toContain('says whom they were sent to');
    expect(shape('count messages by channel for john').filters).toEqual([
      { field: 'from', op: '=', value: 'john' },
    ]);
  });

  it('a name where orders hold emails is refused with the emails it may be; an unknown name too', () => {
    const e = failure('how many orders did alice place');
    expect(e.message).toContain('Orders name their customer by email, not by name');
    expect(e.message).toMatch(/alice\.[a-z0-9]+@/);
    expect(failure('how many orders did acme place').message).toContain('No one called "acme" is known');
  });

  it('a misspelt word of time or of asking is refused with the corrected question first', () => {
    for (const [q, fixed] of [
      ['orders placed tody', 'orders placed today'],
      ['count paid orders snice monday', 'count paid orders since monday'],
      ['errors this wek', 'errors this week'],
      ['orders since novmber 17', 'orders since november 17'],
    ]) {
      const e = failure(q!);
      expect(e.message, q).toContain('did you mean');
      expect(e.suggestions?.[0], q).toBe(fixed);
    }
    // Plurals, and English words a letter away, are no slips.
    expect(shape('services with error counts').groupBy).toBe('service');
    expect(shape('the biggest order ever').limit).toBe(1);
    for (const q of ['users by county', 'the slowest service'])
      expect(failure(q).message, q).not.toContain('did you mean');
  });

  it('contractions without their apostrophe negate', () => {
    expect(shape('how many orders werent paid').filters).toEqual([
      { field: 'status', op: '!=', value: 'paid' },
    ]);
    expect(shape('users who dont have the free plan').filters).toEqual([
      { field: 'plan', op: '!=', value: 'free' },
    ]);
  });
});

describe('thirty-first probing round', () => {
  it('a span said bare at the end or the start of the question is the rolling span up to now', () => {
    for (const q of ['errors 3 hours', 'error logs 2 days', 'orders seven days', '2 days error logs']) {
      const { time } = read(q).interpretation;
      expect(time?.from, q).not.toBeNull();
      expect(time?.to, q).toBeNull();
    }
    expect(read('errors 3 hours').interpretation.time?.from).toBe(
      new Date(NOW - 3 * 3_600_000).toISOString(),
    );
    // After a bound it is no window, and a span left unread is never dropped ("for 3 hours" and a
    // span before the grouping are read since the thirty-second round).
    expect(failure('errors pending for 3 hours').code).toBe('UNPARSEABLE_QUERY');
    expect(failure('users over 3 days').code).toBe('UNPARSEABLE_QUERY');
  });

  it('"from N days" is refused with both readings; "from N days ago" is that day', () => {
    const e = failure('orders from 3 days');
    expect(e.message).toContain('from 3 days ago');
    expect(e.suggestions?.slice(0, 2)).toEqual(['orders from 3 days ago', 'orders from the last 3 days']);
    expect(failure('orders from 2 weeks').suggestions?.[0]).toBe('orders from the last 2 weeks');
    expect(read('orders from 3 days ago').interpretation.time?.to).not.toBeNull();
  });

  it('"how mny" and "how mch" are refused with "did you mean"', () => {
    expect(failure('how mny users').suggestions?.[0]).toBe('how many users');
    expect(failure('how mch revenue').suggestions?.[0]).toBe('how much revenue');
  });

  it('"slowest" with no measure said is refused; with one it ranks by it', () => {
    expect(failure('which host is slowest').message).toContain('says no measure');
    expect(shape('which host has the slowest average response time')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'avg', field: 'value' },
      limit: 1,
    });
  });

  it('records named as readings before a grouping are counted per group', () => {
    expect(shape('cpu readings above 90 by host').aggregate).toEqual({ fn: 'count', field: null });
    expect(shape('highest cpu reading per host').aggregate).toEqual({ fn: 'max', field: 'value' });
    expect(shape('cpu usage per host').aggregate).toEqual({ fn: 'avg', field: 'value' });
  });

  it('a name where orders hold customer emails is refused with the emails that start with it', () => {
    for (const q of ['how much has alice spent', 'orders for alice']) {
      const { message } = failure(q);
      expect(message, q).toContain('by email');
      expect(message, q).toMatch(/e\.g\. alice\./);
    }
  });

  it('a category in the plural ranked by a measure is grouped by', () => {
    expect(shape('hosts by memory usage')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'avg', field: 'value' },
    });
    expect(shape('channels by messages').aggregate).toEqual({ fn: 'count', field: null });
  });

  it('a number or a unit of time no rule read is refused, not dropped', () => {
    for (const q of ['orders 500', 'users 30']) expect(failure(q).message, q).toContain('is compared in');
    // A span of time no rule read says the windows it could have meant (since the thirty-second round).
    for (const q of ['users over 30 days', 'orders above 3 hours'])
      expect(failure(q).message, q).toContain('no window of time');
    expect(shape('users over 30 years').filters).toEqual([{ field: 'age', op: '>', value: 30 }]);
    expect(shape('order 5 by amount').sort).toEqual([{ field: 'amount', dir: 'desc' }]);
  });

  it('a current period left out is the time before it; another time left out is refused', () => {
    const start = read('errors today').interpretation.time?.from;
    expect(read('errors not today').interpretation.time).toMatchObject({ from: null, to: start });
    expect(read('logs from web-1 but not today').interpretation.time).toMatchObject({
      from: null,
      to: start,
    });
    for (const q of ['logs excluding yesterday', 'orders not on monday', 'messages not from yesterday'])
      expect(failure(q).message, q).toContain('Leaving out a time');
  });

  it('"nor" leaves out the value after it', () => {
    expect(shape('users that are neither active nor in Europe').filters).toEqual([
      { field: 'status', op: '!=', value: 'active' },
      { field: 'region', op: '!=', value: 'Europe' },
    ]);
  });

  it('spelled hundreds are counts, and a negation joined to a value negates it', () => {
    expect(shape('last one hundred logs').limit).toBe(100);
    expect(shape('not-free users').filters).toEqual([{ field: 'plan', op: '!=', value: 'free' }]);
  });
});

describe('thirty-second probing round', () => {
  it('a rate per period ("a day", "an hour", "in a day") is refused as a grouping by time, with the window offered', () => {
    for (const q of ['logs a day', 'errors an hour', 'how many orders a day', 'users per region a day']) {
      const e = failure(q);
      expect(e.message, q).toContain('grouping by a period of time is not supported');
    }
    expect(failure('how many logs in a day').suggestions?.[0]).toBe('how many logs in the last day');
    expect(failure('messages a day from alice').suggestions?.[0]).toBe('messages in the last day from alice');
    // A day ago, within a day, more than a day old: windows, not rates.
    expect(read('orders a day ago').interpretation.time?.to).not.toBeNull();
    expect(read('logs within a day').interpretation.time?.from).not.toBeNull();
    expect(read('logs more than a day old').interpretation.time?.to).not.toBeNull();
  });

  it('"over a day" (the last day, or older?) is refused with both readings', () => {
    const e = failure('logs over a day');
    expect(e.message).toContain('in the last day');
    expect(e.suggestions?.slice(0, 2)).toEqual(['logs in the last day', 'logs more than a day ago']);
  });

  it('a category ranked by a number field is grouped: a total of what adds up, the average age', () => {
    for (const q of [
      'statuses by amount',
      'order status by amount',
      'statuses by order amount',
      'status by amount',
    ])
      expect(shape(q), q).toMatchObject({ groupBy: 'status', aggregate: { fn: 'sum', field: 'amount' } });
    expect(shape('currencies ranked by amount')).toMatchObject({
      groupBy: 'currency',
      aggregate: { fn: 'sum', field: 'amount' },
    });
    expect(shape('teams by age')).toMatchObject({ groupBy: 'team', aggregate: { fn: 'avg', field: 'age' } });
    expect(shape('top 2 teams by age')).toMatchObject({
      groupBy: 'team',
      aggregate: { fn: 'avg', field: 'age' },
      limit: 2,
    });
    // The records themselves by a field are still sorted or counted, and an aggregate said is kept.
    expect(shape('orders by amount')).toMatchObject({
      groupBy: null,
      sort: [{ field: 'amount', dir: 'desc' }],
    });
    expect(shape('users by age')).toMatchObject({ groupBy: 'age', aggregate: { fn: 'count', field: null } });
    expect(shape('teams by total age')).toMatchObject({ aggregate: { fn: 'sum', field: 'age' } });
  });

  it('a span "for" or before the grouping is read; one no rule reads is refused with both windows', () => {
    expect(shape('orders 7 days by status')).toMatchObject({
      groupBy: 'status',
      aggregate: { fn: 'count', field: null },
    });
    expect(read('orders 7 days by status').interpretation.time?.from).toBe(
      new Date(NOW - 7 * 86_400_000).toISOString(),
    );
    expect(read('how many errors for 3 hours').interpretation.time?.from).toBe(
      new Date(NOW - 3 * 3_600_000).toISOString(),
    );
    const e = failure('orders pending for 3 days');
    expect(e.message).toContain('no window of time');
    expect(e.suggestions?.slice(0, 2)).toEqual([
      'orders pending in the last 3 days',
      'orders pending more than 3 days ago',
    ]);
  });

  it('a time ago that names no day is refused with the span since then and the time before it', () => {
    for (const q of ['messages a week ago', 'errors an hour ago', 'users who signed up a week ago'])
      expect(failure(q).message, q).toContain('no window of time');
    expect(failure('messages 2 weeks ago').suggestions?.slice(0, 2)).toEqual([
      'messages since 2 weeks ago',
      'messages more than 2 weeks ago',
    ]);
    // Days ago are that day.
    expect(read('orders a day ago').interpretation.time?.to).not.toBeNull();
    expect(read('messages since a week ago').interpretation.time?.from).toBe(
      new Date(NOW - 7 * 86_400_000).toISOString(),
    );
  });

  it('a misspelt word after a command is refused with "did you mean", not dropped', () => {
    expect(failure('count erors by service').suggestions?.[0]).toBe('count errors by service');
    expect(failure('count the erors by service').suggestions?.[0]).toBe('count the errors by service');
    expect(failure('count ordrs by status').suggestions?.[0]).toBe('count orders by status');
    expect(shape('count paid orders by currency')).toMatchObject({ groupBy: 'currency' });
  });
});

describe('thirty-third probing round', () => {
  it('a category by a measure with a bound on it keeps the bound and groups ("status by amount over 100")', () => {
    expect(shape('status by amount over 100')).toMatchObject({
      groupBy: 'status',
      aggregate: { fn: 'sum', field: 'amount' },
      filters: [{ field: 'amount', op: '>', value: 100 }],
    });
    expect(shape('teams by age over 40')).toMatchObject({
      groupBy: 'team',
      aggregate: { fn: 'avg', field: 'age' },
      filters: [{ field: 'age', op: '>', value: 40 }],
    });
    // Without a bound it is read as before.
    expect(shape('status by amount')).toMatchObject({ groupBy: 'status', filters: [] });
  });

  it('"and above" before a number is a bound, not values ranked above a value', () => {
    expect(shape('refunded orders in EUR and above 300').filters).toEqual(
      expect.arrayContaining([
        { field: 'currency', op: '=', value: 'EUR' },
        { field: 'amount', op: '>', value: 300 },
      ]),
    );
    expect(failure('logs at warn level or above').message).toContain('Values ranked above or below');
  });

  it('"but" before a value is a second condition; after a word for everyone, or before "the … ones", it leaves out', () => {
    expect(shape('premium users in North America but inactive').filters).toContainEqual({
      field: 'status',
      op: '=',
      value: 'inactive',
    });
    expect(shape('orders in EUR but pending').filters).toContainEqual({
      field: 'status',
      op: '=',
      value: 'pending',
    });
    expect(shape('all users but the inactive ones').filters).toEqual([
      { field: 'status', op: '!=', value: 'inactive' },
    ]);
    expect(shape('anything but info logs').filters).toEqual([{ field: 'level', op: '!=', value: 'info' }]);
    expect(shape('errors but no warnings').filters).toContainEqual({
      field: 'level',
      op: '!=',
      value: 'warn',
    });
  });

  it('groups that must hold none of some records are refused ("the most errors but no warnings")', () => {
    for (const q of [
      'which host had the most errors but no warnings',
      'which service logged errors but no warnings',
    ])
      expect(failure(q).message, q).toContain('hold no matching records');
    // Asked in the singular with a verb of recording, the values holding the records are counted.
    expect(shape('which service logged errors')).toMatchObject({
      groupBy: 'service',
      aggregate: { fn: 'count', field: null },
      filters: [{ field: 'level', op: '=', value: 'error' }],
    });
  });

  it('"compare X and Y" groups by the field of the values named, held to them', () => {
    expect(shape('compare EUR and USD orders')).toMatchObject({
      groupBy: 'currency',
      aggregate: { fn: 'count', field: null },
      filters: [{ field: 'currency', op: 'in', value: ['EUR', 'USD'] }],
    });
    expect(shape('compare the average cpu usage of web-1 and web-2')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'avg', field: 'value' },
    });
    expect(shape('compare the total amount of paid and refunded orders')).toMatchObject({
      groupBy: 'status',
      aggregate: { fn: 'sum', field: 'amount' },
    });
    // Two windows joined by "and" are two answers.
    expect(failure('compare orders this week and last week').message).toContain('two answers');
  });

  it('a grouping no store, value or text narrows, where several stores hold the field, asks which records', () => {
    const e = failure('count by service');
    expect(e.message).toContain('say which records');
    expect(e.suggestions?.slice(0, 2)).toEqual(['count logs by service', 'count metrics by service']);
    expect(failure('count by host').suggestions?.slice(0, 2)).toEqual([
      'count logs by host',
      'count metrics by host',
    ]);
    // Said of every record, or narrowed by a value, it still fans out.
    expect(read('count records by service').interpretation.mcps).toEqual(['logs', 'metrics']);
    expect(read('entries from the db service').interpretation.mcps).toEqual(['logs', 'metrics']);
  });

  it('a measure of several kinds of reading is refused with each kind offered ("hosts by value")', () => {
    const e = failure('hosts by value');
    expect(e.message).toContain('measures several things');
    for (const kind of ['cpu_usage', 'memory_usage', 'response_time', 'revenue'])
      expect(e.message).toContain(kind);
    expect(e.suggestions?.[0]).toMatch(/^hosts by (?:cpu usage|memory usage|response time|revenue)$/);
    expect(failure('average value per service').message).toContain('measures several things');
    expect(failure('max value by host').message).toContain('measures several things');
    // One kind named, or grouped by the kind itself, is one reading each.
    expect(shape('avg value by metric')).toMatchObject({ groupBy: 'metric', aggregate: { fn: 'avg' } });
    expect(shape('average cpu usage by host').filters).toEqual([
      { field: 'metric', op: '=', value: 'cpu_usage' },
    ]);
    // The tenant's own example names one kind.
    expect(suggestQuestions(stores)).not.toContain('average value of metrics');
  });

  it('the last event of a person, found only in what people wrote, is refused with the search offered', () => {
    const e = failure('last login of alice');
    expect(e.message).toContain('No field records each login');
    expect(e.suggestions?.[0]).toBe('latest messages from alice mentioning login');
    expect(failure('the last login for bob').message).toContain('No field records each login');
    // The search asked for is read.
    expect(shape('latest messages from alice mentioning login')).toMatchObject({ text: 'login' });
  });

  it('a short word or command with a slip gets "did you mean" ("teh", "shw me", "lst")', () => {
    expect(failure('errors in teh last 2 hours').suggestions?.[0]).toBe('errors in the last 2 hours');
    expect(failure('shw me pending orders').suggestions?.[0]).toBe('show me pending orders');
    expect(failure('lst refunded orders').suggestions?.[0]).toBe('list refunded orders');
    // A second slip in the fixed question is fixed too.
    expect(failure('shw me pendng orders').suggestions?.[0]).toBe('show me pending orders');
    expect(failure('pending orders ofr alice').message).toContain('did you mean "for"');
    // Words all the same are no slips.
    expect(shape('how many errors today').filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
  });

  it('the examples after a refusal are about the records the question was about', () => {
    const orders = failure('lsit refunded orders').suggestions ?? [];
    expect(orders[0]).toBe('list refunded orders');
    expect(orders[1]).toBe('how many orders are there');
    expect(orders.slice(1, 4).every((s) => s.includes('orders'))).toBe(true);
    const shares = failure('what percentage of orders are refunded').suggestions ?? [];
    expect(shares[0]).toBe('how many orders are there');
    // A write refused names the store asked about first too.
    expect(failure('delete refunded orders please').suggestions?.[0]).toBe('how many orders are there');
  });

  it('"thanks in advance" is a courtesy', () => {
    expect(
      shape('thanks in advance: how many warn logs came from the db service yesterday?').filters,
    ).toEqual([
      { field: 'level', op: '=', value: 'warn' },
      { field: 'service', op: '=', value: 'db' },
    ]);
  });

  it('"this quarter" is since the 1st of the quarter; other quarters and periods no rule reads are refused', () => {
    expect(read('orders this quarter').interpretation.time).toMatchObject({
      from: '2026-10-01T00:00:00.000Z',
      to: null,
    });
    expect(read('revenue quarter to date').interpretation.time?.from).toBe('2026-10-01T00:00:00.000Z');
    for (const q of ['orders last quarter', 'orders in Q3', 'total revenue in q4 2026'])
      expect(failure(q).message, q).toContain('Quarters other than the current one');
    for (const q of [
      'orders this semester',
      'how many errors this sprint?',
      'total revenue this fiscal year',
    ])
      expect(failure(q).message, q).toContain('is no window of time');
    // Slips of a period are still "did you mean"; records said after "last" are no period.
    expect(failure('errors this wek').suggestions?.[0]).toBe('errors this week');
    expect(shape('the last thing judy posted').limit).toBe(1);
    expect(shape('last 5 orders').limit).toBe(5);
  });

  it('"find out which …" and verbs of recording before "the most" ask for the top group', () => {
    expect(shape('Could you find out which host reported the highest memory usage today?')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'avg', field: 'value' },
      limit: 1,
      filters: [{ field: 'metric', op: '=', value: 'memory_usage' }],
    });
    expect(shape('Which of our services is throwing the most warnings?')).toMatchObject({
      groupBy: 'service',
      filters: [{ field: 'level', op: '=', value: 'warn' }],
      limit: 1,
    });
    expect(shape('which service recorded the most errors')).toMatchObject({
      groupBy: 'service',
      aggregate: { fn: 'count', field: null },
      limit: 1,
    });
  });

  it('a bound on yesterday or today is a bound, not the day ("errors until yesterday")', () => {
    const day = (q: string) => read(q).interpretation.time;
    expect(day('errors until yesterday')).toMatchObject({ from: null, to: '2026-11-25T00:00:00.000Z' });
    expect(day('orders before yesterday')).toMatchObject({ from: null, to: '2026-11-24T00:00:00.000Z' });
    expect(day('messages prior to today')).toMatchObject({ from: null, to: '2026-11-25T00:00:00.000Z' });
    expect(day('errors after yesterday')).toMatchObject({ from: '2026-11-25T00:00:00.000Z', to: null });
    // The day before yesterday is still a day.
    expect(day('errors the day before yesterday')).toMatchObject({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
    });
    // "of the day" is today.
    expect(day('biggest orders of the day')).toMatchObject({ from: '2026-11-25T00:00:00.000Z', to: null });
  });

  it('the top period of time is the periods ranked by their count; one record ranked is read as one', () => {
    const top = (dir: 'asc' | 'desc') => ({ sort: [{ field: 'value', dir }], limit: 1 });
    expect(read('which day had the most orders').interpretation).toMatchObject({
      groupBy: 'created_at',
      bucket: { unit: 'day', tz: 'UTC' },
      ...top('desc'),
    });
    expect(read('busiest day for orders').interpretation).toMatchObject({
      bucket: { unit: 'day' },
      ...top('desc'),
    });
    expect(read('which hour had the most errors').interpretation).toMatchObject({
      groupBy: 'timestamp',
      bucket: { unit: 'hour' },
      filters: [{ field: 'level', op: '=', value: 'error' }],
      ...top('desc'),
    });
    expect(read('which week had the fewest orders').interpretation).toMatchObject({
      bucket: { unit: 'week' },
      ...top('asc'),
    });
    for (const q of [
      'which year had the most orders',
      'busiest minute for errors',
      'which day of the week had the most orders',
      'errors by hour of the day',
    ])
      expect(failure(q).message, q).toMatch(/is not supported; group by hour, day, week or month/);
    expect(shape('which customer placed the largest order')).toMatchObject({
      groupBy: null,
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 1,
    });
    // The most records is still the top group.
    expect(shape('which customer placed the most orders')).toMatchObject({ groupBy: 'customer', limit: 1 });
    expect(shape('who messages the most')).toMatchObject({ groupBy: 'from', limit: 1 });
  });

  it('"summarise"/"summarize" before a grouping is a lead-in', () => {
    expect(shape('summarise orders by status')).toMatchObject({ groupBy: 'status', filters: [] });
    expect(shape('summarize paid orders per currency')).toMatchObject({
      groupBy: 'currency',
      filters: [{ field: 'status', op: '=', value: 'paid' }],
    });
  });

  it('dates said as dates, month names and weekdays are windows', () => {
    const day = (q: string) => read(q).interpretation.time;
    expect(day('orders since Nov 20')?.from).toBe('2026-11-20T00:00:00.000Z');
    expect(day('orders in November')).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(day('errors last tuesday')).toMatchObject({
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
    });
    expect(day('orders on 2026-11-20')).toMatchObject({
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
    });
  });
});

describe('thirty-fourth probing round', () => {
  it('"which/what X had/did …" in the singular groups by X', () => {
    expect(shape('what host had warnings today')).toMatchObject({
      groupBy: 'host',
      aggregate: { fn: 'count', field: null },
      filters: [{ field: 'level', op: '=', value: 'warn' }],
      limit: null,
    });
    expect(shape('which channel did john post in')).toMatchObject({
      groupBy: 'channel',
      filters: [{ field: 'from', op: '=', value: 'john' }],
    });
    // A ranking is still the top group, and a ranking said after "do" is refused as before.
    expect(shape('which host has the most errors')).toMatchObject({ groupBy: 'host', limit: 1 });
    expect(failure('which currency do most orders use').message).toContain(
      'which currency has the most orders',
    );
  });

  it('a value joined by "or" that its field never held is refused, naming the values held', () => {
    for (const [q, word] of [
      ['users from spain or portugal', 'portugal'],
      ['orders in EUR or GBP', 'GBP'],
      ['users from spain and portugal', 'portugal'],
    ] as const) {
      const e = failure(q);
      expect(e.status, q).toBe(422);
      expect(e.message, q).toContain(`"${word}"`);
      expect(e.suggestions?.length, q).toBeGreaterThan(0);
    }
    expect(shape('users from spain or france').filters).toEqual([
      { field: 'country', op: 'in', value: ['Spain', 'France'] },
    ]);
  });

  it('"X vs Y" is read as "compare X and Y"', () => {
    expect(shape('paid vs refunded orders')).toMatchObject({
      groupBy: 'status',
      filters: [{ field: 'status', op: 'in', value: ['paid', 'refunded'] }],
    });
    expect(shape('average amount of EUR versus USD orders')).toMatchObject({
      groupBy: 'currency',
      aggregate: { fn: 'avg', field: 'amount' },
    });
    expect(failure('errors this week vs last week').status).toBe(422);
    expect(failure('errors by host vs warnings').message).toContain('Comparisons');
  });

  it('"compare web-1 and web-2" with no store named is refused with each store offered', () => {
    const e = failure('compare web-1 and web-2');
    expect(e.message).toContain('say which records');
    expect(e.suggestions?.slice(0, 2)).toEqual([
      'compare web-1 and web-2 in logs',
      'compare web-1 and web-2 in metrics',
    ]);
    expect(shape('compare errors on web-1 and web-2')).toMatchObject({ mcps: ['logs'], groupBy: 'host' });
  });

  it('a currency sign is read as the amount alone; a currency is a condition only when named', () => {
    // Kept as earlier rounds judged it (paraphrases.json): "$900" is the number; "in EUR" filters.
    expect(shape('orders over €500').filters).toEqual([{ field: 'amount', op: '>', value: 500 }]);
    expect(shape('USD orders over $900').filters).toEqual([
      { field: 'amount', op: '>', value: 900 },
      { field: 'currency', op: '=', value: 'USD' },
    ]);
  });

  it('the different values of a field may be asked with the store word first', () => {
    for (const [q, field] of [
      ['what are the different log levels', 'level'],
      ['list the order statuses', 'status'],
      ['unique hosts reporting metrics', 'host'],
      ['services sending logs', 'service'],
    ] as const) {
      expect(shape(q), q).toMatchObject({ groupBy: field, aggregate: { fn: 'count', field: null } });
    }
  });

  it('"just N" and "N of the" limit; "next N" and "the rest" are refused as pages', () => {
    expect(shape('oldest orders first, just 3')).toMatchObject({
      sort: [{ field: 'created_at', dir: 'asc' }],
      limit: 3,
    });
    expect(shape('just 3 of the latest errors').limit).toBe(3);
    expect(shape('show me 5 of the pending orders').limit).toBe(5);
    // A span of time is no limit.
    expect(shape('errors from just 3 days ago').limit).toBeNull();
    for (const q of ['next 10 errors', 'show me the rest of the orders', 'next page of orders'])
      expect(failure(q).message, q).toContain('cursor');
  });

  it('"right now" of one kind of reading is its latest reading', () => {
    expect(shape('what is the cpu usage on web-1 right now')).toMatchObject({
      sort: [{ field: 'recorded_at', dir: 'desc' }],
      limit: 1,
    });
    expect(shape("what's the memory usage of db-1 at the moment").limit).toBe(1);
    // A bound picks a list; a state asked "right now" is the state.
    expect(shape('show response times above 500 right now').limit).toBeNull();
    expect(shape('how many users are active right now')).toMatchObject({
      aggregate: { fn: 'count', field: null },
      filters: [{ field: 'status', op: '=', value: 'active' }],
    });
  });

  it('"oldest" is by time, as the conventions say ("first|oldest N" is time ascending)', () => {
    expect(shape('which user is the oldest')).toMatchObject({
      sort: [{ field: 'signed_up_at', dir: 'asc' }],
      limit: 1,
    });
    expect(shape('which order is the oldest')).toMatchObject({
      sort: [{ field: 'created_at', dir: 'asc' }],
      limit: 1,
    });
  });
});

describe('thirty-fifth probing round', () => {
  it('"N of the latest|biggest …" is a limit, with the count in digits or words', () => {
    expect(shape('3 of the latest errors')).toMatchObject({
      filters: [{ field: 'level', op: '=', value: 'error' }],
      sort: [{ field: 'timestamp', dir: 'desc' }],
      limit: 3,
    });
    expect(shape('show me 3 of the latest errors').limit).toBe(3);
    expect(shape('5 of the biggest orders')).toMatchObject({
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 5,
    });
    expect(shape('five of the biggest orders').limit).toBe(5);
    expect(shape('a couple of the latest errors').limit).toBe(2);
    expect(shape('give me two of the oldest users')).toMatchObject({
      sort: [{ field: 'signed_up_at', dir: 'asc' }],
      limit: 2,
    });
    // With nothing ranked, "all of" and "one of" still ask for no count.
    expect(shape('all of the errors').limit).toBeNull();
  });

  it('"half a dozen" is six, and a spelled count said first is a limit', () => {
    expect(shape('half a dozen newest messages').limit).toBe(6);
    expect(shape('a dozen pending orders')).toMatchObject({
      filters: [{ field: 'status', op: '=', value: 'pending' }],
      limit: 12,
    });
    expect(shape('twenty errors').limit).toBe(20);
    expect(shape('twelve orders over 500')).toMatchObject({
      filters: [{ field: 'amount', op: '>', value: 500 }],
      limit: 12,
    });
  });

  it('an amount in a currency no record holds is refused, naming the currencies held', () => {
    for (const q of ['orders over £50', 'orders above 50 gbp', '50 gbp orders', 'orders over 50 pounds']) {
      const e = failure(q);
      expect(e.message, q).toContain('GBP');
      expect(e.message, q).toMatch(/EUR/);
      expect(e.message, q).toMatch(/USD/);
    }
    expect(failure('orders over £50').suggestions?.[0]).toBe('orders over 50');
    expect(failure('revenue over £1000').message).toContain('No metrics are in GBP');
    expect(failure('orders over ¥50').message).toContain('No orders are in JPY');
    // A sign or a word of a currency held is read as before: the amount alone, or the amount and the currency named.
    expect(shape('orders over $500').filters).toEqual([{ field: 'amount', op: '>', value: 500 }]);
    expect(shape('orders over €500').filters).toEqual([{ field: 'amount', op: '>', value: 500 }]);
    expect(shape('orders over 100 dollars').filters).toEqual([
      { field: 'amount', op: '>', value: 100 },
      { field: 'currency', op: '=', value: 'USD' },
    ]);
  });

  it('two kinds of reading are not compared or aggregated together', () => {
    for (const q of [
      'compare revenue and cpu usage',
      'compare memory usage and response time',
      'revenue vs cpu',
      'average cpu and memory per host',
      'max cpu and memory',
    ])
      expect(failure(q).message, q).toContain('different kinds of reading');
    expect(failure('compare revenue and cpu usage').suggestions?.slice(0, 2)).toEqual([
      'average revenue',
      'average cpu usage',
    ]);
    expect(failure('average cpu and memory per host').suggestions?.[0]).toBe('average cpu usage per host');
    // Values of another field are still compared side by side.
    expect(shape('compare the average cpu usage of web-1 and web-2').groupBy).toBe('host');
  });

  it('"right now" of events is refused with a window offered; of one kind of reading it is the latest', () => {
    for (const q of [
      'errors right now',
      'average cpu usage right now',
      'logs right now',
      'how many errors are there right now',
    ]) {
      const e = failure(q);
      expect(e.message, q).toContain('no window of time');
    }
    expect(failure('errors right now').suggestions?.slice(0, 2)).toEqual([
      'errors in the last hour',
      'errors today',
    ]);
    expect(shape('web-2 memory right now')).toMatchObject({
      filters: [
        { field: 'host', op: '=', value: 'web-2' },
        { field: 'metric', op: '=', value: 'memory_usage' },
      ],
      sort: [{ field: 'recorded_at', dir: 'desc' }],
      limit: 1,
    });
    // A state asked right now is the state.
    expect(shape('pending orders right now').filters).toEqual([
      { field: 'status', op: '=', value: 'pending' },
    ]);
    expect(shape('how many users are active right now').aggregate).toEqual({ fn: 'count', field: null });
  });

  it('a scaled or fractional number first labels nothing: left unread, it is refused', () => {
    for (const q of ['2k orders', '2.5k revenue readings', '3.5 orders'])
      expect(failure(q).message, q).toContain('is compared in');
    expect(shape('Step 1: find all refunded orders').filters).toEqual([
      { field: 'status', op: '=', value: 'refunded' },
    ]);
    expect(shape('500 orders').limit).toBe(500);
  });

  it('"which hosts are reporting metrics" lists the values with their counts', () => {
    for (const [q, field] of [
      ['which hosts are reporting metrics', 'host'],
      ['what services are sending logs', 'service'],
    ] as const)
      expect(shape(q), q).toMatchObject({ groupBy: field, aggregate: { fn: 'count', field: null } });
  });

  it('time left out: "before this month", "did not sign up in the last 30 days"', () => {
    const to = (q: string) => read(q).interpretation.time;
    expect(to('orders before this month')).toMatchObject({ from: null, to: '2026-11-01T00:00:00.000Z' });
    expect(to('messages before this week')).toMatchObject({ from: null, to: '2026-11-23T00:00:00.000Z' });
    expect(to('users who signed up before this month')).toMatchObject({
      from: null,
      to: '2026-11-01T00:00:00.000Z',
    });
    expect(to('how many users did not sign up in the last 30 days')).toMatchObject({
      from: null,
      to: '2026-10-26T15:30:00.000Z',
    });
    expect(to("users who didn't sign up this month")).toMatchObject({
      from: null,
      to: '2026-11-01T00:00:00.000Z',
    });
    expect(to('orders not placed this week')).toMatchObject({ from: null, to: '2026-11-23T00:00:00.000Z' });
    expect(to('orders not placed in the last 7 days')).toMatchObject({
      from: null,
      to: '2026-11-18T15:30:00.000Z',
    });
    // Said without "not", the window itself.
    expect(to('users who signed up in the last 30 days')).toMatchObject({
      from: '2026-10-26T15:30:00.000Z',
      to: null,
    });
  });
});

describe('thirty-sixth probing round', () => {
  it('"hosts reporting cpu" lists the hosts with how many readings of the metric each holds', () => {
    for (const q of ['hosts reporting cpu', 'which hosts are reporting cpu']) {
      expect(shape(q)).toMatchObject({
        filters: [{ field: 'metric', op: '=', value: 'cpu_usage' }],
        aggregate: { fn: 'count', field: null },
        groupBy: 'host',
      });
    }
    expect(shape('which hosts report memory usage')).toMatchObject({
      filters: [{ field: 'metric', op: '=', value: 'memory_usage' }],
      aggregate: { fn: 'count', field: null },
      groupBy: 'host',
    });
    // The store's own word after the verb is still every record.
    expect(shape('which hosts are reporting metrics')).toMatchObject({
      filters: [],
      aggregate: { fn: 'count', field: null },
      groupBy: 'host',
    });
  });

  it('"how many metrics have a unit" is refused as a field-exists condition; a value after the field is read', () => {
    const e = failure('how many metrics have a unit');
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/holding a field/);
    expect(shape('how many metrics have host db-1').filters).toEqual([
      { field: 'host', op: '=', value: 'db-1' },
    ]);
    expect(shape('how many users have the premium plan').filters).toEqual([
      { field: 'plan', op: '=', value: 'premium' },
    ]);
  });

  it('a currency sign said alone that no record holds is refused, naming the currencies held', () => {
    const e = failure('£ orders');
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/GBP/);
    expect(e.message).toMatch(/currencies held/);
  });

  it('the two-groupings refusal names the aggregate asked for', () => {
    expect(failure('average order amount by status and currency').message).toMatch(
      /ask for the averages of amount/,
    );
    expect(failure('total amount by status and currency').message).toMatch(/ask for the totals of amount/);
    expect(failure('orders by status and currency').message).toMatch(/ask for the counts/);
  });

  it('"the metric names", "what units do metrics use" are the values of the field', () => {
    for (const q of ['list the metric names', 'which metric names are recorded', 'metric names']) {
      expect(shape(q)).toMatchObject({
        filters: [],
        aggregate: { fn: 'count', field: null },
        groupBy: 'metric',
      });
    }
    expect(shape('what units do metrics use')).toMatchObject({
      aggregate: { fn: 'count', field: null },
      groupBy: 'unit',
    });
    expect(shape('what plans do users have').groupBy).toBe('plan');
  });
});

describe('thirty-seventh probing round', () => {
  it('a currency sign said alone names a held currency; next to an amount it stays the amount alone', () => {
    expect(shape('$ orders').filters).toEqual([{ field: 'currency', op: '=', value: 'USD' }]);
    expect(shape('€ orders').filters).toEqual([{ field: 'currency', op: '=', value: 'EUR' }]);
    expect(shape('orders over $500').filters).toEqual([{ field: 'amount', op: '>', value: 500 }]);
  });

  it('"percent" is the unit the data spells as a sign', () => {
    for (const q of ['metrics measured in percent', 'metrics in percent']) {
      expect(shape(q).filters).toEqual([{ field: 'unit', op: '=', value: '%' }]);
    }
  });

  it('people said to mention words are the senders of the messages that do', () => {
    expect(shape('which users mention deploy')).toMatchObject({ mcps: ['messages'], text: 'deploy' });
  });

  it('"except" leaves out every value listed after it, of whatever field; "not" joins only one field', () => {
    for (const q of ['orders except usd and refunded', 'orders excluding usd and refunded']) {
      expect(shape(q).filters).toEqual([
        { field: 'currency', op: '!=', value: 'USD' },
        { field: 'status', op: '!=', value: 'refunded' },
      ]);
    }
    expect(shape('logs except debug and info').filters).toEqual([
      { field: 'level', op: '!=', value: 'debug' },
      { field: 'level', op: '!=', value: 'info' },
    ]);
  });

  it('a size word no rule reads is refused with a bound offered', () => {
    for (const q of ['which hosts are reporting high cpu', 'which hosts report low memory']) {
      const e = failure(q);
      expect(e.status).toBe(422);
      expect(e.message).toMatch(/^Say how (high|low): a bound/);
    }
  });

  it("a bound on each group's aggregate bounds the groups, where it was read as a bound on each reading", () => {
    for (const [q, fn, metric] of [
      ['hosts with average cpu above 50', 'avg', 'cpu_usage'],
      ['services having a total revenue over 1000', 'sum', 'revenue'],
      ['services whose average response time is over 400', 'avg', 'response_time'],
    ] as const) {
      const i = read(q).interpretation;
      expect(i.filters, q).toEqual([{ field: 'metric', op: '=', value: metric }]);
      expect(i.aggregate, q).toEqual({ fn, field: 'value' });
      expect(i.having?.fn, q).toBe(fn);
    }
    // A shape the reading of bounds does not take is still refused, never read as a bound on each reading.
    const e = failure('hosts whose cpu average is above 50');
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/A bound on each host's average/);
    expect(shape('cpu readings above 90 by host')).toMatchObject({
      filters: [
        { field: 'value', op: '>', value: 90 },
        { field: 'metric', op: '=', value: 'cpu_usage' },
      ],
      groupBy: 'host',
    });
  });
  it('a field named in the plural, then who does something there, lists its values there with counts', () => {
    for (const q of [
      'channels where john posts',
      'channels john posted in',
      'channels in which john posted',
    ]) {
      expect(shape(q)).toMatchObject({
        filters: [{ field: 'from', op: '=', value: 'john' }],
        aggregate: { fn: 'count', field: null },
        groupBy: 'channel',
      });
    }
    expect(shape('hosts where the api logs errors')).toMatchObject({
      filters: [
        { field: 'service', op: '=', value: 'api' },
        { field: 'level', op: '=', value: 'error' },
      ],
      groupBy: 'host',
    });
  });

  it('"what metrics are there" asks for the values of the field the store is named after', () => {
    for (const q of ['what metrics are there', 'which metrics exist']) {
      expect(shape(q)).toMatchObject({
        filters: [],
        aggregate: { fn: 'count', field: null },
        groupBy: 'metric',
      });
    }
    expect(shape('show all metrics')).toMatchObject({ groupBy: null, aggregate: null });
    expect(shape('what logs are there')).toMatchObject({ groupBy: null, aggregate: null });
  });
});

describe('bounds on each group (HAVING)', () => {
  const count = (op: string, value: number) => ({ fn: 'count', field: null, op, value });
  const ERRORS = [{ field: 'level', op: '=', value: 'error' }];
  it.each([
    ['services with more than 10 errors', 'service', ERRORS, count('>', 10)],
    ['which services have more than 10 errors', 'service', ERRORS, count('>', 10)],
    ['which channels have more than 50 messages', 'channel', [], count('>', 50)],
    ['channels with over 50 messages', 'channel', [], count('>', 50)],
    ['services with at least 20 error logs', 'service', ERRORS, count('>=', 20)],
    ['services logging at least 20 errors', 'service', ERRORS, count('>=', 20)],
    ['statuses with fewer than 100 orders', 'status', [], count('<', 100)],
    [
      'countries with at most 15 premium users',
      'country',
      [{ field: 'plan', op: '=', value: 'premium' }],
      count('<=', 15),
    ],
    ['senders with more than 30 messages', 'from', [], count('>', 30)],
    ['services with exactly 30 errors', 'service', ERRORS, count('=', 30)],
    ['services with more than ten errors', 'service', ERRORS, count('>', 10)],
    ['services with more than 1 error', 'service', ERRORS, count('>', 1)],
  ])('%s → groups by %s, bounded by their count', (q, groupBy, filters, having) => {
    const i = read(q).interpretation;
    expect(i).toMatchObject({
      intent: 'count',
      groupBy,
      filters,
      aggregate: { fn: 'count', field: null },
      having,
    });
  });

  const of = (fn: string, op: string, value: number) => ({ fn, field: 'value', op, value });
  it.each([
    ['hosts with average cpu above 50', 'host', 'cpu_usage', of('avg', '>', 50)],
    ['hosts whose average cpu is above 50', 'host', 'cpu_usage', of('avg', '>', 50)],
    ['services whose average response time is over 400', 'service', 'response_time', of('avg', '>', 400)],
    ['hosts with max response time over 800', 'host', 'response_time', of('max', '>', 800)],
    ['hosts where the average cpu exceeds 50', 'host', 'cpu_usage', of('avg', '>', 50)],
  ])('%s → the aggregate of each %s, bounded', (q, groupBy, metric, having) => {
    const i = read(q).interpretation;
    expect(i.groupBy).toBe(groupBy);
    expect(i.filters).toEqual([{ field: 'metric', op: '=', value: metric }]);
    expect(i.aggregate).toEqual({ fn: having.fn, field: 'value' });
    expect(i.having).toEqual(having);
  });

  it('"customers who spent more than 1000" is the customers whose total amount is over 1000', () => {
    const i = read('customers who spent more than 1000').interpretation;
    expect(i).toMatchObject({
      mcps: ['orders'],
      filters: [],
      groupBy: 'customer',
      aggregate: { fn: 'sum', field: 'amount' },
      having: { fn: 'sum', field: 'amount', op: '>', value: 1000 },
    });
    expect(read('currencies with total amount over 40000').interpretation).toMatchObject({
      groupBy: 'currency',
      having: { fn: 'sum', field: 'amount', op: '>', value: 40000 },
    });
  });

  it('"customers with more than 2 orders" counts the orders of each customer, where orders name their customer', () => {
    for (const q of ['customers with more than 2 orders', 'customers who placed more than 2 orders']) {
      expect(read(q).interpretation, q).toMatchObject({
        mcps: ['orders'],
        groupBy: 'customer',
        aggregate: { fn: 'count', field: null },
        having: count('>', 2),
      });
    }
    // No bound said: another store's records of each person, as before.
    expect(failure('customers with 2 orders').status).toBe(422);
    expect(failure('customers that bought something').status).toBe(422);
  });

  it('a ranking of the groups applies after the bound: "top 3 services with more than 10 errors"', () => {
    expect(read('top 3 services with more than 10 errors').interpretation).toMatchObject({
      groupBy: 'service',
      limit: 3,
      having: count('>', 10),
    });
    expect(read('top 2 hosts with average cpu above 40').interpretation).toMatchObject({
      groupBy: 'host',
      limit: 2,
      having: { fn: 'avg', field: 'value', op: '>', value: 40 },
    });
  });

  it('a bound on each record is no bound on the groups', () => {
    for (const q of [
      'cpu readings above 90 by host',
      'orders over 500 by status',
      'count errors by service',
      'orders over $500',
      'users older than 40 per country',
    ]) {
      expect(read(q).interpretation.having, q).toBeNull();
    }
    expect(shape('orders over 500 by status')).toMatchObject({
      filters: [{ field: 'amount', op: '>', value: 500 }],
      groupBy: 'status',
    });
  });

  it('what still cannot be read stays refused', () => {
    // Another store's records per user: a join, as before.
    expect(failure('users with more than 5 orders').status).toBe(422);
    expect(failure('hosts whose cpu average is above 50').status).toBe(422);
  });
});

describe('grouping by a period of the time field (bucket)', () => {
  const period = (q: string, tz?: string) => {
    const i = interpretQuery(q, stores, { now: new Date(NOW), tz }).interpretation;
    return { groupBy: i.groupBy, bucket: i.bucket, aggregate: i.aggregate, filters: i.filters, time: i.time };
  };

  it.each([
    ['errors per hour today', 'hour', 'timestamp', { fn: 'count', field: null }],
    ['count logs by day', 'day', 'timestamp', { fn: 'count', field: null }],
    ['orders per day this week', 'day', 'created_at', { fn: 'count', field: null }],
    ['messages per week', 'week', 'sent_at', { fn: 'count', field: null }],
    ['daily revenue this month', 'day', 'recorded_at', { fn: 'sum', field: 'value' }],
    ['signups by month', 'month', 'signed_up_at', { fn: 'count', field: null }],
    ['weekly error count', 'week', 'timestamp', { fn: 'count', field: null }],
    ['count errors for each day this week', 'day', 'timestamp', { fn: 'count', field: null }],
  ])('%s → groups of each %s of %s', (q, unit, field, aggregate) => {
    const i = period(q);
    expect(i.groupBy).toBe(field);
    expect(i.bucket).toEqual({ unit, tz: 'UTC' });
    expect(i.aggregate).toEqual(aggregate);
  });

  it('a measure per period keeps its filter and window', () => {
    expect(period('average cpu per hour in the last 24 hours')).toEqual({
      groupBy: 'recorded_at',
      bucket: { unit: 'hour', tz: 'UTC' },
      aggregate: { fn: 'avg', field: 'value' },
      filters: [{ field: 'metric', op: '=', value: 'cpu_usage' }],
      time: { field: 'recorded_at', from: '2026-11-24T15:30:00.000Z', to: null },
    });
    expect(period('errors per hour today').filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
  });

  it('a rate per period within a window is each period of it; with no window it is refused as before', () => {
    expect(period('orders a day over the last week')).toMatchObject({
      groupBy: 'created_at',
      bucket: { unit: 'day', tz: 'UTC' },
      time: { field: 'created_at', from: '2026-11-18T15:30:00.000Z', to: null },
    });
    expect(period('errors an hour today').bucket).toEqual({ unit: 'hour', tz: 'UTC' });
    expect(failure('orders a day').message).toContain('grouping by a period of time is not supported');
    expect(failure('users per region a day this week').message).toContain('two groupings');
  });

  it('a bound on each period ("days with more than 20 errors") is a bound on each group', () => {
    for (const q of ['days with more than 20 errors', 'errors per day with more than 20 errors']) {
      const i = read(q).interpretation;
      expect(i.groupBy, q).toBe('timestamp');
      expect(i.bucket, q).toEqual({ unit: 'day', tz: 'UTC' });
      expect(i.having, q).toEqual({ fn: 'count', field: null, op: '>', value: 20 });
      expect(i.filters, q).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    }
  });

  it('the periods are cut in the zone the question is asked in', () => {
    expect(period('errors per day this week', 'Europe/Paris').bucket).toEqual({
      unit: 'day',
      tz: 'Europe/Paris',
    });
  });

  it('every other question has no periods', () => {
    for (const q of ['count logs by service', 'errors today', 'orders', 'average cpu usage'])
      expect(period(q).bucket, q).toBeNull();
  });

  it('a period and a field at once, or a period no group is cut at, is refused', () => {
    expect(failure('errors per service per day').message).toContain('two groupings');
    expect(failure('errors per day per service').message).toContain('two groupings');
    expect(failure('errors per minute').message).toContain('hour, day, week or month');
  });
});

describe('thirty-ninth probing round', () => {
  it('a currency sign spaced from its amount is the amount alone', () => {
    expect(shape('orders over $ 500').filters).toEqual([{ field: 'amount', op: '>', value: 500 }]);
    expect(shape('how many orders under € 50').filters).toEqual([{ field: 'amount', op: '<', value: 50 }]);
    // Alone, the sign still names the currency.
    expect(shape('$ orders').filters).toEqual([{ field: 'currency', op: '=', value: 'USD' }]);
  });

  it('"either" before values joined by "or" only announces them', () => {
    expect(shape('errors on either web-1 or web-2').filters).toEqual([
      { field: 'level', op: '=', value: 'error' },
      { field: 'host', op: 'in', value: ['web-1', 'web-2'] },
    ]);
    expect(shape('orders in either EUR or USD').filters).toEqual([
      { field: 'currency', op: 'in', value: ['EUR', 'USD'] },
    ]);
  });

  it('records are grouped by a text field named after "by" ("errors by message")', () => {
    expect(shape('errors by message')).toMatchObject({
      mcps: ['logs'],
      filters: [{ field: 'level', op: '=', value: 'error' }],
      groupBy: 'message',
    });
    expect(shape('count logs by message').groupBy).toBe('message');
    // Another store's name after "by", where the rest names the store holding the field.
    expect(shape('count warnings by message')).toMatchObject({ mcps: ['logs'], groupBy: 'message' });
    expect(shape('channels by message count')).toMatchObject({ mcps: ['messages'], groupBy: 'channel' });
  });

  it("the store's word that is the plural of its own field is that field's groups, bounded", () => {
    const i = read('metrics with more than 50 readings').interpretation;
    expect(i.groupBy).toBe('metric');
    expect(i.having).toEqual({ fn: 'count', field: null, op: '>', value: 50 });
    expect(read('metrics with fewer than 10 readings').interpretation.having?.op).toBe('<');
  });

  it('a word starting some values of a field said before its plural is those values', () => {
    expect(shape('average cpu on web hosts').filters).toEqual([
      { field: 'host', op: 'startswith', value: 'web-' },
      { field: 'metric', op: '=', value: 'cpu_usage' },
    ]);
    expect(shape('errors on worker hosts').filters).toContainEqual({
      field: 'host',
      op: 'startswith',
      value: 'worker-',
    });
    // A part of the field's own values stays that value; one server stays the part's own name.
    expect(shape('cpu metrics').filters).toEqual([{ field: 'metric', op: '=', value: 'cpu_usage' }]);
    expect(shape('warnings on the database server this week').filters).toContainEqual({
      field: 'service',
      op: '=',
      value: 'db',
    });
  });

  it('people of a store without text said to mention words are the writers of the messages', () => {
    for (const q of [
      'which customers mention invoice',
      'customers who mention invoice',
      'which clients mentioned invoice',
    ])
      expect(shape(q), q).toMatchObject({ mcps: ['messages'], text: 'invoice' });
  });

  it('a field of people grouped by, qualified by a field they lack, is refused', () => {
    expect(failure('orders by user country').message).toContain('"country"');
    expect(shape('orders by user').groupBy).toBe('customer');
  });

  it('a word asked "of" the records that no field records is refused', () => {
    expect(failure('show me the salary of every user').message).toBe('No field of users records "salary"');
    expect(failure('what is the weight of each order').message).toContain('"weight"');
    // Words for how records are shown are no field.
    expect(shape('the second page of orders').mcps).toEqual(['orders']);
    expect(shape('breakdown of users by team').groupBy).toBe('team');
  });

  it('an age range said with "years old" bounds the age', () => {
    expect(shape('users who are 30 to 40 years old').filters).toEqual([
      { field: 'age', op: '>=', value: 30 },
      { field: 'age', op: '<=', value: 40 },
    ]);
  });

  it('"is anything wrong with X" is a health question over the last 24 hours', () => {
    const i = read('is anything wrong with web-2').interpretation;
    expect(i.filters).toContainEqual({ field: 'host', op: '=', value: 'web-2' });
    expect(i.filters).toContainEqual({ field: 'level', op: '=', value: 'error' });
    expect(i.time?.from).toBe('2026-11-24T15:30:00.000Z');
  });

  it('an average said as a verb is refused, never dropped', () => {
    expect(failure('hosts where cpu averages over 50').message).toContain("each host's average");
    expect(failure('hosts with cpu averaging over 50').message).toContain("each host's average");
    expect(failure('what is the cpu averaging on web-1').message).toContain('"average cpu"');
    expect(failure('show me cpu averages').message).toContain('"averages"');
    // Per group, the averages are each group's.
    expect(shape('cpu averages per host')).toMatchObject({
      aggregate: { fn: 'avg', field: 'value' },
      groupBy: 'host',
    });
  });

  it("a time's possessive written without its apostrophe is the time", () => {
    expect(read('todays errors').interpretation.time?.from).toBe('2026-11-25T00:00:00.000Z');
    expect(read('show me last weeks errors').interpretation.time?.from).toBe('2026-11-18T15:30:00.000Z');
    expect(read('count this weeks paid orders').interpretation.time?.from).toBe('2026-11-23T00:00:00.000Z');
  });
});
