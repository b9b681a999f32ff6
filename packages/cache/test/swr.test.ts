import { describe, expect, it } from 'vitest';
import { type CacheStore, type Entry, MemoryStore, SwrCache } from '../src/index.ts';

const identity = (v: string) => v;

function clockedCache(freshMs = 100, staleMs = 100) {
  const clock = { now: 0 };
  const store = new MemoryStore({ maxEntries: 100, maxBytes: 1_000_000, now: () => clock.now });
  const cache = new SwrCache(store, { freshMs, staleMs, now: () => clock.now });
  return { clock, store, cache };
}

describe('SwrCache', () => {
  it('misses, then hits while fresh', async () => {
    const { cache } = clockedCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return { result: 'v', value: 'v' };
    };
    expect(await cache.swr('k', load, identity)).toEqual({ result: 'v', state: 'miss' });
    expect(await cache.swr('k', load, identity)).toMatchObject({ result: 'v', state: 'hit', tier: 'memory' });
    expect(loads).toBe(1);
  });

  it('serves stale while one background load refreshes it', async () => {
    const { clock, cache } = clockedCache();
    await cache.swr('k', async () => ({ result: 'v1', value: 'v1' }), identity);
    clock.now = 150;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let loads = 0;
    const slowLoad = async () => {
      loads++;
      await gate;
      return { result: 'v2', value: 'v2' };
    };
    expect(await cache.swr('k', slowLoad, identity)).toMatchObject({ result: 'v1', state: 'stale' });
    expect(await cache.swr('k', slowLoad, identity)).toMatchObject({ result: 'v1', state: 'stale' });
    expect(loads).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.swr('k', slowLoad, identity)).toMatchObject({ result: 'v2', state: 'hit' });
  });

  it('shares one origin load among concurrent misses', async () => {
    const { cache } = clockedCache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return { result: `r${loads}`, value: `r${loads}` };
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.swr('k', load, identity)));
    expect(loads).toBe(1);
    expect(new Set(answers.map((a) => a.result))).toEqual(new Set(['r1']));
  });

  it('does not store a result without a value, and rethrows origin errors on a miss', async () => {
    const { cache, store } = clockedCache();
    expect(await cache.swr('k', async () => ({ result: 'not cacheable' }), identity)).toMatchObject({
      state: 'miss',
    });
    expect(await store.get('k')).toBeUndefined();
    await expect(
      cache.swr('k', async () => Promise.reject(new Error('origin down')), identity),
    ).rejects.toThrow('origin down');
  });

  it('forgets entries past the stale window', async () => {
    const { clock, cache } = clockedCache();
    await cache.swr('k', async () => ({ result: 'v1', value: 'v1' }), identity);
    clock.now = 250;
    expect(await cache.swr('k', async () => ({ result: 'v2', value: 'v2' }), identity)).toEqual({
      result: 'v2',
      state: 'miss',
    });
  });

  it('falls back to the origin when the cache errors', async () => {
    const errors: unknown[] = [];
    const broken: CacheStore<string> = {
      name: 'broken',
      get: async (): Promise<Entry<string> | undefined> => Promise.reject(new Error('cache down')),
      set: async () => Promise.reject(new Error('cache down')),
      remove: async () => Promise.reject(new Error('cache down')),
    };
    const cache = new SwrCache(broken, { freshMs: 100, staleMs: 100, onError: (e) => errors.push(e) });
    expect(await cache.swr('k', async () => ({ result: 'origin', value: 'origin' }), identity)).toEqual({
      result: 'origin',
      state: 'miss',
    });
    expect(errors).toHaveLength(2);
  });
});
