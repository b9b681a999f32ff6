/** Shared pieces of route definitions: the error responses every authenticated route can give. */
import { errorSchema } from '@smartdb/core';
import type { Context, TypedResponse } from 'hono';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

export const errorResponses = {
  400: error('Bad request'),
  401: error('Missing, unknown or revoked key'),
  403: error('The key lacks the role'),
  404: error('Not found'),
  422: error('Understood but refused'),
  503: error('The database is unavailable; retry'),
} as const;

export const security = [{ bearer: [] as string[] }];

/**
 * A JSON body that is already text (a cached answer spliced into its response), typed as the JSON
 * response the route declares: the OpenAPI document and the handler's type stay those of `c.json`.
 */
export function jsonText<T>(c: Context, text: string): TypedResponse<T, 200, 'json'> {
  return c.body(text, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<
    T,
    200,
    'json'
  >;
}
