/** Who may ingest and read: keys, roles and tenant isolation on /v1/ingest and /v1/records. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

const record = {
  level: 'error',
  service: 'api',
  host: 'web-1',
  message: 'secret of A',
  timestamp: '2026-01-01T00:00:00Z',
};

async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  const body = (await res.json()) as { error: { code: string } };
  return { status: res.status, code: body.error.code };
}

async function ingestAs(key: string | null, headers?: Record<string, string>) {
  return region.request('/v1/ingest', { key, json: record, ...(headers ? { headers } : {}) });
}

describe('authentication', () => {
  test('no key is 401 with WWW-Authenticate, nothing stored', async () => {
    const res = await ingestAs(null);
    expect(await errorOf(res)).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  test.each([
    ['an unknown key', 'Bearer sdb_this-key-does-not-exist'],
    ['a key that is not ours', 'Bearer abc'],
    ['a Basic header', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('%s is 401', async (_, authorization) => {
    const res = await region.app.request('/v1/ingest', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(record),
    });
    expect(await errorOf(res)).toEqual({ status: 401, code: 'UNAUTHORIZED' });
  });

  test('a 401 comes before body validation: an unauthenticated bad body reveals nothing', async () => {
    const res = await region.request('/v1/ingest', { key: null, body: '{broken' });
    expect((await errorOf(res)).status).toBe(401);
  });
});

describe('roles', () => {
  test('a read key cannot ingest (403) and nothing is stored', async () => {
    const read = await region.key('read');
    expect(await errorOf(await ingestAs(read.key))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await region.sqlCount(read.tenant)).toBe(0);
  });

  test('a read key cannot delete a record', async () => {
    const write = await region.key('write');
    const read = await region.key('read', write.tenant);
    const ack = (await (await ingestAs(write.key)).json()) as { records: { id: string }[] };
    const id = ack.records[0]!.id;
    expect(
      (await errorOf(await region.request(`/v1/records/${id}`, { key: read.key, method: 'DELETE' }))).status,
    ).toBe(403);
    expect((await region.request(`/v1/records/${id}`, { key: read.key })).status).toBe(200);
  });

  test('a write key and an admin key can ingest', async () => {
    for (const role of ['write', 'admin'] as const) {
      const k = await region.key(role);
      expect((await ingestAs(k.key)).status).toBe(201);
    }
  });
});

describe('tenant isolation', () => {
  test("tenant B sees no store and no record of tenant A's", async () => {
    const a = await region.key('write');
    const b = await region.key('admin');
    const ack = (await (await ingestAs(a.key)).json()) as { records: { id: string; mcp: string }[] };
    const { id, mcp } = ack.records[0]!;

    const read = await region.request(`/v1/records/${id}`, { key: b.key });
    expect(await errorOf(read)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await (await region.request('/v1/mcps', { key: b.key })).json()).toEqual({ mcps: [] });
    expect((await region.request(`/v1/mcps/${mcp}`, { key: b.key })).status).toBe(404);
    expect(await (await region.request('/v1/mcps/discover?domain=logs', { key: b.key })).json()).toEqual({
      mcps: [],
    });

    expect((await region.request(`/v1/records/${id}`, { key: b.key, method: 'DELETE' })).status).toBe(404);
    expect((await region.request(`/v1/records/${id}`, { key: a.key })).status).toBe(200);
  });

  test('an x-smartdb-tenant header does not let a tenant key act for another tenant', async () => {
    const a = await region.key('write');
    const b = await region.key('write');
    const ack = (await (await ingestAs(a.key)).json()) as { records: { id: string }[] };
    const res = await region.request(`/v1/records/${ack.records[0]!.id}`, {
      key: b.key,
      headers: { 'x-smartdb-tenant': a.tenant },
    });
    expect(res.status).toBe(404);
    const own = await ingestAs(b.key, { 'x-smartdb-tenant': a.tenant });
    expect(own.status).toBe(201);
    expect(await region.sqlCount(b.tenant)).toBe(1);
    expect(await region.sqlCount(a.tenant)).toBe(1);
  });

  test('the same Idempotency-Key in two tenants never replays the other tenant’s answer', async () => {
    const a = await region.key('write');
    const b = await region.key('write');
    const headers = { 'idempotency-key': 'same-key' };
    const ra = (await (await ingestAs(a.key, headers)).json()) as { records: { id: string }[] };
    const rb = (await (await ingestAs(b.key, headers)).json()) as { records: { id: string }[] };
    expect(rb.records[0]!.id).not.toBe(ra.records[0]!.id);
    expect((await region.request(`/v1/records/${rb.records[0]!.id}`, { key: b.key })).status).toBe(200);
  });

  test('the root key acts for the tenant named in x-smartdb-tenant, and a bad name is 400', async () => {
    const a = await region.key('write');
    const ack = (await (await ingestAs(a.key)).json()) as { records: { id: string }[] };
    const id = ack.records[0]!.id;
    expect(
      (await region.request(`/v1/records/${id}`, { headers: { 'x-smartdb-tenant': a.tenant } })).status,
    ).toBe(200);
    expect((await region.request(`/v1/records/${id}`)).status).toBe(404);
    const bad = await region.request(`/v1/records/${id}`, { headers: { 'x-smartdb-tenant': '../other' } });
    expect((await errorOf(bad)).status).toBe(400);
  });
});

describe('error responses', () => {
  test('a failure inside the database does not leak SQL to the client', async () => {
    const k = await region.key('write');
    const res = await region.request('/v1/ingest', { key: k.key, body: '{"message":"\\udfff"}' });
    const text = await res.text();
    expect(text).not.toMatch(/insert into|select |json_to_recordset/i);
  });
});
