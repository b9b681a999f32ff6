/**
 * The region's answer cache: an in-process LRU in front of Redis when REDIS_URL is set. Adapts the
 * tiered store to what the query engine asks of a cache; a Redis outage reads as a miss.
 */
import { type CacheStore, MemoryStore, TieredStore } from '@smartdb/cache';
import type { QueryCacheStore } from '@smartdb/query';
import { RedisStore } from './redis-store.ts';

export interface AnswerCache {
  store: QueryCacheStore;
  redis: RedisStore | undefined;
  close(): Promise<void>;
}

export function createAnswerCache(redisUrl: string | undefined): AnswerCache {
  const memory = new MemoryStore<string>({ maxEntries: 20_000, maxBytes: 64 * 1024 * 1024 });
  const redis = redisUrl ? new RedisStore(redisUrl) : undefined;
  const tiers: CacheStore<string>[] = redis ? [memory, redis] : [memory];
  const tiered = new TieredStore<string>(tiers);
  return {
    redis,
    store: {
      async get(key) {
        return (await tiered.lookup(key))?.entry.value;
      },
      async set(key, value, ttlMs) {
        const until = Date.now() + ttlMs;
        await tiered.set(key, { value, freshUntil: until, staleUntil: until });
      },
    },
    close: async () => redis?.close(),
  };
}
