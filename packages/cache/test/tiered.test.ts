import { describe, expect, it } from 'vitest';
import { type CacheStore, type Entry, MemoryStore, TieredStore } from '../src/index.ts';

const entry = (value: string, now = Date.now()): Entry<string> => ({
  value,
  freshUntil: now + 10_000,
  staleUntil: now + 20_000,
});

class FailingStore implements CacheStore<string> {
  readonly name = 'failing';
  async get(): Promise<Entry<string> | undefined> {
    throw new Error('tier down');
  }
  async set(): Promise<void> {
    throw new Error('tier down');
  }
  async remove(): Promise<void> {
    throw new Error('tier down');
  }
}

describe('TieredStore', () => {
  it('back-fills the faster tier on a slower-tier hit', async () => {
    const fast = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const slow = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const tiered = new TieredStore([fast, slow]);
    await slow.set('k', entry('from-slow'));
    expect(await fast.get('k')).toBeUndefined();

    const first = await tiered.lookup('k');
    expect(first?.tier).toBe('memory');
    expect(first?.entry.value).toBe('from-slow');
    expect((await fast.get('k'))?.value).toBe('from-slow');

    await slow.remove('k');
    const second = await tiered.lookup('k');
    expect(second?.entry.value).toBe('from-slow');
  });

  it('back-fills every faster tier, keeping the deadlines of the entry found', async () => {
    const a = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const b = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const c = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const stored = entry('deep');
    await c.set('k', stored);
    await new TieredStore([a, b, c]).get('k');
    expect(await a.get('k')).toEqual(stored);
    expect(await b.get('k')).toEqual(stored);
  });

  it('treats a failing tier as a miss and still answers from the next one', async () => {
    const errors: string[] = [];
    const slow = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    await slow.set('k', entry('v'));
    const tiered = new TieredStore([new FailingStore(), slow], (tier, op) => errors.push(`${tier}:${op}`));
    expect((await tiered.get('k'))?.value).toBe('v');
    await tiered.set('k2', entry('v2'));
    await tiered.remove('k2');
    expect(errors).toEqual(['failing:get', 'failing:set', 'failing:set', 'failing:remove']);
    expect(await slow.get('k2')).toBeUndefined();
  });

  it('writes and removes through every tier', async () => {
    const a = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const b = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const tiered = new TieredStore([a, b]);
    await tiered.set('k', entry('v'));
    expect((await a.get('k'))?.value).toBe('v');
    expect((await b.get('k'))?.value).toBe('v');
    await tiered.remove('k');
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBeUndefined();
  });
});
