// Active health checks: each region's readiness path about once per interval (jittered ±20 % so
// edges do not probe in lock-step), with a short timeout. One mechanism for every runtime: Node and
// Deno call probeDue() from a timer, a Worker calls it per request. It must never probe anything but
// the configured regions, and never more than one probe per region at a time.
import type { RegionHealth } from './region-health.ts';
import type { RegionPool } from './region-pool.ts';
import type { Upstream } from './upstream.ts';

export interface ProberOptions {
  path: string;
  intervalMs: number;
  timeoutMs: number;
  now?: () => number;
  random?: () => number;
}

export class Prober {
  readonly #pool: RegionPool;
  readonly #upstream: Upstream;
  readonly #options: ProberOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #nextAt = new Map<RegionHealth, number>();
  readonly #running = new Set<RegionHealth>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(pool: RegionPool, upstream: Upstream, options: ProberOptions) {
    this.#pool = pool;
    this.#upstream = upstream;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  /** Probes every region whose next probe is due; resolves when those probes finish. */
  async probeDue(): Promise<void> {
    const now = this.#now();
    const due = this.#pool.regions.filter((r) => !this.#running.has(r) && (this.#nextAt.get(r) ?? 0) <= now);
    await Promise.all(due.map((region) => this.#probe(region)));
  }

  /** Probes every region now (used at start so routing has RTTs within the first second). */
  async probeAll(): Promise<void> {
    await Promise.all(this.#pool.regions.filter((r) => !this.#running.has(r)).map((r) => this.#probe(r)));
  }

  start(): void {
    if (this.#timer !== undefined) return;
    void this.probeAll();
    const tick = Math.max(10, Math.min(100, Math.floor(this.#options.intervalMs / 4)));
    this.#timer = setInterval(() => void this.probeDue(), tick);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #probe(region: RegionHealth): Promise<void> {
    const { path, intervalMs, timeoutMs } = this.#options;
    this.#running.add(region);
    const started = this.#now();
    this.#nextAt.set(region, started + intervalMs * (0.8 + 0.4 * this.#random()));
    try {
      const res = await this.#upstream(region.config.url, {
        method: 'GET',
        path,
        headers: { 'user-agent': 'smartdb-edge-probe' },
        body: undefined,
        timeoutMs,
      });
      const now = this.#now();
      if (res.status >= 200 && res.status < 300) region.probeSucceeded(now, now - started);
      else this.#pool.probeFailed(region, now, `probe ${path} answered ${res.status}`);
    } catch (error) {
      this.#pool.probeFailed(region, this.#now(), `probe ${path} failed: ${(error as Error).message}`);
    } finally {
      this.#running.delete(region);
    }
  }
}
