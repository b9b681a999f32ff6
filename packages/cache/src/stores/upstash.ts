// Shared tier over Upstash's REST protocol (runs on Node, Deno and Workers alike). It stores only
// strings and must never keep an entry in Redis past its staleUntil: Redis expires it (PX).
import type { Redis } from '@upstash/redis';
import type { CacheStore, Entry } from '../entry.ts';

// Wire form: `<freshUntil>:<staleUntil>:<value>`. The leading digits and colon keep the client's
// automatic JSON deserialisation from ever turning a stored body back into an object.
function encode(entry: Entry<string>): string {
  return `${entry.freshUntil}:${entry.staleUntil}:${entry.value}`;
}

function decode(raw: string): Entry<string> | undefined {
  const first = raw.indexOf(':');
  const second = raw.indexOf(':', first + 1);
  if (first < 1 || second < 0) return undefined;
  const freshUntil = Number(raw.slice(0, first));
  const staleUntil = Number(raw.slice(first + 1, second));
  if (!Number.isFinite(freshUntil) || !Number.isFinite(staleUntil)) return undefined;
  return { value: raw.slice(second + 1), freshUntil, staleUntil };
}

export interface UpstashStoreOptions {
  /** Prefix for every key, so several services can share one database. */
  prefix?: string;
  now?: () => number;
}

export class UpstashStore implements CacheStore<string> {
  readonly name = 'upstash';
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #now: () => number;

  /** `redis` should be created with `automaticDeserialization: false`; both settings work. */
  constructor(redis: Redis, options: UpstashStoreOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'smartdb:cache:';
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<Entry<string> | undefined> {
    const raw = await this.#redis.get<string>(this.#prefix + key);
    if (typeof raw !== 'string') return undefined;
    const entry = decode(raw);
    if (entry === undefined || this.#now() >= entry.staleUntil) return undefined;
    return entry;
  }

  async set(key: string, entry: Entry<string>): Promise<void> {
    const ttl = Math.ceil(entry.staleUntil - this.#now());
    if (ttl <= 0) return;
    await this.#redis.set(this.#prefix + key, encode(entry), { px: ttl });
  }

  async remove(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#redis.del(...keys.map((k) => this.#prefix + k));
  }
}
