/**
 * The region's HTTP app: a thin adapter over the services. Routes parse input, call one service
 * function and shape the response; every error goes through one handler.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '@smartdb/core';
import { adminRoutes } from './admin/routes.tsx';
import { type AuthEnv, authenticate } from './http/auth.ts';
import { limitBody } from './http/body-limit.ts';
import { errorResponse, notFound, toAppError } from './http/errors.ts';
import { responseHeaders } from './http/response-headers.ts';
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

  app.use(responseHeaders(services.settings.REGION));
  app.use(observeRequests(services.observability));
  app.onError((err, c) => errorResponse(c, toAppError(err)));
  app.notFound(notFound);

  systemRoutes(app, services);
  metricsRoute(app, services.observability);
  adminRoutes(app, services);
  modelContextRoutes(app, services);

  app.use('/v1/*', authenticate(services.keys));
  app.use('/v1/*', async (c, next) => {
    if (c.req.method === 'POST' && c.req.path !== '/v1/ingest') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
      }
      return controlBodyLimit(c, next);
    }
    await next();
  });

  keyRoutes(app, services);
  recordRoutes(app, services);
  mcpRoutes(app, services);
  queryRoutes(app, services);
  return app;
}
