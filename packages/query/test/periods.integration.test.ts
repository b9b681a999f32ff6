/**
 * Groups of periods of the time field ("errors per hour today", "average cpu per hour") end to end
 * on the real PostgreSQL: each period's value computed from the records inserted, the zone that
 * moves a record across a day boundary, Monday weeks, and two stores' periods merged.
 */
import { records as recordsTable } from '@smartdb/db';
import type { StoreEntry } from '@smartdb/registry';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { answerQuery, type QueryDeps } from '../src/index.ts';
import { insertRecords, storeEntry } from './support/stores.ts';

// A Wednesday: this week began on Monday 2026-11-23.
const NOW = Date.parse('2026-11-25T15:30:00Z');
const HOUR = 3_600_000;
const tenant = uniqueTenant('periods');
let handle: Awaited<ReturnType<typeof testDatabase>>;
let deps: QueryDeps;
let stores: StoreEntry[];

const at = (iso: string) => new Date(iso).toISOString();
const logs1 = [
  { level: 'error', service: 'api', timestamp: at('2026-11-22T10:00:00Z') }, // Sunday, the week before
  { level: 'error', service: 'api', timestamp: at('2026-11-23T10:00:00Z') }, // Monday
  { level: 'error', service: 'db', timestamp: at('2026-11-24T22:30:00Z') }, // 23:30 in Paris
  { level: 'error', service: 'api', timestamp: at('2026-11-24T23:30:00Z') }, // 00:30 on the 25th in Paris
  { level: 'error', service: 'api', timestamp: at('2026-11-25T01:10:00Z') },
  { level: 'info', service: 'api', timestamp: at('2026-11-25T01:50:00Z') },
  { level: 'error', service: 'db', timestamp: at('2026-11-25T09:00:00Z') },
];
const logs2 = [
  { level: 'error', service: 'web', timestamp: at('2026-11-25T01:40:00Z') },
  { level: 'error', service: 'web', timestamp: at('2026-11-23T08:00:00Z') },
];
const metrics = [
  { metric: 'cpu_usage', host: 'web-1', value: 40, recorded_at: at('2026-11-25T13:05:00Z') },
  { metric: 'cpu_usage', host: 'web-1', value: 60, recorded_at: at('2026-11-25T13:55:00Z') },
  { metric: 'cpu_usage', host: 'web-2', value: 90, recorded_at: at('2026-11-25T14:10:00Z') },
  { metric: 'cpu_usage', host: 'web-2', value: 10, recorded_at: at('2026-11-24T10:00:00Z') }, // outside 24 h
  { metric: 'memory_usage', host: 'web-1', value: 75, recorded_at: at('2026-11-25T13:20:00Z') },
];

/** The start of the period `iso` falls in, in UTC or in a zone `offsetHours` east of it (no DST here). */
function periodStart(iso: string, unit: 'hour' | 'day' | 'week', offsetHours = 0): string {
  const local = new Date(Date.parse(iso) + offsetHours * HOUR);
  if (unit === 'hour') local.setUTCMinutes(0, 0, 0);
  else local.setUTCHours(0, 0, 0, 0);
  if (unit === 'week') local.setUTCDate(local.getUTCDate() - ((local.getUTCDay() + 6) % 7));
  return new Date(local.getTime() - offsetHours * HOUR).toISOString();
}

/** Each period's count or measure, oldest first, computed from the records. */
function expectedGroups<T extends Record<string, unknown>>(
  rows: T[],
  start: (r: T) => string,
  value: (rs: T[]) => number,
): { key: string; value: number }[] {
  const by = new Map<string, T[]>();
  for (const r of rows) by.set(start(r), [...(by.get(start(r)) ?? []), r]);
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, rs]) => ({ key, value: value(rs) }));
}

beforeAll(async () => {
  handle = await testDatabase(4);
  stores = [
    storeEntry(tenant, 'logs-1', logs1),
    storeEntry(tenant, 'logs-2', logs2),
    storeEntry(tenant, 'metrics', metrics),
  ];
  const rows = [
    ...logs1.map((data) => ({ mcpId: 'logs-1', ts: new Date(data.timestamp), data })),
    ...logs2.map((data) => ({ mcpId: 'logs-2', ts: new Date(data.timestamp), data })),
    ...metrics.map((data) => ({ mcpId: 'metrics', ts: new Date(data.recorded_at), data })),
  ].map((r) => ({ id: uuidv7(), tenantId: tenant, ...r }));
  await handle.db.insert(recordsTable).values(rows);
  deps = { db: handle.db, stores: () => stores, now: () => new Date(NOW) };
});

afterAll(async () => {
  await handle?.close();
});

const errors = [...logs1, ...logs2].filter((r) => r.level === 'error');
const count = (rs: unknown[]) => rs.length;

describe('groups of periods of time', () => {
  it("counts each day's records in UTC, oldest first, two stores merged", async () => {
    const answer = await answerQuery(deps, tenant, { q: 'errors per day' });
    expect(answer.interpretation.mcps).toEqual(['logs-1', 'logs-2']);
    expect(answer.interpretation.bucket).toEqual({ unit: 'day', tz: 'UTC' });
    expect(answer.groups).toEqual(expectedGroups(errors, (r) => periodStart(r.timestamp, 'day'), count));
    expect(answer.count).toBe(errors.length);
  });

  it('cuts the days in the zone asked: a record moves across midnight', async () => {
    const answer = await answerQuery(deps, tenant, { q: 'errors per day', tz: 'Europe/Paris' });
    const paris = expectedGroups(errors, (r) => periodStart(r.timestamp, 'day', 1), count);
    expect(answer.groups).toEqual(paris);
    // The error at 23:30 UTC on the 24th is on the 25th in Paris: 4 errors there, 3 on the 25th in UTC.
    expect(paris.find((g) => g.key === '2026-11-24T23:00:00.000Z')?.value).toBe(4);
    expect(answer.groups.find((g) => g.key === '2026-11-24T23:00:00.000Z')?.value).toBe(4);
    expect(answer.groups).not.toEqual(expectedGroups(errors, (r) => periodStart(r.timestamp, 'day'), count));
  });

  it('hours of one store within a window are cut, ordered and counted in SQL', async () => {
    const one = { ...deps, stores: () => stores.filter((s) => s.id === 'logs-1') };
    const answer = await answerQuery(one, tenant, { q: 'errors per hour today' });
    expect(answer.interpretation.mcps).toEqual(['logs-1']);
    const today = logs1.filter((r) => r.level === 'error' && r.timestamp >= '2026-11-25');
    expect(answer.groups).toEqual(expectedGroups(today, (r) => periodStart(r.timestamp, 'hour'), count));
    expect(answer.count).toBe(today.length);
  });

  it('keeps the periods a bound on each group passes, in time order', async () => {
    const answer = await answerQuery(deps, tenant, { q: 'days with at least 2 errors' });
    const all = expectedGroups(errors, (r) => periodStart(r.timestamp, 'day'), count);
    const kept = all.filter((g) => g.value >= 2);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    expect(answer.groups).toEqual(kept);
    expect(answer.count).toBe(kept.reduce((n, g) => n + g.value, 0));
  });

  it('ranks the periods by their count: the busiest day, the quietest', async () => {
    const days = expectedGroups(
      [...logs1, ...logs2].filter((r) => r.level === 'error'),
      (r) => periodStart(r.timestamp, 'day'),
      (rs) => rs.length,
    );
    const most = Math.max(...days.map((d) => d.value));
    const busiest = await answerQuery(deps, tenant, { q: 'which day had the most errors' });
    expect(busiest.groups).toEqual([days.find((d) => d.value === most)]);
    const fewest = Math.min(...days.map((d) => d.value));
    const quietest = await answerQuery(deps, tenant, { q: 'which day had the fewest errors' });
    expect(quietest.groups).toEqual([days.find((d) => d.value === fewest)]);
  });

  it('weeks start on Monday', async () => {
    const answer = await answerQuery(deps, tenant, { q: 'errors per week' });
    expect(answer.groups).toEqual(expectedGroups(errors, (r) => periodStart(r.timestamp, 'week'), count));
    expect(answer.groups.map((g) => g.key)).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
  });

  it('averages a measure per hour in the last 24 hours', async () => {
    const answer = await answerQuery(deps, tenant, { q: 'average cpu per hour in the last 24 hours' });
    const cpu = metrics.filter(
      (m) => m.metric === 'cpu_usage' && Date.parse(m.recorded_at) >= NOW - 24 * HOUR,
    );
    const avg = (rs: typeof cpu) => rs.reduce((s, r) => s + r.value, 0) / rs.length;
    expect(answer.groups).toEqual(expectedGroups(cpu, (r) => periodStart(r.recorded_at, 'hour'), avg));
    expect(answer.groups).toEqual([
      { key: '2026-11-25T13:00:00.000Z', value: 50 },
      { key: '2026-11-25T14:00:00.000Z', value: 90 },
    ]);
  });
});

describe('more periods than an answer lists', () => {
  // One error an hour for 1,100 hours: past the 1,000 groups an answer lists, the newest are kept.
  const many = uniqueTenant('periods-many');
  const HOURS = 1_100;
  const hourly = Array.from({ length: HOURS }, (_, n) => ({
    level: 'error',
    service: n % 2 === 0 ? 'api' : 'web',
    timestamp: new Date(NOW - (HOURS - n) * HOUR).toISOString(),
  }));

  beforeAll(async () => {
    await insertRecords(handle.db, many, 'logs-1', hourly, 'timestamp');
  });

  it.each([
    ['one store, cut in SQL', ['logs-1']],
    ['two stores, merged in memory', ['logs-1', 'logs-2']],
  ])('keeps the newest 1,000 hours, oldest first, and counts every record (%s)', async (_, ids) => {
    const storesOf = ids.map((id) => storeEntry(many, id, hourly));
    const answer = await answerQuery(
      { db: handle.db, stores: () => storesOf, now: () => new Date(NOW) },
      many,
      { q: 'errors per hour' },
    );
    expect(answer.interpretation.mcps).toEqual(ids);
    const want = hourly
      .slice(HOURS - 1_000)
      .map((r) => ({ key: periodStart(r.timestamp, 'hour'), value: 1 }));
    expect(answer.groups).toEqual(want);
    expect(answer.count).toBe(HOURS);
  });
});
