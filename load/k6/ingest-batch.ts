// Scenario ingest-batch: JSON arrays (or NDJSON with FORMAT=ndjson) of BATCH records per request.
//   k6 run -e BASE_URL=https://us-east.smartdb.example.com -e API_KEY=<write key> load/k6/ingest-batch.ts
// Env: VUS (default 4), DURATION (60s), BATCH (1000), FORMAT (json | ndjson), SCOPE (cluster).
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { BASE_URL, headers, scenarioOptions } from './common.ts';
import { syntheticRecord, type TargetsFile } from './lib.ts';

const targets = JSON.parse(open('../targets.json')) as TargetsFile;
const BATCH = Number(__ENV.BATCH ?? 1000);
const NDJSON = __ENV.FORMAT === 'ndjson';

export const options: Options = scenarioOptions(targets, 'ingest-batch', { vus: 4, duration: '60s' });

const ingested = new Counter('smartdb_records_ingested');

export default function ingestBatch(): void {
  const first = (exec.vu.idInTest * 1_000_000 + exec.vu.iterationInScenario) * BATCH;
  const now = Date.now();
  const records = [];
  for (let i = 0; i < BATCH; i++) records.push(syntheticRecord(first + i, now));
  const body = NDJSON ? records.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(records);
  const res = http.post(`${BASE_URL}/v1/ingest`, body, {
    headers: headers({
      'Content-Type': NDJSON ? 'application/x-ndjson' : 'application/json',
      'Idempotency-Key': `k6-batch-${exec.vu.idInTest}-${exec.vu.iterationInScenario}-${now}`,
    }),
    tags: { name: 'POST /v1/ingest (batch)' },
    timeout: '60s',
  });
  const ok = check(res, { 'batch committed (201)': (r) => r.status === 201 });
  if (ok) ingested.add(Number(res.json('ingested')));
}
