/**
 * The forty-sixth probing round: pino-style logs with numeric levels, the low end of "which <store
 * noun> has the ...", and values that are verbs said in the past tense.
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const at = (i: number) => new Date(NOW - i * 2_000_000).toISOString();
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

const pino = storeEntry(
  't46',
  'logs',
  Array.from({ length: 42 }, (_, i) => ({
    level: pick([30, 30, 40, 50, 20, 60, 10], i),
    time: NOW - i * 600_000,
    pid: 4242,
    hostname: pick(['api-1', 'api-2', 'worker-1'], i),
    msg: pick(['handled request', 'request failed after retries', 'cache miss on lookup'], i),
  })),
);
/** Another logger's shape: a `severity` number, a `service`, an ISO time. */
const bunyan = storeEntry(
  't46',
  'logs',
  Array.from({ length: 30 }, (_, i) => ({
    severity: pick([30, 40, 50], i),
    ts: at(i),
    service: pick(['billing', 'search'], i),
    message: pick(['charge captured for invoice', 'index rebuilt in background'], i),
  })),
);
const readings = storeEntry(
  't46',
  'devices',
  Array.from({ length: 48 }, (_, i) => ({
    device_id: `dev-${i % 12}`,
    temperature_c: 15 + ((i * 7) % 200) / 10,
    humidity: (i * 13) % 100,
    battery: (i * 17) % 100,
    reading_time: at(i),
  })),
);
const machines = storeEntry(
  't46',
  'machines',
  Array.from({ length: 20 }, (_, i) => ({
    machine_id: `m-${i % 5}`,
    load_pct: (i * 11) % 100,
    pressure: (i * 3) % 40,
    at: at(i),
  })),
);
const payments = storeEntry(
  't46',
  'payments',
  Array.from({ length: 20 }, (_, i) => ({
    payment_id: `pay_${1000 + i}`,
    amount: (i * 1733) / 100,
    status: pick(['succeeded', 'failed', 'refunded'], i),
    created: Math.floor((NOW - i * 3_600_000) / 1000),
  })),
);
describe('1. numeric log levels (pino) are named by their names', () => {
  it.each([
    ['error logs', 50],
    ['warn logs', 40],
    ['info logs', 30],
    ['debug logs', 20],
    ['trace logs', 10],
  ])('%s reads level = its number', (q, level) => {
    const i = read(q, [pino, readings]);
    expect(i.mcps).toEqual(['logs']);
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: level }]);
  });

  it('"count warn logs by hostname" counts level 40 per hostname', () => {
    const i = read('count warn logs by hostname', [pino, readings]);
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 40 }]);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.groupBy).toBe('hostname');
  });

  it('"fatal logs today" reads level 60', () => {
    const i = read('fatal logs today', [pino, readings]);
    expect(i.mcps).toEqual(['logs']);
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 60 }]);
  });

  it('another level field (severity) and other fields answer the same way', () => {
    const i = read('errors by service', [bunyan]);
    expect(i.filters).toEqual([{ field: 'severity', op: '=', value: 50 }]);
    expect(i.groupBy).toBe('service');
    expect(read('warning logs', [bunyan]).filters).toEqual([{ field: 'severity', op: '=', value: 40 }]);
  });

  it('a number outside the levels, or a store of no logs, lends no level names', () => {
    const scores = storeEntry('t46', 'logs', [
      { level: 3, time: NOW, host: 'a', msg: 'started up fine today' },
      { level: 250, time: NOW - 1000, host: 'b', msg: 'stopped again later on' },
    ]);
    expect(() => read('error logs', [scores])).not.toThrow();
    expect(read('error logs', [scores]).filters).toEqual([]);
    const games = storeEntry('t46', 'games', [
      { level: 30, player: 'a', played_at: at(1) },
      { level: 50, player: 'b', played_at: at(2) },
    ]);
    expect(() => read('error games', [games])).toThrow();
  });
});

describe('2. the low end of "which <store noun> has the ..."', () => {
  it.each([
    ['which device has the lowest battery', [readings], 'device_id'],
    ['which device has the least humidity', [readings], 'device_id'],
    ['which device has the smallest temperature', [readings], 'device_id'],
    ['which device has the minimum battery', [readings], 'device_id'],
    ['which machine has the lowest pressure', [machines], 'machine_id'],
  ])('%s is refused as groups from the smallest are, naming every group', (q, against, field) => {
    expect(failure(q, against).message).toBe(
      `Groups can only be ranked from the largest: ask for the top groups instead, or for every ${field} ("${against[0]!.domain} by ${field}")`,
    );
  });

  it("the high end still ranks the groups; a store whose id is one record's own still ranks records", () => {
    expect(read('which device has the highest temperature', [readings]).groupBy).toBe('device_id');
    const i = read('which payment has the lowest amount', [payments]);
    expect(i.groupBy).toBeNull();
    expect(i.aggregate ?? i.sort).not.toBeNull();
  });
});
