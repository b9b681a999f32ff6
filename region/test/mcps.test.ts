/** The registry over HTTP: list, read, discover and create stores (happy, error and security cases). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

interface Store {
  id: string;
  domain: string;
  tier: string;
  status: string;
  recordCount: number;
  timeField: string | null;
  fields: { name: string; type: string; values?: string[] }[];
}

const log = (i: number) => ({
  level: ['info', 'error'][i % 2],
  service: 'api',
  host: 'web-1',
  message: `m${i}`,
  timestamp: '2026-01-01T00:00:00Z',
});
const metric = (i: number) => ({ metric: 'cpu', value: i, unit: '%', recorded_at: '2026-01-01T00:00:00Z' });

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('happy', () => {
  test('list shows each store with counts, time field and learned fields', async () => {
    const k = await region.key('write');
    await region.request('/v1/ingest', { key: k.key, json: [log(1), log(2), log(3), metric(1)] });
    const { mcps } = await json<{ mcps: Store[] }>(await region.request('/v1/mcps', { key: k.key }));
    const byDomain = Object.fromEntries(mcps.map((m) => [m.domain, m]));
    expect(Object.keys(byDomain).sort()).toEqual(['logs', 'metrics']);
    expect(byDomain.logs).toMatchObject({
      recordCount: 3,
      timeField: 'timestamp',
      tier: 'HOT',
      status: 'active',
    });
    expect(byDomain.metrics).toMatchObject({ recordCount: 1, timeField: 'recorded_at' });
    const level = byDomain.logs!.fields.find((f) => f.name === 'level')!;
    expect(level.type).toBe('string');
    expect(level.values?.sort()).toEqual(['error', 'info']);
    expect(byDomain.logs!.fields.find((f) => f.name === 'timestamp')!.type).toBe('date');
  });

  test('GET /v1/mcps/:id returns one store; a read key may list', async () => {
    const k = await region.key('write');
    const ack = await json<{ records: { mcp: string }[] }>(
      await region.request('/v1/ingest', { key: k.key, json: log(1) }),
    );
    const read = await region.key('read', k.tenant);
    const store = await json<Store>(
      await region.request(`/v1/mcps/${ack.records[0]!.mcp}`, { key: read.key }),
    );
    expect(store).toMatchObject({ id: ack.records[0]!.mcp, domain: 'logs', recordCount: 1 });
  });

  test('discover filters by domain, tier and field', async () => {
    const k = await region.key('write');
    await region.request('/v1/ingest', { key: k.key, json: [log(1), metric(1)] });
    const ask = async (q: string) =>
      (await json<{ mcps: Store[] }>(await region.request(`/v1/mcps/discover${q}`, { key: k.key }))).mcps
        .map((m) => m.domain)
        .sort();
    expect(await ask('')).toEqual(['logs', 'metrics']);
    expect(await ask('?domain=logs')).toEqual(['logs']);
    expect(await ask('?field=unit')).toEqual(['metrics']);
    expect(await ask('?field=service&domain=logs')).toEqual(['logs']);
    expect(await ask('?tier=COLD')).toEqual([]);
    expect(await ask('?field=nope')).toEqual([]);
  });

  test('an admin creates a store explicitly; records then join it by hint', async () => {
    const admin = await region.key('admin');
    const res = await region.request('/v1/mcps', {
      key: admin.key,
      json: { domain: 'invoices', timeField: 'issued_at' },
    });
    expect(res.status).toBe(201);
    expect(await json<Store>(res)).toMatchObject({ id: 'invoices', domain: 'invoices', recordCount: 0 });
    const ack = await json<{ records: { mcp: string }[] }>(
      await region.request('/v1/ingest?domain=invoice', {
        key: admin.key,
        json: { number: 1, issued_at: '2026-01-01T00:00:00Z' },
      }),
    );
    expect(ack.records[0]!.mcp).toBe('invoices');
  });

  test('a store created explicitly for a known domain receives that domain’s records without a hint', async () => {
    const admin = await region.key('admin');
    const res = await region.request('/v1/mcps', { key: admin.key, json: { domain: 'logs' } });
    expect(res.status).toBe(201);
    const acks = [];
    for (const body of [log(1), [log(2), log(3)], log(4)]) {
      const ack = await region.request('/v1/ingest', { key: admin.key, json: body });
      expect(ack.status).toBe(201);
      acks.push(...(await json<{ records: { mcp: string }[] }>(ack)).records.map((r) => r.mcp));
    }
    expect(acks).toEqual(['logs', 'logs', 'logs', 'logs']);
    const { mcps } = await json<{ mcps: Store[] }>(await region.request('/v1/mcps', { key: admin.key }));
    expect(mcps.map((m) => [m.id, m.recordCount])).toEqual([['logs', 4]]);
  });
});

describe('error', () => {
  test('an unknown store is 404', async () => {
    const k = await region.key('read');
    const res = await region.request('/v1/mcps/nope', { key: k.key });
    expect(res.status).toBe(404);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('NOT_FOUND');
  });

  test('discover with an unknown parameter or tier is 400', async () => {
    const k = await region.key('read');
    expect((await region.request('/v1/mcps/discover?tier=LUKEWARM', { key: k.key })).status).toBe(400);
    expect((await region.request('/v1/mcps/discover?sql=1', { key: k.key })).status).toBe(400);
  });

  test('creating a store twice is 409', async () => {
    const admin = await region.key('admin');
    expect((await region.request('/v1/mcps', { key: admin.key, json: { domain: 'things' } })).status).toBe(
      201,
    );
    expect((await region.request('/v1/mcps', { key: admin.key, json: { domain: 'things' } })).status).toBe(
      409,
    );
  });

  test.each([
    ['an unknown field', { domain: 'x', extra: 1 }],
    ['a bad domain', { domain: 'Bad Domain' }],
    ['a bad tier', { domain: 'x', tier: 'LUKEWARM' }],
  ])('creating a store with %s is 400 and creates nothing', async (_, body) => {
    const admin = await region.key('admin');
    const res = await region.request('/v1/mcps', { key: admin.key, json: body });
    expect(res.status).toBe(400);
    expect(await json(await region.request('/v1/mcps', { key: admin.key }))).toEqual({ mcps: [] });
  });
});

describe('security', () => {
  test.each(['read', 'write'] as const)('a %s key cannot create stores (403)', async (role) => {
    const k = await region.key(role);
    expect((await region.request('/v1/mcps', { key: k.key, json: { domain: 'sneaky' } })).status).toBe(403);
    expect(await json(await region.request('/v1/mcps', { key: k.key }))).toEqual({ mcps: [] });
  });

  test('without a key the registry is 401', async () => {
    for (const path of ['/v1/mcps', '/v1/mcps/logs', '/v1/mcps/discover']) {
      expect((await region.request(path, { key: null })).status).toBe(401);
    }
  });

  test('a store created by one tenant is invisible to another with the same store id', async () => {
    const a = await region.key('write');
    const b = await region.key('write');
    await region.request('/v1/ingest', { key: a.key, json: [log(1), log(2)] });
    await region.request('/v1/ingest', { key: b.key, json: log(3) });
    const storesB = (await json<{ mcps: Store[] }>(await region.request('/v1/mcps', { key: b.key }))).mcps;
    expect(storesB.map((s) => [s.domain, s.recordCount])).toEqual([['logs', 1]]);
    const level = storesB[0]!.fields.find((f) => f.name === 'level')!;
    expect(level.values).toEqual(['error']);
  });
});

describe('the stores a tenant may hold', () => {
  test('past MAX_STORES_PER_TENANT, creating one by hand and starting one by ingest are both 422 TOO_MANY_STORES', async () => {
    const capped = await startInProcessRegion({ maxStoresPerTenant: 2 });
    try {
      const admin = await capped.key('admin');
      expect(
        (await capped.request('/v1/mcps', { key: admin.key, json: { domain: 'invoices' } })).status,
      ).toBe(201);
      expect((await capped.request('/v1/ingest', { key: admin.key, json: log(1) })).status).toBe(201);
      const byHand = await capped.request('/v1/mcps', { key: admin.key, json: { domain: 'receipts' } });
      expect(byHand.status).toBe(422);
      expect((await json<{ error: { code: string } }>(byHand)).error.code).toBe('TOO_MANY_STORES');
      const byIngest = await capped.request('/v1/ingest', { key: admin.key, json: [log(2), metric(1)] });
      expect(byIngest.status).toBe(422);
      const refused = await json<{ error: { code: string; details: unknown } }>(byIngest);
      expect(refused.error).toMatchObject({
        code: 'TOO_MANY_STORES',
        details: { index: 1, stores: 2, max: 2 },
      });
      const { mcps } = await json<{ mcps: Store[] }>(await capped.request('/v1/mcps', { key: admin.key }));
      expect(mcps.map((m) => [m.id, m.recordCount]).sort()).toEqual([
        ['invoices', 0],
        ['logs', 1],
      ]);
    } finally {
      await capped.close();
    }
  });
});
