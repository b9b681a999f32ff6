/** POST /v1/ingest and the reads that follow it, through app.request(). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

interface Ack {
  id: string;
  mcp: string;
  domain: string;
  tier: string;
}
interface IngestBody {
  ingested: number;
  records: Ack[];
}

const user = (i: number) => ({
  id: `u-${i}`,
  username: `user${i}`,
  email: `user${i}@example.com`,
  plan: ['free', 'pro', 'premium'][i % 3],
  age: 20 + i,
  signed_up_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
});

describe('POST /v1/ingest', () => {
  test('one object → 201 with its id, store, domain and tier; the record reads back whole', async () => {
    const { key } = await region.key('write');
    const res = await region.request('/v1/ingest', { key, json: user(1) });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = (await res.json()) as IngestBody;
    expect(body.ingested).toBe(1);
    expect(body.records[0]).toMatchObject({ domain: 'users', tier: 'HOT' });
    expect(body.records[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await region.request(`/v1/records/${body.records[0]!.id}`, { key });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      id: body.records[0]!.id,
      mcp: body.records[0]!.mcp,
      domain: 'users',
      tier: 'HOT',
      ts: user(1).signed_up_at,
      data: user(1),
    });
  });

  test('an array → 201, acknowledgements in request order, all visible at once', async () => {
    const { key, tenant } = await region.key('write');
    const records = Array.from({ length: 25 }, (_, i) => user(i));
    const res = await region.request('/v1/ingest', { key, json: records });
    expect(res.status).toBe(201);
    const body = (await res.json()) as IngestBody;
    expect(body.ingested).toBe(25);
    expect(await region.sqlCount(tenant)).toBe(25);
    const fifth = (await (await region.request(`/v1/records/${body.records[4]!.id}`, { key })).json()) as {
      data: unknown;
    };
    expect(fifth.data).toEqual(user(4));
  });

  test('content type parameters are accepted (application/json; charset=utf-8)', async () => {
    const { key } = await region.key('write');
    const res = await region.request('/v1/ingest', {
      key,
      body: JSON.stringify(user(1)),
      contentType: 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  test('unicode survives the round trip', async () => {
    const { key } = await region.key('write');
    const record = {
      text: 'héllo wörld 😀 日本語',
      from: 'zoë',
      channel: 'général',
      sent_at: '2026-01-01T00:00:00Z',
    };
    const body = (await (await region.request('/v1/ingest', { key, json: record })).json()) as IngestBody;
    const read = (await (await region.request(`/v1/records/${body.records[0]!.id}`, { key })).json()) as {
      data: unknown;
    };
    expect(read.data).toEqual(record);
  });

  test('fields and values named like Object.prototype members are ordinary data', async () => {
    const { key } = await region.key('write');
    const records = [
      { toString: 'a', valueOf: 1, hasOwnProperty: true, level: 'constructor', at: '2026-01-01T00:00:00Z' },
      { toString: 'b', valueOf: 2, hasOwnProperty: false, level: '__proto__', at: '2026-01-02T00:00:00Z' },
    ];
    // One at a time, then as an array: the first creates the store, the rest go through the fast path.
    const first = await region.request('/v1/ingest', { key, json: records[0] });
    expect(first.status).toBe(201);
    const rest = await region.request('/v1/ingest', { key, json: [records[1], records[0]] });
    expect(rest.status).toBe(201);
    const { mcp } = ((await first.json()) as IngestBody).records[0]!;
    const store = (await (await region.request(`/v1/mcps/${mcp}`, { key })).json()) as {
      recordCount: number;
      fields: { name: string; type: string }[];
    };
    expect(store.recordCount).toBe(3);
    expect(store.fields.map((f) => f.name).sort()).toEqual(
      ['at', 'hasOwnProperty', 'level', 'toString', 'valueOf'].sort(),
    );
  });

  test('NDJSON → 201 with every line stored', async () => {
    const { key, tenant } = await region.key('write');
    const body = `${Array.from({ length: 300 }, (_, i) => JSON.stringify(user(i))).join('\n')}\n`;
    const res = await region.request('/v1/ingest', { key, body, contentType: 'application/x-ndjson' });
    expect(res.status).toBe(201);
    const result = (await res.json()) as IngestBody & { errors: unknown[] };
    expect(result.ingested).toBe(300);
    expect(result.errors).toEqual([]);
    expect(await region.sqlCount(tenant)).toBe(300);
  });

  test('numbers are stored as sent: digits beyond double precision and trailing zeros survive', async () => {
    const { key, tenant } = await region.key('write');
    const text = (id: string) => `{ "sensor": "${id}", "reading": 12345678901234567891, "price": 19.90 }`;
    // An object, an array with spaces around its members, NDJSON lines (one of them bad) and a
    // group of concurrent single writes that commit together: every path stores the text it was sent.
    const writes = [
      region.request('/v1/ingest', { key, body: `  ${text('obj')}  ` }),
      region.request('/v1/ingest', { key, body: ` [ ${text('arr-1')} ,\n ${text('arr-2')} ] ` }),
      region.request('/v1/ingest', {
        key,
        body: `${text('nd-1')}\n{"sensor": \n${text('nd-2')}\r\n`,
        contentType: 'application/x-ndjson',
      }),
      ...Array.from({ length: 20 }, (_, i) => region.request('/v1/ingest', { key, body: text(`one-${i}`) })),
    ];
    for (const res of await Promise.all(writes)) expect(res.status).toBe(201);
    const rows = await region.database.client!<{ sensor: string; reading: string; price: string }[]>`
      select data->>'sensor' as sensor, data->>'reading' as reading, data->>'price' as price
      from records where tenant_id = ${tenant} order by 1`;
    expect(rows).toHaveLength(25);
    for (const row of rows) expect([row.reading, row.price]).toEqual(['12345678901234567891', '19.90']);
    expect(rows.map((r) => r.sensor).filter((s) => !s.startsWith('one-'))).toEqual([
      'arr-1',
      'arr-2',
      'nd-1',
      'nd-2',
      'obj',
    ]);
  });

  test('?domain= puts records in the named store', async () => {
    const { key } = await region.key('write');
    const res = await region.request('/v1/ingest?domain=audit', { key, json: user(1) });
    const body = (await res.json()) as IngestBody;
    expect(body.records[0]!.domain).toBe('audits');
  });

  test('Idempotency-Key: a retry gets the same answer and stores nothing new', async () => {
    const { key, tenant } = await region.key('write');
    const init = { key, json: [user(1), user(2)], headers: { 'idempotency-key': 'batch-42' } };
    const first = await region.request('/v1/ingest', init);
    const second = await region.request('/v1/ingest', init);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await second.json()).toEqual(await first.json());
    expect(await region.sqlCount(tenant)).toBe(2);
    const mcps = (await (await region.request('/v1/mcps', { key })).json()) as {
      mcps: { recordCount: number }[];
    };
    expect(mcps.mcps.map((m) => m.recordCount)).toEqual([2]);
  });

  test('Idempotency-Key: concurrent retries of one request store it once', async () => {
    const { key, tenant } = await region.key('write');
    const init = { key, json: user(1), headers: { 'idempotency-key': 'raced' } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => region.request('/v1/ingest', init)));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(await region.sqlCount(tenant)).toBe(1);
  });
});

describe('records', () => {
  test('DELETE then GET is 404, and the store count goes down by one', async () => {
    const { key } = await region.key('write');
    const body = (await (
      await region.request('/v1/ingest', { key, json: [user(1), user(2), user(3)] })
    ).json()) as IngestBody;
    const [gone] = body.records;
    const del = await region.request(`/v1/records/${gone!.id}`, { key, method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    const read = await region.request(`/v1/records/${gone!.id}`, { key });
    expect(read.status).toBe(404);
    expect(((await read.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const store = (await (await region.request(`/v1/mcps/${gone!.mcp}`, { key })).json()) as {
      recordCount: number;
    };
    expect(store.recordCount).toBe(2);
    expect((await region.request(`/v1/records/${body.records[1]!.id}`, { key })).status).toBe(200);
  });

  test('a second DELETE is 404 and the count does not go down again', async () => {
    const { key } = await region.key('write');
    const body = (await (
      await region.request('/v1/ingest', { key, json: [user(1), user(2)] })
    ).json()) as IngestBody;
    const id = body.records[0]!.id;
    expect((await region.request(`/v1/records/${id}`, { key, method: 'DELETE' })).status).toBe(204);
    expect((await region.request(`/v1/records/${id}`, { key, method: 'DELETE' })).status).toBe(404);
    const store = (await (await region.request(`/v1/mcps/${body.records[0]!.mcp}`, { key })).json()) as {
      recordCount: number;
    };
    expect(store.recordCount).toBe(1);
  });

  test('GET of an unknown or malformed id is 404', async () => {
    const { key } = await region.key('read');
    for (const id of ['01234567-89ab-7def-8123-456789abcdef', 'not-a-uuid']) {
      const res = await region.request(`/v1/records/${id}`, { key });
      expect(res.status).toBe(404);
    }
  });
});
