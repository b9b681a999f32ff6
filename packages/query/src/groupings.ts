/**
 * The readers of groupings: records counted or measured per value of a field ("users per
 * country", "revenue by currency"), groups ranked by a count or an aggregate, and one record ranked
 * within each group.
 */
import type { StoreEntry } from '@smartdb/registry';
import { COMPARISON, comparisonOp, NUM } from './comparisons.ts';
import { type Draft, type Grounding, unparseable } from './draft.ts';
import {
  ADDITIVE,
  AGGREGATE_WORD,
  aggregatedBefore,
  aggregateOfWord,
  aggregateWord,
  implicitAggregate,
  SUPERLATIVE,
} from './measures.ts';
import {
  alternation,
  fieldPattern,
  isStoreWord,
  isValueWord,
  ownNounField,
  PEOPLE,
  PERSON_WORDS,
  personField,
  plainStoreWords,
  pluralField,
  RECORD_NOUN,
  resolveField,
  storeWords,
  timeFieldWords,
} from './patterns.ts';
import { ANY_WORD, phrase, type Question, USED_WORD } from './question.ts';
import { afterPeriod, fromLargest } from './rankings.ts';
import { fieldsShaped, ID_LIKE, isEmail, isIdentifierField } from './stores.ts';
import { type BucketUnit, GROUP_VALUE, type HavingOp, type SortKey } from './types.ts';
import { excludedAfter } from './values.ts';
import { ageField, type StoreVocabulary, singular } from './vocabulary.ts';
import { FILLER_WORDS, nameWords, normalize, parseNumber, wordTable } from './words.ts';

/**
 * "users per country sorted by count", "channels ordered by number of messages ascending": how many
 * records each group holds, which no field is, read before "count" or "number of" asks for a count;
 * "sorted ascending": the direction alone.
 */
export function readCountOrder({ q, v, draft, timeField }: Grounding): void {
  // "orders sorted descending by amount": the direction may come before the field.
  q.scan(
    phrase`(?:sorted|ordered|sort|ranked|rank)(?: (?:the |all )?(?:${storeWords(v)}))? (asc|ascending|desc|descending|increasing|decreasing) by (?:the )?(${fieldPattern(v)})`,
    (m) => {
      const f = resolveField(v, m.text(2));
      if (!f) return false;
      draft.sort = [{ field: f, dir: /^(asc|increasing)/.test(m.text(1)) ? 'asc' : 'desc' }];
      return true;
    },
  );
  q.scan(
    phrase`(?:sorted|ordered|sort|ranked|rank)(?: (?:the |all )?(?:${storeWords(v)}))?(?: by (?:the )?(count|number|frequency|popularity)(?: of (?:the )?${ANY_WORD})?)?(?: (asc|ascending|desc|descending|increasing|decreasing))?`,
    (m) => {
      const dir = /^(asc|increasing)/.test(m.text(2)) ? 'asc' : 'desc';
      if (m.text(1)) draft.direction = { field: null, dir };
      // "count orders per day sorted descending": the periods' own order (`PERIOD_ORDER`).
      else if (m.text(2) && afterPeriod(q, m.start)) return false;
      else if (m.text(2)) draft.direction = { field: v.measure ?? timeField, dir };
      else return false;
      return true;
    },
  );
}

/** Words that join groups to what each holds: "services with", "channels that have", "hosts logging". */
const HOLDING =
  '(?:with|having|(?:that|which|who) (?:have|had|has|got|saw|logged|sent|posted|placed|made|received|wrote)|have|has|had|got|saw|logged|logging|sent|sending|posted|posting|placed|placing|made|received|receiving|wrote|writing|reporting|emitting|throwing|threw)';

/**
 * Whether the words at `at` name records to count: the store's word or a noun for records ("messages",
 * "records"), a value said in the plural ("errors", "warnings", or in the singular after `one`), or a
 * value then one of those ("error logs", "paid orders", "premium users").
 */
function countsRecords(v: StoreVocabulary, q: Question, at: number, one = false): boolean {
  const t = q.tokens[at];
  if (!t || t.quoted || q.isUsed(at)) return false;
  const noun = (w: string) =>
    isStoreWord(v, w) || RECORD_NOUN.test(w) || /^(?:entries|items|events)$/.test(w);
  if (noun(t.text)) return true;
  if (!isValueWord(v, t.text)) return false;
  const next = q.tokens[at + 1];
  // "more than 1 error": after one, a value in the singular counts too.
  return /s$/.test(t.text) || one || (next !== undefined && !next.quoted && noun(next.text));
}

/**
 * Consumes the words of a bound from `start` to `end`, but a category ranked before it ("top 3
 * services with more than 10 errors") is left for the ranking to read as its groups.
 */
function consumeBound(q: Question, start: number, end: number): void {
  const first = q.tokens[start]?.text === 'which' || q.tokens[start]?.text === 'what' ? start + 1 : start;
  const ranked = /^(?:top|bottom|\d+)$/.test(q.tokens[first - 1]?.text ?? '');
  q.consume(start, ranked ? first : first + 1);
  q.consume(first + 1, end);
}

/** A comparison's words and number as a bound ("more than 10" is `> 10`), or null. */
function boundOf(words: string, number: string): { op: HavingOp; value: number } | null {
  const op = comparisonOp(words);
  const value = parseNumber(number);
  return op && value !== null ? { op, value } : null;
}

/**
 * "services with more than 10 errors", "which channels have over 50 messages", "hosts whose average
 * cpu is above 50", "customers who spent more than 1000", "count users per country with more than 20
 * users": a bound on each group (SQL's HAVING), on how many records it holds or on the aggregate
 * asked of it. Read first, so the bound is never taken for a bound on each record; the records
 * counted and the aggregate ("errors", "average cpu") are left for the rules that read them anywhere.
 * A bound said of records ("orders over 500 by status", "cpu readings above 90 by host") is none of
 * these: no category in the plural holds it.
 */
export function readGroupBound({ q, v, draft, timeField }: Grounding): void {
  const category = fieldPattern(v, ['category', 'boolean']);
  const grouped = (word: string): string | null =>
    pluralField(v, word) ?? (PEOPLE.test(word) && !isStoreWord(v, word) ? personField(v) : null);
  // "services with more than 10 errors", "statuses with fewer than 100 orders"; "days with more than
  // 20 errors": the periods of the time field.
  q.scan(
    phrase`(?:(?:which|what) )?(${category}|customers|clients|buyers|hours|days|weeks|months) ${HOLDING} (?:(?:a|an|the) )?(${COMPARISON}) (${NUM})(?= |$)`,
    (m) => {
      const period = /^(?:hours|days|weeks|months)$/.test(m.text(1)) ? m.text(1).slice(0, -1) : null;
      // "metrics with more than 50 readings": the store's word that is the plural of its own field
      // ("metric" of metrics) is that field, where the records counted are named otherwise.
      const kinds =
        !period && RECORD_NOUN.test(q.tokens[m.end]?.text ?? '') ? ownPluralField(v, m.text(1)) : null;
      const f = period ? timeField : (kinds ?? grouped(m.text(1)));
      const bound = boundOf(m.text(2), m.text(3));
      if (!f || !bound || draft.having || !countsRecords(v, q, m.end, bound.value === 1)) return false;
      if (period) groupByPeriod(draft, timeField, period);
      else draft.groupBy = f;
      draft.count = true;
      draft.having = { ...bound, on: 'count' };
      consumeBound(q, m.start, m.end);
      return false;
    },
  );
  // "hosts with average cpu above 50", "services whose average response time is over 400".
  q.scan(
    phrase`(?:(?:which|what) )?(${category}|customers|clients|buyers) (?:with|having|whose|where|(?:that|which|who) (?:have|has|had)|have|has|had) (?:(?:a|an|the|their|its) )?(?=(?:${AGGREGATE_WORD}) )((?:${ANY_WORD} ){1,4}?)(?:(?:is|are|was|were|of|at) )?(${COMPARISON}) (${NUM})(?= |$)`,
    (m) => {
      const f = grouped(m.text(1));
      const bound = boundOf(m.text(3), m.text(4));
      if (!f || !bound || draft.having) return false;
      const said = m.group(2);
      const first = said[0];
      if (!first || !aggregateOfWord(first.text) || /^(?:count|number)$/.test(first.text)) return false;
      draft.groupBy = f;
      draft.having = { ...bound, on: 'aggregate' };
      const from = q.tokens.indexOf(first);
      consumeBound(q, m.start, from);
      q.consume(from + said.length, m.end);
      return false;
    },
  );
  // "customers who spent more than 1000", "customers spending over 500 in total": what each spent.
  q.scan(
    phrase`(?:(?:which|what) )?(customers|clients|buyers|${category}) (?:(?:who|that) )?(?:have )?(spent|spend|spends|spending) (?:(?:a total of|in total) )?(${COMPARISON}) (${NUM})(?: in total)?(?= |$)`,
    (m) => {
      const f = grouped(m.text(1));
      const bound = boundOf(m.text(3), m.text(4));
      const measure = v.measure;
      if (
        !f ||
        !bound ||
        draft.having ||
        !measure ||
        measure === ageField(v) ||
        !ADDITIVE.test(normalize(measure))
      )
        return false;
      draft.groupBy = f;
      draft.aggregate = { fn: 'sum', field: measure };
      draft.having = { ...bound, on: 'aggregate' };
      consumeBound(q, m.start, m.end);
      return false;
    },
  );
  // "count users per country with more than 20 users", "errors by service having at least 5 errors":
  // the grouping said already, then the bound on how many records each holds.
  q.scan(
    phrase`(?<=(?:per|by|(?:for|in|of) each) (?:the |each )?(?:${category}|hour|day|week|month) )(?:with|having|(?:that|which) (?:have|has|had)) (?:(?:a|an) )?(${COMPARISON}) (${NUM})(?= (${ANY_WORD}))`,
    (m) => {
      const bound = boundOf(m.text(1), m.text(2));
      if (!bound || draft.having || !countsRecords(v, q, m.end)) return false;
      draft.count = true;
      draft.having = { ...bound, on: 'count' };
      // The store's own word says only what is counted; a value ("errors") is left to be read.
      const counted = q.tokens[m.end]!;
      if (isStoreWord(v, counted.text) || RECORD_NOUN.test(counted.text)) q.consume(m.end, m.end + 1);
      return true;
    },
  );
}

/** The words before a field whose groups are ranked ("list the", "show me all the", "rank"). */
const GROUPS_LEAD = '^(?:(?:list|show|me|give|get|all|the|rank|sort|order) )*';

/** "by", "ranked by", "sorted by": the field's groups ranked by what follows. */
const RANKED_BY = '(?:(?:ranked|sorted|ordered|listed) )?by';

/**
 * "countries by number of users", "channels ranked by message count", "countries by users": a
 * category field in the plural,
 * ordered by how many records each of its values holds, is a count per group; read before "number
 * of" asks for a single count.
 */
export function readGroupsByCount({ q, v, draft }: Grounding): void {
  const store = `(?:${storeWords(v)})`;
  q.scan(
    // At the start: "top 2 services by error count" is ranked by `readRanking`.
    // "status counts for orders": the field, then its counts.
    phrase`${GROUPS_LEAD}(?:(${fieldPattern(v, ['category', 'boolean'])}) ${RANKED_BY} (?:the )?(?:(?:number|count) of (?:the )?(${store})|(${store}) count|(${store})(?= |$))|(?:${store} )?(${fieldPattern(v, ['category', 'boolean'])}) (?:counts|tallies)(?: (?:for|of|in|across) (?:the |all )?${store})?$)`,
    (m) => {
      const word = m.text(1) || m.text(5);
      const f = resolveField(v, word);
      const plural = m.text(5) !== '' || (/s$/.test(word) && normalize(word) !== normalize(f ?? ''));
      if (!f || draft.groupBy || isStoreWord(v, word) || !plural) return false;
      draft.groupBy = f;
      draft.count = true;
      // "services by number of errors": a store word that is a learned value stays to be read as one.
      // "countries by users": the records themselves, unqualified, are what is counted too.
      const counted = m.group(2)[0] ?? m.group(3)[0] ?? m.group(4)[0];
      if (!counted || !isValueWord(v, counted.text)) return true;
      const at = q.tokens.indexOf(counted);
      q.consume(m.start, at);
      q.consume(at + 1, m.end);
      return false;
    },
  );
}

/**
 * "teams by average age", "currencies by total order amount": a category field in the plural, ordered
 * by an aggregate of a measure, is that aggregate per group; the aggregate itself is left to
 * `readAggregate`, which reads it as it reads "average age".
 */
export function readGroupsByAggregate({ q, v, draft }: Grounding): void {
  q.scan(
    phrase`${GROUPS_LEAD}(${fieldPattern(v, ['category', 'boolean'])}) ${RANKED_BY}(?: the| their| its)?(?= (?:${AGGREGATE_WORD})(?: |$))`,
    (m) => {
      const f = pluralField(v, m.text(1));
      if (!f || draft.groupBy) return false;
      draft.groupBy = f;
      return true;
    },
  );
}

/** The field a store's own word names in the plural ("metrics" of metrics' metric), or null. */
function ownPluralField(v: StoreVocabulary, word: string): string | null {
  const f = resolveField(v, word);
  return f && isStoreWord(v, word) && /s$/.test(word) && normalize(singular(word)) === normalize(f)
    ? f
    : null;
}

/**
 * "what metrics are there", "which metrics exist": asked which there are, the store's own word that is
 * also the plural of one of its fields ("metric" of metrics) asks for that field's values, not for
 * every record ("show all metrics" still lists them).
 */
function kindsOfStore(
  v: StoreVocabulary,
  word: string,
  first: string | undefined,
  after: string,
): string | null {
  if (!/^(?:which|what)$/.test(first ?? '') || !/^(?:(?:are|were) there|exist|do we have)$/.test(after))
    return null;
  const f = resolveField(v, word);
  return f && normalize(singular(word)) === normalize(f) ? f : null;
}

/**
 * "list every channel", "every region": a category field said in the singular after "every" is each
 * of its values, as "all channels" is (refused before, too little read); null otherwise.
 */
function everyValue(v: StoreVocabulary, word: string, before: string | undefined): string | null {
  if (before !== 'every' || isStoreWord(v, word)) return null;
  const f = resolveField(v, word);
  return f && !isIdentifierField(v, f) ? f : null;
}

/**
 * "statuses by amount", "currencies ranked by order amount", "teams by age", "order status by amount":
 * a category field ranked by a number field, with no aggregate said, is each group measured as
 * "amount per status" is (a total of what adds up, the average age or level); left to the sort of
 * records, the field word would be dropped. Read before "by orders" is taken for a count.
 */
export function readGroupsByMeasure({ q, v, draft }: Grounding): void {
  q.scan(
    phrase`${GROUPS_LEAD}(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['category', 'boolean'])}) ${RANKED_BY}(?: the| their| its)?(?: (?:${storeWords(v)}))?(?= (${fieldPattern(v, ['number'])})(?:$| (?!(?:than|greater|less|more|at|of|is|are|was|were|from|to|and|or|=|>|<|>=|<=)(?: |$))(\\S+)))`,
    (m) => {
      const word = m.text(1);
      const f = resolveField(v, word);
      const measure = resolveField(v, m.text(2));
      if (!f || !measure || isStoreWord(v, word) || draft.groupBy || draft.aggregate) return false;
      if (v.kinds.get(measure) !== 'number') return false;
      draft.groupBy = f;
      const fn = implicitAggregate(q) ?? (ADDITIVE.test(measure) && measure !== ageField(v) ? 'sum' : 'avg');
      draft.aggregate = { fn, field: measure };
      // "status by amount over 100": the measure with a bound after it is also compared, so it is
      // left for the comparison to read ("amount over 100") and the groups hold only those records.
      const bound = /^(?:over|above|under|below|between|exceeding)$/.test(m.text(3) ?? '');
      q.consume(m.start, bound ? m.end : m.end + 1);
      return false;
    },
  );
}

const PERIOD_OF_ADJECTIVE = wordTable<string>({
  hourly: 'hour',
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
});

const BUCKET_UNITS: readonly string[] = ['hour', 'day', 'week', 'month'] satisfies BucketUnit[];

/** The refusal of a grouping by a field and by a period of time at once ("errors per service per day"). */
export function fieldAndPeriod(field: string, unit: string): string {
  return `Grouping by ${field} and by ${unit} at once is two groupings; ask for one of them`;
}

/**
 * Groups the records by periods of their time field ("per day", "hourly"): one period at a time,
 * and never with a grouping by a field too ("errors per service per day" is two groupings).
 */
function groupByPeriod(draft: Draft, timeField: string, unit: string): void {
  if (!BUCKET_UNITS.includes(unit)) {
    draft.unsupported ??= `Grouping by ${unit} is not supported; group by hour, day, week or month`;
    return;
  }
  if (draft.bucket && draft.bucket !== unit) {
    draft.unsupported ??= `Grouping by ${draft.bucket} and by ${unit} at once is not supported; ask for one period`;
    return;
  }
  if (draft.groupBy && draft.groupBy !== timeField) {
    draft.unsupported ??= fieldAndPeriod(draft.groupBy, unit);
    return;
  }
  draft.groupBy = timeField;
  draft.bucket = unit as BucketUnit;
}

/**
 * "count orders by date from oldest", "total amount per day starting with the latest": the end the
 * periods are listed from; "count orders by date descending", "count orders per day in descending
 * order", "messages per day sorted ascending": the periods' own order, by when they are (what
 * ranks them by their counts is said otherwise: "busiest first", "sorted by count").
 */
const PERIOD_END =
  '(?:the )?(?:oldest|earliest|newest|latest|most recent)(?: (?:one|ones|days?|dates?))?(?: first)?';
const PERIOD_ORDER = `(?: (?:from|starting (?:with|from|at)|beginning (?:with|from|at)) (${PERIOD_END})(?: (?:to|through) ${PERIOD_END})?| (?:(?:sorted|ordered|listed) )?(?:in )?(asc|ascending|desc|descending)(?: order)?)?`;

/**
 * "errors per day this week descending": the periods' own order said after a window read already
 * (used words between), which PERIOD_ORDER, reading only the words next to the period, left unread
 * (and the order was dropped). Consumes and returns the direction word, or ''.
 */
function orderAfterWindow(q: Question, end: number): string {
  let at = end;
  while (at < q.tokens.length && q.isUsed(at)) at++;
  if (at === end) return '';
  const from = at;
  const free = (i: number, words: RegExp) =>
    !q.isUsed(i) && !q.tokens[i]?.quoted && words.test(q.tokens[i]?.text ?? '');
  if (free(at, /^(?:sorted|ordered|listed)$/)) at++;
  if (free(at, /^in$/)) at++;
  if (!free(at, /^(?:asc|ascending|desc|descending)$/)) return '';
  const word = q.tokens[at]!.text;
  const last = free(at + 1, /^order$/) ? at + 2 : at + 1;
  q.consume(from, last);
  return word;
}

/** Lists the periods from the end said first ("from newest to oldest" starts at the newest). */
function listPeriodsFrom(draft: Draft, timeField: string, first: string): void {
  if (!first) return;
  draft.sort = [
    { field: timeField, dir: /\b(?:oldest|earliest|asc|ascending)\b/.test(first) ? 'asc' : 'desc' },
  ];
}

/**
 * "count users by signup date", "orders per creation date", "total amount by date", "count messages
 * by sent day": the time field named by its date (or by what it records: the store's word "signup",
 * the words of its name, "signed up", "created", "creation") groups the records per day of it, as
 * "users per day" does; the date words were passed over before and every record counted. A listing
 * by a date ("users by signup date", "orders by date") is still sorted on it: "by" a date groups
 * only what is counted or measured, while "per", "grouped by", "for each" group a listing too. A
 * day, week, month or hour of it is that period, which groups a listing as "orders by day" does
 * ("signups by signup month", "orders by creation day", "number of orders by day of creation").
 */
export function readGroupsByDate({ q, v, draft, timeField }: Grounding): void {
  if (!v.store.timeField || timeField !== v.store.timeField) return;
  const whole = nameWords(timeField);
  const by = `(?:${timeFieldWords(timeField)}|${storeWords(v)})`;
  q.scan(
    phrase`(?<!(?:sorted|ordered|order|sort|sorting|ranked|rank|listed|list|arranged) )(grouped by|group by|broken down by|break down by|breakdown by|split by|per|by|(?:for|in|of) (?:each|every)) (?:the |each |every |their |its )?(?:(?:${by}) (date|day|week|month|hour)s?|(date|day|week|month|hour)s? of (?:the |their |its )?(?:${by})|(dates?)|(${alternation([whole])}))${PERIOD_ORDER}(?= |$)`,
    (m) => {
      // "orders by signup week", "orders by day of creation": a period said groups a listing too,
      // as "orders by day" does. "total amount by date", "how much revenue by date", "revenue by
      // date": by a date, records counted or measured before it (read later, by their words) are
      // grouped, and "group orders by date" by its verb; "orders by date" is still sorted on it.
      const unit = (m.text(2) || m.text(3) || 'day').replace(/^date$/, 'day');
      const dated = !/^(?:day|week|month|hour)$/.test(m.text(2) || m.text(3));
      if (dated && m.text(1) === 'by' && !draft.count && !draft.aggregate && !aggregatedBefore(q, m.start))
        return false;
      // "count logs by timestamp": the time field itself names no period; its days are counted, as
      // "count logs by date" counts them (each record's own instant would be a group of one).
      groupByPeriod(draft, timeField, unit);
      listPeriodsFrom(draft, timeField, m.text(6) || m.text(7) || orderAfterWindow(q, m.end));
      return true;
    },
  );
}

export function readGrouping({ q, v, draft, timeField, windowed }: Grounding): void {
  /** Whether token `i` is a value of `field`: learned, quoted, or shaped like its addresses. */
  const holdsValue = (field: string, i: number): boolean => {
    const t = q.tokens[i];
    if (!t || q.isUsed(i)) return false;
    if (t.quoted) return true;
    // "users by team, engineering excluded": a value left out after the grouping is no condition of it.
    if (excludedAfter(q, i + 1) !== null) return false;
    if ((v.values.get(normalize(t.text)) ?? []).some((e) => e.field === field)) return true;
    return (isEmail(t.raw) || ID_LIKE.test(t.raw)) && fieldsShaped(v, t.raw).includes(field);
  };
  const lead =
    '(?:grouped by|group by|broken down by|breakdown by|break down by|split by|per|by|(?:for|in|of) each|(?:for|in|of) every|each|across)';
  /** The field this rule grouped by, to tell a second grouping from the first. */
  let grouped: string | null = null;
  // "average temperature by device" of a store named devices: its own noun after "by" or "per"
  // groups by the field naming each one (device_id, deviceId, device_name), where it has one.
  q.scan(phrase`(?:by|per|(?:for|in|of) (?:each|every)) (${storeWords(v)})(?= |$)`, (m) => {
    if (draft.groupBy) return false;
    const f = ownNounField(v, m.text(1));
    if (!f) return false;
    draft.groupBy = f;
    grouped = f;
    return true;
  });
  // "levels per service", "plans by region": the values of one field for each value of another are
  // two groupings at once, not a count per service that drops the levels.
  // "count statuses per currency": the words before it may have been read already ("count"), and
  // a match may not take in words read.
  q.scan(
    phrase`(?<=^(?:(?:${USED_WORD}|list|show|all|distinct|unique|different|what|which|the|me|give|get|count|number of) )*)(${fieldPattern(v, ['category'])}) (?:per|by|(?:for|in|of) (?:each|every)|across(?: the| all)?) (?:the |each |every )?(${fieldPattern(v, ['category'])})`,
    (m) => {
      const [first, second] = [resolveField(v, m.text(1)), resolveField(v, m.text(2))];
      const plural = /s$/.test(m.text(1)) && normalize(m.text(1)) !== normalize(first ?? '');
      if (!first || !second || first === second || !plural || isStoreWord(v, m.text(1))) return false;
      draft.unsupported ??= TWO_GROUPINGS;
      return true;
    },
  );
  q.scan(
    // "users grouped by their location", "users in every country"; "errors by message": a text
    // field too, each distinct text its own group.
    phrase`${lead} (?:the |each |every |their |its )?(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['category', 'boolean', 'number', 'other', 'text'])})`,
    (m) => {
      const f = resolveField(v, m.text(1));
      if (!f) return false;
      // "orders placed by customers with example.com addresses", "orders by customers with acme.io
      // addresses": by whom they were made, not a grouping (the people are described in the plural).
      const before = q.tokens[m.start - 1]?.text ?? '';
      const after = q.tokens[m.end]?.text ?? '';
      const described = FILLER_WORDS.has(before) || (f === personField(v) && /s$/.test(m.text(1)));
      if (described && /^(with|who|whose|that|at|from|having)$/.test(after)) return false;
      // "total spent by customers this week", "orders placed by customers": after a verb of doing,
      // people in the plural are who did it, all of them, as "orders placed by users" is.
      if (
        q.tokens[m.start]?.text === 'by' &&
        f === personField(v) &&
        /s$/.test(m.text(1)) &&
        (FILLER_WORDS.has(before) || /^(spent|paid|bought|ordered|purchased)$/.test(before))
      )
        return true;
      // "filter users by country = 'Germany'", "orders by customer ann@x.io": a field given a value is a condition.
      if (/^(=|is|:|equals)$/.test(after) || holdsValue(f, m.end)) return false;
      // "list each user": the store's own word for its records names no field to group by ("per
      // metric" still does, where the field is called so).
      if (isStoreWord(v, m.text(1)) && singular(normalize(m.text(1))) !== singular(normalize(f)))
        return false;
      // "logs by service and level", "users per country and plan": two groupings in one answer.
      let k = m.end + 1;
      while (/^(by|per|the|each)$/.test(q.tokens[k]?.text ?? '')) k++;
      const second = /^(and|&)$/.test(after) ? resolveField(v, q.tokens[k]?.text ?? '') : null;
      if (second && second !== f && v.kinds.get(second) === 'category' && !holdsValue(second, k + 1)) {
        draft.unsupported ??= TWO_GROUPINGS;
        return true;
      }
      // "revenue by host per currency": a second grouping joined without "and". "the most active
      // sender per channel", "the top customer per currency": groups ranked within other groups.
      if (grouped && grouped !== f) {
        draft.unsupported ??= TWO_GROUPINGS;
        return true;
      }
      if (draft.groupBy && draft.groupBy !== f && draft.limit !== null) {
        draft.unsupported ??= `The top ${draft.groupBy} of each ${f} cannot be asked for: ask for one ${f} at a time`;
        return true;
      }
      draft.groupBy = f;
      grouped = f;
      return true;
    },
  );
  // "hosts by memory usage", "services by response time", "currencies by revenue": a category named
  // in the plural and ranked by a measure (a learned value of what is measured, or a number field)
  // is grouped by, each group measured as "memory usage per host" is; left unread, the field word
  // would be dropped and the readings listed.
  q.scan(
    phrase`(?<=^(?:(?:${USED_WORD}|list|show|all|the|me|give|get|rank|sort|order) )*)(${fieldPattern(v, ['category'])}) (?:ranked |sorted |ordered )?by (?:the |their |its )?(${ANY_WORD})`,
    (m) => {
      const f = pluralField(v, m.text(1));
      if (!f || draft.groupBy || !v.measure || v.measure === ageField(v)) return false;
      const next = m.text(2);
      const field = resolveField(v, next);
      const measured = field
        ? v.kinds.get(field) === 'number'
        : isValueWord(v, next) && !holdsValue(f, m.end - 1);
      if (!measured) return false;
      draft.groupBy = f;
      grouped = f;
      q.consume(m.start, m.end - 1);
      return false;
    },
  );
  // "where are users located", "where do our customers live": how they fall into the field of places.
  q.scan(
    phrase`where (?:are|is|do|does) (?:the |our |all |my )?(?:${storeWords(v)}) (?:located|based|from|living|live|coming from|come from)`,
    () => {
      const f = resolveField(v, 'location');
      if (!f || draft.groupBy) return false;
      draft.groupBy = f;
      return true;
    },
  );
  // "orders per day", "errors by hour": groups of the time field, one per period (Interpretation's
  // `bucket`). Minutes, weekdays and years are not periods a group is cut at.
  q.scan(
    phrase`(?:${lead}) (?:the |each |every )?(?:calendar )?(minute|hour|day|week|weekday|month|year)s?${PERIOD_ORDER}(?= |$)`,
    (m) => {
      if (/^(sorted|ordered|order|sort|ranked|rank|listed)$/.test(q.tokens[m.start - 1]?.text ?? ''))
        return false;
      groupByPeriod(draft, timeField, m.text(1));
      listPeriodsFrom(draft, timeField, m.text(2) || m.text(3) || orderAfterWindow(q, m.end));
      return true;
    },
  );
  // "which day had the most orders", "the hour with the most errors", "busiest day for orders": the
  // periods of time ranked by how many records (or how much) each holds, the top one unless a number
  // is said. A day of the week, a minute or a year is no period a group is cut at.
  const rankPeriods = (unit: string, ranking: string) => {
    groupByPeriod(draft, timeField, unit.replace(/^date$/, 'day'));
    if (draft.unsupported) return;
    const least = /^(lowest|fewest|least|quietest)$/.test(ranking);
    draft.sort = [{ field: GROUP_VALUE, dir: least ? 'asc' : 'desc' }];
    draft.limit ??= 1;
  };
  q.scan(
    phrase`(?:(?:which|what|the) (?:calendar )?(minute|hour|day|date|week|weekday|month|year)(?: of the (week|month|year))?(?: ${ANY_WORD}){0,3}? (?:the )?(most|highest|lowest|fewest|least|busiest|largest|biggest|quietest)|(busiest|quietest) (minute|hour|day|date|week|weekday|month|year)s?)(?= |$)`,
    (m) => {
      if (m.text(2)) {
        draft.unsupported ??= `Grouping by the ${m.text(1)} of the ${m.text(2)} is not supported; group by hour, day, week or month`;
        return true;
      }
      rankPeriods(m.text(1) || m.text(5), m.text(3) || m.text(4));
      return true;
    },
  );
  // "which day this week had the most errors", "what hour today saw the fewest orders": the window
  // read already stands between (a phrase never spans words read); read apart, the period and the
  // ranking were dropped and the window's records listed.
  q.scan(phrase`(?:which|what) (minute|hour|day|date|week|month)(?= ${USED_WORD})`, (m) => {
    let at = m.end;
    while (q.isUsed(at)) at++;
    const rest = q.tokens.slice(at, at + 4).map((t) => (t.quoted ? '' : t.text));
    const k = rest.findIndex((w) =>
      /^(?:most|highest|lowest|fewest|least|busiest|largest|biggest|quietest)$/.test(w),
    );
    if (
      k < 0 ||
      rest.slice(0, k).some((w) => !/^(?:had|has|have|saw|see|sees|got|was|is|were|the|with)$/.test(w))
    )
      return false;
    rankPeriods(m.text(1), rest[k]!);
    q.consume(at, at + k + 1);
    return true;
  });
  // "logs a day", "errors an hour", "how many orders in a day": how many records each period holds,
  // a rate, is a grouping by the period too; left unread, "a day" would be dropped and every record
  // counted. "a day ago", "for a day", "within a day" are windows, read before this. Within a window
  // ("orders a day over the last week") it is each period's records in it; with none, which periods
  // are meant is not said, and the last one is offered.
  q.scan(
    phrase`(?<!(?:^| )(?:for|within|over|last|past|previous|than|about|around|under|once|twice|thrice|times?|and|or) )(?:in |on |every |each )?(?:a|an|one|1) (minute|hour|day|week|month|year)(?! (?:ago|old|back|before|after|earlier|later|or|and)(?: |$))(?= |$)`,
    (m) => {
      if (draft.unsupported) return true;
      const unit = m.text(1);
      if (windowed) {
        groupByPeriod(draft, timeField, unit);
        return true;
      }
      draft.unsupported = `"${m.text(0)}" asks for a rate per ${unit}: grouping by a period of time is not supported; ask for one window at a time, e.g. "in the last ${unit}"`;
      draft.unsupportedFix = { said: m.text(0), fixes: [`in the last ${unit}`] };
      return true;
    },
  );
  // "logs over a day": the last day, or older than a day? Neither is said ("over the last day",
  // "over a day old"). "revenue over a quarter", "over a fortnight" were passed over and every
  // record answered; a quarter, which no window is counted in, is offered as three months.
  q.scan(
    '(?:over|more than) (a|an|one|1) (minute|hour|day|week|fortnight|month|quarter|year)(?! (?:ago|old|back|before|earlier|of|seconds?|secs?|ms|milliseconds?|minutes?|mins?|hours?|hundred|thousand|million)(?: |$))(?= |$)',
    (m) => {
      if (draft.unsupported) return true;
      const quarter = m.text(2) === 'quarter';
      const unit = quarter ? '3 months' : m.text(2);
      const span = quarter ? unit : `${m.text(1)} ${m.text(2)}`;
      draft.unsupported = `"${m.text(0)}" could be the last ${m.text(2)} or longer ago: say "in the last ${unit}" or "more than ${span} ago"`;
      draft.unsupportedFix = {
        said: m.text(0),
        fixes: [`in the last ${unit}`, `more than ${span} ago`],
      };
      return true;
    },
  );
  // "daily revenue", "weekly active users": an amount per period of time is a grouping by it too.
  // "average daily revenue", "max hourly cpu" ask for an aggregate of each period's aggregate, and
  // "daily active users" for the users active each day: neither is one grouping of the records.
  q.scan(
    phrase`((?:${AGGREGATE_WORD}|peak|typical) )?(hourly|daily|weekly|monthly|quarterly|yearly|annual|annually)( active)?`,
    (m) => {
      if (m.text(1) || m.text(3)) {
        draft.unsupported =
          'Grouping by a period of time and then aggregating the periods is not supported; ask for one window at a time';
        return true;
      }
      groupByPeriod(draft, timeField, PERIOD_OF_ADJECTIVE[m.text(2)] ?? m.text(2));
      return true;
    },
  );
  // "distribution of log levels", "the spread of plans": how the records fall into a field's values.
  // "team sizes", "the sizes of the channels": how many records each value holds.
  q.scan(
    // "the status breakdown of orders", "plan distribution": the field may come first.
    phrase`(?:the )?(?:distribution|breakdown|split|spread|mix|sizes) of (?:the |each |every )?(?:(?:${plainStoreWords(v)}) )?(${fieldPattern(v, ['category', 'boolean'])})|(?:the )?(?:(?:${plainStoreWords(v)}) )?(${fieldPattern(v, ['category', 'boolean'])}) (?:distribution|breakdown|split|spread|mix|sizes)`,
    (m) => {
      const f = resolveField(v, m.text(1) || m.text(2));
      if (!f || draft.groupBy) return false;
      draft.groupBy = f;
      return true;
    },
  );
  // "list the channels", "what plans are there": a category field named in the plural, and nothing
  // after it but "are there" (or words read already: "distinct channels today"), asks for its values,
  // with how many records hold each.
  q.scan(
    // "what plans do users have": the same, asked of the store's records.
    // "what are the distinct channels", "unique countries of users": the values of the store's records.
    // "what are the different log levels", "list the order statuses": the store's word may come first.
    // "list every channel", "every region": "every" before the field in the singular (`everyValue`).
    phrase`^(?:(?:list|show|all|every|distinct|unique|different|what|which|are|were|the|me|give|get) )*(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['category'])})(?: (?:names|values|kinds|types))?(?= ((?:are|were) (?:there|used|in use|being used|recorded|tracked|reported)|exist|do we have|(?:(?:are|were|is|was) )?${RECORDING} (?:any )?(?:${storeWords(v)})(?= |$)|(?:(?:are|were|is|was) )?${RECORDING} (?:any )?${ANY_WORD}(?= |$)|do (?:the )?(?:${storeWords(v)}) (?:have|use|come from|belong to))| (?:of|in|for|among|across) (?:all )?(?:the |our )?(?:${storeWords(v)})(?= |$)|(?: ${USED_WORD})*$)`,
    (m) => {
      // "list the metric names", "which metric names are recorded": the field's values, by their field's name.
      const valued = /^(?:names|values|kinds|types)$/.test(q.tokens[m.end - 1]?.text ?? '');
      const namedField = valued ? resolveField(v, m.text(1)) : null;
      const fieldAt = q.tokens.indexOf(m.group(1)[0]!);
      const f =
        namedField && !isIdentifierField(v, namedField)
          ? namedField
          : (pluralField(v, m.text(1)) ??
            everyValue(v, m.text(1), q.tokens[fieldAt - 1]?.text) ??
            kindsOfStore(v, m.text(1), q.tokens[m.start]?.text, m.text(2)));
      if (!f || draft.groupBy) return false;
      // "hosts reporting cpu": after the verb, a value the records hold (or the store's word).
      const after = m.group(2);
      const recorded = after.findIndex((t) => new RegExp(`^${RECORDING}$`).test(t.text));
      const held = after[after.length - 1]?.text ?? '';
      if (recorded >= 0 && !isStoreWord(v, held) && !isValueWord(v, held)) return false;
      // "the names of users in Spain": a field that tells records apart names the records themselves.
      if (/^(of|in|for|among|across)$/.test(q.tokens[m.end]?.text ?? '') && isIdentifierField(v, f))
        return false;
      draft.groupBy = f;
      // "hosts reporting cpu": which hold such records, with how many each holds.
      if (recorded >= 0 && !isStoreWord(v, held)) draft.aggregate ??= { fn: 'count', field: null };
      // "what units are used": that they are in use is what makes them values, and asks nothing more.
      const said = m.group(2);
      if (said.length && recorded < 0 && !said.some((t) => isStoreWord(v, t.text)))
        q.consume(m.end, q.tokens.indexOf(said[said.length - 1]!) + 1);
      // "what units do metrics use": the words around the store's are read with it.
      else if (said[0]?.text === 'do') {
        for (const t of said) {
          if (!isStoreWord(v, t.text)) q.consume(q.tokens.indexOf(t), q.tokens.indexOf(t) + 1);
        }
      }
      // "unique hosts reporting metrics": the verb says the values are those the records hold.
      // "which hosts are reporting metrics": with "are" before the verb, the same.
      else {
        const verb = said.findIndex((t) => new RegExp(`^${RECORDING}$`).test(t.text));
        if (verb >= 0 && verb <= 1) q.consume(m.end, m.end + verb + 1);
      }
      return true;
    },
  );
  // "distinct customers who paid in USD", "unique senders that posted today": distinct values said
  // first, then a clause of what their records are, are the values of those records; passed over,
  // "distinct" would be dropped and the records listed.
  q.scan(
    phrase`^(?:(?:list|show|all|the|me|give|get|find|what|which|are|were) )*(?:distinct|unique|different) (${fieldPattern(v, ['category'])})(?= (?:who|that|which|whose) )`,
    (m) => {
      const f = pluralField(v, m.text(1));
      if (!f || draft.groupBy || draft.limit !== null) return false;
      draft.groupBy = f;
      draft.count = !q.tokens.slice(m.end).some((t) => aggregateOfWord(t.text));
      grouped = f;
      return true;
    },
  );
  // "list services with errors", "which hosts have warnings", "services with error counts": a
  // category field named in the plural first, then what its records must hold, asks for the values
  // that hold it; as with "list the channels", each value comes with how many matching records it has.
  q.scan(
    // "which channels did john post in", "what services logged errors": asked with "which" or
    // "what", the rest of the question may say it in any words.
    // "hosts where cpu is over 50": what the values' records are, said with "where" and a verb of
    // being, asks for the values as "hosts with cpu above 90" does; "hosts where cpu went above 90%",
    // a moment, still lists the readings.
    phrase`^(?:(?:(?:list|show|all|distinct|unique|different|what|which|the|me|give|get|find|display) )*(${fieldPattern(v, ['category'])}) (?:with|having|(?:that|which|who) (?:have|had|has|got)|have|has|had|got|where there (?:are|were|is|was)|where(?= (?:the )?(?:${ANY_WORD} ){1,2}(?:is|are|was|were) ))|(?:which|what) (?:(?:distinct|unique|different) )?(${fieldPattern(v, ['category'])}))(?= (?:the |their |its |any |some )?(${ANY_WORD}))`,
    (m) => {
      // "which service logged errors", "what host had warnings": asked in the singular, with a verb of
      // recording, the values that hold them are asked for all the same.
      // "what host had warnings", "which channel did john post in": the singular after "which" or
      // "what" is asked for just the same, whichever of the two shapes matched it.
      const word = m.text(1) || m.text(2);
      const named = (m.group(1).length ? m.group(1) : m.group(2)).at(-1);
      const after = m.text(2) ? m.text(3) : (q.tokens[q.tokens.indexOf(named!) + 1]?.text ?? '');
      const f =
        pluralField(v, word) ??
        (/^(?:which|what)$/.test(q.tokens[m.start]?.text ?? '') &&
        /^(?:logged|sent|posted|threw|thrown|had|has|got|saw|placed|made|received|emitted|raised|reported|produced|generated|did|does|do)$/.test(
          after,
        )
          ? resolveField(v, word)
          : null);
      if (!f || draft.groupBy || draft.limit !== null) return false;
      // "hosts with the most errors" is a ranking, read before; a comparison ("with more than 10
      // errors") asks to filter the groups, which is no condition on the records.
      if (/^(most|fewest|least|highest|lowest|more|fewer|less|over|under|above|below|at)$/.test(m.text(3)))
        return false;
      // "which teams have the oldest users": records ranked, read before, rank no group (refused
      // by `unrankedGroup`).
      const next = q.tokens
        .slice(m.end)
        .find((t) => !/^(the|their|its|any|some|with|having|have|has|had|got|get)$/.test(t.text));
      if (next && SUPERLATIVE.test(next.text)) return false;
      // "which currency do most orders use": asked with a verb of the records, a ranking said later
      // is no list of values (refused as a ranking not said of the groups).
      if (
        /^(?:did|does|do)$/.test(after) &&
        q.tokens.slice(m.end).some((t) => /^(?:most|fewest|least)$/.test(t.text))
      )
        return false;
      // "which services had no errors": values holding no such records are in no group of them.
      if (/^(no|none|zero|not|never|without)$/.test(m.text(3))) {
        draft.unsupported ??= `Values that hold no matching records cannot be listed: ask for the count per ${f}`;
        return true;
      }
      draft.groupBy = f;
      // "statuses with their order totals": an aggregate said after the field is what each value holds.
      draft.count = !q.tokens.slice(m.end).some((t) => aggregateOfWord(t.text));
      grouped = f;
      return true;
    },
  );
  // "senders in the random channel", "hosts on the api service": a category field named in the plural
  // first, then where its records are (a value of another field), asks for its values there, each
  // with how many records it has, as "list services with errors" does.
  q.scan(
    phrase`^(?:(?:list|show|all|distinct|unique|different|the|me|give|get|find|display) )*(${fieldPattern(v, ['category'])})(?= (?:in|on|from|at|for) (?:the )?(${ANY_WORD})(?: (${ANY_WORD}))?)`,
    (m) => {
      const f = pluralField(v, m.text(1));
      if (!f || draft.groupBy || draft.limit !== null) return false;
      const elsewhere = (text: string) => (v.values.get(normalize(text)) ?? []).some((e) => e.field !== f);
      if (!elsewhere(m.text(2)) && !(m.text(3) && elsewhere(`${m.text(2)} ${m.text(3)}`))) return false;
      draft.groupBy = f;
      draft.count = !q.tokens.slice(m.end).some((t) => aggregateOfWord(t.text));
      grouped = f;
      return true;
    },
  );
  // "channels where john posts", "channels john posted in", "hosts where the api logs": a category
  // field named in the plural first, then who or what does something there (a value of another
  // field) and the verb, asks for its values there, each with how many records it has.
  q.scan(
    phrase`^(?:(?:list|show|all|distinct|unique|different|the|me|give|get|find|display) )*(${fieldPattern(v, ['category'])})(?: (?:where|that|which|in which))?(?= (?:the )?(${ANY_WORD}) (${DOING})(?: (?:in|on|to|from|at))?(?: |$))`,
    (m) => {
      const f = pluralField(v, m.text(1));
      if (!f || draft.groupBy || draft.limit !== null) return false;
      if (!(v.values.get(normalize(m.text(2))) ?? []).some((e) => e.field !== f)) return false;
      draft.groupBy = f;
      draft.count = !q.tokens.slice(m.end).some((t) => aggregateOfWord(t.text));
      grouped = f;
      // The verb, and the word after it that says where, are read with the field.
      const verb = q.tokens.indexOf(m.group(3)[0]!);
      const where = /^(?:in|on|to|from|at)$/.test(q.tokens[verb + 1]?.text ?? '') ? 1 : 0;
      q.consume(verb, verb + 1 + where);
      return true;
    },
  );
  // "error counts for all services", "message counts across the channels": counts said in the
  // plural for all of a field's values are one count per value.
  q.scan(
    phrase`(?:counts|tallies|numbers) (?:for|of|across|over|in) (?:all (?:the |of the )?|the |every |each )(${fieldPattern(v, ['category'])})`,
    (m) => {
      const word = m.text(1);
      const f = resolveField(v, word);
      if (!f || draft.aggregate || isStoreWord(v, word) || !/s$/.test(word)) return false;
      if (draft.groupBy && draft.groupBy !== f) return false;
      draft.groupBy = f;
      draft.count = true;
      grouped = f;
      return true;
    },
  );
  // "services with error counts", "channels with their message counts": the records counted per value.
  q.scan(phrase`with (?:the |their |its )?(?:(${ANY_WORD}) )?(?:counts|tallies)$`, (m) => {
    if (!draft.groupBy || !draft.count) return false;
    const counted = m.group(1)[0];
    if (!counted) return true;
    // The word counted stays to be read: a learned value ("error") or the store's word ("message").
    const at = q.tokens.indexOf(counted);
    q.consume(m.start, at);
    q.consume(at + 1, m.end);
    return false;
  });
  // "how many messages did each user send": a word for a person groups by the store's person field.
  q.scan(phrase`${lead} (?:the |(each |every ))?(${PERSON_WORDS})`, (m) => {
    const person = personField(v);
    // "list each user in the marketing team": the users themselves, one by one; "messages by user
    // john": one of them.
    if (!person || isStoreWord(v, m.text(2)) || holdsValue(person, m.end)) return false;
    // "count messages per user per channel": a second grouping, where "per" or "each" cannot be whose.
    if (grouped && grouped !== person && !/^by$/.test(q.tokens[m.start]?.text ?? '')) {
      draft.unsupported ??= TWO_GROUPINGS;
      return true;
    }
    if (draft.groupBy) return false;
    // "messages sent by people other than john": by whom they were sent, not one group per person.
    const before = q.tokens[m.start - 1]?.text ?? '';
    if (q.tokens[m.start]?.text === 'by' && !m.text(1) && FILLER_WORDS.has(before)) return false;
    draft.groupBy = person;
    return true;
  });
  // "break down revenue by host", "split errors by service": verbs of grouping, once a grouping is read.
  q.scan(
    '(?:break|breaking|broke|broken|split|splitting)(?: (?:it|them|this|that|these|those))? (?:down|up|out)|split|splitting',
    () => draft.groupBy !== null,
  );
}

/** Verbs of what a person or a part does where a record is kept: "john posts", "the api logged". */
const DOING =
  '(?:posts|posted|post|posting|writes|wrote|write|sends|sent|send|talks|talked|talk|chats|chatted|logs|logged|reports|reported)';

/** Verbs by which values hold records: "hosts reporting metrics", "services sending logs". */
const RECORDING = '(?:reporting|sending|logging|recording|emitting|writing|posting|placing|producing)';

const TWO_GROUPINGS = 'One grouping at a time: ask for the counts by each field separately';

/** "average amount by status and currency": the refusal of two groupings names what was asked for. */
export function twoGroupingsOf(draft: Draft, message: string): string {
  if (message !== TWO_GROUPINGS || !draft.aggregate || draft.aggregate.fn === 'count') return message;
  const what = `${aggregateWord(draft.aggregate.fn)}s`;
  const of = draft.aggregate.field ? ` of ${draft.aggregate.field}` : '';
  return `One grouping at a time: ask for the ${what}${of} by each field separately`;
}

/**
 * "users per country in ascending order", "revenue per host, lowest first": a direction asked of a
 * grouped answer orders the groups by their value. Groups are only ranked from the largest, so a
 * count of them taken from the smallest is refused.
 */
export function groupSort(stores: StoreEntry[], draft: Draft, direction: { dir: SortKey['dir'] }): SortKey[] {
  if (direction.dir === 'asc' && draft.limit !== null)
    throw unparseable(stores, fromLargest(null, draft.groupBy));
  return [{ field: GROUP_VALUE, dir: direction.dir }];
}

/**
 * "the largest order for each currency", "the latest order per customer": one record ranked within
 * each group. By the store's measure, the one record's measure is the group's extreme, as "the
 * biggest order per customer" is read; by time or by several records, no answer holds it.
 */
export function rankedWithinGroups(
  stores: StoreEntry[],
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
): void {
  const key = draft.sort[0];
  // "sum of order amounts for each customer, top 5": an aggregate asked for ranks the groups by it.
  if (!draft.groupBy || draft.limit === null || !key || key.field === GROUP_VALUE || draft.aggregate) return;
  // "errors per service top 3", "hosts by error count, top 3": a "top N" naming no records and
  // nothing to rank by, after the grouping's own word, ranks the groups.
  const at = draft.bareRank;
  const group = draft.groupBy;
  if (
    at !== null &&
    draft.rankDefault &&
    q.tokens.slice(0, at).some((t) => !t.quoted && resolveField(v, t.text) === group)
  ) {
    draft.sort = key.dir === 'desc' ? [] : groupSort(stores, draft, key);
    return;
  }
  if (key.field === v.measure && draft.limit === 1) {
    draft.aggregate = { fn: key.dir === 'desc' ? 'max' : 'min', field: key.field };
    draft.count = false;
    draft.sort = [];
    draft.limit = null;
    return;
  }
  throw unparseable(
    stores,
    'The first or latest records of each group cannot be asked for: ask for them one group at a time',
  );
}

/**
 * Whether the question names its records with a noun for records ("readings", "samples", "entries")
 * before any word that groups them ("by", "per", "each"): "cpu readings by host" counts the readings
 * of each host, where "hosts by cpu readings" ranks hosts by a measure.
 */
export function namesRecordsBeforeGrouping(q: Question): boolean {
  for (const t of q.tokens) {
    if (t.quoted) continue;
    if (/^(by|per|each|every|across)$/.test(t.text)) return false;
    if (RECORD_NOUN.test(t.text)) return true;
  }
  return false;
}
