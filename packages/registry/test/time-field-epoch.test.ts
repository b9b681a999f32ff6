/**
 * A store whose records carry their time as epoch seconds or milliseconds (`{"ts": 1764324000}`)
 * takes that field as its time field. Before, only ISO date strings could be one: such a store had
 * none, every record was stamped with the time it was ingested, and "cpu metrics today" returned a
 * reading of three days ago ingested today.
 */
import { describe, expect, test } from 'vitest';
import { chooseTimeField, recordTimeMs } from '../src/index.ts';
import { learned } from './support/learning.ts';

const seconds = Date.parse('2026-11-25T08:00:00Z') / 1000;

describe('epoch times', () => {
  test.each<[Record<string, unknown>, string | null]>([
    [{ metric: 'cpu', value: 0.5, timestamp: seconds }, 'timestamp'],
    [{ metric: 'cpu', value: 0.5, ts: seconds * 1000 }, 'ts'],
    [{ event: 'click', occurredAt: seconds }, 'occurredAt'],
    [{ event: 'click', created_at_ms: seconds * 1000 }, 'created_at_ms'],
    [{ level: 'info', epoch: seconds }, 'epoch'],
    // The event's verb alone, as Stripe names it.
    [{ id: 'pay_1', amount: 1200, created: seconds }, 'created'],
    [{ id: 'doc-1', Updated: seconds * 1000 }, 'Updated'],
    [{ id: 'x', at: seconds }, 'at'],
    // A reading's or an observation's verb (a sensor's `recorded`).
    [{ device: 'd1', temperature: 21.5, recorded: seconds * 1000 }, 'recorded'],
    [{ station: 's1', pm25: 8, measured: seconds }, 'measured'],
    [{ host: 'h1', Logged: seconds }, 'Logged'],
    // An ISO date wins over an epoch number.
    [{ created_at: '2026-11-25T08:00:00Z', ts: seconds }, 'created_at'],
    // Not time-like by name, or not in the epoch range: not a time field.
    [{ amount: seconds, currency: 'EUR' }, null],
    [{ creator: seconds, id: 'x' }, null],
    [{ heartbeat: seconds, id: 'x' }, null],
    [{ ts: 42, value: 1 }, null],
    [{ timestamp: 1e15, value: 1 }, null],
  ])('%j -> %s', (record, expected) => {
    expect(chooseTimeField(learned([record]))).toBe(expected);
  });

  test('every value must be an epoch time, seconds and milliseconds alike', () => {
    expect(chooseTimeField(learned([{ ts: seconds }, { ts: seconds * 1000 }]))).toBe('ts');
    expect(chooseTimeField(learned([{ ts: seconds }, { ts: 7 }]))).toBeNull();
  });

  test("the record's time is read from it", () => {
    expect(recordTimeMs({ ts: seconds }, 'ts')).toBe(seconds * 1000);
    expect(recordTimeMs({ ts: seconds * 1000 }, 'ts')).toBe(seconds * 1000);
  });
});
