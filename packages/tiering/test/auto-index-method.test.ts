/**
 * Equality indexes are hash indexes, and an automatic index of an earlier method (a btree on `=`,
 * which cannot hold a value longer than ~2,700 bytes) is replaced: offered again as a candidate
 * without taking more of the tenant's budget, and dropped once its replacement exists.
 */
import { emptyStore, type StoreEntry } from '@smartdb/registry';
import { describe, expect, it } from 'vitest';
import {
  type AutoIndex,
  createIndexSql,
  DEFAULT_AUTO_INDEX,
  indexCandidates,
  indexExpression,
  indexMethod,
  indexName,
  staleIndexes,
} from '../src/index.ts';

const now = new Date('2026-01-02T12:00:00Z');

function store(indexes: AutoIndex[]): StoreEntry {
  const s = emptyStore('t1', 'orders', 'orders', 1);
  s.tier = 'HOT';
  s.fields = {
    status: { name: 'status', count: 10, types: { string: 10 } },
    amount: { name: 'amount', count: 10, types: { number: 10 } },
  };
  s.indexes = indexes;
  return s;
}

function index(field: string, op: AutoIndex['op'], kind: AutoIndex['kind'], name = `ax_${kind}`): AutoIndex {
  const at = now.toISOString();
  return { name, field, kind, auto: true, op, expression: '', createdAt: at, lastUsedAt: at };
}

describe('the access method of an automatic index', () => {
  it('is hash for equality and btree for ranges', async () => {
    expect(indexMethod('=')).toBe('hash');
    expect(indexMethod('range')).toBe('btree');
    const name = await indexName('t1', 'orders', 'status', '=');
    const sql = createIndexSql(
      { ...index('status', '=', 'hash', name), expression: indexExpression('status', '=') },
      't1',
      'orders',
    );
    expect(sql).toBe(
      `create index concurrently if not exists "${name}" on records using hash ((data -> 'status'::text)) where tenant_id = 't1' and mcp_id = 'orders'`,
    );
  });

  it('a btree on equality is replaced by a hash index outside the budget, then dropped', () => {
    const patterns = [{ field: 'status', op: '=', count: 90, meanMs: 90 }];
    const legacy = index('status', '=', 'btree');
    const full = DEFAULT_AUTO_INDEX.maxPerTenant;
    expect(indexCandidates(store([legacy]), patterns, full, DEFAULT_AUTO_INDEX)).toEqual([
      { field: 'status', op: '=' },
    ]);
    // Kept until its replacement exists, so the questions it serves never lose their index.
    expect(staleIndexes(store([legacy]), now, DEFAULT_AUTO_INDEX)).toEqual([]);
    const replaced = store([legacy, index('status', '=', 'hash')]);
    expect(staleIndexes(replaced, now, DEFAULT_AUTO_INDEX)).toEqual([legacy]);
    expect(indexCandidates(replaced, patterns, full, DEFAULT_AUTO_INDEX)).toEqual([]);
  });

  it('a new pattern still needs room in the budget', () => {
    const patterns = [{ field: 'amount', op: '>', count: 90, meanMs: 90 }];
    const full = DEFAULT_AUTO_INDEX.maxPerTenant;
    expect(indexCandidates(store([]), patterns, full, DEFAULT_AUTO_INDEX)).toEqual([]);
    expect(indexCandidates(store([]), patterns, full - 1, DEFAULT_AUTO_INDEX)).toEqual([
      { field: 'amount', op: 'range' },
    ]);
  });
});
