// k6-side helpers shared by the scenario scripts: connection settings from __ENV, request
// headers, seeding. Every script takes BASE_URL (default http://127.0.0.1:8080, the edge) and
// API_KEY (a write key for scripts that seed or ingest, a read key is enough otherwise).
import { check, fail } from 'k6';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import type { Options } from 'k6/options';
import { syntheticRecord, type TargetsFile, thresholdsFor } from './lib.ts';

export const BASE_URL = (__ENV.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const API_KEY = __ENV.API_KEY ?? '';
if (API_KEY === '') throw new Error('set API_KEY (k6 run -e API_KEY=...)');

export function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json', ...extra };
}

/** A response header, whatever case the server or k6 gave it. */
export function header(res: RefinedResponse<ResponseType | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(res.headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Ingests `count` synthetic records in batches and returns their ids (for read scenarios). */
export function seed(count: number, batchSize = 5000): string[] {
  const ids: string[] = [];
  const now = Date.now();
  for (let start = 0; start < count; start += batchSize) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) batch.push(syntheticRecord(i, now));
    const res = http.post(`${BASE_URL}/v1/ingest`, JSON.stringify(batch), {
      headers: headers({ 'Idempotency-Key': `k6-seed-${now}-${start}` }),
      tags: { name: 'seed' },
      timeout: '120s',
    });
    if (!check(res, { 'seed batch committed (201)': (r) => r.status === 201 })) {
      fail(`seeding failed: ${res.status} ${String(res.body).slice(0, 200)}`);
    }
    const records = res.json('records') as { id: string }[];
    for (const r of records) ids.push(r.id);
  }
  return ids;
}

/**
 * One constant-VUs scenario named after the script, with the thresholds targets.json gives that
 * scenario. VUS, DURATION and SCOPE from __ENV override the defaults.
 */
export function scenarioOptions(
  targets: TargetsFile,
  scenario: string,
  defaults: { vus: number; duration: string },
  extra: Options = {},
): Options {
  return {
    scenarios: {
      [scenario]: {
        executor: 'constant-vus',
        vus: Number(__ENV.VUS ?? defaults.vus),
        duration: __ENV.DURATION ?? defaults.duration,
      },
    },
    thresholds: thresholdsFor(targets, scenario, __ENV.SCOPE),
    ...extra,
  };
}
