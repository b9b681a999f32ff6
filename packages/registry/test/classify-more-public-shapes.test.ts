/**
 * More public shapes that started a store under a wrong or useless name, classified one by one as
 * the first records of a tenant. A record that names its own kind by its first key and refers to an
 * order by its id (a refund `{refund_id, order_id, amount, reason}`, a payment of an order) started
 * `orders`: `order_id` weighs 3 of the 5 that made it one, and a refund's amount summed as an order's
 * revenue. Without the id of the record it refers to it is no order, and its own id names its store.
 * A container's output as Docker's json-file driver and Fluent Bit write it (`{log, stream, time}`)
 * started `records`; it starts `logs`. A calendar's events (`{summary, start, end, attendees,
 * organizer}`) started `records`; they start `events`, the word calendars use for them.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

const T = '2026-11-28T10:00:00Z';

function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

const refund = (i: number): Rec => ({
  refund_id: `r${i}`,
  order_id: `o${i % 4}`,
  amount: 5 + i,
  reason: ['damaged', 'late'][i % 2],
  created_at: T,
});

const dockerLine = (i: number): Rec => ({
  log: `GET /items/${i} 200\n`,
  stream: ['stdout', 'stderr'][i % 2],
  time: T,
});

describe('a record named by its own id, not by the order it refers to', () => {
  test.each<[string, Rec, string]>([
    ['a refund of an order', refund(1), 'refunds'],
    [
      'a refund spelled in camelCase',
      { refundId: 'r1', orderId: 'o1', amount: 10, currency: 'EUR' },
      'refunds',
    ],
    [
      'a payment of an order',
      { payment_id: 'p1', order_id: 'o1', amount: 10, currency: 'EUR', method: 'card' },
      'payments',
    ],
    ['a return of a product', { return_id: 'r1', product_id: 'p1', sku: 'A1', reason: 'broken' }, 'returns'],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, isNew: true });
  });

  test('refunds share one store, apart from the orders they refer to', () => {
    const stores: StoreEntry[] = [];
    stream([{ order_id: 'o1', customer: 'c', amount: 10, status: 'paid' }], stores);
    const out = stream([0, 1, 2, 3].map(refund), stores);
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['refunds/refunds']));
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual([
      ['orders', 1],
      ['refunds', 4],
    ]);
  });

  test.each<[string, Rec, string]>([
    // Orders by more than the id of one: the customer's id, the amount and the currency.
    [
      'an invoice of a customer’s order',
      { invoice_id: 'i1', order_id: 'o1', customer_id: 'c1', amount: 10, currency: 'EUR' },
      'orders',
    ],
    ['an order named by its own id', { order_id: 'o1', customer: 'c', amount: 10, status: 'paid' }, 'orders'],
    [
      'a variant of a product',
      { variant_id: 'v1', product_id: 'p1', sku: 'A1', price: 10, stock: 3 },
      'products',
    ],
    // Not named by its first key: shipments are told by their own fields.
    [
      'a shipment of an order',
      { tracking_number: '1Z', carrier: 'UPS', order_id: 'o1', shipped_at: T },
      'shipments',
    ],
    ['a refund without an id of its own', { id: 'r1', order_id: 'o1', amount: 10, reason: 'late' }, 'orders'],
    ['a payment', { payment_id: 'p1', amount: 10, currency: 'EUR', method: 'card' }, 'payments'],
  ])('%s keeps its domain', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain });
  });
});

describe('a container’s log lines', () => {
  test.each<[string, Rec]>([
    ['Docker’s json-file line', dockerLine(1)],
    [
      'Fluent Bit’s line from Kubernetes',
      { ...dockerLine(2), kubernetes: { pod_name: 'api-1', namespace_name: 'prod' } },
    ],
  ])('%s starts a logs store', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'logs', isNew: true });
  });

  test('stdout and stderr lines share one store', () => {
    const out = stream([0, 1, 2, 3].map(dockerLine));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['logs/logs']));
  });

  test('a video with a stream keeps records', () => {
    expect(classifyRecord({ title: 'Keynote', stream: 'hls', duration: 3600 }, [])).toMatchObject({
      domain: 'records',
    });
  });
});

describe('a calendar’s events', () => {
  const meeting = (i: number): Rec => ({
    id: `e${i}`,
    summary: ['Standup', 'Planning'][i % 2],
    location: 'Room 1',
    start: { dateTime: T },
    end: { dateTime: T },
    attendees: [{ email: 'ann@acme.io' }],
    organizer: { email: 'bob@acme.io' },
    status: 'confirmed',
  });

  test.each<[string, Rec]>([
    ['Google Calendar’s event', meeting(1)],
    ['an all-day event', { title: 'Holiday', date: '2026-12-25', all_day: true, organizer: 'hr' }],
    ['a meeting with its attendees', { title: 'Review', start_time: T, end_time: T, attendees: ['ann'] }],
  ])('%s starts an events store', (_, record) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'events' });
  });

  test('a calendar’s events share one store', () => {
    const out = stream([0, 1, 2, 3].map(meeting));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['events/events']));
  });
});
