/**
 * Detectors read a field however an application spells it: camelCase (most JavaScript), PascalCase,
 * kebab-case or words, as well as snake_case. Before, `{logLevel, message, service}`, `{metricName,
 * value, recordedAt}` and `{orderId, customerId, amount, currency}` each started a store called
 * `records`, `records-2`, … instead of logs, metrics and orders. Product events have a detector too.
 */
import { describe, expect, test } from 'vitest';
import { classifyRecord, detectDomain, detectorSpelling } from '../src/index.ts';

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
