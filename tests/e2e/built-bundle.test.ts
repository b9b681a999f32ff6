// The bundle the image runs (deploy/build.ts → `node dist/smartdb.mjs`), built into a directory of
// its own and run as real processes: a region on the test PostgreSQL (migrations read beside the
// bundle), the admin UI's assets, an edge in front of it, and `migrate`. The chunk graph is read
// from esbuild's metafile: what an edge process imports must not reach the region's drivers.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Built, buildDist } from '../../deploy/build.ts';
import {
  ADMIN_KEY,
  DATABASE_URL,
  ROOT,
  type Running,
  startProcess,
  stopAll,
  TEST_EDGE_ENV,
} from '../support/edge-processes.ts';
import { createTenant } from '../support/edge-tenants.ts';

// Inside the repository, so the bundle's third-party imports resolve from its node_modules as the
// image's do from /app/node_modules.
const OUT = join(ROOT, 'tests/artifacts', `dist-${process.pid}`);

let built: Built;
let region: Running;
let edge: Running;

beforeAll(async () => {
  built = await buildDist(OUT);
  region = await startProcess(
    'bundled region',
    process.execPath,
    [built.entry, 'region', '--port', '0', '--region', 'bundled', '--host', '127.0.0.1'],
    { DATABASE_URL, SMARTDB_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' },
    30_000,
  );
  edge = await startProcess('bundled edge', process.execPath, [built.entry, 'edge'], {
    ...TEST_EDGE_ENV,
    SMARTDB_REGIONS: `bundled=${region.url}`,
  });
}, 60_000);

afterAll(async () => {
  await stopAll();
  rmSync(OUT, { recursive: true, force: true });
});

/** Every module an output loads when it runs: its static imports, transitively (not dynamic ones). */
function staticClosure(
  metafile: Built['metafile'],
  outputPath: string,
): { chunks: Set<string>; packages: Set<string> } {
  const chunks = new Set<string>();
  const packages = new Set<string>();
  const visit = (path: string) => {
    if (chunks.has(path)) return;
    chunks.add(path);
    for (const edge of metafile.outputs[path]?.imports ?? []) {
      if (edge.kind !== 'import-statement') continue;
      if (edge.external) packages.add(edge.path);
      else visit(edge.path);
    }
  };
  visit(outputPath);
  return { chunks, packages };
}

function outputWithInput(metafile: Built['metafile'], input: string): string {
  const found = Object.entries(metafile.outputs).find(([, o]) => input in o.inputs);
  if (!found) throw new Error(`no output holds ${input}`);
  return found[0];
}

describe('the bundle the image runs', () => {
  it('serves writes and questions through an edge, both started from the bundle', async () => {
    const tenant = await createTenant(edge.url, { level: 'error', service: 'bundle-check', message: 'boom' });
    const res = await fetch(`${edge.url}/v1/query?q=${encodeURIComponent('count error logs')}`, {
      headers: { authorization: `Bearer ${tenant.key}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-smartdb-region')).toBe('bundled');
    expect(((await res.json()) as { count: number }).count).toBe(1);
    const record = await fetch(`${edge.url}/v1/records/${tenant.recordId}`, {
      headers: { authorization: `Bearer ${tenant.key}` },
    });
    expect(record.status).toBe(200);
  }, 20_000);

  it('serves the admin UI assets copied beside the bundle', async () => {
    const res = await fetch(`${region.url}/admin/assets/admin.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(readFileSync(join(ROOT, 'region/src/admin/assets/admin.js'), 'utf8'));
    expect((await fetch(`${region.url}/admin/assets/uPlot.iife.min.js`)).status).toBe(200);
  });

  it('applies migrations from the copy beside the bundle', () => {
    const run = spawnSync(process.execPath, [built.entry, 'migrate'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('migrations applied');
    expect(run.status).toBe(0);
  }, 40_000);

  it('keeps the region’s database drivers and query engine out of what an edge process loads', () => {
    const { metafile } = built;
    const entry = outputWithInput(metafile, 'region/src/cli.ts');
    const edgeNode = outputWithInput(metafile, 'edge/src/node.ts');
    const loaded = staticClosure(metafile, entry);
    const edgeSide = staticClosure(metafile, edgeNode);
    for (const chunk of edgeSide.chunks) loaded.chunks.add(chunk);
    const packages = new Set([...loaded.packages, ...edgeSide.packages]);
    for (const pkg of ['postgres', '@electric-sql/pglite', 'drizzle-orm', 'ioredis'])
      expect(
        [...packages].filter((p) => p === pkg || p.startsWith(`${pkg}/`)),
        pkg,
      ).toEqual([]);
    const inputs = new Set([...loaded.chunks].flatMap((c) => Object.keys(metafile.outputs[c]?.inputs ?? {})));
    expect(
      [...inputs].filter((i) => i.startsWith('packages/query/') || i === 'region/src/server.ts'),
    ).toEqual([]);
    // The region side is in the bundle, behind the CLI's dynamic import, and the walk above sees
    // its drivers when it starts there.
    const server = outputWithInput(metafile, 'region/src/server.ts');
    expect(loaded.chunks.has(server)).toBe(false);
    expect([...staticClosure(metafile, server).packages]).toContain('postgres');
  });
});
