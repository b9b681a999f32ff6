/** Interpretations built by hand, for tests that feed query learning without asking a question. */
import type { Interpretation } from '@smartdb/query';

/** "count <records of mcps>": no filter, no time, no grouping. */
export function countOf(mcps: string[], domain = mcps.length === 1 ? mcps[0]! : '*'): Interpretation {
  return {
    intent: 'count',
    domain,
    mcps,
    filters: [],
    text: null,
    time: null,
    sort: [],
    limit: null,
    aggregate: null,
    groupBy: null,
    having: null,
    bucket: null,
  };
}
