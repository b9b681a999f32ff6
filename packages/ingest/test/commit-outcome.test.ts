/**
 * A commit whose connection is lost before its answer arrives: the region must find out whether it
 * committed instead of guessing. PostgreSQL is reached through a TCP proxy on loopback that, once
 * armed, lets the client's statement through to the server, swallows the server's answer and cuts
 * the connection — the commit happened (or, inside a transaction, did not) and the driver cannot
 * know. Committed writes must be acknowledged exactly once; uncommitted ones refused with 503 and
 * stored nowhere.
 */
import { AppError } from '@smartdb/core';
import { Registry } from '@smartdb/registry';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../../region/src/database.ts';
import { AnswerEater } from '../../../tests/support/answer-eater.ts';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { IngestService } from '../src/index.ts';

const eater = new AnswerEater();
let direct: OpenDatabase;
let proxied: OpenDatabase;

beforeAll(async () => {
  direct = await testDatabase();
  await eater.open();
  proxied = await openDatabase({ url: eater.url(), poolSize: 2 });
});
afterAll(async () => {
  await proxied?.close();
  await eater.close();
  await direct?.close();
});

const log = (i: number) => ({
  level: 'info',
  service: 'api',
  message: 'served',
  timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
});

async function stored(tenant: string): Promise<number> {
  const [row] = await direct.client!<{ n: number }[]>`
    select count(*)::int as n from records where tenant_id = ${tenant}`;
  return row!.n;
}

async function storeCount(tenant: string): Promise<number> {
  const [row] = await direct.client!<{ n: number }[]>`
    select coalesce(sum(record_count), 0)::int as n from mcps where tenant_id = ${tenant}`;
  return row!.n;
}

describe('a commit whose answer is lost with its connection', () => {
  test('committed: acknowledged once, counted once, and the registry shows it', async () => {
    const registry = new Registry();
    const ingest = new IngestService(proxied.db, registry);
    const tenant = uniqueTenant('outcome');
    // The store exists first, so the next batch commits as one statement (no transaction).
    await ingest.ingestRecords(tenant, log(0));
    eater.arm('insert into records', 'UPDATE');
    const cutsBefore = eater.cuts;
    const result = await ingest.ingestRecords(tenant, [log(1), log(2), log(3)]);
    expect(eater.cuts).toBe(cutsBefore + 1);
    expect(result.ingested).toBe(3);
    expect(await stored(tenant)).toBe(4);
    expect(await storeCount(tenant)).toBe(4);
    expect(registry.list(tenant).reduce((n, s) => n + s.recordCount, 0)).toBe(4);
  });

  test('committed, grouped: every batch of the group is acknowledged, none collides with itself', async () => {
    const registry = new Registry();
    // One transaction at a time, so the three writes below commit as one group.
    const ingest = new IngestService(proxied.db, registry, { concurrency: 1 });
    const tenant = uniqueTenant('outcome');
    await ingest.ingestRecords(tenant, log(0));
    const blocker = ingest.ingestRecords(tenant, log(1));
    // Cut the statement that carries the group (it holds record 4), not the one in flight before it.
    eater.arm(log(4).timestamp, 'UPDATE');
    const cutsBefore = eater.cuts;
    const grouped = await Promise.allSettled([
      ingest.ingestRecords(tenant, log(2)),
      ingest.ingestRecords(tenant, log(3)),
      ingest.ingestRecords(tenant, [log(4), log(5)]),
    ]);
    await blocker.catch(() => {});
    expect(eater.cuts).toBe(cutsBefore + 1);
    expect(grouped.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(await stored(tenant)).toBe(6);
    expect(await storeCount(tenant)).toBe(6);
  });

  test('not committed (a transaction cut before COMMIT): refused with 503, nothing stored, a retry stores it', async () => {
    const registry = new Registry();
    const ingest = new IngestService(proxied.db, registry);
    const tenant = uniqueTenant('outcome');
    // A new store: its records and its registry row are written in one transaction, cut once the
    // records' insert has run, before COMMIT.
    eater.arm('insert into records', 'INSERT 0');
    const cutsBefore = eater.cuts;
    const refused = await ingest.ingestRecords(tenant, [log(0), log(1)]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(eater.cuts).toBe(cutsBefore + 1);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(503);
    expect(await stored(tenant)).toBe(0);
    const retried = await ingest.ingestRecords(tenant, [log(0), log(1)]);
    expect(retried.ingested).toBe(2);
    expect(await stored(tenant)).toBe(2);
  });
});
