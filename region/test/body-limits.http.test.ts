/**
 * Body limits over Node's HTTP server, as a region runs (`app.request()` sends no Content-Length,
 * so the other tests cover only the counted path): control bodies (64 KiB), MCP messages (10 MiB)
 * and admin forms (16 KiB) are refused with 413 whether the body has a Content-Length, checked by
 * the header, or is chunked, counted as it is read; a control body within its limit reaches the
 * route either way.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uniqueTenant } from '../../tests/support/db.ts';
import { type InProcessRegion, ROOT_KEY, startInProcessRegion } from '../../tests/support/region-process.ts';

let region: InProcessRegion;
let server: ReturnType<typeof serve>;
let port: number;

beforeAll(async () => {
  region = await startInProcessRegion();
  server = await new Promise((resolve) => {
    const s = serve({ fetch: region.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await region?.close();
});

/** POSTs `body`: with a Content-Length, or chunked (written in pieces, without a length). */
function post(
  path: string,
  body: string,
  chunked: boolean,
  contentType = 'application/json',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${ROOT_KEY}`,
          'content-type': contentType,
          ...(chunked ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 8_192) req.write(body.slice(i, i + 8_192));
    req.end();
  });
}

/** A valid JSON body of `bytes` bytes: `value` and trailing whitespace. */
function padded(value: unknown, bytes: number): string {
  const json = JSON.stringify(value);
  return json + ' '.repeat(bytes - json.length);
}

async function keysOf(tenant: string): Promise<number> {
  const [row] = await region.database.client!<{ n: number }[]>`
    select count(*)::int as n from api_keys where tenant_id = ${tenant}`;
  return row!.n;
}

test.each([
  ['with a Content-Length', false],
  ['chunked', true],
])('a control body over 64 KiB sent %s is 413 and makes no key', async (_, chunked) => {
  const tenant = uniqueTenant();
  const res = await post('/v1/keys', padded({ tenant, role: 'read' }, 70_000), chunked);
  expect(res.status).toBe(413);
  expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  expect(await keysOf(tenant)).toBe(0);
});

test.each([
  ['with a Content-Length', false],
  ['chunked', true],
])('a control body within the limit sent %s reaches the route', async (_, chunked) => {
  const tenant = uniqueTenant();
  const res = await post('/v1/keys', padded({ tenant, role: 'read' }, 60_000), chunked);
  expect(res.status).toBe(201);
  expect(await keysOf(tenant)).toBe(1);
});

test.each([
  ['an MCP message over 10 MiB', '/mcp', 10 * 1024 * 1024 + 1, 'application/json'],
  ['an admin form over 16 KiB', '/admin/login', 16 * 1024 + 1, 'application/x-www-form-urlencoded'],
])('%s is 413, with a Content-Length or chunked', async (_, path, bytes, contentType) => {
  for (const chunked of [false, true]) {
    const res = await post(path, 'x'.repeat(bytes), chunked, contentType);
    expect({ chunked, status: res.status }).toEqual({ chunked, status: 413 });
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  }
});
