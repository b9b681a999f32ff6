/**
 * Two shapes a live region met that ended up in stores called `records`: webhook events whose
 * `type` names the event (`charge.refunded`), which started `records-2` beside a `records` store of
 * audit entries (`{actor, action, resource, ip, outcome, at}`). They are events and audits now.
 */
import { describe, expect, test } from 'vitest';
import { type Classification, classifyRecord, explicitDomainValue, type StoreEntry } from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

/** Classifies records one by one, creating and learning stores as RAG₁ does. */
function stream(records: Rec[], stores: StoreEntry[] = []): Classification[] {
  return records.map((record) => classifyInto(record, stores).classification);
}

const stripe = (type: string, i: number): Rec => ({
  id: `evt_${i}`,
  type,
  created: 1_764_300_000 + i,
  livemode: false,
  data: { object: { id: `obj_${i}`, amount: 100 * i } },
});

const audit = (i: number): Rec => ({
  actor: ['admin@acme.io', 'bot'][i % 2],
  action: ['login', 'export', 'delete_user'][i % 3],
  resource: 'users',
  ip: `10.0.0.${i}`,
  outcome: i % 3 ? 'allowed' : 'denied',
  at: '2026-11-27T10:00:00Z',
});

describe('webhook events named by their type', () => {
  test.each([
    ['payment_intent.succeeded'],
    ['customer.subscription.deleted'],
    ['user:created'],
    ['orders/paid'],
  ])('a type like %s starts an events store', (type) => {
    expect(classifyRecord(stripe(type, 1), [])).toMatchObject({ domain: 'events', isNew: true });
  });

  test('events of many names share one store', () => {
    const types = ['payment_intent.succeeded', 'charge.refunded', 'customer.created', 'invoice.paid'];
    const stores: StoreEntry[] = [];
    const out = stream(
      types.flatMap((t, n) => [0, 1, 2].map((i) => stripe(t, n * 3 + i))),
      stores,
    );
    expect(new Set(out.map((c) => c.storeId))).toEqual(new Set(['events']));
    expect(stores.map((s) => [s.id, s.recordCount])).toEqual([['events', 12]]);
  });

  test('a record with a kind and a type is named by its kind (a Kubernetes event and its type)', () => {
    const event = (i: number): Rec => ({
      kind: 'Event',
      apiVersion: 'v1',
      reason: ['BackOff', 'Pulled'][i % 2],
      type: ['Warning', 'Normal'][i % 2],
      involvedObject: { kind: 'Pod', name: `api-${i}` },
      lastTimestamp: '2026-11-27T10:00:00Z',
    });
    const stores: StoreEntry[] = [];
    expect(new Set(stream([0, 1, 2, 3].map(event), stores).map((c) => c.storeId))).toEqual(
      new Set(['events']),
    );
    expect(explicitDomainValue(event(0))).toBe('Event');
    // A type alone names the domain as before.
    expect(explicitDomainValue({ type: 'Warning', reason: 'x' })).toBe('Warning');
  });

  test('a type that names a domain still names it', () => {
    expect(classifyRecord({ id: 'o1', type: 'order', total: 3 }, [])).toMatchObject({
      domain: 'orders',
      reason: 'explicit',
    });
    expect(classifyRecord({ id: 'x', type: 'support ticket' }, [])).toMatchObject({
      domain: 'support_tickets',
    });
  });

  test('the event name is part of what a classification is remembered by', () => {
    expect(explicitDomainValue(stripe('charge.refunded', 1))).toBe('charge.refunded');
    expect(explicitDomainValue({ type: '...' })).toBeNull();
    expect(explicitDomainValue({ type: 'a.b.c.d.e.f.g' })).toBeNull();
  });
});

describe('audit entries', () => {
  test('records of who did what to which resource start an audits store', () => {
    const out = stream(Array.from({ length: 9 }, (_, i) => audit(i)));
    expect(new Set(out.map((c) => `${c.domain}/${c.storeId}`))).toEqual(new Set(['audits/audits']));
  });

  test('an event with an actor stays an event', () => {
    const push = {
      event: 'push',
      repo: { name: 'api' },
      actor: { login: 'ann' },
      commits: 2,
      created_at: 'x',
    };
    expect(classifyRecord(push, [])).toMatchObject({ domain: 'events' });
  });

  test('page-view events with an action stay events', () => {
    const view = { event: 'click', action: 'signup', url: '/pricing', session_id: 's1', occurred_at: 1 };
    expect(classifyRecord(view, [])).toMatchObject({ domain: 'events' });
  });
});
