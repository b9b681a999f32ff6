// Scenario edge-cache: reads of KEYS records through the edge, chosen by a Zipf(s) law (s from
// target edge.hit_ratio), so a few records are hot and most are cold. The hit ratio is what the
// edge reports in x-smartdb-cache.
//   k6 run -e BASE_URL=<edge> -e API_KEY=<write key> load/k6/edge-cache.ts
// Env: VUS (default 32), DURATION (60s), KEYS (records seeded and read, default 10000), SCOPE.
import { check } from 'k6';
import http from 'k6/http';
import { Rate } from 'k6/metrics';
import type { Options } from 'k6/options';
import { BASE_URL, header, headers, scenarioOptions, seed } from './common.ts';
import { type TargetsFile, target, zipfSampler } from './lib.ts';

const targets = JSON.parse(open('../targets.json')) as TargetsFile;
const KEYS = Number(__ENV.KEYS ?? 10_000);
const sample = zipfSampler(KEYS, target(targets, 'edge.hit_ratio').zipf ?? 1.1);

export const options: Options = scenarioOptions(
  targets,
  'edge-cache',
  { vus: 32, duration: '60s' },
  { setupTimeout: '10m' },
);

const hit = new Rate('smartdb_edge_cache_hit');

export function setup(): { ids: string[] } {
  return { ids: seed(KEYS) };
}

export default function edgeCache(data: { ids: string[] }): void {
  const id = data.ids[sample(Math.random())] as string;
  const res = http.get(`${BASE_URL}/v1/records/${id}`, {
    headers: headers(),
    tags: { name: 'GET /v1/records/:id' },
  });
  check(res, { 'answered (200)': (r) => r.status === 200 });
  hit.add(header(res, 'x-smartdb-cache') === 'HIT');
}
