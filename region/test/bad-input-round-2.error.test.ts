/**
 * Bad input found by the second hunt: each gave a 500 (or was stored mangled) and now gets a 4xx with
 * a stable code and changes nothing.
 */
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
