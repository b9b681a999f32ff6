// Per-caller cache generations: every cache key embeds the caller's generation, and a write through
// the edge bumps it, so the caller reads its own writes at once. With a shared tier (Upstash) the
// counter lives there too and other edges notice within `ttlMs`. A shared-tier failure must never
// fail a request: the local counter is used.
import type { Redis } from '@upstash/redis';
import { LRUCache } from 'lru-cache';
import { entriesAtMost } from './bounded.ts';

/** Far longer than any cache entry lives, so an expired counter can never resurrect an old entry. */
const SHARED_TTL_SECONDS = 86_400;

interface Known {
  generation: number;
  checkedAt: number;
}

export class Generations {
  readonly #local = new LRUCache<string, Known>(entriesAtMost(100_000));
  readonly #redis: Redis | undefined;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;

  constructor(options: {
    redis?: Redis;
    ttlMs: number;
    now?: () => number;
    onError?: (error: unknown) => void;
  }) {
    this.#redis = options.redis;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
  }

  /** Current generation of a scope; synchronous unless the shared counter is due for a re-read. */
  current(scope: string): number | Promise<number> {
    const known = this.#local.get(scope);
    const now = this.#now();
    if (this.#redis === undefined) return known?.generation ?? 0;
    if (known !== undefined && now - known.checkedAt < this.#ttlMs) return known.generation;
    return this.#refresh(scope, known?.generation ?? 0, now);
  }

  /** Starts a new generation for a scope (after a write by that caller). */
  async bump(scope: string): Promise<number> {
    const now = this.#now();
    const local = (this.#local.get(scope)?.generation ?? 0) + 1;
    this.#local.set(scope, { generation: local, checkedAt: now });
    if (this.#redis === undefined) return local;
    try {
      const pipeline = this.#redis.pipeline();
      pipeline.incr(key(scope));
      pipeline.expire(key(scope), SHARED_TTL_SECONDS);
      const [shared] = await pipeline.exec<[number, number]>();
      const generation = Math.max(local, shared);
      this.#local.set(scope, { generation, checkedAt: now });
      return generation;
    } catch (error) {
      this.#onError(error);
      return local;
    }
  }

  async #refresh(scope: string, fallback: number, now: number): Promise<number> {
    try {
      const raw = await this.#redis!.get<string | number>(key(scope));
      const shared = raw === null ? 0 : Number(raw);
      const generation = Math.max(fallback, Number.isFinite(shared) ? shared : 0);
      this.#local.set(scope, { generation, checkedAt: now });
      return generation;
    } catch (error) {
      this.#onError(error);
      this.#local.set(scope, { generation: fallback, checkedAt: now });
      return fallback;
    }
  }
}

function key(scope: string): string {
  return `smartdb:gen:${scope}`;
}
