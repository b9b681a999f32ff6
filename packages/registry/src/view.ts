/**
 * The public view of a store (`GET /v1/mcps`): learned fields as a list, nested ones by their dotted
 * names with their paths, dictionaries trimmed.
 */
import { flattenFields, mainType } from './learn.ts';
import type { StoreEntry } from './types.ts';

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
    fields: Object.values(flattenFields(store.fields))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .map((f) => {
        // Most frequent first; equal counts by value, so the view does not depend on the order values
        // were learned in (a region that reloads the registry reads dictionaries back in jsonb's order).
        const values = f.values
          ? Object.entries(f.values).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          : [];
        const lowCardinality = !f.overflow && values.length > 0 && values.length <= Math.max(10, f.count / 4);
        return {
          name: f.name,
          ...(f.path ? { path: f.path } : {}),
          type: mainType(f),
          count: f.count,
          ...(f.values && !f.overflow ? { distinct: values.length } : {}),
          ...(lowCardinality ? { values: values.slice(0, SHOWN_VALUES).map(([v]) => v) } : {}),
        };
      }),
    indexes: store.indexes,
  };
}
