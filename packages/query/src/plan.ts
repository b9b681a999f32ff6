/**
 * Turns an Interpretation into parameterised SQL over `records`, one set of statements per store
 * (a question over several stores fans out and is merged by the executor). Every statement is
 * scoped by tenant and store; every value, field name and pattern is a bind parameter; the only
 * SQL text is fixed here. Equality uses `data @> $json` (GIN), comparisons are type-guarded so an
 * odd record can never raise a cast error, time windows use the indexed `ts`. It never executes.
 * A field inside nested objects (a view's field with a `path`, nested.ts) is read with `#>` / `#>>`
 * and its path bound as a text[] parameter, its equality is a nested containment object; a record's
 * own fields keep `->` / `->>`, the expressions automatic indexes were built on.
 * A field read inside array elements (nested.ts `elementOf`: `tags`, `items.sku`) is matched by
 * containment of an array holding the value (`data @> {"items": [{"sku": "A1"}]}`, which a GIN index
 * serves), compared inside `exists` over the elements, and grouped over a lateral of the elements,
 * each record counted once per distinct value it holds; a non-array there is read as no elements.
 * Groups: a question over one store has its groups bounded (`having`), ordered by their value and
 * cut to the number asked for in SQL, which also counts the records of every group kept; over
 * several stores a group's value is known only once every store's part of it is merged (merge.ts),
 * so each store returns all its groups, up to MAX_MERGED_GROUPS.
 */
import { AppError } from '@smartdb/core';
import { isoTime } from '@smartdb/db';
import type { StoreEntry } from '@smartdb/registry';
import { type SQL, sql } from 'drizzle-orm';
import { decodeCursor, invalidCursor, type PageCursor } from './cursor.ts';
import { type ElementPath, elementOf, pathOf, pathText, queryView, queryViews } from './nested.ts';
import {
  type AggregateFn,
  type Filter,
  type FilterOp,
  GROUP_VALUE,
  type Interpretation,
  type JsonScalar,
} from './types.ts';
import { vocabularyOf } from './vocabulary.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
const MAX_GROUPS = 1000;
/**
 * Groups one store may return for a question over several stores, whose groups are merged in
 * memory: past it the answer is refused (TOO_MANY_GROUPS) rather than merged from a part of them.
 */
export const MAX_MERGED_GROUPS = 50_000;

export interface PageOptions {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One ordering key of the rows statement: its SQL, direction, and how a cursor value is cast back. */
export interface SortKeySql {
  expr: SQL;
  dir: 'asc' | 'desc';
  cast: 'micros' | 'boolean' | 'jsonb' | 'uuid';
}

export interface StorePlan {
  mcp: string;
  domain: string;
  /** The page of matching records (find/search); null for aggregates. */
  rows: SQL | null;
  /** count(*) of all matches; null when `aggregate` already returns it. */
  count: SQL | null;
  /** count/sum/count(x)/min/max of the measure, optionally per group key. */
  aggregate: SQL | null;
  /** With a time window: how far the window may move before the answer changes (`windowEdgesSql`). */
  edges: SQL | null;
}

export interface QueryPlan {
  answer: 'rows' | 'count' | 'value' | 'groups';
  stores: StorePlan[];
  /** Rows per page; the question's own "top N" wins over the caller's page size. */
  pageSize: number;
  /** True when the answer may continue on another page (no "top N" in the question). */
  pageable: boolean;
  /** Signature of the row ordering, carried in cursors. */
  sortSignature: string;
  sortKeys: (store: StoreEntry) => SortKeySql[];
  maxGroups: number;
  /**
   * Which way groups are ordered by their value: largest first unless the question asked otherwise;
   * `key` lists periods of time (`bucket`) by their start, oldest first, `keyDesc` newest first.
   */
  groupOrder: 'asc' | 'desc' | 'key' | 'keyDesc';
  /**
   * One store's groups, bounded, ordered and cut in SQL: its rows are the answer's groups, and each
   * carries `total`, the records of every group kept (the answer's count).
   */
  groupsInSql: boolean;
}

const BOTH_TABLES = sql.raw(
  '(select id, tenant_id, mcp_id, ts, data, ingested_at from records union all select id, tenant_id, mcp_id, ts, data, ingested_at from records_cold) as records',
);

/**
 * The relation a store's records live in (packages/tiering moves them): `records` for HOT and WARM
 * stores; both tables for a COLD store (new writes land in `records` until the tierer moves them)
 * and for any store while it migrates (each moved batch is one statement, so a statement's snapshot
 * sees every record exactly once across the two).
 */
export function recordsSource(store: StoreEntry): SQL {
  return store.tier === 'COLD' || store.status === 'migrating' ? BOTH_TABLES : sql.raw('records');
}

/** Fields with an automatic equality index (packages/tiering); their `=` filter uses its expression. */
function equalityIndexed(store: StoreEntry): Set<string> {
  const auto = store.indexes.filter((x) => x.auto && (x as { op?: string }).op === '=');
  return new Set(auto.map((x) => x.field));
}

const field = (name: string) => sql`(data -> ${name}::text)`;
/** A JSON value as a number where it is one, else null: a string or an object never raises a cast error. */
const guardedNumber = (json: SQL, text: SQL) =>
  sql`(case when jsonb_typeof(${json}) = 'number' then (${text})::numeric end)`;
const number = (name: string) => guardedNumber(sql`data -> ${name}::text`, sql`data ->> ${name}::text`);

/**
 * A field's JSON value, text and guarded number in a store: a record's own key as before (automatic
 * indexes are built on exactly these expressions), a nested field (a view's `path`) by its path.
 */
function jsonOf(store: StoreEntry, name: string): SQL {
  const path = pathOf(store, name);
  return path ? sql`(data #> ${pathText(path)}::text[])` : field(name);
}

/** A field's text; of a field read inside elements, the text of its whole array (searched, never compared). */
function textOf(store: StoreEntry, name: string): SQL {
  const array = elementOf(store, name)?.array;
  if (array)
    return array.length > 1 ? sql`(data #>> ${pathText(array)}::text[])` : sql`(data ->> ${array[0]!}::text)`;
  const path = pathOf(store, name);
  return path ? sql`(data #>> ${pathText(path)}::text[])` : sql`(data ->> ${name}::text)`;
}

function numberOf(store: StoreEntry, name: string): SQL {
  const path = pathOf(store, name);
  if (!path) return number(name);
  const at = pathText(path);
  return guardedNumber(sql`data #> ${at}::text[]`, sql`data #>> ${at}::text[]`);
}

/**
 * The array an element field is read in, as jsonb: `[]` where a record holds anything else there
 * (or nothing), so reading its elements never raises.
 */
function arraySql(element: ElementPath): SQL {
  const { array } = element;
  const at = array.length > 1 ? sql`(data #> ${pathText(array)}::text[])` : field(array[0]!);
  return sql`(case when jsonb_typeof(${at}) = 'array' then ${at} else '[]'::jsonb end)`;
}

/** An element field's JSON value, text and guarded number in one element, `alias`.elem. */
function elementReads(element: ElementPath, alias: string) {
  const elem = sql.raw(`${alias}.elem`);
  const inner = pathText(element.inner);
  const json = element.inner.length ? sql`(${elem} #> ${inner}::text[])` : elem;
  const text = sql`(${elem} #>> ${inner}::text[])`;
  return { json, text, number: guardedNumber(json, text) };
}

/** The elements of an element field's array, as rows of `alias`(elem). */
function elementsSql(element: ElementPath, alias: string): SQL {
  return sql`jsonb_array_elements(${arraySql(element)}) as ${sql.raw(alias)}(elem)`;
}

const COMPARISON_SQL = {
  '>': sql.raw('>'),
  '>=': sql.raw('>='),
  '<': sql.raw('<'),
  '<=': sql.raw('<='),
} as const;

/** A LIKE pattern matching `text` literally: anywhere, at the start or at the end of the value. */
function escapeLike(text: string, at: 'anywhere' | 'start' | 'end' = 'anywhere'): string {
  const literal = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${at === 'start' ? '' : '%'}${literal}${at === 'end' ? '' : '%'}`;
}

/** `{a: {b: value}}` for the path [a, b]: what a record holding `value` there contains. */
function nestedObject(path: string[], value: unknown): Record<string, unknown> {
  let inner: unknown = value;
  // Computed keys define own properties, so a key `__proto__` stays a key.
  for (let n = path.length - 1; n >= 0; n--) inner = { [path[n]!]: inner };
  return inner as Record<string, unknown>;
}

/**
 * Where a record holding `value` in a nested field or an element field holds what, for containment:
 * `{path: [customer, country], held: 'DE'}`, `{path: [items], held: [{sku: 'A1'}]}` (an array
 * holding an element that holds it); null for a record's own field.
 */
function containedAt(
  store: StoreEntry,
  name: string,
  value: JsonScalar,
): { path: string[]; held: unknown } | null {
  const element = elementOf(store, name);
  if (element)
    return { path: element.array, held: [element.inner.length ? nestedObject(element.inner, value) : value] };
  const path = pathOf(store, name);
  return path ? { path, held: value } : null;
}

function containment(store: StoreEntry, name: string, value: JsonScalar): SQL {
  const at = containedAt(store, name, value);
  const object = at ? nestedObject(at.path, at.held) : { [name]: value };
  return sql`data @> ${JSON.stringify(object)}::jsonb`;
}

/**
 * Puts `value` at `path` into a containment object (`{customer: {country: 'DE'}}` and
 * `{customer: {name: 'Ann'}}` are one `{customer: {country, name}}`); false, changing nothing, where
 * the path meets a value already there.
 */
function mergeAt(object: Record<string, unknown>, path: string[], value: unknown): boolean {
  let at = object;
  for (let n = 0; n < path.length; n++) {
    const key = path[n]!;
    if (!Object.hasOwn(at, key)) {
      const rest = n === path.length - 1 ? value : nestedObject(path.slice(n + 1), value);
      Object.defineProperty(at, key, { value: rest, enumerable: true, writable: true, configurable: true });
      return true;
    }
    const next = at[key];
    if (n === path.length - 1 || next === null || typeof next !== 'object' || Array.isArray(next))
      return false;
    at = next as Record<string, unknown>;
  }
  return false;
}

/**
 * The elements the equalities on fields read inside elements ask a record's lists to hold, one
 * list per array: a value of a list of values is one element (`tags: ["postgres", "ai"]` holds
 * both), values of fields inside object elements are one element where they can be ("a monitor
 * with sku SKU-3", `items: [{name, sku}]`), and another where a field is asked twice.
 */
function heldLists(
  store: StoreEntry,
  equal: Filter[],
): { array: string[]; held: unknown[]; filters: Filter[] }[] {
  const lists = new Map<string, { array: string[]; held: unknown[]; filters: Filter[] }>();
  for (const f of equal) {
    const element = elementOf(store, f.field);
    if (!element) continue;
    const key = pathText(element.array);
    const list = lists.get(key) ?? { array: element.array, held: [], filters: [] };
    lists.set(key, list);
    list.filters.push(f);
    const value = f.value as JsonScalar;
    if (element.inner.length === 0) list.held.push(value);
    else if (!list.held.some((held) => mergeAt(held as Record<string, unknown>, element.inner, value)))
      list.held.push(nestedObject(element.inner, value));
  }
  return [...lists.values()];
}

function filterSql(f: Filter, store: StoreEntry): SQL {
  const values = Array.isArray(f.value) ? f.value : [f.value];
  switch (f.op) {
    case '=':
      return containment(store, f.field, values[0] ?? null);
    case 'in':
      return sql`(${sql.join(
        values.map((v) => containment(store, f.field, v)),
        sql` or `,
      )})`;
    case '!=':
      return sql`not (${containment(store, f.field, values[0] ?? null)})`;
    default: {
      const element = elementOf(store, f.field);
      if (!element)
        return matchSql(f.op, values[0], { text: textOf(store, f.field), number: numberOf(store, f.field) });
      // Some element meets the condition ("an item priced over 100").
      const read = elementReads(element, 'x');
      return sql`exists (select 1 from ${elementsSql(element, 'x')} where ${matchSql(f.op, values[0], read)})`;
    }
  }
}

/** A condition other than equality on a value, read as text or as a guarded number. */
function matchSql(
  op: Exclude<FilterOp, '=' | 'in' | '!='>,
  value: JsonScalar | undefined,
  read: { text: SQL; number: SQL },
): SQL {
  switch (op) {
    case 'contains':
      return sql`${read.text} ilike ${escapeLike(String(value ?? ''))}`;
    case 'startswith':
      return sql`${read.text} ilike ${escapeLike(String(value ?? ''), 'start')}`;
    case 'endswith':
      return sql`${read.text} ilike ${escapeLike(String(value ?? ''), 'end')}`;
    default:
      if (typeof value === 'number') return sql`${read.number} ${COMPARISON_SQL[op]} ${value}::numeric`;
      return sql`${read.text} ${COMPARISON_SQL[op]} ${String(value)}::text`;
  }
}

/** The store's free-text fields, or every string field when it learned none. */
function searchFields(store: StoreEntry): string[] {
  const v = vocabularyOf(store);
  const fields = v.textFields.length
    ? v.textFields
    : [...v.kinds].filter(([, k]) => k === 'category' || k === 'text').map(([n]) => n);
  // The fields inside one list's elements are searched in the text of the list, once.
  const lists = new Set<string>();
  return fields.filter((name) => {
    const array = elementOf(store, name)?.array;
    if (!array) return true;
    const key = pathText(array);
    if (lists.has(key)) return false;
    lists.add(key);
    return true;
  });
}

function whereSql(i: Interpretation, store: StoreEntry, tenantId: string): SQL {
  const parts: SQL[] = [sql`tenant_id = ${tenantId}`, sql`mcp_id = ${store.id}`];
  if (i.time?.from) parts.push(sql`ts >= ${i.time.from}::timestamptz`);
  if (i.time?.to) parts.push(sql`ts < ${i.time.to}::timestamptz`);
  // For scalars `(data -> f) = v` matches exactly what `data @> {f: v}` matches, and an automatic
  // index on `(data -> f)` can serve it. Not for a field read inside elements, which holds arrays.
  const indexed = equalityIndexed(store);
  const viaIndex = i.filters.filter(
    (f) => f.op === '=' && !Array.isArray(f.value) && indexed.has(f.field) && !elementOf(store, f.field),
  );
  for (const f of viaIndex) parts.push(sql`${jsonOf(store, f.field)} = ${JSON.stringify(f.value)}::jsonb`);
  const equal = i.filters.filter((f) => f.op === '=' && !Array.isArray(f.value) && !viaIndex.includes(f));
  if (equal.length) {
    const own = equal.filter((f) => !containedAt(store, f.field, null));
    const object: Record<string, unknown> = Object.fromEntries(own.map((f) => [f.field, f.value]));
    // Nested fields and lists join the one containment; one whose path meets a value there gets its own.
    const apart: Filter[] = [];
    for (const f of equal) {
      const path = elementOf(store, f.field) ? undefined : pathOf(store, f.field);
      if (path && !mergeAt(object, path, f.value as JsonScalar)) apart.push(f);
    }
    for (const list of heldLists(store, equal))
      if (!mergeAt(object, list.array, list.held)) apart.push(...list.filters);
    parts.push(sql`data @> ${JSON.stringify(object)}::jsonb`);
    for (const f of apart) parts.push(filterSql(f, store));
  }
  for (const f of i.filters) if (!equal.includes(f) && !viaIndex.includes(f)) parts.push(filterSql(f, store));
  if (i.text) {
    const fields = searchFields(store);
    const pattern = escapeLike(i.text);
    parts.push(
      fields.length
        ? sql`(${sql.join(
            fields.map((name) => sql`${textOf(store, name)} ilike ${pattern}`),
            sql` or `,
          )})`
        : sql`false`,
    );
  }
  return sql.join(parts, sql` and `);
}

function isTimeSort(i: Interpretation, store: StoreEntry): boolean {
  const first = i.sort[0];
  return !first || first.field === 'ts' || first.field === store.timeField;
}

export function sortKeysOf(i: Interpretation, entry: StoreEntry): SortKeySql[] {
  const store = queryView(entry);
  const first = i.sort[0];
  const dir = first?.dir ?? 'desc';
  if (!first || isTimeSort(i, store)) {
    // Qualified: in ORDER BY a bare `ts`/`id` would mean the formatted output columns of the same
    // names (to_char / id::text), which no index can serve.
    return [
      { expr: sql`records.ts`, dir, cast: 'micros' },
      { expr: sql`records.id`, dir, cast: 'uuid' },
    ];
  }
  return [
    { expr: sql`(${jsonOf(store, first.field)} is null)`, dir: 'asc', cast: 'boolean' },
    { expr: sql`coalesce(${jsonOf(store, first.field)}, 'null'::jsonb)`, dir, cast: 'jsonb' },
    // Ties keep the order the records were ingested in (ids are UUIDv7), whatever the direction.
    { expr: sql`records.id`, dir: 'asc', cast: 'uuid' },
  ];
}

function keyTextSql(key: SortKeySql): SQL {
  if (key.cast === 'micros') return sql`(extract(epoch from ${key.expr}) * 1000000)::bigint::text`;
  return sql`${key.expr}::text`;
}

function keyValueSql(key: SortKeySql, value: string): SQL {
  switch (key.cast) {
    case 'micros':
      return sql`(timestamptz 'epoch' + ${value}::bigint * interval '1 microsecond')`;
    case 'boolean':
      return sql`${value}::boolean`;
    case 'jsonb':
      return sql`${value}::jsonb`;
    default:
      return sql`${value}::uuid`;
  }
}

/** Microseconds from the epoch within PostgreSQL's timestamps (4713 BC to 294276 AD), with a margin. */
const MIN_MICROS = -210_000_000_000_000_000n;
const MAX_MICROS = 9_000_000_000_000_000_000n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a cursor's key is text this ordering key could have written (`keyTextSql`). A cursor is
 * the caller's input: a key edited to "abc", or missing, was cast in SQL and failed there (500).
 */
function isKeyText(key: SortKeySql, value: string | undefined): boolean {
  if (value === undefined) return false;
  switch (key.cast) {
    case 'micros':
      return /^-?\d{1,19}$/.test(value) && BigInt(value) >= MIN_MICROS && BigInt(value) <= MAX_MICROS;
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'jsonb':
      return isJsonbText(value);
    default:
      return UUID.test(value);
  }
}

/** JSON that PostgreSQL's jsonb takes: no number beyond double precision, no NUL in a string. */
function isJsonbText(text: string): boolean {
  if (/\\u0000/i.test(text)) return false;
  let finite = true;
  try {
    JSON.parse(text, (_, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) finite = false;
      return v;
    });
  } catch {
    return false;
  }
  return finite;
}

/** Rows strictly after the cursor in the given ordering (lexicographic keyset comparison). */
function afterCursor(keys: SortKeySql[], cursor: PageCursor): SQL {
  if (cursor.keys.length !== keys.length || keys.some((key, i) => !isKeyText(key, cursor.keys[i]))) {
    throw invalidCursor(cursor.text);
  }
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => sql`${k.expr} = ${keyValueSql(k, cursor.keys[j]!)}`);
    const op = key.dir === 'asc' ? sql.raw('>') : sql.raw('<');
    return sql.join([...equal, sql`${key.expr} ${op} ${keyValueSql(key, cursor.keys[i]!)}`], sql` and `);
  });
  return sql`(${sql.join(
    branches.map((b) => sql`(${b})`),
    sql` or `,
  )})`;
}

function rowsSql(
  i: Interpretation,
  store: StoreEntry,
  tenantId: string,
  take: number,
  cursor: PageCursor | null,
): SQL {
  const keys = sortKeysOf(i, store);
  const where = cursor
    ? sql`${whereSql(i, store, tenantId)} and ${afterCursor(keys, cursor)}`
    : whereSql(i, store, tenantId);
  const keyColumns = sql.join(
    keys.map((k, n) => sql`${keyTextSql(k)} as ${sql.raw(`k${n}`)}`),
    sql`, `,
  );
  const order = sql.join(
    // ts is NOT NULL; the nulls clause only makes the order match the `ts DESC NULLS LAST` index
    // (forwards for desc, backwards for asc) so a page is read from it instead of sorting every match.
    keys.map((k) =>
      k.cast === 'micros'
        ? sql`${k.expr} ${sql.raw(k.dir === 'desc' ? 'desc nulls last' : 'asc nulls first')}`
        : sql`${k.expr} ${sql.raw(k.dir)}`,
    ),
    sql`, `,
  );
  // The page is chosen in a subquery that selects plain columns only: PostgreSQL computes a query's
  // output columns for every row it sorts, so the formatted time and the key texts are computed
  // for the page alone, outside. The subquery's alias is `records`, so the same order and key
  // expressions read its columns. psql, top 6 of 300,000 rows by a jsonb number: 464-502 -> 282-313 ms.
  return sql`select id::text as id, ${isoTime(sql`ts`)} as ts, data, ${keyColumns} from (select id, ts, data from ${recordsSource(store)} where ${where} order by ${order} limit ${take}) as records order by ${order}`;
}

/** How the groups of a store's statement are chosen: bounded, ordered and cut in SQL, or all of them. */
type GroupCut = { order: QueryPlan['groupOrder']; limit: number } | { all: number };

/** A group's value by an aggregate, from its measures, as merge.ts's resultOf reads them. */
function groupValueSql(fn: AggregateFn): SQL {
  switch (fn) {
    case 'count':
      return sql`n`;
    case 'sum':
      return sql`(case when c = 0 then null else s::float8 end)`;
    case 'avg':
      return sql`(case when c = 0 then null else s::float8 / c end)`;
    case 'min':
      return sql`lo::float8`;
    case 'max':
      return sql`hi::float8`;
  }
}

const HAVING_SQL = { ...COMPARISON_SQL, '=': sql.raw('='), '!=': sql.raw('<>') } as const;

/**
 * The groups of one store's statement, chosen: all of them (to be merged with other stores'), or
 * those the bound keeps, ordered by their value as merge.ts orders them (no value last, ties by
 * their first record) and cut, each with `total`, the records of every group kept.
 */
function chosenGroups(grouped: SQL, i: Interpretation, fn: AggregateFn, cut: GroupCut): SQL {
  if ('all' in cut) return sql`${grouped} limit ${cut.all + 1}`;
  const { bound, order } = groupChoice(i, fn, cut);
  return sql`select *, sum(n) over () as total from (${grouped}) g${bound} order by ${order} limit ${cut.limit}`;
}

/** The bound kept and the order of groups cut in SQL (`chosenGroups`). */
function groupChoice(i: Interpretation, fn: AggregateFn, cut: { order: QueryPlan['groupOrder'] }) {
  const bound = i.having
    ? sql` where ${groupValueSql(i.having.fn)} ${HAVING_SQL[i.having.op]} ${i.having.value}::float8`
    : sql``;
  // Periods: the newest are kept past the cut (merge.ts lists them oldest first). Other keys
  // ("count users by country sorted by country") are jsonb, which takes no collation: kept from
  // the end they are listed from.
  const keyed = cut.order === 'key' || cut.order === 'keyDesc';
  const order = !keyed
    ? sql`${groupValueSql(fn)} ${sql.raw(cut.order)} nulls last, first collate "C"`
    : i.bucket
      ? sql`key collate "C" desc`
      : sql`key ${sql.raw(cut.order === 'key' ? 'asc' : 'desc')}`;
  return { bound, order };
}

/**
 * What a group's key is read from: the field grouped by, or for periods of time (`bucket`) the start
 * of the period each record's indexed `ts` falls in, cut in the question's zone (the zone is a bind
 * parameter; date_trunc starts weeks on Monday) and written as an ISO-8601 instant in UTC.
 */
function groupKeySql(i: Interpretation, store: StoreEntry, groupBy: string): SQL {
  if (!i.bucket) return jsonOf(store, groupBy);
  const { unit, tz } = i.bucket;
  return isoTime(sql`(date_trunc(${unit}, ts at time zone ${tz}) at time zone ${tz})`);
}

/** What each group (or the one answer) measures, from the rows' measure `v`, as merge.ts reads it. */
const MEASURES = sql`count(*) as n, sum(v) as s, count(v) as c, min(v) as lo, max(v) as hi`;

/** `MEASURES` of rows that may hold a record more than once (one per element): records counted once. */
const ELEMENT_MEASURES = sql`count(distinct id) as n, sum(v) as s, count(v) as c, min(v) as lo, max(v) as hi`;

/**
 * An aggregate that reads elements: grouped by the values a field read inside elements holds, or
 * measuring such a field. Rows are read from a lateral over the elements of each matching record:
 * one per element measured ("total quantity of keyboards" adds up each keyboard element's
 * quantity, the conditions on the same list holding of that element), else one per distinct value
 * a record holds (a record tagged "ai" twice counts once). A record with no elements is in no group;
 * one in several groups is one record of the groups kept (`total`, counted by id).
 */
function elementAggregateSql(i: Interpretation, store: StoreEntry, tenantId: string, cut: GroupCut): SQL {
  const agg = i.aggregate;
  const measured = agg?.field && agg.fn !== 'count' ? agg.field : null;
  const measuredIn = measured ? elementOf(store, measured) : undefined;
  const groupedIn = i.groupBy && !i.bucket ? elementOf(store, i.groupBy) : undefined;
  const list = (measuredIn ?? groupedIn)!;
  const sameList = (f: Filter) => {
    const inside = elementOf(store, f.field);
    return (
      measuredIn !== undefined && inside !== undefined && pathText(inside.array) === pathText(list.array)
    );
  };
  // Equality on the list stays on the record too, where a GIN index serves it.
  const perElement = i.filters.filter(sameList);
  const onRecord = i.filters.filter((f) => !sameList(f) || f.op === '=' || f.op === 'in');
  const conditions = perElement.map((f) => sql` and ${elementFilterSql(f, elementOf(store, f.field)!, 'e')}`);
  const where = sql.join([whereSql({ ...i, filters: onRecord }, store, tenantId), ...conditions], sql``);
  const key = !i.groupBy
    ? null
    : groupedIn
      ? elementReads(groupedIn, 'e').json
      : groupKeySql(i, store, i.groupBy);
  const v = measuredIn ? elementReads(measuredIn, 'e').number : measured ? numberOf(store, measured) : null;
  const columns = [
    sql`records.id::text as id`,
    ...(key ? [sql`${key} as key`] : []),
    ...(v ? [sql`${v} as v`] : []),
  ];
  const held = sql`select ${measuredIn ? sql`` : sql`distinct `}${sql.join(columns, sql`, `)} from ${recordsSource(store)} cross join lateral ${elementsSql(list, 'e')} where ${where}`;
  const measures = v ? ELEMENT_MEASURES : sql`count(distinct id) as n`;
  if (!key) return sql`with r as (${held}) select ${measures} from r`;
  const grouped = sql`select key, ${measures}, min(id) as first from r group by 1`;
  if ('all' in cut) return sql`with r as (${held}) ${grouped} limit ${cut.all + 1}`;
  const { bound, order } = groupChoice(i, measured ? agg!.fn : 'count', cut);
  const total = sql`(select count(distinct r.id) from r join g on r.key is not distinct from g.key${bound})`;
  return sql`with r as (${held}), g as (${grouped}) select *, ${total} as total from g${bound} order by ${order} limit ${cut.limit}`;
}

/** A condition on one element, `alias`.elem, as `filterSql` makes it of a record. */
function elementFilterSql(f: Filter, element: ElementPath, alias: string): SQL {
  const values = Array.isArray(f.value) ? f.value : [f.value];
  const elem = sql.raw(`${alias}.elem`);
  const holds = (value: JsonScalar | undefined) => {
    const held = element.inner.length ? nestedObject(element.inner, value ?? null) : (value ?? null);
    return sql`${elem} @> ${JSON.stringify(held)}::jsonb`;
  };
  switch (f.op) {
    case '=':
      return holds(values[0]);
    case 'in':
      return sql`(${sql.join(values.map(holds), sql` or `)})`;
    case '!=':
      return sql`not (${holds(values[0])})`;
    default:
      return matchSql(f.op, values[0], elementReads(element, alias));
  }
}

function aggregateSql(i: Interpretation, store: StoreEntry, tenantId: string, cut: GroupCut): SQL {
  const agg = i.aggregate;
  const measured = agg?.field && agg.fn !== 'count' ? agg.field : null;
  if ((measured && elementOf(store, measured)) || (i.groupBy && !i.bucket && elementOf(store, i.groupBy)))
    return elementAggregateSql(i, store, tenantId, cut);
  const where = whereSql(i, store, tenantId);
  const source = recordsSource(store);
  // `first`: the group's earliest-ingested record (ids are UUIDv7), so groups that tie on their
  // value keep the order their first records arrived in, as rows that tie in a sort do.
  if (!agg?.field || agg.fn === 'count') {
    if (!i.groupBy) return sql`select count(*) as n from ${source} where ${where}`;
    const grouped = sql`select ${groupKeySql(i, store, i.groupBy)} as key, count(*) as n, min(id::text) as first from ${source} where ${where} group by 1`;
    return chosenGroups(grouped, i, 'count', cut);
  }
  // The measure is read from each record once, in a subquery that OFFSET 0 keeps the planner from
  // folding into the aggregates (PostgreSQL does not share the four aggregates' equal arguments:
  // each would extract and check the field again). Measured on 75,000 matches: 185-217 -> 87-94 ms.
  const v = numberOf(store, agg.field);
  if (!i.groupBy)
    return sql`select ${MEASURES} from (select ${v} as v from ${source} where ${where} offset 0) m`;
  const grouped = sql`select key, ${MEASURES}, min(id) as first from (select ${groupKeySql(i, store, i.groupBy)} as key, ${v} as v, id::text as id from ${source} where ${where} offset 0) m group by 1`;
  return chosenGroups(grouped, i, agg.fn, cut);
}

/**
 * For a question with a time window: the earliest matching record inside the window (`first_in`)
 * and the earliest at or after its end (`next_out`), as epoch milliseconds. While the window's start
 * has not passed `first_in` and its end has not passed `next_out`, it holds exactly the same records,
 * so an answer computed for it stands (execute.ts). Each is a min over the store/time index.
 */
function windowEdgesSql(i: Interpretation, store: StoreEntry, tenantId: string): SQL | null {
  if (!i.time) return null;
  const { from, to } = i.time;
  const untimed = whereSql({ ...i, time: null }, store, tenantId);
  const source = recordsSource(store);
  const inside = sql.join(
    [
      untimed,
      ...(from ? [sql`ts >= ${from}::timestamptz`] : []),
      ...(to ? [sql`ts < ${to}::timestamptz`] : []),
    ],
    sql` and `,
  );
  const epochMs = (q: SQL) =>
    sql`(select (extract(epoch from min(ts)) * 1000)::float8 from ${source} where ${q})`;
  const nextOut = to ? epochMs(sql`${untimed} and ts >= ${to}::timestamptz`) : sql`null::float8`;
  return sql`select ${epochMs(inside)} as first_in, ${nextOut} as next_out`;
}

function countSql(i: Interpretation, store: StoreEntry, tenantId: string): SQL {
  return sql`select count(*) as n from ${recordsSource(store)} where ${whereSql(i, store, tenantId)}`;
}

/**
 * "users per country in ascending order": groups sorted on their value the way the question asked.
 * Periods of time are listed oldest first unless the question ranks them ("busiest day").
 */
function groupOrderOf(i: Interpretation): QueryPlan['groupOrder'] {
  const first = i.sort[0];
  // "count orders by date from newest": the periods newest first.
  if (i.bucket && first?.field === i.groupBy && first.dir === 'desc') return 'keyDesc';
  if (i.bucket && first?.field !== GROUP_VALUE) return 'key';
  // "count users by country sorted by country": the groups in the order of their own keys (before,
  // the sort was dropped and the groups came largest first).
  if (!i.bucket && i.limit === null && first && first.field === i.groupBy)
    return first.dir === 'desc' ? 'keyDesc' : 'key';
  return first?.field === GROUP_VALUE && first.dir === 'asc' ? 'asc' : 'desc';
}

export function sortSignature(i: Interpretation): string {
  const first = i.sort[0];
  return first ? `${first.field}:${first.dir}` : 'ts:desc';
}

/** Plans the statements for every store the interpretation reads, for one tenant. */
export function planQuery(
  interpretation: Interpretation,
  stores: StoreEntry[],
  tenantId: string,
  page: PageOptions = {},
): QueryPlan {
  const reading = queryViews(stores).filter((s) => interpretation.mcps.includes(s.id));
  if (reading.length === 0)
    throw new AppError(404, 'NOT_FOUND', 'The stores this question reads no longer exist');
  const agg = interpretation.aggregate;
  const answer = !agg ? 'rows' : interpretation.groupBy ? 'groups' : agg.fn === 'count' ? 'count' : 'value';
  const requested = Math.min(Math.max(1, Math.floor(page.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  const pageable = answer === 'rows' && interpretation.limit === null;
  const pageSize = Math.min(interpretation.limit ?? requested, MAX_PAGE_SIZE);
  const signature = sortSignature(interpretation);
  const cursor = page.cursor && pageable ? decodeCursor(page.cursor, signature) : null;
  const maxGroups = Math.min(interpretation.limit ?? MAX_GROUPS, MAX_GROUPS);
  const groupOrder: QueryPlan['groupOrder'] = answer === 'groups' ? groupOrderOf(interpretation) : 'desc';
  // A bound on a count can be read from a statement that counts only; any other needs the measures.
  const having = interpretation.having;
  const groupsInSql =
    answer === 'groups' &&
    reading.length === 1 &&
    (having === null || having.fn === 'count' || (agg?.field != null && agg.fn !== 'count'));
  const cut: GroupCut = groupsInSql ? { order: groupOrder, limit: maxGroups } : { all: MAX_MERGED_GROUPS };
  return {
    answer,
    pageSize,
    pageable,
    sortSignature: signature,
    sortKeys: (store) => sortKeysOf(interpretation, store),
    maxGroups,
    groupOrder,
    groupsInSql,
    stores: reading.map((store) => ({
      mcp: store.id,
      domain: store.domain,
      rows: answer === 'rows' ? rowsSql(interpretation, store, tenantId, pageSize + 1, cursor) : null,
      count: answer === 'rows' || answer === 'count' ? countSql(interpretation, store, tenantId) : null,
      aggregate:
        answer === 'value' || answer === 'groups' ? aggregateSql(interpretation, store, tenantId, cut) : null,
      edges: windowEdgesSql(interpretation, store, tenantId),
    })),
  };
}
