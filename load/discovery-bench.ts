/**
 * Registry discovery benchmark, same run, real processes on loopback:
 *   in process  `Registry.discover` over one tenant's 1,000 stores (plus other tenants' stores)
 *   over HTTP   `GET /v1/mcps/discover?domain=…` on a real region holding those 1,000 stores,
 *               beside a bare Hono JSON handler (own process) answering the same bodies
 * The region runs on a scratch database that is dropped afterwards. Every loop is bounded in time
 * and count. Run alone: `node --import tsx load/discovery-bench.ts [--quick]`.
 */
import { type FieldStats, Registry, type StoreEntry } from '@smartdb/registry';
import autocannon from 'autocannon';
// @ts-expect-error: the shared sample data set is plain JavaScript without types.
import { generate } from '../../shared/nlq/dataset.mjs';
import { type Target, type TargetsFile, target } from './k6/lib.ts';
import { type BareHono, startBareHono } from './lib/bare-hono.ts';
import { createKey, startRegionProcess } from './lib/region-process.ts';
import { type BenchRow, percentile } from './lib/report.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';
import targetsJson from './targets.json' with { type: 'json' };

const targets = targetsJson as TargetsFile;
const STORES = 1_000;
/** The five stores the sample data set makes; the rest are created empty through the API. */
const LEARNED = ['users', 'messages', 'logs', 'metrics', 'orders'];
const HTTP_CONNECTIONS = 20;

function syntheticStore(tenantId: string, i: number): StoreEntry {
  const fields: Record<string, FieldStats> = {};
  for (let f = 0; f < 12; f++) {
    const name = `field_${(i + f) % 40}`;
    fields[name] = {
      name,
      count: 1_000,
      types: { string: 1_000 },
      values: { a: 400, b: 350, c: 250 },
    };
  }
  return {
    tenantId,
    id: `store_${i}`,
    domain: i < LEARNED.length ? LEARNED[i]! : `domain_${i}`,
    tier: (['HOT', 'WARM', 'COLD'] as const)[i % 3]!,
    status: 'active',
    recordCount: 1_000 + i,
    accessCount: i,
    lastAccessedAt: null,
    lastWriteAt: null,
    timeField: 'field_0',
    fields,
    indexes: [],
    version: 1,
    seq: i + 1,
  };
}

/** p99 and p50 of `Registry.discover` in ms, for up to `seconds` or `max` calls. */
function inProcess(seconds: number, max: number): { p50: number; p99: number; calls: number } {
  const registry = new Registry();
  for (let i = 0; i < STORES; i++) registry.apply(syntheticStore('bench', i));
  for (let t = 0; t < 50; t++) for (let i = 0; i < 20; i++) registry.apply(syntheticStore(`other-${t}`, i));
  const filters = [
    { domain: 'logs' },
    { domain: `domain_${STORES - 1}` },
    { tier: 'WARM' as const },
    { field: 'field_7' },
    { domain: 'orders', tier: 'HOT' as const },
  ];
  let sink = 0;
  for (let i = 0; i < 2_000; i++) sink += registry.discover('bench', filters[i % filters.length]!).length;
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1_000;
  while (samples.length < max && performance.now() < deadline) {
    const filter = filters[samples.length % filters.length]!;
    const started = process.hrtime.bigint();
    sink += registry.discover('bench', filter).length;
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  if (sink === 0) throw new Error('discover found nothing; the benchmark would measure an empty registry');
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), calls: samples.length };
}

async function load(url: string, paths: string[], key: string, seconds: number) {
  const options = {
    url,
    connections: HTTP_CONNECTIONS,
    headers: { authorization: `Bearer ${key}` },
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx and ${result.errors} errors during the benchmark`);
  }
  return {
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    rps: result.requests.average,
  };
}

/** Creates the tenant's 1,000 stores: the data set's five learned ones, the rest through POST /v1/mcps. */
async function seedStores(url: string, key: string, deadline: number): Promise<number> {
  const records = (generate(Date.now()) as { records: { data: unknown }[] }).records.map((r) => r.data);
  for (let i = 0; i < records.length; i += 500) {
    const res = await fetch(`${url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(records.slice(i, i + 500)),
    });
    if (res.status !== 201) throw new Error(`ingest ${res.status}: ${await res.text()}`);
  }
  let next = LEARNED.length;
  let created = LEARNED.length;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < STORES && Date.now() < deadline) {
        const i = next++;
        const res = await fetch(`${url}/v1/mcps`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ domain: `domain_${i}`, id: `store_${i}` }),
        });
        if (res.status !== 201) throw new Error(`create store ${res.status}: ${await res.text()}`);
        created += 1;
      }
    }),
  );
  return created;
}

export async function runDiscoveryBench({ quick = false } = {}): Promise<BenchRow[]> {
  const inProcTarget = target(targets, 'discovery.in_process.p99');
  const httpTarget = target(targets, 'discovery.http.p99');
  const designTarget = target(targets, 'design.registry_discovery');
  for (const t of [inProcTarget, httpTarget, designTarget]) {
    if (t.op !== '<' || t.unit !== 'ms')
      throw new Error(`${t.id}: this benchmark judges "< ms" targets only`);
  }
  const seconds = quick ? 2 : 10;
  const local = inProcess(seconds, quick ? 200_000 : 2_000_000);
  const rows: BenchRow[] = [
    {
      scenario: 'discovery',
      metric: `Registry.discover p99, ${STORES.toLocaleString('en-US')} stores, ${local.calls.toLocaleString('en-US')} calls`,
      target: `< ${inProcTarget.value} ms`,
      measured: local.p99,
      unit: 'ms',
      pass: local.p99 < inProcTarget.value,
    },
  ];

  const database = await createScratchDatabase('smartdb_bench_discovery');
  const region = await startRegionProcess('bench-discovery', { DATABASE_URL: database.url }).catch(
    async (e: unknown) => {
      await database.drop();
      throw e;
    },
  );
  let bare: BareHono | undefined;
  try {
    const key = await createKey(region.url, `bench-discovery-${Date.now().toString(36)}`, 'admin');
    const stores = await seedStores(region.url, key, Date.now() + (quick ? 30_000 : 120_000));
    const paths = [...LEARNED, `domain_${STORES - 1}`, 'domain_500'].map(
      (d) => `/v1/mcps/discover?domain=${d}`,
    );
    const bodies: Record<string, unknown> = {};
    for (const path of paths) {
      const res = await fetch(`${region.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { mcps: unknown[] };
      if (res.status !== 200 || body.mcps.length !== 1)
        throw new Error(`${path}: ${res.status}, expected one store`);
      bodies[path] = body;
    }
    bare = await startBareHono(bodies);
    const baseline = await load(bare.url, paths, key, seconds);
    const http = await load(region.url, paths, key, seconds);
    const scope = `${stores.toLocaleString('en-US')} stores, ${HTTP_CONNECTIONS} connections`;
    const complete = stores === STORES;
    const latencyRow = (metric: string, stat: 'p99' | 'p97_5', limit: Target, text: string): BenchRow => ({
      scenario: 'discovery',
      metric: `${metric}, ${scope}`,
      target: text,
      measured: http[stat],
      unit: 'ms',
      baseline: { name: `bare Hono ${stat.replace('_', '.')}`, value: baseline[stat] },
      // autocannon latencies are whole milliseconds: a 0 ms baseline gives no ratio.
      ratio: baseline[stat] > 0 ? http[stat] / baseline[stat] : undefined,
      pass: complete && http[stat] < limit.value,
    });
    rows.push(
      latencyRow('GET /v1/mcps/discover?domain= p99', 'p99', httpTarget, `< ${httpTarget.value} ms`),
      latencyRow(
        'design: discovery p97.5 (autocannon has no p95; p97.5 is stricter)',
        'p97_5',
        designTarget,
        `< ${designTarget.value} ms (optimized < ${designTarget.optimized} ms)`,
      ),
      {
        scenario: 'discovery',
        metric: `GET /v1/mcps/discover throughput, ${scope}`,
        target: 'reported',
        measured: http.rps,
        unit: 'req/s',
        baseline: { name: 'bare Hono', value: baseline.rps },
        ratio: http.rps / baseline.rps,
        pass: true,
      },
    );
    return rows;
  } finally {
    bare?.child.kill('SIGTERM');
    await region.stop();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/report.ts');
  console.log(formatTable(await runDiscoveryBench({ quick: process.argv.includes('--quick') })));
}
