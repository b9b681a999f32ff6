/**
 * The words of quantity: how counts, aggregates, measures and superlatives are said, and the
 * aggregate a question implies when it names none.
 */
import { RECORD_NOUN } from './patterns.ts';
import type { Question } from './question.ts';
import type { AggregateFn, Filter } from './types.ts';
import { nameWords, normalize, type Token } from './words.ts';

// "how often did the payment provider time out": how often something is logged is how many records say so.
export const COUNT_WORDS =
  "how many|how (?:often|frequently)|how (?:busy|chatty|noisy|lively|talkative)(?: (?:was|is|were|are|has been|have been))?|head ?count(?: of)?|(?:what is |what's )?(?:the )?(?:total )?(?:number|count) of|count(?: the| all)?|tally(?: of)?";

/** Whether a question says a count in words, compiled once. */
export const SAYS_COUNT = new RegExp(`(?:^| )(?:${COUNT_WORDS})(?= |$)`);

export const AGGREGATES: [string, AggregateFn][] = [
  ['average|avg|mean|typical', 'avg'],
  ['sum(?: of| up)?|add up|totals?|combined', 'sum'],
  ['minimum|min|lowest|smallest|least|fastest|shortest|quickest|how low', 'min'],
  // "how high did cpu usage get": how high a measure went is its maximum.
  ['maximum|max|highest|largest|biggest|peak|greatest|slowest|longest|how high', 'max'],
];

/** Words that rank a reading or a record without saying how far: "high cpu", "low memory". */
export const MAGNITUDE = /^(high|low|large|big|small|huge|tiny|heavy|elevated|slow|fast|expensive|cheap)$/;

/** The aggregate a single word names: "max" and "highest" the maximum, "total" the sum. */
export function aggregateOfWord(word: string): AggregateFn | null {
  for (const [words, fn] of AGGREGATES) if (new RegExp(`^(?:${words})$`).test(word)) return fn;
  return null;
}

export const AGGREGATE_WORD = AGGREGATES.map(([words]) => words).join('|');

/** How an aggregate is said: "average", "total", "minimum", "maximum", "number of". */
export function aggregateWord(fn: string): string {
  return AGGREGATE_NAMES[fn as AggregateFn] ?? 'number of';
}

/**
 * "compare revenue and cpu usage", "average cpu and memory per host": two kinds of reading are on
 * scales of their own, so one aggregate of both would take one of them the wrong way.
 */
export function kindsApart(named: string[]): string {
  return `${named.map((k) => `"${k}"`).join(' and ')} are different kinds of reading, each on a scale of its own: ask for each separately`;
}

const AGGREGATE_NAMES: Record<AggregateFn, string> = {
  avg: 'average',
  sum: 'total',
  min: 'minimum',
  max: 'maximum',
  count: 'number of',
};

export const SUPERLATIVE =
  /^(most|least|highest|lowest|largest|smallest|biggest|greatest|oldest|youngest|fewest|busiest|cheapest|slowest|fastest)$/;

/** Words for how much a record is worth, after a store word: "order value", "order size". */
export const MEASURE_WORDS = /^(value|values|worth|size|sizes|volume|volumes)$/;

/** Words for what people spend, which only a store of purchases measures. */
export const SPENDING = /^(spend|spends|spent|spending|spender|spenders)$/;

export const ADDITIVE =
  /^(revenue|revenues|money|amount|amounts|sales|spend|spending|spent|spender|spenders|cost|costs|income|profit|bytes|quantity|volume)$/;

/**
 * A mark each record is given (`score`, `rating`, `review_score`): marks add up to nothing, so a
 * group of records is ranked by its average mark ("the top student" has the best scores, not the
 * most of them, nor the largest sum of them).
 */
export function isMark(field: string): boolean {
  return /^(?:score|scores|rating|ratings|grade|grades|stars|marks)$/.test(
    nameWords(field).split(' ').at(-1) ?? '',
  );
}

/** Whether the groups of a store are ranked by its measure when no field is said ("the top customer"). */
export function ranksByMeasure(measure: string | null, grouped: string, person: string | null): boolean {
  return measure !== null && ((grouped === person && ADDITIVE.test(measure)) || isMark(measure));
}

const INTENSIVE =
  /^(usage|utilization|utilisation|load|latency|latencies|time|times|duration|durations|rate|rates|percent|percentage|temperature|humidity|pressure|battery|speed)$/;

/**
 * "which host had the highest cpu reading", "the peak memory value per host": one reading is the
 * extreme asked for, so each group's maximum (or minimum) ranks it, not its average.
 */
export function extremeReading(q: Question): AggregateFn | null {
  for (let i = 0; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    if (t.quoted) continue;
    const up = /^(highest|peak|maximum|max|slowest|longest)$/.test(t.text);
    const down = /^(lowest|minimum|min|fastest|quickest|shortest)$/.test(t.text);
    if (!up && !down) continue;
    const noun = q.tokens
      .slice(i + 1, i + 5)
      .findIndex(
        (n) =>
          !n.quoted &&
          /^(reading|readings|value|values|measurement|measurements|sample|samples|datapoint|datapoints)$/.test(
            n.text,
          ),
      );
    if (noun >= 0) return up ? 'max' : 'min';
  }
  return null;
}

/**
 * The aggregate a grouped question implies by what it measures, when it names none: by its words,
 * and by the words of the learned values it filters on ("memory" is memory_usage, a level).
 */
export function implicitAggregate(
  q: Question,
  filters: Filter[] = [],
  bounded = new Set<Token>(),
): AggregateFn | null {
  const values = filters.flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value]));
  const words = [
    // "orders with amount over 600 per currency": a field named in a bound asks for no measure.
    ...q.tokens.filter((t) => !bounded.has(t)).map((t) => t.text),
    ...values.flatMap((x) => (typeof x === 'string' ? normalize(x).split(' ') : [])),
  ];
  if (words.some((w) => ADDITIVE.test(w))) return 'sum';
  if (words.some((w) => INTENSIVE.test(w))) return 'avg';
  return null;
}

/**
 * Whether the records are counted, measured or grouped before token `start` ("count orders by
 * date", "total amount by date", "how much revenue by date", "group orders by date"), or a quantity
 * is named there ("revenue by date", "cpu usage by date": a total or a level per group, as "revenue
 * per currency" is): what follows "by" then names their groups, where a listing ("orders by date")
 * is sorted on it.
 */
export function aggregatedBefore(q: Question, start: number): boolean {
  const words = q.tokens.slice(0, start).filter((t) => !t.quoted);
  // "list revenue readings by date": the readings themselves, listed.
  const listed = words.some((t) => RECORD_NOUN.test(t.text));
  return words.some(
    (t, i) =>
      /^(?:count|counts|number|tally|average|avg|mean|total|totals|sum|group|grouped|break|split|bucket|bucketed)$/.test(
        t.text,
      ) ||
      (!listed && (ADDITIVE.test(t.text) || INTENSIVE.test(t.text))) ||
      (t.text === 'how' && /^(?:many|much)$/.test(words[i + 1]?.text ?? '')),
  );
}
