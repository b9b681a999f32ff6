// @smartdb/cache — a small, runtime-neutral cache (no `node:` imports): Node, Deno and Workers.
//
//   Entry<T>      {value, freshUntil, staleUntil}; values are already-serialised strings or bytes.
//   CacheStore<T> async get/set/remove; any method may reject, callers treat that as a miss.
//   MemoryStore   in-process LRU bounded by entries and bytes; peek()/put() are synchronous.
//   UpstashStore  shared tier over the Upstash REST client (`@upstash/redis`); strings only.
//   TieredStore   tiers fastest first; a hit in a slower tier back-fills every faster tier.
//   SwrCache      stale-while-revalidate with one origin load per key at a time; cache errors fall
//                 through to the origin.
//
//   const cache = new SwrCache(new TieredStore([new MemoryStore({maxEntries, maxBytes}), upstash]),
//                              {freshMs: 2_000, staleMs: 30_000});
//   const {result, state} = await cache.swr(key, async () => ({result: body, value: body}), (v) => v);
//
// A Redis (TCP) store is Node-only and lives with the region, not here.
export type { CacheStore, Entry } from './entry.ts';
export { isFresh, isServable } from './entry.ts';
export type { CacheValue, MemoryStoreOptions } from './stores/memory.ts';
export { MemoryStore } from './stores/memory.ts';
export type { UpstashStoreOptions } from './stores/upstash.ts';
export { UpstashStore } from './stores/upstash.ts';
export type { Loaded, SwrAnswer, SwrOptions, SwrState } from './swr.ts';
export { SwrCache } from './swr.ts';
export type { TierErrorHandler, TieredLookup } from './tiered.ts';
export { TieredStore } from './tiered.ts';
