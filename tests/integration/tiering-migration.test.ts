/**
 * Tier migrations on the real PostgreSQL, through an in-process region: records move between
 * `records` and `records_cold` in batches while ingest and queries keep running; afterwards every
 * acknowledged record exists exactly once, queries count them all, and the registry shows the tier.
 */
import { QueryLearning } from '@smartdb/query';
import { DEFAULT_TIERING, Tierer } from '@smartdb/tiering';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

let region: InProcessRegion;

beforeAll(async () => {
  region = await startInProcessRegion({ registryRefreshMs: 200, tieringIntervalMs: 3_600_000 });
});

afterAll(async () => {
  await region?.close();
});

const LEVELS = ['info', 'info', 'info', 'warn', 'error'];

function logs(from: number, count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    level: LEVELS[(from + i) % LEVELS.length],
    service: `svc-${(from + i) % 7}`,
    message: `request ${from + i} handled`,
    timestamp: new Date(now - (from + i) * 1000).toISOString(),
  }));
}

async function ingest(key: TestKey, records: unknown[]): Promise<void> {
  const res = await region.request('/v1/ingest?domain=logs', { key: key.key, json: records });
  if (res.status !== 201) throw new Error(`ingest ${res.status}: ${await res.text()}`);
}

async function count(key: TestKey, q: string): Promise<{ count: number; cache: string }> {
  const res = await region.request(`/v1/query?q=${encodeURIComponent(q)}`, { key: key.key });
  if (res.status !== 200) throw new Error(`query ${res.status}: ${await res.text()}`);
  return (await res.json()) as { count: number; cache: string };
}

async function tables(tenant: string) {
  const [row] = await region.database.client!<
    { hot: number; cold: number; distinct: number; both: number }[]
  >`
    select
      (select count(*)::int from records where tenant_id = ${tenant}) as hot,
      (select count(*)::int from records_cold where tenant_id = ${tenant}) as cold,
      (select count(distinct id)::int from (
        select id from records where tenant_id = ${tenant}
        union all select id from records_cold where tenant_id = ${tenant}) x) as distinct,
      (select count(*)::int from records r join records_cold c using (id) where r.tenant_id = ${tenant}) as both`;
  return row!;
}

async function store(key: TestKey) {
  const res = await region.request('/v1/mcps', { key: key.key });
  const body = (await res.json()) as { mcps: { id: string; tier: string; status: string }[] };
  return body.mcps.find((m) => m.id === 'logs');
}

describe('tier migration', () => {
  it('moves a store to COLD and back while ingest and queries run; every record exists exactly once', async () => {
    const key = await region.key('admin');
    const initial = 8_000;
    for (let i = 0; i < initial; i += 1_000) await ingest(key, logs(i, 1_000));
    const errorsBefore = (await count(key, 'count error logs')).count;
    expect(errorsBefore).toBe(initial / 5);

    // Small batches with a pause, so the move takes long enough for ingest and queries to overlap it.
    const tierer = new Tierer(region.database.db, region.services.registry, new QueryLearning(), {
      ...DEFAULT_TIERING,
      autoTier: false,
      autoIndex: false,
      migration: { batchSize: 250, pauseMs: 15, graceMs: 600 },
    });
    let acknowledged = initial;
    try {
      const request = await tierer.setTier(key.tenant, 'logs', 'COLD');
      expect(request.migrating).toBe(true);
      expect(await store(key)).toMatchObject({ tier: 'HOT', status: 'migrating' });
      const migration = tierer.migration(key.tenant, 'logs')!;

      let sent = initial;
      let done = false;
      const writer = (async () => {
        for (let n = 0; !done && n < 200; n++) {
          sent += 100;
          await ingest(key, logs(sent - 100, 100));
          acknowledged += 100;
        }
      })();
      const observed: number[] = [];
      const reader = (async () => {
        for (let n = 0; !done && n < 2_000; n++) {
          const before = acknowledged;
          const { count: seen } = await count(key, 'count logs');
          // Never a record missing (each acknowledged one is visible) or counted twice.
          expect(seen).toBeGreaterThanOrEqual(before);
          expect(seen).toBeLessThanOrEqual(sent);
          observed.push(seen);
        }
      })();
      const result = await migration;
      done = true;
      await Promise.all([writer, reader]);
      // Regions of other test files share this database and resume any store left migrating when they
      // start, so another runner may finish the move; the table counts below prove it either way.
      if (!result.finished) expect(result.moved).toBeLessThanOrEqual(acknowledged);
      expect(observed.length).toBeGreaterThan(5);
      // When another runner finished the move, this region's registry learns it on a refresh.
      for (let i = 0; i < 200 && (await store(key))?.status !== 'active'; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await store(key)).toMatchObject({ tier: 'COLD', status: 'active' });

      // Records that arrived after the last batch are in `records` until the next pass sweeps them.
      const report = await tierer.pass();
      expect(report.errors).toEqual([]);
      const after = await tables(key.tenant);
      expect(after).toEqual({ hot: 0, cold: acknowledged, distinct: acknowledged, both: 0 });
      expect(await region.sqlCount(key.tenant)).toBe(0);
      expect((await count(key, 'count logs')).count).toBe(acknowledged);
      expect((await count(key, 'count error logs')).count).toBe(acknowledged / 5);

      // New writes to a COLD store are visible at once (the plan reads both tables), then swept.
      await ingest(key, logs(acknowledged, 50));
      expect((await count(key, 'count logs')).count).toBe(acknowledged + 50);
      expect((await tables(key.tenant)).hot).toBe(50);
      await tierer.pass();
      expect(await tables(key.tenant)).toMatchObject({ hot: 0, cold: acknowledged + 50 });
      acknowledged += 50;

      // COLD answers are never cached.
      expect((await count(key, 'count warn logs')).cache).toBe('miss');
      expect((await count(key, 'count warn logs')).cache).toBe('miss');

      // A single record of a COLD store is still found by id.
      const [one] = await region.database.client!<{ id: string }[]>`
        select id::text as id from records_cold where tenant_id = ${key.tenant} limit 1`;
      const got = await region.request(`/v1/records/${one!.id}`, { key: key.key });
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ id: one!.id, tier: 'COLD' });
    } finally {
      await tierer.stop();
    }

    // Back to HOT through the HTTP route (the region's own tierer).
    const res = await region.request('/v1/mcps/logs/tier', { key: key.key, json: { tier: 'HOT' } });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: 'logs', status: 'migrating' });
    await region.services.tiering.migration(key.tenant, 'logs');
    // As above: a region of another test file starting now may resume the move and finish it; this
    // region's registry then learns it on a refresh.
    for (let i = 0; i < 200 && (await store(key))?.status !== 'active'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await store(key)).toMatchObject({ tier: 'HOT', status: 'active' });
    expect(await tables(key.tenant)).toEqual({ hot: acknowledged, cold: 0, distinct: acknowledged, both: 0 });
    expect((await count(key, 'count logs')).count).toBe(acknowledged);
  });

  it('HOT to WARM flips at once; unknown stores, bad tiers and non-admin keys are refused', async () => {
    const admin = await region.key('admin');
    await ingest(admin, logs(0, 10));
    const warm = await region.request('/v1/mcps/logs/tier', { key: admin.key, json: { tier: 'WARM' } });
    expect(warm.status).toBe(200);
    expect(await warm.json()).toMatchObject({ tier: 'WARM', status: 'active' });
    const again = await region.request('/v1/mcps/logs/tier', { key: admin.key, json: { tier: 'WARM' } });
    expect(again.status).toBe(200);
    expect(await tables(admin.tenant)).toMatchObject({ hot: 10, cold: 0 });

    const missing = await region.request('/v1/mcps/nope/tier', { key: admin.key, json: { tier: 'COLD' } });
    expect(missing.status).toBe(404);
    const bad = await region.request('/v1/mcps/logs/tier', { key: admin.key, json: { tier: 'LUKEWARM' } });
    expect(bad.status).toBe(400);
    const extra = await region.request('/v1/mcps/logs/tier', {
      key: admin.key,
      json: { tier: 'COLD', now: true },
    });
    expect(extra.status).toBe(400);
    const writer = await region.key('write', admin.tenant);
    const denied = await region.request('/v1/mcps/logs/tier', { key: writer.key, json: { tier: 'COLD' } });
    expect(denied.status).toBe(403);
    expect((await store(admin))?.tier).toBe('WARM');
  });
});
