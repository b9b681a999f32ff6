/**
 * Where a question's statements run when DATABASE_REPLICA_URL is set (without it, always on the
 * primary's query pool): on the replica when it has replayed every version, known to this region,
 * of the stores the answer reads (one small statement on the replica), so an answer is never older
 * than the state its cache key names and a caller reads its own writes; else on the primary. A
 * replica that cannot be reached is left alone for a few seconds rather than asked by every question.
 */
import type { Database, Executor } from '@smartdb/db';
import type { StoreVersion } from '@smartdb/query';
import type postgres from 'postgres';

export type ReadTarget = 'primary' | 'replica';
/** Why an answer ran where it did: the replica was current, lagging, or unreachable (or too slow). */
export type ReadReason = 'current' | 'lagging' | 'unreachable';

/** How long a replica that failed its check, or did not answer it in time, is skipped. */
const UNREACHABLE_PAUSE_MS = 5_000;
/** How long the check may take before the replica counts as away. */
const CHECK_TIMEOUT_MS = 250;

export class QueryRouting {
  #skipReplicaUntil = 0;

  constructor(
    private readonly primary: Executor,
    private readonly replica: { db: Database; client: postgres.Sql },
    private readonly onRead: (target: ReadTarget, reason: ReadReason) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  async executorFor(tenantId: string, reading: StoreVersion[]): Promise<Executor> {
    const reason = await this.replicaState(tenantId, reading);
    const target: ReadTarget = reason === 'current' ? 'replica' : 'primary';
    this.onRead(target, reason);
    return target === 'replica' ? this.replica.db : this.primary;
  }

  /** Whether the replica answers a trivial statement within `ms` (for /ready). */
  async replicaAnswers(ms: number): Promise<boolean> {
    return (await answeredWithin(this.replica.client`select 1`, ms)) !== null;
  }

  private async replicaState(tenantId: string, reading: StoreVersion[]): Promise<ReadReason> {
    if (this.now() < this.#skipReplicaUntil) return 'unreachable';
    if (reading.length === 0) return 'current';
    const check = this.replica.client<{ n: number }[]>`
      select count(*)::int as n
      from jsonb_to_recordset(${JSON.stringify(reading.map(({ id, version }) => ({ id, version })))}::text::jsonb) as known(id text, version int8)
      join mcps m on m.tenant_id = ${tenantId} and m.id = known.id and m.version >= known.version`;
    // A replica too busy to answer this in time would slow every question down: it counts as away.
    const rows = await answeredWithin(check, CHECK_TIMEOUT_MS);
    if (rows) return rows[0]!.n === reading.length ? 'current' : 'lagging';
    this.#skipReplicaUntil = this.now() + UNREACHABLE_PAUSE_MS;
    return 'unreachable';
  }
}

/**
 * The query's rows, or null when it failed or did not answer within `ms`. A late query is cancelled
 * and not waited for: a cancelled statement settles only once the slow server answers the cancel.
 */
async function answeredWithin<T extends readonly postgres.MaybeRow[]>(
  query: postgres.PendingQuery<T>,
  ms: number,
): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const outcome = await Promise.race([query, late]);
    if (outcome !== 'late') return outcome;
    query.cancel();
    query.catch(() => {});
    return null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
