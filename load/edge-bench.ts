/**
 * Edge benchmark, every figure from the same run on this machine, against real processes on loopback:
 *   baseline     a bare Hono JSON handler (the fake region process, ~1 KB JSON per request)
 *   cache hit    the Node edge serving that same answer from its cache
 *   hit ratio    a Zipf(1.1) read mix over 10,000 distinct URLs after a warm-up pass of the same mix
 *                (HIT + STALE over all lookups, from the edge's own /metrics counters)
 *   overhead     p50/p99 of one request at a time through the edge (cache bypassed) minus direct calls
 *   edge RSS     the edge process after the Zipf mix; idle, the bundle against the same edge through tsx
 * Every edge is the bundle the image runs (`node dist/smartdb.mjs edge`, load/lib/bundle.ts), with
 * the test suite's probe settings.
 * NGINX proxy_cache is compared only when `nginx` is installed. Every loop is bounded in time and count.
 * Run alone: `node --import tsx load/edge-bench.ts [--quick]`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import {
  freePort,
  kill,
  type Running,
  startFakeRegion,
  startProcess,
  stopAll,
  TEST_EDGE_ENV,
  waitFor,
} from '../tests/support/edge-processes.ts';
import { bundledEntry } from './lib/bundle.ts';
import { type BenchRow, formatTable, percentile } from './lib/report.ts';

const BODY_BYTES = 1_024;
const DISTINCT_URLS = 10_000;
const ZIPF_S = 1.1;
const AUTH = { authorization: 'Bearer edge-bench-key' };

/** Inverse-CDF sampler over ranks 1..n with P(k) ∝ k^-s. Workload randomness only, never a metric. */
function zipfSampler(n: number, s: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    sum += 1 / k ** s;
    cdf[k - 1] = sum;
  }
  return () => {
    const u = Math.random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function throughput(
  url: string,
  seconds: number,
  options: Partial<autocannon.Options> = {},
): Promise<number> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: 50, duration: seconds, headers: AUTH, ...options },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    // With `amount`, a run ends on the count or after `seconds`, whichever comes first.
    const cap = setTimeout(() => instance.stop(), seconds * 1_000 + 1_000);
    instance.on('done', () => clearTimeout(cap));
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx and ${result.errors} errors during the benchmark`);
  }
  return result.requests.average;
}

/** One request at a time for up to `seconds` or `max` requests; latencies in ms. */
async function sequentialLatencies(
  origin: string,
  path: string,
  seconds: number,
  max: number,
): Promise<number[]> {
  const pool = new Pool(origin, { connections: 1 });
  const headers = { ...AUTH, 'cache-control': 'no-store' };
  const out: number[] = [];
  try {
    for (let i = 0; i < 200; i++)
      await (await pool.request({ method: 'GET', path, headers })).body.arrayBuffer();
    const deadline = Date.now() + seconds * 1_000;
    while (Date.now() < deadline && out.length < max) {
      const started = process.hrtime.bigint();
      const res = await pool.request({ method: 'GET', path, headers });
      await res.body.arrayBuffer();
      out.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${origin}${path} answered ${res.statusCode}`);
    }
  } finally {
    await pool.close();
  }
  return out.sort((a, b) => a - b);
}

async function cacheCounters(edgeUrl: string): Promise<{ hit: number; stale: number; miss: number }> {
  const text = await (await fetch(`${edgeUrl}/metrics`)).text();
  const sum = (result: string) =>
    [
      ...text.matchAll(new RegExp(`^smartdb_edge_cache_total\\{result="${result}"[^}]*\\} (\\d+)`, 'gm')),
    ].reduce((acc, m) => acc + Number(m[1]), 0);
  return { hit: sum('hit'), stale: sum('stale'), miss: sum('miss') };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Throughput against one server process, and that process's CPU time per request. */
async function measured(
  server: Running,
  path: string,
  seconds: number,
): Promise<{ rate: number; cpuMicros: number }> {
  const before = cpuSeconds(server.proc.pid!);
  const result = await autocannon({
    url: `${server.url}${path}`,
    connections: 50,
    duration: seconds,
    headers: AUTH,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${server.name}: ${result.non2xx} non-2xx and ${result.errors} errors during the benchmark`,
    );
  }
  const used = cpuSeconds(server.proc.pid!) - before;
  return { rate: result.requests.average, cpuMicros: (used / result.requests.total) * 1e6 };
}

/**
 * NGINX with proxy_cache in front of the same region, one worker, keyed like the edge (URI +
 * Authorization), when Debian's `nginx` is installed; undefined otherwise.
 */
async function startNginx(region: Running): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  if (spawnSync('nginx', ['-v']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'smartdb-nginx-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  proxy_cache_path ${dir}/cache keys_zone=edge:16m levels=1:2 max_size=256m;
  upstream region { server 127.0.0.1:${region.port}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://region;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache edge;
      proxy_cache_key "$request_uri|$http_authorization";
      proxy_cache_valid 200 60s;
      proxy_cache_lock on;
    }
  }
}
`,
  );
  const check = spawnSync('nginx', ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx rejected its configuration: ${check.stderr}`);
  const child = spawn('nginx', ['-p', dir, '-c', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true, 5_000);
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export async function runEdgeBench({ quick = false }: { quick?: boolean } = {}): Promise<BenchRow[]> {
  const seconds = quick ? 2 : 8;
  const rows: BenchRow[] = [];
  const entry = await bundledEntry();
  const edgeFrom =
    (entryPoint: string) =>
    (regions: string, env: Record<string, string>): Promise<Running> =>
      startProcess(`edge (${entryPoint})`, process.execPath, [entryPoint, 'edge'], {
        ...TEST_EDGE_ENV,
        SMARTDB_REGIONS: regions,
        ...env,
      });
  const startBundledEdge = edgeFrom(entry);
  let region: Running | undefined;
  try {
    region = await startFakeRegion('bench', 0, 'ok', BODY_BYTES);
    const regions = `bench=${region.url}`;
    const noLimits = { SMARTDB_EDGE_RATE_LIMIT_RPS: '0', SMARTDB_EDGE_CACHE_FRESH_MS: '60000' };

    const hitEdge = await startBundledEdge(regions, noLimits);
    await fetch(`${hitEdge.url}/v1/records/hot`, { headers: AUTH }).then((r) => r.arrayBuffer());
    // Alternating rounds, best of each: other work on a shared 2-core machine skews single runs.
    // CPU time per request (from /proc) is reported beside throughput: it is what the edge itself
    // costs, whatever else the machine is doing.
    let bare = 0;
    let hit = 0;
    let bareCpu = Number.POSITIVE_INFINITY;
    let hitCpu = Number.POSITIVE_INFINITY;
    let nginxHit = 0;
    const nginx = await startNginx(region);
    try {
      if (nginx !== undefined)
        await fetch(`${nginx.url}/v1/records/hot`, { headers: AUTH }).then((r) => r.arrayBuffer());
      // One unmeasured round each first: the JIT settles both handlers before anything is counted
      // (the edge's first seconds under load ran at ~0.6x its steady rate while the bare handler,
      // with less code to compile, was already near its own).
      await measured(region, '/v1/records/hot', seconds);
      await measured(hitEdge, '/v1/records/hot', seconds);
      for (let round = 0; round < (quick ? 2 : 3); round++) {
        const b = await measured(region, '/v1/records/hot', seconds);
        const e = await measured(hitEdge, '/v1/records/hot', seconds);
        bare = Math.max(bare, b.rate);
        hit = Math.max(hit, e.rate);
        bareCpu = Math.min(bareCpu, b.cpuMicros);
        hitCpu = Math.min(hitCpu, e.cpuMicros);
        if (nginx !== undefined)
          nginxHit = Math.max(nginxHit, await throughput(`${nginx.url}/v1/records/hot`, seconds));
      }
    } finally {
      await nginx?.stop();
    }
    rows.push({
      scenario: 'edge-cache',
      metric: 'cache-hit throughput vs bare Hono (Node, best of alternating rounds)',
      target: '>= 0.9x bare Hono',
      measured: hit,
      unit: 'req/s',
      baseline: { name: 'bare Hono', value: bare },
      ratio: hit / bare,
      pass: hit / bare >= 0.9,
    });
    rows.push({
      scenario: 'edge-cache',
      metric: 'server CPU per request: cache hit vs bare Hono (ratio = bare / edge)',
      target: 'reported',
      measured: hitCpu,
      unit: 'µs',
      baseline: { name: 'bare Hono µs', value: bareCpu },
      ratio: bareCpu / hitCpu,
      pass: true,
    });
    if (nginx !== undefined) {
      rows.push({
        scenario: 'edge-cache',
        metric: 'cache-hit throughput vs NGINX proxy_cache hits (1 worker)',
        target: '>= 0.5x NGINX',
        measured: hit,
        unit: 'req/s',
        baseline: { name: 'NGINX proxy_cache', value: nginxHit },
        ratio: hit / nginxHit,
        pass: hit / nginxHit >= 0.5,
      });
    }
    await kill(hitEdge);

    // Idle, side by side: what the bundle saves over running the same edge through tsx.
    const [idleBundle, idleTsx] = await Promise.all([
      startBundledEdge(regions, { SMARTDB_EDGE_RATE_LIMIT_RPS: '0' }),
      edgeFrom('bin/smartdb.mjs')(regions, { SMARTDB_EDGE_RATE_LIMIT_RPS: '0' }),
    ]);
    await new Promise((r) => setTimeout(r, 2_000));
    const [idleBundleMb, idleTsxMb] = [rssMb(idleBundle.proc.pid!), rssMb(idleTsx.proc.pid!)];
    rows.push({
      scenario: 'edge-cache',
      metric: 'idle edge RSS: the bundle (as the image runs it) vs the same edge through tsx',
      target: 'reported',
      measured: idleBundleMb,
      unit: 'MB',
      baseline: { name: 'through tsx MB', value: idleTsxMb },
      ratio: idleBundleMb / idleTsxMb,
      pass: true,
    });
    await Promise.all([kill(idleBundle), kill(idleTsx)]);

    const zipfEdge = await startBundledEdge(regions, { SMARTDB_EDGE_RATE_LIMIT_RPS: '0' });
    const next = zipfSampler(DISTINCT_URLS, ZIPF_S);
    const zipfRequests = [
      { setupRequest: (req: object) => ({ ...req, path: `/v1/query?q=question+${next()}` }) },
    ];
    // Counted in requests, not seconds, so the ratio does not depend on how fast the machine is.
    const amount = quick ? 60_000 : 200_000;
    const zipf = { requests: zipfRequests, amount };
    const cold = await cacheCounters(zipfEdge.url);
    await throughput(`${zipfEdge.url}/v1/query`, quick ? 15 : 60, zipf);
    const warm = await cacheCounters(zipfEdge.url);
    const zipfRate = await throughput(`${zipfEdge.url}/v1/query`, quick ? 15 : 60, zipf);
    const after = await cacheCounters(zipfEdge.url);
    const ratio = (from: typeof cold, to: typeof cold) => {
      const served = to.hit - from.hit + (to.stale - from.stale);
      return served / (served + (to.miss - from.miss));
    };
    const hitRatio = ratio(warm, after);
    rows.push({
      scenario: 'edge-cache',
      metric: `hit ratio, Zipf(${ZIPF_S}) over ${DISTINCT_URLS.toLocaleString('en-US')} URLs over the ${amount.toLocaleString('en-US')} requests after a warm-up of as many (warm-up itself: ${ratio(cold, warm).toFixed(3)}; ${Math.round(zipfRate)} req/s)`,
      target: '>= 0.95',
      measured: hitRatio,
      unit: 'ratio',
      pass: hitRatio >= 0.95,
    });
    const rss = rssMb(zipfEdge.proc.pid!);
    rows.push({
      scenario: 'edge-cache',
      metric: 'edge RSS after the Zipf mix (the bundle, as the image runs it)',
      target: '< 120 MB',
      measured: rss,
      unit: 'MB',
      pass: rss < 120,
    });
    await kill(zipfEdge);

    const proxyEdge = await startBundledEdge(regions, { SMARTDB_EDGE_RATE_LIMIT_RPS: '0' });
    const max = quick ? 5_000 : 20_000;
    const direct = await sequentialLatencies(region.url, '/v1/records/direct', seconds, max);
    const viaEdge = await sequentialLatencies(proxyEdge.url, '/v1/records/direct', seconds, max);
    for (const p of [50, 99]) {
      const added = percentile(viaEdge, p) - percentile(direct, p);
      rows.push({
        scenario: 'edge-proxy',
        metric: `added latency p${p}, cache bypassed, one request at a time`,
        target: p === 50 ? '<= 1 ms' : 'reported',
        measured: added,
        unit: 'ms',
        baseline: { name: `direct p${p} ms`, value: percentile(direct, p) },
        pass: p === 50 ? added <= 1 : true,
      });
    }
    await kill(proxyEdge);
  } finally {
    await stopAll();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runEdgeBench({ quick: process.argv.includes('--quick') });
  console.log(formatTable(rows));
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
