/**
 * Automatic per-store indexes for HOT stores. When one (store, field, comparison) is filtered on
 * often and slowly, a partial expression index over exactly the expression plan.ts emits is built
 * with CREATE INDEX CONCURRENTLY (never inside a transaction, never blocking ingest), recorded in
 * `mcps.indexes`, and dropped again when unused or when the store leaves HOT. At most a fixed number
 * per tenant. Identifiers and literals are quoted here; nothing from a request reaches this SQL.
 * A field inside nested objects is indexed on its path expression, as plan.ts reads it.
 * PostgreSQL only: PGlite is single-connection and gains nothing, so the tierer does not call this.
 */
import { type Database, type Executor, mcps, rowsOf } from '@smartdb/db';
import { elementOf, pathOf, pathText, queryView } from '@smartdb/query';
import {
  fieldStats,
  mainType,
  type Registry,
  type StoreEntry,
  type StoreIndex,
  storeFromRow,
} from '@smartdb/registry';
import { and, eq, sql } from 'drizzle-orm';

/** `=` uses `(data -> f)` (plan.ts switches to it when this index exists); `range` the numeric guard. */
export type IndexedComparison = '=' | 'range';

/**
 * The access method of an automatic index. Equality is a hash index: a btree row holds at most
 * ~2,700 bytes, so once a store's field had a btree index a record with a longer value in that field
 * (a 6,000-character message that does not compress) could not be stored at all, while a hash index
 * keeps a 4-byte hash of any value. Ranges of numbers stay btree. Automatic indexes of an earlier
 * method are replaced (`indexCandidates` offers the pattern again, `staleIndexes` drops the old one).
 */
export function indexMethod(op: IndexedComparison): 'btree' | 'hash' {
  return op === '=' ? 'hash' : 'btree';
}

export interface AutoIndex extends StoreIndex {
  auto: true;
  kind: 'btree' | 'hash';
  op: IndexedComparison;
  /** The indexed SQL expression, as created. */
  expression: string;
  lastUsedAt: string;
}

export interface AutoIndexConfig {
  /** Uses of the pattern (decayed count) before it is worth an index. */
  minUses: number;
  /** Mean time of those queries, ms, before it is worth an index. */
  slowMs: number;
  maxPerTenant: number;
  /** Dropped when its pattern was not used for this long. */
  unusedMs: number;
}

export const DEFAULT_AUTO_INDEX: AutoIndexConfig = {
  minUses: 50,
  slowMs: 20,
  maxPerTenant: 8,
  unusedMs: 24 * 3_600_000,
};

/** A recent filter pattern on one store, from QueryLearning counters. */
export interface FilterPattern {
  field: string;
  op: string;
  count: number;
  meanMs: number;
}

/** A SQL string literal. `standard_conforming_strings` is on (the default since PostgreSQL 9.1). */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL byte cannot appear in a SQL literal');
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('a NUL byte cannot appear in a SQL identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The expression plan.ts emits for this comparison, with the field as a literal: a nested field
 * (`path`, the keys from the record down to it) by its path as a text[] literal, as plan.ts binds it.
 */
export function indexExpression(field: string, op: IndexedComparison, path?: string[]): string {
  if (path) {
    const p = `${quoteLiteral(pathText(path))}::text[]`;
    return op === '='
      ? `(data #> ${p})`
      : `(case when jsonb_typeof(data #> ${p}) = 'number' then (data #>> ${p})::numeric end)`;
  }
  const f = quoteLiteral(field);
  return op === '='
    ? `(data -> ${f}::text)`
    : `(case when jsonb_typeof(data -> ${f}::text) = 'number' then (data ->> ${f}::text)::numeric end)`;
}

/**
 * A field's comparison as an index serves it; nested fields are read as the query engine reads them.
 * None for a field read inside list elements: its equalities are containment, which the records'
 * GIN index serves, and its comparisons look inside each element, which no expression index does.
 */
export function comparisonOf(op: string, store: StoreEntry, field: string): IndexedComparison | null {
  const view = queryView(store);
  if (elementOf(view, field)) return null;
  if (op === '=') return '=';
  const stats = fieldStats(view.fields, field);
  if (['>', '>=', '<', '<='].includes(op) && stats && mainType(stats) === 'number') return 'range';
  return null;
}

async function hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The index's name; a hash index's differs from the btree of the same comparison it replaces. */
export async function indexName(tenantId: string, storeId: string, field: string, op: IndexedComparison) {
  const method = indexMethod(op) === 'btree' ? '' : `\u0001${indexMethod(op)}`;
  return `ax_${(await hex(`${tenantId}\u0001${storeId}\u0001${field}\u0001${op}${method}`)).slice(0, 24)}`;
}

export function createIndexSql(index: AutoIndex, tenantId: string, storeId: string): string {
  const using = index.kind === 'hash' ? 'using hash ' : '';
  return `create index concurrently if not exists ${quoteIdent(index.name)} on records ${using}(${index.expression}) where tenant_id = ${quoteLiteral(tenantId)} and mcp_id = ${quoteLiteral(storeId)}`;
}

export function autoIndexesOf(store: StoreEntry): AutoIndex[] {
  return store.indexes.filter((x): x is AutoIndex => x.auto && 'op' in x && 'expression' in x);
}

/** One (field, comparison) pattern as a set key. */
function patternKey(field: string, op: IndexedComparison): string {
  return `${field}\u0001${op}`;
}

function patternOf(index: AutoIndex): string {
  return patternKey(index.field, index.op);
}

/** Whether an automatic index was built with the method its comparison now takes. */
function current(index: AutoIndex): boolean {
  return index.kind === indexMethod(index.op);
}

/**
 * Which patterns of a HOT store deserve a new index: frequent, slow, an indexable comparison, not
 * indexed yet, within the tenant's budget (most used first).
 */
export function indexCandidates(
  store: StoreEntry,
  patterns: FilterPattern[],
  tenantAutoIndexes: number,
  config: AutoIndexConfig,
): { field: string; op: IndexedComparison }[] {
  if (store.tier !== 'HOT' || store.status !== 'active') return [];
  const have = new Set(autoIndexesOf(store).filter(current).map(patternOf));
  // An index replacing one of an earlier method takes no more of the tenant's budget than it held.
  const replacing = new Set(
    autoIndexesOf(store)
      .filter((x) => !current(x))
      .map(patternOf),
  );
  const out: { field: string; op: IndexedComparison }[] = [];
  let budget = config.maxPerTenant - tenantAutoIndexes;
  for (const p of [...patterns].sort((a, b) => b.count - a.count)) {
    if (p.count < config.minUses || p.meanMs < config.slowMs) continue;
    const op = comparisonOf(p.op, store, p.field);
    if (!op) continue;
    const key = patternKey(p.field, op);
    if (have.has(key)) continue;
    if (!replacing.has(key)) {
      if (budget <= 0) continue;
      budget -= 1;
    }
    have.add(key);
    out.push({ field: p.field, op });
  }
  return out;
}

/**
 * Auto indexes to drop: the store left HOT, the pattern has not been used for `unusedMs`, or the
 * index was built with an earlier method once its replacement exists (`indexMethod`).
 */
export function staleIndexes(store: StoreEntry, now: Date, config: AutoIndexConfig): AutoIndex[] {
  const all = autoIndexesOf(store);
  if (store.tier !== 'HOT') return all;
  const replaced = new Set(all.filter(current).map(patternOf));
  return all.filter(
    (x) =>
      now.getTime() - Date.parse(x.lastUsedAt) > config.unusedMs ||
      (!current(x) && replaced.has(patternOf(x))),
  );
}

async function isValid(db: Executor, name: string): Promise<boolean | null> {
  const [row] = await rowsOf<{ valid: boolean }>(
    db,
    sql`select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ${name}`,
  );
  return row ? row.valid : null;
}

/** Rewrites a store's index list under a row lock and applies the new row to the registry. */
async function updateIndexes(
  db: Database,
  registry: Registry,
  tenantId: string,
  storeId: string,
  change: (indexes: StoreIndex[]) => StoreIndex[],
): Promise<StoreEntry | undefined> {
  const where = and(eq(mcps.tenantId, tenantId), eq(mcps.id, storeId));
  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select({ indexes: mcps.indexes }).from(mcps).where(where).for('update');
    if (!current) return undefined;
    const [updated] = await tx
      .update(mcps)
      .set({
        indexes: change((current.indexes ?? []) as StoreIndex[]),
        seq: sql`nextval('registry_seq')`,
        updatedAt: sql`clock_timestamp()`,
      })
      .where(where)
      .returning();
    return updated;
  });
  if (!row) return undefined;
  const store = storeFromRow(row);
  registry.apply(store);
  return store;
}

/** Builds one index concurrently and records it; an index left INVALID by a failure is dropped. */
export async function createAutoIndex(
  db: Database,
  registry: Registry,
  store: StoreEntry,
  field: string,
  op: IndexedComparison,
  now: Date,
): Promise<AutoIndex> {
  const index: AutoIndex = {
    name: await indexName(store.tenantId, store.id, field, op),
    field,
    kind: indexMethod(op),
    auto: true,
    op,
    expression: indexExpression(field, op, pathOf(queryView(store), field)),
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
  };
  try {
    await db.execute(sql.raw(createIndexSql(index, store.tenantId, store.id)));
  } catch (e) {
    if ((await isValid(db, index.name)) === false) await dropIndex(db, index.name);
    throw e;
  }
  // `if not exists` also succeeds over an INVALID leftover of an earlier crash: rebuild it then.
  if ((await isValid(db, index.name)) !== true) {
    await dropIndex(db, index.name);
    throw new Error(`index ${index.name} was not valid after CREATE INDEX CONCURRENTLY`);
  }
  await updateIndexes(db, registry, store.tenantId, store.id, (list) => [
    ...list.filter((x) => x.name !== index.name),
    index,
  ]);
  return index;
}

async function dropIndex(db: Executor, name: string): Promise<void> {
  await db.execute(sql.raw(`drop index concurrently if exists ${quoteIdent(name)}`));
}

/** Drops automatic indexes and removes them from the registry. */
export async function dropAutoIndexes(
  db: Database,
  registry: Registry,
  store: StoreEntry,
  indexes: AutoIndex[],
): Promise<void> {
  if (indexes.length === 0) return;
  for (const x of indexes) await dropIndex(db, x.name);
  const names = new Set(indexes.map((x) => x.name));
  await updateIndexes(db, registry, store.tenantId, store.id, (list) =>
    list.filter((x) => !names.has(x.name)),
  );
}

/** Marks indexes whose pattern was used again, so they are not dropped as unused. */
export async function touchAutoIndexes(
  db: Database,
  registry: Registry,
  store: StoreEntry,
  names: Set<string>,
  now: Date,
): Promise<void> {
  if (names.size === 0) return;
  const at = now.toISOString();
  await updateIndexes(db, registry, store.tenantId, store.id, (list) =>
    list.map((x) => (names.has(x.name) ? { ...x, lastUsedAt: at } : x)),
  );
}
