/**
 * Tier scoring: a pure function of a store's measured signals (query rate, query latency, write
 * rate, operator priority) to a 0..100 score, and the tier decision with hysteresis and a minimum
 * dwell time so a store near a threshold does not bounce. No clock, no database: the tierer feeds it.
 */
import type { Tier } from '@smartdb/registry';

export interface ScoreWeights {
  access: number;
  latency: number;
  growth: number;
  priority: number;
}

export interface ScoringConfig {
  /** Default 40/25/20/15 (the original design's weights); normalised, so any positive mix works. */
  weights: ScoreWeights;
  /** Queries per hour that count as fully hot (the access part saturates at 100 there). */
  hotQueriesPerHour: number;
  /** Mean query time (ms) that counts as fully slow: slow stores gain most from cache and indexes. */
  slowQueryMs: number;
  /** New records per hour that count as fully growing. */
  hotRecordsPerHour: number;
  /** HOT at or above this score, WARM at or above `warm`, else COLD. */
  thresholds: { hot: number; warm: number };
  /** A store leaves its tier only when the score is past the threshold by this many points. */
  margin: number;
  /** A store stays in a tier at least this long after it entered it. */
  minDwellMs: number;
}

export const DEFAULT_SCORING: ScoringConfig = {
  weights: { access: 40, latency: 25, growth: 20, priority: 15 },
  hotQueriesPerHour: 600,
  slowQueryMs: 100,
  hotRecordsPerHour: 100_000,
  thresholds: { hot: 70, warm: 30 },
  margin: 5,
  minDwellMs: 10 * 60_000,
};

export interface StoreSignals {
  /** Queries per hour over the recent window (all regions: from `mcps.access_count` deltas). */
  queriesPerHour: number;
  /** Mean time of this region's recent queries over the store, ms; null when none were seen. */
  meanQueryMs: number | null;
  /** Records added per hour over the recent window (from `mcps.record_count` deltas). */
  recordsPerHour: number;
  /** Operator setting 0..100; 50 is neutral. */
  priority: number;
}

export interface StoreScore {
  score: number;
  parts: { access: number; latency: number; growth: number; priority: number };
}

/** 0..100 on a log scale: the first few queries matter more than the thousandth. */
function logScale(value: number, full: number): number {
  if (value <= 0) return 0;
  return Math.min(100, (100 * Math.log1p(value)) / Math.log1p(full));
}

const clamp = (n: number) => Math.min(100, Math.max(0, n));

export function scoreStore(signals: StoreSignals, config: ScoringConfig = DEFAULT_SCORING): StoreScore {
  const parts = {
    access: logScale(signals.queriesPerHour, config.hotQueriesPerHour),
    latency: signals.meanQueryMs === null ? 0 : clamp((100 * signals.meanQueryMs) / config.slowQueryMs),
    growth: logScale(signals.recordsPerHour, config.hotRecordsPerHour),
    priority: clamp(signals.priority),
  };
  const w = config.weights;
  const total = w.access + w.latency + w.growth + w.priority;
  const score =
    total > 0
      ? (w.access * parts.access +
          w.latency * parts.latency +
          w.growth * parts.growth +
          w.priority * parts.priority) /
        total
      : 0;
  return { score: Math.round(score * 10) / 10, parts };
}

/** The tier a score means with no history. */
export function tierForScore(score: number, config: ScoringConfig = DEFAULT_SCORING): Tier {
  if (score >= config.thresholds.hot) return 'HOT';
  if (score >= config.thresholds.warm) return 'WARM';
  return 'COLD';
}

const RANK: Record<Tier, number> = { COLD: 0, WARM: 1, HOT: 2 };

/**
 * The tier a store should be in now. It moves only after the minimum dwell, and only when the score
 * clears the boundary it crosses by `margin` (up: threshold + margin; down: threshold − margin).
 */
export function decideTier(
  current: Tier,
  score: number,
  msInTier: number,
  config: ScoringConfig = DEFAULT_SCORING,
): Tier {
  if (msInTier < config.minDwellMs) return current;
  const { hot, warm } = config.thresholds;
  const m = config.margin;
  // With the margin applied in the direction of travel, a score inside a band keeps the tier.
  const up = score >= hot + m ? 'HOT' : score >= warm + m ? 'WARM' : 'COLD';
  const down = score >= hot - m ? 'HOT' : score >= warm - m ? 'WARM' : 'COLD';
  if (RANK[up] > RANK[current]) return up;
  if (RANK[down] < RANK[current]) return down;
  return current;
}
