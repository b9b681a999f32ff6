/**
 * Records whose time is inside an object: GitHub's webhooks (`head_commit.timestamp`,
 * `issue.created_at`) and MongoDB's extended JSON (`{"createdAt": {"$date": "…"}}`). Their stores
 * had no time field, so every record was stamped with the time it was ingested.
 */
import { describe, expect, test } from 'vitest';
import { chooseTimeField, recordTimeMs } from '../src/index.ts';
import { learned } from './support/learning.ts';

const at = (hour: number) => `2026-11-2${hour % 7}T1${hour % 10}:00:00Z`;

const push = (i: number) => ({
  ref: 'refs/heads/main',
  after: `sha${i}`,
  repository: { full_name: 'acme/api', pushed_at: 1_795_000_000 + i, owner: { name: 'acme' } },
  pusher: { name: ['ann', 'bob'][i % 2] },
  head_commit: { id: `sha${i}`, message: 'fix', timestamp: at(i) },
});

const mongo = (i: number) => ({
  _id: { $oid: `64b7f0000000000000000${String(i).padStart(3, '0')}` },
  name: `product ${i}`,
  createdAt: { $date: at(i) },
});

describe('a time field inside an object', () => {
  test('a GitHub push event takes its head commit’s timestamp', () => {
    const fields = learned([push(1), push(2), push(3)]);
    expect(chooseTimeField(fields)).toBe('head_commit.timestamp');
    expect(new Date(recordTimeMs(push(4), 'head_commit.timestamp')!).toISOString()).toBe(
      new Date(at(4)).toISOString(),
    );
  });

  test('MongoDB’s {"$date": …} is named by the field that holds it', () => {
    expect(chooseTimeField(learned([mongo(1), mongo(2)]))).toBe('createdAt.$date');
    expect(recordTimeMs(mongo(5), 'createdAt.$date')).toBe(Date.parse(at(5)));
  });

  test('a time field of the record’s own wins over one inside an object', () => {
    expect(chooseTimeField(learned([{ ...push(1), received_at: at(1) }]))).toBe('received_at');
    expect(chooseTimeField(learned([{ ...push(1), ts: 1_795_000_000 }]))).toBe('ts');
  });

  test('a Kubernetes object takes its metadata.creationTimestamp', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'api-1', creationTimestamp: at(1) },
      status: { phase: 'Running' },
    };
    expect(chooseTimeField(learned([pod]))).toBe('metadata.creationTimestamp');
  });

  test('only one object down is looked at, and only by a time-like name', () => {
    expect(chooseTimeField(learned([{ a: { b: { created_at: at(1) } } }]))).toBeNull();
    expect(chooseTimeField(learned([{ id: 1, meta: { updated_at: at(2) } }]))).toBe('meta.updated_at');
    // A date inside an object that is the time of something else: the record has none.
    expect(chooseTimeField(learned([{ name: 'Ann', profile: { birthday: at(2) } }]))).toBeNull();
    expect(chooseTimeField(learned([{ sku: 'x', supplier: { contract_start: at(2) } }]))).toBeNull();
    // Epoch numbers alike.
    expect(chooseTimeField(learned([{ id: 1, meta: { size: 1_795_000_000 } }]))).toBeNull();
    expect(chooseTimeField(learned([{ id: 1, meta: { sent: 1_795_000_000 } }]))).toBe('meta.sent');
  });

  test('a record’s time is read by the path, its own keys only; a key holding the dotted name wins', () => {
    expect(recordTimeMs({ head_commit: null }, 'head_commit.timestamp')).toBeNull();
    expect(recordTimeMs({ head_commit: [at(1)] }, 'head_commit.0')).toBeNull();
    expect(recordTimeMs({ head_commit: {} }, 'head_commit.timestamp')).toBeNull();
    expect(recordTimeMs({}, 'toString.name')).toBeNull();
    expect(recordTimeMs({ 'a.b': at(1), a: { b: at(2) } }, 'a.b')).toBe(Date.parse(at(1)));
  });
});
