/** POST /v1/keys and DELETE /v1/keys/:id — thin adapters over KeyStore. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { createdKeySchema, createKeySchema, idParamSchema } from '@smartdb/core';
import { type AuthEnv, principalOf } from '../http/auth.ts';
import { errorResponses, security } from '../http/openapi.ts';
import type { RegionServices } from '../services.ts';

const createKey = createRoute({
  method: 'post',
  path: '/v1/keys',
  summary: 'Create an API key for a tenant (root key, or an admin key for its own tenant)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createKeySchema } } } },
  responses: {
    201: {
      description: 'The key, shown once',
      content: { 'application/json': { schema: createdKeySchema } },
    },
    ...errorResponses,
  },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  summary: 'Revoke a key; it stops working in every region within 5 s',
  security,
  request: { params: idParamSchema },
  responses: { 204: { description: 'Revoked' }, ...errorResponses },
});

export function keyRoutes(app: OpenAPIHono<AuthEnv>, services: RegionServices): void {
  app.openapi(createKey, async (c) => {
    const principal = principalOf(c, 'admin');
    const created = await services.keys.create(principal, c.req.valid('json'));
    return c.json(created, 201);
  });
  app.openapi(revokeKey, async (c) => {
    await services.keys.revoke(principalOf(c, 'admin'), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
