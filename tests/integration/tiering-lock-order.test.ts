/**
 * The tierer's access counters and concurrent commits never deadlock on the registry rows they
 * both write: each locks the rows it touches in one order (see packages/ingest/test/lock-order.test.ts
 * for commits and learning flushes).
 */
import { QueryLearning } from '@smartdb/query';
import { Registry } from '@smartdb/registry';
import { DEFAULT_TIERING, Tierer } from '@smartdb/tiering';
import { afterAll, beforeAll, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate } from '../../../shared/nlq/dataset.mjs';
import { IngestService } from '../../packages/ingest/src/index.ts';
import type { OpenDatabase } from '../../region/src/database.ts';
import { ownDatabase } from '../support/db.ts';
import { countOf } from '../support/interpretations.ts';

let database: OpenDatabase;
let drop: () => Promise<void>;

beforeAll(async () => {
  // Its own database: with only this test's stores in it, the registry is scanned, not indexed.
  ({ database, drop } = await ownDatabase('smartdb_tierlocks'));
});
afterAll(async () => {
  await drop?.();
});

type Sample = { data: Record<string, unknown> };
const sample = (generate as (now: number, seed: number) => { records: Sample[] })(Date.now(), 5).records.map(
  (r) => r.data,
);

test('access counters written while two regions commit to the same stores: no pass fails', async () => {
  const tenant = 'tierlocks';
  const registry = new Registry();
  const regions = [registry, new Registry()].map(
    (r) => new IngestService(database.db, r, { concurrency: 2 }),
  );
  await regions[0]!.ingestRecords(tenant, sample);
  const stores = registry.list(tenant).map((s) => s.id);
  expect(stores.length).toBe(5);
  const learning = new QueryLearning();
  const tierer = new Tierer(database.db, registry, learning, {
    ...DEFAULT_TIERING,
    autoTier: false,
    autoIndex: false,
  });
  const ask = (mcps: string[]) => learning.recordAccess(tenant, countOf(mcps), 1);
  const batch = (n: number) =>
    Array.from({ length: 40 }, (_, i) => sample[(n * 37 + i * 53) % sample.length]!);
  let running = true;
  const errors: string[] = [];
  const passes = (async () => {
    for (let n = 0; running && n < 2_000; n++) {
      // Every store asked about, in an order that changes from pass to pass.
      ask(n % 2 ? stores : [...stores].reverse());
      const report = await tierer.pass();
      errors.push(...report.errors);
    }
  })();
  const writes = regions.flatMap((r, k) =>
    Array.from({ length: 6 }, async (_, w) => {
      for (let n = 0; n < 25; n++) await r.ingestRecords(tenant, batch(k * 1_000 + w * 100 + n));
    }),
  );
  const outcomes = await Promise.allSettled(writes);
  running = false;
  await passes;
  expect(
    outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason)),
  ).toEqual([]);
  expect(errors).toEqual([]);
}, 120_000);
