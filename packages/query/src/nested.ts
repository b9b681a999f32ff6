/**
 * The stores as the question engine reads them: a store whose object-valued fields had their inner
 * fields learned is seen with each of them beside its own fields, named by its dotted path and
 * carrying the path (`customer.country`, path ['customer', 'country']; registry `flattenFields`).
 * One view per registry entry, remade when the entry moves on (a write bumps its version, a registry
 * change its seq, an entry may also be replaced or changed in place), so a question does not
 * flatten every store again. A store with nothing nested is its own view. It never changes an entry.
 * A field holding arrays whose elements were learned (`FieldStats.items`) is seen by its elements:
 * a list of scalars (`tags: ["ai", "db"]`) as a field holding those values, a list of objects
 * (`items: [{sku, price}]`) as a field per key inside the elements (`items.sku`, with the path
 * ['items', 'sku']), so values, groupings and words name them as they name any field; `elementOf`
 * says which fields are read inside elements, and plan.ts reads them there, never by their path.
 */
import { type FieldStats, fieldStats, flattenFields, type StoreEntry } from '@smartdb/registry';

/** Of a field read inside array elements: the keys from the record down to the array, then inside one element. */
export interface ElementPath {
  array: string[];
  inner: string[];
}

interface HeldView {
  version: number;
  seq: number;
  fields: Record<string, FieldStats>;
  view: StoreEntry;
}

const views = new WeakMap<StoreEntry, HeldView>();
/** Views made here: a view handed in again is read as it is. */
const made = new WeakSet<StoreEntry>();
/** Of each view with fields read inside array elements, those fields by name. */
const elementFields = new WeakMap<StoreEntry, Map<string, ElementPath>>();

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
  const flat = flattenFields(store.fields);
  const elements = new Map<string, ElementPath>();
  const fields = withElements(flat, elements);
  const view = fields === store.fields ? store : { ...store, fields };
  if (view !== store) made.add(view);
  if (elements.size > 0) elementFields.set(view, elements);
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

/** Whether most of what a field held was of `type` (its elements' types, for `items`). */
function mostly(stats: FieldStats, type: keyof FieldStats['types']): boolean {
  return (stats.types[type] ?? 0) * 2 >= Math.max(1, stats.count);
}

/**
 * The fields with arrays seen by their elements (see the header), each recorded in `elements`;
 * `fields` itself when none holds arrays whose elements were learned. An array inside an element
 * is not looked into, as the registry does not learn it.
 */
function withElements(
  fields: Record<string, FieldStats>,
  elements: Map<string, ElementPath>,
): Record<string, FieldStats> {
  const lists = Object.values(fields).filter((f) => f.items && f.items.count > 0 && mostly(f, 'array'));
  if (lists.length === 0) return fields;
  // The keys of objects some records hold in a list's place are not asked about as the list's.
  const under = (f: FieldStats) =>
    lists.some((list) => {
      const array = list.path ?? [list.name];
      return f.path && f.path.length > array.length && array.every((key, n) => f.path![n] === key);
    });
  const out: Record<string, FieldStats> = {};
  for (const [name, stats] of Object.entries(fields)) if (!under(stats)) setOwn(out, name, stats);
  for (const [name, stats] of Object.entries(fields)) {
    const items = stats.items;
    if (!items || !lists.includes(stats)) continue;
    const array = stats.path ?? [name];
    if (mostly(items, 'object')) addInner(out, elements, name, array, items, []);
    else if (!mostly(items, 'array')) {
      const { items: _, fields: __, fieldsOverflow: ___, ...own } = items;
      setOwn(out, name, { ...own, name, ...(stats.path ? { path: stats.path } : {}) });
      elements.set(name, { array, inner: [] });
    }
  }
  return elements.size > 0 ? out : fields;
}

/** Adds the fields inside the object elements of `array` (and inside their objects), named by their dotted path. */
function addInner(
  out: Record<string, FieldStats>,
  elements: Map<string, ElementPath>,
  name: string,
  array: string[],
  stats: FieldStats,
  inner: string[],
): void {
  for (const [key, child] of Object.entries(stats.fields ?? {})) {
    const at = [...inner, key];
    const dotted = `${name}.${at.join('.')}`;
    if (Object.hasOwn(out, dotted)) continue;
    const { items: _, fields: __, fieldsOverflow: ___, ...own } = child;
    setOwn(out, dotted, { ...own, name: dotted, path: [...array, ...at] });
    elements.set(dotted, { array, inner: at });
    addInner(out, elements, name, array, child, at);
  }
}

/** Sets a field as an own property: a key `__proto__` is data. */
function setOwn(fields: Record<string, FieldStats>, name: string, stats: FieldStats): void {
  Object.defineProperty(fields, name, { value: stats, enumerable: true, writable: true, configurable: true });
}

/** Of a view's field read inside array elements, where it is read; undefined for any other field. */
export function elementOf(store: StoreEntry, name: string): ElementPath | undefined {
  return elementFields.get(store)?.get(name);
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
