// Scenario failover: a steady loop of idempotent reads through the edge while a region is
// killed and brought back. Every request must succeed: the edge retries idempotent requests on
// another region. Kill a region during the run, for example:
//   k6 run -e BASE_URL=<edge> -e API_KEY=<write key> load/k6/failover.ts &
//   sleep 30; docker compose -f deploy/compose.yaml kill region-us-east
//   sleep 30; docker compose -f deploy/compose.yaml start region-us-east
// Env: VUS (default 16), DURATION (120s), KEYS (records seeded, default 1000), SCOPE.
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { BASE_URL, header, headers, scenarioOptions, seed } from './common.ts';
import type { TargetsFile } from './lib.ts';

const targets = JSON.parse(open('../targets.json')) as TargetsFile;
const KEYS = Number(__ENV.KEYS ?? 1000);

export const options: Options = scenarioOptions(targets, 'failover', { vus: 16, duration: '120s' });

// Which region answered, as a tag: the summary shows traffic leaving the killed region.
const answeredBy = new Counter('smartdb_answered_by');

export function setup(): { ids: string[] } {
  return { ids: seed(KEYS) };
}

export default function failover(data: { ids: string[] }): void {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)] as string;
  const res =
    Math.random() < 0.8
      ? http.get(`${BASE_URL}/v1/records/${id}`, {
          headers: headers(),
          tags: { name: 'GET /v1/records/:id' },
        })
      : http.get(`${BASE_URL}/v1/query?q=${encodeURIComponent('count logs by service')}`, {
          headers: headers(),
          tags: { name: 'GET /v1/query' },
        });
  check(res, { 'answered (200)': (r) => r.status === 200 });
  answeredBy.add(1, { region: header(res, 'x-smartdb-region') ?? 'none' });
  sleep(0.01);
}
