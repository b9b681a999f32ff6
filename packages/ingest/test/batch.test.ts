/** BatchBuilder without a database: classification, learning and deltas of one write batch. */
import { emptyStore, learnRecord, Registry } from '@smartdb/registry';
import { validate, version } from 'uuid';
import { describe, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate, TIME_FIELD } from '../../../../shared/nlq/dataset.mjs';
import { mergeDeltas } from '../src/commit.ts';
import { BatchBuilder, MEMBER_SEPARATOR } from '../src/index.ts';

type Rec = Record<string, unknown>;
const sample = (generate as (now: number) => { records: { kind: string; data: Rec }[] })(Date.now()).records;
const timeFields = TIME_FIELD as Record<string, string>;

describe('BatchBuilder', () => {
  test('one batch of the sample: five stores, one delta each, every row in the store of its kind', () => {
    const batch = new BatchBuilder(new Registry()).build(
      't1',
      sample.map((r) => r.data),
    );
    expect(batch.ids).toHaveLength(2000);
    expect(batch.storeIds).toHaveLength(2000);
    expect(batch.times).toHaveLength(2000);
    const deltas = [...batch.deltas.values()];
    expect(Object.fromEntries(deltas.map((d) => [d.domain, d.count]))).toEqual({
      users: 200,
      messages: 600,
      logs: 600,
      metrics: 400,
      orders: 200,
    });
    for (const d of deltas) {
      expect(d.isNew).toBe(true);
      expect(d.timeField).toBe(timeFields[d.domain]);
    }
    const domainOf = new Map(deltas.map((d) => [d.storeId, d.domain]));
    expect(batch.tenantId).toBe('t1');
    const data = batch.members.split(MEMBER_SEPARATOR).map((text) => JSON.parse(text) as unknown);
    expect(data).toHaveLength(batch.ids.length);
    batch.storeIds.forEach((storeId, i) => {
      expect(domainOf.get(storeId)).toBe(sample[i]!.kind);
      expect(data[i]).toEqual(sample[i]!.data);
    });
  });

  test("a row's ts is its record's time field value", () => {
    const batch = new BatchBuilder(new Registry()).build(
      't1',
      sample.slice(0, 50).map((r) => r.data),
    );
    batch.times.forEach((ts, i) => {
      const { kind, data } = sample[i]!;
      expect(ts).toBe(Date.parse(data[timeFields[kind]!] as string));
    });
  });

  test('record ids are unique version 7 UUIDs, as uuid reads them, stamped with the time they were made', () => {
    const before = Date.now();
    const batch = new BatchBuilder(new Registry()).build(
      't1',
      sample.map((r) => r.data),
    );
    const after = Date.now();
    const ids = new Set(batch.ids);
    expect(ids.size).toBe(batch.ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(validate(id) && version(id)).toBe(7);
      const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after + 1);
    }
  });

  test('record ids follow the order records were built in, within a millisecond too', () => {
    const builder = new BatchBuilder(new Registry());
    const ids = [
      ...builder.build(
        't1',
        sample.map((r) => r.data),
      ).ids,
      ...builder.build(
        't1',
        sample.map((r) => r.data),
      ).ids,
    ];
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  test('batches built before the first commits share the draft store instead of creating twins', () => {
    const builder = new BatchBuilder(new Registry());
    const first = builder.build('t1', [{ sku: 'a', warehouse: 'x', on_hand: 1 }]);
    const second = builder.build('t1', [{ sku: 'b', warehouse: 'y', on_hand: 2 }]);
    const [a] = [...first.deltas.values()];
    const [b] = [...second.deltas.values()];
    expect(b!.storeId).toBe(a!.storeId);
    expect(b!.isNew).toBe(true);
  });

  test('tenants never share stores or drafts', () => {
    const builder = new BatchBuilder(new Registry());
    const a = builder.build('tenant-a', [{ bolt: 'a', bin: 'x', on_hand: 1 }]);
    const b = builder.build('tenant-b', [{ planet: 'mars', moons: 2 }]);
    expect([...a.deltas.values()].map((d) => d.tenantId)).toEqual(['tenant-a']);
    expect([...b.deltas.values()].map((d) => d.tenantId)).toEqual(['tenant-b']);
    expect(b.storeIds[0]).toBe(a.storeIds[0]);
  });

  test('a delta learns exactly its own records', () => {
    const builder = new BatchBuilder(new Registry());
    builder.build('t1', [{ level: 'info', service: 'api', host: 'h', message: 'm' }]);
    const second = builder.build('t1', [{ level: 'warn', service: 'api', host: 'h', message: 'm' }]);
    const [delta] = [...second.deltas.values()];
    expect(delta!.count).toBe(1);
    expect(delta!.fields.level!.values).toEqual({ warn: 1 });
  });

  describe('shapes classified by earlier requests', () => {
    /** A registry holding one committed logs store, as after a first commit. */
    function committedLogs() {
      const registry = new Registry();
      const store = emptyStore('t1', 'logs', 'logs', 1);
      learnRecord(store.fields, { level: 'info', service: 'api', host: 'h', message: 'm' });
      registry.apply(store);
      return registry;
    }
    const log = { level: 'warn', service: 'api', host: 'h', message: 'm' };

    test('join the store they joined before', () => {
      const builder = new BatchBuilder(committedLogs());
      expect(builder.build('t1', [log]).storeIds[0]).toBe('logs');
      expect(builder.build('t1', [{ ...log, level: 'error' }]).storeIds[0]).toBe('logs');
    });

    test('are classified again once their store is gone', () => {
      const registry = committedLogs();
      const builder = new BatchBuilder(registry);
      expect(builder.build('t1', [log]).storeIds[0]).toBe('logs');
      registry.remove('t1', 'logs');
      const again = [...builder.build('t1', [log]).deltas.values()];
      expect(again.map((d) => d.isNew)).toEqual([true]);
    });

    test("the registry's membership, which keys them, changes when a store appears or goes, not when one learns", () => {
      const registry = committedLogs();
      const at = registry.membership('t1');
      registry.apply({ ...registry.get('t1', 'logs')!, seq: 5, recordCount: 9 });
      expect(registry.membership('t1')).toBe(at);
      registry.apply(emptyStore('t1', 'access', 'access', 6));
      expect(registry.membership('t1')).toBe(at + 1);
      registry.remove('t1', 'access');
      expect(registry.membership('t1')).toBe(at + 2);
      expect(registry.membership('another-tenant')).toBe(0);
    });
  });
});

describe('mergeDeltas (a group of batches, one delta per store)', () => {
  const logs = (from: number, n: number): Rec[] =>
    Array.from({ length: n }, (_, i) => ({ level: 'info', service: `svc-${from + i}`, message: 'm' }));

  test("sums the batches' counts without changing any batch's own delta", () => {
    const builder = new BatchBuilder(new Registry());
    const first = builder.build('t1', logs(0, 3));
    const second = builder.build('t1', logs(3, 2));
    const before = structuredClone(
      [...first.deltas.values()].map((d) => ({ count: d.count, fields: d.fields })),
    );
    const [merged] = mergeDeltas([first, second]);
    expect(merged!.count).toBe(5);
    expect(merged!.fields.service!.count).toBe(5);
    expect(Object.keys(merged!.fields.service!.values!)).toHaveLength(5);
    // A batch retried alone after its group failed must write its own counts, not the group's.
    expect([...first.deltas.values()].map((d) => ({ count: d.count, fields: d.fields }))).toEqual(before);
    expect([...second.deltas.values()][0]!.count).toBe(2);
  });

  test('a store in one batch only is passed on as that batch has it (no copy)', () => {
    const batch = new BatchBuilder(new Registry()).build('t1', logs(0, 3));
    expect(mergeDeltas([batch])[0]).toBe([...batch.deltas.values()][0]);
  });
});
