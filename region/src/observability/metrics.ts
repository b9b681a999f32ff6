/**
 * The region's Prometheus metrics, one registry per region (several regions can share a process in
 * `smartdb dev`). Every number comes from a real event or is read from live state at scrape time;
 * names match deploy/compose/grafana and deploy/compose/prometheus.yml. Never labels by tenant, key
 * or raw path: label values come from small fixed sets (route patterns, intents, tiers).
 */
import type { Registry as StoreRegistry } from '@smartdb/registry';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class RegionMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method'>;
  readonly ingestedRecords: Counter;
  readonly ingestCommits: Counter;
  readonly queryDuration: Histogram<'intent' | 'cache'>;
  /** Incremented by the query cache's owner, per tier (memory, redis, …) and result (hit, miss). */
  readonly cacheRequests: Counter<'tier' | 'result'>;
  readonly logShipped: Counter;
  readonly logDropped: Counter<'reason'>;
  /** Where computed answers' statements ran (query-routing.ts), and why. */
  readonly queryReads: Counter<'target' | 'reason'>;
  /** Records whose time was read again from a time field their store learned later. */
  readonly retimedRecords: Counter;

  constructor(region: string, stores: StoreRegistry, ingestQueue: () => number) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ region });
    this.httpRequests = new Counter({
      name: 'smartdb_http_requests_total',
      help: 'HTTP requests answered, by matched route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'smartdb_http_request_duration_seconds',
      help: 'Time from request to response headers, by matched route pattern and method',
      labelNames: ['route', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ingestedRecords = new Counter({
      name: 'smartdb_ingested_records_total',
      help: 'Records committed by ingestion (group-commit transactions that succeeded)',
      registers,
    });
    this.ingestCommits = new Counter({
      name: 'smartdb_ingest_commits_total',
      help: 'Group-commit transactions that succeeded; records / commits is the mean group size',
      registers,
    });
    this.queryDuration = new Histogram({
      name: 'smartdb_query_duration_seconds',
      help: 'Time to answer a natural-language question, by interpreted intent and cache result',
      labelNames: ['intent', 'cache'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.cacheRequests = new Counter({
      name: 'smartdb_cache_requests_total',
      help: 'Query-cache look-ups by tier and result',
      labelNames: ['tier', 'result'],
      registers,
    });
    this.queryReads = new Counter({
      name: 'smartdb_query_reads_total',
      help: 'Computed answers by the database their statements ran on (primary, replica) and why',
      labelNames: ['target', 'reason'],
      registers,
    });
    this.retimedRecords = new Counter({
      name: 'smartdb_retimed_records_total',
      help: 'Records whose time was read again from a time field their store learned after they were stored (the tierer, retime.ts)',
      registers,
    });
    this.logShipped = new Counter({
      name: 'smartdb_log_shipped_total',
      help: 'Request and audit log documents accepted by Elasticsearch',
      registers,
    });
    this.logDropped = new Counter({
      name: 'smartdb_log_dropped_total',
      help: 'Log documents dropped instead of shipped (Elasticsearch down, buffer full, or rejected)',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'smartdb_mcps',
      help: 'Domain stores known to this region, by tier',
      labelNames: ['tier'],
      registers,
      collect() {
        for (const [tier, n] of Object.entries(stores.stats().byTier)) this.set({ tier }, n);
      },
    });
    new Gauge({
      name: 'smartdb_ingest_queue_length',
      help: 'Ingest batches waiting for a group-commit transaction',
      registers,
      collect() {
        this.set(ingestQueue());
      },
    });
  }

  /** The Prometheus text exposition of every metric of this region. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

/**
 * Per-tenant running totals for the admin dashboard's live rates: the dashboard polls them and
 * differentiates, so a tenant admin sees only its own tenant's activity.
 */
export class TenantActivity {
  private readonly totals = new Map<string, { ingested: number; queries: number }>();

  private of(tenantId: string) {
    let t = this.totals.get(tenantId);
    if (!t) {
      t = { ingested: 0, queries: 0 };
      this.totals.set(tenantId, t);
    }
    return t;
  }

  ingested(tenantId: string, records: number): void {
    this.of(tenantId).ingested += records;
  }

  queried(tenantId: string): void {
    this.of(tenantId).queries += 1;
  }

  totalsFor(tenantId: string): { ingested: number; queries: number } {
    const t = this.totals.get(tenantId);
    return t ? { ...t } : { ingested: 0, queries: 0 };
  }
}
