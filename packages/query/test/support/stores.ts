/**
 * Test fixtures: registry entries learned from sample records with the registry's own learner, so
 * the query engine is tested on exactly what ingest would teach it, without running ingest.
 */
import { type Executor, records as recordsTable } from '@smartdb/db';
import { chooseTimeField, type FieldStats, learnRecord, type StoreEntry } from '@smartdb/registry';
import { v7 as uuidv7 } from 'uuid';
import { dataset } from './dataset.ts';

export interface SampleRecord {
  kind: string;
  data: Record<string, unknown>;
}

export function learnFields(records: Record<string, unknown>[]): Record<string, FieldStats> {
  const fields: Record<string, FieldStats> = {};
  for (const record of records) learnRecord(fields, record);
  return fields;
}

export function storeEntry(tenantId: string, id: string, records: Record<string, unknown>[]): StoreEntry {
  const fields = learnFields(records);
  const timeField = chooseTimeField(fields);
  return {
    tenantId,
    id,
    domain: id.replace(/-\d+$/, ''),
    tier: 'HOT',
    status: 'active',
    recordCount: records.length,
    accessCount: 0,
    lastAccessedAt: null,
    lastWriteAt: null,
    timeField,
    fields,
    indexes: [],
    version: 1,
    seq: 1,
  };
}

/** The public data set, and one store per kind named by `names` (kind → store id). */
export function sampleStores(
  tenantId: string,
  now: number,
  names: Record<string, string> = {},
): { records: SampleRecord[]; stores: StoreEntry[]; storeOf: (kind: string) => string } {
  const { records } = dataset.generate(now);
  const storeOf = (kind: string) => names[kind] ?? kind;
  const byKind = new Map<string, Record<string, unknown>[]>();
  for (const r of records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.data]);
  const stores = [...byKind].map(([kind, data]) => storeEntry(tenantId, storeOf(kind), data));
  return { records, stores, storeOf };
}

/** Writes the public data set straight into `records` for a tenant and returns its registry entries. */
export async function loadSample(db: Pick<Executor, 'insert'>, tenantId: string, at: number) {
  const sample = sampleStores(tenantId, at);
  const timeFieldOf = new Map(sample.stores.map((s) => [s.id, s.timeField]));
  const rows = sample.records.map((r) => {
    const mcpId = sample.storeOf(r.kind);
    const tf = timeFieldOf.get(mcpId);
    const ts = tf && typeof r.data[tf] === 'string' ? new Date(String(r.data[tf])) : new Date(at);
    // Time-ordered ids in data set order, as ingestion assigns them (sort ties fall back to them).
    return { id: uuidv7(), tenantId, mcpId, ts, data: r.data };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(recordsTable).values(rows.slice(i, i + 500));
  return sample;
}

/**
 * Writes one store's records straight into `records`, with time-ordered ids in the order given (so
 * sort ties fall back to it, as after ingestion) and `ts` read from `timeField`.
 */
export async function insertRecords(
  db: Pick<Executor, 'insert'>,
  tenantId: string,
  mcpId: string,
  records: Record<string, unknown>[],
  timeField: string,
): Promise<void> {
  const rows = records.map((data) => ({
    id: uuidv7(),
    tenantId,
    mcpId,
    ts: new Date(String(data[timeField])),
    data,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insert(recordsTable).values(rows.slice(i, i + 500));
}
