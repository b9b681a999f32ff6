/**
 * Acceptance: the 30 public questions of ../shared/nlq against the real PostgreSQL, judged exactly
 * like check.mjs judges a region. The 2,000 sample records go straight into `records` under a
 * fresh tenant, with registry entries learned by the registry's own learner.
 */
import { readFileSync } from 'node:fs';
import { isAppError } from '@smartdb/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, uniqueTenant } from '../../../tests/support/db.ts';
import { answerQuery, type QueryDeps } from '../src/index.ts';
import { fill, judge, type Reply, type Spec } from './support/judge.ts';
import { loadSample, type SampleRecord } from './support/stores.ts';

const set = JSON.parse(
  readFileSync(new URL('../../../../shared/nlq/public.json', import.meta.url), 'utf8'),
) as {
  queries: { q: string; expect: Spec }[];
};

let handle: Awaited<ReturnType<typeof testDatabase>>;
let deps: QueryDeps;
let records: SampleRecord[];
const tenant = uniqueTenant('nlq');
const now = Date.now();

async function ask(q: string): Promise<Reply> {
  try {
    return { status: 200, json: await answerQuery(deps, tenant, { q }) };
  } catch (e) {
    if (isAppError(e)) return { status: e.status, json: e.toBody() };
    throw e;
  }
}

beforeAll(async () => {
  handle = await testDatabase(4);
  const sample = await loadSample(handle.db, tenant, now);
  records = sample.records;
  deps = { db: handle.db, stores: () => sample.stores, now: () => new Date(now) };
});

afterAll(async () => {
  await handle?.close();
});

describe('the public question set', () => {
  it.each(set.queries.map((item, i) => [i + 1, item] as const))('question %i', async (_n, item) => {
    const q = fill(item.q, now, records);
    const spec = JSON.parse(fill(JSON.stringify(item.expect), now, records)) as Spec;
    const res = await ask(q);
    let why = judge(spec, res, records, now);
    if (!why && spec.result === 'refused' && spec.recheck) {
      const after = await ask(spec.recheck);
      const want = records.filter((r) => r.kind === spec.kind).length;
      if (after.json?.count !== want)
        why = `data changed after refusal: count ${after.json?.count}, want ${want}`;
    }
    expect(why, `${q}\n${JSON.stringify(res.json?.interpretation ?? res.json).slice(0, 600)}`).toBeNull();
  });
});
