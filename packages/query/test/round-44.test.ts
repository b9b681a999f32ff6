/**
 * The forty-fourth probing round: the engine over data other than the sample data set, with stores
 * named at ingest (events, sessions, tickets, products) and camelCase field names. A field whose
 * values are objects or lists ("customer": {name, country}) is never compared to a word: a question
 * that would is refused naming the field. camelCase names and names ending in a unit or an id are
 * asked for in words ("duration" for durationMs, "response time" for response_minutes, "user" for
 * userId); the field named after the store's own noun (`event` of events) or ending in a type is the
 * records' type. "out of stock" is the opposite of an in_stock flag. Of two stores of one domain, the
 * one holding the field added up answers ("average response_minutes" over records and records-2).
 * A date-time with no offset is read on the question's clock, whatever zone the process runs in.
 */
import type { StoreEntry } from '@smartdb/registry';
import { afterEach, describe, expect, it } from 'vitest';
import { Question } from '../src/question.ts';
import { Calendar, readTime } from '../src/time.ts';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const at = (i: number) => new Date(NOW - i * 2_000_000).toISOString();
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

const events = storeEntry(
  't44',
  'events',
  Array.from({ length: 60 }, (_, i) => ({
    event: pick(['page_view', 'page_view', 'signup', 'click', 'purchase'], i),
    userId: `u${i % 40}`,
    page: pick(['/home', '/pricing', '/docs', '/blog'], i),
    country: pick(['US', 'DE', 'IN', 'BR'], i),
    durationMs: (i * 97) % 5000,
    occurredAt: at(i),
  })),
);
const sessions = storeEntry(
  't44',
  'sessions',
  Array.from({ length: 30 }, (_, i) => ({
    sessionId: `s${i}`,
    device: pick(['ios', 'android', 'desktop'], i),
    pages: i % 12,
    bounced: i % 3 === 0,
    startedAt: at(i),
  })),
);
const analytics = [events, sessions];

const tickets = storeEntry(
  't44',
  'tickets',
  Array.from({ length: 40 }, (_, i) => ({
    ticket_id: `T-${1000 + i}`,
    title: pick(['Login fails', 'Page slow', 'Refund request', 'Crash on save', 'Typo in docs'], i),
    status: pick(['open', 'open', 'pending', 'closed', 'resolved'], i),
    priority: pick(['low', 'medium', 'high', 'urgent'], i),
    assignee: pick(['maria', 'li', 'omar', 'sam'], i),
    product: pick(['web', 'ios', 'android'], i),
    response_minutes: (i * 37) % 600,
    opened_at: at(i),
  })),
);
const products = storeEntry(
  't44',
  'products',
  Array.from({ length: 30 }, (_, i) => ({
    sku: `SKU-${i}`,
    name: `${pick(['Desk', 'Chair', 'Lamp', 'Shelf'], i)} ${i}`,
    category: pick(['furniture', 'lighting', 'storage'], i),
    price: (i * 1733) / 100,
    in_stock: i % 4 !== 0,
    stock: (i * 7) % 100,
  })),
);
const support = [tickets, products];

/**
 * A store learned before the fields inside objects and the elements of lists were (registry
 * learn.ts): its entry holds neither until new records teach them, and a question about one is
 * refused as before. Once they are learned they are answered (nested-fields.test.ts, arrays.test.ts).
 */
const withoutInnerFields = (store: StoreEntry): StoreEntry => ({
  ...store,
  fields: Object.fromEntries(
    Object.entries(store.fields).map(([name, { fields: _, fieldsOverflow: __, items: ___, ...own }]) => [
      name,
      own,
    ]),
  ),
});

const orders = withoutInnerFields(
  storeEntry(
    't44',
    'orders',
    Array.from({ length: 20 }, (_, i) => ({
      orderId: `o${i}`,
      customer: { name: pick(['Ann', 'Bob', 'Cem'], i), country: pick(['DE', 'US'], i) },
      tags: [pick(['a', 'b'], i)],
      amount: i * 10,
      status: pick(['paid', 'refunded'], i),
      createdAt: at(i),
    })),
  ),
);

describe('a field whose values are objects or lists is never compared to a word', () => {
  it.each([
    'orders where customer country is DE',
    'total amount by customer.country',
    'orders from Ann',
    'orders with customer Ann',
  ])('%s is refused naming the field', (q) => {
    expect(failure(q, [orders]).message).toBe(
      'The field "customer" of orders holds objects: the fields inside it cannot be asked about yet',
    );
  });

  it('a list is refused the same way', () => {
    expect(failure('orders with tag b', [orders]).message).toBe(
      'The field "tags" of orders holds lists: the values inside them cannot be asked about yet',
    );
  });

  it('the other fields are read as before', () => {
    expect(read('total amount of paid orders', [orders]).filters).toEqual([
      { field: 'status', op: '=', value: 'paid' },
    ]);
  });
});

describe('camelCase names and names ending in a unit or an id', () => {
  it.each([
    ['average duration by page', 'durationMs', 'page'],
    ['average durationMs by country', 'durationMs', 'country'],
    ['total duration ms by page', 'durationMs', 'page'],
  ])('%s measures %s', (q, field, group) => {
    const i = read(q, analytics);
    expect(i.aggregate?.field).toBe(field);
    expect(i.groupBy).toBe(group);
  });

  it.each(['events from user u7', 'events for user u7'])('%s is userId u7', (q) => {
    expect(read(q, analytics).filters).toEqual([{ field: 'userId', op: '=', value: 'u7' }]);
  });

  it.each([
    ['average response time by priority', 'response_minutes'],
    ['average response minutes', 'response_minutes'],
  ])('%s measures %s', (q, field) => {
    expect(read(q, support).aggregate).toEqual({ fn: 'avg', field });
  });

  it("the field that a store is named after is its records' type", () => {
    expect(read('count events by type', analytics).groupBy).toBe('event');
    const withType = storeEntry('t44', 'alerts', [
      { alert_type: 'disk', host: 'a', at: at(1) },
      { alert_type: 'cpu', host: 'b', at: at(2) },
    ]);
    expect(read('count alerts by type', [withType]).groupBy).toBe('alert_type');
  });
});

describe('a flag for being in something', () => {
  it.each(['products that are out of stock', 'products out of stock', 'products not in stock'])(
    '%s are those not in stock',
    (q) => {
      expect(read(q, support).filters).toEqual([{ field: 'in_stock', op: '=', value: false }]);
    },
  );

  it('in stock is the flag set', () => {
    expect(read('how many products are in stock', support).filters).toEqual([
      { field: 'in_stock', op: '=', value: true },
    ]);
  });
});

describe('two stores of one domain, one holding the field added up', () => {
  const first = storeEntry(
    't44',
    'records',
    Array.from({ length: 10 }, (_, i) => ({
      ref: `r${i}`,
      agent: pick(['x', 'y'], i),
      response_minutes: i,
      at: at(i),
    })),
  );
  const second = storeEntry(
    't44',
    'records-2',
    Array.from({ length: 10 }, (_, i) => ({ code: `c${i}`, weight: i, at: at(i) })),
  );
  it.each([
    ['average response_minutes', ['records']],
    ['total response minutes by agent', ['records']],
    ['average weight', ['records-2']],
  ])('%s reads %s', (q, mcps) => {
    expect(read(q, [first, second]).mcps).toEqual(mcps);
  });

  it('a count grouped by a field one lacks is still refused', () => {
    expect(failure('count records by agent', [first, second]).message).toContain('only some have a agent');
  });
});

describe("a date-time with no offset is on the question's clock", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    process.env.TZ = zone;
  });
  const from = (text: string, tz = 'UTC') => readTime(new Question(text), NOW, new Calendar(tz))?.from;

  it.each(['America/New_York', 'Asia/Tokyo', 'UTC'])('read the same with the process in %s', (tz) => {
    process.env.TZ = tz;
    expect(from('since 2026-11-20t10:00')).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(from('since 2026-11-20t10:00:30')).toBe(Date.parse('2026-11-20T10:00:30Z'));
    expect(from('since 2026-11-20t10:00', 'Europe/Berlin')).toBe(Date.parse('2026-11-20T09:00:00Z'));
  });

  it('an offset written is kept', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(from('since 2026-11-20t10:00z')).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(from('since 2026-11-20t10:00+02:00')).toBe(Date.parse('2026-11-20T08:00:00Z'));
  });
});

describe('a number field named after the number', () => {
  it.each([
    ['products with less than 10 stock', '<', 10],
    ['products with fewer than 10 in stock', '<', 10],
    ['products with more than 50 in stock', '>', 50],
  ])('%s bounds stock, not price', (q, op, value) => {
    expect(read(q, support).filters).toEqual([{ field: 'stock', op, value }]);
  });

  it('a field named before the comparator still wins', () => {
    expect(read('products with price over 100', support).filters).toEqual([
      { field: 'price', op: '>', value: 100 },
    ]);
  });
});

describe('seconds asked of a field in milliseconds', () => {
  it.each([
    ['events with duration above 4 seconds', [{ field: 'durationMs', op: '>', value: 4000 }]],
    ['events with durationMs over 4000', [{ field: 'durationMs', op: '>', value: 4000 }]],
  ])('%s', (q, filters) => {
    expect(read(q, analytics).filters).toEqual(filters);
  });
});

describe('a flag said with its verb or a hyphenated negation', () => {
  it.each([
    ['sessions that did not bounce', false],
    ["sessions that didn't bounce", false],
    ['non-bounced sessions', false],
    ['sessions not bounced', false],
    ['sessions that bounced', true],
    ['how many sessions bounced', true],
  ])('%s is bounced = %s', (q, value) => {
    expect(read(q, analytics).filters).toEqual([{ field: 'bounced', op: '=', value }]);
  });
});

describe('a country named where the data holds its code', () => {
  it.each([
    ['events from Germany', 'DE'],
    ['German events', 'DE'],
    ['purchases from India', 'IN'],
    ['count events from the united states by page', 'US'],
  ])('%s is country %s', (q, code) => {
    expect(read(q, analytics).filters).toContainEqual({ field: 'country', op: '=', value: code });
  });

  it('where the data holds names, the name is read as before', () => {
    expect(read('users from Germany').filters).toEqual([{ field: 'country', op: '=', value: 'Germany' }]);
  });
});

describe('records in the plural with the most of a field', () => {
  it.each([
    ['sessions with the most pages', 10],
    ['the 3 sessions with the most pages', 3],
    ['session with the most pages', 1],
  ])('%s are the top %i by pages', (q, limit) => {
    const i = read(q, analytics);
    expect(i.sort).toEqual([{ field: 'pages', dir: 'desc' }]);
    expect(i.limit).toBe(limit);
  });

  it('"with the largest" of records in the plural stays the largest value', () => {
    expect(read('orders with the largest amount').aggregate).toEqual({ fn: 'max', field: 'amount' });
  });
});

describe('groups ordered fastest or slowest first', () => {
  it.each([
    ['average response time per service, fastest first', 'asc'],
    ['average response time per service, slowest first', 'desc'],
  ])('%s orders every group by its value, %s', (q, dir) => {
    const i = read(q);
    expect(i.groupBy).toBe('service');
    expect(i.sort).toEqual([{ field: 'value', dir }]);
    expect(i.limit).toBeNull();
  });

  it('records too', () => {
    expect(read('tickets by response time, slowest first', support).sort).toEqual([
      { field: 'response_minutes', dir: 'desc' },
    ]);
    expect(read('average response time per assignee, fastest first', support).sort).toEqual([
      { field: 'value', dir: 'asc' },
    ]);
  });
});

describe('a word one slip from a measure or a value, in data other than the sample', () => {
  it('a measure is offered by the word it answers to', () => {
    const e = failure('avg duraton by page', analytics);
    expect(e.message).toBe('No field of events or sessions measures "duraton": did you mean "duration"?');
    expect(e.suggestions?.[0]).toBe('avg duration by page');
  });

  it('a slip in the plural of a value is offered the value', () => {
    expect(failure('count purchses by country', analytics).message).toContain('did you mean "purchase"?');
  });

  it('with the sample stores too', () => {
    expect(failure('avg amout by status').message).toContain('did you mean "amount"?');
  });
});

describe('stores of one reading fanned out keep a field by its own name', () => {
  it('"page" of events is not the stem of sessions\' pages', () => {
    expect(failure('count by page', analytics).message).toBe(
      'Of events and sessions, only some have a page: say which records to add up',
    );
  });
});

describe('flags named isActive or hasSso, and a type named planType', () => {
  const accounts = storeEntry(
    't44',
    'accounts',
    Array.from({ length: 20 }, (_, i) => ({
      accountId: `acc_${i}`,
      planType: pick(['starter', 'growth', 'enterprise'], i),
      isActive: i % 4 !== 0,
      hasSso: i % 3 === 0,
      seats: i + 1,
      mrrUsd: i * 100,
      createdAt: at(i),
    })),
  );
  it.each([
    ['active accounts', 'isActive', true],
    ['inactive accounts', 'isActive', false],
    ['how many accounts are not active', 'isActive', false],
    ['accounts with sso', 'hasSso', true],
    ['accounts without sso', 'hasSso', false],
    ['accounts with no sso', 'hasSso', false],
  ])('%s is %s = %s', (q, field, value) => {
    expect(read(q, [accounts]).filters).toEqual([{ field, op: '=', value }]);
  });

  it.each([
    ['how much mrr do enterprise accounts bring', 'mrrUsd'],
    ['how much mrr', 'mrrUsd'],
    ['how much seats do starter accounts have', 'seats'],
  ])('%s adds up %s, the field named', (q, field) => {
    expect(read(q, [accounts]).aggregate).toEqual({ fn: 'sum', field });
  });

  it('"plan" is planType', () => {
    expect(read('count accounts by plan', [accounts]).groupBy).toBe('planType');
    expect(read('average seats per plan', [accounts]).aggregate).toEqual({ fn: 'avg', field: 'seats' });
  });
});

describe('a value in the past tense as the verb of a ranking', () => {
  it.each([
    ['which assignee closed the most tickets', 'closed'],
    ['which assignee resolved the most tickets this month', 'resolved'],
  ])('%s counts the %s tickets of each assignee', (q, status) => {
    const i = read(q, support);
    expect(i.filters).toEqual([{ field: 'status', op: '=', value: status }]);
    expect(i.groupBy).toBe('assignee');
    expect(i.limit).toBe(1);
  });

  it('"which host logged the most errors" reads as before', () => {
    const i = read('which host logged the most errors');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(i.groupBy).toBe('host');
  });
});

describe('who did the most, where records are assigned to someone', () => {
  it.each([
    ['who resolved the most tickets', [{ field: 'status', op: '=', value: 'resolved' }]],
    ['who closed the most tickets this week', [{ field: 'status', op: '=', value: 'closed' }]],
    ['who has the most tickets', []],
  ])('%s is the top assignee', (q, filters) => {
    const i = read(q, support);
    expect(i.filters).toEqual(filters);
    expect(i.groupBy).toBe('assignee');
    expect(i.limit).toBe(1);
  });

  it('"who refunded the most" of the sample is the customer with the most refunded orders', () => {
    const i = read('who refunded the most');
    expect(i.filters).toEqual([{ field: 'status', op: '=', value: 'refunded' }]);
    expect(i.groupBy).toBe('customer');
  });
});
