import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { entriesAtMost } from '../src/bounded.ts';
import { TokenBuckets } from '../src/rate-limit.ts';
import { WriteAffinity } from '../src/write-affinity.ts';

describe('tables bounded by their number of entries', () => {
  it('keep at most that many, forgetting the least recently used', () => {
    const table = new LRUCache<string, number>(entriesAtMost(3));
    for (const [i, key] of ['a', 'b', 'c'].entries()) table.set(key, i);
    table.get('a');
    table.set('d', 3);
    expect(table.size).toBe(3);
    expect([...table.keys()].sort()).toEqual(['a', 'c', 'd']);
  });

  it('write affinity forgets the oldest caller beyond its bound, and every caller after its time', async () => {
    const affinity = new WriteAffinity(60_000, 2);
    affinity.wrote('alice', 'us-east');
    affinity.wrote('bob', 'eu-west');
    affinity.wrote('carol', 'us-east');
    expect([affinity.regionOf('alice'), affinity.regionOf('bob'), affinity.regionOf('carol')]).toEqual([
      undefined,
      'eu-west',
      'us-east',
    ]);
    const brief = new WriteAffinity(20, 2);
    brief.wrote('alice', 'us-east');
    expect(brief.regionOf('alice')).toBe('us-east');
    await new Promise((r) => setTimeout(r, 60));
    expect(brief.regionOf('alice')).toBeUndefined();
  });

  it('rate-limit buckets stay per caller as callers come and go', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, 1, () => now);
    expect(buckets.take('alice')).toEqual({ ok: true });
    expect(buckets.take('alice')).toMatchObject({ ok: false });
    expect(buckets.take('bob')).toEqual({ ok: true });
    now += 1_000;
    expect(buckets.take('alice')).toEqual({ ok: true });
  });
});
