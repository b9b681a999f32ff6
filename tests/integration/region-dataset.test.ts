/**
 * The "done when" check of the region core: the 2,000 sample records, ingested in batches of 500
 * through the HTTP app, land in exactly five stores of the right sizes, time fields and dictionaries.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate, TIME_FIELD } from '../../../shared/nlq/dataset.mjs';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

type Rec = Record<string, unknown>;
const { records } = (generate as (now: number) => { records: { kind: string; data: Rec }[] })(Date.now());
const timeFields = TIME_FIELD as Record<string, string>;

interface Store {
  id: string;
  domain: string;
  recordCount: number;
  timeField: string | null;
  fields: { name: string; type: string; values?: string[] }[];
}

let region: InProcessRegion;
let key: TestKey;
const acks: { id: string; mcp: string; domain: string }[] = [];

beforeAll(async () => {
  region = await startInProcessRegion();
  key = await region.key('write');
  for (let i = 0; i < records.length; i += 500) {
    const res = await region.request('/v1/ingest', {
      key: key.key,
      json: records.slice(i, i + 500).map((r) => r.data),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { ingested: number; records: typeof acks };
    expect(body.ingested).toBe(500);
    acks.push(...body.records);
  }
});
afterAll(async () => {
  await region?.close();
});

async function stores(): Promise<Store[]> {
  return ((await (await region.request('/v1/mcps', { key: key.key })).json()) as { mcps: Store[] }).mcps;
}

/** The sample data set's records per kind (../shared/nlq/dataset.mjs). */
const SAMPLE_SIZES = { users: 200, messages: 600, logs: 600, metrics: 400, orders: 200 };

test('exactly five stores of the right sizes, and every record in the store of its kind', async () => {
  const all = await stores();
  expect(Object.fromEntries(all.map((s) => [s.domain, s.recordCount]))).toEqual(SAMPLE_SIZES);
  expect(acks).toHaveLength(2_000);
  expect(acks.map((a) => a.domain)).toEqual(records.map((r) => r.kind));
  expect(await region.sqlCount(key.tenant)).toBe(2_000);
});

test('each store has the right time field, typed as a date', async () => {
  for (const store of await stores()) {
    expect(store.timeField).toBe(timeFields[store.domain]);
    expect(store.fields.find((f) => f.name === store.timeField)?.type).toBe('date');
  }
});

test('learned dictionaries and types', async () => {
  const byDomain = Object.fromEntries((await stores()).map((s) => [s.domain, s]));
  const field = (domain: string, name: string) => byDomain[domain]!.fields.find((f) => f.name === name)!;
  expect(field('users', 'plan').values?.sort()).toEqual(['free', 'premium', 'pro']);
  expect(field('users', 'age').type).toBe('number');
  expect(field('logs', 'level').values?.sort()).toEqual(['debug', 'error', 'info', 'warn']);
  expect(field('orders', 'status').values?.sort()).toEqual(['paid', 'pending', 'refunded']);
  expect(field('metrics', 'metric').values?.sort()).toEqual([
    'cpu_usage',
    'memory_usage',
    'response_time',
    'revenue',
  ]);
  expect(field('messages', 'from').values).toContain('john');
  expect(field('orders', 'amount').type).toBe('number');
  // Sparse fields joined their store instead of starting another.
  expect(field('messages', 'token')).toBeDefined();
  expect(field('metrics', 'unit')).toBeDefined();
});

test('a record reads back with its original data and its time as ts', async () => {
  for (const i of [0, 777, 1_999]) {
    const res = await region.request(`/v1/records/${acks[i]!.id}`, { key: key.key });
    const got = (await res.json()) as { data: Rec; ts: string; domain: string };
    const { kind, data } = records[i]!;
    expect(got.data).toEqual(data);
    expect(got.domain).toBe(kind);
    expect(got.ts).toBe(new Date(data[timeFields[kind]!] as string).toISOString());
  }
});

test('the same data as NDJSON into a fresh tenant also makes exactly five stores', async () => {
  const tenantKey = await region.key('write');
  for (const half of [records.slice(0, 1_000), records.slice(1_000)]) {
    const res = await region.request('/v1/ingest', {
      key: tenantKey.key,
      body: `${half.map((r) => JSON.stringify(r.data)).join('\n')}\n`,
      contentType: 'application/x-ndjson',
    });
    expect(res.status).toBe(201);
  }
  const all = ((await (await region.request('/v1/mcps', { key: tenantKey.key })).json()) as { mcps: Store[] })
    .mcps;
  expect(Object.fromEntries(all.map((s) => [s.domain, s.recordCount]))).toEqual(SAMPLE_SIZES);
});
