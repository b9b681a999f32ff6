// Spawns and stops real processes (fake regions, edges, real regions) on loopback ports for the edge
// end-to-end tests, and small HTTP helpers to drive them. Every process it starts is killed by
// stopAll(); it never targets anything but 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Running {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess;
  output: () => string;
}

const started = new Set<ChildProcess>();

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `node --import tsx <script>` and waits for its `listening <port>` line. */
export function startScript(name: string, script: string, env: Record<string, string>): Promise<Running> {
  return startProcess(name, process.execPath, ['--import', 'tsx', script], env);
}

/** Starts any command and waits for a `listening <port>` or `listening on http://host:<port>` line. */
export async function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<Running> {
  const proc = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // stdin stays open as a lifeline: the fixture scripts exit when it closes, so a test runner that
    // dies abruptly leaves no orphans behind.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.add(proc);
  proc.on('exit', () => started.delete(proc));
  let output = '';
  proc.stderr!.on('data', (d) => {
    output += String(d);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    proc.stdout!.on('data', (d) => {
      output += String(d);
      const match = /listening (?:on https?:\/\/[^\s:]+:)?(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${output}`));
    });
  });
  return { name, port, url: `http://127.0.0.1:${port}`, proc, output: () => output };
}

export function startFakeRegion(name: string, port = 0, mode = 'ok', bodyBytes = 0): Promise<Running> {
  return startScript(`fake region ${name}`, 'tests/support/edge-fake-region.ts', {
    PORT: String(port),
    REGION: name,
    FAKE_REGION_MODE: mode,
    FAKE_REGION_BODY_BYTES: String(bodyBytes),
  });
}

/** Edge settings tuned for tests: faster probes and a short hold-down, still the real mechanisms. */
export const TEST_EDGE_ENV = {
  HOST: '127.0.0.1',
  PORT: '0',
  SMARTDB_EDGE_PROBE_INTERVAL_MS: '250',
  SMARTDB_EDGE_PROBE_TIMEOUT_MS: '200',
  SMARTDB_EDGE_EJECT_BASE_MS: '2000',
  SMARTDB_EDGE_SLOW_START_MS: '1000',
  SMARTDB_EDGE_RATE_LIMIT_RPS: '0',
};

export function startEdge(regions: string, env: Record<string, string> = {}): Promise<Running> {
  return startScript('edge', 'tests/support/edge-node-process.ts', {
    ...TEST_EDGE_ENV,
    SMARTDB_REGIONS: regions,
    ...env,
  });
}

export function kill(running: Running, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (running.proc.exitCode !== null || running.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.proc.once('exit', () => resolve());
    running.proc.kill(signal);
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all(
    [...started].map(
      (proc) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once('exit', () => resolve());
          proc.kill('SIGKILL');
        }),
    ),
  );
}

export interface RegionView {
  name: string;
  healthy: boolean;
  ejected: boolean;
  rttMs: number | null;
  inflight: number;
  lastError: string | null;
}

export async function regionsOf(edgeUrl: string): Promise<RegionView[]> {
  return (await (await fetch(`${edgeUrl}/edge/regions`)).json()) as RegionView[];
}

/** Polls until `check` passes; returns the elapsed ms, or throws after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const ADMIN_KEY = 'edge-e2e-admin-key-0123456789';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A real region: `node bin/smartdb.mjs region` against the test PostgreSQL (or `databaseUrl`). */
export function startRealRegion(
  name: string,
  port = 0,
  databaseUrl = DATABASE_URL,
  env: Record<string, string> = {},
): Promise<Running> {
  return startProcess(
    `region ${name}`,
    process.execPath,
    ['bin/smartdb.mjs', 'region', '--port', String(port), '--region', name, '--host', '127.0.0.1'],
    { DATABASE_URL: databaseUrl, SMARTDB_ADMIN_KEY: ADMIN_KEY, ...env },
    30_000,
  );
}
