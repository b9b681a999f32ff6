/**
 * Bad input found by the second hunt: each gave a 500 (or was stored mangled) and now gets a 4xx with
 * a stable code and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uniqueTenant } from '../../tests/support/db.ts';
import { type InProcessRegion, ROOT_KEY, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

async function refusal(res: Response): Promise<{ status: number; code: string }> {
  const body = (await res.json()) as { error: { code: string } };
  return { status: res.status, code: body.error.code };
}

async function keysOf(tenant: string): Promise<number> {
  const [row] = await region.database.client!<{ n: number }[]>`
    select count(*)::int as n from api_keys where tenant_id = ${tenant}`;
  return row!.n;
}

async function storesOf(tenant: string): Promise<number> {
  const [row] = await region.database.client!<{ n: number }[]>`
    select count(*)::int as n from mcps where tenant_id = ${tenant}`;
  return row!.n;
}

describe('text PostgreSQL cannot hold (NUL, a lone surrogate)', () => {
  test('a key name with a NUL is 400, no key made (was 500)', async () => {
    const tenant = uniqueTenant();
    const res = await region.request('/v1/keys', {
      key: ROOT_KEY,
      body: `{"tenant":"${tenant}","role":"read","name":"a\\u0000b"}`,
    });
    expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await keysOf(tenant)).toBe(0);
  });

  test('a key name with a lone surrogate is 400, no key made (was stored as U+FFFD)', async () => {
    const tenant = uniqueTenant();
    const res = await region.request('/v1/keys', {
      key: ROOT_KEY,
      body: `{"tenant":"${tenant}","role":"read","name":"\\ud800"}`,
    });
    expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await keysOf(tenant)).toBe(0);
  });

  test('revoking the key id %00 is 400 (was 500)', async () => {
    const res = await region.request('/v1/keys/%00', { key: ROOT_KEY, method: 'DELETE' });
    expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  test.each([
    ['a NUL', 'a\\u0000b'],
    ['a lone surrogate', '\\udfff'],
  ])('a store time field with %s is 400, no store made', async (_, timeField) => {
    const admin = await region.key('admin');
    const res = await region.request('/v1/mcps', {
      key: admin.key,
      body: `{"domain":"events","timeField":"${timeField}"}`,
    });
    expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await storesOf(admin.tenant)).toBe(0);
  });

  test('moving the store %00 to another tier is 400 (was 500)', async () => {
    const admin = await region.key('admin');
    const res = await region.request('/v1/mcps/%00/tier', { key: admin.key, json: { tier: 'COLD' } });
    expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('POST /mcp with malformed tools/call params', () => {
  async function rpc(key: string, params: unknown): Promise<{ status: number; error?: { code: number } }> {
    const res = await region.request('/mcp', {
      key,
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params }),
      headers: { accept: 'application/json, text/event-stream' },
    });
    const body = (await res.json()) as { id: number; error?: { code: number } };
    expect(body.id).toBe(7);
    return { status: res.status, error: body.error };
  }

  test.each([
    ['no tool name', { arguments: {} }],
    ['a tool name that is a number', { name: 5, arguments: {} }],
    ['arguments that are a string', { name: 'query', arguments: 'count logs' }],
    ['arguments that are null', { name: 'query', arguments: null }],
    ['arguments that are an array', { name: 'list_mcps', arguments: [] }],
  ])('%s is JSON-RPC -32602 Invalid params (was -32603 Internal error)', async (_, params) => {
    const key = await region.key('write');
    const answer = await rpc(key.key, params);
    expect(answer.error?.code).toBe(-32602);
  });

  test('no record is stored by an ingest call whose arguments are not an object', async () => {
    const key = await region.key('write');
    const answer = await rpc(key.key, { name: 'ingest', arguments: [{ records: { a: 1 } }] });
    expect(answer.error?.code).toBe(-32602);
    expect(await region.sqlCount(key.tenant)).toBe(0);
  });
});

describe('a method a path does not have', () => {
  test.each([
    ['PUT', '/v1/mcps', 'GET, POST, HEAD'],
    ['DELETE', '/v1/query', 'GET, POST, HEAD'],
    ['GET', '/v1/ingest', 'POST'],
    ['POST', '/v1/mcps/discover', 'GET, HEAD'],
    ['GET', '/v1/keys', 'POST'],
  ])('%s %s is 405 METHOD_NOT_ALLOWED with Allow: %s (was 404 NOT_FOUND)', async (method, path, allow) => {
    const admin = await region.key('admin');
    const res = await region.request(path, {
      key: admin.key,
      method,
      ...(method === 'GET' ? {} : { json: {} }),
    });
    expect(res.headers.get('allow')).toBe(allow);
    expect(await refusal(res)).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  test('PATCH and PUT of a record are 405 and leave it as it was', async () => {
    const writer = await region.key('write');
    const ingested = await region.request('/v1/ingest', {
      key: writer.key,
      json: { sku: 'a-1', quantity: 3 },
    });
    const id = ((await ingested.json()) as { records: { id: string }[] }).records[0]!.id;
    for (const method of ['PATCH', 'PUT']) {
      const res = await region.request(`/v1/records/${id}`, {
        key: writer.key,
        method,
        json: { quantity: 9 },
      });
      expect(res.headers.get('allow')).toBe('GET, DELETE, HEAD');
      expect(await refusal(res)).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    }
    const read = await region.request(`/v1/records/${id}`, { key: writer.key });
    expect(((await read.json()) as { data: unknown }).data).toEqual({ sku: 'a-1', quantity: 3 });
  });

  test('PUT /mcp is 405 like GET and DELETE (was 404)', async () => {
    const reader = await region.key('read');
    const res = await region.request('/mcp', { key: reader.key, method: 'PUT', json: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  test('a path no method has stays 404', async () => {
    const reader = await region.key('read');
    const res = await region.request('/v1/nothing-here', { key: reader.key, method: 'PUT', json: {} });
    expect(await refusal(res)).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('a compressed body (Content-Encoding), which no route decodes', () => {
  const gzip = (text: string) => new Uint8Array(gzipSync(text));

  test('POST /v1/ingest of gzipped JSON is 415, nothing stored (was 400 INVALID_UTF8/INVALID_JSON)', async () => {
    const writer = await region.key('write');
    const res = await region.request('/v1/ingest', {
      key: writer.key,
      body: gzip(JSON.stringify([{ sku: 'a-1', quantity: 3 }])),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(await refusal(res)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await region.sqlCount(writer.tenant)).toBe(0);
  });

  test('POST /v1/ingest of gzipped NDJSON is 415 (was 422 INVALID_RECORD naming garbage lines)', async () => {
    const writer = await region.key('write');
    const res = await region.request('/v1/ingest', {
      key: writer.key,
      body: gzip('{"sku":"a-1"}\n{"sku":"a-2"}\n'),
      contentType: 'application/x-ndjson',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(await refusal(res)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await region.sqlCount(writer.tenant)).toBe(0);
  });

  test('POST /v1/query with a gzipped body is 415 (was 400 INVALID_JSON "Malformed JSON")', async () => {
    const reader = await region.key('read');
    const res = await region.request('/v1/query', {
      key: reader.key,
      body: gzip('{"q":"count logs"}'),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(await refusal(res)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  test('Content-Encoding: identity is accepted', async () => {
    const writer = await region.key('write');
    const res = await region.request('/v1/ingest', {
      key: writer.key,
      json: { sku: 'a-1' },
      headers: { 'content-encoding': 'identity' },
    });
    expect(res.status).toBe(201);
  });
});

describe('POST /v1/ingest query parameters', () => {
  test.each([
    ['a repeated domain', '?domain=orders&domain=logs'],
    ['a misspelt domain parameter', '?domian=orders'],
    ['a parameter ingest does not take', '?limit=5'],
  ])(
    '%s is 400 VALIDATION_FAILED, nothing stored (was 201 without or with the first hint)',
    async (_, query) => {
      const writer = await region.key('write');
      const res = await region.request(`/v1/ingest${query}`, {
        key: writer.key,
        json: { sku: 'a-1', quantity: 3 },
      });
      expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await region.sqlCount(writer.tenant)).toBe(0);
    },
  );

  test('?domain= given once is still the hint', async () => {
    const writer = await region.key('write');
    const res = await region.request('/v1/ingest?domain=orders', { key: writer.key, json: { sku: 'a-1' } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { records: { domain: string }[] }).records[0]!.domain).toBe('orders');
  });
});

describe('GET /v1/mcps query parameters', () => {
  test.each([['?limit=-1'], ['?limit=1e9'], ['?cursor=garbage'], ['?limit=1&limit=2']])(
    '%s is 400 VALIDATION_FAILED (was 200 with the whole list, the parameter ignored)',
    async (query) => {
      const reader = await region.key('read');
      const res = await region.request(`/v1/mcps${query}`, { key: reader.key });
      expect(await refusal(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    },
  );

  test('no parameter lists the stores', async () => {
    const reader = await region.key('read');
    expect((await region.request('/v1/mcps', { key: reader.key })).status).toBe(200);
  });
});

describe('a request body the client cuts off before its end', () => {
  /** A body stream that fails after its first bytes, as Node's does when the client hangs up. */
  function cutOff(first: string): ReadableStream<Uint8Array> {
    return new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(first));
        controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      },
    });
  }

  test.each([
    ['JSON', 'application/json', '[{"sku":"a-1"},{"sku":'],
    ['NDJSON', 'application/x-ndjson', '{"sku":"a-1"}\n{"sku":'],
  ])(
    'POST /v1/ingest of %s is 400 BAD_REQUEST (was 503 UNAVAILABLE, as if the database were down)',
    async (_, type, first) => {
      const writer = await region.key('write');
      const res = await region.app.request('/v1/ingest', {
        method: 'POST',
        headers: { authorization: `Bearer ${writer.key}`, 'content-type': type },
        body: cutOff(first),
        duplex: 'half',
      } as RequestInit);
      expect(await refusal(res)).toEqual({ status: 400, code: 'BAD_REQUEST' });
      expect(res.headers.get('retry-after')).toBeNull();
      expect(await region.sqlCount(writer.tenant)).toBe(0);
    },
  );
});

describe('the admin dashboard with a body it cannot read', () => {
  const origin = 'http://admin.test';
  const sameSite = { origin, host: 'admin.test' };

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const admin = await region.key('admin');
    const login = await region.app.request(`${origin}/admin/login`, {
      method: 'POST',
      headers: { ...sameSite, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: admin.key }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await region.app.request(`${origin}/admin`, { headers: { cookie } })).text();
    const csrf = /name="smartdb-csrf" content="([^"]+)"/.exec(page)?.[1];
    expect(csrf).toBeDefined();
    return { cookie, csrf: csrf! };
  }

  test.each([
    ['/admin/login', 'multipart/form-data; boundary=zz'],
    ['/admin/login', 'multipart/form-data'],
    ['/admin/logout', 'multipart/form-data; boundary=zz'],
  ])('POST %s with a broken %s body is 400 (was 500)', async (path, type) => {
    const res = await region.app.request(`${origin}${path}`, {
      method: 'POST',
      headers: { ...sameSite, 'content-type': type },
      body: 'garbage',
    });
    expect(await refusal(res)).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  test.each([
    ['malformed JSON', '{"q":'],
    ['an empty body', ''],
  ])('POST /admin/api/query with %s is 400 INVALID_JSON (was 500)', async (_, body) => {
    const { cookie, csrf } = await signIn();
    const res = await region.app.request(`${origin}/admin/api/query`, {
      method: 'POST',
      headers: { ...sameSite, cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body,
    });
    expect(await refusal(res)).toEqual({ status: 400, code: 'INVALID_JSON' });
  });
});

describe('a value too long for a btree index of its field', () => {
  // Automatic equality indexes are hash indexes now (tests/integration/auto-index-long-values.test.ts
  // stores such a record); a btree on the field, as regions built before that, still limits it.
  test('is 422 STRING_TOO_LONG and stores nothing (was 503 UNAVAILABLE "retry the request")', async () => {
    const writer = await region.key('write');
    const first = await region.request('/v1/ingest', {
      key: writer.key,
      json: { level: 'info', service: 'api', message: 'short', timestamp: '2026-11-01T00:00:00Z' },
    });
    const storeId = ((await first.json()) as { records: { mcp: string }[] }).records[0]!.mcp;
    const sql = region.database.client!;
    const name = `btree_${writer.tenant.replace(/[^a-z0-9]/gi, '_')}`.slice(0, 60);
    await sql.unsafe(
      `create index ${name} on records ((data -> 'message'::text)) where tenant_id = '${writer.tenant}' and mcp_id = '${storeId}'`,
    );
    try {
      // Random text does not compress: past the ~2,700 bytes a btree index row may hold.
      const message = randomBytes(6_000).toString('base64');
      const record = { level: 'warn', service: 'api', message, timestamp: '2026-11-02T00:00:00Z' };
      const json = await region.request('/v1/ingest', { key: writer.key, json: [record] });
      expect(await refusal(json)).toEqual({ status: 422, code: 'STRING_TOO_LONG' });
      expect(await region.sqlCount(writer.tenant)).toBe(1);
    } finally {
      await sql.unsafe(`drop index if exists ${name}`);
    }
  });
});

describe('the MCP ingest tool with a record whose own top-level key is __proto__', () => {
  test.each([
    ['one record', '{"__proto__":{"level":"x"},"a":1}'],
    ['an array', '[{"__proto__":{"level":"x"}}]'],
  ])('%s is refused, nothing stored (was stored without the key, as {} or {"a":1})', async (_, records) => {
    const writer = await region.key('write');
    const res = await region.request('/mcp', {
      key: writer.key,
      body: `{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ingest","arguments":{"records":${records}}}}`,
      headers: { accept: 'application/json, text/event-stream' },
    });
    const body = (await res.json()) as { result: { isError?: boolean; content: { text: string }[] } };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]!.text).toContain('__proto__');
    expect(await region.sqlCount(writer.tenant)).toBe(0);
  });
});

test('POST /mcp with an empty batch [] is JSON-RPC -32600 Invalid Request (was 202 with no body)', async () => {
  const reader = await region.key('read');
  const res = await region.request('/mcp', {
    key: reader.key,
    body: '[]',
    headers: { accept: 'application/json, text/event-stream' },
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
});
