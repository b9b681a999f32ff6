/**
 * The region's HTTP app: a thin adapter over the services. Routes parse input, call one service
 * function and shape the response; every error goes through one handler.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '@smartdb/core';
import type { Context, Next } from 'hono';
import { adminRoutes } from './admin/routes.tsx';
import { type AuthEnv, authenticate } from './http/auth.ts';
import { limitBody } from './http/body-limit.ts';
import { errorResponse, routeNotFound, toAppError } from './http/errors.ts';
import { bodyMediaType } from './http/media-type.ts';
import { stampResponse } from './http/response-headers.ts';
import { modelContextRoutes } from './mcp/endpoint.ts';
import { metricsRoute, observeRequests } from './observability/http.ts';
import { keyRoutes } from './routes/keys.ts';
import { mcpRoutes } from './routes/mcps.ts';
import { queryRoutes } from './routes/query.ts';
import { recordRoutes } from './routes/records.ts';
import { systemRoutes } from './routes/system.ts';
import type { RegionServices } from './services.ts';

/** Control bodies (keys, stores, questions) are small; ingest has its own, larger limit. */
const controlBodyLimit = limitBody(64 * 1024, 'control bodies');

/**
 * A POST to /v1 sends its body uncompressed (no route decodes a Content-Encoding: gzip bytes would
 * otherwise be refused as malformed JSON or as NDJSON lines); other than ingest, a small JSON body.
 * Everything else goes straight on.
 */
function controlBodies(c: Context<AuthEnv>, next: Next): Promise<void> {
  if (c.req.method !== 'POST') return next();
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'a Content-Encoding is not supported; send the body uncompressed',
    );
  }
  if (c.req.path === '/v1/ingest') return next();
  const type = bodyMediaType(c.req.header('content-type'));
  if (type !== 'application/json') {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
  }
  return controlBodyLimit(c, next) as Promise<void>;
}

export function createRegionApp(services: RegionServices): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new AppError(400, 'VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid request'}`, {
          details: result.error.issues
            .slice(0, 10)
            .map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  // What every request passes through is one middleware layer, and the /v1 gate below another: each
  // layer is an async hop per request (three empty middlewares cost a bare Hono handler 6–11 µs of
  // CPU per single-record POST on a 2-core machine), so steps are composed as calls, not as layers.
  const observe = observeRequests(services.observability);
  app.use((c, next) => {
    stampResponse(c, services.settings.REGION);
    return observe(c, next);
  });
  app.onError((err, c) => errorResponse(c, toAppError(err)));
  app.notFound(routeNotFound(app));

  systemRoutes(app, services);
  metricsRoute(app, services.observability);
  adminRoutes(app, services);
  modelContextRoutes(app, services);

  const authenticated = authenticate(services.keys);
  app.use('/v1/*', (c, next) => authenticated(c, () => controlBodies(c, next)));

  keyRoutes(app, services);
  recordRoutes(app, services);
  mcpRoutes(app, services);
  queryRoutes(app, services);
  return app;
}
