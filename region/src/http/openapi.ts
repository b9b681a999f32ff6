/** Shared pieces of route definitions: the error responses every authenticated route can give. */
import { errorSchema } from '@smartdb/core';

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
