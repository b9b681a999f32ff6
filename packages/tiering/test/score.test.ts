/**
 * Tier scoring from synthetic access histories: the weights, the thresholds, and hysteresis (a
 * store whose score hovers around a threshold never bounces; one that really changes moves once).
 */

import type { Tier } from '@smartdb/registry';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCORING,
  decideTier,
  type ScoringConfig,
  type StoreSignals,
  scoreStore,
  tierForScore,
} from '../src/index.ts';

const MIN = 60_000;
const neutral: StoreSignals = { queriesPerHour: 0, meanQueryMs: null, recordsPerHour: 0, priority: 50 };

/** Replays one signal sample per `stepMs` through score + decision; returns the tier after each step. */
function replay(start: Tier, history: StoreSignals[], stepMs: number, config = DEFAULT_SCORING): Tier[] {
  let tier = start;
  let inTier = 0;
  const out: Tier[] = [];
  for (const signals of history) {
    inTier += stepMs;
    const next = decideTier(tier, scoreStore(signals, config).score, inTier, config);
    if (next !== tier) {
      tier = next;
      inTier = 0;
    }
    out.push(tier);
  }
  return out;
}

describe('scoreStore', () => {
  it('weighs access, latency, growth and priority 40/25/20/15 by default', () => {
    const full = scoreStore({
      queriesPerHour: 600,
      meanQueryMs: 100,
      recordsPerHour: 100_000,
      priority: 100,
    });
    expect(full.score).toBe(100);
    expect(scoreStore(neutral).score).toBe(7.5);
    const onlyAccess = scoreStore({ ...neutral, priority: 0, queriesPerHour: 600 });
    expect(onlyAccess.score).toBe(40);
    const onlyLatency = scoreStore({ ...neutral, priority: 0, meanQueryMs: 250 });
    expect(onlyLatency.score).toBe(25);
    const onlyGrowth = scoreStore({ ...neutral, priority: 0, recordsPerHour: 1e9 });
    expect(onlyGrowth.score).toBe(20);
  });

  it('takes configurable weights', () => {
    const config: ScoringConfig = {
      ...DEFAULT_SCORING,
      weights: { access: 1, latency: 0, growth: 0, priority: 0 },
    };
    expect(scoreStore({ ...neutral, queriesPerHour: 600 }, config).score).toBe(100);
    expect(scoreStore({ ...neutral, priority: 100 }, config).score).toBe(0);
  });

  it('grows with each signal, on a log scale for rates', () => {
    const a = scoreStore({ ...neutral, queriesPerHour: 6 }).parts.access;
    const b = scoreStore({ ...neutral, queriesPerHour: 60 }).parts.access;
    const c = scoreStore({ ...neutral, queriesPerHour: 6_000 }).parts.access;
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(c).toBe(100);
    expect(b).toBeLessThan(3 * a); // ten times the queries is not ten times the score
  });

  it('maps scores to tiers at 70 and 30', () => {
    expect(tierForScore(70)).toBe('HOT');
    expect(tierForScore(69.9)).toBe('WARM');
    expect(tierForScore(30)).toBe('WARM');
    expect(tierForScore(29.9)).toBe('COLD');
  });
});

describe('decideTier', () => {
  const busy: StoreSignals = { queriesPerHour: 600, meanQueryMs: 80, recordsPerHour: 50_000, priority: 50 };
  const idle = neutral;

  it('a store that gets busy becomes HOT; one left alone goes COLD; each after the minimum dwell', () => {
    const heating = replay('COLD', Array(30).fill(busy), MIN);
    expect(heating.slice(0, 9)).toEqual(Array(9).fill('COLD'));
    expect(heating[9]).toBe('HOT');
    expect(new Set(heating.slice(9))).toEqual(new Set(['HOT']));
    const cooling = replay('HOT', Array(30).fill(idle), MIN);
    expect(cooling[8]).toBe('HOT');
    expect(cooling[9]).toBe('COLD');
  });

  it('does not flap when the score alternates around a threshold', () => {
    // With priority as the only weight the score is the priority: 67 / 73 around HOT's 70, then
    // 27 / 33 around WARM's 30, with no dwell time to hide a bounce.
    const priorityOnly: ScoringConfig = {
      ...DEFAULT_SCORING,
      minDwellMs: 0,
      weights: { access: 0, latency: 0, growth: 0, priority: 1 },
    };
    const band = (low: number, high: number) =>
      Array.from({ length: 40 }, (_, i) => ({ ...neutral, priority: i % 2 ? low : high }));
    for (const start of ['HOT', 'WARM'] as Tier[]) {
      expect(new Set(replay(start, band(67, 73), MIN, priorityOnly))).toEqual(new Set([start]));
    }
    for (const start of ['WARM', 'COLD'] as Tier[]) {
      expect(new Set(replay(start, band(27, 33), MIN, priorityOnly))).toEqual(new Set([start]));
    }
    // Without the margin the same history bounces on every step: the test can tell.
    const noMargin = { ...priorityOnly, margin: 0 };
    expect(new Set(replay('HOT', band(67, 73), MIN, noMargin))).toEqual(new Set(['HOT', 'WARM']));
  });

  it('moves once the score clears the margin, and only once', () => {
    const priorityOnly: ScoringConfig = {
      ...DEFAULT_SCORING,
      minDwellMs: 0,
      weights: { access: 0, latency: 0, growth: 0, priority: 1 },
    };
    const history = [
      ...Array(5).fill(72),
      ...Array(5).fill(76),
      ...Array(5).fill(66),
      ...Array(5).fill(64),
    ].map((p) => ({ ...neutral, priority: p }));
    const tiers = replay('WARM', history, MIN, priorityOnly);
    expect(tiers).toEqual([
      ...Array(5).fill('WARM'),
      ...Array(5).fill('HOT'),
      ...Array(5).fill('HOT'),
      ...Array(5).fill('WARM'),
    ]);
  });

  it('holds a tier for the minimum dwell even when the score says otherwise', () => {
    expect(decideTier('HOT', 0, DEFAULT_SCORING.minDwellMs - 1)).toBe('HOT');
    expect(decideTier('HOT', 0, DEFAULT_SCORING.minDwellMs)).toBe('COLD');
    expect(decideTier('COLD', 100, 0)).toBe('COLD');
  });
});
