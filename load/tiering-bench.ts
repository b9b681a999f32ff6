/**
 * Tiering benchmark against a real region process and a database of its own (created here and
 * dropped at the end, so table sizes belong to this run alone):
 *   per tier   bytes per record on disk (table + TOAST + indexes, from pg_total_relation_size) and
 *              the stored size of `data` (pg_column_size, after compression), and the server-side
 *              p95 (`took_ms`) of the same question, uncached
 *   migration  records/s moving HOT -> COLD while ingest keeps running
 * Every loop is bounded in time and count. Run alone: `node --import tsx load/tiering-bench.ts [--quick]`.
 */
import postgres from 'postgres';
import { BENCH_ADMIN_KEY, startRegionProcess } from './lib/region-process.ts';
import { type BenchRow, percentile } from './lib/report.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';

const QUESTION = 'count error logs by service';

function logs(from: number, count: number, now: number) {
  const levels = ['info', 'info', 'info', 'debug', 'warn', 'error'];
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      level: levels[n % levels.length],
      service: `service-${n % 12}`,
      host: `host-${n % 40}.eu-west.internal`,
      message: `GET /api/v1/items/${n % 5000} completed with status ${n % 7 === 0 ? 500 : 200} in ${n % 300} ms`,
      request_id: `req-${n.toString(36)}-${(n * 7919).toString(36)}`,
      timestamp: new Date(now - n * 1000).toISOString(),
    };
  });
}

async function post(url: string, key: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function storeState(url: string, key: string) {
  const res = await fetch(`${url}/v1/mcps`, { headers: { authorization: `Bearer ${key}` } });
  const { mcps } = (await res.json()) as {
    mcps: { id: string; tier: string; status: string; indexes: { name: string }[] }[];
  };
  return mcps.find((m) => m.id === 'logs')!;
}

async function moveTo(url: string, key: string, tier: string, deadlineMs: number): Promise<number> {
  const started = performance.now();
  const res = await post(url, key, '/v1/mcps/logs/tier', { tier });
  if (res.status !== 200 && res.status !== 202) throw new Error(`tier ${tier}: ${res.status}`);
  while (performance.now() - started < deadlineMs) {
    const s = await storeState(url, key);
    if (s.tier === tier && s.status === 'active') return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`moving to ${tier} did not finish in ${deadlineMs} ms`);
}

/** Server-side time of the question, uncached, bounded by count and time. */
async function p95(url: string, key: string, count: number, maxMs: number): Promise<number> {
  const took: number[] = [];
  const started = performance.now();
  // The first questions after a tier change pay for cold buffers and plan caches: not measured.
  for (let i = -10; i < count && performance.now() - started < maxMs; i++) {
    const res = await fetch(`${url}/v1/query?q=${encodeURIComponent(QUESTION)}`, {
      headers: { authorization: `Bearer ${key}`, 'cache-control': 'no-cache' },
    });
    if (res.status !== 200) throw new Error(`query: ${res.status}`);
    const ms = ((await res.json()) as { took_ms: number }).took_ms;
    if (i >= 0) took.push(ms);
  }
  return percentile(
    took.sort((a, b) => a - b),
    95,
  );
}

export async function runTieringBench({ quick = false } = {}): Promise<BenchRow[]> {
  const records = quick ? 60_000 : 300_000;
  const database = await createScratchDatabase('smartdb_tierbench');
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const region = await startRegionProcess('bench-tiering', {
    DATABASE_URL: database.url,
    TIERING_AUTO: 'false',
  });
  try {
    const keyRes = await post(region.url, BENCH_ADMIN_KEY, '/v1/keys', { tenant: 'bench', role: 'admin' });
    const key = ((await keyRes.json()) as { key: string }).key;
    const now = Date.now();
    for (let i = 0; i < records; i += 5_000) {
      const res = await post(region.url, key, '/v1/ingest?domain=logs', logs(i, 5_000, now));
      if (res.status !== 201) throw new Error(`ingest: ${res.status}`);
    }
    await sql`vacuum analyze records`;
    const [compression] = await sql<{ method: string | null }[]>`
      select attcompression::text as method from pg_attribute
      where attrelid = 'records_cold'::regclass and attname = 'data'`;
    const method = compression?.method === 'l' ? 'lz4' : 'pglz';

    const size = async (table: 'records' | 'records_cold') => {
      const [row] = await sql<{ total: string; n: string; data: string }[]>`
        select pg_total_relation_size(${table}::regclass)::bigint as total,
          (select count(*) from ${sql(table)}) as n,
          (select coalesce(avg(pg_column_size(data)), 0) from ${sql(table)}) as data`;
      const n = Number(row!.n);
      return { perRecord: Number(row!.total) / Math.max(1, n), data: Number(row!.data), n };
    };
    const queries = quick ? 60 : 300;
    const maxMs = quick ? 10_000 : 30_000;
    const rows: BenchRow[] = [];
    const tierRows = (tier: string, s: { perRecord: number; data: number }, p: number) => {
      rows.push(
        {
          scenario: 'tiering',
          metric: `${tier}: bytes per record on disk (table+toast+indexes)`,
          target: 'measured',
          measured: s.perRecord,
          unit: 'B',
          pass: true,
        },
        {
          scenario: 'tiering',
          metric: `${tier}: stored bytes of data per record`,
          target: 'measured',
          measured: s.data,
          unit: 'B',
          pass: true,
        },
        {
          scenario: 'tiering',
          metric: `${tier}: p95 "${QUESTION}", uncached, ${records.toLocaleString('en-US')} records`,
          target: 'measured',
          measured: p,
          unit: 'ms',
          pass: true,
        },
      );
    };

    const hot = await size('records');
    tierRows('HOT', hot, await p95(region.url, key, queries, maxMs));
    await moveTo(region.url, key, 'WARM', 10_000);
    tierRows('WARM', hot, await p95(region.url, key, queries, maxMs));

    // HOT -> COLD (through WARM's table) while ingest keeps writing to the store.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; writing && i < 10_000; i++) {
        const res = await post(region.url, key, '/v1/ingest?domain=logs', logs(records + written, 500, now));
        if (res.status !== 201) throw new Error(`ingest during migration: ${res.status}`);
        written += 500;
      }
    })();
    const seconds = await moveTo(region.url, key, 'COLD', quick ? 120_000 : 600_000);
    writing = false;
    await writer;
    const [moved] = await sql<{ n: number }[]>`select count(*)::int as n from records_cold`;
    rows.push({
      scenario: 'tiering',
      metric: `migration HOT->COLD with ingest running (${written.toLocaleString('en-US')} written meanwhile)`,
      target: 'measured',
      measured: moved!.n / seconds,
      unit: 'rec/s',
      pass: true,
    });
    // Let the next tierer pass sweep what arrived after the last batch, then measure COLD alone.
    await sql`vacuum analyze records_cold`;
    const cold = await size('records_cold');
    tierRows(`COLD (${method})`, cold, await p95(region.url, key, queries, maxMs));
    return rows;
  } finally {
    await region.stop();
    await sql.end();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/report.ts');
  console.log(formatTable(await runTieringBench({ quick: process.argv.includes('--quick') })));
}
