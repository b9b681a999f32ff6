/**
 * Everything a region observes itself with, built once from its settings next to the services:
 * metrics, the logger, per-tenant activity for the dashboard, the optional Elasticsearch shipper and
 * the optional tracing SDK. `close()` flushes what can still be flushed.
 */
import type { RegionSettings } from '@smartdb/core';
import type { Registry } from '@smartdb/registry';
import type { DestinationStream, Logger } from 'pino';
import { LogShipper } from './es-shipper.ts';
import { createLogger, type RequestLog } from './logging.ts';
import { RegionMetrics, TenantActivity } from './metrics.ts';
import { startTracing, type TracingHandle, traceSql } from './tracing.ts';

/** Routes polled by machines; a successful poll is logged at debug and not shipped. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

export interface ObservabilityOptions {
  /** Where log lines go (default: stdout). Tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

export interface Observability {
  metrics: RegionMetrics;
  logger: Logger;
  activity: TenantActivity;
  shipper: LogShipper | null;
  /** Logs a finished request and, when Elasticsearch is configured, queues it for shipping. */
  request(entry: RequestLog): void;
  close(): Promise<void>;
}

export interface ObservedParts {
  registry: Registry;
  /** Ingest batches waiting to commit, read at scrape time. */
  ingestQueue: () => number;
  /** The postgres.js clients, when there are any, to trace their statements. */
  sqlClients?: object[];
}

export async function createObservability(
  settings: RegionSettings,
  parts: ObservedParts,
  options: ObservabilityOptions = {},
): Promise<Observability> {
  const metrics = new RegionMetrics(settings.REGION, parts.registry, parts.ingestQueue);
  const logger = createLogger({ level: settings.LOG_LEVEL, region: settings.REGION }, options.logDestination);
  const tracing: TracingHandle | null = await startTracing(
    settings.OTEL_EXPORTER_OTLP_ENDPOINT,
    settings.REGION,
  );
  for (const client of parts.sqlClients ?? []) traceSql(client);
  const shipper = settings.ELASTICSEARCH_URL
    ? new LogShipper({
        url: settings.ELASTICSEARCH_URL,
        shipped: metrics.logShipped,
        dropped: metrics.logDropped,
      })
    : null;
  return {
    metrics,
    logger,
    activity: new TenantActivity(),
    shipper,
    request(entry) {
      // Health checks and scrapes arrive every second or so from the edge and Prometheus.
      const probe = PROBES.has(entry.route) && entry.status < 400;
      const level = probe ? 'debug' : entry.status >= 500 ? 'error' : 'info';
      if (logger.isLevelEnabled(level))
        logger[level](entry, `${entry.method} ${entry.route} ${entry.status}`);
      if (!probe)
        shipper?.ship({ '@timestamp': new Date().toISOString(), region: settings.REGION, ...entry });
    },
    async close() {
      await shipper?.close();
      await tracing?.shutdown();
      logger.flush();
    },
  };
}
