/** GET/POST /v1/query and GET /v1/query/explain — thin adapters over RAG₂. */
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { queryExplanationSchema, queryInputSchema, queryResponseSchema } from '@smartdb/core';
import type { Context } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { type AuthEnv, principalOf } from '../http/auth.ts';
import { errorResponses, jsonText, security } from '../http/openapi.ts';
import type { RegionServices } from '../services.ts';

const answered = {
  description: 'The answer, computed from PostgreSQL or served from the answer cache',
  content: { 'application/json': { schema: queryResponseSchema } },
};

const ask = createRoute({
  method: 'get',
  path: '/v1/query',
  summary: 'Ask a question in plain English',
  description:
    'Interprets the question against what the registry learned (stores, fields, values, time fields), runs it as parameterised SQL and returns the matches (`rows`), a single aggregate (`value`) or grouped aggregates (`groups`). `count` is always the number of matching records.',
  security,
  request: { query: queryInputSchema },
  responses: { 200: answered, ...errorResponses },
});

const askPost = createRoute({
  method: 'post',
  path: '/v1/query',
  summary: 'Ask a question in plain English (body form)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: queryInputSchema } } } },
  responses: { 200: answered, ...errorResponses },
});

const explain = createRoute({
  method: 'get',
  path: '/v1/query/explain',
  summary: 'Show the interpretation, the plan and the SQL with its parameters; runs nothing',
  security,
  request: { query: queryInputSchema },
  responses: {
    200: {
      description: 'The explanation',
      content: { 'application/json': { schema: queryExplanationSchema } },
    },
    ...errorResponses,
  },
});

/** `Cache-Control: no-cache` (or no-store) asks for an answer computed now. */
function noCache(c: Context): boolean {
  return /\bno-(cache|store)\b/i.test(c.req.header('cache-control') ?? '');
}

export function queryRoutes(app: OpenAPIHono<AuthEnv>, services: RegionServices): void {
  app.openapi(ask, async (c) => {
    const { tenantId } = principalOf(c, 'read');
    const answered = await services.query.answer(tenantId, c.req.valid('query'), { fresh: noCache(c) });
    return jsonText<JSONParsed<z.infer<typeof queryResponseSchema>>>(c, answered.json());
  });
  app.openapi(askPost, async (c) => {
    const { tenantId } = principalOf(c, 'read');
    const answered = await services.query.answer(tenantId, c.req.valid('json'), { fresh: noCache(c) });
    return jsonText<JSONParsed<z.infer<typeof queryResponseSchema>>>(c, answered.json());
  });
  app.openapi(explain, (c) => {
    const { tenantId } = principalOf(c, 'read');
    return c.json(services.query.explain(tenantId, c.req.valid('query')), 200);
  });
}
