/**
 * A store an earlier version started for a shape under one domain keeps taking records of that shape
 * after an upgrade teaches the detectors another domain for it. Notifications
 * (`{user_id, channel: 'push', title, body, read, sent_at}`) started `messages` before this session's
 * detectors knew notifications, comments `{post_id, author, body}` started `posts`, shipments
 * `orders`: a tenant with such a store would otherwise have the shape's new records start a second
 * store beside it, and "how many messages" would stop counting them from one day to the next. A
 * fresh tenant's first such record still starts the store the detectors name; a record whose keys
 * the old store never saw is not its shape, nor is one that shows nothing of the old store's domain
 * (a store given its domain by `?domain=`, not by the records' look).
 */
import { describe, expect, test } from 'vitest';
import { classifyRecord, type StoreEntry } from '../src/index.ts';
import { storeOf } from './support/learning.ts';
import { comment, notification, T } from './support/shapes.ts';

type Rec = Record<string, unknown>;

const shipment = (i: number): Rec => ({
  shipment_id: `s${i}`,
  order_id: `o${i}`,
  carrier: ['dhl', 'ups'][i % 2],
  tracking_number: `TN${i}`,
  shipped_at: T,
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('a shape an earlier version filed under another domain stays in its store', () => {
  test.each<[string, StoreEntry, Rec]>([
    [
      'notifications in messages',
      storeOf('messages', 'messages', range(20).map(notification)),
      notification(21),
    ],
    ['comments in posts', storeOf('posts', 'posts', range(20).map(comment)), comment(21)],
    ['shipments in orders', storeOf('orders', 'orders', range(20).map(shipment)), shipment(21)],
  ])('%s', (_, store, record) => {
    expect(classifyRecord(record, [store])).toMatchObject({
      storeId: store.id,
      isNew: false,
      reason: 'shape',
    });
  });

  test('a record of the shape missing an optional field joins too', () => {
    const store = storeOf('messages', 'messages', range(20).map(notification));
    const { read: _, ...sparse } = notification(22);
    expect(classifyRecord(sparse, [store])).toMatchObject({ storeId: 'messages', isNew: false });
  });

  test('of two stores holding the shape, the larger takes it', () => {
    const small = storeOf('messages-2', 'messages', range(3).map(notification));
    const large = storeOf('messages', 'messages', range(30).map(notification));
    expect(classifyRecord(notification(40), [small, large]).storeId).toBe('messages');
  });

  test('a store of the detected domain that fits is still the one joined', () => {
    const old = storeOf('messages', 'messages', range(20).map(notification));
    const current = storeOf('notifications', 'notifications', range(50).map(notification));
    expect(classifyRecord(notification(60), [old, current]).storeId).toBe('notifications');
  });
});

describe('what is not the old store’s shape starts the detected domain', () => {
  test('a fresh tenant', () => {
    expect(classifyRecord(notification(0), [])).toMatchObject({ domain: 'notifications', isNew: true });
  });

  test('a record with a key the store never learned', () => {
    const chat = storeOf(
      'messages',
      'messages',
      range(20).map((i) => ({ user_id: `u${i}`, channel: 'general', text: `hi ${i}`, sent_at: T })),
    );
    expect(classifyRecord(notification(0), [chat])).toMatchObject({ domain: 'notifications', isNew: true });
  });

  test('a store whose domain nothing in the record reads as (log lines sent with ?domain=metrics)', () => {
    const line = (i: number): Rec => ({ level: 'error', service: 'api', message: `m${i}`, timestamp: T });
    const hinted = storeOf('ops', 'metrics', range(20).map(line));
    expect(classifyRecord(line(21), [hinted])).toMatchObject({ domain: 'logs', isNew: true });
  });

  test('a record carrying few of the store’s usual fields', () => {
    const orders = storeOf(
      'orders',
      'orders',
      range(20).map((i) => ({
        order_id: `o${i}`,
        carrier: 'dhl',
        customer: `c${i}`,
        amount: i,
        status: 'paid',
        currency: 'EUR',
        shipment_id: `s${i}`,
        tracking_number: `T${i}`,
        created_at: T,
      })),
    );
    // Every key known to the orders store, but 4 of its 9 usual fields: a shipment of its own shape.
    const record = { shipment_id: 's1', order_id: 'o1', carrier: 'ups', tracking_number: 'T1' };
    expect(classifyRecord(record, [orders]).storeId).not.toBe('orders');
  });
});
