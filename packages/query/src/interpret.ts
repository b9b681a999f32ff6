/**
 * RAG₂'s grammar: turns a plain-English question into a structured Interpretation grounded in the
 * tenant's registry (store names, learned fields, value dictionaries, time fields). Rules run in a
 * fixed order and consume the words they explain; what is left unexplained lowers the confidence.
 * It refuses questions that ask to change data and rejects questions nothing grounds. It must
 * never produce SQL, never read the database and never accept a field the registry does not know.
 */
import { AppError } from '@smartdb/core';
import { fieldStats, type StoreEntry } from '@smartdb/registry';
import { readAggregate, readCount, readUnsupported } from './aggregates.ts';
import { readAffixes, readBounds, readComparisons } from './comparisons.ts';
import { type Draft, type Grounding, unparseable } from './draft.ts';
import {
  fieldAndPeriod,
  groupSort,
  namesRecordsBeforeGrouping,
  rankedWithinGroups,
  readCountOrder,
  readGroupBound,
  readGrouping,
  readGroupsByAggregate,
  readGroupsByCount,
  readGroupsByDate,
  readGroupsByMeasure,
  twoGroupingsOf,
} from './groupings.ts';
import {
  ADDITIVE,
  aggregateWord,
  extremeReading,
  implicitAggregate,
  isMark,
  kindsApart,
  SPENDING,
} from './measures.ts';
import { elementOf, fieldsInside, pathText, queryViews } from './nested.ts';
import {
  combine,
  escapeRegex,
  isStoreWord,
  isValueWord,
  ownNounField,
  personField,
  resolveField,
} from './patterns.ts';
import { Question } from './question.ts';
import {
  readAgeExtremes,
  readExtremeValues,
  readNow,
  readNowOfEvents,
  readRanking,
  readSortFrom,
} from './rankings.ts';
import {
  boundedGroupAggregate,
  changeOverTime,
  comparesWindows,
  foreignFieldNoun,
  foreignGroup,
  foreignHead,
  foreignStore,
  foreignText,
  foreignValue,
  joinedStores,
  negatedTime,
  otherDateField,
  rankingExample,
  readCurrencyUnits,
  separateDays,
  spendingByEmail,
  unheldAcrossStores,
  unheldAlternative,
  unheldCurrency,
  unknownAttribute,
  unknownGrouping,
  unknownHead,
  unknownMeasure,
  unknownQualifier,
  unknownTopic,
  unknownValue,
  unnamedTotal,
  unrankedGroup,
  unreadAverage,
  unreadComparison,
  unreadEvent,
  unreadFuture,
  unreadNarrowing,
  unreadNegation,
  unreadSpan,
  unreadSuperlative,
  vagueMagnitude,
} from './refusals.ts';
import {
  dropEither,
  expandShorthand,
  joinFieldNouns,
  joinFieldPhrases,
  joinPhrasalVerbs,
  joinStoreNames,
  readBestOf,
  readComponentNames,
  readDidVerb,
  readDurationBounds,
  readEarners,
  readFieldStems,
  readHealthCheck,
  readRanges,
  readRatedAs,
  readReportedBound,
  readStock,
  readTenure,
  readUsedBy,
  readValuedNouns,
  readWarmth,
  readWhereMost,
  splitCompounds,
} from './rewrites.ts';
import {
  measuresNear,
  misspelled,
  misspelledFilter,
  misspelledWord,
  misspeltCommonWord,
  misspeltDataWord,
  storeWordsNear,
  unknownPeriod,
  unknownWord,
  valuesNearInAny,
  withFixes,
} from './spelling.ts';
import { chooseStores, EVERYTHING, isIdentifierField } from './stores.ts';
import { suggestQuestions } from './suggestions.ts';
import { readTextInValues, readTextSearch } from './text.ts';
import {
  ambiguousDate,
  ambiguousSpan,
  asksPartOfPeriod,
  Calendar,
  DAY,
  readTime,
  recentWindow,
  unreadTimeOrNumber,
  vagueSpan,
  windowValidUntil,
} from './time.ts';
import type { Filter, Interpretation, InterpretedQuestion, SortKey } from './types.ts';
import {
  eitherOr,
  nameForEmails,
  readComparedValues,
  readInclusions,
  readNamedValues,
  readStoreNames,
  readStoreWords,
  readValues,
  toSender,
} from './values.ts';
import { ageField, readingKinds, type StoreVocabulary, singular, vocabularyOf } from './vocabulary.ts';
import { nameWords, normalize, STOP_WORDS } from './words.ts';
import { refuseWrites } from './writes.ts';

/** Inner keys that name the object holding them, in order of preference ("push events by repo"). */
const NAME_KEYS = ['name', 'title', 'login', 'username', 'label', 'slug', 'key', 'id'];
/** Conditions no record lacking the field meets (a missing value equals and exceeds nothing). */
const MATCHING_OPS = new Set<string>(['=', 'in', '>', '>=', '<', '<=', 'contains', 'startswith', 'endswith']);

export interface InterpretOptions {
  now: Date;
  tz?: string | undefined;
}

function intentOf(draft: Draft): Interpretation['intent'] {
  if (draft.aggregate && draft.aggregate.fn !== 'count') return 'aggregate';
  if (draft.count || draft.groupBy) return 'count';
  if (draft.text) return 'search';
  return 'find';
}

function confidenceOf(q: Question, named: boolean): number {
  const explained = q.tokens.filter((t, i) => q.isUsed(i) && (t.quoted || !STOP_WORDS.has(t.text))).length;
  const left = q.leftovers().length;
  const share = left === 0 ? 1 : explained / (explained + left);
  const value = (0.3 + 0.7 * share) * (named ? 1 : 0.95);
  return Math.round(value * 100) / 100;
}

/** Reads a question against the tenant's stores. Throws WRITE_REFUSED or UNPARSEABLE_QUERY. */
export function interpretQuery(
  text: string,
  stores: StoreEntry[],
  options: InterpretOptions,
): InterpretedQuestion {
  // Callers may hand in registry entries or views already (execute.ts): a view is read as it is.
  stores = queryViews(stores);
  const about: { stores: StoreEntry[] | null } = { stores: null };
  try {
    return readQuestion(text, stores, options, about);
  } catch (first) {
    let e = first;
    const bare = unquotedWhole(text);
    if (bare !== null && e instanceof AppError && e.code === 'UNPARSEABLE_QUERY') {
      // Refused without its quotes too, the question's own refusal says more than the quoted one's.
      try {
        return readQuestion(bare, stores, options, about);
      } catch (again) {
        e = again;
        text = bare;
      }
    }
    if (!(e instanceof AppError) || !e.suggestions || stores.length === 0) throw e;
    throw focusSuggestions(
      allSlipsFixed(e, stores, options),
      stores,
      about.stores ?? storesNamed(text, stores),
    );
  }
}

/**
 * '"how many users are there"', '“count premium users”': a whole question pasted inside quotes is read
 * without them when, quoted, it is refused (a quoted phrase the data holds, '"deploy failed"', stays a
 * search); null when the question is not one quoted string.
 */
function unquotedWhole(text: string): string | null {
  const m = /^\s*(?:"([^"]+)"|“([^”]+)”|'([^']+)')[\s?.!]*$/u.exec(text);
  const inner = (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim();
  return inner ? inner : null;
}

/**
 * The first filter on a field whose values are mostly objects or lists, with which they are, and the
 * fields learned inside those objects (nested.ts views), which can be asked about instead.
 */
function nestedFilter(
  stores: StoreVocabulary[],
  filters: Draft['filters'],
): { field: string; kind: 'object' | 'array'; inside: string[] } | null {
  for (const f of filters) {
    for (const v of stores) {
      const stats = fieldStats(v.store.fields, f.field);
      if (!stats) continue;
      const inside = fieldsInside(v.store, f.field, true).map((x) => x.name);
      for (const kind of ['object', 'array'] as const)
        if ((stats.types[kind] ?? 0) * 2 >= Math.max(1, stats.count)) return { field: f.field, kind, inside };
    }
  }
  return null;
}

/** Why a filter on a field holding objects or lists is refused (`nestedFilter`). */
function nestedRefusal(nested: NonNullable<ReturnType<typeof nestedFilter>>, named: string): string {
  const list = nested.kind === 'array';
  if (nested.inside.length === 0)
    return list
      ? `The field "${nested.field}" of ${named} holds lists: the values inside them cannot be asked about yet`
      : `The field "${nested.field}" of ${named} holds objects: the fields inside it cannot be asked about yet`;
  const shown = nested.inside.slice(0, 5).join(', ');
  const held = list
    ? 'lists of objects: ask about a field inside them'
    : 'objects: ask about a field inside it';
  return `The field "${nested.field}" of ${named} holds ${held} (${shown}${nested.inside.length > 5 ? ', …' : ''})`;
}

/**
 * "articles tagged postgres and ai", "users with the admin and editor roles": values of a list
 * joined by "and" are each held by it (one condition apiece), where values of a field holding one
 * value are either; joined by "or", or listed, they stay either.
 */
function heldTogether(q: Question, stores: StoreEntry[], filters: Filter[]): Filter[] {
  return filters.flatMap((f): Filter[] => {
    if (f.op !== 'in' || !Array.isArray(f.value) || !stores.some((s) => elementOf(s, f.field))) return [f];
    const said = f.value.map((value) => q.tokens.findIndex((t) => t.text === String(value).toLowerCase()));
    if (said.some((at) => at < 0)) return [f];
    const between = q.tokens.slice(Math.min(...said) + 1, Math.max(...said)).map((t) => t.text);
    if (!between.includes('and') || between.includes('or')) return [f];
    return f.value.map((value) => ({ field: f.field, op: '=', value }));
  });
}

/**
 * What a question asks of a field read inside array elements that no statement answers: records
 * sorted by it (a record holds several of them), or one list's elements measured per value of
 * another's (each pair would be read); null when it asks nothing of the kind.
 */
function unreadElements(
  stores: StoreEntry[],
  sort: SortKey[],
  aggregate: Interpretation['aggregate'],
  groupBy: string | null,
): string | null {
  const sorted = sort.find((k) => stores.some((s) => elementOf(s, k.field)));
  if (sorted)
    return `Records cannot be sorted by ${sorted.field}: each holds a list of them; count or filter by it instead`;
  const measured = aggregate?.fn !== 'count' ? aggregate?.field : null;
  if (!measured || !groupBy) return null;
  const apart = stores.some((s) => {
    const [m, g] = [elementOf(s, measured), elementOf(s, groupBy)];
    return m && g && pathText(m.array) !== pathText(g.array);
  });
  return apart
    ? `The ${measured} of one list cannot be measured by the ${groupBy} of another: ask for each`
    : null;
}

/**
 * "shw me pendng orders": a refusal for one slip whose fixed question has another slip offers the
 * question with both fixed ("show me pending orders"), not one that would be refused in turn.
 */
function allSlipsFixed(error: AppError, stores: StoreEntry[], options: InterpretOptions): AppError {
  const first = error.suggestions?.[0];
  if (!first || !hasNear(error)) return error;
  let fixed = first;
  for (let round = 0; round < 3; round++) {
    try {
      readQuestion(fixed, stores, options, { stores: null });
      break;
    } catch (e) {
      const next = e instanceof AppError && hasNear(e) ? e.suggestions?.[0] : undefined;
      if (!next || next === fixed) break;
      fixed = next;
    }
  }
  if (fixed === first) return error;
  const suggestions = [fixed, ...(error.suggestions ?? []).slice(1)];
  return error.withSuggestions(suggestions);
}

/** Whether a refusal is a "did you mean" (its details name the words near the slip). */
function hasNear(error: AppError): boolean {
  const details = error.details as { near?: unknown } | undefined;
  return Array.isArray(details?.near) && details.near.length > 0;
}

/**
 * A refusal's examples about the stores the question was about ("orders in teh last week" gets
 * examples about orders), after the suggestions made for the question itself.
 */
function focusSuggestions(error: AppError, stores: StoreEntry[], about: StoreEntry[]): AppError {
  if (about.length === 0 || about.length === stores.length) return error;
  // The suggestions made for the question come first, the tenant's examples after them.
  const generic = suggestQuestions(stores);
  const given = error.suggestions ?? [];
  let k = 0;
  while (k < given.length && given.slice(k).some((s, i) => s !== generic[i])) k++;
  const own = given.slice(0, k);
  const suggestions = [...new Set([...own, ...suggestQuestions(stores, about)])].slice(0, 8);
  return error.withSuggestions(suggestions);
}

/** The stores whose own words ("orders", "users") a question says, for a refusal read before any was chosen. */
function storesNamed(text: string, stores: StoreEntry[]): StoreEntry[] {
  const q = new Question(text.trim().slice(0, 1000));
  return stores.filter((store) => {
    const v = vocabularyOf(store);
    return q.tokens.some((t) => !t.quoted && isStoreWord(v, normalize(t.text)));
  });
}

function readQuestion(
  text: string,
  stores: StoreEntry[],
  options: InterpretOptions,
  about: { stores: StoreEntry[] | null },
): InterpretedQuestion {
  const q = new Question(text.trim().slice(0, 1000));
  if (q.tokens.length === 0) throw unparseable(stores, 'The question is empty');
  /** A refusal naming the words no rule read. */
  const refuseUnread = (message: string) =>
    unparseable(stores, message, { unknown: q.leftovers().map((t) => t.raw) });
  const vocabularies = stores.map(vocabularyOf);
  expandShorthand(q, vocabularies);
  splitCompounds(q, vocabularies);
  readRanges(q);
  joinStoreNames(q, vocabularies);
  joinFieldPhrases(q, vocabularies);
  readValuedNouns(q, vocabularies);
  readFieldStems(q, vocabularies);
  readBestOf(q, vocabularies);
  readEarners(q, vocabularies);
  readUsedBy(q, vocabularies);
  readDidVerb(q, vocabularies);
  readWhereMost(q);
  readReportedBound(q, vocabularies);
  readRatedAs(q, vocabularies);
  readDurationBounds(q, vocabularies);
  readWarmth(q, vocabularies);
  readStock(q, vocabularies);
  readTenure(q, vocabularies);
  joinPhrasalVerbs(q, vocabularies);
  joinFieldNouns(q, vocabularies);
  dropEither(q);
  // "name the top 3 senders", "name all premium users": opening a command, "name" asks for a list,
  // and names no field.
  if (q.tokens[0]?.text === 'name' && /^(?:the|all|every|each|any|top|\d+)$/.test(q.tokens[1]?.text ?? ''))
    q.consume(0, 1);
  refuseWrites(q, stores, vocabularies);
  if (stores.length === 0)
    throw unparseable(stores, 'There is no data to ask about yet: ingest records first');
  const joined = joinedStores(q, vocabularies);
  if (joined) {
    throw unparseable(
      stores,
      `A question reads one kind of record at a time: it cannot describe ${joined[0].store.domain} by their ${joined[1].store.domain}`,
    );
  }
  const cal = Calendar.of(options.tz ?? 'UTC');
  const now = Math.floor(options.now.getTime() / 1000) * 1000;
  const said = q.tokens
    .filter((t) => !t.quoted)
    .map((t) => t.text)
    .join(' ');
  // "logs since this morning", "messages from last night": a part of a day has no agreed hours.
  const partOfDay =
    /(?:^| )(?:(?:this|yesterday|today|tomorrow|last|since|in the|during the) (?:morning|afternoon|evening|night)|tonight|overnight)(?= |$)/.test(
      said,
    );
  if (asksPartOfPeriod(said))
    throw unparseable(
      stores,
      'Parts of a month or a year (early November, its first week) cannot be asked for: ask for dates, e.g. "between Nov 1 and Nov 7"',
    );
  // "which day of the week had the most orders", "errors by hour of the day": a period within a
  // larger one; read apart, "the week" would be this week and the rest dropped.
  const within = /(?:^| )((?:hour|day|weekday|week|month)s? of the (?:day|week|month|year))(?= |$)/.exec(
    said,
  );
  if (within)
    throw unparseable(
      stores,
      `Grouping by the ${within[1]} is not supported; group by hour, day, week or month, e.g. "orders per day this week"`,
    );
  // "users who signed up on a monday", "orders every friday", "errors on a weekend": a day of the
  // week that recurs is no one window; read as the latest such day it would answer for one of them.
  const recurring =
    /(?:^| )((?:a|any|every|each) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend))(?= |$)/.exec(
      said,
    );
  if (recurring)
    throw unparseable(
      stores,
      `"${recurring[1]}" is every such day, which no window says: ask for one ("last ${recurring[2]}") or for dates`,
    );
  const twoWays = ambiguousDate(said);
  if (twoWays)
    throw unparseable(
      stores,
      `"${twoWays}" could be a day then a month or a month then a day: write the date as YYYY-MM-DD or with the month's name`,
    );
  const untimed = new Set(q.free());
  const asked = readTime(q, now, cal);
  // "orders from 3 days": one day ("from 3 days ago", as "from yesterday" is a day) or the span up
  // to now ("from the last 3 days")? Refused with both, never guessed.
  const span = ambiguousSpan(q);
  if (span) {
    const message = span.day
      ? `"${span.said}" could be one day ("${span.day}") or the span up to now ("${span.span}"): say which`
      : `"${span.said}" says no time: ask for the span up to now ("${span.span}") or for dates`;
    throw withFixes(unparseable(stores, message, { unknown: [span.said] }), q, span.said, [
      ...(span.day ? [span.day] : []),
      span.span,
    ]);
  }
  const fuzzy = vagueSpan(q);
  if (fuzzy)
    throw withFixes(
      unparseable(stores, `"${fuzzy.said}" says no number of them: say how many, e.g. "${fuzzy.span}"`, {
        unknown: [fuzzy.said],
      }),
      q,
      fuzzy.said,
      [fuzzy.span],
    );
  /** The words the time was read from. */
  const timed = new Set([...untimed].filter((i) => q.isUsed(i)));
  // "logs excluding yesterday", "orders not on monday": a time left out leaves two ranges, before
  // and after it; read as the time itself it would answer the opposite.
  const left = negatedTime(q, timed);
  if (left)
    throw unparseable(
      stores,
      `Leaving out a time ("${left}") leaves the times before and after it: ask for one range, e.g. "before" or "since" a date`,
    );
  // "is web-1 ok": with no time said, whether it is well now is whether it failed recently (24 h).
  let window = readHealthCheck(q, stores, vocabularies) && !asked ? recentWindow(now) : asked;
  readComponentNames(q, vocabularies);
  // "orders this week or last week", "errors today or yesterday": windows offered as alternatives (or
  // to compare) are no one range; intersected they would answer for neither.
  if (q.tokens.some((t, i) => t.text === 'or' && !q.isUsed(i) && timed.has(i - 1) && timed.has(i + 1)))
    throw unparseable(stores, 'Two times joined by "or" are no one range: ask for each window separately');
  // "logs Nov 17 and 20", "orders on monday and wednesday": two days joined by "and" are two windows,
  // and an answer holds one; read as one day, or as none, it would answer for neither.
  if (separateDays(q, timed, window))
    throw unparseable(
      stores,
      'Two separate days cannot be asked at once: ask for a range ("between Nov 17 and Nov 20") or for each day separately',
    );
  // "compare orders this week and last week", "errors today and yesterday": two windows joined by "and"
  // are two answers; read as one of them (or as both together) the question would not be answered.
  if (q.tokens.some((t, i) => t.text === 'and' && !q.isUsed(i) && timed.has(i - 1) && timed.has(i + 1)))
    throw unparseable(stores, 'Two times joined by "and" are two answers: ask for each window separately');
  // "more errors today than yesterday", "fewer orders this week than last week": two windows set side by
  // side are a comparison, whether or not the two happen to overlap.
  if (comparesWindows(q, timed))
    throw unparseable(stores, 'Comparisons cannot be asked for: ask for each window separately');
  // "logs from Friday before Monday": windows that leave no time between them were misread.
  if (window && window.from !== null && window.to !== null && window.from >= window.to)
    throw unparseable(stores, 'The times asked for leave no time between them: ask for one range');
  const choice = chooseStores(q, stores);
  if (!choice) {
    const message = 'Nothing in the question matches a store, field or value of this tenant';
    for (const t of q.leftovers()) {
      const near = t.quoted ? [] : storeWordsNear(vocabularies, t.text);
      if (near.length) throw misspelled(stores, q, t.raw, near, message);
    }
    for (const t of q.leftovers()) {
      const near = t.quoted || STOP_WORDS.has(t.text) ? [] : valuesNearInAny(vocabularies, t.text);
      if (near.length) throw misspelled(stores, q, t.raw, near, message);
    }
    // "avg respone time", "total ammount": a slip in a word of a field or of a value of several words.
    const slip = misspeltDataWord(q, vocabularies);
    if (slip) throw misspelled(stores, q, slip.word, slip.near, message);
    throw unparseable(stores, message);
  }
  about.stores = choice.stores.map((c) => c.store);
  const v = combine(choice.stores);
  // "how much has alice spent": where a name fans out over several stores ("*"), a refusal names them.
  const named =
    choice.domain === '*'
      ? [...new Set(choice.stores.map((c) => c.store.domain))].join(' or ')
      : choice.domain;
  const draft: Draft = {
    count: false,
    aggregate: null,
    groupBy: null,
    having: null,
    bucket: null,
    sort: [],
    limit: null,
    timeRanked: null,
    rank: null,
    bareRank: null,
    rankDefault: false,
    filters: [],
    text: null,
    search: false,
    implied: false,
    byMeasure: false,
    direction: null,
    unsupported: null,
    unsupportedFix: null,
    bounded: new Set(),
    unnamedMeasure: null,
    unheld: null,
  };
  const timeField = choice.domain === '*' ? 'ts' : (v.store.timeField ?? 'ts');
  const chosen = new Set(choice.stores.map((c) => c.store.id));
  const others = stores.filter((s) => !chosen.has(s.id)).map(vocabularyOf);
  const g: Grounding = { q, v, draft, timeField, others, windowed: window !== null };
  if (partOfDay)
    draft.unsupported =
      'Parts of a day (morning, evening) cannot be asked for: ask for today, or the last few hours';
  readInclusions(g);
  readSortFrom(g);
  readGroupBound(g);
  readBounds(g);
  readUnsupported(g);
  readGroupsByMeasure(g);
  readGroupsByCount(g);
  readGroupsByAggregate(g);
  readCountOrder(g);
  readCount(g);
  readGroupsByDate(g);
  readAgeExtremes(g);
  readExtremeValues(g);
  readRanking(g);
  readGrouping(g);
  readComparisons(g);
  readAffixes(g);
  readAggregate(g);
  readTextSearch(g);
  readStoreNames(g);
  readValues(g);
  readNamedValues(g);
  readStoreWords(g);
  readTextInValues(g);
  if (draft.search && !draft.text) {
    const words = q.leftovers().map((t) => t.raw);
    if (words.length) {
      draft.text = words.join(' ');
      for (const i of q.free()) q.consume(i, i + 1);
    }
  }
  readComparedValues(g);
  // "average pages per session" of sessions whose session_id never repeats: each record is one
  // session, so the average is over the records; grouped by the id, each one's own pages answered.
  if (
    draft.aggregate &&
    /^(?:avg|median|min|max)$/.test(draft.aggregate.fn) &&
    draft.groupBy !== null &&
    draft.limit === null &&
    draft.groupBy === ownNounField(v, v.store.domain) &&
    isIdentifierField(v, draft.groupBy)
  )
    draft.groupBy = null;
  if (!window) readNow(g);
  if (!window) readNowOfEvents(g);
  // "which host had the most errors but no warnings": groups that hold none of some records are a
  // condition on the groups, which no filter of the records says; read, the values would be joined.
  const none = q.tokens.findIndex(
    (t, i) =>
      t.text === 'no' &&
      /^(?:but|and|with|yet)$/.test(q.tokens[i - 1]?.text ?? '') &&
      isValueWord(v, q.tokens[i + 1]?.text ?? ''),
  );
  if (draft.groupBy && none >= 0 && q.tokens.some((t) => /^(?:which|what)$/.test(t.text)))
    draft.unsupported ??= `Values that hold no matching records cannot be listed: ask for the count per ${draft.groupBy}`;
  if (!draft.unsupported && eitherOr(q, draft.filters))
    draft.unsupported = 'Either-or conditions on one number cannot be asked: ask for each range separately';
  const recipient = draft.unsupported ? null : toSender(q, v, draft);
  if (recipient) draft.unsupported = recipient;
  if (draft.unsupported) {
    const error = unparseable(stores, twoGroupingsOf(draft, draft.unsupported));
    const fix = draft.unsupportedFix;
    throw fix ? withFixes(error, q, fix.said, fix.fixes) : error;
  }
  // "orders where customer is Zed" where customer holds {name, country}: an object (or a list) never
  // equals a word; a word learned in one of its fields was read as that field's value before.
  const nested = nestedFilter(choice.stores, draft.filters);
  if (nested) throw refuseUnread(nestedRefusal(nested, named));
  const common = misspeltCommonWord(q, vocabularies);
  if (common) throw misspelled(stores, q, common.word, common.near, `Could not read "${common.word}"`);
  const dataSlip = misspeltDataWord(q, vocabularies, draft.filters);
  if (dataSlip) {
    const { word, near } = dataSlip;
    // "avg duraton by page": the word an aggregate was taken of is said as the measure missing.
    const measured = draft.unnamedMeasure !== null && q.tokens[draft.unnamedMeasure]?.raw === word;
    throw misspelled(
      stores,
      q,
      word,
      near,
      measured ? `No field of ${named} measures "${word}"` : `Could not read "${word}"`,
    );
  }
  const period = unknownPeriod(q, vocabularies);
  if (period)
    throw refuseUnread(
      `"${period}" is no window of time that can be asked for: ask for dates ("since Oct 1", "between Sep 1 and Sep 30"), or for this week, this month, this quarter or this year`,
    );
  const slip = misspelledFilter(v, others, draft.filters);
  if (slip)
    throw misspelled(stores, q, slip.word, slip.near, `No ${named} have ${slip.field} "${slip.word}"`);
  if (draft.unheld) throw unparseable(stores, draft.unheld);
  readCurrencyUnits(q, v);
  const foreign = foreignValue(q, others);
  // "orders for alice": a name where the records name their people by email is refused as "orders
  // from alice" is, with the addresses that start with it.
  const person = personField(v);
  const byEmail =
    foreign && person && foreign.words.split(' ').length === 1
      ? nameForEmails(v, person, foreign.words)
      : null;
  if (byEmail && /\(e\.g\. /.test(byEmail)) throw refuseUnread(byEmail);
  if (foreign) {
    throw refuseUnread(
      `"${foreign.words}" is a ${foreign.field} of ${foreign.domain}: a question reads one kind of record at a time, so it cannot narrow ${named} by it`,
    );
  }
  // "revenue from Japan": stores fanned out to on values, none of which holds every field asked of,
  // would be combined as well.
  if (
    choice.stores.length > 1 &&
    draft.filters.length > 1 &&
    !choice.stores.some((s) => draft.filters.every((f) => s.store.fields[f.field] !== undefined))
  ) {
    throw refuseUnread(
      `A question reads one kind of record at a time: no store holds all of ${draft.filters.map((f) => f.field).join(', ')}`,
    );
  }
  const spoken = foreignText(q, v, others) ?? foreignHead(q, v, others, vocabularies, timed);
  if (spoken) {
    throw refuseUnread(
      `"${spoken.words}" is said in ${spoken.domain}: a question reads one kind of record at a time, so it cannot narrow ${named} by it`,
    );
  }
  const fieldNoun = foreignFieldNoun(q, v, others);
  if (fieldNoun) {
    throw refuseUnread(
      `"${fieldNoun.word}" are the ${fieldNoun.field} of ${fieldNoun.store.store.domain}, which ${named} do not hold: a question reads one kind of record at a time; ask of ${fieldNoun.store.store.domain} by a field they hold`,
    );
  }
  const otherStore = foreignStore(q, v, others);
  if (otherStore) {
    throw refuseUnread(
      `A question reads one kind of record at a time: it cannot combine ${named} with ${otherStore.store.domain}`,
    );
  }
  // "users from spain or portugal": a word joined to a value read, that its field never held, is a
  // value the data lacks; answered for the one value, the other would be silently left out.
  const lacking = unheldAlternative(q, v, draft, vocabularies);
  if (lacking) throw refuseUnread(lacking);
  // "orders over £50", "above 50 gbp": an amount in a currency the records never held.
  const currency = unheldCurrency(q, v);
  if (currency) {
    throw withFixes(
      unparseable(stores, currency.message, { unknown: [currency.said] }),
      q,
      currency.said,
      currency.amount ? [currency.amount] : [],
    );
  }
  const unknown = unknownValue(q, vocabularies, choice.named);
  if (unknown) {
    throw unknownWord(stores, q, v, unknown, `No field of ${named} holds "${unknown.raw}"`);
  }
  const ranked = unrankedGroup(q, v, draft);
  if (ranked) {
    // "teams with the oldest users": the field may have been named in the plural.
    const each = singular(ranked.text);
    throw refuseUnread(`Say how to rank each ${each}: "which ${each} has the most ${named}"`);
  }
  const compared = unreadComparison(q);
  // "orders pending for 3 days", "users over 30 days": a span of time no rule read as a window is
  // refused with the two windows it could have meant, not as a field compared.
  const unreadTime = unreadSpan(q, compared !== null);
  if (unreadTime) {
    const { said, span: time, ago } = unreadTime;
    const since = ago ? `since ${time} ago` : `in the last ${time}`;
    throw withFixes(
      refuseUnread(
        `"${said}" is read as no window of time here: say "${since}" for the ${named} up to now, or "more than ${time} ago" for older ones`,
      ),
      q,
      said,
      [since, `more than ${time} ago`],
    );
  }
  if (compared) {
    throw refuseUnread(`No field of ${named} is compared in "${compared}"`);
  }
  const change = changeOverTime(q, v);
  if (change) {
    throw refuseUnread(
      `A change over time ("${change.raw}") cannot be asked for: ask for each window separately`,
    );
  }
  const qualifier = unknownQualifier(q, v, draft, vocabularies, window !== null);
  if (qualifier) {
    throw unknownWord(stores, q, v, qualifier, `No field of ${named} tells which are "${qualifier.raw}"`);
  }
  const topic = choice.named ? null : (unknownTopic(q, vocabularies) ?? unknownHead(q, vocabularies, timed));
  if (topic) {
    throw unknownWord(stores, q, v, topic, `Nothing this tenant stores answers to "${topic.raw}"`);
  }
  // "how much did users in Germany spend", "total spent by premium users": what people spend is
  // measured where they spend it; a store whose only measure is an age (or none) would answer with
  // the sum of ages or a count.
  const spent = q.tokens.find((t) => !t.quoted && SPENDING.test(t.text) && !resolveField(v, t.text));
  if (spent && (!v.measure || v.measure === ageField(v))) {
    // "how much has alice spent": a name the people's store knows, where the store that measures
    // spending names its customers by email, is refused as "orders from alice" is, with the emails.
    const byEmail = spendingByEmail(q, [v, ...others]);
    if (byEmail) throw refuseUnread(byEmail);
    throw refuseUnread(
      `No field of ${named} measures "${spent.raw}": a question reads one kind of record at a time`,
    );
  }
  const measure = unknownMeasure(q, draft, vocabularies, v, others);
  if (measure) {
    const near = measuresNear(v, measure.text);
    if (near.length)
      throw misspelled(stores, q, measure.raw, near, `No field of ${named} measures "${measure.raw}"`);
    throw refuseUnread(`No field of ${named} measures "${measure.raw}"`);
  }
  const attribute = unknownAttribute(q, v, draft, vocabularies);
  if (attribute) {
    throw unknownWord(stores, q, v, attribute, `No field of ${named} records "${attribute.raw}"`);
  }
  const grouping = unknownGrouping(q, v, draft) ?? foreignGroup(q, v, others, draft);
  if (grouping) {
    // "users sorted by email domain": what was asked is an order, and the refusal says so.
    const sorting = q.tokens.some(
      (t, i) =>
        i < q.tokens.indexOf(grouping) && /^(?:sorted|sort|ordered|order|ranked|rank|arranged)$/.test(t.text),
    );
    throw refuseUnread(`No field called "${grouping.raw}" to ${sorting ? 'sort' : 'group'} ${named} by`);
  }
  // "old messages", "older logs": an age with no bound to it says no window, and every record is not what it asks.
  // ("how old are premium users on average" asks for an age).
  const vague = q.tokens.some(
    (t, i) => !q.isUsed(i) && !t.quoted && /^old(?:er)?$/.test(t.text) && q.tokens[i - 1]?.text !== 'how',
  );
  if (!window && vague) {
    throw refuseUnread('Say how old: "older than 30 days", "before 2024-01-01"');
  }
  // "how many new users", "how many users are new": counted, records called new with no window say
  // which to count no more than old ones do; every record would be counted. (Listed, "what's new in
  // project-x" shows them newest first.)
  const fresh = q.tokens.findIndex(
    (t, i) =>
      !q.isUsed(i) &&
      !t.quoted &&
      t.text === 'new' &&
      (isStoreWord(v, q.tokens[i + 1]?.text ?? '') ||
        /^(?:are|is|were|was)$/.test(q.tokens[i - 1]?.text ?? '')),
  );
  if (!window && fresh >= 0 && (draft.count || draft.aggregate || draft.groupBy)) {
    const noun = isStoreWord(v, q.tokens[fresh + 1]?.text ?? '') ? q.tokens[fresh + 1]!.raw : v.store.domain;
    throw refuseUnread(`Say how new: "new ${noun} this week", "new ${noun} in the last 7 days"`);
  }
  // "orders over one", "which hosts have over one error", "under one and a half thousand": "one"
  // after a comparison is never read as its number alone ("over one host" may name no number at
  // all), and left unread the bound was dropped: every record answered.
  const lone = q.tokens.findIndex(
    (t, i) =>
      i > 0 &&
      !q.isUsed(i) &&
      !q.isUsed(i - 1) &&
      !t.quoted &&
      t.text === 'one' &&
      /^(?:over|under|above|below|exceeding|than)$/.test(q.tokens[i - 1]!.text),
  );
  if (lone >= 0) {
    const said = `${q.tokens[lone - 1]!.raw} ${q.tokens[lone]!.raw}`;
    throw refuseUnread(
      `"${said}" is read as no bound: say the number in digits, e.g. "${q.tokens[lone - 1]!.raw} 1"`,
    );
  }
  // "the customer with the highest total": offered with a measure that adds up ("total amount").
  const total = unnamedTotal(q, v);
  if (total) {
    const summed = [v, ...others].map((o) => o.measure).find((m) => m !== null && ADDITIVE.test(m));
    const fix = summed ? `${total.replace(/s$/, '')} ${summed}` : null;
    const error = refuseUnread(`"${total}" names nothing added up: say what${fix ? `, e.g. "${fix}"` : ''}`);
    throw fix ? withFixes(error, q, total, [fix]) : error;
  }
  // "which hosts are reporting high cpu": how high is not said.
  const magnitude = vagueMagnitude(q);
  if (magnitude) {
    throw refuseUnread(`Say how ${magnitude.raw}: a bound, e.g. "above 80" or "under 100"`);
  }
  // "hosts with average cpu above 50" is read by `readGroupBound`; what it did not read is refused.
  const bounded = draft.having ? null : boundedGroupAggregate(q, v, draft);
  if (bounded) {
    const { said, field } = bounded;
    throw refuseUnread(
      `A bound on each ${field}'s ${said} cannot be asked: ask for the ${said} per ${field} and compare the groups`,
    );
  }
  const averaged = unreadAverage(q, draft);
  if (averaged) {
    // "what is the cpu averaging": what is averaged is said before the verb.
    const before = q.tokens[q.tokens.indexOf(averaged) - 1];
    const what = before && !STOP_WORDS.has(before.text) ? before.raw : (v.measure ?? 'value');
    throw refuseUnread(
      `"${averaged.raw}" is read as no aggregate here: ask for the average, e.g. "average ${what}"`,
    );
  }
  const unread = unreadTimeOrNumber(q);
  if (unread) throw refuseUnread(unread);
  const typo = misspelledWord(q, v, others);
  if (typo) throw misspelled(stores, q, typo.word, typo.near, `No field of ${named} holds "${typo.word}"`);
  const dated = otherDateField(q, v, timeField, timed);
  if (dated)
    throw refuseUnread(
      `Times of ${named} are read on their ${timeField}: a window on their ${dated.field} ("${dated.token.raw}") cannot be asked`,
    );
  const event = unreadEvent(q, vocabularies, timed);
  if (event)
    throw unknownWord(stores, q, v, event, `No field of ${named} records when they were "${event.raw}"`);
  const negation = unreadNegation(q);
  if (negation)
    throw refuseUnread(
      `What "${negation.raw}" leaves out could not be read: ask for the records to keep instead`,
    );
  const future = unreadFuture(q);
  if (future)
    throw refuseUnread(
      `Times to come ("${future.raw}") cannot be asked for: ask for dates ("between Dec 1 and Dec 7") or for a window up to now`,
    );
  const narrowing = unreadNarrowing(q, v, vocabularies);
  if (narrowing) throw unknownWord(stores, q, v, narrowing, `No field of ${named} holds "${narrowing.raw}"`);
  // "which customer owes the most": the ranking asked for, in words no rule read.
  const superlative = unreadSuperlative(q);
  if (superlative)
    throw refuseUnread(
      `What "${superlative.raw}" ranks could not be read: name what to rank ${named} by, e.g. "${rankingExample(v)}"`,
    );
  const confidence = confidenceOf(q, choice.named);
  if (confidence < 0.45) {
    throw refuseUnread("Too little of the question matches this tenant's data");
  }
  // "top 0 users", "show zero orders": no records asked for; answered, the count was of every one.
  if (draft.limit === 0)
    throw unparseable(
      stores,
      `A list of no ${v.store.domain} cannot be asked for: say how many, e.g. "top 5 ${v.store.domain}"`,
    );
  // "latest 5 orders by amount", "5 orders by amount": a number of records "by" a number field
  // says neither which end of it they are taken from nor that its values are groups; read as the
  // total of each amount, the answer was nonsense.
  if (
    draft.groupBy !== null &&
    draft.limit !== null &&
    !draft.bucket &&
    v.kinds.get(draft.groupBy) === 'number' &&
    !draft.aggregate &&
    !draft.count &&
    draft.having === null
  ) {
    const by = `${draft.limit} ${v.store.domain}`;
    const field = nameWords(draft.groupBy);
    throw new AppError(
      422,
      'UNPARSEABLE_QUERY',
      `Which ${by} "by ${field}" means could not be read: ask for "top ${by} by ${field}" (the largest), "bottom ${by} by ${field}" (the smallest) or "latest ${by}"`,
      {
        suggestions: [`top ${by} by ${field}`, `bottom ${by} by ${field}`, `latest ${by}`],
      },
    );
  }
  // "orders by amount, low to high": the measure itself is no category to group by; its records are
  // ranked on it ("users by age" still counts each age).
  if (
    draft.groupBy !== null &&
    draft.groupBy === v.measure &&
    v.measure !== ageField(v) &&
    !draft.aggregate &&
    !draft.count &&
    draft.limit === null
  ) {
    // "orders by amount ascending", "orders ascending by amount": a direction left unread is theirs.
    const up = q.tokens.some(
      (t, i) => !q.isUsed(i) && !t.quoted && /^(asc|ascending|increasing)$/.test(t.text),
    );
    draft.sort = [{ field: draft.groupBy, dir: up ? 'asc' : 'desc' }];
    draft.groupBy = null;
  }
  // "list users by age, youngest first": the age grouped by is ranked by its own end, so the
  // records are listed in that order, not each age counted with the groups ordered by their counts.
  const age = ageField(v);
  if (
    age !== null &&
    draft.groupBy === age &&
    draft.direction?.field === age &&
    !draft.aggregate &&
    !draft.count &&
    draft.limit === null
  ) {
    draft.sort = [{ field: age, dir: draft.direction.dir }];
    draft.groupBy = null;
  }
  // "list users by name", "users by email": a field no two records share makes groups of one
  // record each; with nothing counted or measured, the records are listed in its order.
  if (
    draft.groupBy !== null &&
    !draft.bucket &&
    isIdentifierField(v, draft.groupBy) &&
    !draft.aggregate &&
    !draft.count &&
    draft.limit === null &&
    draft.having === null
  ) {
    draft.sort = [{ field: draft.groupBy, dir: draft.direction?.dir ?? 'asc' }];
    draft.groupBy = null;
  }
  if (draft.direction && !draft.groupBy) {
    const field = draft.sort[0]?.field ?? draft.direction.field;
    if (!field) throw unparseable(stores, 'Say which field to sort the records by');
    // "the latest 10 orders, oldest first": the ones taken stay those at the end said first.
    draft.sort = [
      { field, dir: field === timeField ? (draft.timeRanked ?? draft.direction.dir) : draft.direction.dir },
    ];
  }
  if (draft.rank && draft.sort.length === 0) {
    // "top 3 pages" where only messages' text says "page": a ranking of what no store names, not
    // the latest messages mentioning it.
    if (draft.text !== null && !choice.named)
      throw refuseUnread(
        `What "${draft.text}" names could not be read: no field holds them one by one, and ${named} only mention the word`,
      );
    draft.sort = [{ field: v.measure ?? timeField, dir: v.measure ? draft.rank.dir : 'desc' }];
    draft.rankDefault = true;
  }
  // "cpu readings above 90 by host", "memory samples per service": records named as such before
  // the grouping are counted per group, not measured (no aggregate word, no extreme reading).
  if (
    draft.groupBy &&
    !draft.aggregate &&
    !draft.count &&
    v.measure &&
    namesRecordsBeforeGrouping(q) &&
    !extremeReading(q)
  )
    draft.count = true;
  // "users in the sales team, per country": an age per group is never implied by a word like "sales".
  if (draft.groupBy && !draft.aggregate && !draft.count && v.measure && v.measure !== ageField(v)) {
    // "revenue per currency", "amount by status": a measured quantity per group is its total;
    // "cpu usage per host", "response time by service": a rate or level per group is its average.
    const fn = extremeReading(q) ?? implicitAggregate(q, draft.filters, draft.bounded);
    // "humidity per station": a number field named, left unread, is what is measured, not the
    // store's first measure (the temperature).
    const measuredAt = q.tokens.findIndex(
      (t, i) => !q.isUsed(i) && !t.quoted && v.kinds.get(resolveField(v, t.text) ?? '') === 'number',
    );
    const field = measuredAt >= 0 ? resolveField(v, q.tokens[measuredAt]!.text)! : v.measure;
    if (fn && field !== draft.groupBy) {
      draft.aggregate = { fn, field };
      if (measuredAt >= 0) q.consume(measuredAt, measuredAt + 1);
    } else if (measuredAt >= 0 && field !== draft.groupBy) {
      // "salary by department", "price per category": neither a total nor a level by its name;
      // answered, each group's count of records stood for it.
      const said = q.tokens[measuredAt]!.raw;
      const fixes = [`total ${said}`, `average ${said}`];
      throw withFixes(
        unparseable(
          stores,
          `Say which ${said} per ${draft.groupBy} is asked: "${fixes[0]}" or "${fixes[1]}"`,
        ),
        q,
        said,
        fixes,
      );
    }
  }
  rankedWithinGroups(stores, q, v, draft);
  if (draft.byMeasure && !draft.aggregate && !draft.count && v.measure) {
    draft.aggregate = { fn: isMark(v.measure) ? 'avg' : 'sum', field: v.measure };
  }
  if (draft.implied && draft.aggregate) {
    // "how much memory is web-1 using": memory_usage is a level, so its average.
    draft.aggregate.fn = implicitAggregate(q, draft.filters) ?? 'sum';
  }
  const aggregate =
    draft.aggregate ?? (draft.count || draft.groupBy ? { fn: 'count' as const, field: null } : null);
  // "sum of the 3 largest orders", "how many of the 10 latest orders are paid": an aggregate is taken
  // over every match, never over a ranked few.
  if (aggregate && !draft.groupBy && draft.limit !== null)
    throw unparseable(
      stores,
      'An aggregate of the top few records cannot be asked: ask for those records instead',
    );
  // "count users by country sorted by name": each group holds many names, so nothing sorts the
  // groups by one; the sort was dropped and the groups came largest first.
  const sortedBy = draft.sort[0]?.field;
  if (
    aggregate &&
    draft.groupBy &&
    !draft.bucket &&
    sortedBy &&
    sortedBy !== draft.groupBy &&
    /^(?:category|text|boolean)$/.test(v.kinds.get(sortedBy) ?? '')
  )
    throw unparseable(
      stores,
      `Each ${draft.groupBy} holds many a ${sortedBy}: sort the groups by their ${draft.groupBy} or by their value, e.g. "${aggregate.fn === 'count' ? `count ${v.store.domain}` : `${aggregateWord(aggregate.fn)} ${aggregate.field}`} by ${draft.groupBy} sorted by ${draft.groupBy}"`,
    );
  // "total amount sorted by currency", "count errors sorted by host": one answer has nothing to
  // sort; the field sorted by was dropped and one total answered. It is offered as the grouping.
  if (
    aggregate &&
    !draft.groupBy &&
    sortedBy &&
    /^(?:category|text|boolean|number)$/.test(v.kinds.get(sortedBy) ?? '')
  ) {
    const what = aggregate.fn === 'count' ? 'count' : aggregateWord(aggregate.fn);
    // "total amount sorted by amount": the measure itself is no grouping to offer.
    if (sortedBy === aggregate.field)
      throw unparseable(
        stores,
        `One ${what} has nothing to sort: ask for the ${v.store.domain} sorted by ${sortedBy}, or for the ${what} alone`,
      );
    const said = q.original.match(/\b(?:sorted|ordered|sort|order|ranked|rank)\s+by\b/i)?.[0];
    const example = said ? `, e.g. "${q.original.trim().replace(said, 'by')}"` : '';
    const error = unparseable(
      stores,
      `One ${what} has nothing to sort by ${sortedBy}: ask for it per ${sortedBy}${example}`,
    );
    throw said ? withFixes(error, q, said, ['by']) : error;
  }
  if (aggregate && draft.groupBy && draft.direction) {
    // "average age per team, oldest first": with the groups' value an age, the oldest are the eldest
    // (the highest value), not the earliest records, which no group is ordered by.
    const byAge = age !== null && aggregate.field === age && draft.direction.field === timeField;
    const dir = byAge ? (draft.direction.dir === 'asc' ? 'desc' : 'asc') : draft.direction.dir;
    // "count orders per day, oldest first", "revenue per week, newest first": periods of time are
    // the oldest or newest by when they are, not by how many records they hold (which the busiest
    // and quietest rank).
    if (draft.bucket && draft.groupBy === timeField && draft.direction.field === timeField && !byAge)
      draft.sort = [{ field: timeField, dir }];
    else draft.sort = groupSort(stores, draft, { dir });
  } else if (
    aggregate &&
    draft.groupBy &&
    !draft.bucket &&
    draft.sort.length === 0 &&
    q.tokens.some((t, k) => RANKED.test(t.text) || (t.text === 'ordered' && q.tokens[k + 1]?.text === 'by'))
  ) {
    // "hosts ranked by average cpu", "rank services by error count": groups ranked with no end said
    // come from the highest value, as records ranked by a field do ("orders ranked by amount"), or
    // from the lowest when said so ("ranked by average response time ascending").
    const up = q.tokens.some((t) => /^(?:asc|ascending|increasing)$/.test(t.text));
    draft.sort = groupSort(stores, draft, { dir: up ? 'asc' : 'desc' });
  }
  // "push events by repo": `repo` holds an object; its groups are those of its name-like inner
  // field (repo.name), or the question is refused naming the inner fields.
  if (draft.groupBy && !draft.bucket) {
    const grouped = draft.groupBy;
    // Each inner field by its key, the first store's where stores share a name.
    const byKey = new Map<string, string>();
    for (const c of choice.stores)
      for (const f of fieldsInside(c.store, grouped, true))
        if (!byKey.has(f.name)) byKey.set(f.name, f.path!.at(-1)!);
    const inner = [...byKey.keys()];
    if (inner.length > 0) {
      const named = NAME_KEYS.map((k) => inner.find((f) => byKey.get(f)!.toLowerCase() === k)).find(
        (f) => f !== undefined,
      );
      if (!named)
        throw unparseable(
          stores,
          `${grouped} holds ${inner.map((f) => `"${f}"`).join(', ')}: say which to group by, e.g. "by ${inner[0]}"`,
        );
      draft.groupBy = named;
    }
  }
  // "push events by repo" over events and events-2: a value asked of a field only some of the stores
  // hold matches no record of the others (none has the field), so the stores holding it are read.
  const matchable = choice.stores.filter((c) =>
    draft.filters.every((f) => !MATCHING_OPS.has(f.op) || fieldStats(c.store.fields, f.field) !== undefined),
  );
  if (matchable.length > 0 && matchable.length < choice.stores.length) {
    const dropped = new Set(choice.stores.filter((c) => !matchable.includes(c)).map((c) => c.store.id));
    return readQuestion(
      text,
      stores.filter((s) => !dropped.has(s.id)),
      options,
      about,
    );
  }
  const unheld = unheldAcrossStores(
    choice.stores,
    aggregate?.field ?? null,
    draft.bucket ? null : draft.groupBy,
  );
  // "average response_minutes" over records and records-2: the stores holding the field added up
  // are the ones meant (records without it add nothing to it), and the question is read again
  // without the others. A count grouped by a field some lack ("count logs by service") stays refused.
  const holding =
    unheld && aggregate?.field
      ? choice.stores.filter((c) =>
          [aggregate?.field, draft.bucket ? null : draft.groupBy].every(
            (f) => !f || fieldStats(c.store.fields, f) !== undefined,
          ),
        )
      : [];
  if (holding.length > 0) {
    const dropped = new Set(choice.stores.filter((c) => !holding.includes(c)).map((c) => c.store.id));
    return readQuestion(
      text,
      stores.filter((s) => !dropped.has(s.id)),
      options,
      about,
    );
  }
  if (unheld) {
    throw unparseable(
      stores,
      `Of ${storeNames(choice.stores)}, only some have a ${unheld}: say which records to add up`,
    );
  }
  // "count by service", "latest 5 by host": with no store, value or text named, a field several
  // stores hold would add their records together; which records is asked, with each store offered.
  if (
    choice.domain === '*' &&
    choice.stores.length > 1 &&
    // "compare web-1 and web-2": values of the grouping itself pick no store either. "total unpaid
    // amount" of orders (status `paid`) and invoices (`paid` true or false): a filter on a field
    // some of the stores lack picks none either; the invoices were added up, unfiltered, with the
    // orders not paid.
    (draft.filters.every((f) => f.field === draft.groupBy) ||
      draft.filters.some((f) => !choice.stores.every((s) => s.kinds.has(f.field)))) &&
    !draft.text &&
    !q.tokens.some((t) => EVERYTHING.has(t.text))
  ) {
    const domains = [...new Set(choice.stores.map((s) => s.store.domain.replace(/-\d+$/, '')))];
    throw withStores(
      unparseable(
        stores,
        `${domains.join(' and ')} all have ${draft.groupBy ? `a ${draft.groupBy}` : 'what is asked'}: say which records, e.g. "${withStore(q, domains[0]!)}"`,
      ),
      q,
      domains,
    );
  }
  // "hosts by value", "average value per service": a measure that holds several kinds of reading
  // (cpu usage, revenue), with none chosen, would add or average them together.
  const kinds = aggregate?.field && aggregate.field === v.measure ? readingKinds(v) : null;
  // "average cpu and memory per host": two kinds held together would be averaged as one.
  const mixed =
    kinds && draft.groupBy !== kinds.field
      ? draft.filters.find(
          (f) => f.field === kinds.field && f.op === 'in' && Array.isArray(f.value) && f.value.length > 1,
        )
      : undefined;
  if (mixed && aggregate) {
    const named = (mixed.value as unknown[]).map((k) => normalize(String(k)));
    const word = aggregateWord(aggregate.fn);
    throw withFixes(
      unparseable(
        stores,
        `${kindsApart(named)}, e.g. "${word} ${named[0]}${draft.groupBy ? ` per ${draft.groupBy}` : ''}"`,
      ),
      q,
      q.original.trim(),
      named.map((k) => `${word} ${k}${draft.groupBy ? ` per ${draft.groupBy}` : ''}`),
    );
  }
  if (
    kinds &&
    draft.groupBy !== kinds.field &&
    !draft.filters.some((f) => f.field === kinds.field && (f.op === '=' || f.op === 'in'))
  ) {
    const examples = kinds.values.slice(0, 3).map((k) => normalize(k));
    const said = q.tokens.find((t) => !t.quoted && resolveField(v, t.text) === aggregate?.field);
    const error = unparseable(
      stores,
      `The ${aggregate?.field} of ${named} measures several things (${kinds.values.join(', ')}): say which, e.g. "${said ? q.original.replace(new RegExp(`\\b${escapeRegex(said.raw)}\\b`, 'i'), examples[0]!) : `${examples[0]} by ${draft.groupBy ?? kinds.field}`}"`,
    );
    throw said ? withFixes(error, q, said.raw, examples) : error;
  }
  const elements = unreadElements(
    choice.stores.map((c) => c.store),
    draft.sort,
    aggregate,
    draft.bucket ? null : draft.groupBy,
  );
  if (elements) throw unparseable(stores, elements);
  const having = groupBound(stores, draft, aggregate);
  const listing = !aggregate;
  // "horror films after 2000" on a store that records its years in a field of its own.
  const yearly = timeField === 'ts' && choice.stores.length === 1 ? yearField(v) : null;
  if (yearly) yearsOfMeasure(v, yearly, draft.filters);
  const years = yearly ? yearBounds(yearly, window) : null;
  if (years) {
    draft.filters.push(...years);
    window = null;
  }
  // "tasks due today", "invoices due this week": a current period runs up to now on times of events
  // past, and to its end on times to come; left open, every task due later was due today.
  if (window && window.to === null && window.periodEnd !== undefined && timeToCome(timeField))
    window = { ...window, to: window.periodEnd };
  // "the most recent film", "the 3 oldest films": by their years, where the records' own time is
  // only when they were sent (answered, the film ingested last was "the most recent").
  if (yearly) draft.sort = draft.sort.map((k) => (k.field === 'ts' ? { field: yearly, dir: k.dir } : k));
  const interpretation: Interpretation = {
    intent: intentOf(draft),
    domain: choice.domain,
    mcps: choice.stores.map((s) => s.store.id).sort(),
    filters: heldTogether(
      q,
      choice.stores.map((c) => c.store),
      draft.filters,
    ),
    text: draft.text,
    time: window ? { field: timeField, ...windowBounds(window) } : null,
    sort: draft.sort.length ? draft.sort : listing ? [{ field: timeField, dir: 'desc' }] : [],
    limit: draft.limit,
    aggregate,
    groupBy: draft.groupBy,
    having,
    bucket: periodsOf(stores, draft, timeField, cal.tz),
  };
  return { interpretation, confidence, validUntilMs: windowValidUntil(window, now, cal) };
}

/**
 * Whether a time field's name says a time to come (`due_date`, `deadline`, `expires_at`,
 * `scheduled_for`): its records may lie after now.
 */
const TO_COME = /^(?:due|deadline|expires?|expiry|expiration|expiring|scheduled|planned|eta|renews|renewal)$/;
function timeToCome(field: string): boolean {
  return nameWords(field)
    .split(' ')
    .some((w) => TO_COME.test(w));
}

/**
 * The bound read on each group, on the aggregate it was said of: how many records each holds, or the
 * aggregate asked of it ("hosts with average cpu above 50"). A bound with no groups to keep is refused.
 */
function groupBound(
  stores: StoreEntry[],
  draft: Draft,
  aggregate: Interpretation['aggregate'],
): Interpretation['having'] {
  const bound = draft.having;
  if (!bound) return null;
  if (!draft.groupBy || !aggregate)
    throw unparseable(
      stores,
      'A bound on each group needs the groups: say what to group by, e.g. "services with more than 10 errors"',
    );
  const { op, value } = bound;
  if (bound.on === 'count') return { fn: 'count', field: null, op, value };
  return { fn: aggregate.fn, field: aggregate.field, op, value };
}

/** The periods the time field is grouped by, when it is what the question groups by. */
function periodsOf(
  stores: StoreEntry[],
  draft: Draft,
  timeField: string,
  tz: string,
): Interpretation['bucket'] {
  if (!draft.bucket) return null;
  if (draft.groupBy !== timeField)
    throw unparseable(stores, fieldAndPeriod(draft.groupBy ?? 'a field', draft.bucket));
  return { unit: draft.bucket, tz };
}

/**
 * The stores an answer would combine, each by its domain, or by its id where two share a domain
 * ("logs and logs-2", never "logs and logs").
 */
function storeNames(chosen: { store: StoreEntry }[]): string {
  const domains = chosen.map((c) => c.store.domain);
  return chosen
    .map((c) => (domains.filter((d) => d === c.store.domain).length > 1 ? c.store.id : c.store.domain))
    .join(' and ');
}

/** The question with a store's word put before its grouping ("count logs by service"), or after it. */
function withStore(q: Question, domain: string): string {
  const text = q.original.replace(/[?.!\s]+$/, '');
  const at = text.search(/\s(?:by|per|for each)\s/i);
  return at >= 0 ? `${text.slice(0, at)} ${domain}${text.slice(at)}` : `${text} in ${domain}`;
}

/** A refusal whose first suggestions are the question asked of each store in turn. */
function withStores(error: AppError, q: Question, domains: string[]): AppError {
  const suggestions = [...domains.map((d) => withStore(q, d)), ...(error.suggestions ?? [])].slice(0, 8);
  return error.withSuggestions(suggestions);
}

/** The first and last instants PostgreSQL reads as ISO-8601 text (years 1 to 9999). */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A window's bounds as ISO-8601 instants. A window that reaches past the years 1-9999 ("in the last
 * 999999999 days") reaches as far as anything stored: a start before year 1 is no start and an end
 * after 9999 no end, while a start after 9999 or an end before year 1 stays at that edge (no record
 * lies beyond it). Built from the arithmetic of such a window, the instant was a RangeError (500) or
 * text PostgreSQL refused ("-006187-03-10T04:27:09.000Z").
 */
function windowBounds(window: { from: number | null; to: number | null }): {
  from: string | null;
  to: string | null;
} {
  const at = (ms: number) => new Date(Math.min(Math.max(ms, FIRST_INSTANT), LAST_INSTANT)).toISOString();
  return {
    from: window.from === null || window.from < FIRST_INSTANT ? null : at(window.from),
    to: window.to === null || window.to > LAST_INSTANT ? null : at(window.to),
  };
}

/**
 * Words that rank what they are said of: "hosts ranked by average cpu", "sort services by errors"
 * ("ordered" only before "by": "customers who ordered this week" bought).
 */
const RANKED = /^(?:rank|ranked|ranking|sort|sorted)$/;

/** A number field of years: `year`, `release_year`, `releaseYear`. */
const YEAR_FIELD = /(?:^|_)year$|[a-z]Year$/;

/** A store's number field of years (`year`, `release_year`) whose values are all years of four digits, or null. */
function yearField(v: StoreVocabulary): string | null {
  const field = [...v.kinds].find(([name, kind]) => {
    if (kind !== 'number' || !YEAR_FIELD.test(name)) return false;
    const stats = v.store.fields[name];
    return stats?.min !== undefined && stats.max !== undefined && stats.min >= 1000 && stats.max <= 9999;
  });
  return field?.[0] ?? null;
}

/**
 * "cars between 2015 and 2020" of a store holding a year field and prices from 8,000: bounds said with
 * no field, on the measure, that are years no measure learned (outside its range, inside the years'
 * give or take a century) bound the years; they compared the price with 2015 and answered none.
 */
function yearsOfMeasure(v: StoreVocabulary, yearly: string, filters: Filter[]): void {
  const measure = v.measure === null ? undefined : v.store.fields[v.measure];
  const years = v.store.fields[yearly];
  if (!measure || !years || v.measure === yearly) return;
  const on = filters.filter((f) => f.field === v.measure);
  const isYear = (value: unknown) =>
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= (years.min ?? 0) - 100 &&
    value <= (years.max ?? 0) + 100 &&
    (value < (measure.min ?? 0) || value > (measure.max ?? 0));
  if (on.length === 0 || !on.every((f) => isYear(f.value))) return;
  for (const f of on) f.field = yearly;
}

/**
 * "horror films after 2000", "films from 1999", "films before 1980": a store with no time field of
 * its own (its records' `ts` is when they were ingested) that holds a number field of years (`year`,
 * `release_year`) reads a window of whole years as bounds on that field. As a window on the ingest
 * time, "after 2000" answered every film sent this year and "from 1999" none. Only whole UTC years
 * are: "films sent today" is still the ingest time.
 */
function yearBounds(
  field: string,
  window: { from: number | null; to: number | null } | null,
): Filter[] | null {
  if (!window) return null;
  const yearAt = (ms: number | null): number | null | undefined => {
    if (ms === null) return null;
    const at = new Date(ms);
    return ms % DAY === 0 && at.getUTCMonth() === 0 && at.getUTCDate() === 1
      ? at.getUTCFullYear()
      : undefined;
  };
  const from = yearAt(window.from);
  const to = yearAt(window.to);
  if (from === undefined || to === undefined || (from === null && to === null)) return null;
  if (from !== null && to === from + 1) return [{ field, op: '=', value: from }];
  const out: Filter[] = [];
  if (from !== null) out.push({ field, op: '>=', value: from });
  if (to !== null) out.push({ field, op: '<', value: to });
  return out;
}
