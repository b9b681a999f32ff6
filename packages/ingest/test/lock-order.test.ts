/**
 * Concurrent commits never deadlock on the registry rows they count into. Every write to a store's
 * row (fast-path counters, learning merges) locks the rows it touches in one order. On a database
 * with few stores, PostgreSQL updates the registry in its rows' physical order, which moves with
 * every update; before the order was fixed, two regions writing the same stores while their learning
 * flushed deadlocked (40P01) and, after three attempts, refused writes with 503.
 */
import { Registry } from '@smartdb/registry';
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate } from '../../../../shared/nlq/dataset.mjs';
import type { OpenDatabase } from '../../../region/src/database.ts';
import { ownDatabase } from '../../../tests/support/db.ts';
import { IngestService } from '../src/index.ts';

let database: OpenDatabase;
let drop: () => Promise<void>;

beforeAll(async () => {
  // Its own database: with only this test's stores in it, the registry is scanned, not indexed.
  ({ database, drop } = await ownDatabase('smartdb_locks'));
});
afterAll(async () => {
  await drop?.();
});

type Sample = { data: Record<string, unknown> };
const sample = (generate as (now: number, seed: number) => { records: Sample[] })(Date.now(), 3).records.map(
  (r) => r.data,
);

test('two regions writing the same five stores while their learning flushes: every write commits', async () => {
  const tenant = 'locks';
  // Two regions: each its own registry and group committer over the same database.
  const regions = [0, 1].map(() => new IngestService(database.db, new Registry(), { concurrency: 2 }));
  await regions[0]!.ingestRecords(tenant, sample);
  await Promise.all(regions.map((r) => r.committer.flushLearning()));
  // Batches of every store in a different order each, written as fast as the database takes them.
  const batch = (n: number) =>
    Array.from({ length: 40 }, (_, i) => sample[(n * 37 + i * 53) % sample.length]!);
  let flushing = true;
  const flushes = regions.map(async (r) => {
    while (flushing) {
      await r.committer.flushLearning();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  });
  const writes = regions.flatMap((r, k) =>
    Array.from({ length: 8 }, async (_, w) => {
      for (let n = 0; n < 25; n++) await r.ingestRecords(tenant, batch(k * 1_000 + w * 100 + n));
    }),
  );
  const outcomes = await Promise.allSettled(writes);
  flushing = false;
  await Promise.all(flushes);
  expect(
    outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)),
  ).toEqual([]);
  const [row] = await database.client!<
    { n: number }[]
  >`select count(*)::int as n from records where tenant_id = ${tenant}`;
  expect(row!.n).toBe(sample.length + 2 * 8 * 25 * 40);
}, 120_000);
