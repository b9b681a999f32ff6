import { type SQL, sql } from 'drizzle-orm';

/**
 * Locks the registry rows of the stores in `keys` (a relation `k` of tenant_id and id) in one order,
 * the database's order of (tenant_id, id), before a statement or transaction changes any of them;
 * selects each row's key and its sequence number as it was when locked. Every writer of several
 * store rows locks them so first (commits, learning flushes, the tierer's counters and scores):
 * without it an UPDATE … FROM changes rows in the order its plan meets them (on a small registry,
 * their physical order, which every update moves), and two such writers deadlocked (40P01).
 * `after` joins what must be read before anything is locked (the rows are sorted before they are).
 */
export function lockStores(keys: SQL, after: SQL = sql``): SQL {
  return sql`select m.tenant_id, m.id, m.seq from mcps m join ${keys} on m.tenant_id = k.tenant_id and m.id = k.id ${after}
      order by m.tenant_id, m.id for no key update of m`;
}
