// Who is asking, as a SHA-256 of the Authorization header (Web Crypto, every runtime): the cache
// key, the generation scope and the rate-limit bucket all use it. The raw header is kept only as a
// memo key in process memory; it must never be logged, stored in a shared tier or sent anywhere.
import { LRUCache } from 'lru-cache';
import { entriesAtMost } from './bounded.ts';

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const b of new Uint8Array(bytes)) out += b.toString(16).padStart(2, '0');
  return out;
}

export class CallerIdentity {
  readonly #memo = new LRUCache<string, string>(entriesAtMost(10_000));

  /** Hex SHA-256 of the header value; memoised, so a known key costs one map lookup and no promise. */
  of(authorization: string): string | Promise<string> {
    return this.#memo.get(authorization) ?? this.#digest(authorization);
  }

  async #digest(authorization: string): Promise<string> {
    const digest = hex(await crypto.subtle.digest('SHA-256', encoder.encode(authorization)));
    this.#memo.set(authorization, digest);
    return digest;
  }
}

/** Path plus query with parameters sorted, so `?b=1&a=2` and `?a=2&b=1` share one cache entry. */
export function normalisedTarget(url: string): string {
  const schemeEnd = url.indexOf('://');
  const pathStart = url.indexOf('/', schemeEnd < 0 ? 0 : schemeEnd + 3);
  const target = pathStart < 0 ? '/' : url.slice(pathStart);
  const hash = target.indexOf('#');
  const clean = hash < 0 ? target : target.slice(0, hash);
  const q = clean.indexOf('?');
  if (q < 0) return clean;
  const params = new URLSearchParams(clean.slice(q + 1));
  params.sort();
  const query = params.toString();
  return query === '' ? clean.slice(0, q) : `${clean.slice(0, q)}?${query}`;
}
