/**
 * An NDJSON stream commits in chunks of 5,000 lines. When one chunk cannot be committed and others
 * were, the answer is 201 with the committed lines acknowledged and every line of the failed chunk
 * named with the reason, so the client resends those lines alone. Before, the whole request failed
 * (503 or 422) while the chunks before it were stored: a client retrying the stream stored them twice.
 * A stream none of whose chunks commit still fails as one transaction would.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

let region: InProcessRegion;
beforeAll(async () => {
  region = await startInProcessRegion();
});
afterAll(async () => {
  await region?.close();
});

const log = (i: number, message = `event ${i}`) => ({
  level: 'info',
  service: 'api',
  message,
  timestamp: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
});

/** A tenant with a logs store whose `message` has a btree index, as regions built before hash ones. */
async function withBtreeOnMessage(): Promise<{ writer: TestKey; drop: () => Promise<void> }> {
  const writer = await region.key('write');
  const first = await region.request('/v1/ingest', { key: writer.key, json: [log(0)] });
  const storeId = ((await first.json()) as { records: { mcp: string }[] }).records[0]!.mcp;
  const sql = region.database.client!;
  const name = `ndjson_btree_${Date.now().toString(36)}`;
  await sql.unsafe(
    `create index ${name} on records ((data -> 'message'::text)) where tenant_id = '${writer.tenant}' and mcp_id = '${storeId}'`,
  );
  return { writer, drop: async () => void (await sql.unsafe(`drop index if exists ${name}`)) };
}

async function stream(key: string, lines: unknown[]) {
  const res = await region.request('/v1/ingest', {
    key,
    body: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
    contentType: 'application/x-ndjson',
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// Random text does not compress: past the ~2,700 bytes a btree index row may hold.
const tooLong = () => randomBytes(6_000).toString('base64');

test('a chunk that cannot be committed is reported line by line; the chunks around it are stored', async () => {
  const { writer, drop } = await withBtreeOnMessage();
  try {
    // Lines 1-5,000, 5,001-10,000 and 10,001-12,000 are three chunks; line 7,000 spoils the second.
    const lines = Array.from({ length: 12_000 }, (_, i) =>
      log(i + 1, i + 1 === 7_000 ? tooLong() : undefined),
    );
    const { status, body } = await stream(writer.key, lines);
    expect(status).toBe(201);
    expect(body.ingested).toBe(7_000);
    expect((body.records as unknown[]).length).toBe(7_000);
    const errors = body.errors as { line: number; code: string }[];
    expect(errors).toHaveLength(5_000);
    expect(errors[0]).toMatchObject({ line: 5_001, code: 'STRING_TOO_LONG' });
    expect(errors.at(-1)).toMatchObject({ line: 10_000, code: 'STRING_TOO_LONG' });
    expect(await region.sqlCount(writer.tenant)).toBe(1 + 7_000);
  } finally {
    await drop();
  }
}, 60_000);

test('a stream none of whose chunks commit fails as one transaction would, storing nothing', async () => {
  const { writer, drop } = await withBtreeOnMessage();
  try {
    const { status, body } = await stream(writer.key, [log(1), log(2, tooLong()), log(3)]);
    expect(status).toBe(422);
    expect((body.error as { code: string }).code).toBe('STRING_TOO_LONG');
    expect(await region.sqlCount(writer.tenant)).toBe(1);
  } finally {
    await drop();
  }
});
