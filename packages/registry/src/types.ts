/**
 * The learned shape of a domain store (an "MCP"), as kept in `mcps.fields` and in every region's
 * in-memory registry. RAG₁ writes it; RAG₂ grounds questions in it; neither invents fields.
 */

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array' | 'null';
export type Tier = 'HOT' | 'WARM' | 'COLD';

/** Values longer than this are not kept in a dictionary (they are text, not categories). */
export const DICTIONARY_MAX_VALUE_LENGTH = 64;
/** A dictionary stops taking new values at this size and is marked `overflow`. */
export const DICTIONARY_MAX_VALUES = 256;

export interface FieldStats {
  /**
   * Key of the record, or of the object that holds the field (see `fields`). In the flattened view
   * the query engine reads (`flattenFields`), a nested field's path joined with dots.
   */
  name: string;
  /** How many records carried the field. */
  count: number;
  /**
   * Occurrences per JSON type; `date` is a string that parses as a date (`dateStringMs`), or a
   * MongoDB `$date` in its canonical `{"$numberLong": …}` form (`numberLongDateMs`).
   */
  types: Partial<Record<FieldType, number>>;
  /** Value dictionary for short strings: value -> occurrences. Exact values as ingested. */
  values?: Record<string, number>;
  /** True once more distinct values were seen than the dictionary holds. */
  overflow?: boolean;
  /** Numeric range, for number fields. */
  min?: number;
  max?: number;
  /** Longest string seen; long strings mark free-text fields. */
  maxLength?: number;
  /**
   * Strings that read as epoch seconds or milliseconds (`"1764324000.000200"`, Slack's `ts`): a
   * time-like field whose strings all do is a time field (`chooseTimeField`).
   */
  epochStrings?: number;
  /**
   * Of a field holding objects: the fields inside them, learned as a record's are, to
   * NESTED_MAX_DEPTH levels below the record and NESTED_MAX_FIELDS names under one record field.
   */
  fields?: Record<string, FieldStats>;
  /**
   * True once the objects held more names than are learned: a map keyed by data (`{"u1": 3, …}`)
   * rather than a shape. Names already learned go on being counted.
   */
  fieldsOverflow?: boolean;
  /**
   * Of a field holding arrays: what their elements hold, learned as a field's values are (`name` is
   * the array field's own; `count` counts the elements learned, `types` their JSON types, `values`
   * the short strings among them, `min`/`max` the numbers, `fields` the fields inside object
   * elements). The first ARRAY_MAX_ITEMS elements of each array are learned; an array inside an
   * element is counted by type, not looked into. `{"tags": ["ai", "db"]}` teaches `tags.items`
   * types {string: 2}, values {ai: 1, db: 1}; `{"items": [{"sku": "A1"}]}` teaches `items.items`
   * fields {sku: …}. Object elements' fields count toward the NESTED_MAX_FIELDS of the record's field.
   */
  items?: FieldStats;
  /** Flattened view only (`flattenFields`): the keys from the record down to a nested field. */
  path?: string[];
}

/** Levels of objects inside a record whose fields are learned (`customer.address.city` is two). */
export const NESTED_MAX_DEPTH = 3;
/** Nested fields learned under one field of a record, at all levels together. */
export const NESTED_MAX_FIELDS = 64;
/** Elements of one array that are learned (`FieldStats.items`); the rest are stored, not learned. */
export const ARRAY_MAX_ITEMS = 64;

export interface StoreIndex {
  name: string;
  field: string;
  kind: 'btree' | 'hash' | 'gin' | 'trgm';
  auto: boolean;
  createdAt: string;
}

export interface StoreEntry {
  tenantId: string;
  id: string;
  domain: string;
  tier: Tier;
  status: 'active' | 'migrating';
  recordCount: number;
  accessCount: number;
  lastAccessedAt: string | null;
  lastWriteAt: string | null;
  /** The field whose value is copied into `records.ts`; null when the store has no time field. */
  timeField: string | null;
  fields: Record<string, FieldStats>;
  indexes: StoreIndex[];
  /** Bumped on every write to the store's records; part of every query-cache key. */
  version: number;
  seq: number;
}

/** A store with nothing learned yet; `seq` -1 marks a draft that is not in the database. */
export function emptyStore(tenantId: string, id: string, domain: string, seq = -1): StoreEntry {
  return {
    tenantId,
    id,
    domain,
    tier: 'HOT',
    status: 'active',
    recordCount: 0,
    accessCount: 0,
    lastAccessedAt: null,
    lastWriteAt: null,
    timeField: null,
    fields: {},
    indexes: [],
    version: 0,
    seq,
  };
}
