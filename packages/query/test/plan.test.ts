import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { explainQuery, type QueryDeps } from '../src/index.ts';
import { interpretQuery } from '../src/interpret.ts';
import { MAX_MERGED_GROUPS, planQuery } from '../src/plan.ts';
import { sampleStores } from './support/stores.ts';

const NOW = Date.parse('2026-11-25T15:30:00Z');
const TENANT = "tenant-'quoted";
const { stores } = sampleStores(TENANT, NOW);
const deps: QueryDeps = { db: {} as QueryDeps['db'], stores: () => stores, now: () => new Date(NOW) };
const dialect = new PgDialect();

const QUESTIONS = [
  'show all users',
  'count premium users',
  'users aged at least 30 in North America',
  'search messages containing deploy',
  'search messages for "50%_off\\\\ deals"',
  'count warn logs by service this week',
  'top 5 orders by amount',
  'average response time per service in the last 24 hours',
  'users not in Europe',
  'show warn and error logs',
  'users named "x\'); drop table records; --"',
  'show everything on web-1',
];

describe('the SQL of every plan', () => {
  it.each(QUESTIONS)('%s: tenant-scoped, values only as parameters', (q) => {
    const explained = explainQuery(deps, TENANT, { q });
    expect(explained.sql.length).toBeGreaterThan(0);
    const i = explained.interpretation;
    const words = [
      ...i.filters.flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value])).map(String),
      ...i.filters.map((f) => f.field),
      ...(i.text ? [i.text] : []),
      ...(i.groupBy ? [i.groupBy] : []),
      ...i.sort.map((s) => s.field),
    ].map((w) => w.toLowerCase());
    for (const statement of explained.sql) {
      expect(statement.text).toMatch(/tenant_id = \$\d+ and mcp_id = \$\d+/);
      expect(statement.params).toContain(TENANT);
      expect(statement.params).toContain(statement.mcp);
      for (const w of words) expect(statement.text.toLowerCase()).not.toContain(`'${w}'`);
      for (const w of words.filter((x) => x.length > 4))
        expect(statement.text.toLowerCase()).not.toContain(w);
      expect(statement.text).not.toContain("'quoted");
      expect(statement.text).not.toMatch(/drop table/i);
    }
  });

  it('escapes LIKE wildcards in searched text', () => {
    const explained = explainQuery(deps, TENANT, { q: 'search messages for "50%_off"' });
    expect(explained.sql[0]?.params).toContain('%50\\%\\_off%');
  });

  it('guards numeric comparisons against odd records and uses the GIN operator for equality', () => {
    const [rows] = explainQuery(deps, TENANT, { q: 'premium users older than 40' }).sql;
    expect(rows?.text).toContain('jsonb_typeof(data -> $');
    expect(rows?.text).toContain('data @> $');
    expect(rows?.params).toContain(JSON.stringify({ plan: 'premium' }));
  });

  it('time windows filter the indexed ts column', () => {
    const [rows] = explainQuery(deps, TENANT, { q: 'logs today' }).sql;
    expect(rows?.text).toMatch(/ts >= \$\d+::timestamptz/);
  });

  it("the question's own top N wins over the page size; pages are capped at 1000", () => {
    const { interpretation } = interpretQuery('top 5 orders by amount', stores, { now: new Date(NOW) });
    expect(planQuery(interpretation, stores, TENANT, { limit: 200 }).pageSize).toBe(5);
    const all = interpretQuery('show all orders', stores, { now: new Date(NOW) }).interpretation;
    expect(planQuery(all, stores, TENANT, {}).pageSize).toBe(50);
    expect(planQuery(all, stores, TENANT, { limit: 5000 }).pageSize).toBe(1000);
  });

  it('orders groups from the smallest only when the interpretation sorts their value ascending', () => {
    const order = (q: string) =>
      planQuery(interpretQuery(q, stores, { now: new Date(NOW) }).interpretation, stores, TENANT).groupOrder;
    expect(order('users per country in ascending order')).toBe('asc');
    expect(order('users per country')).toBe('desc');
    expect(order('users per country in descending order')).toBe('desc');
    // A row sort on a field called "value" orders rows, not groups.
    expect(order('cpu readings sorted by value ascending')).toBe('desc');
  });

  it("one store's groups are bounded, ordered and cut in SQL, its bound a parameter", () => {
    const bounded = explainQuery(deps, TENANT, { q: 'top 3 services with more than 10 errors' });
    const plain = explainQuery(deps, TENANT, { q: 'top 3 services by number of errors' });
    expect(bounded.interpretation.having).toEqual({ fn: 'count', field: null, op: '>', value: 10 });
    expect(plain.interpretation.having).toBeNull();
    expect(bounded.plan.map((p) => p.answer)).toEqual(['groups']);
    const text = bounded.sql[0]!.text;
    expect(text).toMatch(/sum\(n\) over \(\) as total/);
    expect(text).toMatch(
      / where n > \$\d+::float8 order by n desc nulls last, first collate "C" limit \$\d+$/,
    );
    expect(bounded.sql[0]!.params).toContain(10);
    expect(plain.sql[0]!.text).not.toMatch(/ g where /);
    const { interpretation } = interpretQuery('top 3 services with more than 10 errors', stores, {
      now: new Date(NOW),
    });
    const plan = planQuery(interpretation, stores, TENANT);
    expect([plan.maxGroups, plan.groupsInSql]).toEqual([3, true]);
  });

  it('an average is ordered, and bounded, by the same value merge.ts reads', () => {
    const text = explainQuery(deps, TENANT, { q: 'hosts with average cpu above 50' }).sql[0]!.text;
    const avg = 'case when c = 0 then null else s::float8 / c end';
    expect(text).toMatch(/where \(case when c = 0 then null else s::float8 \/ c end\) > \$\d+::float8 /);
    expect(text).toContain(`order by (${avg}) desc nulls last`);
  });

  it("several stores' groups are all fetched and merged in memory, up to MAX_MERGED_GROUPS", () => {
    const { interpretation } = interpretQuery('count premium users by country', stores, {
      now: new Date(NOW),
    });
    const two = { ...interpretation, mcps: stores.slice(0, 2).map((s) => s.id) };
    const plan = planQuery(two, stores, TENANT);
    expect(plan.groupsInSql).toBe(false);
    const rendered = plan.stores.map((s) => dialect.sqlToQuery(s.aggregate!));
    for (const r of rendered) {
      expect(r.sql).not.toMatch(/order by|over \(\)/);
      expect(r.params.at(-1)).toBe(MAX_MERGED_GROUPS + 1);
    }
  });

  it('rejects a cursor made for another ordering', () => {
    const all = interpretQuery('show all orders', stores, { now: new Date(NOW) }).interpretation;
    expect(() => planQuery(all, stores, TENANT, { cursor: 'bm90LWEtY3Vyc29y' })).toThrow(/cursor/);
  });

  it('renders with the pg dialect', () => {
    const { interpretation } = interpretQuery('count premium users', stores, { now: new Date(NOW) });
    const plan = planQuery(interpretation, stores, TENANT);
    const count = plan.stores[0]?.count;
    expect(count && dialect.sqlToQuery(count).sql).toMatch(/^select count\(\*\) as n from records where/);
  });
});

describe('groups of periods of time (bucket)', () => {
  it('cut the indexed ts at the period in the zone asked, both parameters, oldest first', () => {
    const explained = explainQuery(deps, TENANT, { q: 'errors per day this week', tz: 'Europe/Paris' });
    expect(explained.interpretation.bucket).toEqual({ unit: 'day', tz: 'Europe/Paris' });
    const { text, params } = explained.sql[0]!;
    expect(text).toMatch(
      /select to_char\(\(date_trunc\(\$(\d+), ts at time zone \$(\d+)\) at time zone \$(\d+)\) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS\.MS"Z"'\) as key, count\(\*\) as n/,
    );
    const [, unit, zone, back] = text.match(
      /date_trunc\(\$(\d+), ts at time zone \$(\d+)\) at time zone \$(\d+)/,
    )!;
    expect(params[Number(unit) - 1]).toBe('day');
    expect(params[Number(zone) - 1]).toBe('Europe/Paris');
    expect(params[Number(back) - 1]).toBe('Europe/Paris');
    expect(text).not.toContain('Europe/Paris');
    expect(text).toMatch(/ order by key collate "C" desc limit \$\d+$/);
    expect(planQuery(explained.interpretation, stores, TENANT).groupOrder).toBe('key');
  });

  it('a measure per period reads the measure once per record, grouped by the period', () => {
    const explained = explainQuery(deps, TENANT, { q: 'average cpu per hour in the last 24 hours' });
    const { text, params } = explained.sql[0]!;
    expect(text).toMatch(/\(select to_char\(\(date_trunc\(\$\d+, ts at time zone \$\d+\)/);
    expect(params).toContain('hour');
    expect(params).toContain('UTC');
  });

  it('several stores return every period, merged by key', () => {
    const plan = planQuery(
      interpretQuery('count records per day', stores, { now: new Date(NOW) }).interpretation,
      stores,
      TENANT,
    );
    expect(plan.stores.length).toBeGreaterThan(1);
    expect(plan.groupsInSql).toBe(false);
    expect(plan.groupOrder).toBe('key');
  });
});
