/**
 * What PostgreSQL's planner does with the statements a question becomes: the indexes EXPLAIN shows
 * for each statement `/v1/query/explain` lists, run with its own parameters on the region's database.
 */
import type { InProcessRegion, TestKey } from './region-process.ts';

interface PlanNode {
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function indexNames(node: PlanNode, out: string[] = []): string[] {
  if (node['Index Name']) out.push(node['Index Name']);
  for (const child of node.Plans ?? []) indexNames(child, out);
  return out;
}

/** The indexes in the plans of every statement the planner builds for `q`, and the statements. */
export async function planIndexes(
  region: InProcessRegion,
  key: TestKey,
  q: string,
): Promise<{ indexes: string[]; sql: string[] }> {
  const res = await region.request(`/v1/query/explain?q=${encodeURIComponent(q)}`, { key: key.key });
  const explained = (await res.json()) as { sql: { text: string; params: unknown[] }[] };
  const indexes: string[] = [];
  for (const st of explained.sql) {
    const rows = await region.database.client!.unsafe(
      `explain (format json) ${st.text}`,
      st.params as never[],
    );
    const plan = (rows[0] as unknown as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0]!.Plan;
    indexes.push(...indexNames(plan));
  }
  return { indexes, sql: explained.sql.map((s) => s.text) };
}
