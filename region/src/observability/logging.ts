/**
 * Structured JSON logs (pino). A request line carries the request id, tenant, route pattern,
 * method, status, latency and trace id; it never carries a key, an Authorization header, a query
 * string or a body. The log record is built field by field here, so nothing else can leak into it;
 * the redaction list is a second line of defence for callers that log objects of their own.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RequestLog {
  kind: 'request' | 'audit';
  requestId: string;
  tenant: string | null;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
  traceId: string | null;
  error?: string;
}

export function createLogger(
  options: { level: LogLevel; region: string },
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: options.level,
      base: { region: options.region },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', 'key', 'headers.authorization', 'headers.cookie', 'body', 'data'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** Mutations of keys, stores, records and admin sessions are audit events; the rest are requests. */
export function logKind(method: string, route: string): RequestLog['kind'] {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'request';
  return /^\/(v1\/keys|v1\/mcps|v1\/records|admin\/(login|logout))/.test(route) ? 'audit' : 'request';
}
