// The edge's metric names, in one place. Counters are bumped where the event happens; region gauges
// read the pool at scrape time.
import { MetricsRegistry } from './metrics.ts';
import type { RegionPool } from './region-pool.ts';

export function createEdgeMetrics(pool: () => RegionPool) {
  const registry = new MetricsRegistry();
  const regions = () => pool().regions;
  return {
    registry,
    requests: registry.counter('smartdb_edge_requests_total', 'Responses sent by the edge, by status code.'),
    cache: registry.counter(
      'smartdb_edge_cache_total',
      'Cacheable lookups by result (hit, stale, miss, bypass) and the tier that answered.',
    ),
    cacheErrors: registry.counter(
      'smartdb_edge_cache_errors_total',
      'Cache or shared-tier operations that failed.',
    ),
    upstream: registry.counter(
      'smartdb_edge_upstream_requests_total',
      'Requests sent to regions, by region and outcome (status code or error kind).',
    ),
    retries: registry.counter('smartdb_edge_retries_total', 'Requests retried on another region, by reason.'),
    retriesDenied: registry.counter(
      'smartdb_edge_retries_denied_total',
      'Retries refused because the retry budget was spent.',
    ),
    ejections: registry.counter(
      'smartdb_edge_ejections_total',
      'Regions ejected by outlier detection or probes.',
    ),
    rateLimited: registry.counter('smartdb_edge_rate_limited_total', 'Requests refused with 429.'),
    rtt: registry.gauge(
      'smartdb_edge_region_rtt_ms',
      'RTT average per region (an EWMA of /ready probes).',
      () =>
        regions()
          .filter((r) => r.rttMs !== undefined)
          .map((r) => [{ region: r.config.name }, r.rttMs!]),
    ),
    healthy: registry.gauge(
      'smartdb_edge_region_healthy',
      '1 when the last probe or request succeeded.',
      () => regions().map((r) => [{ region: r.config.name }, r.healthy ? 1 : 0]),
    ),
    ejected: registry.gauge('smartdb_edge_region_ejected', '1 while the region is ejected.', () =>
      regions().map((r) => [{ region: r.config.name }, r.ejected ? 1 : 0]),
    ),
    inflight: registry.gauge('smartdb_edge_region_inflight', 'Outstanding requests per region.', () =>
      regions().map((r) => [{ region: r.config.name }, r.inflight]),
    ),
  };
}

export type EdgeMetrics = ReturnType<typeof createEdgeMetrics>;
