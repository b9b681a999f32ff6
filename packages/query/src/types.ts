/**
 * The wire shapes of RAG₂ (ARCHITECTURE "Query response"): the interpretation of a question and
 * the answer. Plain types (and the one name a sort of groups uses); the HTTP layer owns the zod
 * schemas that validate input.
 */

export type Intent = 'find' | 'count' | 'aggregate' | 'search';
export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'startswith' | 'endswith' | 'in';
export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
/** The comparisons a bound on each group's aggregate may make. */
export type HavingOp = '>' | '>=' | '<' | '<=' | '=' | '!=';
export type JsonScalar = string | number | boolean | null;
/** The periods of time a store's time field may be grouped by. */
export type BucketUnit = 'hour' | 'day' | 'week' | 'month';

export interface Filter {
  field: string;
  op: FilterOp;
  value: JsonScalar | JsonScalar[];
}

/**
 * The field a grouped interpretation sorts on to order its groups by their aggregate
 * (`groups[].value`), as the sort of rows names a field of the records.
 */
export const GROUP_VALUE = 'value';

export interface SortKey {
  field: string;
  dir: 'asc' | 'desc';
}

export interface Interpretation {
  intent: Intent;
  /** The domain asked about; '*' when the question spans stores of several domains. */
  domain: string;
  /** Store ids the question reads; several when it fans out. */
  mcps: string[];
  filters: Filter[];
  /** Free text searched for in the stores' text fields. */
  text: string | null;
  /** Window on the store's time field (records.ts); ISO-8601 bounds, `to` exclusive. */
  time: { field: string; from: string | null; to: string | null } | null;
  sort: SortKey[];
  limit: number | null;
  aggregate: { fn: AggregateFn; field: string | null } | null;
  groupBy: string | null;
  /**
   * A bound on each group's aggregate (SQL's HAVING): "services with more than 10 errors" keeps the
   * groups whose count is over 10, "hosts with average cpu above 50" those whose average is. `fn` and
   * `field` say which aggregate of the group is bounded (a count, or the grouped aggregate itself).
   * Applied to each group's value across every store read; only the kept groups are answered (sorted
   * and cut to `limit` after the bound), and `count` is then the number of matching records in every
   * group kept, as without a bound it is every match whatever `limit` lists. Null when no bound is
   * asked (and always null without `groupBy`).
   */
  having: { fn: AggregateFn; field: string | null; op: HavingOp; value: number } | null;
  /**
   * "errors per hour today", "daily revenue this month": `groupBy` names the store's time field
   * ('ts' across domains) and each group is one period of it, cut at `unit` boundaries in the zone
   * `tz` (the request's, 'UTC' when none; weeks start Monday). A group's key is the period's start
   * as an ISO-8601 instant in UTC; groups are listed oldest first (the newest kept when there are
   * more than an answer lists) unless the question ranks them,
   * and periods that hold no matching record are absent. Null for every other question.
   */
  bucket: { unit: BucketUnit; tz: string } | null;
}

export interface InterpretedQuestion {
  interpretation: Interpretation;
  /** 0..1: how much of the question was grounded in the tenant's registry. */
  confidence: number;
  /**
   * Epoch ms until which the same question reads the same against the same stores: its time window
   * moves on then (the next second for "the last 3 hours", the next local midnight for "today").
   */
  validUntilMs: number;
}

export interface AnswerRow {
  id: string;
  domain: string;
  mcp: string;
  ts: string;
  data: unknown;
}

export interface AnswerGroup {
  key: JsonScalar;
  value: number | null;
}

export interface QueryResponse {
  q: string;
  interpretation: Interpretation;
  confidence: number;
  /**
   * Always the number of records that match, whatever the page or aggregate; with a bound on the
   * groups (`interpretation.having`), the number of matching records in the groups the bound keeps.
   */
  count: number;
  rows: AnswerRow[];
  value: number | null;
  groups: AnswerGroup[];
  /** Opaque keyset cursor for the next page of rows; null on the last page. */
  next_cursor: string | null;
  took_ms: number;
  cache: 'hit' | 'miss';
}

export interface QueryRequest {
  q: string;
  limit?: number | undefined;
  cursor?: string | undefined;
  tz?: string | undefined;
}
