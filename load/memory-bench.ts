/**
 * Region memory benchmark: the resident set of a real region process (read from /proc) idle, at
 * its peak while records are ingested (VmHWM), and after the ingest. The target is stated at
 * 1,000,000 records; quick mode measures at 100,000 and says so in the row, never extrapolating.
 * The region runs on a scratch database that is dropped afterwards; the ingest is bounded in time,
 * and a run that stops short reports the count it reached and fails.
 * Run alone: `node --import tsx load/memory-bench.ts [--quick]`.
 */
import { readFile } from 'node:fs/promises';
// @ts-expect-error: the shared sample data set is plain JavaScript without types.
import { generate } from '../../shared/nlq/dataset.mjs';
import { type TargetsFile, target } from './k6/lib.ts';
import { createKey, startRegionProcess } from './lib/region-process.ts';
import type { BenchRow } from './lib/report.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';
import targetsJson from './targets.json' with { type: 'json' };

const targets = targetsJson as TargetsFile;
const BATCH = 5_000;
const CLIENTS = 2;

/** VmRSS and VmHWM (peak) of a process, in MB. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => {
    throw new Error('the memory benchmark reads /proc/<pid>/status and needs Linux');
  });
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Record batches from the sample data set, one seed per 2,000 records, made as they are sent. */
function batches(total: number): () => string | null {
  const now = Date.now();
  let seed = 1;
  let pending: unknown[] = [];
  let made = 0;
  return () => {
    if (made >= total) return null;
    while (pending.length < BATCH && made + pending.length < total) {
      pending.push(...(generate(now, seed++) as { records: { data: unknown }[] }).records.map((r) => r.data));
    }
    const take = Math.min(BATCH, total - made);
    const body = JSON.stringify(pending.slice(0, take));
    pending = pending.slice(take);
    made += take;
    return body;
  };
}

export async function runMemoryBench({ quick = false } = {}): Promise<BenchRow[]> {
  const rss = target(targets, 'memory.region_rss');
  if (rss.op !== '<' || rss.unit !== 'MB') throw new Error(`${rss.id}: this benchmark judges "< MB" only`);
  const stated = rss.records ?? 1_000_000;
  const wanted = quick ? 100_000 : stated;
  const boundSeconds = quick ? 45 : 900;

  const database = await createScratchDatabase('smartdb_bench_memory');
  try {
    const region = await startRegionProcess('bench-memory', { DATABASE_URL: database.url });
    try {
      const pid = region.child.pid!;
      await new Promise((r) => setTimeout(r, 1_000));
      const idle = await memoryOf(pid);
      const key = await createKey(region.url, `bench-memory-${Date.now().toString(36)}`);
      const next = batches(wanted);
      const deadline = Date.now() + boundSeconds * 1_000;
      let ingested = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let body = next(); body !== null && Date.now() < deadline; body = next()) {
            const res = await fetch(`${region.url}/v1/ingest`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              body,
            });
            if (res.status !== 201)
              throw new Error(`ingest ${res.status}: ${(await res.text()).slice(0, 300)}`);
            ingested += ((await res.json()) as { ingested: number }).ingested;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1_000;
      // The region after the ingest, having answered registry reads over the stores it filled.
      for (let i = 0; i < 50; i++) {
        await (
          await fetch(`${region.url}/v1/mcps`, { headers: { authorization: `Bearer ${key}` } })
        ).arrayBuffer();
      }
      await new Promise((r) => setTimeout(r, 1_000));
      const after = await memoryOf(pid);
      const reached = ingested >= wanted;
      const at = `${ingested.toLocaleString('en-US')} records`;
      const note = reached
        ? quick
          ? ` (quick; the target is stated at ${stated.toLocaleString('en-US')})`
          : ''
        : ` (stopped at the ${boundSeconds} s bound, short of ${wanted.toLocaleString('en-US')})`;
      const row = (metric: string, measured: number): BenchRow => ({
        scenario: 'memory',
        metric,
        target: `< ${rss.value} MB`,
        measured,
        unit: 'MB',
        baseline: { name: 'idle region', value: idle.rss },
        ratio: measured / idle.rss,
        pass: reached && measured < rss.value,
      });
      return [
        row(`region peak RSS (VmHWM) while ingesting ${at} in ${seconds.toFixed(0)} s${note}`, after.peak),
        row(`region RSS after ingesting ${at}${note}`, after.rss),
      ];
    } finally {
      await region.stop();
    }
  } finally {
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/report.ts');
  console.log(formatTable(await runMemoryBench({ quick: process.argv.includes('--quick') })));
}
