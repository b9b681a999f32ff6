// The Upstash connection settings every runtime entry uses for the shared tier (cache, generations,
// rate limits). Each entry constructs the client from its own build of `@upstash/redis`; this module
// only shapes the options and must never construct a client or read the environment itself.
import type { EdgeSettings } from './config.ts';

export interface UpstashClientOptions {
  url: string;
  token: string;
  /** Bodies are stored as strings and must come back as the same strings. */
  automaticDeserialization: false;
  enableTelemetry: false;
  /** One quick retry: the edge falls back to its own memory rather than wait on the shared tier. */
  retry: { retries: number; backoff: () => number };
}

export function upstashClientOptions(settings: EdgeSettings): UpstashClientOptions | undefined {
  if (settings.UPSTASH_REDIS_REST_URL === undefined || settings.UPSTASH_REDIS_REST_TOKEN === undefined)
    return undefined;
  return {
    url: settings.UPSTASH_REDIS_REST_URL,
    token: settings.UPSTASH_REDIS_REST_TOKEN,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 20 },
  };
}
