// Caps retries so a sick region cannot double the load on the healthy ones: each request earns
// `ratio` of a retry, plus a small floor per second; a retry spends one. Never blocks.

export class RetryBudget {
  readonly #ratio: number;
  readonly #minPerSecond: number;
  readonly #max: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(ratio: number, minPerSecond: number, now: () => number = Date.now) {
    this.#ratio = ratio;
    this.#minPerSecond = minPerSecond;
    this.#max = Math.max(10, minPerSecond * 10);
    this.#now = now;
    this.#tokens = this.#max;
    this.#last = now();
  }

  /** Called once per request that could be retried. */
  deposit(): void {
    this.#tokens = Math.min(this.#max, this.#tokens + this.#ratio);
  }

  /** True (and spends a token) when a retry is allowed now. */
  withdraw(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#max, this.#tokens + ((now - this.#last) / 1000) * this.#minPerSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
