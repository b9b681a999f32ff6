/**
 * Records of one shape whose `type`/`kind` field names different domains: the field names the
 * domain (the classification rule), so a classification remembered by shape, within a batch
 * or across requests, is remembered per named domain too. Before, an array `[{kind: 'alpha', x: 1},
 * {kind: 'beta', x: 2}]` put both records in `alphas`, and the sample data set sent as
 * `{kind, data}` envelopes landed in one store of 2,000 records.
 */
import { emptyStore, learnRecord, Registry } from '@smartdb/registry';
import { describe, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate } from '../../../../shared/nlq/dataset.mjs';
import { BatchBuilder } from '../src/index.ts';

type Rec = Record<string, unknown>;
const sample = (generate as (now: number) => { records: { kind: string; data: Rec }[] })(Date.now()).records;

function domainsOf(batch: ReturnType<BatchBuilder['build']>): string[] {
  const domainOf = new Map([...batch.deltas.values()].map((d) => [d.storeId, d.domain]));
  return batch.storeIds.map((id) => domainOf.get(id)!);
}

describe('records of one shape naming different domains', () => {
  test('in one batch, each joins the domain it names', () => {
    const batch = new BatchBuilder(new Registry()).build('t1', [
      { kind: 'alpha', x: 1 },
      { kind: 'beta', x: 2 },
      { kind: 'alpha', x: 3 },
      { type: 'Gamma', x: 4 },
    ]);
    expect(domainsOf(batch)).toEqual(['alphas', 'betas', 'alphas', 'gammas']);
    expect(Object.fromEntries([...batch.deltas.values()].map((d) => [d.storeId, d.count]))).toEqual({
      alphas: 2,
      betas: 1,
      gammas: 1,
    });
  });

  test('the sample data set sent as {kind, data} envelopes: one store per kind, of its size', () => {
    const batch = new BatchBuilder(new Registry()).build(
      't1',
      sample.map((r) => r as unknown as Rec),
    );
    expect(Object.fromEntries([...batch.deltas.values()].map((d) => [d.domain, d.count]))).toEqual({
      users: 200,
      messages: 600,
      logs: 600,
      metrics: 400,
      orders: 200,
    });
    expect(domainsOf(batch)).toEqual(sample.map((r) => r.kind));
  });

  test('a ?domain= hint names the domain of every record, whatever its kind says', () => {
    const batch = new BatchBuilder(new Registry()).build(
      't1',
      [
        { kind: 'alpha', x: 1 },
        { kind: 'beta', x: 2 },
      ],
      'events',
    );
    expect(domainsOf(batch)).toEqual(['events', 'events']);
  });

  test('single-record requests a moment apart join the store their own kind names', () => {
    const registry = new Registry();
    for (const [seq, domain] of [
      [1, 'alphas'],
      [2, 'betas'],
    ] as const) {
      const store = emptyStore('t1', domain, domain, seq);
      learnRecord(store.fields, { kind: domain.slice(0, -1), x: 0 });
      registry.apply(store);
    }
    const builder = new BatchBuilder(registry);
    const stores = ['alpha', 'beta', 'alpha', 'beta'].map(
      (kind, x) => builder.build('t1', [{ kind, x }]).storeIds[0],
    );
    expect(stores).toEqual(['alphas', 'betas', 'alphas', 'betas']);
  });
});
