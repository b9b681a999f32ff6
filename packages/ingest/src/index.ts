export * from './batch.ts';
export * from './commit.ts';
export * from './idempotency.ts';
export * from './ingest.ts';
export * from './members.ts';
export * from './records.ts';
