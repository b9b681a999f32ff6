/**
 * The stores as the question engine reads them: a store whose object-valued fields had their inner
 * fields learned is seen with each of them beside its own fields, named by its dotted path and
 * carrying the path (`customer.country`, path ['customer', 'country']; registry `flattenFields`).
 * One view per registry entry, remade when the entry moves on (a write bumps its version, a registry
 * change its seq, an entry may also be replaced or changed in place), so a question does not
 * flatten every store again. A store with nothing nested is its own view. It never changes an entry.
 */
import { type FieldStats, fieldStats, flattenFields, type StoreEntry } from '@smartdb/registry';

interface HeldView {
  version: number;
  seq: number;
  fields: Record<string, FieldStats>;
  view: StoreEntry;
}

const views = new WeakMap<StoreEntry, HeldView>();
/** Views made here: a view handed in again is read as it is. */
const made = new WeakSet<StoreEntry>();

/** Whether a view still shows the entry's members other than its fields (tier, indexes, counters). */
function sameMembers(view: StoreEntry, store: StoreEntry): boolean {
  for (const key of Object.keys(store) as (keyof StoreEntry)[]) {
    if (key !== 'fields' && view[key] !== store[key]) return false;
  }
  return true;
}

/** The store as the engine reads it: its fields flattened (the store itself when nothing is nested). */
export function queryView(store: StoreEntry): StoreEntry {
  if (made.has(store)) return store;
  const held = views.get(store);
  if (
    held &&
    held.version === store.version &&
    held.seq === store.seq &&
    held.fields === store.fields &&
    (held.view === store || sameMembers(held.view, store))
  )
    return held.view;
  const fields = flattenFields(store.fields);
  const view = fields === store.fields ? store : { ...store, fields };
  if (view !== store) made.add(view);
  views.set(store, { version: store.version, seq: store.seq, fields: store.fields, view });
  return view;
}

export function queryViews(stores: StoreEntry[]): StoreEntry[] {
  let changed = false;
  const out = stores.map((s) => {
    const view = queryView(s);
    if (view !== s) changed = true;
    return view;
  });
  return changed ? out : stores;
}

/** The keys from the record down to a nested field of a view; undefined for a record's own key. */
export function pathOf(store: StoreEntry, name: string): string[] | undefined {
  return fieldStats(store.fields, name)?.path;
}

/**
 * The nested fields of a view inside the objects `field` holds (a record's own field or a nested
 * one), by their paths; with `direct`, only those one key below it.
 */
export function fieldsInside(store: StoreEntry, field: string, direct = false): FieldStats[] {
  const outer = pathOf(store, field) ?? [field];
  return Object.values(store.fields).filter((f) => {
    const path = f.path;
    if (!path || (direct ? path.length !== outer.length + 1 : path.length <= outer.length)) return false;
    return outer.every((key, n) => path[n] === key);
  });
}

/**
 * A nested field's path as a text[] literal: plan.ts binds it as a parameter, packages/tiering
 * writes it into an automatic index's expression. Each key is quoted, so a comma, a brace or a
 * quote in a key stays in the key.
 */
export function pathText(path: string[]): string {
  return `{${path.map((key) => `"${key.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
