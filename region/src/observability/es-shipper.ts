/**
 * Ships request and audit log documents to Elasticsearch with `_bulk`, off the request path: a
 * request only appends to a bounded buffer; a timer sends batches, one request at a time. While
 * Elasticsearch is down (a failed bulk opens a back-off window) new documents are dropped and
 * counted instead of piling up, so an outage costs log documents, never memory or latency.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Counter } from 'prom-client';

export interface LogShipperOptions {
  url: string;
  /** Data stream the documents are created in. */
  index?: string;
  /** Most documents held while waiting to be sent. */
  maxBuffer?: number;
  /** Most documents per `_bulk` request. */
  batchSize?: number;
  flushIntervalMs?: number;
  /** First back-off after a failed bulk; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  shipped: Counter;
  dropped: Counter<'reason'>;
  now?: () => number;
}

export class LogShipper {
  /** Loaded on first use: the client costs ~30 MB of memory, paid only when shipping is configured. */
  private readonly client: Promise<Client>;
  private readonly index: string;
  private readonly maxBuffer: number;
  private readonly batchSize: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private buffer: Record<string, unknown>[] = [];
  private sending: Promise<void> | null = null;
  private downUntil = 0;
  private backoffMs: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly options: LogShipperOptions) {
    this.client = import('@elastic/elasticsearch').then(
      ({ Client }) => new Client({ node: options.url, maxRetries: 0, requestTimeout: 5_000 }),
    );
    this.index = options.index ?? 'smartdb-logs';
    this.maxBuffer = options.maxBuffer ?? 10_000;
    this.batchSize = options.batchSize ?? 500;
    this.initialBackoffMs = options.backoffMs ?? 1_000;
    this.backoffMs = this.initialBackoffMs;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1_000);
    this.timer.unref?.();
  }

  /** Never blocks and never throws: a document that cannot be kept is counted as dropped. */
  ship(doc: Record<string, unknown>): void {
    if (this.now() < this.downUntil) {
      this.options.dropped.inc({ reason: 'unavailable' });
      return;
    }
    if (this.buffer.length >= this.maxBuffer) {
      this.options.dropped.inc({ reason: 'buffer_full' });
      return;
    }
    this.buffer.push(doc);
    if (this.buffer.length >= this.batchSize) void this.flush();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Sends what is buffered (one bulk request at a time); resolves when that send settles. */
  flush(): Promise<void> {
    if (this.sending) return this.sending;
    if (this.buffer.length === 0 || this.now() < this.downUntil) return Promise.resolve();
    const batch = this.buffer.splice(0, this.batchSize);
    this.sending = this.send(batch).finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async send(batch: Record<string, unknown>[]): Promise<void> {
    const operations = batch.flatMap((doc) => [{ create: { _index: this.index } }, doc]);
    try {
      const result = await (await this.client).bulk({ operations });
      const rejected = result.errors ? result.items.filter((i) => Object.values(i)[0]?.error).length : 0;
      this.options.shipped.inc(batch.length - rejected);
      if (rejected > 0) this.options.dropped.inc({ reason: 'rejected' }, rejected);
      this.backoffMs = this.initialBackoffMs;
    } catch {
      this.options.dropped.inc({ reason: 'unavailable' }, batch.length + this.buffer.length);
      this.buffer = [];
      this.downUntil = this.now() + this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    }
  }

  /** Sends what is left (bounded by one attempt per batch) and closes the client. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    while (this.buffer.length > 0 && this.now() >= this.downUntil) await this.flush();
    if (this.sending) await this.sending;
    await (await this.client).close();
  }
}
