import { describe, expect, it } from 'vitest';
import { edgeSettings } from '../src/config.ts';
import { RegionPool } from '../src/region-pool.ts';
import { EAST, edgeFixture } from './support/edge-fixture.ts';

function pool(regions: string, overrides: Record<string, unknown> = {}, random = () => 0.5) {
  const settings = edgeSettings({
    SMARTDB_REGIONS: regions,
    SMARTDB_EDGE_EJECT_BASE_MS: 1_000,
    SMARTDB_EDGE_EJECT_MAX_MS: 8_000,
    SMARTDB_EDGE_SLOW_START_MS: 0,
    ...overrides,
  });
  return new RegionPool(settings, { random });
}

const two = 'a=http://a.test,b=http://b.test';
const names = (p: RegionPool, now = 0, hints = {}) => p.order(now, hints).map((r) => r.config.name);

describe('routing', () => {
  it('prefers the fastest region, and spreads near-equal ones by least outstanding requests', () => {
    const p = pool('a=http://a.test,b=http://b.test,c=http://c.test');
    p.get('a')!.probeSucceeded(0, 20);
    p.get('b')!.probeSucceeded(0, 5);
    p.get('c')!.probeSucceeded(0, 5.5);
    expect(names(p)).toEqual(['b', 'c', 'a']);
    p.get('b')!.inflight = 3;
    expect(names(p)).toEqual(['c', 'b', 'a']);
    p.get('c')!.inflight = 4;
    expect(names(p)[0]).toBe('b');
  });

  it('uses a lower priority only when no preferred region is available', () => {
    const p = pool('a=http://a.test;priority=1,b=http://b.test');
    p.get('a')!.probeSucceeded(0, 1);
    p.get('b')!.probeSucceeded(0, 50);
    expect(names(p)).toEqual(['b', 'a']);
    p.tryEject(p.get('b')!, 0);
    expect(names(p)).toEqual(['a']);
  });

  it('updates RTT as an EWMA of probes', () => {
    const p = pool(two);
    const a = p.get('a')!;
    a.probeSucceeded(0, 10);
    a.probeSucceeded(0, 20);
    expect(a.rttMs).toBeCloseTo(13);
  });

  it('does not take a slow answer for distance: the nearest region stays first', async () => {
    const f = edgeFixture();
    f.edge.pool.get('east')!.probeSucceeded(0, 1);
    f.edge.pool.get('west')!.probeSucceeded(0, 20);
    // A question that takes 3 s (on the edge's clock) in the nearest region, as it would in any.
    f.regions.delays.set(EAST, 50);
    setTimeout(() => {
      f.clock.now += 3_000;
    }, 10);
    const slow = await f.get('/v1/query?q=heavy', { authorization: 'Bearer key-a' });
    expect(slow.headers.get('x-smartdb-region')).toBe('east');
    f.regions.delays.delete(EAST);
    expect(f.edge.pool.get('east')!.rttMs).toBeCloseTo(1);
    expect(f.edge.pool.order(f.clock.now).map((r) => r.config.name)).toEqual(['east', 'west']);
  });
});

describe('health', () => {
  it('never ejects more than half of the regions', () => {
    const p = pool(two);
    expect(p.tryEject(p.get('a')!, 0)).toBe(true);
    p.requestFailed(p.get('b')!, 0, 'connect');
    expect(p.get('b')!.ejected).toBe(false);
    expect(p.get('b')!.healthy).toBe(false);
    expect(names(p)).toEqual(['b']);
    const single = pool('only=http://only.test');
    single.probeFailed(single.get('only')!, 0, 'down');
    expect(names(single)).toEqual(['only']);
  });

  it('readmits only after the hold-down and enough consecutive good probes', () => {
    const p = pool(two);
    const a = p.get('a')!;
    p.probeFailed(a, 0, 'refused');
    expect(a.ejected).toBe(true);
    a.probeSucceeded(100, 1);
    a.probeSucceeded(200, 1);
    a.probeSucceeded(300, 1);
    expect(a.ejected).toBe(true);
    a.probeSucceeded(1_000, 1);
    expect(a.ejected).toBe(false);
  });

  it('a region failing every other probe never comes back (no flapping)', () => {
    const p = pool(two);
    const a = p.get('a')!;
    let admittedTransitions = 0;
    let was = a.ejected;
    for (let t = 0; t < 60_000; t += 1_000) {
      if ((t / 1_000) % 2 === 0) p.probeFailed(a, t, 'refused');
      else a.probeSucceeded(t, 1);
      if (a.ejected !== was) admittedTransitions++;
      was = a.ejected;
    }
    expect(admittedTransitions).toBe(1);
    expect(a.ejected).toBe(true);
  });

  it('grows the ejection time with repeated ejections, up to the cap', () => {
    const p = pool(two);
    const a = p.get('a')!;
    const holdDowns: number[] = [];
    let now = 0;
    for (let i = 0; i < 6; i++) {
      p.requestFailed(a, now, 'refused');
      holdDowns.push(a.ejectedUntil - now);
      while (a.ejected) {
        now += 250;
        a.probeSucceeded(now, 1);
      }
    }
    expect(holdDowns).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('ejects on a single 502/503/504 or transport error, but only after three 500s in a row', () => {
    const p = pool(two);
    const a = p.get('a')!;
    p.requestFailed(a, 0, 'answered 500', 500);
    p.requestFailed(a, 0, 'answered 500', 500);
    expect(a.ejected).toBe(false);
    p.requestFailed(a, 0, 'answered 500', 500);
    expect(a.ejected).toBe(true);
    const q = pool(two);
    q.requestFailed(q.get('a')!, 0, 'answered 503', 503);
    expect(q.get('a')!.ejected).toBe(true);
  });

  it('ramps a readmitted region with slow start', () => {
    let roll = 0.5;
    const p = pool(two, { SMARTDB_EDGE_SLOW_START_MS: 10_000 }, () => roll);
    const a = p.get('a')!;
    const b = p.get('b')!;
    b.probeSucceeded(0, 10);
    p.probeFailed(a, 0, 'refused');
    for (let t = 1_000; t <= 3_000; t += 1_000) a.probeSucceeded(t, 1);
    expect(a.ejected).toBe(false);
    expect(a.share(3_000)).toBeCloseTo(0.1);
    expect(names(p, 3_000)).toEqual(['b', 'a']);
    roll = 0.05;
    expect(names(p, 3_000)).toEqual(['a', 'b']);
    roll = 0.6;
    expect(a.share(8_000)).toBeCloseTo(0.55);
    expect(names(p, 8_000)).toEqual(['b', 'a']);
    expect(names(p, 13_000)).toEqual(['a', 'b']);
  });
});
