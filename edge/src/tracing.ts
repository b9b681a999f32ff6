// Tracing of the edge -> region hop with @opentelemetry/api (runtime-neutral). Without a registered
// SDK every call here is a no-op and the client's own `traceparent` is forwarded as it came; with
// one (the Node entry when OTEL is configured, or a test), the region call becomes a client span in
// the caller's trace and the forwarded `traceparent` names it. Cache hits never reach this file.
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const headerGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/** Calls a region inside a client span; `inject` writes the span's context into outgoing headers. */
export function traceRegionCall<T extends { status: number }>(
  incoming: Headers,
  name: string,
  call: (inject: (headers: Record<string, string>) => void) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), incoming, headerGetter);
  return trace
    .getTracer('smartdb-edge')
    .startActiveSpan(name, { kind: SpanKind.CLIENT }, parent, async (span) => {
      try {
        const result = await call((headers) => propagation.inject(trace.setSpan(parent, span), headers));
        span.setAttribute('http.response.status_code', result.status);
        if (result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
}
