// Per-caller rate limits: a token bucket in process memory, and — when Upstash is configured — the
// same bucket shared by every edge through `@upstash/ratelimit`. The shared check fails open (a
// shared-tier outage must never reject traffic); the local bucket always applies.
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { LRUCache } from 'lru-cache';
import { entriesAtMost } from './bounded.ts';

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  last: number;
}

export class TokenBuckets {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #buckets = new LRUCache<string, Bucket>(entriesAtMost(100_000));

  constructor(ratePerSecond: number, burst: number, now: () => number = Date.now) {
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#now = now;
  }

  take(id: string): RateDecision {
    const now = this.#now();
    let bucket = this.#buckets.get(id);
    if (bucket === undefined) {
      bucket = { tokens: this.#burst, last: now };
      this.#buckets.set(id, bucket);
    }
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.last) / 1000) * this.#rate);
    bucket.last = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#rate)) };
  }
}

export class RateLimits {
  readonly #local: TokenBuckets;
  readonly #shared: Ratelimit | undefined;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;

  constructor(options: {
    ratePerSecond: number;
    burst: number;
    redis?: Redis;
    now?: () => number;
    onError?: (error: unknown) => void;
  }) {
    this.#now = options.now ?? Date.now;
    this.#local = new TokenBuckets(options.ratePerSecond, options.burst, this.#now);
    this.#onError = options.onError ?? (() => {});
    this.#shared =
      options.redis === undefined
        ? undefined
        : new Ratelimit({
            redis: options.redis,
            limiter: Ratelimit.tokenBucket(options.ratePerSecond, '1 s', options.burst),
            prefix: 'smartdb:ratelimit',
            timeout: 200,
            analytics: false,
          });
  }

  /** Synchronous when only the local bucket applies. */
  check(id: string): RateDecision | Promise<RateDecision> {
    const local = this.#local.take(id);
    if (!local.ok || this.#shared === undefined) return local;
    return this.#checkShared(this.#shared, id);
  }

  async #checkShared(shared: Ratelimit, id: string): Promise<RateDecision> {
    try {
      const result = await shared.limit(id);
      if (result.success) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((result.reset - this.#now()) / 1000)) };
    } catch (error) {
      this.#onError(error);
      return { ok: true };
    }
  }
}
