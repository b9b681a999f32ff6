/**
 * The driver (postgres.js) losing a connection at the worst moments, on the real PostgreSQL behind
 * a proxy that swallows one answer and cuts (tests/support/answer-eater.ts). A lost connection must
 * fail the statements on it with an error their caller catches, never escape as an uncaught
 * exception or an unhandled rejection: Node exits on either, taking every request of the region
 * with it. postgres.js 3.4.9 does both (porsager/postgres#1154/#1208 and #1192/#1205, open
 * upstream); `patches/postgres+3.4.9.patch` fixes them, applied by `npm ci` (postinstall) and in
 * the image's dependency stage.
 */
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AnswerEater } from '../../../tests/support/answer-eater.ts';

const eater = new AnswerEater();
const escaped: unknown[] = [];
const onEscape = (e: unknown) => escaped.push(e);

beforeAll(() => eater.open());
afterAll(() => eater.close());
beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterEach(() => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
});

const settle = () => new Promise((r) => setTimeout(r, 300));

/**
 * Runs `lose` (which arms the proxy) on a pool of `max` connections through it and returns what its
 * statement got, a result or an error; then checks that a connection was cut, that nothing escaped
 * and that the pool serves again on a new connection.
 */
async function afterLoss(max: number, lose: (sql: postgres.Sql) => Promise<unknown>): Promise<unknown> {
  const sql = postgres(eater.url(), { max, onnotice: () => {} });
  try {
    const outcome = await lose(sql).then(
      (result) => result,
      (e: unknown) => e,
    );
    await settle();
    expect(eater.cuts).toBeGreaterThan(0);
    expect(escaped).toEqual([]);
    expect(await sql`select ${2}::int as n`).toEqual([{ n: 2 }]);
    return outcome;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe('a connection lost', () => {
  test('between describing a statement and binding it: the statement fails, nothing escapes', async () => {
    const failed = await afterLoss(1, async (sql) => {
      await sql`select 1`;
      // A statement with parameters on a connection that has not prepared it is described first;
      // the answer to the description is lost.
      eater.arm('lost_describe');
      return sql`select ${1}::int as lost_describe`;
    });
    expect((failed as { code?: string } | null)?.code).toMatch(
      /CONNECTION_(CLOSED|ENDED|DESTROYED)|ECONNRESET/,
    );
  });

  test('inside a transaction: the transaction fails, nothing escapes', async () => {
    const failed = await afterLoss(2, async (sql) => {
      await sql`select 1`;
      eater.arm('lost_in_transaction');
      return sql.begin(async (tx) => {
        await tx`select 1`;
        await tx`select 1 as lost_in_transaction`;
      });
    });
    expect(failed).toBeInstanceOf(Error);
  });

  test("while the driver reads the server's array types on a new connection: nothing escapes", async () => {
    // Whatever the first statement gets, the connection after it serves.
    await afterLoss(1, async (sql) => {
      eater.arm('typarray');
      return sql`select 1 as n`;
    });
  });
});
