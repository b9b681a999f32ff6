/**
 * The public view of a store (`GET /v1/mcps`): learned fields as a list, nested ones by their dotted
 * names with their paths, dictionaries trimmed; a field holding arrays shows what their elements
 * hold (`items`), and object elements the fields inside them, listed the same way.
 */
import { flattenFields, mainType } from './learn.ts';
import type { FieldStats, StoreEntry } from './types.ts';

/** Values shown per field; the full dictionary stays internal. */
const SHOWN_VALUES = 20;

export function storeView(store: StoreEntry) {
  return {
    id: store.id,
    domain: store.domain,
    tier: store.tier,
    status: store.status,
    recordCount: store.recordCount,
    accessCount: store.accessCount,
    lastAccessedAt: store.lastAccessedAt,
    lastWriteAt: store.lastWriteAt,
    timeField: store.timeField,
    version: store.version,
    fields: fieldList(store.fields),
    indexes: store.indexes,
  };
}

/** Learned fields as the view lists them: most frequent first, nested ones by their dotted names. */
function fieldList(fields: Record<string, FieldStats>) {
  return Object.values(flattenFields(fields))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((f) => ({
      name: f.name,
      ...(f.path ? { path: f.path } : {}),
      ...valuesView(f),
      ...(f.items
        ? {
            items: {
              ...valuesView(f.items),
              ...(f.items.fields ? { fields: elementFields(f.items.fields) } : {}),
            },
          }
        : {}),
    }));
}

/** The fields inside object elements: as a record's, without a further level of elements. */
function elementFields(fields: Record<string, FieldStats>) {
  return Object.values(flattenFields(fields))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((f) => ({ name: f.name, ...(f.path ? { path: f.path } : {}), ...valuesView(f) }));
}

/** A field's (or elements') main type, count, and its dictionary when it has few values. */
function valuesView(f: FieldStats) {
  // Most frequent first; equal counts by value, so the view does not depend on the order values
  // were learned in (a region that reloads the registry reads dictionaries back in jsonb's order).
  const values = f.values
    ? Object.entries(f.values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    : [];
  const lowCardinality = !f.overflow && values.length > 0 && values.length <= Math.max(10, f.count / 4);
  return {
    type: mainType(f),
    count: f.count,
    ...(f.values && !f.overflow ? { distinct: values.length } : {}),
    ...(lowCardinality ? { values: values.slice(0, SHOWN_VALUES).map(([v]) => v) } : {}),
  };
}
