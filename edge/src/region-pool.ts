// The configured regions and the routing decision: which region to try first and which next.
// Fastest available region by RTT within the best priority; near-equal ones spread by least
// outstanding requests; explicit and geo hints honoured; slow-starting regions take a reduced share.
// It never lets more than half of the regions be ejected, and it never returns a region that is
// not configured.
import type { EdgeSettings } from './config.ts';
import { RegionHealth, type RegionSnapshot } from './region-health.ts';

export interface RouteHints {
  /** `x-smartdb-region`: a region the caller asks for, used when it is available. */
  region?: string | undefined;
  /** Country code (e.g. `cf-ipcountry`), mapped through SMARTDB_EDGE_GEO. */
  country?: string | undefined;
}

export type EjectionListener = (region: string) => void;

/** Absolute slack for "near-equal": on loopback, RTTs differ by fractions of a millisecond. */
const NEAR_EQUAL_SLACK_MS = 1;

export class RegionPool {
  readonly regions: readonly RegionHealth[];
  readonly #byName: Map<string, RegionHealth>;
  readonly #geo: Record<string, string>;
  readonly #nearEqualRatio: number;
  readonly #random: () => number;
  readonly #onEject: EjectionListener;

  constructor(settings: EdgeSettings, options: { random?: () => number; onEject?: EjectionListener } = {}) {
    const policy = {
      ejectBaseMs: settings.SMARTDB_EDGE_EJECT_BASE_MS,
      ejectMaxMs: settings.SMARTDB_EDGE_EJECT_MAX_MS,
      recoverProbes: settings.SMARTDB_EDGE_RECOVER_PROBES,
      slowStartMs: settings.SMARTDB_EDGE_SLOW_START_MS,
    };
    this.regions = settings.SMARTDB_REGIONS.map((config) => new RegionHealth(config, policy));
    this.#byName = new Map(this.regions.map((r) => [r.config.name, r]));
    this.#geo = settings.SMARTDB_EDGE_GEO;
    this.#nearEqualRatio = settings.SMARTDB_EDGE_NEAR_EQUAL_RATIO;
    this.#random = options.random ?? Math.random;
    this.#onEject = options.onEject ?? (() => {});
  }

  get(name: string): RegionHealth | undefined {
    return this.#byName.get(name);
  }

  /** Regions to try, best first. Empty only when no region is configured. */
  order(now: number, hints: RouteHints = {}): RegionHealth[] {
    let usable = this.regions.filter((r) => !r.ejected);
    if (usable.length === 0) usable = [...this.regions];
    usable.sort(compareRegions);
    const best = usable[0]!;
    const bestRtt = effectiveRtt(best);
    const nearEqual = usable.filter(
      (r) =>
        r.healthy === best.healthy &&
        r.config.priority === best.config.priority &&
        effectiveRtt(r) <= Math.max(bestRtt * this.#nearEqualRatio, bestRtt + NEAR_EQUAL_SLACK_MS),
    );
    if (nearEqual.length > 1) {
      nearEqual.sort(
        (a, b) => a.inflight / a.config.weight - b.inflight / b.config.weight || compareRegions(a, b),
      );
      usable = [...nearEqual, ...usable.filter((r) => !nearEqual.includes(r))];
    }
    const hinted = this.#hinted(hints);
    if (hinted !== undefined && usable.includes(hinted) && hinted.healthy) {
      usable = [hinted, ...usable.filter((r) => r !== hinted)];
    } else if (usable.length > 1 && this.#random() > usable[0]!.share(now)) {
      // Slow start: the readmitted region takes only its current share of first attempts.
      usable = [usable[1]!, usable[0]!, ...usable.slice(2)];
    }
    return usable;
  }

  /** Ejects a region unless that would leave more than half of the regions ejected. */
  tryEject(region: RegionHealth, now: number): boolean {
    const ejected = this.regions.filter((r) => r.ejected).length;
    if ((ejected + 1) * 2 > this.regions.length) return false;
    region.eject(now);
    this.#onEject(region.config.name);
    return true;
  }

  probeFailed(region: RegionHealth, now: number, reason: string): void {
    if (region.probeFailed(now, reason)) this.tryEject(region, now);
  }

  requestFailed(region: RegionHealth, now: number, reason: string, status?: number): void {
    if (region.requestFailed(now, reason, status)) this.tryEject(region, now);
  }

  /** True when at least one region is not ejected and answered its last probe or request. */
  ready(): boolean {
    return this.regions.some((r) => !r.ejected && r.healthy);
  }

  snapshot(now: number): RegionSnapshot[] {
    return this.regions.map((r) => r.snapshot(now));
  }

  #hinted(hints: RouteHints): RegionHealth | undefined {
    if (hints.region !== undefined) {
      const named = this.#byName.get(hints.region);
      if (named !== undefined) return named;
    }
    if (hints.country !== undefined) {
      const name = this.#geo[hints.country.toUpperCase()];
      if (name !== undefined) return this.#byName.get(name);
    }
    return undefined;
  }
}

function effectiveRtt(r: RegionHealth): number {
  return (r.rttMs ?? Number.POSITIVE_INFINITY) / r.config.weight;
}

function compareRegions(a: RegionHealth, b: RegionHealth): number {
  if (a.healthy !== b.healthy) return a.healthy ? -1 : 1;
  if (a.config.priority !== b.config.priority) return a.config.priority - b.config.priority;
  const rtt = effectiveRtt(a) - effectiveRtt(b);
  if (rtt !== 0 && !Number.isNaN(rtt)) return rtt;
  return a.inflight - b.inflight;
}
