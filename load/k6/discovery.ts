// Scenario discovery: registry look-ups by domain, tier and field over HTTP.
//   k6 run -e BASE_URL=... -e API_KEY=<key> [-e SEED=3] load/k6/discovery.ts
// Env: VUS (default 20), DURATION (60s), SEED (records to ingest first so stores exist), SCOPE.
import { check } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { BASE_URL, headers, scenarioOptions, seed } from './common.ts';
import type { TargetsFile } from './lib.ts';

const targets = JSON.parse(open('../targets.json')) as TargetsFile;

export const options: Options = scenarioOptions(targets, 'discovery', { vus: 20, duration: '60s' });

const LOOKUPS = [
  'domain=logs',
  'domain=orders',
  'domain=users',
  'tier=HOT',
  'tier=WARM',
  'field=amount',
  'field=level',
  'domain=logs&tier=HOT',
];

export function setup(): void {
  const count = Number(__ENV.SEED ?? 0);
  if (count > 0) seed(count);
}

export default function discovery(): void {
  const lookup = LOOKUPS[Math.floor(Math.random() * LOOKUPS.length)] as string;
  const res = http.get(`${BASE_URL}/v1/mcps/discover?${lookup}`, {
    headers: headers(),
    tags: { name: 'GET /v1/mcps/discover' },
  });
  check(res, { 'answered (200)': (r) => r.status === 200 });
}
