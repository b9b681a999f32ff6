/**
 * The reading in progress: the Draft the grammar's rules fill in as they consume words, the
 * Grounding each rule is handed, and the refusal of a question nothing grounds.
 */
import { AppError } from '@smartdb/core';
import type { StoreEntry } from '@smartdb/registry';
import type { Question } from './question.ts';
import { suggestQuestions } from './suggestions.ts';
import type { AggregateFn, BucketUnit, Filter, FilterOp, HavingOp, JsonScalar, SortKey } from './types.ts';
import type { StoreVocabulary } from './vocabulary.ts';
import type { Token } from './words.ts';

export interface Draft {
  count: boolean;
  aggregate: { fn: AggregateFn; field: string | null } | null;
  groupBy: string | null;
  /**
   * "services with more than 10 errors", "hosts with average cpu above 50": a bound on each group,
   * on how many records it holds (`count`) or on the aggregate the question asks of it.
   */
  having: { op: HavingOp; value: number; on: 'count' | 'aggregate' } | null;
  /** "per day", "hourly": `groupBy` is the time field, cut into these periods. */
  bucket: BucketUnit | null;
  sort: SortKey[];
  limit: number | null;
  /**
   * "the latest 3 orders", "the 5 oldest users": the end of the time field a few records were taken
   * from, which an order said besides ("sorted by date ascending", "oldest first") only displays:
   * taken as the sort, it answered the records at the other end. ("the first 3 orders sorted by date
   * descending" are the first 3 of that list.)
   */
  timeRanked: SortKey['dir'] | null;
  /** "top N …" seen, waiting for "by F" to name the field. */
  rank: { dir: 'asc' | 'desc' } | null;
  /** Where a "top N" naming no records stands ("errors per service, top 3"), or null. */
  bareRank: number | null;
  /** Why a value read for a field that learned every value it holds, and not this one, is refused. */
  unheld: string | null;
  /** Whether the sort was only filled in for a "top N" that named no field to rank by. */
  rankDefault: boolean;
  filters: Filter[];
  text: string | null;
  search: boolean;
  /** "how much" with nothing yet to say whether a total or an average is meant. */
  implied: boolean;
  /** "top 5 customers": people ranked with nothing named to rank them by are ranked by what they spent. */
  byMeasure: boolean;
  /**
   * "highest first": the direction of the sort, and the field to sort when none is named; no field
   * when only the value of each group can be meant ("fewest first").
   */
  direction: { field: string | null; dir: SortKey['dir'] } | null;
  /** Why the question asks for something no interpretation can say ("per day", "not mentioning"). */
  unsupported: string | null;
  /** Words of the question behind `unsupported`, with what could be said instead ("a day" → "in the last day"). */
  unsupportedFix: { said: string; fixes: string[] } | null;
  /** Words of bounds ("with amount over 600"): a field named in a condition asks for no measure of it. */
  bounded: Set<Token>;
  /**
   * Where the word after an aggregate that named no field stands ("average salary"): the store's
   * measure was taken for it, which is only right if a rule explains that word some other way.
   */
  unnamedMeasure: number | null;
}

export interface Grounding {
  q: Question;
  v: StoreVocabulary;
  draft: Draft;
  /** The field time words refer to; 'ts' when stores of several domains are read. */
  timeField: string;
  /** Whether the question asks for a window of time ("over the last week", "today"). */
  windowed?: boolean;
  /**
   * Where the last excluded value ended and its field: "except debug and info" excludes both; `listed`
   * when a word that leaves out a list excluded it ("orders except usd and refunded" excludes both).
   */
  excluded?: { end: number; field: string; listed: boolean };
  /** The vocabularies of the stores not read, whose values a word may name instead. */
  others: StoreVocabulary[];
}

export function unparseable(stores: StoreEntry[], message: string, details?: unknown): AppError {
  return new AppError(422, 'UNPARSEABLE_QUERY', message, {
    details,
    suggestions: suggestQuestions(stores),
  });
}

export function addFilter(draft: Draft, field: string, op: FilterOp, value: JsonScalar): void {
  const same = draft.filters.find((f) => f.field === field && (f.op === op || (f.op === 'in' && op === '=')));
  if (same && (op === '=' || op === 'in')) {
    const values = Array.isArray(same.value) ? same.value : [same.value];
    // "errors and exceptions": the same value said twice is still one condition of equality.
    if (values.includes(value)) return;
    same.value = [...values, value];
    same.op = 'in';
    return;
  }
  draft.filters.push({ field, op, value });
}
