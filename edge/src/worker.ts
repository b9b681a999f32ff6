// Cloudflare Workers entry (deploy/cloudflare/wrangler.toml). Settings come from env bindings, read
// once per isolate. Workers keep no timers between requests, so each request lets the prober run the
// probes that are due (ctx.waitUntil). A service binding named SMARTDB_REGION_<NAME> (dashes as
// underscores, upper case) carries that region's traffic instead of the public URL.
import { Redis } from '@upstash/redis/cloudflare';
import type { ExecutionContext } from 'hono';
import { createEdgeApp, type Edge } from './app.ts';
import { edgeSettingsFromEnv } from './config.ts';
import { EdgeError } from './errors.ts';
import { upstashClientOptions } from './shared-tier.ts';
import { fetchUpstream, type Upstream } from './upstream.ts';

interface ServiceBinding {
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
}

type WorkerEnv = Record<string, unknown>;

let edge: Edge | undefined;
let settingsError: string | undefined;

function bindingFor(env: WorkerEnv, region: string): ServiceBinding | undefined {
  const binding = env[`SMARTDB_REGION_${region.toUpperCase().replace(/-/g, '_')}`];
  return typeof (binding as ServiceBinding | undefined)?.fetch === 'function'
    ? (binding as ServiceBinding)
    : undefined;
}

function edgeFor(env: WorkerEnv): Edge | undefined {
  if (edge !== undefined || settingsError !== undefined) return edge;
  const parsed = edgeSettingsFromEnv(env);
  if (!parsed.ok) {
    settingsError = parsed.message;
    return undefined;
  }
  const { settings } = parsed;
  const byUrl = new Map<string, Upstream>();
  for (const region of settings.SMARTDB_REGIONS) {
    const binding = bindingFor(env, region.name);
    byUrl.set(
      region.url,
      fetchUpstream(binding ? (input, init) => binding.fetch(input as string, init) : fetch),
    );
  }
  const upstream: Upstream = (regionUrl, request) => {
    const send = byUrl.get(regionUrl);
    if (send === undefined) throw new Error(`not a configured region: ${regionUrl}`);
    return send(regionUrl, request);
  };
  const upstash = upstashClientOptions(settings);
  const redis = upstash ? new Redis(upstash) : undefined;
  edge = createEdgeApp({
    settings,
    upstream,
    ...(redis ? { redis } : {}),
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
  });
  return edge;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const current = edgeFor(env);
    if (current === undefined) {
      const error = new EdgeError(500, 'INTERNAL', `Edge settings are invalid: ${settingsError}`);
      return Response.json(error.toBody(), { status: 500 });
    }
    ctx.waitUntil(current.prober.probeDue());
    return current.app.fetch(request, env, ctx);
  },
};
