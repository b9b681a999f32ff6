/**
 * The PostgreSQL schema of record (drizzle). drizzle-kit generates `migrations/` from this file.
 * Every table that holds tenant data carries `tenant_id`, and every statement over it filters on it.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Bumped on every registry change; regions poll `seq > lastSeen` to stay in step. */
export const registrySeq = pgSequence('registry_seq');

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    role: text('role', { enum: ['read', 'write', 'admin'] }).notNull(),
    name: text('name'),
    /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
    hash: text('hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenantId)],
);

/** The MCP registry: one row per domain store. `fields` holds the learned schema (see FieldStats). */
export const mcps = pgTable(
  'mcps',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: text('id').notNull(),
    domain: text('domain').notNull(),
    tier: text('tier', { enum: ['HOT', 'WARM', 'COLD'] })
      .notNull()
      .default('HOT'),
    status: text('status', { enum: ['active', 'migrating'] })
      .notNull()
      .default('active'),
    recordCount: bigint('record_count', { mode: 'number' }).notNull().default(0),
    accessCount: bigint('access_count', { mode: 'number' }).notNull().default(0),
    lastAccessedAt: timestamp('last_accessed_at', { withTimezone: true }),
    lastWriteAt: timestamp('last_write_at', { withTimezone: true }),
    timeField: text('time_field'),
    /**
     * Set when the store learns a time field it had none of (records of a shape whose time was not
     * read as one, stored by an earlier version; or a time field first seen in later records): the
     * records stored before were stamped with the time they were ingested. Those with `ts` before
     * this instant have their time read again from the field by the tierer (packages/tiering
     * retime.ts), which clears it once every one was.
     */
    retimeBefore: timestamp('retime_before', { withTimezone: true }),
    fields: jsonb('fields').notNull().default(sql`'{}'::jsonb`),
    indexes: jsonb('indexes').notNull().default(sql`'[]'::jsonb`),
    /** Tiering: the tier a running migration moves the store to (null when `status` is active). */
    targetTier: text('target_tier', { enum: ['HOT', 'WARM', 'COLD'] }),
    /** Tiering: operator weight 0..100 in the score; 50 is neutral. */
    priority: integer('priority').notNull().default(50),
    /** Tiering: the last score computed and when the tier last changed (for the minimum dwell). */
    tierScore: integer('tier_score'),
    tierChangedAt: timestamp('tier_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Bumped on every write to the store's records; part of every query-cache key. */
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('registry_seq')`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('mcps_seq_idx').on(t.seq)],
);

/** The columns of a record, shared by `records` and `records_cold` so the tierer can move rows as they are. */
const recordColumns = () => ({
  id: uuid('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  mcpId: text('mcp_id').notNull(),
  /** The value of the store's learned time field, or the ingest time when the record has none. */
  ts: timestamp('ts', { withTimezone: true }).notNull(),
  data: jsonb('data').notNull(),
  ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
});

export const records = pgTable('records', recordColumns(), (t) => [
  index('records_store_ts_idx').on(t.tenantId, t.mcpId, t.ts.desc()),
  index('records_data_gin_idx').using('gin', sql`${t.data} jsonb_path_ops`),
]);

/**
 * Records of COLD stores, moved here by the tierer (packages/tiering): the same columns as `records`,
 * `data` compressed with lz4 where the server has it (see the migration), and only the store/time
 * index. New writes always land in `records`; queries over a COLD store read both tables.
 */
export const recordsCold = pgTable('records_cold', recordColumns(), (t) => [
  index('records_cold_store_ts_idx').on(t.tenantId, t.mcpId, t.ts.desc()),
]);

/**
 * Answers to requests made with an `Idempotency-Key`, written in the same transaction as the records
 * and kept for the region's IDEMPOTENCY_TTL_HOURS; expired rows are deleted by `created_at`.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);
