/**
 * Fields inside nested objects over HTTP on the real PostgreSQL: learned at ingest, committed with
 * the records that teach them, listed by `GET /v1/mcps` with their paths, and known to another
 * region that reads the registry from the database.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startRegionPair } from '../../tests/support/region-process.ts';

let pair: Awaited<ReturnType<typeof startRegionPair>>;
let east: InProcessRegion;
let west: InProcessRegion;
beforeAll(async () => {
  pair = await startRegionPair();
  ({ east, west } = pair);
});
afterAll(async () => {
  await pair?.close();
});

interface Field {
  name: string;
  path?: string[];
  type: string;
  count: number;
  values?: string[];
}

const order = (i: number) => ({
  order_id: `o-${i}`,
  total: 10 + i,
  status: i % 4 ? 'paid' : 'refunded',
  customer: { name: `c${i}`, country: ['DE', 'FR'][i % 2], address: { city: ['Berlin', 'Paris'][i % 2] } },
  shipping: { cost: i / 2 },
  created_at: '2026-11-20T10:00:00Z',
});

/** The fields of the tenant's one store as `region` lists them (none while it knows no store). */
async function fieldsOf(region: InProcessRegion, key: string): Promise<Map<string, Field>> {
  const res = await region.request('/v1/mcps', { key });
  expect(res.status).toBe(200);
  const { mcps } = (await res.json()) as { mcps: { domain: string; fields: Field[] }[] };
  expect(mcps.length).toBeLessThanOrEqual(1);
  return new Map(mcps[0]?.fields.map((f) => [f.name, f]));
}

test('nested fields are learned, listed with their paths and known to another region', async () => {
  const k = await east.key('write');
  const res = await east.request('/v1/ingest', {
    key: k.key,
    json: Array.from({ length: 20 }, (_, i) => order(i)),
  });
  expect(res.status).toBe(201);

  const fields = await fieldsOf(east, k.key);
  expect(fields.get('customer.country')).toMatchObject({
    path: ['customer', 'country'],
    type: 'string',
    count: 20,
  });
  expect(fields.get('customer.country')!.values!.sort()).toEqual(['DE', 'FR']);
  expect(fields.get('customer.address.city')).toMatchObject({
    path: ['customer', 'address', 'city'],
    count: 20,
  });
  expect(fields.get('shipping.cost')).toMatchObject({ type: 'number', count: 20 });
  expect(fields.get('customer')).toMatchObject({ type: 'object' });
  expect(fields.get('customer')).not.toHaveProperty('path');

  // A new inner field and value reach the other region through the database.
  const more = await east.request('/v1/ingest', {
    key: k.key,
    json: { ...order(21), customer: { name: 'c21', country: 'JP', address: { city: 'Tokyo' }, vip: true } },
  });
  expect(more.status).toBe(201);
  let seen: Map<string, Field> | undefined;
  for (let i = 0; i < 50; i++) {
    seen = await fieldsOf(west, k.key);
    if (seen.get('customer.vip')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(seen!.get('customer.vip')).toMatchObject({ path: ['customer', 'vip'], type: 'boolean' });
  expect(seen!.get('customer.country')!.values).toContain('JP');

  // Discovery by field finds a store by a nested field's dotted name.
  for (const [field, found] of [
    ['customer.address.city', 1],
    ['shipping.cost', 1],
    ['customer.planet', 0],
  ] as const) {
    const res = await east.request(`/v1/mcps/discover?field=${field}`, { key: k.key });
    expect(((await res.json()) as { mcps: unknown[] }).mcps).toHaveLength(found);
  }
});
