/**
 * RAG₂ query benchmark (issue 3), against a real region process and the real PostgreSQL, same run:
 *   data      1,000,000 sample records (100,000 with --quick) loaded through POST /v1/ingest into one
 *             fresh tenant of a scratch database (created here, dropped at the end), then VACUUM ANALYZE
 *   mix       every read question of the public NL set (shared/nlq/public.json), filled as check.mjs does
 *   uncached  50 clients, GET /v1/query with `Cache-Control: no-cache`, p50/p95/p99
 *   cached    the same mix after a warm-up pass, p50/p95/p99
 *   writes    2 single-record writers (a tenant of their own) during the uncached phase (and the hand
 *             SQL phase, so both compete alike), against the same writers alone: questions have
 *             their own pool and must not queue writes
 *   baseline  hand-written SQL for the same answers (count, page of rows, value or groups) through a
 *             postgres.js pool of the region's size, 50 clients; every hand answer is first checked
 *             against the engine's answer, and a mismatch is reported (never hidden)
 * Every phase is bounded in time and in requests; loopback only.
 * Run alone: `node --import tsx load/query-bench.ts [--quick] [--explain] [--keep]`
 *   --explain  also prints EXPLAIN ANALYZE of each question's planner SQL (from /v1/query/explain)
 *   --keep     keeps the scratch database (prints its name); BENCH_QUERY_REUSE=<db>:<tenant>:<now> reuses one
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { Pool } from 'undici';
// @ts-expect-error: the shared sample data set is plain JavaScript without types.
import { dateToken, generate } from '../../shared/nlq/dataset.mjs';
import { startBareHono } from './lib/bare-hono.ts';
import { BENCH_ADMIN_KEY, BENCH_DATABASE_URL, createKey, startRegionProcess } from './lib/region-process.ts';
import { type BenchRow, formatTable, percentile } from './lib/report.ts';

type Sample = { kind: string; data: Record<string, unknown> };
type Sql = postgres.Sql;
type Kind = 'users' | 'messages' | 'logs' | 'metrics' | 'orders';

const CLIENTS = 50;
/** The hand-written SQL gets as many connections as the region's query pool (DATABASE_QUERY_POOL_SIZE). */
const POOL_SIZE = Number(process.env.DATABASE_QUERY_POOL_SIZE ?? 10);
const BATCH = 5_000;
const INGEST_CLIENTS = 3;
const PUBLIC_SET = new URL('../../shared/nlq/public.json', import.meta.url);

/** What an answer is, in the terms both the engine's response and the hand SQL can give. */
interface Answer {
  count: number;
  ids?: string[];
  value?: number | null;
  groups?: Map<string, number>;
}

interface Ctx {
  sql: Sql;
  tenant: string;
  mcp: Record<Kind, string>;
  now: number;
}

interface EngineResponse {
  count: number;
  rows: { id: string }[];
  value: number | null;
  groups: { key: unknown; value: number }[];
  cache: string;
}

// ---------------------------------------------------------------------------------------------
// Hand-written SQL: what a DBA would write for each public question, over the same `records` table
// and its indexes. Each returns the same answer the engine gives: the total `count`, and the page of
// rows (ordered as asked; time desc by default, 50 per page), the aggregate value or the groups.
// Windows use the server clock in UTC, exactly as the time conventions define them.
// ---------------------------------------------------------------------------------------------

type Hand = (c: Ctx) => Promise<Answer>;
type Frag = postgres.PendingQuery<postgres.Row[]> | postgres.Fragment;

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function rowsAndCount(c: Ctx, kind: Kind, where: Frag, order: Frag, limit: number): Promise<Answer> {
  const { sql, tenant } = c;
  const m = c.mcp[kind];
  const [rows, [total]] = await Promise.all([
    sql`select id, ts, data from records where tenant_id = ${tenant} and mcp_id = ${m} and ${where}
        order by ${order} limit ${limit}`,
    sql`select count(*)::int as n from records where tenant_id = ${tenant} and mcp_id = ${m} and ${where}`,
  ]);
  return { count: Number(total!.n), ids: rows.map((r) => String(r.id)) };
}

async function countOnly(c: Ctx, kind: Kind, where: Frag): Promise<Answer> {
  const [row] = await c.sql`select count(*)::int as n from records
    where tenant_id = ${c.tenant} and mcp_id = ${c.mcp[kind]} and ${where}`;
  return { count: Number(row!.n) };
}

const PAGE = 50;

function hands(sql: Sql, now: number, email7: string): Record<string, Hand> {
  const all = sql`true`;
  // `records_store_ts_idx` is (tenant_id, mcp_id, ts DESC NULLS LAST): a DBA matches its nulls order
  // (ts is NOT NULL) so the page is read from the index; plain `order by ts desc` sorts every match.
  const newest = sql`ts desc nulls last, id desc`;
  const d = (days: number) => dateToken(now, days) as string;
  return {
    'show all users': (c) => rowsAndCount(c, 'users', all, newest, PAGE),
    'how many users are there': (c) => countOnly(c, 'users', all),
    'count premium users': (c) => countOnly(c, 'users', sql`data @> '{"plan":"premium"}'`),
    'list users in Europe': (c) => rowsAndCount(c, 'users', sql`data @> '{"region":"Europe"}'`, newest, PAGE),
    'how many users are on the free plan': (c) => countOnly(c, 'users', sql`data @> '{"plan":"free"}'`),
    'find user {EMAIL7}': (c) =>
      rowsAndCount(c, 'users', sql`data @> ${sql.json({ email: email7 })}`, newest, PAGE),
    'show messages from john': (c) =>
      rowsAndCount(c, 'messages', sql`data @> '{"from":"john"}'`, newest, PAGE),
    'messages from john in the last 7 days': (c) =>
      rowsAndCount(
        c,
        'messages',
        sql`data @> '{"from":"john"}' and ts >= now() - interval '7 days'`,
        newest,
        PAGE,
      ),
    'search messages containing deploy': (c) =>
      rowsAndCount(c, 'messages', sql`data ->> 'text' ilike '%deploy%'`, newest, PAGE),
    'how many messages were sent yesterday': (c) =>
      countOnly(
        c,
        'messages',
        sql`ts >= date_trunc('day', now()) - interval '1 day' and ts < date_trunc('day', now())`,
      ),
    'show the 10 most recent messages in project-x': (c) =>
      rowsAndCount(c, 'messages', sql`data @> '{"channel":"project-x"}'`, newest, 10),
    'get messages token xyz123': (c) =>
      rowsAndCount(c, 'messages', sql`data @> '{"token":"xyz123"}'`, newest, PAGE),
    'count error logs today': (c) =>
      countOnly(c, 'logs', sql`data @> '{"level":"error"}' and ts >= date_trunc('day', now())`),
    'show errors from the last 3 hours': (c) =>
      rowsAndCount(
        c,
        'logs',
        sql`data @> '{"level":"error"}' and ts >= now() - interval '3 hours'`,
        newest,
        PAGE,
      ),
    'count warn logs by service this week': async (c) => {
      const rows = await sql`select data ->> 'service' as k, count(*)::int as v from records
        where tenant_id = ${c.tenant} and mcp_id = ${c.mcp.logs}
          and data @> '{"level":"warn"}' and ts >= date_trunc('week', now())
        group by 1`;
      return groupsAnswer(rows);
    },
    'first 20 info logs from worker': (c) =>
      rowsAndCount(
        c,
        'logs',
        sql`data @> '{"level":"info","service":"worker"}'`,
        sql`ts asc nulls first, id asc`,
        20,
      ),
    'logs between {D10} and {D5}': (c) =>
      rowsAndCount(c, 'logs', sql`ts >= ${d(10)}::date and ts < ${d(5)}::date + 1`, newest, PAGE),
    'what is the average cpu usage': (c) =>
      aggregateOf(
        c,
        'metrics',
        sql`avg`,
        sql`(data ->> 'value')::numeric`,
        sql`data @> '{"metric":"cpu_usage"}'`,
      ),
    'max cpu usage on web-1 today': (c) =>
      aggregateOf(
        c,
        'metrics',
        sql`max`,
        sql`(data ->> 'value')::numeric`,
        sql`data @> '{"metric":"cpu_usage","host":"web-1"}' and ts >= date_trunc('day', now())`,
      ),
    'average response time per service in the last 24 hours': async (c) => {
      const rows = await sql`select data ->> 'service' as k, avg((data ->> 'value')::numeric)::float8 as v,
          count(*)::int as n
        from records where tenant_id = ${c.tenant} and mcp_id = ${c.mcp.metrics}
          and data @> '{"metric":"response_time"}' and ts >= now() - interval '24 hours'
        group by 1`;
      return groupsAnswer(rows);
    },
    'total revenue this month': (c) =>
      aggregateOf(
        c,
        'metrics',
        sql`sum`,
        sql`(data ->> 'value')::numeric`,
        sql`data @> '{"metric":"revenue"}' and ts >= date_trunc('month', now())`,
      ),
    'users older than 40': (c) => rowsAndCount(c, 'users', sql`(data ->> 'age')::int > 40`, newest, PAGE),
    'users aged at least 30 in North America': (c) =>
      rowsAndCount(
        c,
        'users',
        sql`data @> '{"region":"North America"}' and (data ->> 'age')::int >= 30`,
        newest,
        PAGE,
      ),
    'top 5 orders by amount': (c) =>
      // Ties keep ingestion order (id asc) whatever the direction, as the engine documents.
      rowsAndCount(c, 'orders', all, sql`(data ->> 'amount')::numeric desc nulls last, id asc`, 5),
    'total amount of paid orders in EUR': (c) =>
      aggregateOf(
        c,
        'orders',
        sql`sum`,
        sql`(data ->> 'amount')::numeric`,
        sql`data @> '{"status":"paid","currency":"EUR"}'`,
      ),
    'how many orders per status': async (c) => {
      const rows = await sql`select data ->> 'status' as k, count(*)::int as v from records
        where tenant_id = ${c.tenant} and mcp_id = ${c.mcp.orders} group by 1`;
      return groupsAnswer(rows);
    },
    'orders over 500': (c) =>
      rowsAndCount(c, 'orders', sql`(data ->> 'amount')::numeric > 500`, newest, PAGE),
    'show refunded orders since {D20}': (c) =>
      rowsAndCount(c, 'orders', sql`data @> '{"status":"refunded"}' and ts >= ${d(20)}::date`, newest, PAGE),
  };
}

async function aggregateOf(c: Ctx, kind: Kind, fn: Frag, measure: Frag, where: Frag): Promise<Answer> {
  const [row] = await c.sql`select ${fn}(${measure})::float8 as v, count(*)::int as n
    from records where tenant_id = ${c.tenant} and mcp_id = ${c.mcp[kind]} and ${where}`;
  return { count: Number(row!.n), value: n(row!.v) };
}

function groupsAnswer(rows: postgres.RowList<postgres.Row[]>): Answer {
  const groups = new Map<string, number>();
  let count = 0;
  for (const r of rows) {
    groups.set(String(r.k), Number(r.v));
    count += Number(r.n ?? r.v);
  }
  return { count, groups };
}

// ---------------------------------------------------------------------------------------------
// Question mix
// ---------------------------------------------------------------------------------------------

interface Question {
  template: string;
  q: string;
  path: string;
  hand: Hand;
}

function questionMix(now: number, email7: string, sql: Sql): Question[] {
  const set = JSON.parse(readFileSync(PUBLIC_SET, 'utf8')) as {
    queries: { q: string; expect: { result: string } }[];
  };
  const byTemplate = hands(sql, now, email7);
  const reads = set.queries.filter((x) => x.expect.result !== 'refused' && x.expect.result !== 'unparseable');
  return reads.map(({ q: template }) => {
    const hand = byTemplate[template];
    if (!hand) throw new Error(`no hand-written SQL for public question "${template}"`);
    const q = template
      .replace(/\{D(\d+)\}/g, (_, d) => dateToken(now, Number(d)) as string)
      .replace(/\{EMAIL(\d+)\}/g, () => email7);
    return { template, q, path: `/v1/query?q=${encodeURIComponent(q)}`, hand };
  });
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

function* batches(total: number, now: number): Generator<string> {
  let made = 0;
  let pending: Record<string, unknown>[] = [];
  for (let seed = 1; made < total; seed++) {
    for (const r of generate(now, seed).records as Sample[]) {
      if (made === total) break;
      pending.push(r.data);
      made++;
      if (pending.length === BATCH) {
        yield JSON.stringify(pending);
        pending = [];
      }
    }
  }
  if (pending.length) yield JSON.stringify(pending);
}

async function load(url: string, key: string, total: number, now: number): Promise<number> {
  const source = batches(total, now);
  const started = performance.now();
  const deadline = Date.now() + 15 * 60_000;
  await Promise.all(
    Array.from({ length: INGEST_CLIENTS }, async () => {
      for (let next = source.next(); !next.done; next = source.next()) {
        if (Date.now() > deadline) throw new Error('load did not finish within 15 minutes');
        const res = await fetch(`${url}/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: next.value,
        });
        if (res.status !== 201) throw new Error(`ingest ${res.status}: ${(await res.text()).slice(0, 300)}`);
        await res.arrayBuffer();
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function firstUserEmail(now: number, index: number): string {
  const users = (generate(now, 1).records as Sample[])
    .filter((r) => r.kind === 'users')
    .map((r) => r.data as { id: string; email: string })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return users[index]!.email;
}

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

interface Phase {
  all: number[];
  per: Map<string, number[]>;
  errors: number;
  wrongCache: number;
  wrongBy: Map<string, number>;
  seconds: number;
}

/** `clients` workers take questions round-robin until `seconds` pass or `max` requests are sent. */
async function closedLoop(
  questions: Question[],
  seconds: number,
  max: number,
  once: (q: Question) => Promise<'ok' | 'error' | 'wrong-cache'>,
  clients = CLIENTS,
): Promise<Phase> {
  const phase: Phase = { all: [], per: new Map(), errors: 0, wrongCache: 0, wrongBy: new Map(), seconds };
  for (const q of questions) phase.per.set(q.template, []);
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline && next < max) {
        const q = questions[next++ % questions.length]!;
        const started = performance.now();
        let outcome: Awaited<ReturnType<typeof once>>;
        try {
          outcome = await once(q);
        } catch {
          outcome = 'error';
        }
        const ms = performance.now() - started;
        if (outcome === 'error') phase.errors++;
        else {
          if (outcome === 'wrong-cache') {
            phase.wrongCache++;
            phase.wrongBy.set(q.q, (phase.wrongBy.get(q.q) ?? 0) + 1);
          }
          phase.all.push(ms);
          phase.per.get(q.template)!.push(ms);
        }
      }
    }),
  );
  phase.all.sort((a, b) => a - b);
  for (const xs of phase.per.values()) xs.sort((a, b) => a - b);
  return phase;
}

function httpOnce(pool: Pool, key: string, cached: boolean) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (!cached) headers['cache-control'] = 'no-cache';
  const want = cached ? '"cache":"hit"' : '"cache":"miss"';
  return async (q: Question) => {
    const res = await pool.request({ method: 'GET', path: q.path, headers });
    const text = await res.body.text();
    if (res.statusCode !== 200) return 'error' as const;
    return text.includes(want) ? ('ok' as const) : ('wrong-cache' as const);
  };
}

/**
 * Single-record writes from `clients` sequential writers into a tenant of their own (the questions'
 * answers stay as checked), for `seconds` or `max` writes: their latencies, sorted.
 */
async function writes(
  url: string,
  key: string,
  seconds: number,
  clients = 2,
  max = 20_000,
): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline && latencies.length < max) {
        const started = performance.now();
        const res = await fetch(`${url}/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            level: 'info',
            service: 'bench',
            message: 'w',
            timestamp: new Date().toISOString(),
          }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`write during the question storm: ${res.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function engineAnswer(url: string, key: string, q: Question): Promise<Answer> {
  const res = await fetch(`${url}${q.path}`, {
    headers: { authorization: `Bearer ${key}`, 'cache-control': 'no-cache' },
  });
  if (res.status !== 200) throw new Error(`"${q.q}": ${res.status} ${(await res.text()).slice(0, 300)}`);
  const body = (await res.json()) as EngineResponse;
  const answer: Answer = { count: body.count, ids: body.rows.map((r) => r.id), value: body.value };
  if (body.groups.length) answer.groups = new Map(body.groups.map((g) => [String(g.key), Number(g.value)]));
  return answer;
}

const close = (a: number | null | undefined, b: number | null | undefined) =>
  (a === null || a === undefined) && (b === null || b === undefined)
    ? true
    : typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 0.01 + 1e-9 * Math.abs(b);

function compare(engine: Answer, hand: Answer): string | null {
  if (engine.count !== hand.count) return `count: engine ${engine.count}, hand SQL ${hand.count}`;
  if (hand.value !== undefined && !close(engine.value, hand.value))
    return `value: engine ${engine.value}, hand SQL ${hand.value}`;
  if (hand.groups) {
    const got = engine.groups ?? new Map<string, number>();
    if (got.size !== hand.groups.size) return `groups: engine ${got.size}, hand SQL ${hand.groups.size}`;
    for (const [k, v] of hand.groups)
      if (!close(got.get(k), v)) return `group ${k}: engine ${got.get(k)}, hand SQL ${v}`;
  }
  if (hand.ids) {
    const want = hand.ids;
    const got = engine.ids ?? [];
    if (got.length !== want.length) return `rows: engine ${got.length}, hand SQL ${want.length}`;
    const i = got.findIndex((id, j) => id !== want[j]);
    if (i >= 0) return `row ${i}: engine ${got[i]}, hand SQL ${want[i]}`;
  }
  return null;
}

async function explainAll(url: string, key: string, sql: Sql, questions: Question[]): Promise<string[]> {
  const out: string[] = [];
  for (const q of questions) {
    const res = await fetch(`${url}/v1/query/explain?q=${encodeURIComponent(q.q)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await res.json()) as { sql: { purpose: string; text: string; params: unknown[] }[] };
    for (const st of body.sql) {
      // Bind jsonb parameters as text (as drizzle's driver does) so postgres.js does not re-encode them.
      const plan = await sql.unsafe(
        `explain (analyze, buffers, format text) ${st.text.replace(/(\$\d+)::jsonb/g, '$1::text::jsonb')}`,
        st.params as postgres.ParameterOrJSON<never>[],
      );
      const lines = plan.map((r) => String(r['QUERY PLAN']));
      out.push(
        `### ${q.q} [${st.purpose}]\n${st.text}\n-- ${JSON.stringify(st.params)}\n${lines.join('\n')}`,
      );
    }
  }
  return out;
}

function stat(xs: number[], p: number): number {
  return percentile(xs, p);
}

function breakdown(questions: Question[], phases: Record<string, Phase>): string {
  const names = Object.keys(phases);
  const head = `| question | ${names.map((x) => `${x} p50 / p95 ms`).join(' | ')} |`;
  const sep = `|---|${names.map(() => '---').join('|')}|`;
  const lines = questions.map((q) => {
    const cells = names.map((name) => {
      const xs = phases[name]!.per.get(q.template) ?? [];
      return `${stat(xs, 50).toFixed(1)} / ${stat(xs, 95).toFixed(1)} (n=${xs.length})`;
    });
    return `| ${q.q} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...lines].join('\n');
}

export async function runQueryBench({ quick = false, explain = false } = {}): Promise<BenchRow[]> {
  const total = quick ? 100_000 : 1_000_000;
  const seconds = quick ? 8 : 20;
  const maxRequests = 2_000_000;
  const label = quick ? 'NL query, 100k records (quick)' : 'NL query, 1M records';
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  const reuse = process.env.BENCH_QUERY_REUSE?.split(':');
  const stamp = Date.now().toString(36);
  const dbName = reuse?.[0] ?? `smartdb_bench_${stamp}`;
  const keep = process.argv.includes('--keep') || Boolean(reuse);
  if (!reuse) await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(BENCH_DATABASE_URL);
  dbUrl.pathname = `/${dbName}`;
  const region = await startRegionProcess('bench-query', {
    DATABASE_URL: dbUrl.toString(),
    SMARTDB_ADMIN_KEY: BENCH_ADMIN_KEY,
  });
  const sql = postgres(dbUrl.toString(), {
    max: POOL_SIZE,
    onnotice: () => {},
    connection: { TimeZone: 'UTC' },
  });
  const pool = new Pool(region.url, { connections: CLIENTS, pipelining: 1 });
  try {
    const tenant = reuse?.[1] ?? `bench-q-${stamp}`;
    const key = await createKey(region.url, tenant, 'write');
    const now = reuse?.[2] ? Number(reuse[2]) : Date.now();
    let ingestRate = Number.NaN;
    if (!reuse) {
      ingestRate = await load(region.url, key, total, now);
      await sql.unsafe('vacuum analyze records');
      console.error(
        `# loaded ${total} records at ${Math.round(ingestRate)} rec/s into ${dbName} / ${tenant}`,
      );
    }
    const mcps = await sql`select id, domain from mcps where tenant_id = ${tenant}`;
    const mcp = Object.fromEntries(mcps.map((r) => [String(r.domain), String(r.id)])) as Record<Kind, string>;
    for (const kind of ['users', 'messages', 'logs', 'metrics', 'orders'] as const)
      if (!mcp[kind]) throw new Error(`no ${kind} store learned (stores: ${JSON.stringify(mcps)})`);
    const ctx: Ctx = { sql, tenant, mcp, now };
    const questions = questionMix(now, firstUserEmail(now, 7), sql);

    // Correctness first: every hand answer against the engine's.
    const mismatches: string[] = [];
    for (const q of questions) {
      const [engine, hand] = [await engineAnswer(region.url, key, q), await q.hand(ctx)];
      const why = compare(engine, hand);
      if (why) mismatches.push(`"${q.q}": ${why}`);
    }
    for (const m of mismatches) console.error(`# MISMATCH ${m}`);
    if (explain) for (const block of await explainAll(region.url, key, sql, questions)) console.error(block);

    const measure = async (tag: string) => {
      const engineOnce = httpOnce(pool, key, false);
      const handOnce = async (q: Question) => q.hand(ctx).then(() => 'ok' as const);
      // Warm-up, bounded; then one client at a time (service time), then 50 clients.
      await closedLoop(questions, 2, questions.length * 4, engineOnce);
      const single = await closedLoop(questions, seconds / 2, maxRequests, engineOnce, 1);
      // Writes go on during the 50-client storm: questions have their own pool, so they must not
      // queue a write behind them (compared with the same writers alone, below).
      const [uncached, writesDuring] = await Promise.all([
        closedLoop(questions, seconds, maxRequests, engineOnce),
        writes(region.url, writerKey, seconds),
      ]);
      await closedLoop(questions, 2, questions.length * 4, handOnce);
      const handSingle = await closedLoop(questions, seconds / 2, maxRequests, handOnce, 1);
      // The same writers through the hand-written SQL's storm: both sides share the cores alike.
      const [hand] = await Promise.all([
        closedLoop(questions, seconds, maxRequests, handOnce),
        writes(region.url, writerKey, seconds),
      ]);
      console.error(`# measured${tag}`);
      return { tag, uncached, hand, single, handSingle, writesDuring };
    };

    const writerKey = await createKey(region.url, `${tenant}-writer`, 'write');
    const writesAlone = await writes(region.url, writerKey, seconds / 2);
    const plain = await measure('');
    // Cached: warm every answer into the cache, then the same mix.
    const bodies: Record<string, unknown> = {};
    for (const q of questions) {
      const res = await pool.request({
        method: 'GET',
        path: q.path,
        headers: { authorization: `Bearer ${key}` },
      });
      bodies[q.path] = await res.body.json();
    }
    const cached = await closedLoop(questions, seconds, maxRequests, httpOnce(pool, key, true));
    // The floor under it: a bare Hono process answering the same bodies to the same 50 clients.
    const bare = await startBareHono(bodies);
    const barePool = new Pool(bare.url, { connections: CLIENTS, pipelining: 1 });
    const bareOnce = async (q: Question) => {
      const res = await barePool.request({
        method: 'GET',
        path: q.path,
        headers: { authorization: `Bearer ${key}` },
      });
      const text = await res.body.text();
      return res.statusCode === 200 && text.length > 2 ? ('ok' as const) : ('error' as const);
    };
    await closedLoop(questions, 1, questions.length * 4, bareOnce);
    const bareLoop = await closedLoop(questions, seconds, maxRequests, bareOnce).finally(async () => {
      await barePool.close();
      bare.child.kill('SIGTERM');
    });
    // Questions the cache served (at least 90 % hits) measured alone: a moving window ("last 3
    // hours") is served until a record crosses one of its edges, so a question whose window keeps
    // crossing records would fall out here.
    const cacheable = questions.filter(
      (q) => (cached.wrongBy.get(q.q) ?? 0) <= 0.1 * (cached.per.get(q.template)?.length ?? 0),
    );
    const uncacheable = questions.filter((q) => !cacheable.includes(q)).map((q) => q.q);
    if (uncacheable.length) console.error(`# mostly missed the cache: ${JSON.stringify(uncacheable)}`);
    const cachedOnly = await closedLoop(cacheable, seconds, maxRequests, httpOnce(pool, key, true));

    const rows: BenchRow[] = [];
    const mix = `${questions.length} public read questions, ${CLIENTS} clients`;
    const push = (r: Omit<BenchRow, 'scenario'>, scenario = label) => rows.push({ scenario, ...r });
    const phaseRows = (tag: string, uncached: Phase, hand: Phase, single: Phase, handSingle: Phase) => {
      const p95 = stat(uncached.all, 95);
      const h95 = stat(hand.all, 95);
      const s = `${label}${tag}`;
      push(
        {
          metric: `uncached p50 (${mix})`,
          target: 'info',
          measured: stat(uncached.all, 50),
          unit: 'ms',
          pass: true,
        },
        s,
      );
      push(
        {
          metric: `uncached p95 (${mix})`,
          target: '< 25 ms',
          measured: p95,
          unit: 'ms',
          baseline: { name: 'hand SQL p95', value: h95 },
          pass: p95 < 25 && uncached.errors === 0 && uncached.wrongCache === 0,
        },
        s,
      );
      push(
        {
          metric: 'uncached p95 / hand-written SQL p95',
          target: '<= 1.5',
          measured: p95 / h95,
          unit: 'x',
          baseline: { name: 'hand SQL p95', value: h95 },
          ratio: p95 / h95,
          pass: p95 / h95 <= 1.5 && mismatches.length === 0,
        },
        s,
      );
      push(
        { metric: 'uncached p99', target: 'info', measured: stat(uncached.all, 99), unit: 'ms', pass: true },
        s,
      );
      push(
        {
          metric: 'uncached throughput',
          target: 'info',
          measured: uncached.all.length / uncached.seconds,
          unit: 'q/s',
          baseline: { name: 'hand SQL', value: hand.all.length / hand.seconds },
          pass: true,
        },
        s,
      );
      push(
        {
          metric: 'uncached p95, 1 client (service time)',
          target: 'info',
          measured: stat(single.all, 95),
          unit: 'ms',
          baseline: { name: 'hand SQL 1 client', value: stat(handSingle.all, 95) },
          ratio: stat(single.all, 95) / stat(handSingle.all, 95),
          pass: true,
        },
        s,
      );
      push(
        {
          metric: `hand SQL p50 (pool ${POOL_SIZE})`,
          target: 'baseline',
          measured: stat(hand.all, 50),
          unit: 'ms',
          pass: true,
        },
        s,
      );
      push(
        { metric: 'hand SQL p99', target: 'baseline', measured: stat(hand.all, 99), unit: 'ms', pass: true },
        s,
      );
      if (uncached.errors || uncached.wrongCache)
        console.error(`# uncached${tag}: ${uncached.errors} errors, ${uncached.wrongCache} not "miss"`);
    };
    phaseRows('', plain.uncached, plain.hand, plain.single, plain.handSingle);
    push({ metric: 'cached p50', target: 'info', measured: stat(cached.all, 50), unit: 'ms', pass: true });
    const bareP99 = stat(bareLoop.all, 99);
    push({
      metric: 'cached p99',
      target: '< 2 ms',
      measured: stat(cached.all, 99),
      unit: 'ms',
      baseline: { name: 'bare Hono p99', value: bareP99 },
      ratio: stat(cached.all, 99) / bareP99,
      pass: stat(cached.all, 99) < 2 && cached.errors === 0 && cached.wrongCache === 0,
    });
    push({
      metric: `bare Hono p99, the same ${questions.length} answer bodies, ${CLIENTS} clients`,
      target: 'baseline',
      measured: bareP99,
      unit: 'ms',
      pass: bareLoop.errors === 0,
    });
    push({
      metric: 'bare Hono throughput, the same bodies',
      target: 'baseline',
      measured: bareLoop.all.length / bareLoop.seconds,
      unit: 'q/s',
      pass: true,
    });
    push({
      metric: `cached p99, the ${cacheable.length} questions the cache served (>= 90 % hits), measured alone`,
      target: 'info',
      measured: stat(cachedOnly.all, 99),
      unit: 'ms',
      pass: true,
    });
    push({
      metric: 'cached throughput',
      target: 'info',
      measured: cached.all.length / cached.seconds,
      unit: 'q/s',
      pass: true,
    });
    if (cached.errors || cached.wrongCache)
      console.error(
        `# cached: ${cached.errors} errors, ${cached.wrongCache} not "hit": ${JSON.stringify([...cached.wrongBy])}`,
      );
    const writeP99 = stat(plain.writesDuring, 99);
    push({
      metric: 'single-record write p99, 2 writers alone',
      target: 'baseline',
      measured: stat(writesAlone, 99),
      unit: 'ms',
      pass: true,
    });
    push({
      metric: 'single-record write p99, 2 writers during the 50 uncached question clients',
      target: 'info',
      measured: writeP99,
      unit: 'ms',
      baseline: { name: 'writes alone p99', value: stat(writesAlone, 99) },
      ratio: writeP99 / stat(writesAlone, 99),
      pass: true,
    });
    push({
      metric: 'engine answers equal to hand SQL',
      target: `${questions.length}/${questions.length}`,
      measured: questions.length - mismatches.length,
      unit: `/ ${questions.length}`,
      pass: mismatches.length === 0,
    });
    const phases: Record<string, Phase> = {
      'engine 1c': plain.single,
      'hand 1c': plain.handSingle,
      engine: plain.uncached,
      hand: plain.hand,
      cached,
    };

    console.error(breakdown(questions, phases));
    if (!Number.isNaN(ingestRate))
      push({
        metric: 'load through POST /v1/ingest (info)',
        target: 'info',
        measured: ingestRate,
        unit: 'rec/s',
        pass: true,
      });
    if (keep)
      console.error(`# kept database ${dbName}; reuse with BENCH_QUERY_REUSE=${dbName}:${tenant}:${now}`);
    return rows;
  } finally {
    await pool.close();
    await sql.end({ timeout: 2 });
    await region.stop();
    if (!keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 2 });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runQueryBench({
    quick: process.argv.includes('--quick'),
    explain: process.argv.includes('--explain'),
  });
  console.log(formatTable(rows));
}
