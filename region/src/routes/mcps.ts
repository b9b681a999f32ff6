/** The registry over HTTP: list, read, discover (in-memory) and create stores. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AppError,
  createMcpSchema,
  discoverQuerySchema,
  idParamSchema,
  mcpListSchema,
  mcpSchema,
  setTierSchema,
} from '@smartdb/core';
import { tooManyStores } from '@smartdb/ingest';
import { createStore, storeView } from '@smartdb/registry';
import { type AuthEnv, principalOf } from '../http/auth.ts';
import { errorResponses, security } from '../http/openapi.ts';
import type { RegionServices } from '../services.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const list = createRoute({
  method: 'get',
  path: '/v1/mcps',
  summary: "The tenant's stores with tier, counts and learned fields",
  security,
  // The whole list, never a page: a `limit` or `cursor` is refused rather than silently ignored.
  request: { query: z.object({}).strict() },
  responses: { 200: json(mcpListSchema, 'Stores'), ...errorResponses },
});

const discover = createRoute({
  method: 'get',
  path: '/v1/mcps/discover',
  summary: 'Find stores by domain, tier or field, from the in-memory registry',
  security,
  request: { query: discoverQuerySchema },
  responses: { 200: json(mcpListSchema, 'Matching stores'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/v1/mcps/{id}',
  summary: 'One store',
  security,
  request: { params: idParamSchema },
  responses: { 200: json(mcpSchema, 'The store'), ...errorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/v1/mcps',
  summary: 'Create a store explicitly (admin)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: createMcpSchema } } } },
  responses: { 201: json(mcpSchema, 'Created'), 409: errorResponses[422], ...errorResponses },
});

const setTier = createRoute({
  method: 'post',
  path: '/v1/mcps/{id}/tier',
  summary: 'Move a store to another tier (admin); records move in the background while status is migrating',
  security,
  request: {
    params: idParamSchema,
    body: { required: true, content: { 'application/json': { schema: setTierSchema } } },
  },
  responses: {
    200: json(mcpSchema, 'Already in that tier, or moved at once (HOT and WARM share a table)'),
    202: json(mcpSchema, 'Migration started or under way; the store reads as migrating until it ends'),
    409: errorResponses[422],
    ...errorResponses,
  },
});

export function mcpRoutes(app: OpenAPIHono<AuthEnv>, services: RegionServices): void {
  const { registry } = services;
  app.openapi(list, (c) => {
    const { tenantId } = principalOf(c, 'read');
    return c.json({ mcps: registry.list(tenantId).map(storeView) }, 200);
  });
  app.openapi(discover, (c) => {
    const { tenantId } = principalOf(c, 'read');
    return c.json({ mcps: registry.discover(tenantId, c.req.valid('query')).map(storeView) }, 200);
  });
  app.openapi(read, (c) => {
    const { tenantId } = principalOf(c, 'read');
    const id = c.req.valid('param').id;
    const store = registry.get(tenantId, id);
    if (!store) throw new AppError(404, 'NOT_FOUND', `no store ${id}`);
    return c.json(storeView(store), 200);
  });
  app.openapi(create, async (c) => {
    const { tenantId } = principalOf(c, 'admin');
    // The allowance ingest keeps (MAX_STORES_PER_TENANT) holds for stores created by hand too.
    const held = registry.list(tenantId).length;
    const max = services.settings.MAX_STORES_PER_TENANT;
    if (held >= max) throw tooManyStores(held, max);
    const store = await createStore(services.database.db, registry, tenantId, c.req.valid('json'));
    return c.json(storeView(store), 201);
  });
  app.openapi(setTier, async (c) => {
    const { tenantId } = principalOf(c, 'admin');
    const { store, migrating } = await services.tiering.setTier(
      tenantId,
      c.req.valid('param').id,
      c.req.valid('json').tier,
    );
    return c.json(storeView(store), migrating ? 202 : 200);
  });
}
