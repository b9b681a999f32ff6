/**
 * The fortieth probing round: words that say which records, left unread, are refused naming the word
 * rather than dropped (answered, the question widened to every record); a word that leaves records
 * out is never dropped (answered, the question got the very records it leaves out); events no field
 * times are refused rather than timed on another event; "youngest to oldest" sorts by age; a store
 * created with no records stays out of the answers of its domain, and a refusal names stores of one
 * domain by id.
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read, stores } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

describe('a word that says which records is never dropped', () => {
  it.each([
    ['logs from 10.0.0.1', '10.0.0.1'],
    ['errors from 192.168.1.5', '192.168.1.5'],
    ['logs from server 10.0.0.1', '10.0.0.1'],
    ['average cpu on 10.0.0.2', '10.0.0.2'],
    ['logs from version 2.1.0', '2.1.0'],
    ['order #1234', '#1234'],
    ['users with yahoo.com emails', 'yahoo.com'],
    ['users in the eu', 'eu'],
    ['count users in the eu', 'eu'],
    ['errors in the eu region', 'eu'],
    ['users named zed', 'zed'],
    ['users called zed', 'zed'],
    ['logs tagged security', 'security'],
    ['orders via the app', 'app'],
    ['response time of the login endpoint', 'login'],
    ['users from the bay area', 'bay'],
    ['orders at the berlin store', 'berlin'],
    ['logs from us-east', 'us-east'],
    ['messages from the front-end team', 'front-end'],
    ['logs from the payment-service', 'payment-service'],
    ['errors on the gateway', 'gateway'],
    ['errors in the checkout flow', 'checkout'],
    ['orders within the eu', 'eu'],
    ['orders related to acme', 'acme'],
    ['messages sent to the eu team', 'eu'],
    ['users near berlin', 'berlin'],
    ['errors since the outage', 'outage'],
    ['errors during the incident', 'incident'],
    ['logs around midnight', 'midnight'],
    ['orders during black friday', 'black'],
  ])('%s is refused, naming "%s"', (q, word) => {
    const e = failure(q);
    expect(e.status).toBe(422);
    expect(e.message).toContain(`"${word}"`);
  });

  it('"the states" is no store of readings: refused, not every user', () => {
    expect(failure('users from the states').message).toContain('"states"');
  });

  it.each([
    'please show me all users',
    'hey, list all orders please',
    'can you show me the logs from today',
    'i need all pending orders',
    'show me the orders for today',
    'all errors for me please',
    'messages for the general channel',
    'logs in production',
    'users at present',
    'messages with body containing invoice',
    'For the incident review, list the error logs from db-1 in the past 6 hours.',
  ])('filler and idioms are still read past: %s', (q) => {
    expect(() => read(q)).not.toThrow();
  });
});

describe('a word that leaves records out is never dropped', () => {
  it.each([
    ['orders except from acme.io', 'except'],
    ['users not at acme.io', 'not'],
    ['users without acme.io emails', 'without'],
    ['users whose email does not end with acme.io', 'not'],
    ['users except those with acme.io emails', 'except'],
    ['logs except on web hosts', 'except'],
    ['errors not on web hosts', 'not'],
    ['users not named alice', 'not'],
    ['users except the admins', 'except'],
    ['messages excluding the bots', 'excluding'],
  ])('%s is refused, not answered with the records it leaves out', (q, word) => {
    expect(failure(q).message).toBe(
      `What "${word}" leaves out could not be read: ask for the records to keep instead`,
    );
  });

  it('negations that are read, and idioms, are unchanged', () => {
    expect(read('logs except from db-1').filters).toEqual([{ field: 'host', op: '!=', value: 'db-1' }]);
    expect(read('users outside europe').filters).toEqual([{ field: 'region', op: '!=', value: 'Europe' }]);
    expect(read("isn't there a pending order above 950?").filters).toContainEqual({
      field: 'status',
      op: '=',
      value: 'pending',
    });
  });
});

describe('an event no field times is refused, not timed on another', () => {
  it.each([
    ['orders shipped yesterday', 'shipped'],
    ['users born in 1990', 'born'],
    ['messages edited today', 'edited'],
    ['orders delivered last week', 'delivered'],
    ['users who churned last month', 'churned'],
  ])('%s', (q, word) => {
    expect(failure(q).message).toBe(
      `No field of ${read(q.split(' ')[0]!).domain} records when they were "${word}"`,
    );
  });

  it('verbs of the record being made are its own time', () => {
    expect(read('how many messages sended yesterday').time?.field).toBe('sent_at');
    expect(read('give me a list of all the errors the api produced today').time?.field).toBe('timestamp');
    expect(read('orders paid yesterday').filters).toEqual([{ field: 'status', op: '=', value: 'paid' }]);
  });
});

describe('youngest and oldest as the two ends of a sort', () => {
  it.each([
    ['users from youngest to oldest', 'asc'],
    ['list users youngest to oldest', 'asc'],
    ['users from oldest to youngest', 'desc'],
    ['users from eldest to youngest', 'desc'],
  ])('%s sorts by age %s', (q, dir) => {
    expect(read(q).sort).toEqual([{ field: 'age', dir }]);
  });

  it('oldest to newest is still time', () => {
    expect(read('orders from oldest to newest').sort).toEqual([{ field: 'created_at', dir: 'asc' }]);
  });
});

describe('stores of one domain', () => {
  it('a store created with no records is no part of an answer beside one that holds records', () => {
    const withEmpty = [...stores, storeEntry('t1', 'logs-2', [])];
    for (const q of ['count logs by service', 'errors by host', 'count logs']) {
      expect(read(q, withEmpty).mcps, q).toEqual(['logs']);
    }
  });

  it('alone in its domain, an empty store still answers (nothing)', () => {
    const only = [...stores.filter((s) => s.domain !== 'orders'), storeEntry('t1', 'orders', [])];
    expect(read('count orders', only).mcps).toEqual(['orders']);
  });

  it('a refusal names two stores of one domain by their ids', () => {
    const second = storeEntry('t1', 'logs-2', [
      { level: 'error', message: 'disk full', timestamp: '2026-11-25T10:00:00Z' },
    ]);
    expect(failure('count logs by service', [...stores, second]).message).toBe(
      'Of logs and logs-2, only some have a service: say which records to add up',
    );
  });
});
