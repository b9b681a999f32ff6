/**
 * Starts a real region process for a benchmark (the same `smartdb region` the image runs, from the
 * bundle, with the image's Node flags) and stops it. Benchmarks measure the product as deployed,
 * never an in-process shortcut.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { REGION_NODE_FLAGS } from '../../deploy/node-flags.ts';
import { bundledEntry } from './bundle.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_ADMIN_KEY = process.env.SMARTDB_ADMIN_KEY ?? 'bench-root-key-0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RegionProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startRegionProcess(
  name = 'bench',
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RegionProcess> {
  const port = await freePort();
  const entry = await bundledEntry();
  const child = spawn(
    process.execPath,
    [...REGION_NODE_FLAGS, ...nodeArgs, entry, 'region', '--port', String(port), '--region', name],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: BENCH_DATABASE_URL,
        SMARTDB_ADMIN_KEY: BENCH_ADMIN_KEY,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`region exited: ${output}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`region did not become ready: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function createKey(url: string, tenant: string, role = 'write'): Promise<string> {
  const res = await fetch(`${url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, role }),
  });
  if (res.status !== 201) throw new Error(`key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}
