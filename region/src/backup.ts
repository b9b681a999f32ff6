/**
 * Logical backup and restore of a whole smartdb database (`smartdb backup` / `smartdb restore`).
 *
 * A backup is gzip-compressed NDJSON read from ONE repeatable-read, read-only transaction, so every
 * table is seen at the same instant while ingest goes on. Lines, in order:
 *   {"smartdb":"backup", format, createdAt, migrations, sequences, tables: {name: {columns, rows}}}
 *   {"smartdb":"table","name":T}      then one `row_to_json` line per row of T, for each table
 *   {"smartdb":"end", rows, sha256}   SHA-256 of every byte above it, so a cut file is refused
 * Row lines are produced and consumed by PostgreSQL itself (row_to_json / json_populate_recordset),
 * so timestamps keep their microseconds and bigints their digits; Node only moves text.
 *
 * Never: holds a table in memory (keyset pages of `batchRows`), writes into a database that holds
 * data, or commits a restore whose file failed a check (the whole restore is one transaction).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '@smartdb/core';
import { type Executor, registrySeq, rowsOf, schema } from '@smartdb/db';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { migrateDatabase, type OpenDatabase } from './database.ts';

export const BACKUP_FORMAT = 1;
/** Rows per keyset page when reading and per INSERT when restoring. */
const DEFAULT_BATCH_ROWS = 2_000;
/** A restore batch is flushed early once its text reaches this size. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
const CONTROL = '{"smartdb":';

interface TableSpec {
  name: string;
  columns: string[];
  key: string[];
}

function tableSpec(table: PgTable): TableSpec {
  const config = getTableConfig(table);
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  const key = single.length > 0 ? single : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
  if (key.length === 0) throw new Error(`table ${config.name} has no primary key to page by`);
  return { name: config.name, columns: config.columns.map((c) => c.name), key };
}

/**
 * Every table of the schema, parents before children (the order a restore inserts them in). Taken
 * from the schema itself, so a table added later is in the next backup without anyone remembering.
 */
const TABLES: TableSpec[] = (() => {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
  const ordered: PgTable[] = [];
  const visit = (table: PgTable) => {
    if (ordered.includes(table)) return;
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignTable;
      if (parent !== table) visit(parent);
    }
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered.map(tableSpec);
})();

export interface BackupHeader {
  smartdb: 'backup';
  format: number;
  createdAt: string;
  /** Migrations applied to the source database; a restore refuses a backup from a newer schema. */
  migrations: number;
  sequences: Record<string, number>;
  tables: Record<string, { columns: string[]; rows: number }>;
}

interface BackupTrailer {
  smartdb: 'end';
  rows: Record<string, number>;
  sha256: string;
}

export interface BackupSummary {
  path: string;
  createdAt: string;
  rows: Record<string, number>;
  /** Compressed size on disk. */
  bytes: number;
  sha256: string;
}

export interface RestoreSummary {
  createdAt: string;
  rows: Record<string, number>;
}

export interface BackupOptions {
  batchRows?: number;
  /** Called once the snapshot is taken and counted, before any row is read. */
  onHeader?: (header: BackupHeader) => void | Promise<void>;
}

const ident = (name: string) => sql.identifier(name);
const list = (names: string[]) =>
  sql.join(
    names.map((n) => ident(n)),
    sql`, `,
  );

async function countRows(tx: Executor, table: string): Promise<number> {
  const [row] = await rowsOf<{ n: string | number }>(
    tx,
    sql`select count(*)::text as n from ${ident(table)}`,
  );
  return Number(row!.n);
}

async function appliedMigrations(tx: Executor): Promise<number> {
  try {
    const [row] = await rowsOf<{ n: number }>(
      tx,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    return Number(row!.n);
  } catch {
    throw new AppError(409, 'CONFLICT', 'the database has no smartdb migrations applied; nothing to back up');
  }
}

/** One keyset page of a table as `row_to_json` text, after the key `after` (exclusive). */
async function readPage(
  tx: Executor,
  spec: TableSpec,
  after: string[] | null,
  limit: number,
): Promise<{ lines: string[]; last: string[] | null }> {
  const keys = list(spec.key);
  const where = after
    ? sql`where (${keys}) > (${sql.join(
        after.map((v) => sql`${v}`),
        sql`, `,
      )})`
    : sql``;
  const selectKeys = sql.join(
    spec.key.map((k, i) => sql`${ident(k)}::text as ${ident(`k${i}`)}`),
    sql`, `,
  );
  const rows = await rowsOf<Record<string, string>>(
    tx,
    sql`select ${selectKeys}, row_to_json(t)::text as line
        from ${ident(spec.name)} t ${where} order by ${keys} limit ${limit}`,
  );
  const lastRow = rows.at(-1);
  return {
    lines: rows.map((r) => r.line!),
    last: lastRow ? spec.key.map((_, i) => lastRow[`k${i}`]!) : null,
  };
}

/**
 * Writes a consistent snapshot of the database to `path` (gzip NDJSON). The file appears only when
 * complete: it is written beside the target and renamed at the end.
 */
export async function createBackup(
  handle: OpenDatabase,
  path: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const partial = `${path}.partial-${process.pid}`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial, { flags: 'wx' }));
  const hash = createHash('sha256');
  const write = async (text: string) => {
    hash.update(text);
    if (gzip.destroyed) throw new Error('the backup file stopped accepting data');
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    const { header, rows } = await handle.db.transaction(
      async (tx) => {
        const tables: BackupHeader['tables'] = {};
        for (const spec of TABLES)
          tables[spec.name] = { columns: spec.columns, rows: await countRows(tx, spec.name) };
        const [seq] = await rowsOf<{ n: string }>(
          tx,
          sql`select last_value::text as n from ${ident(registrySeq.seqName!)}`,
        );
        const header: BackupHeader = {
          smartdb: 'backup',
          format: BACKUP_FORMAT,
          createdAt: new Date().toISOString(),
          migrations: await appliedMigrations(tx),
          sequences: { [registrySeq.seqName!]: Number(seq!.n) },
          tables,
        };
        await options.onHeader?.(header);
        await write(`${JSON.stringify(header)}\n`);
        const rows: Record<string, number> = {};
        for (const spec of TABLES) {
          await write(`${JSON.stringify({ smartdb: 'table', name: spec.name })}\n`);
          let count = 0;
          let after: string[] | null = null;
          for (;;) {
            const page = await readPage(tx, spec, after, batchRows);
            if (page.lines.length === 0) break;
            await write(`${page.lines.join('\n')}\n`);
            count += page.lines.length;
            after = page.last;
            if (page.lines.length < batchRows) break;
          }
          if (count !== tables[spec.name]!.rows) {
            throw new Error(`${spec.name}: counted ${tables[spec.name]!.rows} rows but read ${count}`);
          }
          rows[spec.name] = count;
        }
        return { header, rows };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const sha256 = hash.digest('hex');
    const trailer: BackupTrailer = { smartdb: 'end', rows, sha256 };
    gzip.end(`${JSON.stringify(trailer)}\n`);
    await written;
    await rename(partial, path);
    return { path, createdAt: header.createdAt, rows, bytes: (await stat(path)).size, sha256 };
  } catch (e) {
    gzip.destroy();
    await written.catch(() => {});
    await rm(partial, { force: true });
    throw e;
  }
}

const corrupt = (path: string, why: string) =>
  new AppError(
    422,
    'VALIDATION_FAILED',
    `${path} is not a usable smartdb backup: ${why}; nothing was restored`,
  );

function parseControl<T>(path: string, line: string, what: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw corrupt(path, `its ${what} line is not JSON`);
  }
}

function checkHeader(path: string, header: BackupHeader): void {
  if (header.smartdb !== 'backup' || typeof header.tables !== 'object' || header.tables === null) {
    throw corrupt(path, 'the first line is not a smartdb backup header');
  }
  if (header.format !== BACKUP_FORMAT) {
    throw corrupt(path, `it has format ${header.format}; this smartdb reads format ${BACKUP_FORMAT}`);
  }
  for (const [name, table] of Object.entries(header.tables)) {
    const spec = TABLES.find((t) => t.name === name);
    if (!spec) throw corrupt(path, `it holds an unknown table ${name}`);
    const unknown = table.columns.filter((c) => !spec.columns.includes(c));
    if (unknown.length > 0) throw corrupt(path, `table ${name} has unknown columns ${unknown.join(', ')}`);
  }
}

/** Splits a text stream into lines without holding more than one partial line. */
async function* linesOf(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of source) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

async function assertEmpty(tx: Executor): Promise<void> {
  const held: string[] = [];
  for (const spec of TABLES) {
    const [row] = await rowsOf<{ any: boolean }>(
      tx,
      sql`select exists (select 1 from ${ident(spec.name)}) as any`,
    );
    if (row!.any) held.push(spec.name);
  }
  if (held.length > 0) {
    throw new AppError(
      409,
      'CONFLICT',
      `restore refused: the target database is not empty (${held.join(', ')} hold rows); restore into a new, empty database`,
    );
  }
}

/**
 * Restores a backup into an empty database: migrates it, then inserts every table and moves the
 * registry sequence past the restored stores, in one transaction that commits only when the file's
 * checksum and every count agree. Regions must be (re)started afterwards to load the registry.
 */
export async function restoreBackup(
  handle: OpenDatabase,
  path: string,
  options: { batchRows?: number } = {},
): Promise<RestoreSummary> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  await stat(path).catch(() => {
    throw new AppError(404, 'NOT_FOUND', `no backup file at ${path}`);
  });
  await migrateDatabase(handle);
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${list(TABLES.map((t) => t.name))} in exclusive mode`);
    await assertEmpty(tx);
    const targetMigrations = await appliedMigrations(tx);

    let header: BackupHeader | null = null;
    let trailer: BackupTrailer | null = null;
    let table: TableSpec | null = null;
    let columns: string[] = [];
    const hash = createHash('sha256');
    const rows: Record<string, number> = {};
    let batch: string[] = [];
    let batchBytes = 0;

    const flush = async () => {
      if (batch.length === 0 || !table) return;
      const name = ident(table.name);
      await tx.execute(
        sql`insert into ${name} (${list(columns)})
            select ${list(columns)} from json_populate_recordset(null::${name}, ${`[${batch.join(',')}]`}::json)`,
      );
      batch = [];
      batchBytes = 0;
    };

    const consume = async (source: AsyncIterable<Buffer>) => {
      for await (const line of linesOf(source)) {
        if (trailer) throw corrupt(path, 'it has data after its end line');
        if (!header) {
          header = parseControl<BackupHeader>(path, line, 'header');
          checkHeader(path, header);
          if (header.migrations > targetMigrations) {
            throw corrupt(
              path,
              `it was made by a newer smartdb (${header.migrations} migrations; this one has ${targetMigrations})`,
            );
          }
          hash.update(`${line}\n`);
          continue;
        }
        if (line.startsWith(CONTROL)) {
          const control = parseControl<{ smartdb: string; name?: string; rows?: unknown }>(
            path,
            line,
            'section',
          );
          if (control.smartdb === 'end') {
            if (typeof control.rows !== 'object' || control.rows === null)
              throw corrupt(path, 'its end line is malformed');
            await flush();
            trailer = control as BackupTrailer;
            continue;
          }
          if (control.smartdb !== 'table' || !control.name || !header.tables[control.name]) {
            throw corrupt(path, `it has an unknown section ${line.slice(0, 80)}`);
          }
          await flush();
          hash.update(`${line}\n`);
          table = TABLES.find((t) => t.name === control.name)!;
          columns = header.tables[control.name]!.columns;
          rows[table.name] = 0;
          continue;
        }
        if (!table) throw corrupt(path, 'a row comes before any table section');
        hash.update(`${line}\n`);
        batch.push(line);
        batchBytes += line.length;
        rows[table.name] = (rows[table.name] ?? 0) + 1;
        if (batch.length >= batchRows || batchBytes >= MAX_BATCH_BYTES) await flush();
      }
    };

    // The consumer's own error is kept: stopping early makes the pipeline report an abort instead.
    let refused: unknown = null;
    try {
      await pipeline(createReadStream(path), createGunzip(), (source: AsyncIterable<Buffer>) =>
        consume(source).catch((e: unknown) => {
          refused = e;
          throw e;
        }),
      );
    } catch (caught) {
      const e = refused ?? caught;
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR') throw corrupt(path, 'the file is truncated');
      if (code?.startsWith('Z_')) throw corrupt(path, `it does not decompress (${(e as Error).message})`);
      throw e;
    }

    const h = header as BackupHeader | null;
    const t = trailer as BackupTrailer | null;
    if (!h) throw corrupt(path, 'the file is empty');
    if (!t) throw corrupt(path, 'the file is truncated (no end line)');
    if (t.sha256 !== hash.digest('hex')) throw corrupt(path, 'its checksum does not match its content');
    for (const spec of TABLES) {
      const expected = h.tables[spec.name]?.rows ?? 0;
      const read = rows[spec.name] ?? 0;
      if (t.rows[spec.name] !== read || expected !== read) {
        throw corrupt(path, `${spec.name} holds ${read} rows; the header says ${expected}`);
      }
      const stored = await countRows(tx, spec.name);
      if (stored !== read) throw new Error(`${spec.name}: read ${read} rows but stored ${stored}`);
    }
    const seqName = registrySeq.seqName!;
    const savedSeq = h.sequences[seqName] ?? 0;
    await tx.execute(
      sql`select setval(${seqName}::regclass,
            greatest(coalesce((select max(seq) from ${ident(getTableConfig(schema.mcps).name)}), 0), ${savedSeq}::bigint) + 1,
            false)`,
    );
    return { createdAt: h.createdAt, rows };
  });
}
