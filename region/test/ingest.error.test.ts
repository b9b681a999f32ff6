/**
 * POST /v1/ingest with bad input: one test per category, each asserting the status, the stable
 * error code, and that the tenant's stores and records are exactly as before.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type InProcessRegion,
  type RequestOptions,
  startInProcessRegion,
} from '../../tests/support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion({ registryRefreshMs: 60_000 });
});
afterAll(async () => {
  await region?.close();
});

const seedRecord = {
  level: 'info',
  service: 'api',
  host: 'web-1',
  message: 'seed',
  timestamp: '2026-01-01T00:00:00Z',
};

/** A tenant holding one record, and a way to assert nothing about it changed. */
async function seededTenant() {
  const key = await region.key('write');
  const seeded = await region.request('/v1/ingest', { key: key.key, json: seedRecord });
  expect(seeded.status).toBe(201);
  const snapshot = async () => ({
    mcps: ((await (await region.request('/v1/mcps', { key: key.key })).json()) as { mcps: unknown[] }).mcps,
    sql: await region.sqlCount(key.tenant),
  });
  const before = await snapshot();
  expect(before.sql).toBe(1);
  return {
    key: key.key,
    tenant: key.tenant,
    ingest: (options: Omit<RequestOptions, 'key'>, query = '') =>
      region.request(`/v1/ingest${query}`, { key: key.key, ...options }),
    async expectUnchanged() {
      expect(await snapshot()).toEqual(before);
    },
  };
}

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth - 1)}{"leaf":1}${'}'.repeat(depth - 1)}`;
}

describe('bad bodies change nothing', () => {
  test('malformed JSON is 400 INVALID_JSON', async () => {
    const t = await seededTenant();
    await expectError(await t.ingest({ body: '{"level": "info",' }), 400, 'INVALID_JSON');
    await t.expectUnchanged();
  });

  test('an empty body is 400 INVALID_JSON', async () => {
    const t = await seededTenant();
    await expectError(await t.ingest({ body: '' }), 400, 'INVALID_JSON');
    await t.expectUnchanged();
  });

  test.each(['text/plain', 'application/xml', 'multipart/form-data; boundary=x'])(
    'content type %s is 415 UNSUPPORTED_MEDIA_TYPE',
    async (contentType) => {
      const t = await seededTenant();
      await expectError(
        await t.ingest({ body: JSON.stringify(seedRecord), contentType }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await t.expectUnchanged();
    },
  );

  test.each([
    ['application/json; charset=iso-8859-1', 'iso-8859-1'],
    ['application/json; charset="UTF-16"', 'UTF-16'],
    ['application/x-ndjson; charset=windows-1252', 'windows-1252'],
  ])('a body declared as %s is 415 naming its charset, not read as UTF-8', async (contentType, charset) => {
    const t = await seededTenant();
    const res = await t.ingest({
      body: JSON.stringify({ ...seedRecord, message: 'Jos\u00e9' }),
      contentType,
    });
    const error = await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toContain(`charset=${charset}`);
    await t.expectUnchanged();
  });

  test.each(['application/json; charset="utf-8"', 'application/json;charset=UTF8', 'application/json; foo'])(
    'a body declared as %s is read as UTF-8 and stored',
    async (contentType) => {
      const key = await region.key('write');
      const res = await region.request('/v1/ingest', {
        key: key.key,
        body: JSON.stringify(seedRecord),
        contentType,
      });
      expect(res.status).toBe(201);
    },
  );

  test('no content type at all is 415', async () => {
    const t = await seededTenant();
    const res = await region.app.request('/v1/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}` },
      body: new TextEncoder().encode(JSON.stringify(seedRecord)),
    });
    await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await t.expectUnchanged();
  });

  test('a body over 10 MiB is 413 PAYLOAD_TOO_LARGE (streamed, no Content-Length)', async () => {
    const t = await seededTenant();
    const big = JSON.stringify(Array.from({ length: 2_000 }, (_, i) => ({ i, pad: 'x'.repeat(5_300) })));
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    await expectError(await t.ingest({ body: big }), 413, 'PAYLOAD_TOO_LARGE');
    await t.expectUnchanged();
  });

  test('a declared Content-Length over 10 MiB is 413 before the body is read', async () => {
    const t = await seededTenant();
    const res = await t.ingest({ body: '{}', headers: { 'content-length': String(10 * 1024 * 1024 + 1) } });
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    await t.expectUnchanged();
  });

  test('more than 10,000 records in an array is 413 TOO_MANY_RECORDS', async () => {
    const t = await seededTenant();
    const body = JSON.stringify(Array.from({ length: 10_001 }, (_, i) => ({ i })));
    await expectError(await t.ingest({ body }), 413, 'TOO_MANY_RECORDS');
    await t.expectUnchanged();
  });

  test('nesting deeper than 32 is 422 TOO_DEEP', async () => {
    const t = await seededTenant();
    await expectError(await t.ingest({ body: nestedJson(33) }), 422, 'TOO_DEEP');
    await t.expectUnchanged();
  });

  test('more than 1,000 keys in one object is 422 TOO_WIDE', async () => {
    const t = await seededTenant();
    const wide = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]));
    await expectError(await t.ingest({ json: { inner: wide } }), 422, 'TOO_WIDE');
    await t.expectUnchanged();
  });

  test.each(['__proto__', 'constructor', 'prototype'])('a "%s" key is 422 FORBIDDEN_KEY', async (key) => {
    const t = await seededTenant();
    // Raw JSON text, so the key really is in the body.
    const body = `{"level":"info","meta":{"${key}":{"isAdmin":true}}}`;
    await expectError(await t.ingest({ body }), 422, 'FORBIDDEN_KEY');
    await t.expectUnchanged();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  test('a NUL byte in a string is 422 NUL_BYTE', async () => {
    const t = await seededTenant();
    await expectError(await t.ingest({ body: '{"message":"a\\u0000b"}' }), 422, 'NUL_BYTE');
    await t.expectUnchanged();
  });

  test('a number beyond double precision is 422 INVALID_RECORD naming its index', async () => {
    const t = await seededTenant();
    const res = await t.ingest({ body: '[{"reading":1},{"reading":1e400}]' });
    const error = await expectError(res, 422, 'INVALID_RECORD');
    expect(error.details).toMatchObject({ index: 1 });
    expect(error.message).toMatch(/double precision.*\$\.reading/);
    await t.expectUnchanged();
  });

  test('a number too small for PostgreSQL (JavaScript reads 1e-20000 as 0) is 422, never a 503', async () => {
    const t = await seededTenant();
    const res = await t.ingest({ body: '[{"reading":1},{"reading":{"ratio":1e-20000}}]' });
    const error = await expectError(res, 422, 'INVALID_RECORD');
    expect(error.details).toMatchObject({ index: 1, path: '$.reading.ratio' });
    expect(error.message).toMatch(/digits after the decimal point/);
    await expectError(await t.ingest({ body: '{"reading":1.5e-16383}' }), 422, 'INVALID_RECORD');
    await t.expectUnchanged();
  });

  test('invalid UTF-8 bytes are 400 INVALID_UTF8', async () => {
    const t = await seededTenant();
    const body = new Uint8Array([...new TextEncoder().encode('{"message":"'), 0xc3, 0x28, 0xff, 0x22, 0x7d]);
    await expectError(await t.ingest({ body }), 400, 'INVALID_UTF8');
    await t.expectUnchanged();
  });

  test('a string over 1 MiB is 422 STRING_TOO_LONG', async () => {
    const t = await seededTenant();
    await expectError(
      await t.ingest({ json: { message: 'x'.repeat(1024 * 1024 + 1) } }),
      422,
      'STRING_TOO_LONG',
    );
    await t.expectUnchanged();
  });

  test('a lone UTF-16 surrogate escape is a 4xx, not a failed commit', async () => {
    const t = await seededTenant();
    const res = await t.ingest({ body: '{"level":"info","message":"\\ud800"}' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await t.expectUnchanged();
  });

  test('a year-0 date in the time field is stored or refused with a 4xx, never a 5xx', async () => {
    const t = await seededTenant();
    const res = await t.ingest({ json: { ...seedRecord, timestamp: '0000-01-01T00:00:00Z' } });
    expect(res.status).toBeLessThan(500);
    if (res.status !== 201) await t.expectUnchanged();
  });

  test.each([
    ['a number', '42'],
    ['a string', '"hello"'],
    ['null', 'null'],
  ])('%s instead of a record is 422 INVALID_RECORD', async (_, body) => {
    const t = await seededTenant();
    await expectError(await t.ingest({ body }), 422, 'INVALID_RECORD');
    await t.expectUnchanged();
  });

  test('an empty array is 422', async () => {
    const t = await seededTenant();
    await expectError(await t.ingest({ body: '[]' }), 422, 'INVALID_RECORD');
    await t.expectUnchanged();
  });

  test('an array with one bad record is 422 naming its index, and nothing is stored', async () => {
    const t = await seededTenant();
    const records = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ ...seedRecord, message: `m${i}` }),
    );
    records[63] = '{"message":"bad","nested":{"__proto__":1}}';
    const error = await expectError(await t.ingest({ body: `[${records.join(',')}]` }), 422, 'FORBIDDEN_KEY');
    expect(error.details).toMatchObject({ index: 63 });
    expect(error.message).toMatch(/\b63\b/);
    await t.expectUnchanged();
  });

  test('a bad ?domain= hint is 400', async () => {
    const t = await seededTenant();
    await expectError(await t.ingest({ json: seedRecord }, '?domain=../../etc'), 400, 'BAD_REQUEST');
    await t.expectUnchanged();
  });
});

describe('NDJSON', () => {
  test('good lines are stored and bad lines are reported by line number', async () => {
    const t = await seededTenant();
    const lines = [
      JSON.stringify({ ...seedRecord, message: 'one' }),
      '{"broken":',
      '',
      JSON.stringify({ ...seedRecord, message: 'four' }),
      '{"a":{"constructor":1}}',
      '"not an object"',
      JSON.stringify({ ...seedRecord, message: 'seven' }),
    ];
    const res = await t.ingest({ body: `${lines.join('\n')}\n`, contentType: 'application/x-ndjson' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      ingested: number;
      records: { id: string }[];
      errors: { line: number; code: string }[];
    };
    expect(body.ingested).toBe(3);
    expect(body.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'INVALID_JSON'],
      [5, 'FORBIDDEN_KEY'],
      [6, 'INVALID_RECORD'],
    ]);
    expect(await region.sqlCount(t.tenant)).toBe(4);
    const messages = await Promise.all(
      body.records.map(async (r) => {
        const got = (await (await region.request(`/v1/records/${r.id}`, { key: t.key })).json()) as {
          data: { message: string };
        };
        return got.data.message;
      }),
    );
    expect(messages).toEqual(['one', 'four', 'seven']);
  });

  test('a body where no line is good is 422 with the line errors, and nothing is stored', async () => {
    const t = await seededTenant();
    const res = await t.ingest({ body: '{"a":\n[]\n', contentType: 'application/x-ndjson' });
    const error = await expectError(res, 422, 'INVALID_RECORD');
    expect(error.details).toMatchObject({ errors: [{ line: 1 }, { line: 2 }] });
    await t.expectUnchanged();
  });

  test('invalid UTF-8 in an NDJSON body is 400 INVALID_UTF8, nothing stored', async () => {
    const t = await seededTenant();
    const body = new Uint8Array([
      ...new TextEncoder().encode(`${JSON.stringify(seedRecord)}\n{"m":"`),
      0xff,
      0x22,
      0x7d,
    ]);
    await expectError(await t.ingest({ body, contentType: 'application/x-ndjson' }), 400, 'INVALID_UTF8');
    await t.expectUnchanged();
  });

  test('Idempotency-Key with NDJSON is refused with 400', async () => {
    const t = await seededTenant();
    const res = await t.ingest({
      body: `${JSON.stringify(seedRecord)}\n`,
      contentType: 'application/x-ndjson',
      headers: { 'idempotency-key': 'abc' },
    });
    await expectError(res, 400, 'BAD_REQUEST');
    await t.expectUnchanged();
  });
});

describe('Idempotency-Key', () => {
  test('the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED and stores nothing', async () => {
    const t = await seededTenant();
    const headers = { 'idempotency-key': 'order-7' };
    expect((await t.ingest({ json: { ...seedRecord, message: 'a' }, headers })).status).toBe(201);
    const count = await region.sqlCount(t.tenant);
    await expectError(
      await t.ingest({ json: { ...seedRecord, message: 'b' }, headers }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await region.sqlCount(t.tenant)).toBe(count);
  });

  test('the same key and body with another domain hint is a different request', async () => {
    const t = await seededTenant();
    const headers = { 'idempotency-key': 'hinted' };
    expect((await t.ingest({ json: seedRecord, headers }, '?domain=audit')).status).toBe(201);
    await expectError(
      await t.ingest({ json: seedRecord, headers }, '?domain=other'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  test('a malformed key is 400 and stores nothing', async () => {
    const t = await seededTenant();
    await expectError(
      await t.ingest({ json: seedRecord, headers: { 'idempotency-key': 'has space' } }),
      400,
      'BAD_REQUEST',
    );
    await t.expectUnchanged();
  });
});
