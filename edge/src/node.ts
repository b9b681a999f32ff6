// Node entry: serves the edge with @hono/node-server and talks to regions through one undici Pool
// per region (keep-alive, pooled; global fetch costs ~280 µs CPU per request). This file and the
// other runtime entries are the only places in edge/ allowed to use runtime modules.
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { Redis } from '@upstash/redis';
import { Pool } from 'undici';
import { createEdgeApp, type Edge } from './app.ts';
import type { EdgeSettings } from './config.ts';
import { upstashClientOptions } from './shared-tier.ts';
import { type Bytes, toUpstreamError, type Upstream } from './upstream.ts';

export interface NodeUpstream {
  upstream: Upstream;
  close(): Promise<void>;
}

/** One keep-alive pool per configured region; a URL that is not configured is refused. */
export function undiciUpstream(settings: EdgeSettings): NodeUpstream {
  const pools = new Map<string, { pool: Pool; basePath: string }>();
  for (const region of settings.SMARTDB_REGIONS) {
    const url = new URL(region.url);
    pools.set(region.url, {
      pool: new Pool(url.origin, {
        connections: 256,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout: settings.SMARTDB_EDGE_CONNECT_TIMEOUT_MS },
      }),
      basePath: url.pathname.replace(/\/+$/, ''),
    });
  }
  const upstream: Upstream = async (regionUrl, request) => {
    const target = pools.get(regionUrl);
    if (target === undefined) throw new Error(`not a configured region: ${regionUrl}`);
    try {
      const res = await target.pool.request({
        method: request.method as 'GET',
        path: target.basePath + request.path,
        headers: request.headers,
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      });
      const body = new Uint8Array(await res.body.arrayBuffer()) as Bytes;
      return { status: res.statusCode, headers: res.headers, body };
    } catch (error) {
      throw toUpstreamError(error);
    }
  };
  return {
    upstream,
    close: async () => {
      await Promise.all([...pools.values()].map(({ pool }) => pool.close()));
    },
  };
}

export interface RunningEdge {
  port: number;
  url: string;
  edge: Edge;
  close(): Promise<void>;
}

/** Starts the edge on settings.PORT (0 picks a free port) and begins probing regions at once. */
export async function startEdgeNode(settings: EdgeSettings): Promise<RunningEdge> {
  const transport = undiciUpstream(settings);
  const upstash = upstashClientOptions(settings);
  const redis = upstash ? new Redis(upstash) : undefined;
  const edge = createEdgeApp({
    settings,
    upstream: transport.upstream,
    ...(redis ? { redis } : {}),
    clientAddress: (c) => (c.env as HttpBindings).incoming.socket.remoteAddress,
    header: (c, name) => {
      const value = (c.env as HttpBindings).incoming.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: edge.app.fetch, port: settings.PORT, hostname: settings.HOST }, () =>
      resolve(s),
    );
  });
  edge.start();
  const { port } = server.address() as AddressInfo;
  const host = settings.HOST === '0.0.0.0' ? '127.0.0.1' : settings.HOST;
  return {
    port,
    url: `http://${host}:${port}`,
    edge,
    async close() {
      edge.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await transport.close();
    },
  };
}
