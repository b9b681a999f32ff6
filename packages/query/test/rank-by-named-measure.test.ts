/**
 * "which <store noun> has the highest <number field>" ranks the groups by that field's average.
 * After round 45 made the store's noun a grouping, only the store's first measure was read:
 * "which device has the highest humidity" ranked devices by their count of records, a silent answer
 * to another question.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf as read } from './support/questions.ts';
import { storeEntry } from './support/stores.ts';

const at = (i: number) => new Date(Date.parse('2026-11-25T15:30:00Z') - i * 2_000_000).toISOString();

const readings = storeEntry(
  't-rank',
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
  't-rank',
  'machines',
  Array.from({ length: 20 }, (_, i) => ({
    machine_id: `m-${i % 5}`,
    load_pct: (i * 11) % 100,
    pressure: (i * 3) % 40,
    at: at(i),
  })),
);

describe('the measure named after the superlative', () => {
  it.each([
    ['which device has the highest humidity', readings, 'device_id', 'humidity'],
    ['which device has the highest battery', readings, 'device_id', 'battery'],
    ['which device has the highest temperature', readings, 'device_id', 'temperature_c'],
    ['which machine has the highest pressure', machines, 'machine_id', 'pressure'],
  ])('%s', (q, store, group, field) => {
    const i = read(q, [store]);
    expect(i.groupBy).toBe(group);
    expect(i.aggregate).toEqual({ fn: 'avg', field });
    expect(i.limit).toBe(1);
  });
});
