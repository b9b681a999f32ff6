/**
 * API objects that declare their type in an `object` field beside an id prefixed by it, as Stripe's
 * do: a refund `{"id": "re_…", "object": "refund", "amount", "currency", "status"}`, an invoice or a
 * subscription started `orders` by their amounts and statuses (so "total amount of orders" added
 * refunds in), a customer `users` and a charge `orders`; each now starts the store its type names.
 * `object` alone names nothing (an RDF triple's `object` is data), nor does it beside an id of
 * another form. A store an earlier version filed such objects in keeps taking them.
 */
import { describe, expect, test } from 'vitest';
import {
  classifyRecord,
  emptyStore,
  explicitDomainValue,
  learnRecord,
  type StoreEntry,
} from '../src/index.ts';
import { classifyInto } from './support/learning.ts';

type Rec = Record<string, unknown>;

const refund = (i: number): Rec => ({
  id: `re_3MtwBwLkdIwHu7ix0${i}`,
  object: 'refund',
  amount: 1000 + i,
  charge: `ch_3MtwBwLkdIwHu7ix${i}`,
  created: 1_764_320_000 + i,
  currency: 'usd',
  payment_intent: `pi_3MtwBwLkdIwHu7ix${i}`,
  reason: null,
  status: 'succeeded',
});

const stripe: [string, Rec, string][] = [
  ['a refund', refund(0), 'refunds'],
  [
    'a charge',
    {
      id: 'ch_3MmlLrLkdIwHu7ix0snN0B15',
      object: 'charge',
      amount: 1099,
      amount_captured: 1099,
      captured: true,
      created: 1_764_320_000,
      currency: 'usd',
      customer: 'cus_NffrFeUfNV2Hib',
      paid: true,
      status: 'succeeded',
    },
    'charges',
  ],
  [
    'a customer',
    {
      id: 'cus_NffrFeUfNV2Hib',
      object: 'customer',
      balance: 0,
      created: 1_764_320_000,
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
    },
    'customers',
  ],
  [
    'an invoice',
    {
      id: 'in_1MtHbELkdIwHu7ixl4OzzPMv',
      object: 'invoice',
      amount_due: 0,
      amount_paid: 0,
      customer: 'cus_NeZwdNtLEOXuvB',
      status: 'draft',
      currency: 'usd',
      created: 1_764_320_000,
    },
    'invoices',
  ],
  [
    'a subscription',
    {
      id: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
      object: 'subscription',
      customer: 'cus_Na6dX7aXxi11N4',
      status: 'active',
      current_period_start: 1_764_320_000,
      current_period_end: 1_766_912_000,
      created: 1_764_320_000,
    },
    'subscriptions',
  ],
  [
    'a payment intent',
    {
      id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      object: 'payment_intent',
      amount: 2000,
      currency: 'usd',
      status: 'requires_payment_method',
      created: 1_764_320_000,
    },
    'payment_intents',
  ],
];

describe('an object’s declared type names its store', () => {
  test.each(stripe)('%s', (_, record, domain) => {
    expect(classifyRecord(record, [])).toMatchObject({ domain, isNew: true, reason: 'explicit' });
  });

  test('objects of one shape but two types are told apart by whatever remembers a shape', () => {
    expect(explicitDomainValue(refund(0))).toBe('refund');
    expect(explicitDomainValue({ ...refund(0), object: 'credit_note' })).toBe('credit_note');
  });

  test('a webhook event names its event by `type`, not its object', () => {
    const event = {
      id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
      object: 'event',
      type: 'charge.refunded',
      created: 1_764_320_000,
      data: { object: refund(0) },
    };
    expect(classifyRecord(event, [])).toMatchObject({ domain: 'events' });
  });

  test('refunds share one store', () => {
    const stores: StoreEntry[] = [];
    const out = [0, 1, 2, 3].map((i) => classifyInto(refund(i), stores).classification.storeId);
    expect(new Set(out)).toEqual(new Set(['refunds']));
  });
});

describe('`object` that declares no type', () => {
  test.each<[string, Rec]>([
    ['an RDF triple', { subject: 'ex:alice', predicate: 'ex:knows', object: 'ex:bob' }],
    ['an id of another form', { id: '42', object: 'refund', amount: 10, status: 'succeeded' }],
    ['a uuid id', { id: '0b1f6c9e-6d3a-4c55-9a51-0d3c2b1a9e77', object: 'thing', value: 3 }],
    ['an object that is an object', { id: 'ab_1234567', object: { kind: 'x' }, amount: 1 }],
  ])('%s', (_, record) => {
    expect(explicitDomainValue(record)).toBeNull();
  });
});

describe('a store an earlier version filed typed objects in keeps them', () => {
  test('refunds an earlier version put in orders join it still', () => {
    const orders = emptyStore('t', 'orders', 'orders', 0);
    for (let i = 0; i < 20; i++) {
      learnRecord(orders.fields, refund(i));
      orders.recordCount += 1;
    }
    expect(classifyRecord(refund(30), [orders])).toMatchObject({
      storeId: 'orders',
      isNew: false,
      reason: 'shape',
    });
  });

  test('a store of the type’s own domain is joined first', () => {
    const orders = emptyStore('t', 'orders', 'orders', 0);
    const refunds = emptyStore('t', 'refunds', 'refunds', 0);
    for (let i = 0; i < 20; i++) {
      learnRecord(orders.fields, refund(i));
      learnRecord(refunds.fields, refund(i));
    }
    expect(classifyRecord(refund(30), [orders, refunds]).storeId).toBe('refunds');
  });
});
