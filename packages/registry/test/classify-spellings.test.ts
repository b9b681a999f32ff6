/**
 * Detectors read a field however an application spells it: camelCase (most JavaScript), PascalCase,
 * kebab-case or words, as well as snake_case. Before, `{logLevel, message, service}`, `{metricName,
 * value, recordedAt}` and `{orderId, customerId, amount, currency}` each started a store called
 * `records`, `records-2`, … instead of logs, metrics and orders. Product events have a detector too.
 */
import { describe, expect, test } from 'vitest';
import { classifyRecord, detectDomain, detectorSpelling, emptyStore, learnRecord } from '../src/index.ts';

describe('field names as applications spell them', () => {
  test.each([
    ['firstName', 'first_name'],
    ['FirstName', 'first_name'],
    ['first-name', 'first_name'],
    ['First Name', 'first_name'],
    ['first_name', 'first_name'],
    ['userID', 'user_id'],
    ['HTTPStatus', 'http_status'],
    ['signedUpAt', 'signed_up_at'],
    ['level', 'level'],
  ])('%s reads as %s', (key, spelled) => {
    expect(detectorSpelling(key)).toBe(spelled);
  });

  test.each([
    [{ userName: 'ann', email: 'ann@x.io', firstName: 'Ann', signedUpAt: '2026-11-01T00:00:00Z' }, 'users'],
    [{ logLevel: 'error', message: 'boom', service: 'api' }, 'logs'],
    [{ metricName: 'cpu', value: 0.5, recordedAt: '2026-11-28T10:00:00Z' }, 'metrics'],
    [{ orderId: 'o1', customerId: 'c1', amount: 10, currency: 'EUR' }, 'orders'],
    [{ SentAt: '2026-11-28T10:00:00Z', Sender: 'ann', Text: 'hi' }, 'messages'],
    [{ 'log-level': 'warn', msg: 'slow', host: 'web-1' }, 'logs'],
  ])('%o is detected as %s', (record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, isNew: true, reason: 'detector' });
  });

  test('product events are a domain of their own', () => {
    const signup = { event: 'signup', userId: 'u1', occurredAt: '2026-11-28T10:00:00Z', properties: {} };
    expect(classifyRecord(signup, [])).toMatchObject({ domain: 'events', reason: 'detector' });
    expect(detectDomain(['user_id', 'event', 'page', 'at'])?.domain).toBe('events');
    // An order that names its user is still an order.
    expect(detectDomain(['order_id', 'user_id', 'amount'])?.domain).toBe('orders');
  });

  test('fields named like Object.prototype members weigh nothing', () => {
    expect(detectDomain(['toString', 'valueOf', 'hasOwnProperty', 'constructor'])).toBeNull();
    expect(detectDomain(['toString', 'level', 'message', 'service'])).toMatchObject({
      domain: 'logs',
      score: 5,
    });
  });
});

describe('more common domains', () => {
  test.each([
    [{ sku: 'SKU-1', name: 'Desk', category: 'furniture', price: 120, in_stock: true, stock: 4 }, 'products'],
    [{ productName: 'Lamp', brand: 'Acme', price: 30, barcode: '0123' }, 'products'],
    [
      {
        ticket_id: 'T-1',
        title: 'Login fails',
        status: 'open',
        priority: 'high',
        assignee: 'maria',
        opened_at: '2026-11-20T00:00:00Z',
      },
      'tickets',
    ],
    [{ subject: 'Crash', assignedTo: 'li', reporter: 'sam', priority: 'low' }, 'tickets'],
  ])('%o is detected as %s', (record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, reason: 'detector' });
  });

  test('an order that lists prices and a category is still an order', () => {
    expect(detectDomain(['order_id', 'customer', 'amount', 'price', 'category'])?.domain).toBe('orders');
  });
});

describe('a shape no detector knows, named by its first key when that is an id', () => {
  test.each([
    [{ session_id: 's1', started_at: '2026-11-28T10:00:00Z', duration: 30 }, 'sessions'],
    [{ invoiceID: 'i1', amount_due: 10, due_date: '2026-12-01' }, 'invoices'],
    [{ employeeId: 'e1', department: 'ops', salary: 1 }, 'employees'],
    [{ trip_id: 't1', distance_km: 3.2, driver: 'li' }, 'trips'],
  ])('%o starts a store of %s', (record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, storeId: domain, isNew: true });
  });

  test.each([
    // An id of a known domain refers to one; generic and short ids name nothing; only the first key.
    [{ user_id: 'u1', color: 'red', scroll: 3 }],
    [{ external_id: 'x', color: 'red', size: 3 }],
    [{ ab_id: 'x', color: 'red', size: 3 }],
    [{ color: 'red', widget_id: 'w1', size: 3 }],
    [{ id: 1, color: 'red', size: 3 }],
  ])('%o starts a store of records', (record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'records', isNew: true });
  });

  test("a sparse record of such a store joins it, as a detected domain's does", () => {
    const stores = [emptyStore('t', 'sessions', 'sessions', 1)];
    learnRecord(stores[0]!.fields, {
      session_id: 's1',
      started_at: '2026-11-28T10:00:00Z',
      duration: 30,
      device: 'ios',
    });
    stores[0]!.recordCount = 1;
    expect(
      classifyRecord({ session_id: 's2', started_at: '2026-11-28T11:00:00Z', browser: 'x' }, stores),
    ).toMatchObject({
      storeId: 'sessions',
      isNew: false,
    });
  });
});

describe('a new shape with weak evidence of a known domain', () => {
  test.each([
    // A log without its level, a metric without its name, page views without the event's name.
    [{ id: 'l1', host: 'web-1', message: 'disk full', timestamp: '2026-11-28T10:00:00Z' }, 'logs'],
    [{ id: 'm1', value: 0.5, recorded_at: '2026-11-28T10:00:00Z' }, 'metrics'],
    [{ user_id: 'u1', page: '/x', scroll: 3 }, 'events'],
  ])('%o starts a store named %s, not records', (record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, isNew: true, reason: 'new' });
  });

  test('classifies nothing by it, and evidence as strong for two domains names none', () => {
    expect(detectDomain(['host', 'message'])).toBeNull();
    const tie = { page: '/x', url: 'https://x', price: 3, category: 'a' }; // events 2, products 2
    expect(classifyRecord(tie, [])).toMatchObject({ domain: 'records' });
  });
});
