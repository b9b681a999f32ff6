// In-process tier: an LRU bounded by entry count and by bytes. It must never grow without bound or
// hand out an entry past its staleUntil.
import { LRUCache } from 'lru-cache';
import type { CacheStore, Entry } from '../entry.ts';

export interface MemoryStoreOptions {
  /** Most entries kept. */
  maxEntries: number;
  /** Most bytes kept, summed over values (UTF-16 length × 2 for strings, byteLength for bytes). */
  maxBytes: number;
  now?: () => number;
}

export type CacheValue = string | Uint8Array;

function sizeOf(value: CacheValue): number {
  return typeof value === 'string' ? value.length * 2 : value.byteLength;
}

export class MemoryStore<T extends CacheValue = string> implements CacheStore<T> {
  readonly name = 'memory';
  readonly #lru: LRUCache<string, Entry<T>>;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions) {
    this.#now = options.now ?? Date.now;
    this.#lru = new LRUCache<string, Entry<T>>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry, key) => Math.max(1, sizeOf(entry.value) + key.length * 2),
    });
  }

  /** Synchronous lookup for hot paths that cannot afford a promise per request. */
  peek(key: string): Entry<T> | undefined {
    const entry = this.#lru.get(key);
    if (entry === undefined) return undefined;
    if (this.#now() >= entry.staleUntil) {
      this.#lru.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Synchronous write; an entry already past its staleUntil is not stored. */
  put(key: string, entry: Entry<T>): void {
    if (this.#now() >= entry.staleUntil) return;
    this.#lru.set(key, entry);
  }

  get size(): number {
    return this.#lru.size;
  }

  async get(key: string): Promise<Entry<T> | undefined> {
    return this.peek(key);
  }

  async set(key: string, entry: Entry<T>): Promise<void> {
    this.put(key, entry);
  }

  async remove(...keys: string[]): Promise<void> {
    for (const key of keys) this.#lru.delete(key);
  }
}
