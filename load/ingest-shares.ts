/**
 * Where an ingest's time goes, beside `COPY` of the same rows (batched: arrays and NDJSON; and 10 s of
 * single-record POSTs from 64 clients, per record acknowledged): CPU per record of the region,
 * of PostgreSQL (all its processes) and of this client, read from /proc around each phase, the
 * machine's idle share, and what PostgreSQL's client backends were doing, sampled every ~3 ms from
 * `pg_stat_activity` (how many were active, and their wait events; `CPU` when active without one).
 * A diagnostic, not a benchmark: its rates carry the sampling's own load, and a process that ends
 * during a phase (COPY's connections) misses its last ~50 ms of CPU. Rates are the benchmark's own
 * (payloads built before its clock starts); CPU is read around the whole phase, so this client's
 * share includes building them. Linux only.
 * Run: `node --import tsx load/ingest-shares.ts [--records N] [--rounds N]`; `REGION_NODE_ARGS` adds
 * Node flags to the region's own (deploy/node-flags.ts), e.g. to compare a GC setting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { batchedJson, copyBaseline, ndjson, quiesce, sampleRecords, singles } from './ingest-bench.ts';
import { createKey, startRegionProcess } from './lib/region-process.ts';
import { createScratchDatabase } from './lib/scratch-database.ts';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const HZ = 100;

function cpuTicks(pid: number): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // the process ended
  }
}

function postgresTicks(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres')) {
        out.set(Number(entry), cpuTicks(Number(entry)));
      }
    } catch {}
  }
  return out;
}

function idleTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return cpu[3]! + cpu[4]!; // idle + iowait
}

interface Phase {
  name: string;
  /** Runs the phase; its rate in records per second, timed by the benchmark's own clock. */
  run: () => Promise<number>;
  /** How many records the phase stored, when not the sample's length (single POSTs run for a time). */
  stored?: () => number;
}

async function measure(sql: postgres.Sql, regionPid: number, sampleSize: number, phase: Phase) {
  const before = {
    region: cpuTicks(regionPid),
    pg: postgresTicks(),
    self: cpuTicks(process.pid),
    idle: idleTicks(),
  };
  const waits = new Map<string, number>();
  const seen = new Map<number, number>();
  let samples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rows = await sql<{ wait: string }[]>`
        select coalesce(wait_event_type || ':' || wait_event, 'CPU') as wait from pg_stat_activity
        where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()`;
      samples++;
      const active = `${rows.length} active`;
      waits.set(active, (waits.get(active) ?? 0) + 1);
      for (const r of rows) waits.set(r.wait, (waits.get(r.wait) ?? 0) + 1);
      // Connections opened for the phase end with it (COPY's): their CPU is read while they live.
      if (samples % 10 === 0) for (const [pid, ticks] of postgresTicks()) seen.set(pid, ticks);
      await new Promise((r) => setTimeout(r, 3));
    }
  })();
  const started = performance.now();
  const rate = await phase.run();
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const records = phase.stored?.() ?? sampleSize;
  for (const [pid, ticks] of postgresTicks()) seen.set(pid, ticks);
  let pg = 0;
  for (const [pid, ticks] of seen) pg += ticks - (before.pg.get(pid) ?? 0);
  const perRecord = (ticks: number) => `${(((ticks / HZ) * 1e6) / records).toFixed(1)} µs`;
  const cores = 2 * seconds;
  console.log(
    `${phase.name.padEnd(8)} ${Math.round(rate)} rec/s · CPU per record: region ${perRecord(
      cpuTicks(regionPid) - before.region,
    )}, PostgreSQL ${perRecord(pg)}, this client ${perRecord(cpuTicks(process.pid) - before.self)} · idle ${Math.round(
      (100 * (idleTicks() - before.idle)) / HZ / cores,
    )} % of 2 cores`,
  );
  const shares = [...waits]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${Math.round((100 * n) / samples)} %`);
  console.log(`         backends: ${shares.join(', ')}`);
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const count = option('--records', 80_000);
const rounds = option('--rounds', 2);
const records = sampleRecords(count);
const database = await createScratchDatabase('smartdb_ingest_shares');
const region = await startRegionProcess(
  'ingest-shares',
  { DATABASE_URL: database.url },
  process.env.REGION_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
);
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
try {
  // A warm region, as in the benchmark: one untimed pass of each batched kind.
  const warm = await createKey(region.url, 'shares-warm');
  await batchedJson(region.url, warm, records.slice(0, 20_000), 5_000, 2);
  await ndjson(region.url, warm, records.slice(0, 20_000), 2);
  for (let round = 0; round < rounds; round++) {
    const phases: Phase[] = [
      { name: 'COPY ×2', run: () => copyBaseline(database.url, records, 2) },
      {
        name: 'arrays',
        run: async () =>
          batchedJson(region.url, await createKey(region.url, `shares-arr-${round}`), records, 5_000, 2),
      },
      {
        name: 'NDJSON',
        run: async () => ndjson(region.url, await createKey(region.url, `shares-nd-${round}`), records, 2),
      },
    ];
    let posted = 0;
    phases.push({
      name: 'singles',
      run: async () => {
        const result = await singles(region.url, await createKey(region.url, `shares-one-${round}`), 10);
        posted = result.perSecond * 10;
        return result.perSecond;
      },
      stored: () => posted,
    });
    for (const phase of phases) {
      await quiesce(sql);
      await measure(sql, region.child.pid!, records.length, phase);
      await sql`delete from records`;
    }
  }
} finally {
  await sql.end();
  await region.stop();
  await database.drop();
}
