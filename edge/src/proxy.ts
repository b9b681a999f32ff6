// Sends one client request to the best region and, for idempotent requests, once more to the next
// region on a connect error, timeout or 502/503/504 — within the retry budget. Feeds every outcome
// back into region health. It contacts only regions from the pool, and never retries a request that
// may have reached a region unless the request is idempotent. A question the region cancelled at its
// time limit (503 with `x-smartdb-error: QUERY_TIMEOUT`) is the question's failure: passed on as it
// is, neither retried (it would cost another region as much) nor held against the region's health.
import { ERROR_CODE_HEADER } from '@smartdb/core';
import type { EdgeMetrics } from './edge-metrics.ts';
import { EdgeError } from './errors.ts';
import type { RegionPool, RouteHints } from './region-pool.ts';
import type { RetryBudget } from './retry-budget.ts';
import { type Bytes, toUpstreamError, type Upstream, type UpstreamError } from './upstream.ts';

export interface ForwardRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Bytes | undefined;
  /** GET/HEAD/OPTIONS, or a request with an Idempotency-Key. */
  idempotent: boolean;
  hints: RouteHints;
}

/** A region's buffered answer. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Bytes;
  region: string;
}

const RETRY_STATUSES = new Set([502, 503, 504]);
const MAX_ATTEMPTS = 2;

/** A region's answer that is about the request, not about the region's health. */
function requestFault(res: { status: number; headers: Answer['headers'] }): boolean {
  return res.status === 503 && res.headers[ERROR_CODE_HEADER] === 'QUERY_TIMEOUT';
}

export class RegionProxy {
  readonly #pool: RegionPool;
  readonly #upstream: Upstream;
  readonly #budget: RetryBudget;
  readonly #metrics: EdgeMetrics;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: {
    pool: RegionPool;
    upstream: Upstream;
    budget: RetryBudget;
    metrics: EdgeMetrics;
    timeoutMs: number;
    now?: () => number;
  }) {
    this.#pool = options.pool;
    this.#upstream = options.upstream;
    this.#budget = options.budget;
    this.#metrics = options.metrics;
    this.#timeoutMs = options.timeoutMs;
    this.#now = options.now ?? Date.now;
  }

  async forward(request: ForwardRequest): Promise<Answer> {
    const candidates = this.#pool.order(this.#now(), request.hints).slice(0, MAX_ATTEMPTS);
    if (request.idempotent) this.#budget.deposit();
    const failures: Array<{ region: string; error: string }> = [];
    let lastAnswer: Answer | undefined;
    let lastError: UpstreamError | undefined;

    for (let i = 0; i < candidates.length; i++) {
      const region = candidates[i]!;
      if (i > 0) {
        const reason = lastError?.kind ?? String(lastAnswer?.status);
        const retryable = request.idempotent || lastError?.kind === 'connect';
        if (!retryable) break;
        if (!this.#budget.withdraw()) {
          this.#metrics.retriesDenied.inc();
          break;
        }
        this.#metrics.retries.inc({ reason });
      }
      const name = region.config.name;
      region.inflight++;
      try {
        const res = await this.#upstream(region.config.url, {
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
          timeoutMs: this.#timeoutMs,
        });
        const now = this.#now();
        region.responded(res.status);
        this.#metrics.upstream.inc({ region: name, outcome: String(res.status) });
        lastAnswer = { ...res, region: name };
        lastError = undefined;
        if (requestFault(res)) return lastAnswer;
        if (res.status >= 500) this.#pool.requestFailed(region, now, `answered ${res.status}`, res.status);
        if (!RETRY_STATUSES.has(res.status)) return lastAnswer;
        failures.push({ region: name, error: `answered ${res.status}` });
      } catch (error) {
        const failure = toUpstreamError(error);
        this.#metrics.upstream.inc({ region: name, outcome: failure.kind });
        this.#pool.requestFailed(region, this.#now(), `${failure.kind}: ${failure.message}`);
        failures.push({ region: name, error: failure.kind });
        lastError = failure;
      } finally {
        region.inflight--;
      }
    }
    if (lastAnswer !== undefined && lastError === undefined) return lastAnswer;
    throw new EdgeError(503, 'NO_HEALTHY_REGION', 'No region could answer this request.', {
      details: failures,
    });
  }
}
