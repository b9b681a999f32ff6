/** Registry tests' shared steps: learning records into fields, and classifying as RAG₁ does. */
import {
  type Classification,
  classifyRecord,
  emptyStore,
  type FieldStats,
  learnRecord,
  type StoreEntry,
} from '../../src/index.ts';

/** The fields learned from `records`, in order. */
export function learned(records: Record<string, unknown>[]): Record<string, FieldStats> {
  const fields: Record<string, FieldStats> = {};
  for (const r of records) learnRecord(fields, r);
  return fields;
}

/**
 * Classifies `record` against `stores`, creating the store it starts (pushed onto `stores`) and
 * learning it into the store it joins, as ingest does; returns the classification and the store.
 */
export function classifyInto(
  record: Record<string, unknown>,
  stores: StoreEntry[],
): { classification: Classification; store: StoreEntry } {
  const classification = classifyRecord(record, stores);
  let store = stores.find((s) => s.id === classification.storeId);
  if (!store) {
    store = emptyStore('t', classification.storeId, classification.domain, 0);
    stores.push(store);
  }
  learnRecord(store.fields, record);
  store.recordCount += 1;
  return { classification, store };
}

/** A store of `domain` as an earlier version left it: `records` learned into it. */
export function storeOf(id: string, domain: string, records: Record<string, unknown>[]): StoreEntry {
  const store = emptyStore('t', id, domain, 0);
  for (const r of records) {
    learnRecord(store.fields, r);
    store.recordCount += 1;
  }
  return store;
}
