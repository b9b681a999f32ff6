/**
 * Common public shapes, classified one by one as the first record of a tenant, that started a store
 * under a wrong or useless name: metrics whose `type` names their kind (StatsD's and Datadog's
 * `{…, type: 'counter' | 'gauge'}`) started `counters` and `gauges` stores; Debezium's change events
 * and Jira's webhooks started `records`; deployments started `records`, shipments `orders` (by the
 * order id they refer to), product reviews `products` (by the product id). Each now starts the store
 * its kind names, and the shapes beside them keep theirs.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

describe('a shape’s first record starts the store its kind names', () => {
  test.each([
    ['a StatsD counter', { name: 'api.requests', value: 1, type: 'counter', tags: ['env:prod'] }, 'metrics'],
    ['a gauge', { metric: 'cpu', value: 0.5, type: 'gauge', host: 'web-1', ts: 1_764_324_000 }, 'metrics'],
    [
      'a Datadog series',
      {
        metric: 'system.load.1',
        points: [[1_764_324_000, 0.5]],
        tags: ['env:prod'],
        host: 'web-1',
        type: 'gauge',
      },
      'metrics',
    ],
    [
      'a Debezium change event',
      { before: null, after: { id: 1 }, source: { table: 'users' }, op: 'c', ts_ms: 1_764_324_000_000 },
      'changes',
    ],
    [
      'a Jira webhook',
      { webhookEvent: 'jira:issue_created', issue: { key: 'PRJ-1' }, user: { name: 'ann' }, timestamp: 1 },
      'events',
    ],
    [
      'a deployment',
      {
        service: 'api',
        version: '1.2.3',
        environment: 'prod',
        deployed_by: 'ann',
        deployed_at: '2026-11-28T10:00:00Z',
      },
      'deployments',
    ],
    [
      'a shipment',
      {
        tracking_number: '1Z',
        carrier: 'UPS',
        status: 'in_transit',
        order_id: 'o1',
        shipped_at: '2026-11-28',
      },
      'shipments',
    ],
    [
      'a product review',
      { product_id: 'p1', rating: 5, title: 'Great', body: 'love it', reviewer: 'ann' },
      'reviews',
    ],
  ])('%s', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, isNew: true });
  });

  test('counters and gauges of one stream share one metrics store', () => {
    const metric = (i: number): Rec => ({
      name: `api.m${i % 3}`,
      value: i,
      type: ['counter', 'gauge'][i % 2],
      tags: ['env:prod'],
      timestamp: 1_764_324_000 + i,
    });
    const out = stream([0, 1, 2, 3, 4, 5].map(metric));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['metrics/metrics']));
  });

  test.each([
    [
      'a gauge with no measurement (an instrument in a catalogue)',
      { type: 'gauge', model: 'G1', maker: 'acme' },
      'gauges',
    ],
    ['an order', { type: 'order', id: 'o1', amount: 10 }, 'orders'],
    [
      'a GitHub push, which has a before and an after',
      { ref: 'r', before: 'a', after: 'b', repository: {}, pusher: {}, sender: {}, head_commit: {} },
      'events',
    ],
    ['a product with a rating', { sku: 'A1', product_name: 'Mouse', price: 10, rating: 4.5 }, 'products'],
    ['a film with a rating', { title: 'Heat', year: 1995, rating: 8.3 }, 'records'],
    ['an application with a version', { name: 'api', version: '1.2.3', environment: 'prod' }, 'records'],
    ['a game score', { name: 'ann', points: 120 }, 'records'],
    ['a repository with stars', { name: 'smartdb', stars: 120, forks: 4, language: 'TypeScript' }, 'records'],
  ])('%s keeps its domain', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain });
  });
});
