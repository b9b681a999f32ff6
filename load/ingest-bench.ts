/**
 * RAG₁ ingest benchmark, against the real PostgreSQL, same rows, same run:
 *   baseline  raw COPY of the rows into `records` (what the database can take)
 *   batched   POST /v1/ingest with JSON arrays, and with NDJSON streams
 *   single    one record per POST from 64 concurrent clients (group commit)
 * The region gets one untimed pass of each kind first: the figures are a warm region's.
 * Run alone: `node --import tsx load/ingest-bench.ts [--quick]`.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { v7 as uuidv7 } from 'uuid';
// @ts-expect-error: the shared sample data set is plain JavaScript without types.
import { generate, TIME_FIELD } from '../../shared/nlq/dataset.mjs';
import { createKey, startRegionProcess } from './lib/region-process.ts';
import type { BenchRow } from './lib/report.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';

type Sample = { kind: string; data: Record<string, unknown> };

function sampleRecords(count: number): Sample[] {
  const out: Sample[] = [];
  const now = Date.now();
  for (let seed = 1; out.length < count; seed++) {
    for (const r of generate(now, seed).records as Sample[]) {
      out.push(r);
      if (out.length === count) break;
    }
  }
  return out;
}

async function copyBaseline(databaseUrl: string, records: Sample[], streams: number): Promise<number> {
  const sql = postgres(databaseUrl, { max: streams, onnotice: () => {} });
  const tenant = `bench-copy-${Date.now().toString(36)}`;
  const lines = records.map((r) => {
    const tf = (TIME_FIELD as Record<string, string>)[r.kind]!;
    const json = JSON.stringify(r.data).replace(/\\/g, '\\\\');
    return `${uuidv7()}\t${tenant}\t${r.kind}\t${r.data[tf]}\t${json}\n`;
  });
  const per = Math.ceil(lines.length / streams);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      const part = lines.slice(s * per, (s + 1) * per);
      const writable =
        (await sql`copy records (id, tenant_id, mcp_id, ts, data) from stdin`.writable()) as Writable;
      await pipeline(async function* () {
        for (let i = 0; i < part.length; i += 1000) yield part.slice(i, i + 1000).join('');
      }, writable);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sql`delete from records where tenant_id = ${tenant}`;
  await sql.end();
  return records.length / seconds;
}

async function batchedJson(url: string, key: string, records: Sample[], batch: number, clients: number) {
  const bodies: string[] = [];
  for (let i = 0; i < records.length; i += batch) {
    bodies.push(JSON.stringify(records.slice(i, i + batch).map((r) => r.data)));
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`${url}/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 201) throw new Error(`ingest ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return records.length / ((performance.now() - started) / 1000);
}

async function ndjson(url: string, key: string, records: Sample[], streams: number) {
  const per = Math.ceil(records.length / streams);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      const body = records
        .slice(s * per, (s + 1) * per)
        .map((r) => JSON.stringify(r.data))
        .join('\n');
      const res = await fetch(`${url}/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      if (res.status !== 201) throw new Error(`ndjson ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
    }),
  );
  return records.length / ((performance.now() - started) / 1000);
}

async function singles(url: string, key: string, seconds: number) {
  const body = JSON.stringify({
    level: 'info',
    service: 'api',
    host: 'web-1',
    message: 'request served',
    timestamp: new Date().toISOString(),
  });
  const result = await autocannon({
    url: `${url}/v1/ingest`,
    method: 'POST',
    connections: 64,
    duration: seconds,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
  const ok = result['2xx'];
  return { perSecond: ok / seconds, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export async function runIngestBench({ quick = false } = {}): Promise<BenchRow[]> {
  const count = quick ? 80_000 : 200_000;
  const records = sampleRecords(count);
  const database = await createScratchDatabase('smartdb_bench_ingest');
  // The region migrates the scratch database at start; the COPY baseline then writes the same table.
  const region = await startRegionProcess('bench-ingest', { DATABASE_URL: database.url });
  try {
    const copy1 = await copyBaseline(database.url, records, 1);
    const copy2 = await copyBaseline(database.url, records, 2);
    const stamp = Date.now().toString(36);
    // Steady state, as a region in service runs: one untimed pass of each request kind first, so
    // the JIT has compiled the ingest path and the pools are open (a cold region is ~30 % slower).
    const warmKey = await createKey(region.url, `bench-warm-${stamp}`);
    const warmRecords = records.slice(0, Math.min(records.length, 20_000));
    await batchedJson(region.url, warmKey, warmRecords, 5_000, 2);
    await ndjson(region.url, warmKey, warmRecords, 2);
    await singles(region.url, warmKey, 2);
    const arrays = await batchedJson(
      region.url,
      await createKey(region.url, `bench-arr-${stamp}`),
      records,
      5_000,
      2,
    );
    const streams = await ndjson(region.url, await createKey(region.url, `bench-nd-${stamp}`), records, 2);
    const single = await singles(
      region.url,
      await createKey(region.url, `bench-one-${stamp}`),
      quick ? 5 : 15,
    );
    const rows: BenchRow[] = [
      {
        scenario: 'ingest',
        metric: 'raw COPY, 1 stream',
        target: 'baseline',
        measured: copy1,
        unit: 'rec/s',
        pass: true,
      },
      {
        scenario: 'ingest',
        metric: 'raw COPY, 2 streams',
        target: 'baseline',
        measured: copy2,
        unit: 'rec/s',
        pass: true,
      },
    ];
    for (const [metric, value] of [
      ['batched JSON arrays (5,000), 2 clients', arrays],
      ['batched NDJSON, 2 streams', streams],
    ] as const) {
      const ratio = value / copy2;
      rows.push({
        scenario: 'ingest',
        metric,
        target: '>= 50,000 rec/s and >= 0.6 x COPY',
        measured: value,
        unit: 'rec/s',
        baseline: { name: 'COPY x2', value: copy2 },
        ratio,
        pass: value >= 50_000 && ratio >= 0.6,
      });
    }
    rows.push({
      scenario: 'ingest',
      metric: 'single-record POSTs, 64 clients',
      target: '>= 10,000 rec/s',
      measured: single.perSecond,
      unit: 'rec/s',
      pass: single.perSecond >= 10_000 && single.errors === 0,
    });
    rows.push({
      scenario: 'ingest',
      metric: 'single-record POSTs, p99',
      target: '< 50 ms',
      measured: single.p99,
      unit: 'ms',
      pass: single.p99 < 50,
    });
    return rows;
  } finally {
    await region.stop();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/report.ts');
  console.log(formatTable(await runIngestBench({ quick: process.argv.includes('--quick') })));
}
