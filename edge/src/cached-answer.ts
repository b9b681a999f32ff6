// What the edge may cache and how a cached answer is laid out. Only 200 answers to authenticated
// GET /v1/* with a JSON or text body are cached; a region's `Cache-Control: no-store` or `no-cache`
// and any `Set-Cookie` forbid it. `private` does not: every entry is keyed by the caller's identity,
// so the edge cache is that caller's private cache. It must never cache an error, a non-GET or bytes
// it cannot store as text.
import { headerValue } from './headers.ts';
import type { Answer } from './proxy.ts';
import type { Bytes } from './upstream.ts';

/** A reply ready for the client: a region's buffered answer or a decoded cache entry. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Bytes | string;
  region: string;
}

const decoder = new TextDecoder();

/** Cache value: `<content-type>\n<region>\n<body>`; the body is kept as the region sent it. */
export function cacheValueOf(answer: Answer): string | undefined {
  if (answer.status !== 200) return undefined;
  if (answer.headers['set-cookie'] !== undefined) return undefined;
  const control = headerValue(answer.headers, 'cache-control')?.toLowerCase() ?? '';
  if (control.includes('no-store') || control.includes('no-cache')) return undefined;
  const type = headerValue(answer.headers, 'content-type') ?? '';
  if (!/^(application\/(json|[\w.+-]+\+json|x-ndjson)|text\/)/i.test(type)) return undefined;
  return `${type}\n${answer.region}\n${decoder.decode(answer.body)}`;
}

export function replyOfCacheValue(value: string): Reply {
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  return {
    status: 200,
    headers: { 'content-type': value.slice(0, first) },
    region: value.slice(first + 1, second),
    body: value.slice(second + 1),
  };
}

export type RequestCacheMode = 'use' | 'refresh' | 'skip';

/** The client's `Cache-Control`: `no-store` skips the cache, `no-cache` refreshes the entry. */
export function requestCacheMode(
  cacheControl: string | undefined,
  pragma: string | undefined,
): RequestCacheMode {
  const control = cacheControl?.toLowerCase() ?? '';
  if (control.includes('no-store')) return 'skip';
  if (control.includes('no-cache') || control.includes('max-age=0') || pragma?.toLowerCase() === 'no-cache') {
    return 'refresh';
  }
  return 'use';
}
