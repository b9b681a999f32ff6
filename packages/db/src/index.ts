export * from './database.ts';
export * from './errors.ts';
export * from './locks.ts';
export * as schema from './schema.ts';
export { apiKeys, idempotencyKeys, mcps, records, recordsCold, registrySeq, tenants } from './schema.ts';
