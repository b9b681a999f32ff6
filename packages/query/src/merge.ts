/**
 * Combines what each store's statements returned into one answer: rows merged in sort-key order
 * with the next cursor, aggregates combined from per-store partial sums/counts/min/max, groups
 * merged by key. Database numbers (bigint, numeric-as-string) become JS numbers here. It never
 * talks to the database.
 */
import { encodeCursor } from './cursor.ts';
import type { SortKeySql } from './plan.ts';
import type { AggregateFn, AnswerGroup, AnswerRow, Interpretation, JsonScalar } from './types.ts';

export interface RawRow {
  id: string;
  ts: unknown;
  data: unknown;
  [key: `k${number}`]: string;
}

export interface RawMeasures {
  key?: unknown;
  /** Per group: the id of its earliest-ingested record (the tie-break). */
  first?: unknown;
  n: unknown;
  s?: unknown;
  c?: unknown;
  lo?: unknown;
  hi?: unknown;
  /** Per group of a store whose groups are chosen in SQL: the records of every group kept. */
  total?: unknown;
}

export interface StoreRows {
  mcp: string;
  domain: string;
  keys: SortKeySql[];
  rows: RawRow[];
}

export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function isoOf(ts: unknown): string {
  const d = ts instanceof Date ? ts : new Date(String(ts));
  return Number.isNaN(d.getTime()) ? String(ts) : d.toISOString();
}

function parseData(data: unknown): unknown {
  return typeof data === 'string' ? JSON.parse(data) : data;
}

const TYPE_RANK: Record<string, number> = { null: 0, string: 1, number: 2, boolean: 3, array: 4, object: 5 };

function compareJson(a: unknown, b: unknown): number {
  const ta = a === null ? 'null' : Array.isArray(a) ? 'array' : typeof a;
  const tb = b === null ? 'null' : Array.isArray(b) ? 'array' : typeof b;
  if (ta !== tb) return (TYPE_RANK[ta] ?? 0) - (TYPE_RANK[tb] ?? 0);
  if (ta === 'number' || ta === 'string' || ta === 'boolean')
    return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
  return 0;
}

/**
 * Orders two rows by one sort key. Stores may order by keys of different kinds at one position: a
 * field that is one store's time field is sorted by its `ts` (microseconds) and another store's
 * field of that name by its JSON value (after whether it is missing). Keys of different kinds are
 * ordered by kind and never read as each other ("records sorted by timestamp" over such stores
 * threw reading `true` as a BigInt: 500).
 */
function compareKey(x: SortKeySql, y: SortKeySql, a: string, b: string): number {
  let c = 0;
  if (x.cast !== y.cast) c = x.cast < y.cast ? -1 : 1;
  else if (x.cast === 'micros') c = BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  else if (x.cast === 'jsonb') c = compareJson(JSON.parse(a), JSON.parse(b));
  else c = a < b ? -1 : a > b ? 1 : 0;
  return x.dir === 'desc' ? -c : c;
}

/** One page of rows across stores, and the cursor after its last row when more may follow. */
export function mergeRows(
  perStore: StoreRows[],
  pageSize: number,
  pageable: boolean,
  signature: string,
): { rows: AnswerRow[]; nextCursor: string | null } {
  const tagged = perStore.flatMap((s) => s.rows.map((row) => ({ row, store: s })));
  if (perStore.length > 1) {
    tagged.sort((x, y) => {
      const keys = Math.min(x.store.keys.length, y.store.keys.length);
      for (let n = 0; n < keys; n++) {
        const c = compareKey(x.store.keys[n]!, y.store.keys[n]!, x.row[`k${n}`] ?? '', y.row[`k${n}`] ?? '');
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  const page = tagged.slice(0, pageSize);
  const last = page[page.length - 1];
  const more = tagged.length > pageSize;
  const nextCursor =
    pageable && more && last
      ? encodeCursor({
          sort: signature,
          keys: last.store.keys.map((_, n) => String(last.row[`k${n}`] ?? '')),
        })
      : null;
  return {
    rows: page.map(({ row, store }) => ({
      id: row.id,
      domain: store.domain,
      mcp: store.mcp,
      ts: isoOf(row.ts),
      data: parseData(row.data),
    })),
    nextCursor,
  };
}

interface Measures {
  n: number;
  s: number | null;
  c: number;
  lo: number | null;
  hi: number | null;
}

function combine(into: Measures, m: RawMeasures): void {
  into.n += toNumber(m.n) ?? 0;
  into.c += toNumber(m.c) ?? 0;
  const s = toNumber(m.s);
  if (s !== null) into.s = (into.s ?? 0) + s;
  const lo = toNumber(m.lo);
  if (lo !== null) into.lo = into.lo === null ? lo : Math.min(into.lo, lo);
  const hi = toNumber(m.hi);
  if (hi !== null) into.hi = into.hi === null ? hi : Math.max(into.hi, hi);
}

function resultOf(fn: AggregateFn, p: Measures): number | null {
  switch (fn) {
    case 'count':
      return p.n;
    case 'sum':
      return p.c === 0 ? null : p.s;
    case 'avg':
      return p.c === 0 || p.s === null ? null : p.s / p.c;
    case 'min':
      return p.lo;
    case 'max':
      return p.hi;
  }
}

const empty = (): Measures => ({ n: 0, s: null, c: 0, lo: null, hi: null });

export function mergeValue(
  fn: AggregateFn,
  measures: RawMeasures[],
): { count: number; value: number | null } {
  const total = empty();
  for (const m of measures) combine(total, m);
  return { count: total.n, value: resultOf(fn, total) };
}

function scalarKey(key: unknown): JsonScalar {
  if (key === undefined || key === null) return null;
  if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') return key;
  return JSON.stringify(key);
}

/** Text in code-unit order (ISO instants and UUIDv7 ids in time order), as `collate "C"` sorts it. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups' keys in order: numbers by their value ("users by age sorted by age"), others as text. */
const keyOrder = (a: JsonScalar, b: JsonScalar): number =>
  typeof a === 'number' && typeof b === 'number' ? a - b : byText(String(a), String(b));

/** Whether a group's value passes a bound on it; a group with no value (no numbers to average) never does. */
function passes(value: number | null, bound: NonNullable<Interpretation['having']>): boolean {
  if (value === null) return false;
  switch (bound.op) {
    case '>':
      return value > bound.value;
    case '>=':
      return value >= bound.value;
    case '<':
      return value < bound.value;
    case '<=':
      return value <= bound.value;
    case '=':
      return value === bound.value;
    case '!=':
      return value !== bound.value;
  }
}

/**
 * Groups merged by key, largest value first (smallest first when `dir` is asc); at most `limit` of
 * them. With a bound (`having`), only the groups whose merged value (across every store) passes it
 * are kept, before they are sorted and cut to `limit`, and `count` is the records in the groups kept.
 */
export function mergeGroups(
  fn: AggregateFn,
  measures: RawMeasures[],
  limit: number,
  /**
   * By value, or `key`: by the groups' keys (periods of time oldest first, past `limit` the newest
   * kept; other keys from a to z, or the smallest number), or `keyDesc`: the other way.
   */
  dir: 'asc' | 'desc' | 'key' | 'keyDesc' = 'desc',
  having: Interpretation['having'] = null,
): { count: number; groups: AnswerGroup[] } {
  const byKey = new Map<string, { key: JsonScalar; partial: Measures; first: string }>();
  for (const m of measures) {
    const key = scalarKey(m.key);
    const id = JSON.stringify(key);
    const first = typeof m.first === 'string' ? m.first : '';
    const entry = byKey.get(id) ?? { key, partial: empty(), first };
    byKey.set(id, entry);
    if (first && (!entry.first || first < entry.first)) entry.first = first;
    combine(entry.partial, m);
  }
  const kept = [...byKey.values()].filter(
    ({ partial }) => !having || passes(resultOf(having.fn, partial), having),
  );
  const count = kept.reduce((sum, { partial }) => sum + partial.n, 0);
  const sorted = kept
    .map(({ key, partial, first }) => ({ key, value: resultOf(fn, partial), first }))
    .sort((a, b) =>
      dir === 'key'
        ? keyOrder(a.key, b.key)
        : dir === 'keyDesc'
          ? keyOrder(b.key, a.key)
          : (dir === 'asc'
              ? (a.value ?? Number.POSITIVE_INFINITY) - (b.value ?? Number.POSITIVE_INFINITY)
              : (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY)) ||
            byText(a.first, b.first),
    );
  const cut = dir === 'key' ? sorted.slice(Math.max(0, sorted.length - limit)) : sorted.slice(0, limit);
  return { count, groups: cut.map(({ key, value }) => ({ key, value })) };
}
