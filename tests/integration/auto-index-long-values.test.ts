/**
 * A record with a value longer than a btree index row (~2,700 bytes that do not compress) in a field
 * that has an automatic equality index is stored: the index is a hash index (tiering/auto-index.ts,
 * indexMethod). With the btree it was before, such a record could not be stored at all (PostgreSQL
 * 54000, answered 422), and the equality question it serves still runs on the index.
 */
import { randomBytes } from 'node:crypto';
import { createAutoIndex, dropAutoIndexes } from '@smartdb/tiering';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion } from '../support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

test('a long value in an automatically indexed field is stored, and equality still finds records', async () => {
  const writer = await region.key('write');
  const log = (message: string, i: number) => ({
    level: 'info',
    service: 'api',
    message,
    timestamp: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
  });
  const first = await region.request('/v1/ingest', {
    key: writer.key,
    json: Array.from({ length: 50 }, (_, i) => log(i % 10 === 0 ? 'disk full' : `event ${i}`, i)),
  });
  expect(first.status).toBe(201);
  const storeId = ((await first.json()) as { records: { mcp: string }[] }).records[0]!.mcp;
  const { db } = region.services.database;
  const { registry } = region.services;
  const index = await createAutoIndex(
    db,
    registry,
    registry.get(writer.tenant, storeId)!,
    'message',
    '=',
    new Date(),
  );
  try {
    expect(index.kind).toBe('hash');
    const [row] = await region.database.client!<{ def: string }[]>`
      select indexdef as def from pg_indexes where indexname = ${index.name}`;
    expect(row!.def).toContain('USING hash');
    // Random text does not compress: past what a btree index row may hold.
    const message = randomBytes(6_000).toString('base64');
    const res = await region.request('/v1/ingest', { key: writer.key, json: [log(message, 99)] });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { records: { id: string }[] }).records[0]!.id;
    const read = await region.request(`/v1/records/${id}`, { key: writer.key });
    expect(((await read.json()) as { data: { message: string } }).data.message).toBe(message);
    expect(await region.sqlCount(writer.tenant)).toBe(51);
    const asked = await region.request(
      `/v1/query?q=${encodeURIComponent('count logs with message "disk full"')}`,
      {
        key: writer.key,
        headers: { 'cache-control': 'no-cache' },
      },
    );
    expect(asked.status).toBe(200);
    expect(((await asked.json()) as { count: number }).count).toBe(5);
  } finally {
    await dropAutoIndexes(db, registry, registry.get(writer.tenant, storeId)!, [index]);
  }
});
