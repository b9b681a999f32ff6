/**
 * Turns validated records into a write batch: classifies each into a store, learns the store's
 * shape as it goes (so the second record of a new shape joins the store the first one created), and
 * collects per-store deltas for the commit to merge into the registry rows.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@smartdb/core';
import {
  type Classification,
  chooseTimeField,
  classifyRecord,
  emptyStore,
  explicitDomainValue,
  type FieldStats,
  fieldsOfShape,
  learnRecord,
  learnValues,
  mergeFields,
  type Registry,
  recordTimeMs,
  type StoreEntry,
  teachesShape,
} from '@smartdb/registry';
import { LRUCache } from 'lru-cache';
import { newRecordIds } from './ids.ts';
import { membersOfRecords } from './members.ts';

export interface StoreDelta {
  tenantId: string;
  storeId: string;
  domain: string;
  isNew: boolean;
  /** The batch changes the store's learned shape (not only its counts): commit it with the records. */
  teachesShape: boolean;
  /**
   * A new store's: the keys of the batch's first record in it, the record the store was started
   * for (or that joined the draft another batch started). The commit asks whether this record would
   * join a store another region created meanwhile (`fieldsFitKeys`), as classifying it again would.
   */
  createdBy: readonly string[];
  timeField: string | null;
  count: number;
  fields: Record<string, FieldStats>;
}

/**
 * The records of one write, column by column: record i is stored as `ids[i]` in store `storeIds[i]`
 * at `times[i]`, its data the i-th text of `members`. Columns rather than an object per record: the
 * commit sends each column as one array (`unnest`), and a batch of thousands makes no row objects.
 */
export interface WriteBatch {
  tenantId: string;
  ids: string[];
  storeIds: string[];
  /** The record's time (its store's time field, else the ingest time), epoch milliseconds. */
  times: number[];
  /** The records' JSON texts, as their requests sent them, separated by MEMBER_SEPARATOR. */
  members: string;
  deltas: Map<string, StoreDelta>;
  /**
   * The last of a batch's builds (see StoreTaken): its new stores have ids no other writer chooses
   * (`domain-` and random letters) and are kept even beside a store of the domain that fits as well,
   * so that a write is not refused for them.
   */
  lastBuild?: boolean;
}

export interface IngestedRecord {
  id: string;
  mcp: string;
  domain: string;
  tier: StoreEntry['tier'];
}

interface ShapeNode {
  /** Made when a record of this prefix has more keys. */
  next?: Map<string, ShapeNode>;
  /** The same shape naming its domain in a `type`/`kind` field, by the value it names. */
  named?: Map<string, ShapeNode>;
  classification?: Classification;
  /** The delta fields this shape's records learn into, and their stats in the shape's key order. */
  learning?: { fields: Record<string, FieldStats>; stats: FieldStats[] };
}

/**
 * Classifications by record shape (the sequence of its keys, and the domain a `type`/`kind` field
 * names) within one batch, found by walking a trie of keys: no key string is built per record, which
 * measured a few % of a batch's CPU.
 */
class ShapeMemo {
  private readonly root: ShapeNode = {};

  of(record: Record<string, unknown>, named: string | null): ShapeNode {
    let node = this.root;
    // Records are plain objects from JSON.parse: for-in sees exactly their own keys, in order.
    for (const key in record) {
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) {
        child = {};
        node.next.set(key, child);
      }
      node = child;
    }
    if (named === null) return node;
    node.named ??= new Map();
    let child = node.named.get(named);
    if (!child) {
      child = {};
      node.named.set(named, child);
    }
    return child;
  }
}

/**
 * The refusal of a store beyond a tenant's allowance (MAX_STORES_PER_TENANT), started by ingest or
 * created by hand (POST /v1/mcps).
 */
export function tooManyStores(
  held: number,
  max: number,
  say: { lead?: string; advice?: string; details?: Record<string, unknown> } = {},
): AppError {
  return new AppError(
    422,
    'TOO_MANY_STORES',
    `${say.lead ?? ''}this tenant holds ${held} stores, the most it may${say.advice ?? ''}`,
    { details: { ...say.details, stores: held, max } },
  );
}

/** Stores a tenant may hold unless the region is configured otherwise (MAX_STORES_PER_TENANT). */
export const DEFAULT_MAX_STORES = 1_000;

/** How long a shape's classification is reused while the tenant's set of stores is unchanged. */
const CLASSIFICATION_TTL_MS = 1_000;

interface KnownShape {
  storeId: string;
  domain: string;
  /** `Registry.membership` when classified: a store appearing or going away invalidates it. */
  membership: number;
}

/**
 * Classification state shared by every batch a region builds: the registry plus drafts of stores
 * created by batches that have not committed yet, and the recent classifications of record shapes.
 */
export class BatchBuilder {
  private readonly drafts = new Map<string, Map<string, StoreEntry>>();
  /**
   * Single-record requests arrive one shape at a time, thousands a second: a shape classified in
   * the last second against the same stores joins the same store without scoring every store again.
   * The TTL bounds how long a shape ignores what its stores learned since.
   */
  private readonly shapes = new LRUCache<string, KnownShape>({ max: 10_000, ttl: CLASSIFICATION_TTL_MS });

  constructor(
    private readonly registry: Registry,
    /** Stores a tenant may hold; a record that would start another refuses its batch. */
    private readonly maxStores = DEFAULT_MAX_STORES,
  ) {}

  private classify(
    tenantId: string,
    shape: string,
    named: string | null,
    data: Record<string, unknown>,
    stores: () => readonly StoreEntry[],
    domainHint: string | null | undefined,
  ): Classification {
    // Drafts are stores that exist in this process only: classify against them afresh.
    if (this.drafts.has(tenantId)) return classifyRecord(data, stores(), domainHint);
    const key = `${tenantId}\u0002${domainHint ?? ''}\u0002${named ?? ''}\u0002${shape}`;
    const membership = this.registry.membership(tenantId);
    const known = this.shapes.get(key);
    if (known && known.membership === membership && this.registry.get(tenantId, known.storeId)) {
      return { domain: known.domain, storeId: known.storeId, isNew: false, reason: 'shape' };
    }
    const c = classifyRecord(data, stores(), domainHint);
    if (!c.isNew) this.shapes.set(key, { storeId: c.storeId, domain: c.domain, membership });
    return c;
  }

  private storesOf(tenantId: string): StoreEntry[] {
    const drafts = this.drafts.get(tenantId);
    const committed = this.registry.list(tenantId);
    if (!drafts?.size) return committed;
    return [...committed, ...[...drafts.values()].filter((d) => !this.registry.get(tenantId, d.id))];
  }

  private storeFor(tenantId: string, id: string, domain: string): StoreEntry {
    const committed = this.registry.get(tenantId, id);
    if (committed) return committed;
    let drafts = this.drafts.get(tenantId);
    if (!drafts) {
      drafts = new Map();
      this.drafts.set(tenantId, drafts);
    }
    let draft = drafts.get(id);
    if (!draft) {
      draft = emptyStore(tenantId, id, domain);
      drafts.set(id, draft);
    }
    return draft;
  }

  /**
   * Forgets a draft whose store another writer has taken (StoreTaken): records classified again
   * must meet the stores the database holds, not the draft that lost, or they would join it again.
   */
  forget(tenantId: string, storeId: string): void {
    const drafts = this.drafts.get(tenantId);
    drafts?.delete(storeId);
    if (drafts?.size === 0) this.drafts.delete(tenantId);
  }

  /** A store this region has not committed, started by another batch than the one being built. */
  private isForeignDraft(tenantId: string, storeId: string, started: string[]): boolean {
    if (started.includes(storeId) || this.registry.get(tenantId, storeId)) return false;
    return this.drafts.get(tenantId)?.has(storeId) === true;
  }

  /** `domain-` and six random letters and digits, unlike `domain[-n]` and unlike any store held. */
  private unclaimedId(tenantId: string, domain: string): string {
    for (;;) {
      const id = `${domain}-${randomUUID().replace(/-/g, '').slice(0, 6)}`;
      if (!/-\d+$/.test(id) && !this.storesOf(tenantId).some((s) => s.id === id)) return id;
    }
  }

  /**
   * Refuses the batch (422 TOO_MANY_STORES, nothing learned) when record `index` would start a store
   * beyond the tenant's allowance. Every region keeps every store in memory and a question about
   * records in general reads them all: a client sending records of ever new shapes (random keys, ids
   * as keys) must not grow them without bound. Counted against the stores this region knows.
   */
  private admitStore(tenantId: string, storeId: string, index: number, started: string[]): void {
    const held = this.storesOf(tenantId).length;
    if (held < this.maxStores) return;
    for (const id of started) this.forget(tenantId, id);
    throw tooManyStores(held, this.maxStores, {
      lead: `record ${index} would start store ${storeId}, but `,
      advice: `: send records of an existing store's shape, or name its domain (?domain= or a type field)`,
      details: { index },
    });
  }

  /** Forgets drafts once their stores are in the registry (after a commit or a failed one). */
  settle(tenantId: string): void {
    const drafts = this.drafts.get(tenantId);
    if (!drafts) return;
    for (const id of drafts.keys()) if (this.registry.get(tenantId, id)) drafts.delete(id);
    if (drafts.size === 0) this.drafts.delete(tenantId);
  }

  /**
   * `members`, when given, is the records' JSON texts as sent (see `WriteBatch.members`): they are
   * stored as they are (PostgreSQL parses them into jsonb either way), which spares serialising
   * every record again and keeps numbers beyond double precision as they were written.
   */
  build(
    tenantId: string,
    records: Record<string, unknown>[],
    domainHint?: string | null,
    members?: string,
    lastBuild = false,
  ): WriteBatch {
    const ids = newRecordIds(records.length);
    const storeIds: string[] = new Array(records.length);
    const times: number[] = new Array(records.length);
    const deltas = new Map<string, StoreDelta>();
    let now: number | undefined;
    let stores: readonly StoreEntry[] | undefined;
    // Records of one shape classify alike; most batches hold a handful of shapes. A single record
    // (most requests) has a shape of its own.
    const byShape = records.length > 1 ? new ShapeMemo() : undefined;
    // Drafts this batch starts, forgotten if it is refused.
    const started: string[] = [];
    // Known stores without a time field looked at (see below).
    const timeChecked = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      const data = records[i]!;
      // A hint names the domain of every record; without one, a record's own `type` or `kind` does.
      const named = domainHint ? null : explicitDomainValue(data);
      const memo: ShapeNode = byShape ? byShape.of(data, named) : {};
      let c = memo.classification;
      if (!c) {
        const shape = Object.keys(data).join('\u0001');
        c = this.classify(
          tenantId,
          shape,
          named,
          data,
          () => (stores ??= this.storesOf(tenantId)),
          domainHint,
        );
        // The last build names its new stores as no other region would (see WriteBatch.lastBuild), and
        // starts its own rather than join a draft another batch started under a `domain[-n]` id,
        // which may meet that id taken as the other batch did.
        if (lastBuild && (c.isNew || this.isForeignDraft(tenantId, c.storeId, started))) {
          c = { ...c, isNew: true, storeId: this.unclaimedId(tenantId, c.domain) };
        }
        memo.classification = c;
      }
      if (c.isNew) this.admitStore(tenantId, c.storeId, i, started);
      const store = this.storeFor(tenantId, c.storeId, c.domain);
      if (c.isNew) {
        started.push(store.id);
        stores = this.storesOf(tenantId);
        memo.classification = { ...c, isNew: false };
      }
      let delta = deltas.get(store.id);
      if (!delta) {
        delta = {
          tenantId,
          storeId: store.id,
          domain: store.domain,
          isNew: store.seq < 0,
          teachesShape: store.seq < 0,
          createdBy: store.seq < 0 ? Object.keys(data) : [],
          timeField: store.timeField,
          count: 0,
          fields: {},
        };
        deltas.set(store.id, delta);
      }
      if (memo.learning?.fields !== delta.fields) {
        memo.learning = { fields: delta.fields, stats: fieldsOfShape(delta.fields, data) };
      }
      learnValues(memo.learning.stats, data);
      delta.count += 1;
      if (delta.isNew) {
        // A new store's shape is what this batch teaches it, record by record, so the next record of
        // a slightly different shape (a missing optional field) still joins it.
        learnRecord(store.fields, data);
        store.recordCount += 1;
        store.timeField ??= chooseTimeField(store.fields);
      } else if (store.timeField === null && !timeChecked.has(store.id)) {
        // A known store without a time field (its first records had none) takes the one its records
        // carry now, looked for once a batch; the commit teaches it with the records (the records
        // stored before keep the time they were ingested at).
        timeChecked.add(store.id);
        store.timeField = chooseTimeField(delta.fields);
        if (store.timeField !== null) delta.teachesShape = true;
      }
      delta.timeField = store.timeField;
      // A record without a usable time is stamped with the batch's ingest time.
      let ts = recordTimeMs(data, store.timeField);
      if (ts === null) {
        now ??= Date.now();
        ts = now;
      }
      storeIds[i] = store.id;
      times[i] = ts;
    }
    // Known stores learn the batch at once, so concurrent batches classify against the newest shape.
    for (const delta of deltas.values()) {
      if (delta.isNew) continue;
      const store = this.registry.get(tenantId, delta.storeId);
      if (!store) continue;
      delta.teachesShape ||= teachesShape(store.fields, delta.fields);
      mergeFields(store.fields, delta.fields);
      store.recordCount += delta.count;
    }
    return {
      tenantId,
      ids,
      storeIds,
      times,
      members: members ?? membersOfRecords(records),
      deltas,
      ...(lastBuild ? { lastBuild } : {}),
    };
  }
}
