export * from './database.ts';
export * from './errors.ts';
export * as schema from './schema.ts';
export { apiKeys, idempotencyKeys, mcps, records, recordsCold, registrySeq, tenants } from './schema.ts';
