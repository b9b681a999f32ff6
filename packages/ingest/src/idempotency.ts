/**
 * Answers to writes made with an `Idempotency-Key`, kept for a time (the TTL, 24 hours unless the
 * region is configured otherwise) so a client retrying a write it lost the answer to gets the first
 * answer and stores nothing twice. A key older than the TTL is forgotten: looked up, it is absent,
 * and a write with it is a new write whose answer replaces the old one. Expired answers are deleted
 * in the background (`expireIdempotentWrites`); until then they only take space, never answer.
 */
import { AppError } from '@smartdb/core';
import { type Executor, pgCode, preparedRowsOf, rowsOf } from '@smartdb/db';
import { type SQL, sql } from 'drizzle-orm';

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotentWrite {
  key: string;
  requestHash: string;
  response: unknown;
}

/** The moment before which an answer has expired, in the database's clock. */
function expiredBefore(ttlMs: number): SQL {
  return sql`now() - make_interval(secs => ${ttlMs / 1000}::float8)`;
}

/** A write's key and answer, for the tenant it was made in. */
export interface TenantIdempotentWrite extends IdempotentWrite {
  tenantId: string;
}

/**
 * The group's keys and answers recorded by a statement that writes (a CTE `keys`, and `keys_ok`,
 * true once every key was new or expired): the fast path's one statement (commit.ts), so a keyed
 * group commits in one round trip as a keyless one does, or a statement of its own in a new store's
 * transaction. A live answer under one of the keys (a write with it committed first) aborts the
 * statement (a cast of a message naming the key count, which only runs then), which `isKeyTaken`
 * reads; one key twice in the group is refused here (KeyTaken). Either way the group's writes whose
 * keys are taken are set apart (GroupCommitter), so only they fail, and their callers answer them
 * with the first write's answer. An expired answer is replaced. Null without keys.
 */
export function idempotentWritesSql(writes: readonly TenantIdempotentWrite[], ttlMs: number): SQL | null {
  if (writes.length === 0) return null;
  const keys = new Set(writes.map((w) => answerKey(w.tenantId, w.key)));
  if (keys.size < writes.length) throw new KeyTaken();
  const rows = JSON.stringify(
    writes.map((w) => ({
      tenant_id: w.tenantId,
      key: w.key,
      request_hash: w.requestHash,
      response: w.response,
    })),
  );
  return sql`keys as (
      insert into idempotency_keys (tenant_id, key, request_hash, response)
      select tenant_id, key, request_hash, response
      from jsonb_to_recordset(${rows}::jsonb) as k(tenant_id text, key text, request_hash text, response jsonb)
      on conflict (tenant_id, key) do update set
        request_hash = excluded.request_hash, response = excluded.response, created_at = now()
        where idempotency_keys.created_at <= ${expiredBefore(ttlMs)}
      returning 1
    ), keys_ok as (
      select case when count(*) = ${writes.length}::int then true
        else (${KEY_TAKEN}::text || count(*))::int > 0 end as ok
      from keys
    )`;
}

const KEY_TAKEN = 'smartdb: Idempotency-Key taken; keys written: ';

/** Whether a statement was aborted by `idempotentWritesSql` because a key was taken. */
export function isKeyTaken(error: unknown): boolean {
  if (pgCode(error) !== '22P02') return false;
  // drizzle wraps the driver's error (its message is the query) and keeps it as the cause.
  const e = error as { message?: unknown; cause?: { message?: unknown } };
  const message = typeof e.cause?.message === 'string' ? e.cause.message : e.message;
  return typeof message === 'string' && message.includes(KEY_TAKEN);
}

/**
 * The conflict of a write whose key another write took first, with that write's answer when it was
 * looked up already (the group set apart, commit.ts), so the request needs no lookup of its own.
 */
export class KeyTaken extends AppError {
  constructor(readonly answer?: RecordedAnswer) {
    super(409, 'CONFLICT', 'a write with this Idempotency-Key committed first; retry the request');
  }
}

/** A (tenant, key) pair as one map key. */
export function answerKey(tenantId: string, key: string): string {
  return `${tenantId}\u0001${key}`;
}

/** A live answer recorded under a key. */
export interface RecordedAnswer {
  requestHash: string;
  response: unknown;
}

interface Lookup {
  tenantId: string;
  key: string;
  resolve: (answer: RecordedAnswer | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Looks up the live answers under writes' keys, many in one statement: while one lookup is in
 * flight, those asked meanwhile wait and go together in the next, as writes are group-committed.
 * Every write with an Idempotency-Key asks before it is built (a retry is answered without storing
 * anything); asked one by one, those lookups were a statement and a round trip each, three times as
 * many as the commits of the writes themselves.
 */
export class AnswerLookups {
  private waiting: Lookup[] = [];
  private inFlight = false;

  constructor(
    /** The statement: `findIdempotentWrites` against the region's database. */
    private readonly lookUp: (
      pairs: readonly { tenantId: string; key: string }[],
    ) => Promise<Map<string, RecordedAnswer>>,
  ) {}

  find(tenantId: string, key: string): Promise<RecordedAnswer | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ tenantId, key, resolve, reject });
      if (!this.inFlight) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          const found = await this.lookUp(group);
          for (const l of group) l.resolve(found.get(answerKey(l.tenantId, l.key)));
        } catch (e) {
          for (const l of group) l.reject(e);
        }
      }
    } finally {
      this.inFlight = false;
    }
  }
}

/** The live answers under several (tenant, key) pairs, by `answerKey`. */
export async function findIdempotentWrites(
  db: Executor,
  pairs: readonly { tenantId: string; key: string }[],
  ttlMs: number,
): Promise<Map<string, RecordedAnswer>> {
  const asked = JSON.stringify(pairs.map((p) => ({ tenant_id: p.tenantId, key: p.key })));
  const rows = await preparedRowsOf<{
    tenant_id: string;
    key: string;
    request_hash: string;
    response: unknown;
  }>(
    db,
    sql`select k.tenant_id, k.key, k.request_hash, k.response
      from idempotency_keys k
      join (select distinct * from jsonb_to_recordset(${asked}::jsonb) as p(tenant_id text, key text)) p
        on k.tenant_id = p.tenant_id and k.key = p.key
      where k.created_at > ${expiredBefore(ttlMs)}`,
  );
  const out = new Map<string, RecordedAnswer>();
  for (const r of rows) {
    out.set(answerKey(r.tenant_id, r.key), {
      requestHash: r.request_hash,
      response: typeof r.response === 'string' ? JSON.parse(r.response) : r.response,
    });
  }
  return out;
}

/**
 * Deletes expired answers of every tenant, `batchSize` rows a statement (each its own short
 * transaction, by the index on `created_at`), at most `maxBatches` statements a call; returns how
 * many were deleted. Regions running it at once delete disjoint rows or none twice.
 */
export async function expireIdempotentWrites(
  db: Executor,
  ttlMs: number,
  { batchSize = 5_000, maxBatches = 20 } = {},
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await rowsOf<{ n: number }>(
      db,
      sql`with gone as (
        delete from idempotency_keys where ctid in (
          select ctid from idempotency_keys where created_at <= ${expiredBefore(ttlMs)}
          limit ${batchSize} for update skip locked
        )
        returning 1
      ) select count(*)::int as n from gone`,
    );
    const n = rows[0]?.n ?? 0;
    deleted += n;
    if (n < batchSize) break;
  }
  return deleted;
}
