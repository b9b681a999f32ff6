/**
 * OpenTelemetry for the region. Spans are made through `@opentelemetry/api` only, so without a
 * registered SDK they cost nothing; `startTracing` registers the Node SDK with an OTLP/HTTP exporter
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set (the setting is passed in, never read here).
 *
 * SQL spans: drizzle-orm 0.45 ships a tracer hook that is never switched on, so statements are
 * traced at the postgres.js client instead (`traceSql`), including those inside transactions.
 * A span never records parameter values: they are tenants' data.
 */
import {
  type Attributes,
  ProxyTracerProvider,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export const TRACER_NAME = 'smartdb-region';
const MAX_STATEMENT_CHARS = 2_000;

export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** What the global provider delegates to while no SDK is registered. */
const NO_SDK = new ProxyTracerProvider().getDelegate();

/**
 * Whether a tracing SDK is registered in this process (ours, or a test's). Without one every span is
 * a no-op, but making them is not free: skipping them measured ~10 µs of a ~90 µs ingest request.
 */
export function tracingOn(): boolean {
  return (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() !== NO_SDK;
}

/** Runs `fn` inside a child span of the active one; marks the span failed when `fn` throws. */
export function withSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return fn();
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  });
}

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/** One SDK per process: regions started together in `smartdb dev` share it. */
let shared: { provider: NodeTracerProvider; users: number } | undefined;

export async function startTracing(
  endpoint: string | undefined,
  region: string,
): Promise<TracingHandle | null> {
  if (!endpoint) return null;
  if (!shared) {
    // The SDK is loaded only when tracing is on: it is ~20 MB a region would otherwise carry idle.
    const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] =
      await Promise.all([
        import('@opentelemetry/exporter-trace-otlp-http'),
        import('@opentelemetry/resources'),
        import('@opentelemetry/sdk-trace-node'),
      ]);
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'smartdb-region', 'cloud.region': region }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` })),
      ],
    });
    provider.register();
    shared = { provider, users: 0 };
  }
  shared.users += 1;
  let stopped = false;
  return {
    async shutdown() {
      if (stopped || !shared) return;
      stopped = true;
      shared.users -= 1;
      if (shared.users > 0) return;
      const { provider } = shared;
      shared = undefined;
      await provider.shutdown();
    },
  };
}

/** The part of a postgres.js client that drizzle calls; typed loosely to patch it in place. */
interface SqlClient {
  unsafe: (...args: unknown[]) => PromiseLike<unknown>;
  begin?: (...args: unknown[]) => Promise<unknown>;
  savepoint?: (...args: unknown[]) => Promise<unknown>;
}

const TRACED = Symbol.for('smartdb.traced-sql');

/** Makes every statement drizzle sends through this postgres.js client a `db.query` span. */
export function traceSql(client: object): void {
  const sql = client as SqlClient & { [TRACED]?: true };
  if (sql[TRACED]) return;
  sql[TRACED] = true;
  traceStatements(sql);
  const begin = sql.begin;
  if (!begin) return;
  sql.begin = (...args: unknown[]) => {
    const fn = args.pop() as (tx: SqlClient) => unknown;
    return withSpan('db.transaction', { 'db.system.name': 'postgresql' }, () =>
      begin(...args, (tx: SqlClient) => {
        traceScope(tx);
        return fn(tx);
      }),
    );
  };
}

function traceScope(tx: SqlClient): void {
  traceStatements(tx);
  const savepoint = tx.savepoint;
  if (!savepoint) return;
  tx.savepoint = (...args: unknown[]) => {
    const fn = args.pop() as (inner: SqlClient) => unknown;
    return savepoint(...args, (inner: SqlClient) => {
      traceScope(inner);
      return fn(inner);
    });
  };
}

function traceStatements(sql: SqlClient): void {
  const unsafe = sql.unsafe;
  sql.unsafe = (...args: unknown[]) => {
    // postgres.js runs a query when it is awaited and lets callers chain `.values()` first, so the
    // query object itself is returned; the span watches it settle without starting it.
    const query = unsafe(...args);
    if (!tracingOn()) return query;
    const text = String(args[0]);
    const span = tracer().startSpan('db.query', {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'UNKNOWN',
        'db.query.text': text.length > MAX_STATEMENT_CHARS ? `${text.slice(0, MAX_STATEMENT_CHARS)}…` : text,
      },
    });
    Promise.prototype.then.call(
      query,
      () => span.end(),
      (e: Error) => {
        span.recordException(e);
        span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
        span.end();
      },
    );
    return query;
  };
}
