// Scenario ingest-single: one record per POST from many clients (the group-commit path).
//   k6 run -e BASE_URL=... -e API_KEY=<write key> load/k6/ingest-single.ts
// Env: VUS (default: the clients figure of target ingest.single.rate), DURATION (60s), SCOPE.
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { BASE_URL, headers, scenarioOptions } from './common.ts';
import { clientsOf, syntheticRecord, type TargetsFile } from './lib.ts';

const targets = JSON.parse(open('../targets.json')) as TargetsFile;

export const options: Options = scenarioOptions(targets, 'ingest-single', {
  vus: clientsOf(targets, 'ingest.single.rate'),
  duration: '60s',
});

const ingested = new Counter('smartdb_records_ingested');
const runId = Date.now();

export default function ingestSingle(): void {
  const n = exec.vu.idInTest * 10_000_000 + exec.vu.iterationInScenario;
  const res = http.post(`${BASE_URL}/v1/ingest`, JSON.stringify(syntheticRecord(n, Date.now())), {
    headers: headers({ 'Idempotency-Key': `k6-single-${runId}-${n}` }),
    tags: { name: 'POST /v1/ingest (single)' },
  });
  if (check(res, { 'record committed (201)': (r) => r.status === 201 })) ingested.add(1);
}
