/**
 * The observed form of RAG₂'s entry points, which REST, the MCP tools and the admin console all
 * call through `services.query`: a span per question, `smartdb_query_duration_seconds` by
 * interpreted intent and cache result, and the tenant's query count for the dashboard.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { QueryAnswer, QueryExplanation, QueryRequest } from '@smartdb/query';
import type { Observability } from './observability.ts';
import { tracer, withSpan } from './tracing.ts';

export interface QueryFunctions {
  answer(tenantId: string, request: QueryRequest, options?: { fresh?: boolean }): Promise<QueryAnswer>;
  explain(tenantId: string, request: QueryRequest): QueryExplanation;
}

export function observeQueries(query: QueryFunctions, observability: Observability): QueryFunctions {
  const { metrics, activity } = observability;
  return {
    answer: (tenantId, request, options) =>
      withSpan('query.answer', { 'smartdb.tenant': tenantId }, async () => {
        const started = performance.now();
        const answered = await query.answer(tenantId, request, options);
        metrics.queryDuration.observe(
          { intent: answered.head.interpretation.intent, cache: answered.head.cache },
          (performance.now() - started) / 1000,
        );
        activity.queried(tenantId);
        return answered;
      }),
    explain: (tenantId, request) =>
      tracer().startActiveSpan('query.explain', { attributes: { 'smartdb.tenant': tenantId } }, (span) => {
        try {
          return query.explain(tenantId, request);
        } catch (e) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
          throw e;
        } finally {
          span.end();
        }
      }),
  };
}
