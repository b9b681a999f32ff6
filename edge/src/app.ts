// The edge as one Hono app, identical on Node, Deno and Workers: routing, health, retries, tiered
// cache, rate limits and the edge's own endpoints. The transport to regions is injected; this module
// must never import a runtime module (`node:*`, Deno, Workers globals) or read the environment.

import { MemoryStore, SwrCache, TieredStore, UpstashStore } from '@smartdb/cache';
import { ERROR_CODE_HEADER, isAppError, readRequestBytes } from '@smartdb/core';
import type { Redis } from '@upstash/redis';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { cacheValueOf, type Reply, replyOfCacheValue, requestCacheMode } from './cached-answer.ts';
import type { EdgeSettings } from './config.ts';
import { createEdgeMetrics, type EdgeMetrics } from './edge-metrics.ts';
import { EdgeError } from './errors.ts';
import { Generations } from './generations.ts';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.ts';
import { CallerIdentity, normalisedTarget } from './identity.ts';
import { Prober } from './prober.ts';
import { type ForwardRequest, RegionProxy } from './proxy.ts';
import { RateLimits } from './rate-limit.ts';
import { RegionPool } from './region-pool.ts';
import { RetryBudget } from './retry-budget.ts';
import { traceRegionCall } from './tracing.ts';
import type { Bytes, Upstream } from './upstream.ts';
import { WriteAffinity } from './write-affinity.ts';

export interface EdgeDeps {
  settings: EdgeSettings;
  upstream: Upstream;
  /** Upstash client for the shared cache tier, generations and rate limits; absent → in-memory only. */
  redis?: Redis;
  /** The peer address of the client connection, as the runtime reports it. */
  clientAddress?: (c: Context) => string | undefined;
  /**
   * Reads one request header (lower-case name). Defaults to the Web `Headers`; the Node entry reads
   * the parsed IncomingMessage instead, which spares building a Headers object on every cache hit.
   */
  header?: (c: Context, name: string) => string | undefined;
  now?: () => number;
  random?: () => number;
}

export interface Edge {
  app: Hono<EdgeEnv>;
  pool: RegionPool;
  prober: Prober;
  metrics: EdgeMetrics;
  /** Starts the probe timer (Node, Deno). Workers call `prober.probeDue()` per request instead. */
  start(): void;
  stop(): void;
}

type EdgeEnv = { Variables: { requestId: string } };
type CacheState = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const CACHE_HEADER = 'x-smartdb-cache';
const REGION_HEADER = 'x-smartdb-region';

function replyResponse(reply: Reply, state: CacheState, method: string, requestId: string): Response {
  const own = { [CACHE_HEADER]: state, [REGION_HEADER]: reply.region, 'x-request-id': requestId };
  let headers = clientResponseHeaders(reply.headers);
  if (headers instanceof Headers) for (const [name, value] of Object.entries(own)) headers.set(name, value);
  else headers = Object.assign(headers, own);
  const noBody = method === 'HEAD' || reply.status === 204 || reply.status === 304;
  return new Response(noBody ? null : reply.body, { status: reply.status, headers });
}

export function createEdgeApp(deps: EdgeDeps): Edge {
  const { settings, upstream } = deps;
  const now = deps.now ?? Date.now;
  let pool: RegionPool;
  const metrics = createEdgeMetrics(() => pool);
  pool = new RegionPool(settings, {
    ...(deps.random ? { random: deps.random } : {}),
    onEject: (region) => metrics.ejections.inc({ region }),
  });
  const prober = new Prober(pool, upstream, {
    path: settings.SMARTDB_EDGE_PROBE_PATH,
    intervalMs: settings.SMARTDB_EDGE_PROBE_INTERVAL_MS,
    timeoutMs: settings.SMARTDB_EDGE_PROBE_TIMEOUT_MS,
    now,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const proxy = new RegionProxy({
    pool,
    upstream,
    budget: new RetryBudget(
      settings.SMARTDB_EDGE_RETRY_RATIO,
      settings.SMARTDB_EDGE_RETRY_MIN_PER_SECOND,
      now,
    ),
    metrics,
    timeoutMs: settings.SMARTDB_EDGE_UPSTREAM_TIMEOUT_MS,
    now,
  });
  const identity = new CallerIdentity();
  const affinity =
    settings.SMARTDB_EDGE_WRITE_AFFINITY_MS > 0
      ? new WriteAffinity(settings.SMARTDB_EDGE_WRITE_AFFINITY_MS)
      : undefined;
  const sharedError = (tier: string, op: string) => () => metrics.cacheErrors.inc({ tier, op });
  const generations = new Generations({
    ...(deps.redis ? { redis: deps.redis } : {}),
    ttlMs: settings.SMARTDB_EDGE_GENERATION_TTL_MS,
    now,
    onError: sharedError('upstash', 'generation'),
  });
  const rateLimits =
    settings.SMARTDB_EDGE_RATE_LIMIT_RPS > 0
      ? new RateLimits({
          ratePerSecond: settings.SMARTDB_EDGE_RATE_LIMIT_RPS,
          burst: settings.SMARTDB_EDGE_RATE_LIMIT_BURST,
          ...(deps.redis ? { redis: deps.redis } : {}),
          now,
          onError: sharedError('upstash', 'ratelimit'),
        })
      : undefined;
  const cache = settings.SMARTDB_EDGE_CACHE
    ? new SwrCache<string>(
        new TieredStore<string>(
          [
            new MemoryStore({
              maxEntries: settings.SMARTDB_EDGE_CACHE_MAX_ENTRIES,
              maxBytes: settings.SMARTDB_EDGE_CACHE_MAX_MB * 1024 * 1024,
              now,
            }),
            ...(deps.redis ? [new UpstashStore(deps.redis, { prefix: 'smartdb:edge:', now })] : []),
          ],
          (tier, op) => metrics.cacheErrors.inc({ tier, op }),
        ),
        {
          freshMs: settings.SMARTDB_EDGE_CACHE_FRESH_MS,
          staleMs: settings.SMARTDB_EDGE_CACHE_STALE_MS,
          now,
          onError: sharedError('origin', 'revalidate'),
        },
      )
    : undefined;

  const app = new Hono<EdgeEnv>();

  const header = deps.header ?? ((c: Context, name: string) => c.req.raw.headers.get(name) ?? undefined);
  const requestIdOf = (c: Context<EdgeEnv>) => {
    const given = header(c, 'x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', requestId);
    return requestId;
  };
  // Responses are counted where they are built, and carry their headers as plain objects: a
  // middleware touching `c.res` afterwards would push the Node adapter off its fast path.
  const statusCounters = new Map<number, () => void>();
  const counted = (response: Response): Response => {
    let inc = statusCounters.get(response.status);
    if (inc === undefined) {
      inc = metrics.requests.bind({ status: String(response.status) });
      statusCounters.set(response.status, inc);
    }
    inc();
    return response;
  };
  const cacheCounters = new Map<string, () => void>();
  const countCache = (result: string, tier: string) => {
    const name = `${result}:${tier}`;
    let inc = cacheCounters.get(name);
    if (inc === undefined) {
      inc = metrics.cache.bind({ result, tier });
      cacheCounters.set(name, inc);
    }
    inc();
  };

  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? requestIdOf(c);
    if (isAppError(error)) {
      return counted(
        c.json(error.toBody(), error.status as ContentfulStatusCode, {
          'x-request-id': requestId,
          [ERROR_CODE_HEADER]: error.code,
        }),
      );
    }
    const known =
      error instanceof EdgeError
        ? error
        : new EdgeError(500, 'INTERNAL', 'The edge failed to handle this request.');
    if (!(error instanceof EdgeError)) console.error('edge: unhandled error', error);
    if (known.code === 'RATE_LIMITED') metrics.rateLimited.inc();
    return counted(
      c.json(known.toBody(), known.status, {
        ...known.headers,
        'x-request-id': requestId,
        [ERROR_CODE_HEADER]: known.code,
      }),
    );
  });

  const own = (c: Context<EdgeEnv>, respond: () => Response) => {
    c.header('x-request-id', requestIdOf(c));
    return counted(respond());
  };
  app.get('/health', (c) => own(c, () => c.json({ status: 'ok', role: 'edge' })));
  app.get('/ready', (c) =>
    own(c, () =>
      pool.ready()
        ? c.json({
            status: 'ready',
            regions: pool
              .snapshot(now())
              .filter((r) => !r.ejected)
              .map((r) => r.name),
          })
        : c.json(new EdgeError(503, 'NO_HEALTHY_REGION', 'No region is ready.').toBody(), 503),
    ),
  );
  app.get('/metrics', (c) =>
    own(c, () =>
      c.text(metrics.registry.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
    ),
  );
  app.get('/edge/regions', (c) => own(c, () => c.json(pool.snapshot(now()))));

  app.all('*', async (c) => {
    const raw = c.req.raw;
    const method = raw.method;
    const requestId = requestIdOf(c);
    const authorization = header(c, 'authorization');
    const caller = authorization === undefined ? undefined : await identity.of(authorization);
    if (rateLimits !== undefined) {
      const decision = await rateLimits.check(caller ?? `addr:${deps.clientAddress?.(c) ?? 'unknown'}`);
      if (!decision.ok) {
        throw new EdgeError(429, 'RATE_LIMITED', 'Too many requests for this key; slow down.', {
          details: { retryAfterSeconds: decision.retryAfterSeconds },
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        });
      }
    }
    const target = normalisedTarget(raw.url);
    const cacheable =
      cache !== undefined && caller !== undefined && method === 'GET' && target.startsWith('/v1/');
    const mode = cacheable ? requestCacheMode(header(c, 'cache-control'), header(c, 'pragma')) : 'skip';
    let key = '';
    if (cacheable) {
      const generation = generations.current(caller);
      key = `${caller}:${typeof generation === 'number' ? generation : await generation}:${target}`;
      // The hot path: a fresh in-process hit is answered before anything else is built.
      const hit = mode === 'use' ? cache.fresh(key) : undefined;
      if (hit !== undefined) {
        countCache('hit', 'memory');
        return counted(replyResponse(replyOfCacheValue(hit), 'HIT', method, requestId));
      }
    }
    // Buffered (bounded) so an idempotent request can be replayed on the next region.
    const body =
      method === 'GET' || method === 'HEAD'
        ? undefined
        : ((await readRequestBytes(raw, settings.SMARTDB_EDGE_MAX_BODY_BYTES)) as Bytes);
    const forwardRequest = (inject: (headers: Record<string, string>) => void): ForwardRequest => {
      const headers = upstreamRequestHeaders(raw.headers, {
        clientAddress: deps.clientAddress?.(c),
        proto: raw.url.startsWith('https:') ? 'https' : 'http',
        host: header(c, 'host'),
        requestId,
      });
      inject(headers);
      return {
        method,
        path: target,
        headers,
        body,
        idempotent: IDEMPOTENT_METHODS.has(method) || header(c, 'idempotency-key') !== undefined,
        hints: {
          region: header(c, REGION_HEADER) ?? affinity?.regionOf(caller),
          country: header(c, 'cf-ipcountry'),
        },
      };
    };
    const forward = () =>
      traceRegionCall(raw.headers, `edge ${method}`, (inject) => proxy.forward(forwardRequest(inject)));
    const respond = (reply: Reply, state: CacheState) =>
      counted(replyResponse(reply, state, method, requestId));

    if (!cacheable || cache === undefined || caller === undefined) {
      const answer = await forward();
      if (
        caller !== undefined &&
        !IDEMPOTENT_METHODS.has(method) &&
        answer.status < 400 &&
        !target.startsWith('/v1/query')
      ) {
        await generations.bump(caller);
        affinity?.wrote(caller, answer.region);
      }
      return respond(answer, 'BYPASS');
    }

    const load = async () => {
      const answer = await forward();
      const value = cacheValueOf(answer);
      return value === undefined ? { result: answer as Reply } : { result: answer as Reply, value };
    };
    if (mode !== 'use') {
      countCache('bypass', 'none');
      if (mode === 'skip') return respond(await forward(), 'BYPASS');
      try {
        return respond(await cache.refresh(key, load), 'BYPASS');
      } catch (error) {
        const stale = await cache.peek(key);
        if (stale === undefined) throw error;
        countCache('stale', 'if-error');
        return respond(replyOfCacheValue(stale.value), 'STALE');
      }
    }
    const answer = await cache.swr(key, load, replyOfCacheValue);
    countCache(answer.state, answer.tier ?? 'none');
    return respond(
      answer.result,
      answer.state === 'hit' ? 'HIT' : answer.state === 'stale' ? 'STALE' : 'MISS',
    );
  });

  return {
    app,
    pool,
    prober,
    metrics,
    start: () => prober.start(),
    stop: () => prober.stop(),
  };
}
