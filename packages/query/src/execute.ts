/**
 * RAG₂'s entry points, shared by REST, MCP and the admin UI: `answerQuery` interprets, checks the
 * cache, runs the plan's statements (stores in parallel), merges and caches the answer;
 * `explainQuery` shows the interpretation, the plan and the SQL with its parameters without
 * running anything. Read-only by construction: it only ever executes what plan.ts builds.
 */
import { AppError } from '@smartdb/core';
import { type Executor, rowsOf } from '@smartdb/db';
import type { StoreEntry } from '@smartdb/registry';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type QueryCache, UnderstoodQuestions } from './cache.ts';
import { interpretQuery } from './interpret.ts';
import type { QueryLearning } from './learning.ts';
import { mergeGroups, mergeRows, mergeValue, type RawMeasures, type RawRow, toNumber } from './merge.ts';
import { queryViews } from './nested.ts';
import { MAX_MERGED_GROUPS, planQuery, type QueryPlan } from './plan.ts';
import type { Interpretation, QueryRequest, QueryResponse } from './types.ts';

/** A store as an answer's cache key names it: the answer must reflect at least this version. */
export interface StoreVersion {
  id: string;
  version: number;
}

export interface QueryDeps {
  db: Executor;
  /**
   * Where an answer's statements run, given the versions of the stores it reads (those its cache key
   * names): a read replica that has replayed them, say. `db` when absent.
   */
  readFrom?: (tenantId: string, reading: StoreVersion[]) => Promise<Executor>;
  /** The tenant's registry entries, as the region's in-memory registry holds them now. */
  stores: () => StoreEntry[];
  cache?: QueryCache | undefined;
  /** Remembers how recent questions were understood, so repeats skip interpretation. */
  understood?: UnderstoodQuestions | undefined;
  learning?: QueryLearning | undefined;
  now?: () => Date;
}

export interface ExplainedStatement {
  mcp: string;
  purpose: 'rows' | 'count' | 'aggregate';
  text: string;
  params: unknown[];
}

export interface QueryExplanation {
  q: string;
  interpretation: Interpretation;
  confidence: number;
  plan: {
    mcp: string;
    domain: string;
    answer: QueryPlan['answer'];
    statements: ExplainedStatement['purpose'][];
  }[];
  sql: ExplainedStatement[];
}

type Answer = Pick<QueryResponse, 'count' | 'rows' | 'value' | 'groups' | 'next_cursor'>;

const dialect = new PgDialect();

function statementsOf(plan: QueryPlan): { mcp: string; purpose: ExplainedStatement['purpose']; sql: SQL }[] {
  return plan.stores.flatMap((s) =>
    (['rows', 'count', 'aggregate'] as const).flatMap((purpose) => {
      const statement = s[purpose];
      return statement ? [{ mcp: s.mcp, purpose, sql: statement }] : [];
    }),
  );
}

/** The tenant's stores as the engine reads them, nested fields beside their own (nested.ts). */
function tenantStores(deps: QueryDeps, tenantId: string): StoreEntry[] {
  return queryViews(deps.stores().filter((s) => s.tenantId === tenantId));
}

function prepare(stores: StoreEntry[], tenantId: string, request: QueryRequest, now: Date) {
  const interpreted = interpretQuery(request.q, stores, { now, tz: request.tz });
  const page = { limit: request.limit, cursor: request.cursor };
  const plan = planQuery(interpreted.interpretation, stores, tenantId, page);
  const reading = stores.filter((s) => interpreted.interpretation.mcps.includes(s.id));
  return { ...interpreted, plan, page, reading, now };
}

/**
 * A cached answer to a question with a time window, and the window it was computed for: it stands
 * for a later window whose start has not passed `firstIn` and whose end has not passed `nextOut`
 * (plan.ts windowEdgesSql), because such a window holds exactly the same records. Milliseconds;
 * null bounds are open, a null edge means no matching record lies beyond that bound.
 */
interface WindowValidity {
  from: number | null;
  to: number | null;
  firstIn: number | null;
  nextOut: number | null;
}

const msOf = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Whether an answer computed for `valid.from`…`valid.to` is exactly the answer for `time` too. */
function windowHolds(valid: WindowValidity, time: Interpretation['time']): boolean {
  const from = msOf(time?.from ?? null);
  const to = msOf(time?.to ?? null);
  const startHolds =
    from === null
      ? valid.from === null
      : valid.from !== null && valid.from <= from && (valid.firstIn === null || from <= valid.firstIn);
  const endHolds =
    to === null
      ? valid.to === null
      : valid.to !== null && valid.to <= to && (valid.nextOut === null || to <= valid.nextOut);
  return startHolds && endHolds;
}

/**
 * What the cache key says about a time window: which bounds it has and how far each lies behind
 * now, in whole hours. "errors in the last 24 hours" keeps one key all day (its edges decide if an
 * answer still holds); "the last 48 hours" and "today" after noon get keys of their own.
 */
function windowShape(time: Interpretation['time'], nowMs: number) {
  if (!time) return null;
  const hoursAgo = (iso: string | null) =>
    iso === null ? null : Math.round((nowMs - Date.parse(iso)) / 3_600_000);
  return { field: time.field, fromHoursAgo: hoursAgo(time.from), toHoursAgo: hoursAgo(time.to) };
}

async function run(
  db: Executor,
  plan: QueryPlan,
  interpretation: Interpretation,
  reading: StoreEntry[],
  withEdges = false,
): Promise<Answer & { window?: WindowValidity }> {
  const perStore = await Promise.all(
    plan.stores.map(async (s) => {
      const [rows, count, measures, edges] = await Promise.all([
        s.rows ? rowsOf<RawRow>(db, s.rows) : Promise.resolve([]),
        s.count ? rowsOf<{ n: unknown }>(db, s.count) : Promise.resolve([]),
        s.aggregate ? rowsOf<RawMeasures>(db, s.aggregate) : Promise.resolve([]),
        withEdges && s.edges
          ? rowsOf<{ first_in: unknown; next_out: unknown }>(db, s.edges)
          : Promise.resolve([]),
      ]);
      const store = reading.find((r) => r.id === s.mcp)!;
      return {
        plan: s,
        keys: plan.sortKeys(store),
        rows,
        count: toNumber(count[0]?.n) ?? 0,
        measures,
        edges: edges[0],
      };
    }),
  );
  const answer = merge(plan, interpretation, perStore);
  const time = interpretation.time;
  if (!withEdges || !time) return answer;
  const earliest = (values: unknown[]) => {
    const ms = values.map(toNumber).filter((n): n is number => n !== null);
    return ms.length ? Math.min(...ms) : null;
  };
  const window: WindowValidity = {
    from: msOf(time.from),
    to: msOf(time.to),
    firstIn: earliest(perStore.map((s) => s.edges?.first_in)),
    nextOut: earliest(perStore.map((s) => s.edges?.next_out)),
  };
  return { ...answer, window };
}

function merge(
  plan: QueryPlan,
  interpretation: Interpretation,
  perStore: {
    plan: QueryPlan['stores'][number];
    keys: ReturnType<QueryPlan['sortKeys']>;
    rows: RawRow[];
    count: number;
    measures: RawMeasures[];
  }[],
): Answer {
  const count = perStore.reduce((sum, s) => sum + s.count, 0);
  const fn = interpretation.aggregate?.fn ?? 'count';
  switch (plan.answer) {
    case 'rows': {
      const { rows, nextCursor } = mergeRows(
        perStore.map((s) => ({ mcp: s.plan.mcp, domain: s.plan.domain, keys: s.keys, rows: s.rows })),
        plan.pageSize,
        plan.pageable,
        plan.sortSignature,
      );
      return { count, rows, value: null, groups: [], next_cursor: nextCursor };
    }
    case 'count':
      return { count, rows: [], value: count, groups: [], next_cursor: null };
    case 'value': {
      const merged = mergeValue(
        fn,
        perStore.flatMap((s) => s.measures),
      );
      return { count: merged.count, rows: [], value: merged.value, groups: [], next_cursor: null };
    }
    case 'groups': {
      const measures = perStore.flatMap((s) => s.measures);
      const crowded = plan.groupsInSql
        ? undefined
        : perStore.find((s) => s.measures.length > MAX_MERGED_GROUPS);
      if (crowded) {
        throw new AppError(
          422,
          'TOO_MANY_GROUPS',
          `${interpretation.groupBy} has more than ${MAX_MERGED_GROUPS.toLocaleString('en-US')} values in ${crowded.plan.mcp}: ask about one store, or narrow the question with a filter or a time window`,
        );
      }
      const merged = mergeGroups(fn, measures, plan.maxGroups, plan.groupOrder, interpretation.having);
      // One store's statement lists only the groups answered, and counts the records of every group kept.
      const counted = plan.groupsInSql ? (toNumber(measures[0]?.total) ?? 0) : merged.count;
      return { count: counted, rows: [], value: null, groups: merged.groups, next_cursor: null };
    }
  }
}

/** The part of a response that is not the answer itself. */
type ResponseHead = Pick<QueryResponse, 'q' | 'interpretation' | 'confidence' | 'took_ms' | 'cache'>;

/**
 * An answered question. A cached answer stays the JSON text the cache holds: `json()` splices it
 * into the response without parsing it and serialising it again (17 % of the region's CPU per
 * cached answer, profiled); `response()` parses it for callers that want the object.
 */
export class QueryAnswer {
  constructor(
    readonly head: ResponseHead,
    private readonly answer: Answer | string,
    /** The interpretation as JSON, when it was serialised before (a repeated question). */
    private readonly interpretationJson?: string,
  ) {}

  response(): QueryResponse {
    const { q, interpretation, confidence, took_ms, cache } = this.head;
    const answer: Answer = typeof this.answer === 'string' ? JSON.parse(this.answer) : this.answer;
    // The wire order: the question, how it was read, the answer, then how it was served.
    return { q, interpretation, confidence, ...answer, took_ms, cache };
  }

  json(): string {
    if (typeof this.answer !== 'string') return JSON.stringify(this.response());
    const { q, interpretation, confidence, took_ms, cache } = this.head;
    const read = this.interpretationJson ?? JSON.stringify(interpretation);
    // `answer` is a serialised Answer object: its members go between the head's.
    const members = this.answer.slice(1, -1);
    return `{"q":${JSON.stringify(q)},"interpretation":${read},"confidence":${confidence},${members},"took_ms":${took_ms},"cache":"${cache}"}`;
  }
}

/** Answers a question for one tenant. Throws AppError (422 UNPARSEABLE_QUERY, 403 WRITE_REFUSED, 400). */
export async function answerQuery(
  deps: QueryDeps,
  tenantId: string,
  request: QueryRequest,
): Promise<QueryResponse> {
  return (await queryAnswer(deps, tenantId, request)).response();
}

/** `answerQuery`, with a cached answer kept as text until it is sent (see QueryAnswer). */
export async function queryAnswer(
  deps: QueryDeps,
  tenantId: string,
  request: QueryRequest,
): Promise<QueryAnswer> {
  const started = performance.now();
  const head = (
    read: { interpretation: Interpretation; confidence: number },
    cache: ResponseHead['cache'],
  ): ResponseHead => ({
    q: request.q,
    interpretation: read.interpretation,
    confidence: read.confidence,
    took_ms: Math.round((performance.now() - started) * 10) / 10,
    cache,
  });
  const stores = tenantStores(deps, tenantId);
  const registryState = UnderstoodQuestions.registryState(stores);
  const now = deps.now?.() ?? new Date();
  // How the question was understood (or refused) before, under one key per request.
  const asked = UnderstoodQuestions.key(tenantId, request);
  const refused = deps.cache && deps.understood?.refusal(asked, registryState, now.getTime());
  if (refused) throw refused;
  const repeat = await answerRepeat(deps, asked, registryState, now.getTime());
  if (repeat) {
    const { known, text } = repeat;
    known.interpretationJson ??= JSON.stringify(known.interpretation);
    const answered = new QueryAnswer(head(known, 'hit'), text, known.interpretationJson);
    deps.learning?.recordAccess(tenantId, known.interpretation, answered.head.took_ms);
    return answered;
  }
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(stores, tenantId, request, now);
  } catch (e) {
    // A refusal (4xx) depends on the question and the stores only: remembered like an interpretation.
    if (deps.cache && deps.understood && isRefusal(e)) {
      deps.understood.refuse(asked, e, registryState, now.getTime());
    }
    throw e;
  }
  const { interpretation, confidence, plan, page, reading } = prepared;
  // The versions the cache key names, read with it (before any await).
  const versions = reading.map((s) => ({ id: s.id, version: s.version }));
  // COLD stores are not worth cache memory (packages/tiering): their answers are always computed.
  const cache = reading.every((s) => s.tier !== 'COLD') ? deps.cache : undefined;
  const keyed = { ...interpretation, time: windowShape(interpretation.time, now.getTime()) };
  const key = cache ? cache.keyFor(tenantId, keyed, page, reading) : null;
  if (key && deps.understood) {
    deps.understood.set(asked, {
      interpretation,
      confidence,
      answerKey: key,
      registryState,
      validUntilMs: prepared.validUntilMs,
    });
  }
  const cached = key ? usable(await deps.cache?.get(key), interpretation.time) : undefined;
  let result: QueryAnswer;
  if (cached) {
    result = new QueryAnswer(head({ interpretation, confidence }, 'hit'), cached);
  } else {
    const db = deps.readFrom ? await deps.readFrom(tenantId, versions) : deps.db;
    const { window, ...computed } = await run(db, plan, interpretation, reading, key !== null);
    if (key) await deps.cache?.set(key, cacheEntry(computed, window));
    result = new QueryAnswer(head({ interpretation, confidence }, 'miss'), computed);
  }
  deps.learning?.recordAccess(tenantId, interpretation, result.head.took_ms);
  return result;
}

function isRefusal(e: unknown): e is Error & { status: number } {
  const status = (e as { status?: unknown } | null)?.status;
  return e instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

/** A question asked before against the same stores, answered from the cache without re-interpreting it. */
async function answerRepeat(deps: QueryDeps, asked: string, registryState: string, nowMs: number) {
  if (!deps.understood || !deps.cache) return undefined;
  const known = deps.understood.get(asked, registryState, nowMs);
  if (!known) return undefined;
  const text = usable(await deps.cache.get(known.answerKey), known.interpretation.time);
  return text === undefined ? undefined : { known, text };
}

/**
 * A cache entry: the window the answer holds for (JSON, `null` without one), a newline, then the
 * answer's JSON. JSON text never holds a raw newline, so the first one divides them, and only the
 * small window part is parsed on a hit.
 */
function cacheEntry(answer: Answer, window: WindowValidity | undefined): string {
  return `${JSON.stringify(window ?? null)}\n${JSON.stringify(answer)}`;
}

/** A cached answer's JSON, when it is the answer for this window (always, for a question without one). */
function usable(cached: string | undefined, time: Interpretation['time']): string | undefined {
  if (!cached) return undefined;
  const split = cached.indexOf('\n');
  if (split < 0) return undefined;
  if (time) {
    const window = JSON.parse(cached.slice(0, split)) as WindowValidity | null;
    if (!window || !windowHolds(window, time)) return undefined;
  }
  return cached.slice(split + 1);
}

/** The interpretation, the per-store plan and the SQL text with parameters; runs nothing. */
export function explainQuery(deps: QueryDeps, tenantId: string, request: QueryRequest): QueryExplanation {
  const { interpretation, confidence, plan } = prepare(
    tenantStores(deps, tenantId),
    tenantId,
    request,
    deps.now?.() ?? new Date(),
  );
  const statements = statementsOf(plan);
  return {
    q: request.q,
    interpretation,
    confidence,
    plan: plan.stores.map((s) => ({
      mcp: s.mcp,
      domain: s.domain,
      answer: plan.answer,
      statements: statements.filter((st) => st.mcp === s.mcp).map((st) => st.purpose),
    })),
    sql: statements.map((st) => {
      const rendered = dialect.sqlToQuery(st.sql);
      return { mcp: st.mcp, purpose: st.purpose, text: rendered.sql, params: rendered.params };
    }),
  };
}
