/**
 * A keyed group on the fast path records its keys in the statement that writes its records: one
 * round trip, as a keyless group, where it was a transaction of four (BEGIN, keys, statement,
 * COMMIT). A key another region took after the write looked it up aborts the statement; the group's
 * writes are then committed one by one, so the write whose key was taken gets the first answer and
 * the rest are stored. (idempotent-group-commit.test.ts's key used twice at once takes that path
 * too: it failed with 503 while the abort was not read as a taken key.)
 */
import { Registry } from '@smartdb/registry';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { OpenDatabase } from '../../../region/src/database.ts';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { IngestService } from '../src/index.ts';

let database: OpenDatabase;
let east: IngestService;
let west: IngestService;
let eastCommits: number[];

beforeAll(async () => {
  database = await testDatabase();
  eastCommits = [];
  east = new IngestService(database.db, new Registry(), {
    onCommit: (_, batches) => eastCommits.push(batches),
  });
  west = new IngestService(database.db, new Registry());
});
afterAll(async () => {
  await east?.committer.close();
  await west?.committer.close();
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

test('two regions writing the same keys at once store each write once, and answer both alike', async () => {
  const tenant = uniqueTenant();
  await east.ingestRecords(tenant, log(0));
  await west.ingestRecords(tenant, log(0));
  // Each key is sent to both regions at once. The loser meets the key at its lookup or, when both
  // looked before either committed, in its group's statement, which aborts while its group's other
  // writes still commit (which of the two happens is up to timing: the key used twice at once in
  // idempotent-group-commit.test.ts is the test that reaches the statement every run).
  const pairs = await Promise.all(
    Array.from({ length: 40 }, (_, i) => {
      const options = { idempotencyKey: `race-${i}`, requestHash: `h-${i}` };
      return Promise.all([
        east.ingestRecords(tenant, log(i + 1), options).catch((e: unknown) => e),
        west.ingestRecords(tenant, log(i + 1), options).catch((e: unknown) => e),
        east.ingestRecords(tenant, log(i + 100)),
      ]);
    }),
  );
  for (const [a, b] of pairs) {
    // A write that lost the race is answered with the winner's answer, or refused to be retried.
    const answered = [a, b].filter((x) => (x as { records?: unknown }).records !== undefined);
    expect(answered.length).toBeGreaterThan(0);
    for (const x of answered) expect(x).toEqual(answered[0]);
    for (const x of [a, b])
      if (!answered.includes(x)) expect(x).toMatchObject({ status: 409, code: 'CONFLICT' });
  }
  // Once each: 2 + 40 keyed + 40 keyless.
  expect(await sqlCount(tenant)).toBe(82);
  const keys = await database.client!<{ n: number }[]>`
    select count(*)::int as n from idempotency_keys where tenant_id = ${tenant}`;
  expect(keys[0]!.n).toBe(40);
});

test('a retry in a group of new keyed writes is answered as before, and the others still commit together', async () => {
  const tenant = uniqueTenant();
  await east.ingestRecords(tenant, log(0));
  const first = await east.ingestRecords(tenant, log(1), { idempotencyKey: 'retried', requestHash: 'h-1' });
  eastCommits.length = 0;
  // Writes are not looked up before they commit: the retry reaches a group with 29 new writes, whose
  // statement fails on its key; the 29 are committed together again, not one by one.
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      i === 15
        ? east.ingestRecords(tenant, log(1), { idempotencyKey: 'retried', requestHash: 'h-1' })
        : east.ingestRecords(tenant, log(i + 100), {
            idempotencyKey: `new-${i}`,
            requestHash: `h-${i + 100}`,
          }),
    ),
  );
  expect(answers[15]).toEqual(first);
  expect(await sqlCount(tenant)).toBe(2 + 29);
  expect(eastCommits.reduce((n, b) => n + b, 0)).toBe(29);
  expect(eastCommits.length).toBeLessThanOrEqual(3);
  // A retry with another body under the same key is refused, and stores nothing.
  const other = await east
    .ingestRecords(tenant, log(2), { idempotencyKey: 'retried', requestHash: 'h-other' })
    .catch((e: unknown) => e);
  expect(other).toMatchObject({ status: 422 });
  expect(await sqlCount(tenant)).toBe(31);
});
