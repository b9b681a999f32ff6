/**
 * The query-answer cache. An answer is keyed by tenant + the canonical interpretation + the page
 * asked for + the version of every store it read, so any write that bumps a store's version makes
 * older answers unreachable (no explicit invalidation). Values are serialised answers, not objects.
 * A failing cache store never fails a query: errors read as a miss and writes are dropped.
 */
import { createHash } from 'node:crypto';
import type { StoreEntry } from '@smartdb/registry';
import type { Interpretation } from './types.ts';

/** What the cache needs from a store; the region adapts its in-memory LRU and Redis to it. */
export interface QueryCacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

export interface QueryCacheOptions {
  /** How long an answer may be reused while no store it read has changed. */
  ttlMs?: number;
}

const DEFAULT_TTL_MS = 60_000;

/** JSON with object keys sorted, so equal interpretations always produce the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Synchronous on purpose: between a repeated question's miss in `UnderstoodQuestions` and the entry
 * that answers the next one, no other request may run. With Web Crypto's digest (which resolves on
 * a later turn of the event loop) every request for a timed question that arrived meanwhile read it
 * afresh each second: 153 readings of "count warn logs by service this week" in 8 s under 50
 * clients, 9 now (one a second, as its window moves).
 */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class QueryCache {
  private readonly ttlMs: number;

  constructor(
    private readonly store: QueryCacheStore,
    options: QueryCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  keyFor(
    tenantId: string,
    /** The interpretation, with its time window described as the key should tell windows apart. */
    interpretation: Omit<Interpretation, 'time'> & { time: unknown },
    page: { limit?: number | undefined; cursor?: string | undefined },
    stores: StoreEntry[],
  ): string {
    const versions = stores
      .map((s) => [s.id, s.version])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));
    const material = canonicalJson({
      tenantId,
      interpretation,
      page: { limit: page.limit ?? null, cursor: page.cursor ?? null },
      versions,
    });
    // `answer:` (was `query:` before answers were stored with their window in front): an entry of the
    // older form in a shared Redis is never read as this one.
    return `answer:${sha256Hex(material)}`;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await this.store.get(key);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string): Promise<void> {
    try {
      await this.store.set(key, value, this.ttlMs);
    } catch {
      // An unavailable cache only costs speed; the answer was already computed from PostgreSQL.
    }
  }
}

/** What a question was understood as, and where its answer is cached. */
interface Understood {
  interpretation: Interpretation;
  confidence: number;
  answerKey: string;
  /** The tenant's registry state it was understood against (store ids and sequence numbers). */
  registryState: string;
  /**
   * When the question is read again: its time window moves on (each second for a rolling one, at local
   * midnight for a calendar one); never for a question without one.
   */
  validUntilMs: number;
  /** The interpretation serialised, once, for the responses that repeat it. */
  interpretationJson?: string;
}

const UNDERSTOOD_MAX = 20_000;
const REFUSED_MAX = 5_000;

/**
 * Recently answered questions, so a repeated question skips interpretation, planning and key hashing
 * (most of a cached answer's cost). An entry holds only while the tenant's stores are unchanged.
 */
export class UnderstoodQuestions {
  private readonly entries = new Map<string, Understood>();
  private readonly refused = new Map<string, { error: Error; registryState: string; validUntilMs: number }>();

  static registryState(stores: StoreEntry[]): string {
    let state = '';
    for (const s of stores) state += `${s.id}:${s.seq};`;
    return state;
  }

  static key(tenantId: string, request: { q: string; limit?: number; cursor?: string; tz?: string }): string {
    return `${tenantId}\u0001${request.q}\u0001${request.limit ?? ''}\u0001${request.cursor ?? ''}\u0001${request.tz ?? ''}`;
  }

  get(key: string, registryState: string, nowMs: number): Understood | undefined {
    return current(this.entries, key, registryState, nowMs);
  }

  set(key: string, entry: Understood): void {
    bounded(this.entries, UNDERSTOOD_MAX).set(key, entry);
  }

  /**
   * A question refused recently against the same stores, within the same second: refused again
   * without being read again. Reading a question the grammar cannot place costs the most (every
   * rule runs and suggestions are built), and a client that repeats one would pay it each time.
   */
  refusal(key: string, registryState: string, nowMs: number): Error | undefined {
    return current(this.refused, key, registryState, nowMs)?.error;
  }

  refuse(key: string, error: Error, registryState: string, nowMs: number): void {
    const validUntilMs = Math.floor(nowMs / 1000) * 1000 + 1000;
    bounded(this.refused, REFUSED_MAX).set(key, { error, registryState, validUntilMs });
  }
}

interface Remembered {
  registryState: string;
  validUntilMs: number;
}

/** The entry under `key` while it holds (same registry state, not expired); a stale one is dropped. */
function current<T extends Remembered>(
  entries: Map<string, T>,
  key: string,
  registryState: string,
  nowMs: number,
): T | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.registryState !== registryState || nowMs >= entry.validUntilMs) {
    entries.delete(key);
    return undefined;
  }
  return entry;
}

/** `entries` with room for one more: insertion order makes the Map a cheap FIFO bound. */
function bounded<T>(entries: Map<string, T>, max: number): Map<string, T> {
  if (entries.size >= max) entries.delete(entries.keys().next().value!);
  return entries;
}
