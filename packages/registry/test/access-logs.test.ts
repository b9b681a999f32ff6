/**
 * Web servers' JSON access logs (nginx's `log_format ... escape=json`): their time is in the Common
 * Log Format (`28/Nov/2026:10:00:00 +0000`), which was not read as a date, and their fields matched
 * no detector, so they started a `records` store with no time field and every record was stamped
 * with its ingest time.
 */
import { describe, expect, test } from 'vitest';
import { chooseTimeField, dateStringMs, jsonTypeOf, recordTimeMs, type StoreEntry } from '../src/index.ts';
import { classifyInto, learned } from './support/learning.ts';

const access = (i: number) => ({
  remote_addr: `10.1.0.${i}`,
  request: `GET /api/items/${i} HTTP/1.1`,
  status: [200, 404, 500][i % 3],
  body_bytes_sent: 100 + i,
  http_user_agent: 'curl/8.5.0',
  time_local: `28/Nov/2026:1${i % 10}:00:00 +0100`,
  request_time: i / 100,
});

describe('Common Log Format times', () => {
  test.each([
    ['28/Nov/2026:10:00:00 +0000', '2026-11-28T10:00:00.000Z'],
    ['28/Nov/2026:10:00:00 +0100', '2026-11-28T09:00:00.000Z'],
    ['01/Jan/2027:00:30:00 -0530', '2027-01-01T06:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(jsonTypeOf(text)).toBe('date');
    expect(new Date(dateStringMs(text)!).toISOString()).toBe(iso);
  });

  test.each([
    '28/Nov/2026:10:00:00',
    '28/nov/2026:10:00:00 +0000',
    '28/Foo/2026:10:00:00 +0000',
    '2/Nov/2026:10:00:00 +0000',
  ])('%s is not a date', (text) => expect(dateStringMs(text)).toBeNull());
});

describe('access logs', () => {
  test('start a logs store whose time field is time_local, and are stored at that time', () => {
    const stores: StoreEntry[] = [];
    for (let i = 0; i < 20; i++) expect(classifyInto(access(i), stores).classification.domain).toBe('logs');
    expect(stores).toHaveLength(1);
    expect(chooseTimeField(learned([access(1), access(2)]))).toBe('time_local');
    expect(new Date(recordTimeMs(access(3), 'time_local')!).toISOString()).toBe('2026-11-28T12:00:00.000Z');
  });
});
