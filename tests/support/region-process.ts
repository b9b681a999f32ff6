/**
 * Regions for tests: an in-process region (services + Hono app, called through `app.request()`, no
 * port) and real `smartdb region` processes for crash and start-up tests. Both run against the real
 * PostgreSQL; callers make their own tenants and never truncate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { regionSettingsSchema } from '@smartdb/core';
import { createRegionApp } from '../../region/src/app.ts';
import type { OpenDatabase } from '../../region/src/database.ts';
import { createRegionServices, type RegionServices } from '../../region/src/services.ts';
import { TEST_DATABASE_URL, testDatabase, uniqueTenant } from './db.ts';

export const ROOT_KEY = 'test-root-key-0123456789abcdef';
export const CLI = fileURLToPath(new URL('../../bin/smartdb.mjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type Role = 'read' | 'write' | 'admin';

export interface TestKey {
  id: string;
  key: string;
  tenant: string;
  role: Role;
}

export interface RequestOptions {
  key?: string | null;
  method?: string;
  /** A JS value is sent as JSON; a string or bytes are sent as they are. */
  json?: unknown;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface InProcessRegion {
  services: RegionServices;
  database: OpenDatabase;
  app: ReturnType<typeof createRegionApp>;
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** Creates a key with the root key; a fresh tenant unless one is given. */
  key(role: Role, tenant?: string): Promise<TestKey>;
  /** Records of a tenant in SQL, independent of the registry. */
  sqlCount(tenant: string): Promise<number>;
  close(): Promise<void>;
}

export interface InProcessOptions {
  region?: string;
  /** Share one database handle between regions of the same test. */
  database?: OpenDatabase;
  registryRefreshMs?: number;
  maxStoresPerTenant?: number;
  /**
   * The region's own tiering pass interval (30 s by default). A test that runs the Tierer itself sets
   * it out of reach, or a pass of the region's own, come while the test sets up on a loaded machine,
   * creates the indexes the test means to see appear.
   */
  tieringIntervalMs?: number;
}

export async function startInProcessRegion(options: InProcessOptions = {}): Promise<InProcessRegion> {
  const owned = !options.database;
  const database = options.database ?? (await testDatabase());
  const settings = regionSettingsSchema.parse({
    SMARTDB_ADMIN_KEY: ROOT_KEY,
    DATABASE_URL: TEST_DATABASE_URL,
    REGION: options.region ?? 'test',
    REGISTRY_REFRESH_MS: options.registryRefreshMs ?? 500,
    MAX_STORES_PER_TENANT: options.maxStoresPerTenant,
    TIERING_INTERVAL_MS: options.tieringIntervalMs,
    LOG_LEVEL: 'warn',
  });
  const services = await createRegionServices(settings, { database });
  const app = createRegionApp(services);

  const request = (path: string, o: RequestOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? ROOT_KEY : o.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | Uint8Array | undefined = o.body;
    if (o.json !== undefined) body = JSON.stringify(o.json);
    if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
    const method = o.method ?? (body === undefined ? 'GET' : 'POST');
    return Promise.resolve(app.request(path, { method, headers, body: body as BodyInit | undefined }));
  };

  return {
    services,
    database,
    app,
    request,
    async key(role, tenant = uniqueTenant()) {
      const res = await request('/v1/keys', { key: ROOT_KEY, json: { tenant, role } });
      if (res.status !== 201) throw new Error(`creating a key failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as TestKey;
    },
    async sqlCount(tenant) {
      const [row] = await database.client!<{ n: number }[]>`
        select count(*)::int as n from records where tenant_id = ${tenant}`;
      return row!.n;
    },
    async close() {
      await services.close();
      if (owned) await database.close();
    },
  };
}

/**
 * Two in-process regions on one database, `west` refreshing its registry every 100 ms: what one
 * region commits, the other reads from the database. `close` stops both.
 */
export async function startRegionPair(): Promise<{
  east: InProcessRegion;
  west: InProcessRegion;
  close(): Promise<void>;
}> {
  const east = await startInProcessRegion({ region: 'east' });
  const west = await startInProcessRegion({
    region: 'west',
    database: east.database,
    registryRefreshMs: 100,
  });
  return {
    east,
    west,
    async close() {
      await west.close();
      await east.close();
    },
  };
}

/** A port that was free a moment ago (bind port 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RegionProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait; for cleanup. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  port: number;
  region?: string;
  env?: Record<string, string>;
  /** How long to wait for the listening line and a 200 from /ready. */
  timeoutMs?: number;
}

/** Runs `node bin/smartdb.mjs <args>` to completion; for CLI start-up errors. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Spawns a region process and resolves once it printed its listening line and /ready answers 200. */
export async function spawnRegion(options: SpawnOptions): Promise<RegionProcess> {
  const region = options.region ?? 'crash';
  const child = spawn(process.execPath, [CLI, 'region', '--port', String(options.port), '--region', region], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: TEST_DATABASE_URL,
      SMARTDB_ADMIN_KEY: ROOT_KEY,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = `http://127.0.0.1:${options.port}`;
  const handle: RegionProcess = {
    child,
    url,
    port: options.port,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let exitedEarly = false;
  void exited.then(() => {
    exitedEarly = true;
  });
  const listening = `smartdb region ${region} listening on ${url}`;
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`region exited before it was ready: ${err.trim()}`);
    if (out.includes(listening)) {
      const ready = await fetch(`${url}/ready`).catch(() => null);
      if (ready?.status === 200) return handle;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await handle.stop();
  throw new Error(`region on ${url} was not ready in time; stdout: ${out} stderr: ${err}`);
}
