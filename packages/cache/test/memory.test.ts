import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/index.ts';

describe('MemoryStore', () => {
  it('drops entries past staleUntil', async () => {
    let now = 1_000;
    const store = new MemoryStore({ maxEntries: 10, maxBytes: 1_000, now: () => now });
    await store.set('k', { value: 'v', freshUntil: 1_100, staleUntil: 1_200 });
    expect((await store.get('k'))?.value).toBe('v');
    now = 1_199;
    expect((await store.get('k'))?.value).toBe('v');
    now = 1_200;
    expect(await store.get('k')).toBeUndefined();
    await store.set('late', { value: 'v', freshUntil: 0, staleUntil: 1_000 });
    expect(store.size).toBe(0);
  });

  it('is bounded by entry count, evicting the least recently used', async () => {
    const store = new MemoryStore({ maxEntries: 2, maxBytes: 1_000_000 });
    const e = (v: string) => ({ value: v, freshUntil: Date.now() + 1e6, staleUntil: Date.now() + 1e6 });
    await store.set('a', e('a'));
    await store.set('b', e('b'));
    await store.get('a');
    await store.set('c', e('c'));
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.value).toBe('a');
    expect(store.size).toBe(2);
  });

  it('is bounded by bytes', async () => {
    const store = new MemoryStore<Uint8Array>({ maxEntries: 1_000, maxBytes: 10_000 });
    const e = () => ({
      value: new Uint8Array(3_000),
      freshUntil: Date.now() + 1e6,
      staleUntil: Date.now() + 1e6,
    });
    for (let i = 0; i < 10; i++) await store.set(`k${i}`, e());
    expect(store.size).toBe(3);
    expect(await store.get('k9')).toBeDefined();
  });
});
