// The edge's portable unit suite on every runtime it ships for: Node (here), Deno (npm `deno`) and
// workerd (Miniflare), plus the Cloudflare Worker entry answering through a fake region bound as a
// service. Each runtime is a real child runtime, not an emulation in Node.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';
import { runPortableSuite } from './runtime/portable-suite.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DENO = `${ROOT}node_modules/.bin/deno`;

async function bundleForWorkers(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

/** Runs `use` against a Miniflare (workerd) instance of a bundled worker, then disposes of it. */
async function withWorker(
  entry: string,
  options: Omit<ConstructorParameters<typeof Miniflare>[0], 'script' | 'modules'>,
  use: (mf: Miniflare) => Promise<void>,
): Promise<void> {
  const mf = new Miniflare({
    modules: true,
    script: await bundleForWorkers(entry),
    compatibilityDate: '2025-09-01',
    ...options,
  } as ConstructorParameters<typeof Miniflare>[0]);
  try {
    await use(mf);
  } finally {
    await mf.dispose();
  }
}

const expectAllPassed = (results: Array<{ name: string; ok: boolean; error?: string }>) => {
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(10);
};

describe('edge on every runtime', () => {
  it('passes the portable suite on Node', async () => {
    expectAllPassed(await runPortableSuite());
  });

  it('type-checks the Deno entry and passes the portable suite under Deno', async () => {
    const config = ['--config', 'deploy/deno/deno.json'];
    await run(DENO, ['check', ...config, 'edge/src/deno.ts', 'edge/test/runtime/deno-main.ts'], {
      cwd: ROOT,
    });
    const { stdout } = await run(
      DENO,
      ['run', ...config, '--allow-read', '--allow-env', 'edge/test/runtime/deno-main.ts'],
      {
        cwd: ROOT,
      },
    );
    expectAllPassed(JSON.parse(stdout.trim().split('\n').at(-1)!));
  }, 60_000);

  it('passes the portable suite inside workerd', async () => {
    await withWorker('edge/test/runtime/workerd-main.ts', {}, async (mf) => {
      const res = await mf.dispatchFetch('http://edge.test/');
      expectAllPassed((await res.json()) as Array<{ name: string; ok: boolean }>);
    });
  }, 60_000);

  it('runs the Worker entry in workerd, reaching a region through a service binding', async () => {
    const seen: string[] = [];
    const fakeRegion = async (request: Request) => {
      const url = new URL(request.url);
      seen.push(`${request.method} ${url.pathname}`);
      if (url.pathname === '/ready') return Response.json({ status: 'ready' });
      return Response.json({
        region: 'us-east',
        path: url.pathname,
        auth: request.headers.get('authorization'),
      });
    };
    const options = {
      bindings: {
        SMARTDB_REGIONS: 'us-east=http://us-east.internal',
        SMARTDB_EDGE_PROBE_INTERVAL_MS: '1000',
      },
      serviceBindings: { SMARTDB_REGION_US_EAST: fakeRegion },
    };
    await withWorker('edge/src/worker.ts', options, async (mf) => {
      const health = await mf.dispatchFetch('http://edge.test/health');
      expect(await health.json()).toEqual({ status: 'ok', role: 'edge' });
      const headers = { authorization: 'Bearer worker-key' };
      const miss = await mf.dispatchFetch('http://edge.test/v1/query?q=count+logs', { headers });
      expect(miss.headers.get('x-smartdb-cache')).toBe('MISS');
      expect(miss.headers.get('x-smartdb-region')).toBe('us-east');
      expect(await miss.json()).toEqual({ region: 'us-east', path: '/v1/query', auth: 'Bearer worker-key' });
      const hit = await mf.dispatchFetch('http://edge.test/v1/query?q=count+logs', { headers });
      expect(hit.headers.get('x-smartdb-cache')).toBe('HIT');
      await hit.arrayBuffer();
      const regions = (await (await mf.dispatchFetch('http://edge.test/edge/regions')).json()) as Array<{
        name: string;
      }>;
      expect(regions.map((r) => r.name)).toEqual(['us-east']);
      expect(seen).toContain('GET /ready');
      expect(seen.filter((s) => s === 'GET /v1/query')).toHaveLength(1);
    });
  }, 60_000);

  it('answers with the error shape when Worker settings are invalid', async () => {
    await withWorker('edge/src/worker.ts', { bindings: { SMARTDB_REGIONS: 'not-a-region' } }, async (mf) => {
      const res = await mf.dispatchFetch('http://edge.test/health');
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({
        error: { code: 'INTERNAL', message: expect.stringContaining('SMARTDB_REGIONS') },
      });
    });
  }, 60_000);
});
