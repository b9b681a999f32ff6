/**
 * A store whose records carry their time as epoch seconds or milliseconds (`{"ts": 1764324000}`)
 * takes that field as its time field. Before, only ISO date strings could be one: such a store had
 * none, every record was stamped with the time it was ingested, and "cpu metrics today" returned a
 * reading of three days ago ingested today.
 */
import { describe, expect, test } from 'vitest';
import { chooseTimeField, classifyRecord, mergeFields, ownFields, recordTimeMs } from '../src/index.ts';
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
    // Between the ranges of microseconds (to 1e16) and nanoseconds (from 1e18).
    [{ timestamp: 1e17, value: 1 }, null],
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

  test('epoch times written as strings, as Slack sends `ts`, make a time field when every one is', () => {
    const slack = (i: number) => ({
      type: 'message',
      user: 'U1',
      text: `hi ${i}`,
      ts: `${seconds + i}.000${i}00`,
    });
    const fields = learned([slack(1), slack(2), slack(3)]);
    expect(fields.ts).toMatchObject({ types: { string: 3 }, epochStrings: 3 });
    expect(chooseTimeField(fields)).toBe('ts');
    expect(recordTimeMs(slack(2), 'ts')).toBe((seconds + 2) * 1000 + 0.2);
    expect(chooseTimeField(learned([{ ts: `${seconds * 1000}` }, { ts: `${seconds}` }]))).toBe('ts');
    // One string that is not an epoch time, a name that is not time-like, or digits of another length.
    expect(chooseTimeField(learned([slack(1), { ...slack(2), ts: 'soon' }]))).toBeNull();
    expect(chooseTimeField(learned([{ order_no: `${seconds}` }]))).toBeNull();
    expect(chooseTimeField(learned([{ ts: '123456789012' }]))).toBeNull();
    expect(chooseTimeField(learned([{ ts: '0764324000' }]))).toBeNull();
  });

  test('microseconds and nanoseconds, numbers or strings, are epoch times too (OpenTelemetry)', () => {
    const ns = `${seconds}000000000`;
    const otel = (i: number) => ({
      timeUnixNano: ns,
      severityText: 'INFO',
      body: { stringValue: `line ${i}` },
    });
    expect(chooseTimeField(learned([otel(1), otel(2)]))).toBe('timeUnixNano');
    expect(recordTimeMs(otel(1), 'timeUnixNano')).toBe(seconds * 1000);
    expect(recordTimeMs({ ts: seconds * 1e6 }, 'ts')).toBe(seconds * 1000);
    expect(recordTimeMs({ ts: `${seconds}000000` }, 'ts')).toBe(seconds * 1000);
    expect(chooseTimeField(learned([{ ts: seconds * 1e6 }, { ts: seconds * 1e6 + 5 }]))).toBe('ts');
    // The smallest and largest in different units, or between the ranges: not a time field.
    expect(chooseTimeField(learned([{ ts: seconds }, { ts: seconds * 1e9 }]))).toBeNull();
    expect(chooseTimeField(learned([{ ts: 1e14 }]))).toBeNull();
  });

  test('an OpenTelemetry log record classifies as a log', () => {
    const record = {
      timeUnixNano: `${seconds}000000000`,
      severityText: 'ERROR',
      severityNumber: 17,
      body: { stringValue: 'boom' },
      traceId: 'a',
      spanId: 'b',
    };
    expect(classifyRecord(record, [])).toMatchObject({ domain: 'logs', isNew: true });
  });

  test('the count of epoch strings is merged and copied with the rest', () => {
    const a = learned([{ ts: `${seconds}` }]);
    mergeFields(a, learned([{ ts: `${seconds + 1}` }, { ts: `${seconds + 2}` }]));
    expect(a.ts!.epochStrings).toBe(3);
    expect(ownFields(JSON.parse(JSON.stringify(a))).ts!.epochStrings).toBe(3);
  });
});
