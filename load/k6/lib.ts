// Pure helpers shared by the k6 scripts and the deploy tests: turning load/targets.json into k6
// thresholds, a Zipf sampler, and the synthetic records. No k6 module and no k6 global may be
// used here, so vitest can import this file under Node.

export type Comparison = '<' | '<=' | '>' | '>=';

export type Target = {
  id: string;
  source: 'design' | 'architecture';
  what: string;
  scenarios: string[];
  measure: string;
  stat: string;
  op: Comparison;
  value: number;
  optimized?: number;
  unit: string;
  scope?: 'cluster';
  baseline?: string;
  clients?: number;
  records?: number;
  zipf?: number;
  k6_metric?: string;
};

export type TargetsFile = { targets: Target[] };

const AGGREGATES: Record<string, string> = {
  p50: 'p(50)',
  p95: 'p(95)',
  p99: 'p(99)',
  avg: 'avg',
  max: 'max',
  rate: 'rate',
};

/** The k6 thresholds a scenario must meet, keyed by metric and filtered to that scenario. */
export function thresholdsFor(
  file: TargetsFile,
  scenario: string,
  scope: string | undefined,
): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const t of file.targets) {
    if (!t.scenarios.includes(scenario)) continue;
    if (t.scope === 'cluster' && scope !== 'cluster') continue;
    if (!t.k6_metric) throw new Error(`target ${t.id} names scenario ${scenario} but no k6_metric`);
    const aggregate = AGGREGATES[t.stat];
    if (!aggregate) throw new Error(`target ${t.id}: statistic ${t.stat} has no k6 equivalent`);
    const key = `${t.k6_metric}{scenario:${scenario}}`;
    thresholds[key] = [...(thresholds[key] ?? []), `${aggregate}${t.op}${t.value}`];
  }
  return thresholds;
}

/** The one target with this id; a typo in a script fails at start, not silently. */
export function target(file: TargetsFile, id: string): Target {
  const t = file.targets.find((x) => x.id === id);
  if (!t) throw new Error(`no target ${id} in targets.json`);
  return t;
}

/** The client count a target is defined at (for example 64 for single-record ingest). */
export function clientsOf(file: TargetsFile, id: string): number {
  const clients = target(file, id).clients;
  if (clients === undefined) throw new Error(`target ${id} names no client count`);
  return clients;
}

/**
 * Samples ranks 0..n-1 with P(k) proportional to 1/(k+1)^s, by binary search over the
 * cumulative distribution (built once; sampling is O(log n)).
 */
export function zipfSampler(n: number, s: number): (uniform: number) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += 1 / (k + 1) ** s;
    cdf[k] = sum;
  }
  for (let k = 0; k < n; k++) cdf[k] = (cdf[k] ?? 0) / sum;
  return (uniform) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 1) < uniform) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SERVICES = ['api', 'auth', 'billing', 'search', 'worker'];
const LEVELS = ['debug', 'info', 'info', 'info', 'warn', 'error'];
const STATUSES = ['pending', 'paid', 'shipped', 'refunded'];
const PLANS = ['free', 'pro', 'premium'];
const COUNTRIES = ['US', 'DE', 'FR', 'JP', 'SG', 'BR', 'IN'];

function pick<T>(values: T[], i: number): T {
  return values[i % values.length] as T;
}

/** A deterministic synthetic record of one of the three shapes the load mix uses. */
export function syntheticRecord(i: number, nowMs: number): Record<string, unknown> {
  const ts = new Date(nowMs - (i % 1_209_600) * 1000).toISOString();
  switch (i % 3) {
    case 0:
      return {
        timestamp: ts,
        level: pick(LEVELS, i * 7),
        service: pick(SERVICES, i),
        message: `request ${i} handled`,
        latency_ms: (i * 37) % 900,
      };
    case 1:
      return {
        order_id: `o-${i}`,
        customer: `c-${i % 5000}`,
        amount: ((i * 7919) % 100_000) / 100,
        status: pick(STATUSES, i),
        created_at: ts,
      };
    default:
      return {
        user_id: `u-${i}`,
        name: `user ${i}`,
        email: `user${i}@example.com`,
        plan: pick(PLANS, i),
        country: pick(COUNTRIES, i),
        signup_at: ts,
      };
  }
}
