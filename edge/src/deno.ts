// Deno entry: `deno run --allow-net --allow-env --config deploy/deno/deno.json edge/src/deno.ts`.
// Reads the environment once, then serves the runtime-neutral app with Deno.serve and fetch upstream.
import { Redis } from '@upstash/redis';
import { createEdgeApp } from './app.ts';
import { edgeSettingsFromEnv } from './config.ts';
import { upstashClientOptions } from './shared-tier.ts';
import { fetchUpstream } from './upstream.ts';

interface DenoServeInfo {
  remoteAddr: { hostname: string };
}

declare const Deno: {
  env: { toObject(): Record<string, string> };
  exit(code: number): never;
  serve(
    options: {
      port: number;
      hostname: string;
      onListen?: (addr: { port: number; hostname: string }) => void;
    },
    handler: (request: Request, info: DenoServeInfo) => Response | Promise<Response>,
  ): { finished: Promise<void> };
};

const parsed = edgeSettingsFromEnv(Deno.env.toObject());
if (!parsed.ok) {
  console.error(`smartdb edge: ${parsed.message}`);
  Deno.exit(1);
}
const settings = parsed.settings;
const upstash = upstashClientOptions(settings);
const redis = upstash ? new Redis(upstash) : undefined;
const edge = createEdgeApp({
  settings,
  upstream: fetchUpstream(),
  ...(redis ? { redis } : {}),
  clientAddress: (c) => (c.env as DenoServeInfo | undefined)?.remoteAddr.hostname,
});
edge.start();
Deno.serve(
  {
    port: settings.PORT,
    hostname: settings.HOST,
    onListen: ({ hostname, port }) =>
      console.log(`smartdb edge (deno) listening on http://${hostname}:${port}`),
  },
  (request, info) => edge.app.fetch(request, info),
);
