/**
 * answerQuery end to end on the real PostgreSQL: pagination, fan-out across stores, the cache and
 * its invalidation by store versions, tenant isolation, and the access counters.
 */
import { AppError } from '@smartdb/core';
import type { StoreEntry } from '@smartdb/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import {
  answerQuery,
  QueryCache,
  type QueryCacheStore,
  type QueryDeps,
  QueryLearning,
  queryAnswer,
  UnderstoodQuestions,
} from '../src/index.ts';
import { dataset } from './support/dataset.ts';
import { insertRecords, loadSample, type SampleRecord, storeEntry } from './support/stores.ts';

class MapStore implements QueryCacheStore {
  readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: string) {
    this.map.set(key, value);
  }
}

const now = Date.now();
const tenant = uniqueTenant('answer');
let handle: Awaited<ReturnType<typeof testDatabase>>;
let stores: StoreEntry[];
let records: SampleRecord[];
let deps: QueryDeps;

beforeAll(async () => {
  handle = await testDatabase(4);
  const sample = await loadSample(handle.db, tenant, now);
  stores = sample.stores;
  records = sample.records;
  deps = { db: handle.db, stores: () => stores, now: () => new Date(now) };
});

afterAll(async () => {
  await handle?.close();
});

describe('answerQuery', () => {
  it('pages through every match with the keyset cursor, by time and by a field', async () => {
    for (const q of ['show all logs', 'orders sorted by amount']) {
      const seen = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      let count = 0;
      do {
        const page = await answerQuery(deps, tenant, { q, limit: 70, cursor });
        count = page.count;
        for (const row of page.rows) seen.add(row.id);
        cursor = page.next_cursor ?? undefined;
        pages++;
      } while (cursor && pages < 50);
      expect(seen.size, q).toBe(count);
    }
  });

  it('orders by a field numerically', async () => {
    const page = await answerQuery(deps, tenant, { q: 'orders sorted by amount ascending', limit: 1000 });
    const amounts = page.rows.map((r) => (r.data as { amount: number }).amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
  });

  it('orders groups from the smallest when the question asks for ascending order', async () => {
    const up = await answerQuery(deps, tenant, { q: 'users per country in ascending order' });
    const down = await answerQuery(deps, tenant, { q: 'users per country' });
    const values = (groups: { value: number | null }[]) => groups.map((g) => g.value ?? 0);
    expect(up.groups.length).toBeGreaterThan(2);
    expect(values(up.groups)).toEqual([...values(up.groups)].sort((a, b) => a - b));
    expect(values(down.groups)).toEqual([...values(down.groups)].sort((a, b) => b - a));
    expect(new Set(up.groups.map((g) => g.key))).toEqual(new Set(down.groups.map((g) => g.key)));
  });
  it('fans out over stores of several domains and merges in time order', async () => {
    const answer = await answerQuery(deps, tenant, { q: 'show everything on web-1', limit: 1000 });
    const want = records.filter((r) => r.data.host === 'web-1').length;
    expect(answer.count).toBe(want);
    expect(new Set(answer.rows.map((r) => r.mcp))).toEqual(new Set(['logs', 'metrics']));
    const ts = answer.rows.map((r) => r.ts);
    expect(ts).toEqual([...ts].sort().reverse());
  });

  it('caches answers until a store it read changes version', async () => {
    const store = new MapStore();
    const cached = { ...deps, cache: new QueryCache(store) };
    const first = await answerQuery(cached, tenant, { q: 'count premium users' });
    const second = await answerQuery(cached, tenant, { q: 'how many users are premium' });
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(second.count).toBe(first.count);
    const users = stores.find((s) => s.id === 'users')!;
    users.version += 1;
    try {
      expect((await answerQuery(cached, tenant, { q: 'count premium users' })).cache).toBe('miss');
    } finally {
      users.version -= 1;
    }
  });

  /** Deps with an answer cache and a memory of understood questions, on a clock the test moves. */
  const rememberingDeps = (clock: { ms: number }): QueryDeps => ({
    ...deps,
    now: () => new Date(clock.ms),
    cache: new QueryCache(new MapStore()),
    understood: new UnderstoodQuestions(),
  });

  it('reuses how a repeated question was understood only while the stores and its time window are unchanged', async () => {
    const clock = { ms: now };
    const remembering = rememberingDeps(clock);
    const first = await answerQuery(remembering, tenant, { q: 'count premium users' });
    const again = await answerQuery(remembering, tenant, { q: 'count premium users' });
    // The same interpretation object: the repeat skipped interpretation and planning.
    expect(again.interpretation).toBe(first.interpretation);
    expect([first.cache, again.cache, again.count]).toEqual(['miss', 'hit', first.count]);

    const users = stores.find((s) => s.id === 'users')!;
    users.seq += 1;
    try {
      const changed = await answerQuery(remembering, tenant, { q: 'count premium users' });
      expect(changed.interpretation).not.toBe(first.interpretation);
      expect(changed.interpretation).toEqual(first.interpretation);
    } finally {
      users.seq -= 1;
    }

    // A rolling window moves with the clock: read again the next second.
    const rolling = 'show errors from the last 3 hours';
    const recent = await answerQuery(remembering, tenant, { q: rolling });
    expect((await answerQuery(remembering, tenant, { q: rolling })).interpretation).toBe(
      recent.interpretation,
    );
    clock.ms += 1_000;
    const moved = await answerQuery(remembering, tenant, { q: rolling });
    expect(moved.interpretation).not.toBe(recent.interpretation);
    expect(moved.interpretation.time?.from).not.toBe(recent.interpretation.time?.from);

    // A calendar window is the same all day: read again only at the next (UTC) midnight.
    const midnight = dataset.startOfDay(clock.ms) + dataset.DAY;
    const today = await answerQuery(remembering, tenant, { q: 'count error logs today' });
    clock.ms = midnight - 1;
    expect((await answerQuery(remembering, tenant, { q: 'count error logs today' })).interpretation).toBe(
      today.interpretation,
    );
    clock.ms = midnight;
    const tomorrow = await answerQuery(remembering, tenant, { q: 'count error logs today' });
    expect(tomorrow.interpretation).not.toBe(today.interpretation);
    expect(tomorrow.interpretation.time?.from).toBe(new Date(midnight).toISOString());
  });

  it('refuses a repeated refused question again without reading it, while the stores and the second hold', async () => {
    const clock = { ms: now };
    const remembering = rememberingDeps(clock);
    const refusal = (q: string, using: QueryDeps = remembering) =>
      answerQuery(using, tenant, { q }).then(
        () => null,
        (e: unknown) => e,
      );
    for (const q of ['asdf qwerty zxcv', 'delete all users']) {
      const first = await refusal(q);
      expect((first as { status: number }).status, q).toBeGreaterThanOrEqual(400);
      // The very error: the repeat did not interpret the question again.
      expect(await refusal(q), q).toBe(first);
      // Without the answer cache (Cache-Control: no-cache) it is read afresh, and refused alike.
      const fresh = await refusal(q, { ...remembering, cache: undefined });
      expect(fresh, q).not.toBe(first);
      expect(fresh, q).toEqual(first);
      const users = stores.find((s) => s.id === 'users')!;
      users.seq += 1;
      try {
        expect(await refusal(q), q).not.toBe(first);
      } finally {
        users.seq -= 1;
      }
    }
    const before = await refusal('asdf qwerty zxcv');
    clock.ms += 1_000;
    expect(await refusal('asdf qwerty zxcv')).not.toBe(before);
  });

  it('sends a cached answer as the text it was cached as, the same JSON the object serialises to', async () => {
    const remembering: QueryDeps = {
      ...deps,
      cache: new QueryCache(new MapStore()),
      understood: new UnderstoodQuestions(),
    };
    for (const q of ['show all users', 'total revenue this month', 'count warn logs by service this week']) {
      const miss = await queryAnswer(remembering, tenant, { q });
      const hit = await queryAnswer(remembering, tenant, { q });
      const fresh = await queryAnswer({ ...remembering, understood: new UnderstoodQuestions() }, tenant, {
        q,
      });
      expect([miss.head.cache, hit.head.cache, fresh.head.cache], q).toEqual(['miss', 'hit', 'hit']);
      for (const answered of [miss, hit, fresh]) {
        // Byte for byte what serialising the object gives: the same members in the same order.
        expect(answered.json(), q).toBe(JSON.stringify(answered.response()));
      }
      const { took_ms: _a, cache: _b, ...computed } = miss.response();
      const { took_ms: _c, cache: _d, ...served } = hit.response();
      expect(served, q).toEqual(computed);
    }
  });

  it('serves a moving window from the cache until a record crosses one of its edges, never longer', async () => {
    let clock = now;
    const cached = { ...deps, now: () => new Date(clock), cache: new QueryCache(new MapStore()) };
    const ask = (q: string) => answerQuery(cached, tenant, { q });
    const timeOf = (r: SampleRecord) => Date.parse(String(r.data.timestamp));
    const errors = records.filter((r) => r.kind === 'logs' && r.data.level === 'error').map(timeOf);
    const inWindow = (at: number) => errors.filter((t) => t >= Math.floor(at / 1000) * 1000 - 86_400_000);

    const first = await ask('count error logs in the last 24 hours');
    expect([first.cache, first.count]).toEqual(['miss', inWindow(clock).length]);
    // The oldest error still inside the window: the answer holds until the window's start passes it.
    const oldest = Math.min(...inWindow(clock));
    clock = oldest + 86_400_000 - 5_000;
    const held = await ask('count error logs in the last 24 hours');
    expect([held.cache, held.count]).toEqual(['hit', first.count]);
    expect(held.interpretation.time?.from).not.toBe(first.interpretation.time?.from);

    clock = oldest + 86_400_000 + 5_000;
    const moved = await ask('count error logs in the last 24 hours');
    expect([moved.cache, moved.count]).toEqual(['miss', inWindow(clock).length]);
    expect(moved.count).toBeLessThan(first.count);
  });

  it('serves "older than" from the cache until a record ages into it', async () => {
    let clock = now;
    const cached = { ...deps, now: () => new Date(clock), cache: new QueryCache(new MapStore()) };
    const ask = () => answerQuery(cached, tenant, { q: 'count error logs older than 2 days' });
    const errors = records
      .filter((r) => r.kind === 'logs' && r.data.level === 'error')
      .map((r) => Date.parse(String(r.data.timestamp)));
    const older = (at: number) => errors.filter((t) => t < Math.floor(at / 1000) * 1000 - 2 * 86_400_000);
    const first = await ask();
    expect([first.cache, first.count]).toEqual(['miss', older(clock).length]);
    // The next error to age past two days: until then nothing enters the window.
    const next = Math.min(...errors.filter((t) => t >= Math.floor(clock / 1000) * 1000 - 2 * 86_400_000));
    clock = next + 2 * 86_400_000 - 5_000;
    expect((await ask()).cache).toBe('hit');
    clock = next + 2 * 86_400_000 + 5_000;
    const aged = await ask();
    expect([aged.cache, aged.count]).toEqual(['miss', older(clock).length]);
    expect(aged.count).toBeGreaterThan(first.count);
  });

  it('gives windows of different lengths answers of their own', async () => {
    const cached = { ...deps, cache: new QueryCache(new MapStore()) };
    const day = await answerQuery(cached, tenant, { q: 'count logs in the last 24 hours' });
    const twoDays = await answerQuery(cached, tenant, { q: 'count logs in the last 48 hours' });
    const dayAgain = await answerQuery(cached, tenant, { q: 'count logs in the last 24 hours' });
    expect([day.cache, twoDays.cache, dayAgain.cache]).toEqual(['miss', 'miss', 'hit']);
    expect(dayAgain.count).toBe(day.count);
    expect(twoDays.count).toBeGreaterThanOrEqual(day.count);
  });

  it('answers uncached when the cache fails', async () => {
    const broken: QueryCacheStore = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => Promise.reject(new Error('redis down')),
    };
    const answer = await answerQuery({ ...deps, cache: new QueryCache(broken) }, tenant, {
      q: 'count error logs',
    });
    expect(answer.cache).toBe('miss');
    expect(answer.count).toBe(records.filter((r) => r.data.level === 'error').length);
  });

  it('never sees another tenant', async () => {
    const other = uniqueTenant('other');
    const theirs = stores.map((s) => ({ ...s, tenantId: other }));
    const answer = await answerQuery({ ...deps, stores: () => theirs }, other, {
      q: 'how many users are there',
    });
    expect(answer.count).toBe(0);
    await expect(answerQuery(deps, other, { q: 'how many users are there' })).rejects.toBeInstanceOf(
      AppError,
    );
  });

  it('counts what is asked for', async () => {
    const learning = new QueryLearning();
    await answerQuery({ ...deps, learning }, tenant, { q: 'count warn logs by service' });
    await answerQuery({ ...deps, learning }, tenant, { q: 'count error logs by service' });
    const logs = learning.accessStats(tenant)[tenant]?.stores.logs;
    expect(logs?.queries).toBe(2);
    expect(logs?.fields.level?.filter).toBe(2);
    expect(logs?.fields.service?.group).toBe(2);
  });
});

describe('answerQuery with a bound on each group (HAVING)', () => {
  /** The records of `kind` that pass `keep`, as plain data. */
  const dataOf = (kind: string, keep: (d: Record<string, unknown>) => boolean = () => true) =>
    records
      .filter((r) => r.kind === kind)
      .map((r) => r.data as Record<string, unknown>)
      .filter(keep);
  /** Each value of `field` with its records' count, or an aggregate of `measure` over them. */
  const perGroup = (
    rows: Record<string, unknown>[],
    field: string,
    value: (group: Record<string, unknown>[]) => number,
  ): Map<string, { value: number; n: number }> => {
    const by = new Map<string, Record<string, unknown>[]>();
    for (const d of rows) by.set(String(d[field]), [...(by.get(String(d[field])) ?? []), d]);
    return new Map([...by].map(([key, group]) => [key, { value: value(group), n: group.length }]));
  };
  const kept = (groups: Map<string, { value: number; n: number }>, pass: (v: number) => boolean) =>
    [...groups].filter(([, g]) => pass(g.value));
  /**
   * A bound some groups pass and some do not: at least the smallest value and below the largest, in
   * the middle of that range, a whole number where one lies there, else with the fewest decimals that
   * do. (The median's value, the bound before, was at times the largest value, or below every value,
   * as the moment the data set is generated moves; and at times every host's average cpu lay within
   * one whole number, 46.2 to 46.9, leaving no whole number between.)
   */
  const boundBetween = (groups: Map<string, { value: number }>): number => {
    const values = [...groups.values()].map((g) => g.value);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    expect(max).toBeGreaterThan(min);
    for (let digits = 0; digits <= 6; digits++) {
      const scale = 10 ** digits;
      const [lo, hi] = [Math.ceil(min * scale), Math.ceil(max * scale) - 1];
      if (hi >= lo) return Math.floor((lo + hi) / 2) / scale;
    }
    throw new Error(`no bound of six decimals lies between ${min} and ${max}`);
  };

  it('keeps the groups whose count passes the bound, counting the records in them', async () => {
    const errors = perGroup(
      dataOf('logs', (d) => d.level === 'error'),
      'service',
      (g) => g.length,
    );
    const bound = boundBetween(errors);
    const want = kept(errors, (v) => v > bound);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(errors.size);
    const answer = await answerQuery(deps, tenant, { q: `services with more than ${bound} errors` });
    expect(answer.interpretation.having).toEqual({ fn: 'count', field: null, op: '>', value: bound });
    expect(new Map(answer.groups.map((g) => [String(g.key), g.value]))).toEqual(
      new Map(want.map(([key, g]) => [key, g.value])),
    );
    expect(answer.count).toBe(want.reduce((sum, [, g]) => sum + g.n, 0));
    // "at least" keeps the group at the bound too.
    const atLeast = await answerQuery(deps, tenant, { q: `services with at least ${bound} errors` });
    expect(atLeast.groups.map((g) => String(g.key)).sort()).toEqual(
      kept(errors, (v) => v >= bound)
        .map(([key]) => key)
        .sort(),
    );
  });

  it("keeps the groups whose average passes the bound, with each group's true average", async () => {
    const cpu = perGroup(
      dataOf('metrics', (d) => d.metric === 'cpu_usage'),
      'host',
      (g) => g.reduce((sum, d) => sum + Number(d.value), 0) / g.length,
    );
    const bound = boundBetween(cpu);
    const want = kept(cpu, (v) => v > bound);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(cpu.size);
    const answer = await answerQuery(deps, tenant, { q: `hosts with average cpu above ${bound}` });
    expect(answer.groups.map((g) => String(g.key)).sort()).toEqual(want.map(([key]) => key).sort());
    for (const g of answer.groups) expect(g.value).toBeCloseTo(cpu.get(String(g.key))!.value, 6);
    expect(answer.count).toBe(want.reduce((sum, [, g]) => sum + g.n, 0));
  });

  it('keeps the customers whose total amount is over the bound, the largest first, cut to a top N after it', async () => {
    const spent = perGroup(dataOf('orders'), 'customer', (g) =>
      g.reduce((sum, d) => sum + Number(d.amount), 0),
    );
    const want = kept(spent, (v) => v > 1000).sort(([, a], [, b]) => b.value - a.value);
    expect(want.length).toBeGreaterThan(3);
    const answer = await answerQuery(deps, tenant, { q: 'customers who spent more than 1000' });
    expect(answer.groups.map((g) => String(g.key)).sort()).toEqual(want.map(([key]) => key).sort());
    for (const g of answer.groups) expect(g.value).toBeCloseTo(spent.get(String(g.key))!.value, 6);
    const top = await answerQuery(deps, tenant, { q: 'top 3 customers who spent more than 1000' });
    expect(top.groups.map((g) => g.value)).toEqual(
      want.slice(0, 3).map(([key]) => answer.groups.find((g) => String(g.key) === key)?.value),
    );
  });

  it('keeps the customers with more than 2 orders, each with its count', async () => {
    const orders = perGroup(dataOf('orders'), 'customer', (g) => g.length);
    const want = kept(orders, (v) => v > 2);
    expect(want.length).toBeGreaterThan(0);
    const answer = await answerQuery(deps, tenant, { q: 'customers with more than 2 orders' });
    expect(new Map(answer.groups.map((g) => [String(g.key), g.value]))).toEqual(
      new Map(want.map(([key, g]) => [key, g.value])),
    );
    expect(answer.count).toBe(want.reduce((sum, [, g]) => sum + g.n, 0));
  });

  it('bounds the groups of several stores on their values added up across the stores', async () => {
    const logs = perGroup(dataOf('logs'), 'host', (g) => g.length);
    const metrics = perGroup(dataOf('metrics'), 'host', (g) => g.length);
    const total = (host: string) => (logs.get(host)?.n ?? 0) + (metrics.get(host)?.n ?? 0);
    const hosts = [...new Set([...logs.keys(), ...metrics.keys()])];
    // The bound: the largest count one store holds of the busiest host, which that host passes only
    // with both stores' records added up.
    const busiest = hosts.sort((a, b) => total(b) - total(a))[0]!;
    const bound = Math.max(logs.get(busiest)?.n ?? 0, metrics.get(busiest)?.n ?? 0);
    const answer = await answerQuery(deps, tenant, { q: `hosts with more than ${bound} records` });
    expect(answer.interpretation.mcps).toEqual(['logs', 'metrics']);
    const want = hosts.filter((h) => total(h) > bound);
    expect(want).toContain(busiest);
    expect(new Map(answer.groups.map((g) => [String(g.key), g.value]))).toEqual(
      new Map(want.map((h) => [h, total(h)])),
    );
    expect(answer.count).toBe(want.reduce((sum, h) => sum + total(h), 0));
  });

  it.each([
    // As first written in the fixtures that expected them refused; which groups pass these bounds
    // changes with the moment the data set is generated, so they are checked against its records.
    ['count users per country with more than 20 users', 'users', {}, 'country', null, 20],
    ['services with more than 20 errors', 'logs', { level: 'error' }, 'service', null, 20],
    ['hosts with average cpu above 50', 'metrics', { metric: 'cpu_usage' }, 'host', 'value', 50],
    [
      'services whose average response time is over 400',
      'metrics',
      { metric: 'response_time' },
      'service',
      'value',
      400,
    ],
  ] as const)(
    '%s: the groups over the bound, with their true values',
    async (q, kind, where, field, measure, bound) => {
      const rows = dataOf(kind, (d) => Object.entries(where).every(([f, v]) => d[f] === v));
      const groups = perGroup(rows, field, (g) =>
        measure ? g.reduce((sum, d) => sum + Number(d[measure]), 0) / g.length : g.length,
      );
      const want = kept(groups, (v) => v > bound);
      const answer = await answerQuery(deps, tenant, { q });
      expect(answer.interpretation.having).toEqual({
        fn: measure ? 'avg' : 'count',
        field: measure,
        op: '>',
        value: bound,
      });
      expect(answer.groups.map((g) => String(g.key)).sort()).toEqual(want.map(([key]) => key).sort());
      for (const g of answer.groups) expect(g.value).toBeCloseTo(groups.get(String(g.key))!.value, 6);
      expect(answer.count).toBe(want.reduce((sum, [, g]) => sum + g.n, 0));
    },
  );

  it('caches two questions that differ only in the bound under keys of their own', async () => {
    const cached = { ...deps, cache: new QueryCache(new MapStore()) };
    const low = await answerQuery(cached, tenant, { q: 'services with more than 0 errors' });
    const high = await answerQuery(cached, tenant, { q: 'services with more than 100000 errors' });
    expect([low.cache, high.cache]).toEqual(['miss', 'miss']);
    expect(low.groups.length).toBeGreaterThan(0);
    expect(high.groups).toEqual([]);
    expect(high.count).toBe(0);
    const again = await answerQuery(cached, tenant, { q: 'services with more than 100000 errors' });
    expect([again.cache, again.groups]).toEqual(['hit', []]);
  });
});

describe('answerQuery over more groups than it lists', () => {
  // 1,500 customers with two orders each, more than the 1,000 groups an answer lists; customer k
  // spends k + 1 an order. PostgreSQL hands groups over in no order at all, so a third of them would
  // be missing from any answer chosen from the first 1,001 it hands over.
  const crowd = uniqueTenant('answer-groups');
  const CUSTOMERS = 1_500;
  const orders = Array.from({ length: 2 * CUSTOMERS }, (_, i) => {
    const k = i % CUSTOMERS;
    return {
      type: 'order',
      customer: `c${String(k).padStart(4, '0')}@example.com`,
      amount: k + 1,
      currency: 'USD',
      status: i % 3 === 0 ? 'refunded' : 'paid',
      created_at: new Date(now - i * 60_000).toISOString(),
    };
  });
  const spent = (k: number) => ({ key: `c${String(k).padStart(4, '0')}@example.com`, value: 2 * (k + 1) });
  let crowdDeps: QueryDeps;

  beforeAll(async () => {
    const store = storeEntry(crowd, 'orders', orders);
    // Time-ordered ids in insertion order: customer k's first order is the k-th record.
    await insertRecords(handle.db, crowd, 'orders', orders, 'created_at');
    crowdDeps = { db: handle.db, stores: () => [store], now: () => new Date(now) };
  });

  it('counts every record of every group, not of the groups listed', async () => {
    const answer = await answerQuery(crowdDeps, crowd, { q: 'count orders by customer' });
    expect(answer.groups).toHaveLength(1_000);
    expect(answer.count).toBe(2 * CUSTOMERS);
    expect(answer.groups.every((g) => g.value === 2)).toBe(true);
  });

  it('ranks every group before cutting to the number asked for', async () => {
    const top = await answerQuery(crowdDeps, crowd, { q: 'top 10 customers by total amount' });
    expect(top.groups).toEqual(Array.from({ length: 10 }, (_, n) => spent(CUSTOMERS - 1 - n)));
    const up = await answerQuery(crowdDeps, crowd, { q: 'total amount by customer in ascending order' });
    expect(up.groups).toEqual(Array.from({ length: 1_000 }, (_, k) => spent(k)));
  });

  it('bounds every group, wherever it falls in the grouping', async () => {
    // 2 (k + 1) > 2900: the 50 customers from k = 1450.
    const answer = await answerQuery(crowdDeps, crowd, { q: 'customers who spent more than 2900' });
    expect(answer.interpretation.having).toMatchObject({ fn: 'sum', op: '>', value: 2_900 });
    expect(answer.groups).toEqual(Array.from({ length: 50 }, (_, n) => spent(CUSTOMERS - 1 - n)));
    expect(answer.count).toBe(100);
    // A bound that is no whole number is compared as one, with a count as with a sum.
    const half = await answerQuery(crowdDeps, crowd, { q: 'customers who spent more than 2900.5' });
    expect(half.groups).toEqual(answer.groups);
    const orders = await answerQuery(crowdDeps, crowd, { q: 'customers with more than 1.5 orders' });
    expect([orders.groups.length, orders.count]).toEqual([1_000, 2 * CUSTOMERS]);
  });

  it('lists tied groups in the order their first records arrived, as merging them would', async () => {
    const answer = await answerQuery(crowdDeps, crowd, { q: 'count orders by customer' });
    expect(answer.groups.map((g) => g.key)).toEqual(Array.from({ length: 1_000 }, (_, k) => spent(k).key));
  });
});
