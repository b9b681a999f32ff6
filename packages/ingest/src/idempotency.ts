/**
 * Answers to writes made with an `Idempotency-Key`, kept for a time (the TTL, 24 hours unless the
 * region is configured otherwise) so a client retrying a write it lost the answer to gets the first
 * answer and stores nothing twice. A key older than the TTL is forgotten: looked up, it is absent,
 * and a write with it is a new write whose answer replaces the old one. Expired answers are deleted
 * in the background (`expireIdempotentWrites`); until then they only take space, never answer.
 */
import { AppError } from '@smartdb/core';
import { type Executor, idempotencyKeys, rowsOf } from '@smartdb/db';
import { and, eq, gt, type SQL, sql } from 'drizzle-orm';

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

/**
 * Records a write's key and answer in the write's transaction. A live answer under the same key (a
 * concurrent write with it committed first) is a 409 CONFLICT, which the caller answers with that
 * write's answer; an expired one is replaced.
 */
export async function recordIdempotentWrite(
  tx: Executor,
  tenantId: string,
  write: IdempotentWrite,
  ttlMs: number,
): Promise<void> {
  const written = await tx
    .insert(idempotencyKeys)
    .values({ tenantId, key: write.key, requestHash: write.requestHash, response: write.response })
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.key],
      set: {
        requestHash: sql`excluded.request_hash`,
        response: sql`excluded.response`,
        createdAt: sql`now()`,
      },
      setWhere: sql`${idempotencyKeys.createdAt} <= ${expiredBefore(ttlMs)}`,
    })
    .returning({ key: idempotencyKeys.key });
  if (written.length === 0) {
    throw new AppError(
      409,
      'CONFLICT',
      'a write with this Idempotency-Key committed first; retry the request',
    );
  }
}

/** The live answer recorded under a key, if any. */
export async function findIdempotentWrite(
  db: Executor,
  tenantId: string,
  key: string,
  ttlMs: number,
): Promise<{ requestHash: string; response: unknown } | undefined> {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.tenantId, tenantId),
        eq(idempotencyKeys.key, key),
        gt(idempotencyKeys.createdAt, expiredBefore(ttlMs)),
      ),
    );
  return row;
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
