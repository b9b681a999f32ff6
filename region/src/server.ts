/** Runs a region on Node: services + HTTP app behind @hono/node-server. */
import { serve } from '@hono/node-server';
import type { RegionSettings } from '@smartdb/core';
import { createRegionApp } from './app.ts';
import type { OpenDatabase } from './database.ts';
import { createRegionServices, type RegionServices } from './services.ts';

export interface RunningRegion {
  port: number;
  services: RegionServices;
  close(): Promise<void>;
}

export async function startRegion(
  settings: RegionSettings,
  options: { database?: OpenDatabase } = {},
): Promise<RunningRegion> {
  const services = await createRegionServices(settings, options);
  const app = createRegionApp(services);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  return {
    port,
    services,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
