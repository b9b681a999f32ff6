/**
 * Two common shapes that started a store called `records` (a store nobody can ask about by name):
 * an application's own HTTP request logs (`{method, path, status, duration_ms, ip, time}`) and a
 * browser's Core Web Vitals as the web-vitals library reports them (`{name: 'LCP', value, rating,
 * delta, id, navigationType}`). They start `logs` and `metrics`; the shapes beside them stay where
 * they were.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

const request = (i: number): Rec => ({
  method: ['GET', 'POST'][i % 2],
  path: `/api/items/${i}`,
  status: [200, 201, 404][i % 3],
  duration_ms: 3 + i,
  ip: `10.0.0.${i}`,
  time: '2026-11-28T10:00:00Z',
});

const vital = (i: number): Rec => ({
  name: ['LCP', 'CLS', 'INP'][i % 3],
  value: 100 * i,
  rating: 'good',
  delta: 100 * i,
  id: `v4-${i}`,
  navigationType: 'navigate',
});

describe('shapes that had no domain', () => {
  test('HTTP request logs start a logs store and stay in it', () => {
    const stores: StoreEntry[] = [];
    const out = stream([0, 1, 2, 3, 4, 5].map(request), stores);
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['logs/logs']));
  });

  test('Core Web Vitals are metrics', () => {
    expect(classifyRecord(vital(1), [])).toMatchObject({ domain: 'metrics', reason: 'detector' });
    const out = stream([0, 1, 2, 3].map(vital));
    expect(new Set(out.map((c) => c.storeId))).toEqual(new Set(['metrics']));
  });

  test.each([
    [
      'a payment with a method',
      { payment_id: 'p1', amount: 10, currency: 'EUR', method: 'card' },
      'payments',
    ],
    ['an order with a status', { order_id: 'o1', amount: 10, customer: 'c', status: 'paid' }, 'orders'],
    ['a page view with a path', { event: 'page_view', path: '/pricing', session_id: 's' }, 'events'],
    ['a product with a rating', { sku: 'p', name: 'Mouse', price: 10, rating: 4 }, 'products'],
  ])('%s keeps its domain', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain });
  });
});
