/**
 * Ingestion as the region runs it: the same IngestService, with a span around each call (the
 * group commit and its SQL happen inside it), committed records counted from the committer's
 * onCommit hook, and acknowledged records added to the tenant's activity for the dashboard.
 */
import type { Database } from '@smartdb/db';
import {
  type IngestOptions,
  type IngestResult,
  IngestService,
  type IngestServiceOptions,
  type NdjsonResult,
} from '@smartdb/ingest';
import type { Registry } from '@smartdb/registry';
import type { Observability } from './observability.ts';
import { withSpan } from './tracing.ts';

export class ObservedIngestService extends IngestService {
  constructor(
    db: Database,
    registry: Registry,
    private readonly observability: Observability,
    options: Omit<IngestServiceOptions, 'onCommit'> = {},
  ) {
    super(db, registry, {
      ...options,
      onCommit: (records) => {
        observability.metrics.ingestedRecords.inc(records);
        observability.metrics.ingestCommits.inc();
      },
    });
  }

  override ingestRecords(tenantId: string, body: unknown, options?: IngestOptions): Promise<IngestResult> {
    return withSpan('ingest.records', { 'smartdb.tenant': tenantId }, async () =>
      this.acknowledged(tenantId, await super.ingestRecords(tenantId, body, options)),
    );
  }

  override ingestNdjson(
    tenantId: string,
    body: ReadableStream<Uint8Array>,
    options?: Omit<IngestOptions, 'idempotencyKey'>,
  ): Promise<NdjsonResult> {
    return withSpan('ingest.ndjson', { 'smartdb.tenant': tenantId }, async () =>
      this.acknowledged(tenantId, await super.ingestNdjson(tenantId, body, options)),
    );
  }

  private acknowledged<R extends { ingested: number }>(tenantId: string, result: R): R {
    this.observability.activity.ingested(tenantId, result.ingested);
    return result;
  }
}
