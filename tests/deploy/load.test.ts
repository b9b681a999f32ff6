// The load suite's contract: load/targets.json holds every target (the design document's and
// ARCHITECTURE.md's) in one shape; each k6 script reads its thresholds from it; the scripts
// type-check against @types/k6.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TargetsFile, thresholdsFor, zipfSampler } from '../../load/k6/lib.ts';

const root = join(import.meta.dirname, '..', '..');
const k6Dir = join(root, 'load', 'k6');
const raw = JSON.parse(readFileSync(join(root, 'load', 'targets.json'), 'utf8')) as unknown;

const SCENARIOS = ['ingest-batch', 'ingest-single', 'query', 'discovery', 'edge-cache', 'failover'];
const TargetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.]+$/),
    source: z.enum(['design', 'architecture']),
    what: z.string().min(10),
    scenarios: z.array(z.enum(SCENARIOS as [string, ...string[]])),
    measure: z.string(),
    stat: z.enum(['p50', 'p95', 'p99', 'avg', 'max', 'rate', 'ratio']),
    op: z.enum(['<', '<=', '>', '>=']),
    value: z.number(),
    optimized: z.number().optional(),
    unit: z.string(),
    scope: z.literal('cluster').optional(),
    baseline: z.enum(['raw_copy', 'hand_sql', 'bare_hono', 'nginx_proxy_cache', 'direct_region']).optional(),
    clients: z.number().int().positive().optional(),
    records: z.number().int().positive().optional(),
    zipf: z.number().positive().optional(),
    k6_metric: z.string().optional(),
  })
  .strict()
  .refine((t) => t.scenarios.length > 0 === (t.k6_metric !== undefined), 'k6_metric iff k6 scenarios')
  .refine(
    (t) => t.optimized === undefined || t.source === 'design',
    'optimized figures are the design document’s',
  )
  .refine(
    (t) =>
      t.optimized === undefined || (t.op.startsWith('<') ? t.optimized <= t.value : t.optimized >= t.value),
    'optimized is at least as strict as the target',
  );
const TargetsSchema = z.object({ $comment: z.string(), targets: z.array(TargetSchema) }).strict();
const file = TargetsSchema.parse(raw) as TargetsFile;
const byId = (id: string) => file.targets.find((t) => t.id === id);

describe('load/targets.json', () => {
  it('has unique ids', () => {
    const ids = file.targets.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the design document’s targets, with their optimized figures', () => {
    const figures = Object.fromEntries(
      file.targets
        .filter((t) => t.source === 'design')
        .map((t) => [t.id, [t.op, t.value, t.optimized, t.unit]]),
    );
    expect(figures).toEqual({
      'design.api_p95': ['<', 100, 50, 'ms'],
      'design.rag1_ingestion': ['>=', 10000, 25000, 'records/s'],
      'design.rag2_query': ['<', 200, 100, 'ms'],
      'design.registry_discovery': ['<', 10, 5, 'ms'],
      'design.database_query': ['<', 50, 25, 'ms'],
      'design.cache_hit_ratio': ['>', 0.85, 0.95, 'ratio'],
      'design.total_throughput': ['>=', 50000, 100000, 'requests/s'],
      'design.memory': ['<', 0.8, 0.7, 'ratio'],
      'design.cpu': ['<', 0.75, 0.65, 'ratio'],
      'design.network_rtt': ['<', 10, 5, 'ms'],
    });
    expect(byId('design.total_throughput')?.scope).toBe('cluster');
  });

  it('carries ARCHITECTURE.md’s stricter targets', () => {
    const figures = Object.fromEntries(
      file.targets
        .filter((t) => t.source === 'architecture')
        .map((t) => [t.id, `${t.stat} ${t.op} ${t.value} ${t.unit}${t.baseline ? ` × ${t.baseline}` : ''}`]),
    );
    expect(figures).toEqual({
      'ingest.batch.rate': 'rate >= 50000 records/s',
      'ingest.batch.vs_copy': 'ratio >= 0.6 ratio × raw_copy',
      'ingest.single.rate': 'rate >= 10000 records/s',
      'ingest.single.p99': 'p99 < 50 ms',
      'query.uncached.p95': 'p95 < 25 ms',
      'query.vs_hand_sql': 'ratio <= 1.5 ratio × hand_sql',
      'query.cached.p99': 'p99 < 2 ms',
      'discovery.in_process.p99': 'p99 < 1 ms',
      'discovery.http.p99': 'p99 < 5 ms',
      'edge.cache_hit.vs_bare_hono': 'ratio >= 0.9 ratio × bare_hono',
      'edge.cache_hit.vs_nginx': 'ratio >= 0.5 ratio × nginx_proxy_cache',
      'edge.hit_ratio': 'rate >= 0.95 ratio',
      'edge.proxy_overhead.p50': 'p50 <= 1 ms × direct_region',
      'failover.detection': 'max < 2000 ms',
      'failover.failed_requests': 'rate <= 0 ratio',
      'memory.region_rss': 'max < 300 MB',
      'memory.edge_rss': 'max < 120 MB',
    });
    expect(byId('ingest.single.rate')?.clients).toBe(64);
    expect(byId('query.uncached.p95')).toMatchObject({ clients: 50, records: 1_000_000 });
    expect(byId('edge.hit_ratio')?.zipf).toBe(1.1);
  });
});

describe('k6 thresholds from targets.json', () => {
  it('gives each scenario its targets as k6 expressions on scenario-filtered metrics', () => {
    expect(thresholdsFor(file, 'ingest-single', undefined)).toEqual({
      'http_req_duration{scenario:ingest-single}': ['p(95)<100', 'p(99)<50'],
      'smartdb_records_ingested{scenario:ingest-single}': ['rate>=10000'],
    });
    expect(thresholdsFor(file, 'edge-cache', undefined)).toEqual({
      'http_req_duration{scenario:edge-cache}': ['p(95)<100'],
      'smartdb_edge_cache_hit{scenario:edge-cache}': ['rate>0.85', 'rate>=0.95'],
    });
    expect(thresholdsFor(file, 'failover', undefined)['http_req_failed{scenario:failover}']).toEqual([
      'rate<=0',
    ]);
  });

  it('judges cluster-wide throughput only when the run says it targets a cluster', () => {
    expect(thresholdsFor(file, 'query', undefined)).not.toHaveProperty('http_reqs{scenario:query}');
    expect(thresholdsFor(file, 'query', 'cluster')['http_reqs{scenario:query}']).toEqual(['rate>=50000']);
  });

  it('gives every scenario at least one threshold and every k6 target a scenario script', () => {
    const scripts = readdirSync(k6Dir).filter((f) => SCENARIOS.includes(f.replace(/\.ts$/, '')));
    expect(scripts.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...SCENARIOS].sort());
    for (const s of SCENARIOS)
      expect(Object.keys(thresholdsFor(file, s, undefined)).length, s).toBeGreaterThan(0);
  });
});

describe('k6 scripts', () => {
  it.each(SCENARIOS)(
    '%s reads its thresholds from targets.json and names its scenario after itself',
    (name) => {
      const source = readFileSync(join(k6Dir, `${name}.ts`), 'utf8');
      expect(source).toContain("open('../targets.json')");
      expect(source).toMatch(new RegExp(`scenarioOptions\\(\\s*targets,\\s*'${name}',`));
    },
  );

  it('take BASE_URL and API_KEY from __ENV, and thresholds for the scenario they name', () => {
    const common = readFileSync(join(k6Dir, 'common.ts'), 'utf8');
    expect(common).toContain('[scenario]: {');
    expect(common).toContain('thresholds: thresholdsFor(targets, scenario, __ENV.SCOPE)');
    expect(common).toMatch(/__ENV\.BASE_URL/);
    expect(common).toMatch(/__ENV\.API_KEY/);
  });

  it('type-check against @types/k6', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = promisify(execFile);
    await expect(
      run(process.execPath, [tsc, '-p', join(k6Dir, 'tsconfig.json'), '--noEmit']),
    ).resolves.toBeDefined();
  }, 30_000);
});

describe('Zipf sampler', () => {
  it('draws rank k with probability proportional to 1/(k+1)^s', () => {
    const n = 1000;
    const s = 1.1;
    const sample = zipfSampler(n, s);
    let h = 0;
    for (let k = 1; k <= n; k++) h += 1 / k ** s;
    const counts = new Array<number>(n).fill(0);
    const draws = 200_000;
    // A fixed low-discrepancy sequence instead of Math.random: the test is deterministic.
    for (let i = 0; i < draws; i++) {
      const rank = sample((i + 0.5) / draws);
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    for (const k of [0, 1, 9, 99]) {
      const expected = 1 / (k + 1) ** s / h;
      expect(Math.abs((counts[k] ?? 0) / draws - expected)).toBeLessThan(expected * 0.02 + 1e-4);
    }
    expect(sample(0)).toBe(0);
    expect(sample(1)).toBe(n - 1);
  });
});
