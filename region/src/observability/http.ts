/**
 * The request middleware that observes every response once: a server span (continuing an incoming
 * `traceparent`), the request counter and latency histogram by matched route pattern, and one
 * structured log line. It reads the route pattern, never the raw path, so label sets stay small.
 * Also serves `GET /metrics`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  context,
  isSpanContextValid,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { AppError } from '@smartdb/core';
import { pgCode } from '@smartdb/db';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AuthEnv } from '../http/auth.ts';
import { logKind } from './logging.ts';
import type { Observability } from './observability.ts';
import { tracer, tracingOn } from './tracing.ts';

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The most specific route pattern the request matched; middleware wildcards do not count. */
export function matchedRoute(c: Context): string {
  const routes = matchedRoutes(c).filter((r) => !r.path.endsWith('*'));
  return routes.at(-1)?.path ?? 'unmatched';
}

/**
 * A failure as the log tells it: our own error's message, and of anything underneath (a database or
 * driver error) only its kind and code, never its message: those quote SQL, parameters and values.
 */
export function failureOf(error: Error): string {
  if (!(error instanceof AppError)) return kindOf(error);
  return error.cause === undefined ? error.message : `${error.message} (cause: ${kindOf(error.cause)})`;
}

/** The name and code of an error, or of the driver's error drizzle wrapped in it. */
function kindOf(e: unknown): string {
  const inner = (e as { cause?: unknown } | null)?.cause ?? e;
  const name = inner instanceof Error ? inner.name : 'Error';
  const code = pgCode(e);
  return code ? `${name} ${code}` : name;
}

export function observeRequests(observability: Observability): MiddlewareHandler<AuthEnv> {
  const { metrics } = observability;
  return async (c, next) => {
    const started = performance.now();
    const method = c.req.method;
    let span: Span | undefined;
    try {
      if (tracingOn()) {
        const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
        span = tracer().startSpan(
          method,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': c.req.path } },
          parent,
        );
        await context.with(trace.setSpan(parent, span), next);
      } else await next();
    } finally {
      const route = matchedRoute(c);
      const status = c.res.status;
      const seconds = (performance.now() - started) / 1000;
      metrics.httpRequests.inc({ route, method, status: String(status) });
      metrics.httpDuration.observe({ route, method }, seconds);
      let traceId: string | null = null;
      if (span) {
        span.updateName(`${method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        const spanContext = span.spanContext();
        if (isSpanContextValid(spanContext)) traceId = spanContext.traceId;
      }
      observability.request({
        kind: logKind(method, route),
        requestId: c.get('requestId'),
        tenant: c.get('principal')?.tenantId ?? null,
        method,
        route,
        status,
        latencyMs: Math.round(seconds * 1e4) / 10,
        traceId,
        ...(status >= 500 && c.error ? { error: failureOf(c.error) } : {}),
      });
    }
  };
}

export function metricsRoute(app: OpenAPIHono<AuthEnv>, observability: Observability): void {
  app.get('/metrics', async (c) => {
    const { body, contentType } = await observability.metrics.render();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}
