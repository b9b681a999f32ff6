/**
 * IngestService against the real PostgreSQL: atomic arrays, streamed NDJSON, group commit,
 * idempotency, reads and deletes scoped by tenant. Each test has its own tenant(s).
 */
import { AppError, numberBeyondNumeric } from '@smartdb/core';
import { Registry, readStore } from '@smartdb/registry';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpenDatabase } from '../../../region/src/database.ts';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import {
  DEFAULT_IDEMPOTENCY_TTL_MS,
  deleteRecord,
  expireIdempotentWrites,
  getRecord,
  type IngestResult,
  IngestService,
  type NdjsonResult,
  ndjsonAnswer,
} from '../src/index.ts';

let database: OpenDatabase;
let registry: Registry;
let commits: { records: number; batches: number }[];
let ingest: IngestService;

beforeAll(async () => {
  database = await testDatabase();
  registry = new Registry();
  commits = [];
  ingest = new IngestService(database.db, registry, {
    onCommit: (records, batches) => commits.push({ records, batches }),
  });
});
afterAll(async () => {
  await database?.close();
});

async function sqlCount(tenant: string): Promise<number> {
  const [row] = await database.client!<{ n: number }[]>`
    select count(*)::int as n from records where tenant_id = ${tenant}`;
  return row!.n;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** The acknowledgements of an NDJSON ingest, as its 201 answer sends them. */
function acksOf(result: NdjsonResult): IngestResult['records'] {
  return (JSON.parse(ndjsonAnswer(result)) as IngestResult).records;
}

function ndjson(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  // Small chunks, so lines cross chunk boundaries as they do on the wire.
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
      controller.close();
    },
  });
}

const log = (i: number) => ({
  level: ['info', 'warn', 'error'][i % 3],
  service: 'api',
  host: 'web-1',
  message: `event ${i}`,
  timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
});

describe('ingestRecords', () => {
  test('one object: stored, readable with its data, ts from the time field', async () => {
    const tenant = uniqueTenant();
    const result = await ingest.ingestRecords(tenant, log(1));
    expect(result.ingested).toBe(1);
    const [ack] = result.records;
    expect(ack).toMatchObject({ domain: 'logs', tier: 'HOT' });
    const record = await getRecord(database.db, registry, tenant, ack!.id);
    expect(record).toEqual({
      id: ack!.id,
      mcp: ack!.mcp,
      domain: 'logs',
      tier: 'HOT',
      ts: log(1).timestamp,
      data: log(1),
    });
  });

  test('an array is atomic: one bad record is named by index and nothing is stored', async () => {
    const tenant = uniqueTenant();
    const records: unknown[] = Array.from({ length: 50 }, (_, i) => log(i));
    records[37] = { ...log(37), nested: { __proto__: null, constructor: 1 } };
    const e = await refusal(ingest.ingestRecords(tenant, records));
    expect([e.status, e.code]).toEqual([422, 'FORBIDDEN_KEY']);
    expect(e.details).toMatchObject({ index: 37 });
    expect(e.message).toContain('record 37');
    expect(await sqlCount(tenant)).toBe(0);
    expect(registry.list(tenant)).toEqual([]);
  });

  test('an empty array and more than 10,000 records are refused before anything is written', async () => {
    const tenant = uniqueTenant();
    expect((await refusal(ingest.ingestRecords(tenant, []))).status).toBe(422);
    const e = await refusal(
      ingest.ingestRecords(
        tenant,
        Array.from({ length: 10_001 }, () => ({ a: 1 })),
      ),
    );
    expect([e.status, e.code]).toEqual([413, 'TOO_MANY_RECORDS']);
    expect(await sqlCount(tenant)).toBe(0);
  });

  test('exactly 10,000 records in one array are accepted', async () => {
    const tenant = uniqueTenant();
    const result = await ingest.ingestRecords(
      tenant,
      Array.from({ length: 10_000 }, (_, i) => log(i)),
    );
    expect(result.ingested).toBe(10_000);
    expect(await sqlCount(tenant)).toBe(10_000);
    expect(registry.list(tenant).map((s) => [s.domain, s.recordCount])).toEqual([['logs', 10_000]]);
  });

  test('the registry row learns the store: count, fields, dictionary, time field, last write', async () => {
    const tenant = uniqueTenant();
    await ingest.ingestRecords(
      tenant,
      Array.from({ length: 30 }, (_, i) => log(i)),
    );
    const [store] = registry.list(tenant);
    const row = await readStore(database.db, tenant, store!.id);
    expect(row).toMatchObject({ domain: 'logs', recordCount: 30, timeField: 'timestamp' });
    expect(row!.fields.level!.values).toEqual({ info: 10, warn: 10, error: 10 });
    expect(row!.lastWriteAt).not.toBeNull();
    expect(registry.get(tenant, store!.id)).toEqual(row);
  });
});

describe('group commit', () => {
  test('concurrent single-record ingests share transactions and every one is stored once', async () => {
    const tenant = uniqueTenant();
    const before = commits.length;
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => ingest.ingestRecords(tenant, log(i))),
    );
    const ids = results.map((r) => r.records[0]!.id);
    expect(new Set(ids).size).toBe(400);
    expect(await sqlCount(tenant)).toBe(400);
    const mine = commits.slice(before);
    expect(mine.reduce((n, c) => n + c.records, 0)).toBe(400);
    // Two transactions in flight at once: 400 requests must not cost anything like 400 commits.
    expect(mine.length).toBeLessThan(100);
    expect(Math.max(...mine.map((c) => c.batches))).toBeGreaterThan(1);
    expect(registry.list(tenant).map((s) => s.recordCount)).toEqual([400]);
  });

  test('a batch that fails in the database fails alone; the others in its group commit', async () => {
    const tenant = uniqueTenant();
    await ingest.ingestRecords(tenant, log(0));
    // Every record that passes validation is one PostgreSQL stores, so the failure is made in the
    // database: a trigger refuses this test tenant's record that carries a marker field.
    await database.client!.unsafe(`
      create or replace function ingest_test_refuse() returns trigger language plpgsql as
        $$ begin raise exception 'refused by the test trigger'; end $$;
      create trigger ingest_test_refuse before insert on records for each row
        when (new.tenant_id = '${tenant}' and new.data ? 'refuseInDatabase')
        execute function ingest_test_refuse();`);
    let outcomes: PromiseSettledResult<IngestResult>[];
    try {
      outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          ingest.ingestRecords(tenant, i === 20 ? { ...log(i), refuseInDatabase: true } : log(i)),
        ),
      );
    } finally {
      await database.client!.unsafe(`
        drop trigger ingest_test_refuse on records; drop function ingest_test_refuse();`);
    }
    expect(outcomes[20]).toMatchObject({ status: 'rejected', reason: { status: 503 } });
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(ok).toBeGreaterThanOrEqual(39);
    expect(await sqlCount(tenant)).toBe(1 + ok);
    // Each batch retried alone writes its own counts: none carries another's, merged in the group.
    await ingest.committer.flushLearning();
    const [row] = await database.client!<{ n: string; messages: number }[]>`
      select record_count::text as n, (fields->'message'->>'count')::int as messages from mcps
      where tenant_id = ${tenant}`;
    expect(Number(row!.n)).toBe(1 + ok);
    expect(row!.messages).toBe(1 + ok);
    expect(registry.list(tenant).map((s) => s.recordCount)).toEqual([1 + ok]);
  });
});

describe('bad dates and failed commits', () => {
  test('a record whose time field is year 0 is stored (or refused with a 4xx), never a 5xx', async () => {
    const tenant = uniqueTenant();
    const record = { ...log(1), timestamp: '0000-01-01T00:00:00Z' };
    const outcome = await ingest.ingestRecords(tenant, record).catch((e: AppError) => e);
    if (outcome instanceof AppError) expect(outcome.status).toBeLessThan(500);
    else
      expect((await getRecord(database.db, registry, tenant, outcome.records[0]!.id)).data).toEqual(record);
  });

  test("a record's time is stored to the millisecond across years 1 to 9999, and as epoch seconds", async () => {
    const tenant = uniqueTenant();
    const times = [
      '2026-01-02T03:04:05.123Z',
      '0001-01-01T00:00:00.001Z',
      '1969-12-31T23:59:59.999Z',
      '2400-02-29T12:00:00.500Z',
      '9999-12-31T23:59:59.999Z',
    ];
    const done = await ingest.ingestRecords(
      tenant,
      times.map((timestamp, i) => ({ ...log(i), timestamp })),
    );
    const stored = await Promise.all(done.records.map((r) => getRecord(database.db, registry, tenant, r.id)));
    expect(stored.map((r) => r.ts)).toEqual(times);
    // To the microsecond: no floating-point drift at the ends of the range.
    const micros = await database.client!<{ t: string }[]>`
      select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as t from records
      where tenant_id = ${tenant} order by ts`;
    expect(micros.map((r) => r.t)).toEqual([...times].sort().map((t) => t.replace(/\.(\d{3})Z$/, '.$1000')));
    // Epoch seconds, with a fraction of a second.
    const seconds = await ingest.ingestRecords(tenant, { ...log(9), timestamp: 1_767_323_045.25 });
    expect((await getRecord(database.db, registry, tenant, seconds.records[0]!.id)).ts).toBe(
      '2026-01-02T03:04:05.250Z',
    );
  });

  test('a write that fails to commit leaves the in-memory registry as the database has it', async () => {
    const tenant = uniqueTenant();
    await ingest.ingestRecords(tenant, log(1));
    // A lone surrogate is valid JSON text that PostgreSQL's jsonb refuses at commit time.
    const bad = JSON.parse(
      '{"level":"info","service":"api","host":"h","message":"\\ud800","timestamp":"2026-01-01"}',
    );
    await ingest.ingestRecords(tenant, bad).catch(() => {});
    const [store] = registry.list(tenant);
    const row = await readStore(database.db, tenant, store!.id);
    expect(row!.recordCount).toBe(1);
    expect(store!.recordCount).toBe(row!.recordCount);
    expect(store!.fields.level!.count).toBe(row!.fields.level!.count);
  });
});

describe('ingestNdjson', () => {
  test('good lines are stored across several chunks; bad lines are reported by line number', async () => {
    const tenant = uniqueTenant();
    const lines = Array.from({ length: 4_500 }, (_, i) => JSON.stringify(log(i)));
    lines[9] = '{"level": "info",';
    lines[2_999] = '[1, 2]';
    lines[3_000] = '{"a": "x\\u0000"}';
    lines[4_499] = '{"__proto__": {"polluted": true}}';
    lines[100] = '';
    const result = await ingest.ingestNdjson(tenant, ndjson(`${lines.join('\n')}\n`));
    expect(result.errors!.map((e) => [e.line, e.code])).toEqual([
      [10, 'INVALID_JSON'],
      [3_000, 'INVALID_RECORD'],
      [3_001, 'NUL_BYTE'],
      [4_500, 'FORBIDDEN_KEY'],
    ]);
    expect(result.ingested).toBe(4_500 - 5);
    const acks = acksOf(result);
    expect(acks).toHaveLength(result.ingested);
    // In line order: the first good line's record is the first acknowledged.
    const [first] = await database.client!<{ data: unknown }[]>`
      select data from records where tenant_id = ${tenant} and id = ${acks[0]!.id}::uuid`;
    expect(first?.data).toEqual(log(0));
    expect(await sqlCount(tenant)).toBe(result.ingested);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('the domain hint applies to every line', async () => {
    const tenant = uniqueTenant();
    const result = await ingest.ingestNdjson(tenant, ndjson(`${JSON.stringify(log(1))}\n{"x":1}\n`), {
      domainHint: 'audit',
    });
    expect(acksOf(result).map((r) => r.domain)).toEqual(['audits', 'audits']);
  });
});

describe('large groups', () => {
  /** Strings that need escaping on the way to PostgreSQL, and characters that must pass untouched. */
  const awkward = (i: number) => ({
    ...log(i),
    message: `line ${i}\nsecond\tcol\r\\N back\\slash "quoted" \\\\ 😀 \u2028`,
    path: 'C:\\temp\\new',
    nested: { tab: '\t', list: [1, '\\', null, { deep: 'é\n' }] },
  });

  async function storedData(tenant: string) {
    const rows = await database.client!<{ id: string; data: unknown; ts: Date }[]>`
      select id::text, data, ts from records where tenant_id = ${tenant}`;
    return new Map(rows.map((r) => [r.id, r]));
  }

  test('an array of 2,500 records is stored exactly, with its time field and counts', async () => {
    const tenant = uniqueTenant();
    const records = Array.from({ length: 2_500 }, (_, i) => awkward(i));
    const result = await ingest.ingestRecords(tenant, records);
    expect(result.ingested).toBe(2_500);
    const stored = await storedData(tenant);
    expect(stored.size).toBe(2_500);
    result.records.forEach((ack, i) => {
      const row = stored.get(ack.id)!;
      expect(row.data).toEqual(records[i]);
      expect(new Date(row.ts).toISOString()).toBe(records[i]!.timestamp);
    });
    const store = await readStore(database.db, tenant, result.records[0]!.mcp);
    expect(store!.recordCount).toBe(2_500);
    expect(registry.get(tenant, store!.id)!.recordCount).toBe(2_500);
  });

  test('a second large array joins the store through the one-transaction fast path', async () => {
    const tenant = uniqueTenant();
    await ingest.ingestRecords(
      tenant,
      Array.from({ length: 1_200 }, (_, i) => awkward(i)),
    );
    const second = Array.from({ length: 1_200 }, (_, i) => awkward(i + 5_000));
    const result = await ingest.ingestRecords(tenant, second);
    const stored = await storedData(tenant);
    expect(stored.size).toBe(2_400);
    for (const [i, ack] of result.records.entries()) expect(stored.get(ack.id)!.data).toEqual(second[i]);
    const [store] = registry.list(tenant);
    expect(store!.recordCount).toBe(2_400);
    expect((await readStore(database.db, tenant, store!.id))!.recordCount).toBe(2_400);
  });

  test('a batch that only widens a range commits without a shape transaction; the flush writes the range', async () => {
    const tenant = uniqueTenant();
    const order = (amount: number, note = 'gift') => ({ order_id: 'o-1', amount, note, status: 'paid' });
    const first = await ingest.ingestRecords(tenant, [order(10), order(20)]);
    const id = first.records[0]!.mcp;
    await ingest.committer.flushLearning();
    const fieldsInDatabase = async () => (await readStore(database.db, tenant, id))!.fields;
    expect((await fieldsInDatabase()).amount!.max).toBe(20);
    // A larger amount, every value already learned: the commit only counts.
    await ingest.ingestRecords(tenant, [order(5_000)]);
    expect((await fieldsInDatabase()).amount!.max).toBe(20);
    // This region knew at once; the database learns with the next flush, and nothing is lost.
    expect(registry.get(tenant, id)!.fields.amount!.max).toBe(5_000);
    await ingest.committer.flushLearning();
    const flushed = await fieldsInDatabase();
    expect([flushed.amount!.max, flushed.amount!.count]).toEqual([5_000, 3]);
    // The first string too long for a dictionary makes the field a text: written with the records.
    await ingest.ingestRecords(tenant, [order(1, 'x'.repeat(65))]);
    expect((await fieldsInDatabase()).note!.maxLength).toBe(65);
  });

  test('a commit right after another region changed the store does not hide that change from the next refresh', async () => {
    const tenant = uniqueTenant();
    const order = (n: number) => ({ order_id: 'o-1', amount: n, status: 'paid' });
    const first = await ingest.ingestRecords(tenant, [order(1), order(2)]);
    const id = first.records[0]!.mcp;
    await ingest.committer.flushLearning();
    // Another region moves the store to WARM (as requestTier does: a new sequence number).
    await database.client!`
      update mcps set tier = 'WARM', seq = nextval('registry_seq'), updated_at = clock_timestamp()
      where tenant_id = ${tenant} and id = ${id}`;
    // This region commits before it has refreshed: counters only, on the fast path.
    await ingest.ingestRecords(tenant, [order(1)]);
    expect(registry.get(tenant, id)!.tier).toBe('HOT');
    await registry.refresh(database.db);
    expect(registry.get(tenant, id)!.tier).toBe('WARM');
    expect(registry.get(tenant, id)!.recordCount).toBe(3);
  });

  test('an array sent as text is stored member by member as written: numbers beyond double precision, escapes, separators in strings', async () => {
    const tenant = uniqueTenant();
    const members = [
      `{ "level": "info", "service": "a,b]}", "message": "\\\\u0001 is not \\u0001", "big": 12345678901234567890123 }`,
      `\n  {"level":"warn","service":"[{,}]","message":"quote \\" and backslash \\\\","n":1.50e+3}\n`,
      JSON.stringify(awkward(1)),
    ];
    const json = `[${members.join(',')}]`;
    const result = await ingest.ingestRecords(tenant, JSON.parse(json), { json });
    expect(result.ingested).toBe(3);
    for (const [i, ack] of result.records.entries()) {
      const [row] = await database.client!<{ same: boolean }[]>`
        select data = ${members[i]!}::text::jsonb as same from records
        where tenant_id = ${tenant} and id = ${ack.id}::uuid`;
      expect(row?.same).toBe(true);
    }
    const [big] = await database.client!<{ big: string }[]>`
      select data->>'big' as big from records where tenant_id = ${tenant} and id = ${result.records[0]!.id}::uuid`;
    expect(big?.big).toBe('12345678901234567890123');
  });

  test('tenants and stores whose names hold quotes, commas, braces, backslashes and spaces', async () => {
    const tenants = [uniqueTenant('t "a,b" {c} \\d'), uniqueTenant('t2')];
    const written = await Promise.all(
      tenants.map((tenant) =>
        ingest.ingestRecords(tenant, [log(1), { x: 1 }], { domainHint: 'my "odd" store' }),
      ),
    );
    for (const [i, tenant] of tenants.entries()) {
      expect(await sqlCount(tenant)).toBe(2);
      for (const ack of written[i]!.records) {
        const record = await getRecord(database.db, registry, tenant, ack.id);
        expect(record.mcp).toBe(ack.mcp);
      }
    }
  });

  test('NDJSON of 6,000 lines: every good line stored exactly', async () => {
    const tenant = uniqueTenant();
    const records = Array.from({ length: 6_000 }, (_, i) => awkward(i));
    const result = await ingest.ingestNdjson(
      tenant,
      ndjson(records.map((r) => JSON.stringify(r)).join('\n')),
    );
    expect(result.errors).toEqual([]);
    const stored = await storedData(tenant);
    expect(stored.size).toBe(6_000);
    for (const [i, ack] of acksOf(result).entries()) expect(stored.get(ack.id)!.data).toEqual(records[i]);
  });
});

describe('a database that stalls', () => {
  test('writes beyond the queue bound are refused with 503; every admitted write commits', async () => {
    const tenant = uniqueTenant();
    const bounded = new IngestService(database.db, registry, { maxQueuedRecords: 50, concurrency: 1 });
    await bounded.ingestRecords(tenant, log(0));
    // Commits of this tenant stall: its registry rows are held by another transaction.
    const holder = await database.client!.reserve();
    await holder`begin`;
    await holder`select id from mcps where tenant_id = ${tenant} for update`;
    try {
      const batch = (from: number) => Array.from({ length: 30 }, (_, i) => log(from + i));
      const inFlight = bounded.ingestRecords(tenant, batch(100));
      await new Promise((r) => setTimeout(r, 100));
      const queued = bounded.ingestRecords(tenant, batch(200));
      // 30 waiting + 30 more is over 50: refused at once, before anything is learned from it.
      const refused = await bounded.ingestRecords(tenant, batch(300)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
      expect(await sqlCount(tenant)).toBe(1);
      await holder`rollback`;
      await Promise.all([inFlight, queued]);
    } finally {
      await holder`rollback`.catch(() => {});
      holder.release();
    }
    expect(await sqlCount(tenant)).toBe(61);
    expect(registry.list(tenant)[0]!.recordCount).toBe(61);
    await bounded.committer.close();
  });
});

describe('the stores a tenant may hold', () => {
  /** Shape k: fields of its own, of no known domain. */
  const shaped = (k: number, i = 0) => ({ [`a_${k}`]: i, [`b_${k}`]: `v${i}`, [`c_${k}`]: i * 2 });

  test('a record that would start one store more is refused with 422 and nothing of its batch is kept', async () => {
    const tenant = uniqueTenant();
    const capped = new IngestService(database.db, registry, { maxStoresPerTenant: 3 });
    for (let k = 0; k < 3; k++) await capped.ingestRecords(tenant, shaped(k));
    const before = await sqlCount(tenant);
    // The array is atomic: its first record fits a store, its second would start a fourth.
    const e = await refusal(capped.ingestRecords(tenant, [shaped(0, 1), shaped(3)]));
    expect([e.status, e.code]).toEqual([422, 'TOO_MANY_STORES']);
    expect(e.details).toEqual({ index: 1, stores: 3, max: 3 });
    expect(await sqlCount(tenant)).toBe(before);
    expect(registry.list(tenant)).toHaveLength(3);
    // Refused again (no draft of it was kept), while records of the stores held still go in.
    expect((await refusal(capped.ingestRecords(tenant, shaped(3)))).code).toBe('TOO_MANY_STORES');
    expect((await capped.ingestRecords(tenant, [shaped(1, 2), shaped(2, 3)])).ingested).toBe(2);
    // Named by a domain the tenant holds, a record of a new shape joins that domain's store.
    const named = await capped.ingestRecords(tenant, shaped(4), { domainHint: 'records' });
    expect(named.records[0]!.domain).toBe('records');
    expect(registry.list(tenant)).toHaveLength(3);
    await capped.committer.close();
  });

  test('an NDJSON line that would start one store more is reported by its number; the other lines are stored', async () => {
    const tenant = uniqueTenant();
    const capped = new IngestService(database.db, registry, { maxStoresPerTenant: 2 });
    const text = [shaped(0), shaped(1), shaped(2), shaped(0, 1), '{bad', shaped(3), shaped(1, 2)]
      .map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
      .join('\n');
    const result = await capped.ingestNdjson(tenant, ndjson(text));
    expect(result.ingested).toBe(4);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'TOO_MANY_STORES'],
      [5, 'INVALID_JSON'],
      [6, 'TOO_MANY_STORES'],
    ]);
    expect(result.errors[0]!.message).toMatch(/^would start store records-3, but this tenant holds 2 stores/);
    expect(await sqlCount(tenant)).toBe(4);
    expect(registry.list(tenant)).toHaveLength(2);
    await capped.committer.close();
  });
});

describe('idempotency', () => {
  test('the same key and request answer the same and store once, even when raced', async () => {
    const tenant = uniqueTenant();
    const options = { idempotencyKey: 'k-1', requestHash: 'hash-a' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => ingest.ingestRecords(tenant, [log(1), log(2)], options)),
    );
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(await sqlCount(tenant)).toBe(2);
    const later = await ingest.ingestRecords(tenant, [log(1), log(2)], options);
    expect(later).toEqual(answers[0]);
    expect(await sqlCount(tenant)).toBe(2);
    expect(registry.list(tenant).map((s) => s.recordCount)).toEqual([2]);
  });

  test('the same key with another request is 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const tenant = uniqueTenant();
    await ingest.ingestRecords(tenant, log(1), { idempotencyKey: 'k', requestHash: 'a' });
    const e = await refusal(ingest.ingestRecords(tenant, log(2), { idempotencyKey: 'k', requestHash: 'b' }));
    expect([e.status, e.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await sqlCount(tenant)).toBe(1);
  });

  test('keys are per tenant: another tenant with the same key gets its own records', async () => {
    const [a, b] = [uniqueTenant(), uniqueTenant()];
    const options = { idempotencyKey: 'shared', requestHash: 'same' };
    const ra = await ingest.ingestRecords(a, log(1), options);
    const rb = await ingest.ingestRecords(b, log(1), options);
    expect(rb.records[0]!.id).not.toBe(ra.records[0]!.id);
    expect(await sqlCount(b)).toBe(1);
  });

  test('a key past its TTL is forgotten: the same key is a new write, and the sweep deletes only expired answers', async () => {
    const tenant = uniqueTenant();
    const first = await ingest.ingestRecords(tenant, log(1), { idempotencyKey: 'old', requestHash: 'a' });
    await ingest.ingestRecords(tenant, log(2), { idempotencyKey: 'live', requestHash: 'a' });
    // Answered a day and a minute ago (the TTL is 24 hours by default).
    await database.client!`
      update idempotency_keys set created_at = now() - interval '1 day 1 minute'
      where tenant_id = ${tenant} and key = 'old'`;
    // Within the TTL the key answers as before, even for another request (422), and stores nothing.
    const live = await refusal(
      ingest.ingestRecords(tenant, log(3), { idempotencyKey: 'live', requestHash: 'b' }),
    );
    expect(live.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Past it, the same key with another request is a new write with an answer of its own...
    const again = await ingest.ingestRecords(tenant, log(4), { idempotencyKey: 'old', requestHash: 'b' });
    expect(again.records[0]!.id).not.toBe(first.records[0]!.id);
    expect(await sqlCount(tenant)).toBe(3);
    // ...which then answers its retries.
    expect(await ingest.ingestRecords(tenant, log(4), { idempotencyKey: 'old', requestHash: 'b' })).toEqual(
      again,
    );
    expect(await sqlCount(tenant)).toBe(3);

    await database.client!`
      update idempotency_keys set created_at = now() - interval '2 days'
      where tenant_id = ${tenant} and key = 'live'`;
    expect(await ingest.expireIdempotentWrites()).toBeGreaterThanOrEqual(1);
    const kept = await database.client!<{ key: string }[]>`
      select key from idempotency_keys where tenant_id = ${tenant} order by key`;
    expect(kept.map((k) => k.key)).toEqual(['old']);
  });

  test('the sweep deletes in batches until no expired answer is left', async () => {
    const tenant = uniqueTenant();
    await database.client!`
      insert into idempotency_keys (tenant_id, key, request_hash, response, created_at)
      select ${tenant}, 'k-' || i, 'h', '{}'::jsonb, now() - interval '3 days'
      from generate_series(1, 1200) i`;
    const ttl = DEFAULT_IDEMPOTENCY_TTL_MS;
    expect(
      await expireIdempotentWrites(database.db, ttl, { batchSize: 500, maxBatches: 2 }),
    ).toBeGreaterThanOrEqual(1000);
    await expireIdempotentWrites(database.db, ttl, { batchSize: 500 });
    const [left] = await database.client!<{ n: number }[]>`
      select count(*)::int as n from idempotency_keys where tenant_id = ${tenant}`;
    expect(left!.n).toBe(0);
  });

  test.each(['', 'x'.repeat(256), 'with space', 'ünïcode'])('a malformed key %j is 400', async (key) => {
    const tenant = uniqueTenant();
    if (key === '') {
      // An empty header counts as no key.
      expect((await ingest.ingestRecords(tenant, log(1), { idempotencyKey: key })).ingested).toBe(1);
      return;
    }
    const e = await refusal(ingest.ingestRecords(tenant, log(1), { idempotencyKey: key, requestHash: 'h' }));
    expect([e.status, e.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await sqlCount(tenant)).toBe(0);
  });
});

describe('getRecord and deleteRecord', () => {
  test('are scoped by tenant', async () => {
    const [a, b] = [uniqueTenant(), uniqueTenant()];
    const id = (await ingest.ingestRecords(a, log(1))).records[0]!.id;
    expect((await refusal(getRecord(database.db, registry, b, id))).status).toBe(404);
    expect((await refusal(deleteRecord(database.db, registry, b, id))).status).toBe(404);
    expect((await getRecord(database.db, registry, a, id)).id).toBe(id);
  });

  test('delete removes the record and decrements the store; a second delete is 404', async () => {
    const tenant = uniqueTenant();
    const result = await ingest.ingestRecords(tenant, [log(1), log(2)]);
    const [first] = result.records;
    const versionBefore = registry.get(tenant, first!.mcp)!.version;
    await deleteRecord(database.db, registry, tenant, first!.id);
    expect((await refusal(getRecord(database.db, registry, tenant, first!.id))).status).toBe(404);
    expect(registry.get(tenant, first!.mcp)).toMatchObject({ recordCount: 1 });
    expect(registry.get(tenant, first!.mcp)!.version).toBeGreaterThan(versionBefore);
    expect((await refusal(deleteRecord(database.db, registry, tenant, first!.id))).status).toBe(404);
    expect(await sqlCount(tenant)).toBe(1);
  });

  test('an id that is not a UUID is simply not found', async () => {
    const tenant = uniqueTenant();
    expect((await refusal(getRecord(database.db, registry, tenant, "1' or '1'='1"))).code).toBe('NOT_FOUND');
  });
});

describe('numbers PostgreSQL cannot hold', () => {
  test('the text check agrees with PostgreSQL on every literal', async () => {
    const literals = [
      '1e-16383',
      '1e-16384',
      '1.5e-16382',
      '1.5e-16383',
      '10e-16384',
      '0.0e-16383',
      '0e999999',
    ];
    for (const literal of literals) {
      const text = `{"v":${literal}}`;
      const stored = await database.client!`select ${text}::jsonb as v`.then(
        () => true,
        () => false,
      );
      expect([literal, numberBeyondNumeric(text) === null]).toEqual([literal, stored]);
    }
  });

  test('an array holding one is refused whole, naming the record; an NDJSON line alone', async () => {
    const tenant = uniqueTenant();
    const json = `[${JSON.stringify(log(1))},{"message":"tiny","ratio":1e-20000}]`;
    const refused = await refusal(ingest.ingestRecords(tenant, JSON.parse(json), { json }));
    expect(refused).toMatchObject({
      status: 422,
      code: 'INVALID_RECORD',
      details: { index: 1, path: '$.ratio' },
    });
    expect(await sqlCount(tenant)).toBe(0);
    const result = await ingest.ingestNdjson(
      tenant,
      ndjson(
        `${JSON.stringify(log(2))}\n{"message":"tiny","ratio":-2.5e-16383}\n${JSON.stringify(log(3))}\n`,
      ),
    );
    expect(result.ingested).toBe(2);
    expect(result.errors).toEqual([
      { line: 2, code: 'INVALID_RECORD', message: expect.stringMatching(/\$\.ratio$/) },
    ]);
    expect(await sqlCount(tenant)).toBe(2);
  });
});
