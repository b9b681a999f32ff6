/**
 * Backup and restore against the real PostgreSQL, each test on scratch databases of its own: a
 * round trip gives back every row of every table to the microsecond, the snapshot is one instant,
 * and a file that is cut, edited, foreign or from a newer schema is refused with nothing written.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { rowsOf } from '@smartdb/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error -- the shared sample data set is plain JavaScript without types
import { generate } from '../../../shared/nlq/dataset.mjs';
import { TEST_DATABASE_URL } from '../../tests/support/db.ts';
import { startInProcessRegion } from '../../tests/support/region-process.ts';
import { type BackupHeader, createBackup, restoreBackup } from '../src/backup.ts';
import { migrateDatabase, type OpenDatabase, openDatabase } from '../src/database.ts';

const serverUrl = (database: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
};
const admin = postgres(serverUrl('postgres'), { max: 1, onnotice: () => {} });
const created: string[] = [];
const handles: OpenDatabase[] = [];
const dir = mkdtempSync(join(tmpdir(), 'smartdb-backup-'));

/** A new, empty database on the test server; dropped after the file. */
async function scratchDatabase(): Promise<OpenDatabase> {
  const name = `smartdb_bk_${process.pid}_${Date.now().toString(36)}_${created.length}`;
  await admin.unsafe(`create database "${name}"`);
  created.push(name);
  const handle = await openDatabase({ url: serverUrl(name), poolSize: 3 });
  handles.push(handle);
  return handle;
}

/**
 * Every row of every table in the database (not only those the backup knows) as UTC JSON text,
 * sorted: equal dumps mean equal databases, and a table the backup forgot shows up as a difference.
 */
async function dump(handle: OpenDatabase): Promise<Record<string, string[]>> {
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`set local time zone 'UTC'`);
    const tables = await rowsOf<{ name: string }>(
      tx,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const out: Record<string, string[]> = {};
    for (const { name: table } of tables) {
      const rows = await rowsOf<{ line: string }>(
        tx,
        sql`select row_to_json(t)::text as line from ${sql.identifier(table)} t`,
      );
      out[table] = rows.map((r) => r.line).sort();
    }
    return out;
  });
}

async function nextSeq(handle: OpenDatabase): Promise<number> {
  const [row] = await rowsOf<{ n: string }>(handle.db, sql`select nextval('registry_seq')::text as n`);
  return Number(row!.n);
}

let source: OpenDatabase;
let file: string;
let sourceDump: Record<string, string[]>;

beforeAll(async () => {
  source = await scratchDatabase();
  await migrateDatabase(source);
  const region = await startInProcessRegion({ database: source });
  try {
    const records = (generate(Date.now()) as { records: { data: unknown }[] }).records.map((r) => r.data);
    const a = await region.key('write');
    for (let i = 0; i < records.length; i += 500) {
      const res = await region.request('/v1/ingest', {
        key: a.key,
        json: records.slice(i, i + 500),
        headers: { 'idempotency-key': `batch-${i}` },
      });
      expect(res.status).toBe(201);
    }
    const b = await region.key('admin');
    expect((await region.request('/v1/ingest', { key: b.key, json: records.slice(0, 300) })).status).toBe(
      201,
    );
    const revoked = await region.key('read', b.tenant);
    expect((await region.request(`/v1/keys/${revoked.id}`, { method: 'DELETE', key: b.key })).status).toBe(
      204,
    );
    // One of B's stores moves to the COLD tier, so its records live in the cold table.
    const moved = await region.request('/v1/mcps/logs/tier', { key: b.key, json: { tier: 'COLD' } });
    expect([200, 202]).toContain(moved.status);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const store = (await (await region.request('/v1/mcps/logs', { key: b.key })).json()) as Json;
      if (store.tier === 'COLD' && store.status === 'active') break;
      if (Date.now() > deadline) throw new Error(`the store did not reach COLD: ${JSON.stringify(store)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await region.close();
  }
  sourceDump = await dump(source);
  file = join(dir, 'source.ndjson.gz');
  // Small pages so every table, including those with two-column keys, is read in several pages.
  await createBackup(source, file, { batchRows: 3 });
});

afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/** The decompressed lines of a backup file. */
const linesOf = (path: string) => gunzipSync(readFileSync(path)).toString('utf8').trimEnd().split('\n');

/** Writes `lines` as a backup whose trailer checksum is recomputed, i.e. internally consistent. */
function writeResealed(path: string, lines: string[]): void {
  const body = lines.slice(0, -1).map((l) => `${l}\n`);
  const trailer = JSON.parse(lines.at(-1)!) as { sha256: string };
  trailer.sha256 = createHash('sha256').update(body.join('')).digest('hex');
  writeFileSync(path, gzipSync(`${body.join('')}${JSON.stringify(trailer)}\n`));
}

type Json = Record<string, unknown>;
const sizes = (d: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(d).map(([t, r]) => [t, r.length]));

test('the source holds what the round trip must carry', () => {
  expect(sourceDump.records!.length + sourceDump.records_cold!.length).toBe(2_300);
  expect(sourceDump.records_cold!.length).toBeGreaterThan(0);
  expect(sourceDump.tenants).toHaveLength(2);
  expect(sourceDump.api_keys).toHaveLength(3);
  expect(sourceDump.mcps!.length).toBeGreaterThanOrEqual(10);
  expect(sourceDump.idempotency_keys).toHaveLength(4);
  expect(sourceDump.api_keys!.some((k) => JSON.parse(k).revoked_at !== null)).toBe(true);
});

test('a restore gives back every row of every table, to the microsecond, and moves the sequence on', async () => {
  const target = await scratchDatabase();
  const summary = await restoreBackup(target, file, { batchRows: 50 });
  expect(summary.rows).toEqual(sizes(sourceDump));
  expect(await dump(target)).toEqual(sourceDump);
  const [max] = await rowsOf<{ n: string }>(target.db, sql`select max(seq)::text as n from mcps`);
  const [last] = await rowsOf<{ n: string }>(source.db, sql`select last_value::text as n from registry_seq`);
  expect(await nextSeq(target)).toBe(Math.max(Number(max!.n), Number(last!.n)) + 1);
});

test('the file is a header with counts, table sections and a trailer whose checksum covers the rest', () => {
  const lines = linesOf(file);
  const header = JSON.parse(lines[0]!) as BackupHeader;
  expect(header.smartdb).toBe('backup');
  expect(header.migrations).toBeGreaterThanOrEqual(1);
  expect(Object.fromEntries(Object.entries(header.tables).map(([t, v]) => [t, v.rows]))).toEqual(
    sizes(sourceDump),
  );
  expect(lines.filter((l) => l.startsWith('{"smartdb":"table"'))).toHaveLength(
    Object.keys(sourceDump).length,
  );
  const trailer = JSON.parse(lines.at(-1)!) as {
    smartdb: string;
    rows: Record<string, number>;
    sha256: string;
  };
  expect(trailer.smartdb).toBe('end');
  expect(trailer.rows).toEqual(sizes(sourceDump));
  const content = lines
    .slice(0, -1)
    .map((l) => `${l}\n`)
    .join('');
  expect(trailer.sha256).toBe(createHash('sha256').update(content).digest('hex'));
});

test('the backup is one snapshot: rows committed while it runs are not in it', async () => {
  const db = await scratchDatabase();
  await migrateDatabase(db);
  const region = await startInProcessRegion({ database: db });
  let late: { id: string } | undefined;
  try {
    const key = await region.key('write');
    const ingest = (json: unknown) => region.request('/v1/ingest', { key: key.key, json });
    expect((await ingest([{ level: 'info', service: 'api', message: 'before' }])).status).toBe(201);
    const path = join(dir, 'snapshot.ndjson.gz');
    let counted: BackupHeader['tables'] = {};
    const summary = await createBackup(db, path, {
      batchRows: 1,
      onHeader: async (header) => {
        counted = header.tables;
        const res = await ingest([{ level: 'warn', service: 'api', message: 'during' }]);
        expect(res.status).toBe(201);
        late = ((await res.json()) as { records: { id: string }[] }).records[0];
      },
    });
    expect(counted.records!.rows).toBe(1);
    expect(summary.rows.records).toBe(1);
    const text = linesOf(path).join('\n');
    expect(text).toContain('"before"');
    expect(late?.id).toBeDefined();
    expect(text).not.toContain(late!.id);
  } finally {
    await region.close();
  }
});

test('a database that holds data is refused and left as it was', async () => {
  await expect(restoreBackup(source, file)).rejects.toThrow(/not empty/);
  expect(await dump(source)).toEqual(sourceDump);
});

describe('a damaged or foreign file is refused, and the target stays empty', () => {
  let target: OpenDatabase;
  beforeAll(async () => {
    target = await scratchDatabase();
  });

  test.each<[string, () => Buffer | string, RegExp]>([
    [
      'cut in half',
      () => readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)),
      /truncated/,
    ],
    ['without its trailer', () => gzipSync(`${linesOf(file).slice(0, -1).join('\n')}\n`), /truncated/],
    [
      'with one record edited',
      () =>
        gzipSync(
          `${linesOf(file)
            .join('\n')
            .replace(/"level": ?"error"/, '"level": "fine"')}\n`,
        ),
      /checksum/,
    ],
    ['not gzip', () => 'id,tenant\n1,a\n', /does not decompress/],
    ['gzip of something else', () => gzipSync('{"hello":"world"}\n'), /not a smartdb backup header/],
    ['empty', () => gzipSync(''), /empty/],
  ])('%s', async (_, content, message) => {
    const path = join(dir, `damaged-${Math.random().toString(36).slice(2)}.gz`);
    writeFileSync(path, content());
    await expect(restoreBackup(target, path)).rejects.toThrow(message);
    for (const rows of Object.values(await dump(target))) expect(rows).toEqual([]);
  });

  test('a row whose count disagrees with the header, even with a valid checksum', async () => {
    const lines = linesOf(file);
    const at = lines.findIndex((l) => l.startsWith('{"id":') && l.includes('"mcp_id"'));
    const path = join(dir, 'one-missing.gz');
    writeResealed(path, [...lines.slice(0, at), ...lines.slice(at + 1)]);
    const inFile = sourceDump.records!.length;
    await expect(restoreBackup(target, path)).rejects.toThrow(
      `records holds ${inFile - 1} rows; the header says ${inFile}`,
    );
    expect((await dump(target)).records).toEqual([]);
  });

  test('a backup from a newer schema', async () => {
    const lines = linesOf(file);
    const header = JSON.parse(lines[0]!) as BackupHeader;
    const path = join(dir, 'newer.gz');
    writeResealed(path, [JSON.stringify({ ...header, migrations: 999 }), ...lines.slice(1)]);
    await expect(restoreBackup(target, path)).rejects.toThrow(/newer smartdb \(999 migrations/);
  });

  test('a missing file', async () => {
    await expect(restoreBackup(target, join(dir, 'nope.gz'))).rejects.toThrow(/no backup file/);
  });
});

test('a PostgreSQL backup restores into embedded PGlite, and PGlite backs up the same rows', async () => {
  const lite = await openDatabase({ dataDir: 'memory://' });
  handles.push(lite);
  await restoreBackup(lite, file, { batchRows: 500 });
  expect(await dump(lite)).toEqual(sourceDump);
  const again = join(dir, 'from-pglite.ndjson.gz');
  const summary = await createBackup(lite, again);
  expect(summary.rows).toEqual(sizes(sourceDump));
  const target = await scratchDatabase();
  await restoreBackup(target, again);
  expect(await dump(target)).toEqual(sourceDump);
});
