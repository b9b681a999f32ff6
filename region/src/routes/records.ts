/** POST /v1/ingest, GET and DELETE /v1/records/:id — thin adapters over the ingest package. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sha256Hex } from '@smartdb/auth';
import {
  AppError,
  decodeUtf8,
  idParamSchema,
  ingestResultSchema,
  parseJson,
  readRequestBytes,
  recordSchema,
} from '@smartdb/core';
import { deleteRecord, getRecord, ndjsonAnswer } from '@smartdb/ingest';
import { type AuthEnv, principalOf } from '../http/auth.ts';
import { bodyMediaType } from '../http/media-type.ts';
import { errorResponses, security } from '../http/openapi.ts';
import type { RegionServices } from '../services.ts';

const ingest = createRoute({
  method: 'post',
  path: '/v1/ingest',
  summary: 'Ingest records: one JSON object, a JSON array (atomic, ≤ 10,000) or NDJSON (streamed)',
  description:
    '201 means committed and visible to queries in this region. A JSON array is all-or-nothing; NDJSON stores the good lines and reports bad ones by line number. `Idempotency-Key` makes a JSON request safe to retry.',
  security,
  request: {
    query: z.object({ domain: z.string().max(64).optional() }),
    headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]),
        },
        'application/x-ndjson': { schema: z.string() },
      },
    },
  },
  responses: {
    201: { description: 'Committed', content: { 'application/json': { schema: ingestResultSchema } } },
    413: errorResponses[400],
    415: errorResponses[400],
    ...errorResponses,
  },
});

const readRecord = createRoute({
  method: 'get',
  path: '/v1/records/{id}',
  summary: 'Read one record',
  security,
  request: { params: idParamSchema },
  responses: {
    200: { description: 'The record', content: { 'application/json': { schema: recordSchema } } },
    ...errorResponses,
  },
});

const removeRecord = createRoute({
  method: 'delete',
  path: '/v1/records/{id}',
  summary: 'Delete one record',
  security,
  request: { params: idParamSchema },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

/**
 * `?domain=` given once, or nothing. Another parameter (a misspelt `domian`) or a second domain is
 * refused, as /v1/query and /v1/mcps/discover refuse theirs, rather than ingesting without the hint.
 */
function domainHintOf(query: Record<string, string[]>): string | null {
  for (const [name, values] of Object.entries(query)) {
    if (name !== 'domain') {
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        `unknown query parameter ${JSON.stringify(name.slice(0, 64))}; only domain is accepted`,
      );
    }
    if (values.length > 1) throw new AppError(400, 'VALIDATION_FAILED', 'give domain once');
  }
  return query.domain?.[0] || null;
}

export function recordRoutes(app: OpenAPIHono<AuthEnv>, services: RegionServices): void {
  // Registered as a plain route: the body is read by hand (streamed NDJSON, byte limits, strict UTF-8),
  // and the route definition above documents it.
  app.openAPIRegistry.registerPath(ingest);
  app.post('/v1/ingest', async (c) => {
    const principal = principalOf(c, 'write');
    const domainHint = domainHintOf(c.req.url.includes('?') ? c.req.queries() : {});
    if (domainHint !== null && !/^[A-Za-z][A-Za-z0-9 _-]{0,63}$/.test(domainHint)) {
      throw new AppError(400, 'BAD_REQUEST', 'domain must be a word of letters, digits, _ or -');
    }
    const idempotencyKey = c.req.header('idempotency-key') ?? null;
    const type = bodyMediaType(c.req.header('content-type'));
    if (type === 'application/x-ndjson') {
      if (idempotencyKey) {
        throw new AppError(
          400,
          'BAD_REQUEST',
          'Idempotency-Key is supported on JSON bodies; send the batch as a JSON array',
        );
      }
      if (!c.req.raw.body) throw new AppError(400, 'INVALID_JSON', 'the body is empty');
      const result = await services.ingest.ingestNdjson(principal.tenantId, c.req.raw.body, { domainHint });
      if (result.ingested === 0 && result.errors?.length) {
        throw new AppError(422, 'INVALID_RECORD', 'no line of the NDJSON body could be stored', {
          details: { errors: result.errors.slice(0, 100) },
        });
      }
      return c.body(ndjsonAnswer(result), 201, { 'content-type': 'application/json' });
    }
    if (type !== 'application/json') {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json or application/x-ndjson');
    }
    const text = decodeUtf8(await readRequestBytes(c.req.raw));
    if (text.trim() === '') throw new AppError(400, 'INVALID_JSON', 'the body is empty');
    const body = parseJson(text);
    const requestHash = idempotencyKey ? sha256Hex(`${domainHint ?? ''}\n${text}`) : undefined;
    const result = await services.ingest.ingestRecords(principal.tenantId, body, {
      domainHint,
      idempotencyKey,
      requestHash,
      json: text,
    });
    return c.json(result, 201);
  });

  app.openapi(readRecord, async (c) => {
    const principal = principalOf(c, 'read');
    const record = await getRecord(
      services.database.db,
      services.registry,
      principal.tenantId,
      c.req.valid('param').id,
    );
    return c.json(record, 200);
  });

  app.openapi(removeRecord, async (c) => {
    const principal = principalOf(c, 'write');
    await deleteRecord(services.database.db, services.registry, principal.tenantId, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
