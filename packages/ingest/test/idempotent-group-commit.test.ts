/**
 * Writes with an Idempotency-Key are group-committed like the others, their keys recorded by the
 * group's statement. Each used to commit alone, in a transaction of its own: single-record POSTs
 * from 64 clients, each with a key of its own, went at 96-126 writes/s against 3,700-4,900 without
 * keys on the sixteenth session's machine (p99 620-780 ms). A key taken by a concurrent write, or
 * used twice in one group, fails the group; the writes with taken keys are set apart and the rest
 * committed together again (idempotent-one-statement.test.ts), so only that write fails and is
 * answered with the first write's answer.
 */
import { Registry } from '@smartdb/registry';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { OpenDatabase } from '../../../region/src/database.ts';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import {
  AnswerLookups,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  findIdempotentWrites,
  IngestService,
} from '../src/index.ts';

let database: OpenDatabase;
let commits: { records: number; batches: number }[];
let ingest: IngestService;

beforeAll(async () => {
  database = await testDatabase();
  commits = [];
  ingest = new IngestService(database.db, new Registry(), {
    onCommit: (records, batches) => commits.push({ records, batches }),
  });
});
afterAll(async () => {
  await ingest?.committer.close();
  await database?.close();
});

async function sqlCount(tenant: string): Promise<number> {
  const [row] = await database.client!<{ n: number }[]>`
    select count(*)::int as n from records where tenant_id = ${tenant}`;
  return row!.n;
}

const log = (i: number) => ({
  level: 'info',
  service: 'api',
  message: `m${i}`,
  timestamp: '2026-11-28T10:00:00Z',
});

test('concurrent writes with keys of their own share transactions, and each is stored once', async () => {
  const tenant = uniqueTenant();
  await ingest.ingestRecords(tenant, log(0)); // the store exists: the writes below only count
  commits.length = 0;
  const answers = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      ingest.ingestRecords(tenant, log(i), { idempotencyKey: `key-${i}`, requestHash: `h-${i}` }),
    ),
  );
  expect(new Set(answers.map((a) => a.records[0]!.id)).size).toBe(300);
  expect(await sqlCount(tenant)).toBe(301);
  expect(commits.reduce((n, c) => n + c.batches, 0)).toBe(300);
  // Grouped: far fewer transactions than writes (each was one of its own).
  expect(commits.length).toBeLessThan(100);
  // Each key answers again with its first answer and stores nothing more.
  const again = await ingest.ingestRecords(tenant, log(7), { idempotencyKey: 'key-7', requestHash: 'h-7' });
  expect(again).toEqual(answers[7]);
  expect(await sqlCount(tenant)).toBe(301);
});

test('a key used twice at once in a group fails only its second write, answered with the first answer', async () => {
  const tenant = uniqueTenant();
  await ingest.ingestRecords(tenant, log(0));
  const writes = Array.from({ length: 60 }, (_, i) => {
    const k = i % 30; // every key twice, the same request each time
    return ingest.ingestRecords(tenant, log(k), { idempotencyKey: `dup-${k}`, requestHash: `h-${k}` });
  });
  const answers = await Promise.all(writes);
  for (let k = 0; k < 30; k++) expect(answers[k + 30]).toEqual(answers[k]);
  expect(await sqlCount(tenant)).toBe(31);
});

test("keys' answers are looked up many in one statement, and a retry among new writes is answered", async () => {
  const tenant = uniqueTenant();
  const first = await ingest.ingestRecords(tenant, log(1), { idempotencyKey: 'seen', requestHash: 'h-seen' });
  const statements: number[] = [];
  const lookups = new AnswerLookups(async (pairs) => {
    statements.push(pairs.length);
    return findIdempotentWrites(database.db, pairs, DEFAULT_IDEMPOTENCY_TTL_MS);
  });
  const found = await Promise.all([
    ...Array.from({ length: 100 }, (_, i) => lookups.find(tenant, `fresh-${i}`)),
    lookups.find(tenant, 'seen'),
    lookups.find(uniqueTenant(), 'seen'),
  ]);
  expect(found.slice(0, 100).every((f) => f === undefined)).toBe(true);
  expect(found[100]).toEqual({ requestHash: 'h-seen', response: first });
  expect(found[101]).toBeUndefined();
  // The first lookup goes at once; the 101 asked while it was in flight go together.
  expect(statements).toEqual([1, 101]);
});
