// Scenario query: a mix of natural-language questions. Repeated questions are answered from the
// cache; questions with a random figure mostly are not. Latency is split by what the server says
// it did (x-smartdb-cache / the body's "cache" field), so the cached and uncached targets are
// judged on the right requests.
//   k6 run -e BASE_URL=... -e API_KEY=<key> [-e SEED=1000000] load/k6/query.ts
// Env: VUS (default: the clients figure of target query.uncached.p95), DURATION (60s),
// SEED (records to ingest first; needs a write key; default 0 = use the data already there), SCOPE.
import { check } from 'k6';
import http from 'k6/http';
import { Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { BASE_URL, header, headers, scenarioOptions, seed } from './common.ts';
import { clientsOf, type TargetsFile } from './lib.ts';

const targets = JSON.parse(open('../targets.json')) as TargetsFile;

export const options: Options = scenarioOptions(
  targets,
  'query',
  { vus: clientsOf(targets, 'query.uncached.p95'), duration: '60s' },
  { setupTimeout: '30m' },
);

const FIXED = [
  'count error logs by service this week',
  'count warn logs by service today',
  'top 5 orders by amount',
  'latest 20 logs',
  'average amount of orders by status',
  'count users per country',
  'premium users',
  'recent error logs',
  'orders between 2020-01-01 and 2030-12-31',
  'count orders by status last month',
];
const VARIED: ((n: number) => string)[] = [
  (n) => `orders over ${n}`,
  (n) => `count logs with latency_ms above ${n % 900}`,
  (n) => `top ${1 + (n % 50)} orders by amount`,
  (n) => `orders under ${n} this month`,
];

const cachedDuration = new Trend('smartdb_query_cached_duration', true);
const uncachedDuration = new Trend('smartdb_query_uncached_duration', true);

export function setup(): void {
  const count = Number(__ENV.SEED ?? 0);
  if (count > 0) seed(count);
}

export default function query(): void {
  const n = Math.floor(Math.random() * 100_000);
  const q =
    Math.random() < 0.5
      ? (FIXED[n % FIXED.length] as string)
      : (VARIED[n % VARIED.length] as (n: number) => string)(n);
  const res = http.get(`${BASE_URL}/v1/query?q=${encodeURIComponent(q)}`, {
    headers: headers(),
    tags: { name: 'GET /v1/query' },
  });
  check(res, { 'answered (200)': (r) => r.status === 200 });
  if (res.status !== 200) return;
  const edgeCache = header(res, 'x-smartdb-cache');
  const regionCache = res.json('cache');
  const cached = edgeCache === 'HIT' || regionCache === 'hit';
  (cached ? cachedDuration : uncachedDuration).add(res.timings.duration);
}
