// An in-memory stand-in for the transport to regions, for unit tests on every runtime (Node, Deno,
// workerd). Each region answers /ready and echoes /v1/* with a per-region counter, or fails in the
// way a test asks. It never opens a socket.
import { type Bytes, type Upstream, UpstreamError, type UpstreamRequest } from '../../src/upstream.ts';

export type RegionMode =
  | 'ok'
  | 'refuse'
  | 'reset'
  | 'timeout'
  | '503'
  | '500'
  | 'no-store'
  | 'flap'
  | 'query-timeout';

export interface FakeCall {
  regionUrl: string;
  request: UpstreamRequest;
}

const encoder = new TextEncoder();

export class FakeRegions {
  readonly calls: FakeCall[] = [];
  readonly modes = new Map<string, RegionMode>();
  /** Extra latency per region URL, in ms (real time). */
  readonly delays = new Map<string, number>();
  readonly #counters = new Map<string, number>();
  #flip = false;

  readonly upstream: Upstream = async (regionUrl, request) => {
    this.calls.push({ regionUrl, request });
    const delay = this.delays.get(regionUrl) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    let mode = this.modes.get(regionUrl) ?? 'ok';
    if (mode === 'flap') {
      this.#flip = !this.#flip;
      mode = this.#flip ? 'refuse' : 'ok';
    }
    if (mode === 'refuse') throw new UpstreamError('connect', 'ECONNREFUSED');
    if (mode === 'reset') throw new UpstreamError('io', 'ECONNRESET');
    if (mode === 'timeout') throw new UpstreamError('timeout', 'timed out');
    if (mode === '503') return json(503, { error: { code: 'UNAVAILABLE', message: 'not ready' } });
    if (mode === 'query-timeout' && request.path !== '/ready') {
      // As a region answers a question PostgreSQL cancelled at QUERY_TIMEOUT_MS.
      return json(
        503,
        { error: { code: 'QUERY_TIMEOUT', message: 'the question ran longer than the time limit' } },
        { 'x-smartdb-error': 'QUERY_TIMEOUT' },
      );
    }
    if (mode === '500' && request.path !== '/ready')
      return json(500, { error: { code: 'INTERNAL', message: 'boom' } });
    if (request.path === '/ready') return json(200, { status: 'ready' });
    const n = (this.#counters.get(regionUrl) ?? 0) + 1;
    this.#counters.set(regionUrl, n);
    const body = {
      region: regionUrl,
      n,
      method: request.method,
      path: request.path,
      auth: request.headers.authorization ?? null,
      body: request.body ? new TextDecoder().decode(request.body) : null,
    };
    const extra: Record<string, string> =
      mode === 'no-store'
        ? { 'cache-control': 'no-store' }
        : { connection: 'x-secret-hop', 'x-secret-hop': '1' };
    return json(request.method === 'POST' ? 201 : 200, body, { 'keep-alive': 'timeout=5', ...extra });
  };

  /** Calls to one region (probes excluded). */
  requestsTo(regionUrl: string): FakeCall[] {
    return this.calls.filter((c) => c.regionUrl === regionUrl && c.request.path !== '/ready');
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: encoder.encode(JSON.stringify(body)) as Bytes,
  };
}
