/** The pure parts of automatic indexing: quoting, the indexed expression, candidates and staleness. */
import { emptyStore, type StoreEntry } from '@smartdb/registry';
import { describe, expect, it } from 'vitest';
import {
  type AutoIndex,
  createIndexSql,
  DEFAULT_AUTO_INDEX,
  indexCandidates,
  indexExpression,
  indexName,
  quoteIdent,
  quoteLiteral,
  staleIndexes,
} from '../src/index.ts';

function store(over: Partial<StoreEntry> = {}): StoreEntry {
  return {
    ...emptyStore('t', 'orders', 'orders', 1),
    fields: {
      amount: { name: 'amount', count: 10, types: { number: 10 } },
      status: { name: 'status', count: 10, types: { string: 10 } },
    },
    ...over,
  };
}

const config = { ...DEFAULT_AUTO_INDEX, minUses: 10, slowMs: 20, maxPerTenant: 2 };

describe('quoting', () => {
  it('doubles quotes and refuses NUL', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("x'); drop table records; --")).toBe("'x''); drop table records; --'");
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(() => quoteLiteral('a\0b')).toThrow();
  });

  it('builds the partial index over the expression plan.ts emits', async () => {
    expect(indexExpression('level', '=')).toBe("(data -> 'level'::text)");
    expect(indexExpression('amount', 'range')).toBe(
      "(case when jsonb_typeof(data -> 'amount'::text) = 'number' then (data ->> 'amount'::text)::numeric end)",
    );
    const name = await indexName("t'1", 'logs', 'level', '=');
    expect(name).toMatch(/^ax_[0-9a-f]{24}$/);
    expect(await indexName("t'1", 'logs', 'level', 'range')).not.toBe(name);
    const index = { name, expression: indexExpression('level', '=') } as AutoIndex;
    expect(createIndexSql(index, "t'1", 'logs')).toBe(
      `create index concurrently if not exists "${name}" on records ((data -> 'level'::text)) where tenant_id = 't''1' and mcp_id = 'logs'`,
    );
  });
});

describe('indexCandidates', () => {
  const patterns = [
    { field: 'status', op: '=', count: 50, meanMs: 40 },
    { field: 'amount', op: '>', count: 30, meanMs: 60 },
    { field: 'status', op: '>', count: 90, meanMs: 90 }, // a string range: not indexed
    { field: 'amount', op: 'contains', count: 90, meanMs: 90 },
  ];

  it('picks frequent, slow, indexable comparisons, most used first', () => {
    expect(indexCandidates(store(), patterns, 0, config)).toEqual([
      { field: 'status', op: '=' },
      { field: 'amount', op: 'range' },
    ]);
  });

  it('skips rare or fast patterns, non-HOT stores, existing indexes, and respects the tenant budget', () => {
    expect(indexCandidates(store(), [{ field: 'status', op: '=', count: 9, meanMs: 90 }], 0, config)).toEqual(
      [],
    );
    expect(
      indexCandidates(store(), [{ field: 'status', op: '=', count: 90, meanMs: 19 }], 0, config),
    ).toEqual([]);
    expect(indexCandidates(store({ tier: 'WARM' }), patterns, 0, config)).toEqual([]);
    expect(indexCandidates(store({ status: 'migrating' }), patterns, 0, config)).toEqual([]);
    expect(indexCandidates(store(), patterns, 1, config)).toEqual([{ field: 'status', op: '=' }]);
    expect(indexCandidates(store(), patterns, 2, config)).toEqual([]);
    const existing: AutoIndex = {
      name: 'ax_1',
      field: 'status',
      kind: 'hash',
      auto: true,
      op: '=',
      expression: '',
      createdAt: '',
      lastUsedAt: '',
    };
    expect(indexCandidates(store({ indexes: [existing] }), patterns, 0, config)).toEqual([
      { field: 'amount', op: 'range' },
    ]);
  });
});

describe('staleIndexes', () => {
  const at = (iso: string): AutoIndex => ({
    name: `ax_${iso}`,
    field: 'status',
    kind: 'btree',
    auto: true,
    op: '=',
    expression: '',
    createdAt: iso,
    lastUsedAt: iso,
  });
  const now = new Date('2026-01-02T12:00:00Z');

  it('drops indexes unused for longer than the limit, and all of them off HOT; never manual ones', () => {
    const fresh = at('2026-01-02T11:00:00Z');
    const old = at('2026-01-01T11:00:00Z');
    const manual = { name: 'manual', field: 'x', kind: 'btree' as const, auto: false, createdAt: '' };
    expect(staleIndexes(store({ indexes: [fresh, old, manual] }), now, DEFAULT_AUTO_INDEX)).toEqual([old]);
    expect(
      staleIndexes(store({ tier: 'COLD', indexes: [fresh, old, manual] }), now, DEFAULT_AUTO_INDEX),
    ).toEqual([fresh, old]);
  });
});
