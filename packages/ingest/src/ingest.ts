/**
 * RAG₁ ingestion, the one function REST, MCP and the admin UI call: validate, classify, commit.
 * Arrays are all-or-nothing (the first bad record is named and nothing is stored); NDJSON streams
 * commit good lines in chunks and report bad lines by number. Nothing is acknowledged before commit.
 */
import {
  AppError,
  checkRecord,
  type JsonRecord,
  LIMITS,
  mayHoldEscapes,
  ndjsonLines,
  numericProblem,
  parseJson,
  type RecordProblem,
} from '@smartdb/core';
import type { Database } from '@smartdb/db';
import type { Registry } from '@smartdb/registry';
import { BatchBuilder, type IngestedRecord } from './batch.ts';
import { type GroupCommitOptions, GroupCommitter, StoreTaken, toAppError } from './commit.ts';
import { AnswerLookups, expireIdempotentWrites, findIdempotentWrites, KeyTaken } from './idempotency.ts';
import { arrayMembers, MEMBER_SEPARATOR } from './members.ts';

export interface IngestResult {
  ingested: number;
  records: IngestedRecord[];
  /** NDJSON only: the lines that were refused. */
  errors?: { line: number; code: string; message: string }[];
}

/**
 * What an NDJSON stream committed. Its acknowledgements are kept as JSON text, one string per
 * committed chunk: a stream of any length holds one entry per line until its answer is sent, and as
 * text an entry takes ~95 bytes of heap against ~156 as an object with its id string, and gives the
 * garbage collector nothing to trace or copy; the answer is not serialised all at once after the
 * last commit (~18 ms for 100,000 lines). An 80,000-line benchmark stream showed no change in rate
 * or in the region's CPU per line: the gain is memory, for long streams.
 */
export interface NdjsonResult {
  ingested: number;
  /** Members of the answer's `records` array as JSON text, one string per chunk, in line order. */
  acks: string[];
  errors: { line: number; code: string; message: string }[];
}

/** The 201 body of an NDJSON ingest, `{ingested, records, errors}` as `IngestResult` serialises. */
export function ndjsonAnswer(result: NdjsonResult): string {
  const records = result.acks.filter((a) => a !== '').join(',');
  return `{"ingested":${result.ingested},"records":[${records}],"errors":${JSON.stringify(result.errors)}}`;
}

export interface IngestOptions {
  domainHint?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
  /** SHA-256 of the request (body + hint), required with an idempotency key. */
  requestHash?: string | undefined;
  /** The JSON text `body` was parsed from, stored as sent instead of serialising the records again. */
  json?: string | undefined;
}

export interface IngestServiceOptions extends GroupCommitOptions {
  /** Stores a tenant may hold (MAX_STORES_PER_TENANT; see BatchBuilder). */
  maxStoresPerTenant?: number;
}

/** What committing one chunk of an NDJSON stream came to: its acknowledgements, or why not. */
type ChunkOutcome = { ingested: number; acks: string } | { failure: unknown; lines: number[] };

/** Builds of one batch, the last committed whatever other writers created meanwhile (StoreTaken). */
const STORE_TAKEN_ATTEMPTS = 4;
/** Records per transaction when streaming NDJSON. */
const NDJSON_CHUNK = 5_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export class IngestService {
  readonly committer: GroupCommitter;
  private readonly builder: BatchBuilder;
  /** Answers recorded under writes' Idempotency-Keys, looked up many at once. */
  private readonly answers: AnswerLookups;
  private readonly reloads: StoreReloads;

  constructor(
    private readonly db: Database,
    private readonly registry: Registry,
    options: IngestServiceOptions = {},
  ) {
    this.committer = new GroupCommitter(db, registry, options);
    this.builder = new BatchBuilder(registry, options.maxStoresPerTenant);
    this.answers = new AnswerLookups((pairs) =>
      findIdempotentWrites(db, pairs, this.committer.idempotencyTtlMs),
    );
    this.reloads = new StoreReloads((tenant, stores) => registry.reloadTenant(db, tenant, stores));
  }

  /** One JSON object or a JSON array (≤ 10,000 records), atomically. */
  async ingestRecords(tenantId: string, body: unknown, options: IngestOptions = {}): Promise<IngestResult> {
    const records = Array.isArray(body) ? body : [body];
    if (records.length === 0) throw new AppError(422, 'INVALID_RECORD', 'the array holds no records');
    if (records.length > LIMITS.maxRecordsPerArray) {
      throw new AppError(
        413,
        'TOO_MANY_RECORDS',
        `an array may hold at most ${LIMITS.maxRecordsPerArray} records; send NDJSON for more`,
        { details: { records: records.length } },
      );
    }
    const json = options.json;
    const escapes = json === undefined || mayHoldEscapes(json);
    // Stored as sent, a record's text must hold only numbers PostgreSQL can store: JSON.parse reads
    // `1e-20000` as 0, so only the text shows it. An array's text is screened as its members are
    // found (a regex over a 5,000-record array cost ~80 ns a record, ~1 % of the region's CPU).
    const numbers = { suspect: false };
    const members = json !== undefined && Array.isArray(body) ? arrayMembers(json, numbers) : json;
    const numeric =
      json === undefined || (Array.isArray(body) && !numbers.suspect)
        ? null
        : numericProblem(json, Array.isArray(body));
    for (let i = 0; i < records.length; i++) {
      const problem =
        checkRecord(records[i], escapes) ?? (numeric && (numeric.index ?? 0) === i ? numeric.problem : null);
      if (problem) throw recordError(problem, Array.isArray(body) ? { index: i } : {});
    }
    // A write with an Idempotency-Key is not looked up first: it commits, and its key, met taken
    // in the database (a retry), fails only that write, which is then answered with the first
    // answer (buildAndCommit). A lookup before every keyed write halved their rate (4,452 against
    // 9,690/s, load/ingest-bench.ts --quick): a round trip more for each, to find what retries alone hold.
    const key = options.idempotencyKey;
    if (key && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError(400, 'BAD_REQUEST', 'Idempotency-Key must be 1-255 printable ASCII characters');
    }
    return this.commit(tenantId, records as JsonRecord[], options, members);
  }

  /** NDJSON, streamed: good lines are committed in chunks, bad lines reported by line number. */
  async ingestNdjson(
    tenantId: string,
    body: ReadableStream<Uint8Array>,
    options: Omit<IngestOptions, 'idempotencyKey'> = {},
  ): Promise<NdjsonResult> {
    const out: NdjsonResult = { ingested: 0, acks: [], errors: [] };
    let chunk: JsonRecord[] = [];
    // The lines' text, stored as sent (see WriteBatch.members), and their numbers.
    let lines: string[] = [];
    let numbers: number[] = [];
    // Two chunks commit at once (each its own transaction) while the next is parsed and classified:
    // one stream keeps both of the committer's transactions busy. A chunk that cannot be committed
    // settles as its failure and its lines, so the chunks before and after it still count.
    const commits: Promise<ChunkOutcome>[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const [records, texts, lineNumbers] = [chunk, lines, numbers];
      chunk = [];
      lines = [];
      numbers = [];
      if (commits.length >= 2) await commits[commits.length - 2];
      // Turned into text as soon as the chunk commits (see NdjsonResult).
      const committing = this.commitLines(tenantId, records, texts, lineNumbers, options, out.errors).then(
        (r): ChunkOutcome => ({ ingested: r.ingested, acks: JSON.stringify(r.records).slice(1, -1) }),
        (error: unknown): ChunkOutcome => ({ failure: error, lines: lineNumbers }),
      );
      commits.push(committing);
    };
    for await (const items of ndjsonLines(body)) {
      for (const item of items) {
        if ('error' in item) {
          out.errors.push({ line: item.line, code: item.error.code, message: item.error.message });
          continue;
        }
        let value: unknown;
        try {
          value = parseJson(item.text, `line ${item.line}`);
        } catch (e) {
          const err = e as AppError;
          out.errors.push({ line: item.line, code: err.code, message: err.message });
          continue;
        }
        const problem =
          checkRecord(value, mayHoldEscapes(item.text)) ?? numericProblem(item.text, false)?.problem;
        if (problem) {
          out.errors.push({
            line: item.line,
            code: problem.code,
            message: `${problem.message} at ${problem.path}`,
          });
          continue;
        }
        chunk.push(value as JsonRecord);
        lines.push(item.text);
        numbers.push(item.line);
        if (chunk.length >= NDJSON_CHUNK) await flush();
      }
    }
    await flush();
    // Acknowledged in line order, whichever chunk committed first.
    const outcomes = await Promise.all(commits);
    const failed = outcomes.filter((o) => 'failure' in o);
    // Nothing committed: the request fails as its one transaction would (503 to retry, a 422 …).
    if (failed.length > 0 && failed.length === outcomes.length) throw failed[0]!.failure;
    for (const outcome of outcomes) {
      if ('failure' in outcome) {
        // Committed chunks are acknowledged; each line of one that was not is named with the reason,
        // so the client resends those lines alone rather than the whole stream again.
        const { code, message } = toAppError(outcome.failure);
        for (const line of outcome.lines) out.errors.push({ line, code, message });
        continue;
      }
      out.ingested += outcome.ingested;
      out.acks.push(outcome.acks);
    }
    // Lines refused at commit (a store too many, a chunk not committed) were found after later lines' parse errors.
    out.errors.sort((a, b) => a.line - b.line);
    return out;
  }

  /**
   * Commits a chunk of NDJSON lines. A line that would start one store more than the tenant may
   * hold is reported by its number and left out, and the rest of the chunk committed, as any bad
   * line of a stream is; the chunk is built again without it (each refusal names the first such
   * record of its build).
   */
  private async commitLines(
    tenantId: string,
    records: JsonRecord[],
    texts: string[],
    lineNumbers: number[],
    options: Omit<IngestOptions, 'idempotencyKey'>,
    errors: NdjsonResult['errors'],
  ): Promise<IngestResult> {
    for (;;) {
      if (records.length === 0) return { ingested: 0, records: [] };
      try {
        const members = texts.join(MEMBER_SEPARATOR);
        return await this.commit(tenantId, records, { domainHint: options.domainHint }, members);
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'TOO_MANY_STORES') throw e;
        const index = storeLimitIndex(e);
        if (index === null) throw e;
        errors.push({
          line: lineNumbers[index]!,
          code: e.code,
          message: e.message.replace(/^record \d+ /, ''),
        });
        records.splice(index, 1);
        texts.splice(index, 1);
        lineNumbers.splice(index, 1);
      }
    }
  }

  /**
   * Builds and commits a batch. A batch whose new store cannot be committed as built (StoreTaken) is
   * built again against the stores the database now holds (the failed commit reloaded them), without
   * the draft that lost: its records join the store they fit or start one of their own. The last
   * build names its new stores as no other region would (`domain-` and random letters) and keeps
   * them beside a store that fits as well, so it is not refused again.
   */
  private async commit(
    tenantId: string,
    records: JsonRecord[],
    options: IngestOptions,
    members?: string,
  ): Promise<IngestResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.buildAndCommit(
          tenantId,
          records,
          options,
          members,
          attempt === STORE_TAKEN_ATTEMPTS,
        );
      } catch (e) {
        // Only a random id met by chance fails the last build (503).
        if (!(e instanceof StoreTaken) || attempt >= STORE_TAKEN_ATTEMPTS) throw e;
        this.builder.forget(e.tenantId, e.storeId);
      }
    }
  }

  private async buildAndCommit(
    tenantId: string,
    records: JsonRecord[],
    options: IngestOptions,
    members: string | undefined,
    lastBuild: boolean,
  ): Promise<IngestResult> {
    // Before the batch is built: a refused write must not have taught the in-memory registry.
    this.committer.admit(records.length);
    const batch = this.builder.build(tenantId, records, options.domainHint, members, lastBuild);
    // A batch's records fall into a few stores: each store's domain and tier are looked up once.
    const stores = new Map<string, Omit<IngestedRecord, 'id'>>();
    for (const [id, delta] of batch.deltas) {
      stores.set(id, { mcp: id, domain: delta.domain, tier: this.registry.get(tenantId, id)?.tier ?? 'HOT' });
    }
    const result: IngestResult = {
      ingested: batch.ids.length,
      // Named properties, not a spread of the store's: ~0.12 against ~0.43 ms for 5,000 records.
      records: batch.ids.map((id, i) => {
        const s = stores.get(batch.storeIds[i]!)!;
        return { id, mcp: s.mcp, domain: s.domain, tier: s.tier };
      }),
    };
    const key = options.idempotencyKey;
    try {
      await this.committer.submit(
        batch,
        key ? { key, requestHash: options.requestHash ?? '', response: result } : undefined,
      );
    } catch (e) {
      // The batch taught the in-memory registry before it committed (its stores' fields and counts);
      // put back what the database has of those stores. Every retried keyed write fails here: the
      // reloads of writes failing together are one statement (StoreReloads).
      await this.reloads.reload(tenantId, batch.deltas.keys());
      // Another request with the same key committed first: answer as it did.
      if (key && e instanceof AppError && e.code === 'CONFLICT') {
        const existing =
          (e instanceof KeyTaken ? e.answer : undefined) ?? (await this.findIdempotent(tenantId, key));
        if (existing) return checkReplay(existing, options);
      }
      throw e;
    } finally {
      this.builder.settle(tenantId);
    }
    return result;
  }

  private findIdempotent(tenantId: string, key: string) {
    return this.answers.find(tenantId, key);
  }

  /** Deletes answers to idempotent writes older than their TTL; the region runs it every minute. */
  expireIdempotentWrites(): Promise<number> {
    return expireIdempotentWrites(this.db, this.committer.idempotencyTtlMs);
  }
}

function checkReplay(
  stored: { requestHash: string; response: unknown },
  options: IngestOptions,
): IngestResult {
  if (stored.requestHash !== (options.requestHash ?? '')) {
    throw new AppError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was used with a different request',
    );
  }
  return stored.response as IngestResult;
}

/** The index of the record a TOO_MANY_STORES refusal names (BatchBuilder.admitStore). */
function storeLimitIndex(e: AppError): number | null {
  const index = (e.details as { index?: unknown } | undefined)?.index;
  return typeof index === 'number' ? index : null;
}

function recordError(problem: RecordProblem, where: { index?: number }): AppError {
  const at = where.index !== undefined ? `record ${where.index}` : 'the record';
  return new AppError(422, problem.code, `${at}: ${problem.message} at ${problem.path}`, {
    details: { ...where, path: problem.path },
  });
}

/**
 * Reloads of stores into the registry after failed writes, batched: those asked while one runs are
 * read by the next, one statement per tenant. A reload that runs after a write failed undoes what
 * its batch taught the registry, whichever write asked for it. A failed reload is not retried (the
 * registry's periodic refresh brings the stores back in step).
 */
class StoreReloads {
  private waiting = new Map<string, Set<string>>();
  private settled: (() => void)[] = [];
  private running = false;

  constructor(private readonly reloadStores: (tenantId: string, storeIds: string[]) => Promise<void>) {}

  reload(tenantId: string, storeIds: Iterable<string>): Promise<void> {
    let stores = this.waiting.get(tenantId);
    if (!stores) {
      stores = new Set();
      this.waiting.set(tenantId, stores);
    }
    for (const id of storeIds) stores.add(id);
    return new Promise((resolve) => {
      this.settled.push(resolve);
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.waiting.size > 0) {
      const round = this.waiting;
      const settled = this.settled;
      this.waiting = new Map();
      this.settled = [];
      await Promise.all(
        [...round].map(([tenant, stores]) => this.reloadStores(tenant, [...stores]).catch(() => {})),
      );
      for (const done of settled) done();
    }
    this.running = false;
  }
}
