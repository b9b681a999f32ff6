/**
 * Single-record reads and deletes, scoped by tenant in SQL. A delete bumps the store's version so
 * cached answers that counted the record become unreachable.
 */
import { AppError } from '@smartdb/core';
import { type Database, isoTime, mcps, records, recordsCold } from '@smartdb/db';
import { type Registry, storeFromRow } from '@smartdb/registry';
import { and, eq, sql } from 'drizzle-orm';

export interface RecordView {
  id: string;
  mcp: string;
  domain: string;
  tier: string;
  ts: string;
  data: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(id: string): AppError {
  return new AppError(404, 'NOT_FOUND', `no record ${id}`);
}

export async function getRecord(
  db: Database,
  registry: Registry,
  tenantId: string,
  id: string,
): Promise<RecordView> {
  if (!UUID.test(id)) throw notFound(id);
  // A COLD store's records live in `records_cold` (packages/tiering); one statement reads both.
  const [row] = await db
    .select({ id: records.id, mcpId: records.mcpId, ts: isoTime(records.ts), data: records.data })
    .from(records)
    .where(and(eq(records.tenantId, tenantId), eq(records.id, id)))
    .unionAll(
      db
        .select({
          id: recordsCold.id,
          mcpId: recordsCold.mcpId,
          ts: isoTime(recordsCold.ts),
          data: recordsCold.data,
        })
        .from(recordsCold)
        .where(and(eq(recordsCold.tenantId, tenantId), eq(recordsCold.id, id))),
    );
  if (!row) throw notFound(id);
  const store = registry.get(tenantId, row.mcpId);
  return {
    id: row.id,
    mcp: row.mcpId,
    domain: store?.domain ?? row.mcpId,
    tier: store?.tier ?? 'HOT',
    ts: row.ts,
    data: row.data,
  };
}

export async function deleteRecord(
  db: Database,
  registry: Registry,
  tenantId: string,
  id: string,
): Promise<void> {
  if (!UUID.test(id)) throw notFound(id);
  const updated = await db.transaction(async (tx) => {
    const [hot] = await tx
      .delete(records)
      .where(and(eq(records.tenantId, tenantId), eq(records.id, id)))
      .returning({ mcpId: records.mcpId });
    const [cold] = hot
      ? []
      : await tx
          .delete(recordsCold)
          .where(and(eq(recordsCold.tenantId, tenantId), eq(recordsCold.id, id)))
          .returning({ mcpId: recordsCold.mcpId });
    const gone = hot ?? cold;
    if (!gone) return undefined;
    const [row] = await tx
      .update(mcps)
      .set({
        recordCount: sql`greatest(${mcps.recordCount} - 1, 0)`,
        version: sql`${mcps.version} + 1`,
        seq: sql`nextval('registry_seq')`,
        lastWriteAt: sql`now()`,
        updatedAt: sql`clock_timestamp()`,
      })
      .where(and(eq(mcps.tenantId, tenantId), eq(mcps.id, gone.mcpId)))
      .returning();
    return row;
  });
  if (!updated) throw notFound(id);
  registry.apply(storeFromRow(updated));
}
