// Stale-while-revalidate over any store: fresh entries are served, stale ones are served while one
// background load per key refreshes them, misses wait on that single load. A cache that errors is
// bypassed (the origin answers); an origin that errors is never hidden on a miss.
import type { CacheStore, Entry } from './entry.ts';
import { MemoryStore } from './stores/memory.ts';
import { TieredStore } from './tiered.ts';

export type SwrState = 'hit' | 'stale' | 'miss';

/** What the origin produced: `result` goes to the caller; `value`, when present, is cached. */
export interface Loaded<R, T> {
  result: R;
  value?: T;
}

export interface SwrAnswer<R> {
  result: R;
  state: SwrState;
  /** The tier that answered a hit or a stale read. */
  tier?: string;
}

export interface SwrOptions {
  freshMs: number;
  /** How long after freshness ends an entry may still be served (and trigger a refresh). */
  staleMs: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export class SwrCache<T> {
  readonly store: CacheStore<T>;
  readonly #options: SwrOptions;
  readonly #now: () => number;
  readonly #inflight = new Map<string, Promise<Loaded<unknown, T>>>();
  /** An in-process first tier, read synchronously so a fresh hit costs no promise round-trips. */
  readonly #memory: MemoryStore<T & (string | Uint8Array)> | undefined;

  constructor(store: CacheStore<T>, options: SwrOptions) {
    this.store = store;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const first = store instanceof TieredStore ? store.tiers[0] : store;
    this.#memory = first instanceof MemoryStore ? first : undefined;
  }

  /**
   * A fresh value from the in-process first tier, synchronously, or undefined (stale, absent, or no
   * in-process tier): the hot path of a cache hit, with no promise and no origin call.
   */
  fresh(key: string): T | undefined {
    const entry = this.#memory?.peek(key);
    return entry !== undefined && this.#now() < entry.freshUntil ? entry.value : undefined;
  }

  /** Answers from the cache when it can, otherwise from `load`, with one load per key at a time. */
  async swr<R>(
    key: string,
    load: () => Promise<Loaded<R, T>>,
    fromCache: (value: T) => R,
  ): Promise<SwrAnswer<R>> {
    const local = this.fresh(key);
    if (local !== undefined) return { result: fromCache(local), state: 'hit', tier: this.#memory!.name };
    const found = await this.#lookup(key);
    if (found !== undefined) {
      const now = this.#now();
      if (now < found.entry.freshUntil)
        return { result: fromCache(found.entry.value), state: 'hit', tier: found.tier };
      if (now < found.entry.staleUntil) {
        this.#flight(key, load).catch((error) => this.#options.onError?.(error));
        return { result: fromCache(found.entry.value), state: 'stale', tier: found.tier };
      }
    }
    const loaded = await this.#flight(key, load);
    return { result: loaded.result, state: 'miss' };
  }

  /** Skips the lookup but still shares one load per key and stores what it returns. */
  async refresh<R>(key: string, load: () => Promise<Loaded<R, T>>): Promise<R> {
    return (await this.#flight(key, load)).result;
  }

  /** The stored entry, fresh or stale, or undefined; never calls the origin. */
  async peek(key: string): Promise<Entry<T> | undefined> {
    return (await this.#lookup(key))?.entry;
  }

  async remove(...keys: string[]): Promise<void> {
    await this.store.remove(...keys);
  }

  entry(value: T): Entry<T> {
    const now = this.#now();
    return {
      value,
      freshUntil: now + this.#options.freshMs,
      staleUntil: now + this.#options.freshMs + this.#options.staleMs,
    };
  }

  async #lookup(key: string): Promise<{ entry: Entry<T>; tier: string } | undefined> {
    try {
      if (this.store instanceof TieredStore) return await this.store.lookup(key);
      const entry = await this.store.get(key);
      return entry === undefined ? undefined : { entry, tier: this.store.name };
    } catch (error) {
      this.#options.onError?.(error);
      return undefined;
    }
  }

  #flight<R>(key: string, load: () => Promise<Loaded<R, T>>): Promise<Loaded<R, T>> {
    const running = this.#inflight.get(key) as Promise<Loaded<R, T>> | undefined;
    if (running !== undefined) return running;
    const flight = (async () => {
      try {
        const loaded = await load();
        if (loaded.value !== undefined) {
          await this.store
            .set(key, this.entry(loaded.value))
            .catch((error) => this.#options.onError?.(error));
        }
        return loaded;
      } finally {
        this.#inflight.delete(key);
      }
    })();
    this.#inflight.set(key, flight);
    return flight;
  }
}
