// What the edge believes about one region: RTT (EWMA), outstanding requests, and the ejection state
// machine — eject at once, hold down with a growing ejection time, readmit only after consecutive
// good probes, then ramp the region's share (slow start). Pure state: no timers, no I/O; the pool
// decides whether an ejection is allowed.
import type { RegionConfig } from './config.ts';

export interface HealthPolicy {
  ejectBaseMs: number;
  ejectMaxMs: number;
  recoverProbes: number;
  slowStartMs: number;
}

/**
 * Weight of a new probe in the RTT average. Only probes are sampled: a real response's time is
 * mostly the work it asked for (a question over a million records takes seconds in any region), so
 * one slow question would make its region look far away and move every caller's traffic.
 */
const PROBE_ALPHA = 0.3;
/** Other 5xx (a 500 from one bad request) eject only when they come this many times in a row. */
const CONSECUTIVE_5XX_TO_EJECT = 3;

export interface RegionSnapshot {
  name: string;
  url: string;
  priority: number;
  weight: number;
  healthy: boolean;
  ejected: boolean;
  ejectedUntil: string | null;
  ejections: number;
  rttMs: number | null;
  inflight: number;
  share: number;
  lastError: string | null;
}

export class RegionHealth {
  readonly config: RegionConfig;
  readonly #policy: HealthPolicy;
  rttMs: number | undefined;
  inflight = 0;
  /** Outcome of the last probe or real request. */
  healthy = true;
  lastError: string | null = null;
  ejected = false;
  ejectedUntil = 0;
  /** Ejections in a row without a long healthy stretch in between; sets the hold-down length. */
  ejections = 0;
  #goodProbes = 0;
  #admittedAt = Number.NEGATIVE_INFINITY;
  #consecutive5xx = 0;

  constructor(config: RegionConfig, policy: HealthPolicy) {
    this.config = config;
    this.#policy = policy;
  }

  /** Fraction of its normal traffic the region may take: ramps from 0.1 to 1 after readmission. */
  share(now: number): number {
    const { slowStartMs } = this.#policy;
    if (slowStartMs <= 0) return 1;
    const ramp = (now - this.#admittedAt) / slowStartMs;
    return ramp >= 1 ? 1 : 0.1 + 0.9 * Math.max(0, ramp);
  }

  probeSucceeded(now: number, rttMs: number): void {
    this.#sample(rttMs, PROBE_ALPHA);
    this.healthy = true;
    if (!this.ejected) return;
    this.#goodProbes++;
    if (this.#goodProbes >= this.#policy.recoverProbes && now >= this.ejectedUntil) {
      this.ejected = false;
      this.#admittedAt = now;
      this.#goodProbes = 0;
    }
  }

  /** A failed probe: returns true when the region should be ejected (if the pool allows). */
  probeFailed(now: number, reason: string): boolean {
    return this.#failed(now, reason);
  }

  /** A real request was answered (its latency is the request's, not the region's: see PROBE_ALPHA). */
  responded(status: number): void {
    if (status < 500) {
      this.#consecutive5xx = 0;
      if (!this.ejected) this.healthy = true;
    }
  }

  /** A real request failed (transport error, 502/503/504, or repeated 5xx): true when it should be ejected. */
  requestFailed(now: number, reason: string, status?: number): boolean {
    if (status !== undefined && status !== 502 && status !== 503 && status !== 504) {
      this.#consecutive5xx++;
      if (this.#consecutive5xx < CONSECUTIVE_5XX_TO_EJECT) {
        this.lastError = reason;
        return false;
      }
    }
    return this.#failed(now, reason);
  }

  eject(now: number): void {
    if (this.ejected) return;
    if (now - this.#admittedAt > this.#policy.ejectMaxMs * 2) this.ejections = 0;
    this.ejections++;
    this.ejected = true;
    this.#goodProbes = 0;
    this.#consecutive5xx = 0;
    this.ejectedUntil = now + this.#holdDownMs();
  }

  snapshot(now: number): RegionSnapshot {
    return {
      name: this.config.name,
      url: this.config.url,
      priority: this.config.priority,
      weight: this.config.weight,
      healthy: this.healthy,
      ejected: this.ejected,
      ejectedUntil: this.ejected ? new Date(this.ejectedUntil).toISOString() : null,
      ejections: this.ejections,
      rttMs: this.rttMs === undefined ? null : Math.round(this.rttMs * 1000) / 1000,
      inflight: this.inflight,
      share: this.ejected ? 0 : Math.round(this.share(now) * 100) / 100,
      lastError: this.lastError,
    };
  }

  #failed(now: number, reason: string): boolean {
    this.healthy = false;
    this.lastError = reason;
    this.#goodProbes = 0;
    if (this.ejected) {
      // Still failing while ejected: the hold-down restarts from now, at the current length.
      this.ejectedUntil = Math.max(this.ejectedUntil, now + this.#holdDownMs());
      return false;
    }
    return true;
  }

  #holdDownMs(): number {
    const { ejectBaseMs, ejectMaxMs } = this.#policy;
    return Math.min(ejectMaxMs, ejectBaseMs * 2 ** Math.max(0, this.ejections - 1));
  }

  #sample(rttMs: number, alpha: number): void {
    this.rttMs = this.rttMs === undefined ? rttMs : this.rttMs + alpha * (rttMs - this.rttMs);
  }
}
