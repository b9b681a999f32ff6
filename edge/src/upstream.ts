// The one way the edge talks to a region: an injected function, so Node can use pooled keep-alive
// connections (undici) while Deno and Workers use fetch. Requests and responses are fully buffered
// plain data, replayable on another region. Implementations must only ever contact `regionUrl`.

/** Bytes backed by a plain ArrayBuffer, as every Web body API accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

export interface UpstreamRequest {
  method: string;
  /** Path and query, always starting with `/`; appended to the region URL, never resolved against it. */
  path: string;
  headers: Record<string, string>;
  body: Bytes | undefined;
  timeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Bytes;
}

export type Upstream = (regionUrl: string, request: UpstreamRequest) => Promise<UpstreamResponse>;

/**
 * `connect`: the request never reached the region (safe to retry, even a write).
 * `timeout` / `io`: it may have reached it.
 */
export type UpstreamFailure = 'connect' | 'timeout' | 'io';

export class UpstreamError extends Error {
  readonly kind: UpstreamFailure;
  constructor(kind: UpstreamFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UpstreamError';
    this.kind = kind;
  }
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'ConnectionRefused') return 'ECONNREFUSED';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies whatever a transport threw. */
export function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = causeCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && CONNECT_CODES.has(code))
    return new UpstreamError('connect', `${code}: ${message}`, { cause: error });
  if (
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new UpstreamError('timeout', `timed out: ${message}`, { cause: error });
  }
  return new UpstreamError('io', code === undefined ? message : `${code}: ${message}`, { cause: error });
}

/** An Upstream over a fetch function (Deno, Workers, or a Worker service binding's fetch). */
export function fetchUpstream(fetchImpl: typeof fetch = fetch): Upstream {
  return async (regionUrl, request) => {
    try {
      const res = await fetchImpl(regionUrl + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const headers: Record<string, string | string[]> = {};
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const setCookies = res.headers.getSetCookie?.() ?? [];
      if (setCookies.length > 0) headers['set-cookie'] = setCookies;
      return { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) };
    } catch (error) {
      throw toUpstreamError(error);
    }
  };
}
