/**
 * The Node benchmark runner behind `npm run bench` (full) and `npm run bench -- --quick` (under two
 * minutes). Runs every scenario module in one run, one after another, prints one table (target,
 * measured, same-run baseline, ratio, pass/fail) and writes `load/results/latest.json`.
 *
 * A scenario module that does not exist yet is reported as not available; one that throws is
 * reported as an error. Neither ever becomes a row: every row is a measurement. Exits 1 when a row
 * fails or a scenario errors. `--only ingest,discovery` runs a subset (written to latest-<names>.json).
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchRow, formatTable } from './lib/report.ts';

interface Scenario {
  name: string;
  file: string;
  run: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'ingest', file: 'ingest-bench.ts', run: 'runIngestBench' },
  { name: 'query', file: 'query-bench.ts', run: 'runQueryBench' },
  { name: 'discovery', file: 'discovery-bench.ts', run: 'runDiscoveryBench' },
  { name: 'edge', file: 'edge-bench.ts', run: 'runEdgeBench' },
  { name: 'tiering', file: 'tiering-bench.ts', run: 'runTieringBench' },
  { name: 'memory', file: 'memory-bench.ts', run: 'runMemoryBench' },
];

type RunScenario = (options: { quick: boolean }) => Promise<unknown>;

/** A scenario stuck on something outside it (a locked database) still lets the table print. */
const SCENARIO_BOUND_S = { quick: 300, full: 2_700 };

async function bounded<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${seconds} s`)), seconds * 1_000);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rows a scenario returned, checked field by field; anything else is the scenario's error. */
function benchRows(scenario: string, value: unknown): BenchRow[] {
  if (!Array.isArray(value)) throw new Error(`${scenario} returned ${typeof value}, not an array of rows`);
  return value.map((row: Partial<BenchRow>, i) => {
    const ok =
      typeof row === 'object' &&
      row !== null &&
      typeof row.scenario === 'string' &&
      typeof row.metric === 'string' &&
      typeof row.target === 'string' &&
      typeof row.measured === 'number' &&
      typeof row.unit === 'string' &&
      typeof row.pass === 'boolean' &&
      (row.ratio === undefined || typeof row.ratio === 'number') &&
      (row.baseline === undefined ||
        (typeof row.baseline.name === 'string' && typeof row.baseline.value === 'number'));
    if (!ok) throw new Error(`${scenario} row ${i} is not a BenchRow: ${JSON.stringify(row).slice(0, 200)}`);
    return row as BenchRow;
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
    strict: true,
  });
  const quick = values.quick === true;
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: unknown scenario ${unknown.join(', ')}; have ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    );
    return 2;
  }

  const startedAt = new Date().toISOString();
  const began = performance.now();
  const rows: BenchRow[] = [];
  const skipped: { scenario: string; reason: string }[] = [];
  const errors: { scenario: string; error: string }[] = [];
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
    const path = fileURLToPath(new URL(scenario.file, import.meta.url));
    if (!existsSync(path)) {
      const reason = `load/${scenario.file} does not exist yet`;
      skipped.push({ scenario: scenario.name, reason });
      process.stderr.write(`bench: ${scenario.name} not available (${reason})\n`);
      continue;
    }
    process.stderr.write(`bench: ${scenario.name}${quick ? ' (quick)' : ''} ...\n`);
    const t0 = performance.now();
    try {
      const module = (await import(new URL(scenario.file, import.meta.url).href)) as Record<string, unknown>;
      const run = module[scenario.run];
      if (typeof run !== 'function') throw new Error(`load/${scenario.file} does not export ${scenario.run}`);
      const bound = quick ? SCENARIO_BOUND_S.quick : SCENARIO_BOUND_S.full;
      const got = benchRows(scenario.name, await bounded((run as RunScenario)({ quick }), bound));
      rows.push(...got);
      process.stderr.write(
        `bench: ${scenario.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${got.length} rows\n`,
      );
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      errors.push({ scenario: scenario.name, error });
      process.stderr.write(`bench: ${scenario.name} FAILED to run: ${error}\n`);
    }
  }

  const seconds = (performance.now() - began) / 1000;
  console.log(formatTable(rows));
  for (const s of skipped) console.log(`not available: ${s.scenario} (${s.reason})`);
  for (const e of errors) console.log(`error: ${e.scenario}: ${e.error}`);
  const failed = rows.filter((r) => !r.pass).length;
  console.log(
    `${rows.length} rows, ${failed} failing, ${errors.length} scenario errors, ${skipped.length} not available; ${seconds.toFixed(0)} s${quick ? ' (quick)' : ''}`,
  );

  const results = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  const report = {
    machine: { cpus: cpus().length, mem: totalmem(), node: process.version },
    startedAt,
    seconds: Number(seconds.toFixed(1)),
    quick,
    only: only ?? null,
    rows,
    skipped,
    errors,
  };
  // A partial run (--only) never replaces the table of a whole run.
  const name = only ? `latest-${only.join('-')}.json` : 'latest.json';
  writeFileSync(`${results}${name}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(`${results}${name}.tmp`, `${results}${name}`);
  return failed > 0 || errors.length > 0 ? 1 : 0;
}

process.exitCode = await main();
// A scenario that leaks a handle (a socket, a timer) must not keep the runner alive after the table.
setTimeout(() => process.exit(), 5_000).unref();
