/**
 * What tenants ask for: in-memory counters of the stores, fields and question shapes each query
 * reads, with time spent. Suggestions and the tiering issue (tiers, automatic indexes) read them.
 * Counting is synchronous and bounded; it must never write to the database on the query path.
 */

import type { Filter, Interpretation } from './types.ts';

export type FieldUse = 'filter' | 'sort' | 'group' | 'aggregate';

export interface StoreAccess {
  queries: number;
  totalMs: number;
  lastAccessedAt: string;
  /** Uses per field, per way it was used. */
  fields: Record<string, Partial<Record<FieldUse, number>>>;
  /** Filters per field and operator, with the time their queries took (automatic indexes read it). */
  filters: Record<string, Partial<Record<Filter['op'], { count: number; totalMs: number }>>>;
}

export interface TenantAccess {
  stores: Record<string, StoreAccess>;
  /** Question shapes (intent, filter fields and operators, grouping, sort) and how often they were asked. */
  shapes: Record<string, number>;
}

const MAX_SHAPES_PER_TENANT = 500;

function shapeOf(i: Interpretation): string {
  const filters = i.filters.map((f) => `${f.field}${f.op}`).sort();
  const parts = [i.intent, `f:${filters.join(',')}`];
  if (i.time) parts.push('time');
  if (i.text) parts.push('text');
  if (i.aggregate) parts.push(`${i.aggregate.fn}(${i.aggregate.field ?? '*'})`);
  if (i.groupBy) parts.push(`by:${i.groupBy}${i.bucket ? `/${i.bucket.unit}` : ''}`);
  if (i.having) parts.push(`having:${i.having.fn}(${i.having.field ?? '*'})${i.having.op}`);
  if (i.sort[0]) parts.push(`sort:${i.sort[0].field}`);
  return parts.join(' ');
}

export class QueryLearning {
  private readonly tenants = new Map<string, TenantAccess>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  recordAccess(tenantId: string, interpretation: Interpretation, tookMs: number): void {
    const tenant = this.tenants.get(tenantId) ?? { stores: {}, shapes: {} };
    this.tenants.set(tenantId, tenant);
    const at = this.clock().toISOString();
    const uses: [string, FieldUse][] = [
      ...interpretation.filters.map((f): [string, FieldUse] => [f.field, 'filter']),
      ...interpretation.sort.map((s): [string, FieldUse] => [s.field, 'sort']),
    ];
    // Periods of time are cut from the indexed `ts` column, not read from the field: no use of it.
    if (interpretation.groupBy && !interpretation.bucket) uses.push([interpretation.groupBy, 'group']);
    if (interpretation.aggregate?.field) uses.push([interpretation.aggregate.field, 'aggregate']);
    for (const mcp of interpretation.mcps) {
      const store = tenant.stores[mcp] ?? {
        queries: 0,
        totalMs: 0,
        lastAccessedAt: at,
        fields: {},
        filters: {},
      };
      tenant.stores[mcp] = store;
      store.queries += 1;
      store.totalMs += tookMs;
      store.lastAccessedAt = at;
      for (const [field, use] of uses) {
        const counts = own(store.fields, field) ?? {};
        store.fields[field] = counts;
        counts[use] = (counts[use] ?? 0) + 1;
      }
      for (const f of interpretation.filters) {
        const ops = own(store.filters, f.field) ?? {};
        store.filters[f.field] = ops;
        const used = ops[f.op] ?? { count: 0, totalMs: 0 };
        ops[f.op] = used;
        used.count += 1;
        used.totalMs += tookMs;
      }
    }
    const shape = shapeOf(interpretation);
    if (shape in tenant.shapes || Object.keys(tenant.shapes).length < MAX_SHAPES_PER_TENANT) {
      tenant.shapes[shape] = (tenant.shapes[shape] ?? 0) + 1;
    }
  }

  /** A copy of the counters, for one tenant or all of them. */
  accessStats(tenantId?: string): Record<string, TenantAccess> {
    const pick =
      tenantId === undefined ? [...this.tenants] : [[tenantId, this.tenants.get(tenantId)] as const];
    const out: Record<string, TenantAccess> = {};
    for (const [id, access] of pick) if (access) out[id] = structuredClone(access);
    return out;
  }
}

/** A lookup by field name that never finds a member of Object.prototype (a field may be `toString`). */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
