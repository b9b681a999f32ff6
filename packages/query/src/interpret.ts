/**
 * RAG₂'s grammar: turns a plain-English question into a structured Interpretation grounded in the
 * tenant's registry (store names, learned fields, value dictionaries, time fields). Rules run in a
 * fixed order and consume the words they explain; what is left unexplained lowers the confidence.
 * It refuses questions that ask to change data and rejects questions nothing grounds. It must
 * never produce SQL, never read the database and never accept a field the registry does not know.
 */
import { AppError } from '@smartdb/core';
import { fieldStats, type StoreEntry } from '@smartdb/registry';
import { ANY_WORD, type PhraseMatch, Question, USED_WORD } from './question.ts';
import { chooseStores, EVERYTHING, fieldsShaped, ID_LIKE, isEmail, isIdentifierField } from './stores.ts';
import { suggestQuestions } from './suggestions.ts';
import {
  ambiguousDate,
  ambiguousSpan,
  asksPartOfPeriod,
  Calendar,
  isMonthName,
  readTime,
  recentWindow,
  type TimeWindow,
  windowValidUntil,
} from './time.ts';
import {
  type AggregateFn,
  type Filter,
  type FilterOp,
  GROUP_VALUE,
  type Interpretation,
  type InterpretedQuestion,
  type JsonScalar,
  type SortKey,
} from './types.ts';
import {
  ageField,
  componentValue,
  type FieldKind,
  isFieldWord,
  readingKinds,
  type StoreVocabulary,
  singular,
  type ValueEntry,
  valuesNear,
  vocabularyOf,
} from './vocabulary.ts';
import {
  containsWords,
  FILLER_WORDS,
  NUMBER_WORDS,
  normalize,
  parseDigits,
  parseNumber,
  SHORTHAND,
  SORT_ORDER_WORDS,
  STOP_WORDS,
  stem,
  stemLastWord,
  swappedOrAddedSlip,
  type Token,
} from './words.ts';

export interface InterpretOptions {
  now: Date;
  tz?: string | undefined;
}

const WRITE_VERBS =
  'delete|drop|remove|update|insert|truncate|alter|create|modify|change|set|erase|purge|wipe|destroy|replace|rename|add|upsert|merge|grant|revoke|overwrite|clear|empty|edit|write|put|patch|reset|kill|mark|cancel|refund|approve|reject|archive|restore|disable|enable|activate|deactivate|suspend|ban|block|unblock|assign|upgrade|downgrade|promote|demote|move|migrate|import|revert|undo|increase|decrease|increment|decrement|nuke|flush';
const POLITE =
  "(?:(?:please|pls|can|could|would|will|should|may|might|how|do|does|you|go|ahead|now|it|time|and|then|just|kindly|lets|let's|let|s|i|i'd|d|id|we|want|wanna|like|love|to|need|mind|hey|hi|ok|okay|so|also|quickly|help|me|try|trying) )*";
/** Verbs that change data only with an object after them ("post a message", but "posts in random" reads). */
const OBJECT_WRITE_VERBS = 'post|send|save|store|register';
/** What follows a command's verb: the thing to change ("delete them", "cancel all pending orders"). */
const OBJECT = '(?:them|it|this|that|these|those|the|a|an|all|every|each|any|some|my|our|everything|new)';
const NUM = `[$€£¥]?-?\\d[\\d,]*(?:\\.\\d+)?(?:k|m)?(?:%|ms|s|usd|eur)?|${NUMBER_WORDS}`;
// "how often did the payment provider time out": how often something is logged is how many records say so.
const COUNT_WORDS =
  "how many|how (?:often|frequently)|how (?:busy|chatty|noisy|lively|talkative)(?: (?:was|is|were|are|has been|have been))?|head ?count(?: of)?|(?:what is |what's )?(?:the )?(?:total )?(?:number|count) of|count(?: the| all)?|tally(?: of)?";
/** Whether a question says a count in words, compiled once. */
const SAYS_COUNT = new RegExp(`(?:^| )(?:${COUNT_WORDS})(?= |$)`);
const COMPARATORS: [string, FilterOp][] = [
  [
    'greater than or equal to|more than or equal to|at least|no less than|not less than|at or above|at or over|minimum of|min|>=',
    '>=',
  ],
  [
    'less than or equal to|at most|no more than|not more than|at or below|at or under|maximum of|up to|<=',
    '<=',
  ],
  [
    'more than|greater than|over|above|in excess of|upwards of|north of|exceeding|exceeds|exceeded|exceed|bigger than|larger than|higher than|slower than|longer than|>',
    '>',
  ],
  [
    'under|below|south of|less than|lower than|smaller than|fewer than|cheaper than|faster than|shorter than|quicker than|<',
    '<',
  ],
  ['equal to|equals|exactly|=', '='],
];
/** "no higher than 20", "not exceeding 10": a comparison denied is its complement. */
const DENIED: Record<string, FilterOp> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '!=' };
const AGGREGATES: [string, AggregateFn][] = [
  ['average|avg|mean|typical', 'avg'],
  ['sum(?: of| up)?|add up|totals?|combined', 'sum'],
  ['minimum|min|lowest|smallest|least|fastest|shortest|quickest|how low', 'min'],
  // "how high did cpu usage get": how high a measure went is its maximum.
  ['maximum|max|highest|largest|biggest|peak|greatest|slowest|longest|how high', 'max'],
];
/** The aggregate a single word names: "max" and "highest" the maximum, "total" the sum. */
function aggregateOfWord(word: string): AggregateFn | null {
  for (const [words, fn] of AGGREGATES) if (new RegExp(`^(?:${words})$`).test(word)) return fn;
  return null;
}
const AGGREGATE_WORD = AGGREGATES.map(([words]) => words).join('|');
const PREPOSITION_HINTS: Record<string, RegExp> = {
  from: /^(from|sender|author|user|username|user_?name|source|service|origin|customer|host|app|client)$/i,
  by: /^(by|author|user|username|sender|owner|customer|created_?by|assignee)$/i,
  on: /^(host|server|node|machine|device|instance|platform|plan|channel|service|app|env|environment)$/i,
  in: /^(region|country|city|location|channel|project|currency|team|category|zone|state|env|environment|department|group|continent)$/i,
  to: /^(to|recipient|receiver|destination|target|channel)$/i,
  for: /^(customer|user|username|account|service|project|team|host)$/i,
};
const NEGATIONS = new Set([
  '!=',
  'outside',
  'not',
  'apart',
  'besides',
  'non',
  'except',
  'excluding',
  'without',
  'but',
  'neither',
  // "neither active nor in Europe": the second value is left out too.
  'nor',
  'exclude',
  'isnt',
  "isn't",
  "aren't",
  'arent',
]);
const DEFAULT_TOP = 10;

interface Draft {
  count: boolean;
  aggregate: { fn: AggregateFn; field: string | null } | null;
  groupBy: string | null;
  sort: SortKey[];
  limit: number | null;
  /** "top N …" seen, waiting for "by F" to name the field. */
  rank: { dir: 'asc' | 'desc' } | null;
  /** Where a "top N" naming no records stands ("errors per service, top 3"), or null. */
  bareRank: number | null;
  /** Why a value read for a field that learned every value it holds, and not this one, is refused. */
  unheld: string | null;
  /** Whether the sort was only filled in for a "top N" that named no field to rank by. */
  rankDefault: boolean;
  filters: Filter[];
  text: string | null;
  search: boolean;
  /** "how much" with nothing yet to say whether a total or an average is meant. */
  implied: boolean;
  /** "top 5 customers": people ranked with nothing named to rank them by are ranked by what they spent. */
  byMeasure: boolean;
  /**
   * "highest first": the direction of the sort, and the field to sort when none is named; no field
   * when only the value of each group can be meant ("fewest first").
   */
  direction: { field: string | null; dir: SortKey['dir'] } | null;
  /** Why the question asks for something no interpretation can say ("per day", "not mentioning"). */
  unsupported: string | null;
  /** Words of the question behind `unsupported`, with what could be said instead ("a day" → "in the last day"). */
  unsupportedFix: { said: string; fixes: string[] } | null;
  /** Words of bounds ("with amount over 600"): a field named in a condition asks for no measure of it. */
  bounded: Set<Token>;
  /**
   * Where the word after an aggregate that named no field stands ("average salary"): the store's
   * measure was taken for it, which is only right if a rule explains that word some other way.
   */
  unnamedMeasure: number | null;
}

interface Grounding {
  q: Question;
  v: StoreVocabulary;
  draft: Draft;
  /** The field time words refer to; 'ts' when stores of several domains are read. */
  timeField: string;
  /** Where the last excluded value ended and its field: "except debug and info" excludes both. */
  excluded?: { end: number; field: string };
  /** The vocabularies of the stores not read, whose values a word may name instead. */
  others: StoreVocabulary[];
}

export function unparseable(stores: StoreEntry[], message: string, details?: unknown): AppError {
  return new AppError(422, 'UNPARSEABLE_QUERY', message, {
    details,
    suggestions: suggestQuestions(stores),
  });
}

/**
 * "users on the premuim plan", "logs from web-l": a word one slip from a learned value ("premium",
 * "web-1") is refused, never matched to nothing or dropped; the question with the value in its place
 * is the first suggestion. ARCHITECTURE grounds words in the tenant's data, and a guess could answer
 * a question nobody asked.
 */
function misspelled(
  stores: StoreEntry[],
  q: Question,
  word: string,
  near: string[],
  message: string,
): AppError {
  const error = unparseable(stores, `${message}: did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`, {
    unknown: q.leftovers().map((t) => t.raw),
    near,
  });
  return withFixes(error, q, word, near);
}

/**
 * A refusal whose first suggestions are the question with `said` replaced by each of `fixes` (the
 * readings it could have meant), before the tenant's own examples.
 */
function withFixes(error: AppError, q: Question, said: string, fixes: string[]): AppError {
  const at = new RegExp(
    `(?<![\\p{L}\\p{N}])${escapeRegex(said).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`,
    'iu',
  );
  const fixed = fixes.map((f) => q.original.replace(at, f)).filter((text) => text !== q.original);
  const suggestions = [...fixed, ...(error.suggestions ?? [])].slice(0, 8);
  return new AppError(error.status, error.code, error.message, { details: error.details, suggestions });
}

/**
 * The refusal of a word no field explains: with the learned values one slip from it, when there are
 * any (not people's names, which many an English word is one slip from: "date" and "dave").
 */
function unknownWord(
  stores: StoreEntry[],
  q: Question,
  v: StoreVocabulary,
  token: Token,
  message: string,
): AppError {
  const store = storeWordsNear(stores.map(vocabularyOf), token.text);
  if (store.length) return misspelled(stores, q, token.raw, store, message);
  const person = personField(v);
  const near = valuesNear(v, token.text).filter(
    (n) => !(v.values.get(normalize(n)) ?? []).every((e) => e.field === person),
  );
  if (near.length) return misspelled(stores, q, token.raw, near, message);
  return unparseable(stores, message, { unknown: q.leftovers().map((t) => t.raw) });
}

/**
 * "ordres", "messges from john", "usres in germany": the words naming a store one slip from a word no
 * store is named by. Not a letter changed, nor one added or dropped in a word of four letters, which
 * so often make another word ("how tall", "stars", "cats" are no "talk", "stats", "chats").
 */
function storeWordsNear(vocabularies: StoreVocabulary[], word: string): string[] {
  const key = normalize(word);
  if (vocabularies.some((v) => isStoreWord(v, key))) return [];
  const near = new Set<string>();
  for (const v of vocabularies) {
    for (const name of [...v.names, ...v.synonyms]) {
      for (const form of [name, `${name}s`])
        if (swappedOrAddedSlip(key, form, key.length >= 5)) near.add(form);
    }
  }
  return [...near];
}

/**
 * A value read into a filter that its field never learned although the field learned every value it
 * holds, one slip from one it did learn ("the genral channel", "messages from jhon"); a value another
 * store knows (a username without messages yet) is a value all the same.
 */
function misspelledFilter(
  v: StoreVocabulary,
  others: StoreVocabulary[],
  filters: Filter[],
): { field: string; word: string; near: string[] } | null {
  for (const f of filters) {
    if (f.op !== '=' && f.op !== '!=') continue;
    if (v.kinds.get(f.field) !== 'category') continue;
    const stats = fieldStats(v.store.fields, f.field);
    if (!stats?.values || stats.overflow) continue;
    for (const value of Array.isArray(f.value) ? f.value : [f.value]) {
      if (typeof value !== 'string') continue;
      if ([v, ...others].some((o) => o.values.has(normalize(value)))) continue;
      const near = valuesNear(v, value, f.field);
      if (near.length) return { field: f.field, word: value, near };
    }
  }
  return null;
}

/**
 * A word no rule read, one slip from a value the chosen store learned ("logs from web-l", "logs on
 * wrker"): only where a value stands, shaped like a code or after a preposition, as English words
 * are one slip from many a name ("by signup date" and "dave", "when did ivan join" and "john").
 */
function misspelledWord(
  q: Question,
  v: StoreVocabulary,
  others: StoreVocabulary[],
): { word: string; near: string[] } | null {
  for (const t of q.leftovers()) {
    if (t.quoted || t.text.length < 4 || parseNumber(t.text) !== null) continue;
    const i = q.tokens.indexOf(t);
    const before = q.tokens[i - 1]?.text === 'the' ? q.tokens[i - 2] : q.tokens[i - 1];
    if (!/[\d_-]/.test(t.text) && !/^(?:in|from|on|at|for|to|with|via)$/.test(before?.text ?? '')) continue;
    if (others.some((o) => o.values.has(normalize(t.text)))) continue;
    const near = valuesNear(v, t.text);
    if (near.length) return { word: t.raw, near };
  }
  return null;
}

/**
 * The words of time and of asking that a slip of the keyboard most often leaves unread ("orders placed
 * tody", "logs from the last 24 horus", "paid orders snice monday"): dropped, they would widen the
 * question to every record. "every" is not among them ("the biggest order ever").
 */
const COMMON_WORDS = [
  'today',
  'yesterday',
  'tomorrow',
  'hours',
  'minutes',
  'days',
  'weeks',
  'month',
  'months',
  'years',
  'week',
  'year',
  'hour',
  'since',
  'before',
  'after',
  'between',
  'recent',
  'recently',
  'this',
  'last',
  'past',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'count',
  'many',
  'much',
  'average',
  'total',
  'show',
  'list',
  'number',
  'latest',
  'newest',
  'oldest',
  'highest',
  'lowest',
  'largest',
  'biggest',
  'smallest',
  'than',
  'under',
  'above',
  'below',
  'least',
  'most',
];

/**
 * A word left unread one slip from a word of time or of asking: two letters swapped in a word of four
 * letters or more, or one added or dropped where the longer is five or more ("tody", "horus", "snice",
 * "mnoth", "cuont"); a letter changed makes too many other words ("hour" and "your").
 */
function misspeltCommonWord(
  q: Question,
  vocabularies: StoreVocabulary[],
): { word: string; near: string[] } | null {
  for (const t of q.leftovers()) {
    const key = t.text;
    if (t.quoted || key.length < 3 || !/^[a-z]+$/.test(key) || STOP_WORDS.has(key) || FILLER_WORDS.has(key))
      continue;
    if (COMMON_WORDS.includes(key)) continue;
    if (vocabularies.some((o) => o.values.has(key) || isStoreWord(o, key) || resolveField(o, key))) continue;
    const near = COMMON_WORDS.filter(
      (w) =>
        swappedOrAddedSlip(key, w, Math.max(key.length, w.length) >= 5) &&
        // "error counts", "county", "slowest": a letter before or after the whole word makes a
        // plural or another word, seldom a slip; a singular is the word too.
        !(key.length === w.length + 1 && (key.startsWith(w) || key.endsWith(w))) &&
        w !== `${key}s`,
    );
    // "errors this wek": a word of three letters, after a word that a unit of time follows.
    const before = q.tokens[q.tokens.indexOf(t) - 1]?.text ?? '';
    if (key.length === 3 && /^(this|last|past|per|each|next)$/.test(before))
      near.push(...COMMON_WORDS.filter((w) => w.length === 4 && dropsOne(w, key)));
    // "how mny users", "how mch revenue": after "how", a word of three letters that is "many" or
    // "much" with one dropped.
    if (key.length === 3 && before === 'how') near.push(...['many', 'much'].filter((w) => dropsOne(w, key)));
    // "shw me pending orders", "lst refunded orders": opening the question (or before "me"), a word of
    // three letters and no vowel that is a command with its vowel dropped.
    const at = q.tokens.indexOf(t);
    if (key.length === 3 && !/[aeiouy]/.test(key) && (at === 0 || q.tokens[at + 1]?.text === 'me'))
      near.push(...['show', 'list', 'find', 'give'].filter((w) => dropsOne(w, key)));
    // "errors in teh last 2 hours": a short word of the sentence with two letters swapped.
    if (key.length === 3 && !SHORT_WORD_LOOKALIKES.has(key))
      near.push(...['the', 'and', 'for'].filter((w) => swappedNeighbours(key, w)));
    if (near.length) return { word: t.raw, near };
  }
  return null;
}

/**
 * "orders this semester", "errors last sprint", "revenue this fiscal year": a word no rule read after
 * a word that opens a period names a period no rule reads; dropped, the question would be answered
 * for every record.
 */
function unknownPeriod(q: Question, vocabularies: StoreVocabulary[]): string | null {
  for (const t of q.leftovers()) {
    const i = q.tokens.indexOf(t);
    const before = q.tokens[i - 1];
    if (!before || before.quoted || !/^(?:this|last|next|current|previous|past|coming)$/.test(before.text))
      continue;
    if (t.quoted || !/^[a-z]+$/.test(t.text) || STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text)) continue;
    // "the last thing judy posted", "the last few orders": no period but the records themselves.
    if (/^(?:thing|things|stuff|few|couple|bit|lot|time|times|once|twice)$/.test(t.text)) continue;
    if (vocabularies.some((o) => o.values.has(t.text) || isStoreWord(o, t.text) || resolveField(o, t.text)))
      continue;
    return `${before.raw} ${t.raw}`;
  }
  return null;
}

/** Words of three letters that are two letters of "the", "and" or "for" swapped, and words all the same. */
const SHORT_WORD_LOOKALIKES = new Set(['eth', 'nad', 'dna', 'fro']);

/** Whether `a` is `b` with two neighbouring letters swapped. */
function swappedNeighbours(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  for (let i = 0; i + 1 < b.length; i++)
    if (a === b.slice(0, i) + b[i + 1] + b[i] + b.slice(i + 2)) return true;
  return false;
}

/** Whether dropping one letter of `long` leaves `short`. */
function dropsOne(long: string, short: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Regex alternation for a set of phrases (longest first, `_`/`-`/space interchangeable). */
function alternation(phrases: Iterable<string>): string {
  const list = [...new Set(phrases)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (list.length === 0) return '(?!)';
  return list.map((p) => p.split(' ').map(escapeRegex).join('[ _-]')).join('|');
}

/** Merges the vocabularies of several stores into one view for grounding a fanned-out question. */
function combine(stores: StoreVocabulary[]): StoreVocabulary {
  const [first, ...rest] = [...stores].sort((a, b) => b.store.recordCount - a.store.recordCount);
  if (!first) throw new Error('combine needs at least one store');
  if (rest.length === 0) return first;
  const merged: StoreVocabulary = {
    ...first,
    names: new Set(stores.flatMap((s) => [...s.names])),
    synonyms: new Set(stores.flatMap((s) => [...s.synonyms])),
    fields: new Map(stores.flatMap((s) => [...s.fields])),
    kinds: new Map(stores.flatMap((s) => [...s.kinds])),
    values: new Map(),
    stems: new Map(),
    textFields: [...new Set(stores.flatMap((s) => s.textFields))],
    textValues: stores.flatMap((s) => s.textValues),
  };
  for (const s of stores) {
    for (const [k, list] of s.values) merged.values.set(k, [...(merged.values.get(k) ?? []), ...list]);
    for (const [k, list] of s.stems) merged.stems.set(k, [...(merged.stems.get(k) ?? []), ...list]);
  }
  return merged;
}

/** "deleting", "dropping", "cancelling": the -ing forms of the write verbs. */
function gerunds(verbs: string): string {
  return verbs
    .split('|')
    .flatMap((v) => {
      const ing = /[^aeiou]e$/.test(v) ? `${v.slice(0, -1)}ing` : `${v}ing`;
      return /^(drop|set|put|ban|cancel)$/.test(v) ? [ing, `${v}${v.slice(-1)}ing`] : [ing];
    })
    .join('|');
}

/** "deleted", "removed", "dropped": participles of destructive verbs, never learned values here. */
const WRITE_PARTICIPLES =
  'deleted|removed|dropped|erased|purged|wiped|cleared|truncated|destroyed|updated|modified|changed|overwritten|renamed|reset|flushed|inserted|nuked';

/** "please delete …", "would you mind deleting …", "go ahead and drop the orders". */
const WRITE_OPENING = new RegExp(`^${POLITE}(?:${WRITE_VERBS}|${gerunds(WRITE_VERBS)})\\b(?! up\\b)`);

const WRITE_COMMANDS = new RegExp(
  [
    // "post 'hello' in general": a quoted text is an object too.
    `^${POLITE}(?:${OBJECT_WRITE_VERBS}) (?:${OBJECT}\\b|")`,
    // "can we get rid of old logs", "make alice a premium user" (but "make me a list" reads).
    `^${POLITE}(?:get rid of|dispose of|make (?!me\\b|us\\b)\\S+ (?:an?|the) )`,
    // "show the users and then delete them", "get all pending orders and cancel them".
    `\\b(?:and|then|also) (?:then |also |please |just )?(?:${WRITE_VERBS}|${OBJECT_WRITE_VERBS}) ${OBJECT}\\b`,
    // "can the pending orders be deleted", "messages from john should be removed".
    `\\b(?:be|being) (?:${WRITE_PARTICIPLES})\\b`,
    // "I need all refunded orders removed", "I'd like the logs deleted".
    `\\b(?:want|need|like|get)\\b(?: \\S+){1,6} (?<!\\b(?:was|were|been|is|are|got|get) )(?:${WRITE_PARTICIPLES})$`,
  ].join('|'),
);

/** "users: delete all inactive", "orders - cancel the pending ones": a topic, then the command. */
const TOPIC_THEN_COMMAND = new RegExp(`^[^:\\-–—]{1,40}?\\s[:\\-–—]+\\s+${POLITE}(?:${WRITE_VERBS})\\b`, 'i');

const POLITE_WORD = new RegExp(`^${POLITE}$`);

/** "make alice premium", "make order o-0001 paid": someone or something, then what to make of it. */
const MAKE_INTO = new RegExp(`^${POLITE}make (?!me\\b|us\\b)\\S+(?: \\S+)? (\\S+)$`);

/** Words that, after the noun of a learned value, make it a quantity asked about: "refund total", "refund count". */
const QUANTITY_WORDS =
  /^(totals?|sum|amounts?|count|counts|number|numbers|value|values|average|avg|mean|rate|figures?|stats|statistics|volume)$/;

/**
 * "refund total", "refund amount in EUR": a verb that changes data opening the question is the noun
 * of a learned past-tense value (refunded) when what follows it is a quantity or a number field of a
 * store holding that value, not something to act on ("refund order o-0005", "refund the orders").
 */
function opensWithValueNoun(q: Question, vocabularies: StoreVocabulary[]): boolean {
  const words = q.tokens.map((t) => (t.quoted ? '"' : t.text));
  const at = words.findIndex((w) => !POLITE_WORD.test(`${w} `));
  const verb = words[at] ?? '';
  const next = words[at + 1] ?? '';
  if (!WRITE_VERB.test(verb)) return false;
  return vocabularies.some((v) => {
    if (!recordNoun(v, verb)) return false;
    const field = resolveField(v, next);
    return QUANTITY_WORDS.test(next) || (field !== null && v.kinds.get(field) === 'number');
  });
}

function refuseWrites(q: Question, stores: StoreEntry[], vocabularies: StoreVocabulary[]): void {
  const text = q.tokens.map((t) => (t.quoted ? '"' : t.text)).join(' ');
  const opening = opensWithValueNoun(q, vocabularies) ? null : WRITE_OPENING.exec(text);
  // A learned value made of a record is a change: unlike "make a list of premium users", which reads.
  const made = MAKE_INTO.exec(text);
  const command =
    opening ??
    (made && vocabularies.some((v) => isValueWord(v, made[1]!)) ? made : null) ??
    WRITE_COMMANDS.exec(text) ??
    TOPIC_THEN_COMMAND.exec(q.original.toLowerCase().replace(/:/g, ' :'));
  const sql = /\b(drop (table|database|store)|delete from|insert into|truncate table|update \S+ set)\b/.exec(
    text,
  );
  if (command || sql) {
    // Read questions that can be asked instead, as with an unparseable question.
    throw new AppError(403, 'WRITE_REFUSED', 'Queries are read-only: this question asks to change data', {
      details: { phrase: command?.[0] ?? sql?.[1] },
      suggestions: suggestQuestions(stores),
    });
  }
}

/** Patterns built from a vocabulary, kept with it: the same handful are asked for by every rule. */
const patterns = new WeakMap<StoreVocabulary, Map<string, string>>();

function memoPattern(v: StoreVocabulary, key: string, build: () => string): string {
  let known = patterns.get(v);
  if (!known) {
    known = new Map();
    patterns.set(v, known);
  }
  let pattern = known.get(key);
  if (pattern === undefined) {
    pattern = build();
    known.set(key, pattern);
  }
  return pattern;
}

function fieldPattern(v: StoreVocabulary, kinds?: FieldKind[]): string {
  return memoPattern(v, `fields:${kinds?.join(',') ?? '*'}`, () => {
    const names = [...v.fields]
      .filter(([, f]) => !kinds || kinds.includes(v.kinds.get(f) ?? 'other'))
      // "countries" for country, "currencies" for currency.
      .flatMap(([k]) => (/[^aeiou]y$/.test(k) ? [k, `${k.slice(0, -1)}ies`] : [k]));
    return `(?:${alternation(names)})(?:e?s)?`;
  });
}

function resolveField(v: StoreVocabulary, text: string): string | null {
  const key = normalize(text);
  return v.fields.get(key) ?? v.fields.get(stem(key)) ?? v.fields.get(key.replace(/e?s$/, '')) ?? null;
}

function storeWords(v: StoreVocabulary): string {
  return memoPattern(v, 'store', () => `(?:${alternation([...v.names, ...v.synonyms])})(?:e?s)?|people`);
}

/** Store words that are no learned value: "log" may be skipped before a field, "error" may not. */
function plainStoreWords(v: StoreVocabulary): string {
  return memoPattern(v, 'plain-store', () => {
    const words = [...v.names, ...v.synonyms].filter((w) => !isValueWord(v, w) && !isValueWord(v, `${w}s`));
    return `(?:${alternation(words)})(?:e?s)?`;
  });
}

function isStoreWord(v: StoreVocabulary, word: string): boolean {
  return new RegExp(`^(?:${storeWords(v)})$`).test(normalize(word));
}

/** Whether a word names records in the plural: "entries", "records", "accounts" of users. */
function pluralRecords(v: StoreVocabulary, word: string): boolean {
  return /s$/.test(word) && (/^(entries|records|rows|items|results)$/.test(word) || isStoreWord(v, word));
}

/**
 * The field `word` names in the plural ("services", "channels"), else null: a store's word names its
 * records, and a field's own name ("status") is no plural of it.
 */
function pluralField(v: StoreVocabulary, word: string): string | null {
  const f = resolveField(v, word);
  if (!f || isStoreWord(v, word) || !/s$/.test(word) || normalize(word) === normalize(f)) return null;
  return f;
}

/** Whether a word is (the stem of) a learned value: "paid", "errors". */
function isValueWord(v: StoreVocabulary, word: string): boolean {
  const key = normalize(word);
  // "warnings" is warn, as `readValues` reads it: by the stem of its stem.
  return v.values.has(key) || v.stems.has(stem(key)) || v.stems.has(stem(stem(key)));
}

/** Words for a person, which mean the store's person field where no field is called so. */
const PERSON_WORDS = 'users?|persons?|people|members?|accounts?';
const PERSON = new RegExp(`^(?:${PERSON_WORDS})$`);
/** Words for the people a store's records are by, which may follow a word describing them. */
const PEOPLE = new RegExp(`^(?:${PERSON_WORDS}|customers?|clients?|buyers?|subscribers?)$`);

/** Up to three words after a phrase, captured without consuming them, for `nounAt`. */
const AHEAD = '(?=(?: (\\S+))?(?: (\\S+))?(?: (\\S+))?)';

/**
 * Where the noun is among the words after "latest", "youngest", "smallest": words of learned values
 * ("paid", "cpu usage") are skipped on the way to it ("order", "reading"); -1 when all are values.
 */
function nounAt(v: StoreVocabulary, words: string[]): number {
  return words.findIndex(
    (w, i) =>
      w === '' ||
      isStoreWord(v, w) ||
      !(
        isValueWord(v, w) ||
        (i > 0 && v.values.has(normalize(`${words[i - 1]} ${w}`))) ||
        // "response" of "response time": the first word of a value of two.
        (words[i + 1] !== undefined && v.values.has(normalize(`${w} ${singular(words[i + 1]!)}`)))
      ),
  );
}

/**
 * "refund" for a refunded order, "failure" for a failed one: the noun of a past-tense value (learned
 * as its verb, see `vocabularyOf`) names records holding it, as a store word names them all.
 */
function recordNoun(v: StoreVocabulary, word: string): boolean {
  const key = stem(normalize(word));
  if (!word || v.values.has(normalize(word)) || v.values.has(key)) return false;
  return (v.stems.get(key) ?? []).some((e) => {
    const value = normalize(e.value);
    return value.endsWith('ed') && (value.slice(0, -2) === key || value.slice(0, -3) === key.slice(0, -1));
  });
}

/** The field naming who a record is by: the sender of a message, the customer of an order. */
function personField(v: StoreVocabulary): string | null {
  return (
    [...v.kinds.keys()].find((f) => /^(from|sender|author|user_?name|user|customer|owner)$/i.test(f)) ?? null
  );
}

function typedValue(v: StoreVocabulary, field: string, token: Token): JsonScalar {
  const kind = v.kinds.get(field);
  if (kind === 'number') return parseNumber(token.text) ?? token.raw;
  if (kind === 'boolean' && /^(true|false|yes|no)$/.test(token.text)) return /^(true|yes)$/.test(token.text);
  return token.raw;
}

function addFilter(draft: Draft, field: string, op: FilterOp, value: JsonScalar): void {
  const same = draft.filters.find((f) => f.field === field && (f.op === op || (f.op === 'in' && op === '=')));
  if (same && (op === '=' || op === 'in')) {
    const values = Array.isArray(same.value) ? same.value : [same.value];
    if (!values.includes(value)) same.value = [...values, value];
    same.op = 'in';
    return;
  }
  draft.filters.push({ field, op, value });
}

/** Ages said by their ten years: "in their twenties" is 20 to 29. */
const DECADES = 'twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties';

/**
 * "orders with a minimum amount of 100", "users with a max age of 25": a minimum or maximum given to
 * a field is a bound on each record, not the extreme of them all; read before "a minimum amount of
 * 100 and a maximum amount of 150" could be taken for two measures.
 */
function readBounds({ q, v, draft }: Grounding): void {
  const age = ageField(v);
  // "users in their 30s", "people in their forties": the ten years of ages starting there.
  q.scan(`in (?:their|his|her|the) (?:(\\d0)s|(${DECADES}))(?= |$)`, (m) => {
    const from = m.text(1)
      ? Number.parseInt(m.text(1), 10)
      : 10 * (DECADES.split('|').indexOf(m.text(2)) + 2);
    if (!age || from < 10) return false;
    addFilter(draft, age, '>=', from);
    addFilter(draft, age, '<=', from + 9);
    return true;
  });
  q.scan(
    `(?:with|having|has|have|had|and) (?:an? )?(minimum|min|maximum|max) (age|${fieldPattern(v, ['number'])}) (?:of |= |is )?(${NUM})(?: (?:years|ms|milliseconds|percent|%))?`,
    (m) => {
      const field = m.text(2) === 'age' ? age : resolveField(v, m.text(2));
      const n = parseNumber(m.text(3));
      if (!field || n === null) return false;
      addFilter(draft, field, m.text(1).startsWith('min') ? '>=' : '<=', n);
      return true;
    },
  );
}

/**
 * "median order amount", "what percent of orders are refunded", "count distinct channels": measures
 * an interpretation cannot say (only count, sum, average, minimum and maximum of records) are
 * refused rather than answered with something else.
 */
function readUnsupported({ q, v, draft }: Grounding): void {
  const unsupported: [string, string][] = [
    [
      // "orders last quarter", "revenue in Q3": which quarter (a calendar one, or the last 90 days) is
      // no agreed window; "this quarter" is read as a window.
      '(?:last|previous|past|next|first|second|third|fourth) quarter|q[1-4](?: \\d{4})?',
      'Quarters other than the current one cannot be asked for: ask for dates, e.g. "between Jul 1 and Sep 30", or for "this quarter"',
    ],
    [
      'medians?|percentiles?|p\\d{2}|quantiles?|std ?dev|standard deviations?|variances?',
      'Only counts, sums, averages, minimums and maximums can be asked for',
    ],
    [
      '(?:percentages?|proportions?|ratios?|fractions?|shares?) of|(?:what|which) percent(?:age)?|percent of',
      'Shares and ratios cannot be asked for: ask for the counts instead',
    ],
    [
      '(?:count(?: the| of(?: the)?)?|(?:total )?number of|how many) (?:distinct|unique|different)|(?:distinct|unique) (?:count|number|total)s?',
      'Counting distinct values is not supported: ask for the count per group instead',
    ],
    [
      '(?:average|avg|mean|typical) (?:number|count) of',
      'Averages of counts are not supported: ask for the count per group instead',
    ],
    // "next 10 errors", "show me the rest of the orders": a page after one already shown; a question
    // carries no memory of an earlier answer, whose `cursor` fetches the next page.
    [
      '(?:the )?next (?:\\d+|page|few|batch|ones?)(?= |$)|(?:the )?rest of (?:the|them|those|these|it)(?= |$)|(?:show |give )?(?:me )?the rest$|more results',
      "A page after an earlier answer cannot be asked for in words: ask the same question again with that answer's cursor",
    ],
    // "errors this week vs last week", "paid compared to refunded orders": two answers set side by side.
    [
      'compared (?:to|with)|in comparison (?:to|with)',
      'Comparisons cannot be asked for: ask for each side separately',
    ],
    // "how many orders per customer on average": an average of counts per group.
    [
      `(?:how many|number of|count of) (?:${ANY_WORD} )+?(?:per|each|every) (?:${ANY_WORD} )*?on average`,
      'Averages of counts are not supported: ask for the count per group instead',
    ],
    // "cpu usage trend over time", "revenue as a time series": a measure followed through time.
    [
      'trends?|trending|over time|time ?series|timelines?',
      'Measures over time cannot be asked for: ask for one window, e.g. "average cpu usage this week"',
    ],
    // "average time between orders", "the gap between two logs": how far apart records are.
    [
      `(?:time|times|gaps?|intervals?|delays?|days|hours|minutes|how long) between (?:the |each |every |two |consecutive |successive |subsequent )*(?:${storeWords(v)})`,
      'Times between records cannot be asked for: ask for the records in a window instead',
    ],
  ];
  for (const [words, why] of unsupported) {
    q.scan(words, () => {
      draft.unsupported ??= why;
      return true;
    });
  }
  // "logs at warn level or above", "info and higher": values ranked against each other (severities,
  // tiers) by an order the data does not hold; read as the one value named, the rest would be lost.
  q.scan(
    `(${ANY_WORD}) (?:${fieldPattern(v, ['category'])} )?(?:or|and) (?:above|higher|worse|greater|more severe|up|upwards|below|lower|less severe|better|down|downwards)(?= |$)(?!(?: than)? (?:${NUM})(?: |$))`,
    (m) => {
      if (!isValueWord(v, m.text(1)) || parseNumber(m.text(1)) !== null) return false;
      draft.unsupported ??= `Values ranked above or below "${m.text(1)}" cannot be asked for: name each value meant, joined by "or"`;
      return true;
    },
  );
  // "distinct error messages today", "unique log messages": free text has no values to list.
  if (v.textFields.length)
    q.scan(`(?:distinct|unique|different) (?:${ANY_WORD} )?(${fieldPattern(v, ['text'])})(?= |$)`, (m) => {
      const f = resolveField(v, m.text(1));
      if (!f || v.kinds.get(f) !== 'text') return false;
      draft.unsupported ??= `The distinct values of free text (${f}) cannot be listed: search it for a word instead`;
      return true;
    });
  // "how many services logged errors", "how many countries do users come from": how many values of
  // a field the records hold is a count of distinct values too, not a count of the records.
  q.scan(
    `(?:how many|(?:total )?number of|count of|count the) (${fieldPattern(v, ['category'])})(?= |$)(?! (?:per|by|for each|in each|across) )`,
    (m) => {
      const word = m.text(1);
      const f = pluralField(v, word);
      if (!f || isValueWord(v, word)) return false;
      draft.unsupported ??= `Counting distinct values is not supported: ask for the count per ${f}, e.g. "count ${v.store.domain} by ${f}"`;
      return true;
    },
  );
  // "error rate", "rate of refunds": a rate of records of a learned value is a share of all records
  // (or a count per unit of time), not their count; a value named "error rate" would be read as one.
  // "error rate: how many error logs" says the count it means.
  const counts = SAYS_COUNT.test(q.tokens.map((t) => t.text).join(' '));
  q.scan(`(${ANY_WORD}) rates?(?= |$)|rates? of (?:the )?(${ANY_WORD})`, (m) => {
    const w = m.text(1) || m.text(2);
    if (counts || isValueWord(v, `${w} rate`) || resolveField(v, `${w} rate`)) return false;
    if (!(isValueWord(v, w) || isStoreWord(v, w))) return false;
    draft.unsupported ??= 'Rates and shares of records cannot be asked for: ask for the counts instead';
    return true;
  });
  // "growth in signups this month": a change between windows; "user growth: how many users signed
  // up" says the count it means.
  q.scan('growth', () => {
    if (counts) return false;
    draft.unsupported ??= 'A change over time cannot be asked for: ask for each window separately';
    return true;
  });
  // "average errors per host", "avg orders per customer": an average of how many records each group
  // holds, where the records are no measure; a store with a measure reads a value of it
  // ("average revenue per host" is the revenue readings' value).
  q.scan(`(?:average|avg|mean) (${ANY_WORD}) (?:per|each|for each|by|a|every)(?= |$)`, (m) => {
    const w = m.text(1);
    if (!/s$/.test(w) || resolveField(v, w)) return false;
    if (!(isStoreWord(v, w) || (isValueWord(v, w) && !v.measure))) return false;
    draft.unsupported ??= 'Averages of counts are not supported: ask for the count per group instead';
    return true;
  });
  // "messages without a token", "orders with no customer": records lacking a field, which no filter
  // says; answered, the field would be ignored and every record returned. Only where nothing follows
  // the field that could be its value (a time already read shows as a used token, \u0001).
  q.scan(
    `(?:without|lacking|missing|(?:with|having|has|have) no)(?: (?:a|an|any))? (${fieldPattern(v, ['category', 'number', 'text', 'date', 'other'])})(?=$| (?:\u0001|and|today|yesterday|this|last|set|at all)(?: |$))`,
    (m) => {
      if (!resolveField(v, m.text(1)) || isValueWord(v, m.text(1)) || isStoreWord(v, m.text(1))) return false;
      draft.unsupported ??= 'Records lacking a field cannot be asked for: ask for a value of it instead';
      return true;
    },
  );
  // "messages with a token", "orders that have a customer": records holding a field at all, which no
  // filter says either; a value after the field ("with a token xyz123") is read as one.
  q.scan(
    `(?:with|having|(?:(?:that|which|who) )?(?:has|have|had|carry|carries))(?: (?:a|an|any|some))? (${fieldPattern(v, ['category', 'number', 'text', 'date', 'other'])})(?=$| (?:\u0001|and|today|yesterday|this|last|set|at all)(?: |$))`,
    (m) => {
      if (!resolveField(v, m.text(1)) || isValueWord(v, m.text(1)) || isStoreWord(v, m.text(1))) return false;
      draft.unsupported ??= 'Records holding a field cannot be asked for: ask for a value of it instead';
      return true;
    },
  );
  // "orders above the average amount", "users with the same plan as john", "users older than alice",
  // "services with more errors than warnings", "users who messaged each other", "users who never
  // ordered": records measured against other records or against an aggregate of them.
  const compared =
    'Records can only be compared with a fixed value (a number, a date or a word), not with each other or an aggregate';
  const than =
    'more|greater|higher|bigger|larger|less|lower|smaller|fewer|cheaper|older|younger|earlier|later|longer|shorter|faster|slower|above|below|over|under|exceeding|exceeds?|exceeded|beats?|tops?';
  q.scan(
    `(?:${than})(?: than)? (?:the )?(?:overall |total )?(?:average|avg|mean|median|typical|norm|usual|normal)(?= |$)|(?:above|below)-average|(?:the )?same (?:${ANY_WORD} ){0,3}?as|(?:in|on|from|with|at|of|by|share|sharing) (?:the )?same|(?:the )?same (?:day|date|time|hour|week|month|year)|(?:share|shares|sharing) (?:an? |the |their )?${ANY_WORD} with|each other|one another|never|in common|both (?:post|posted|sent|wrote|ordered|bought|used|have|had)`,
    () => {
      draft.unsupported ??= compared;
      return true;
    },
  );
  // "messages from users who joined this week", "orders by customers aged over 40": the people a
  // store's records are by, described by what another store holds of them.
  q.scan(`(?:from|by|of) (?:the |our |all )?(${ANY_WORD}) (who|that|which|whose|aged|having)`, (m) => {
    const field = resolveField(v, m.text(1));
    // "orders by customers whose emails end in acme.io" is said by the field itself.
    if (!PEOPLE.test(m.text(1)) || isStoreWord(v, m.text(1)) || (field && !/^(who|that)$/.test(m.text(2))))
      return false;
    draft.unsupported ??=
      'A question reads one kind of record at a time: it cannot describe the people by another store';
    return true;
  });
  // "the 2nd newest order", "the third largest order": one record after others in a ranking.
  q.scan(
    '(?:2nd|3rd|[4-9]th|1\\dth|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:most |least )?(?:(?!(?:request|guest|interest|test|rest|quest)s?\\b)[a-z]+est|(?:most|least) [a-z]+)',
    () => {
      draft.unsupported ??=
        'Only the first records of a ranking can be asked for ("the 3 newest"), not one further down';
      return true;
    },
  );
  q.scan(`(${than}) than (?:that of |those of |the )?(${ANY_WORD})`, (m) => {
    const w = m.text(2).replace(/'s$/, '');
    if (m.group(2)[0]?.quoted || parseNumber(w) !== null) return false;
    if (!(isValueWord(v, w) || resolveField(v, w) || isStoreWord(v, w) || PERSON.test(w))) return false;
    draft.unsupported ??= compared;
    return true;
  });
  // "countries with more than 20 users", "channels that have over 100 messages": groups picked by how
  // many records they hold.
  q.scan(
    `(?:with|having|that have|which have|that has|which has) (?:more than|fewer than|less than|over|under|at least|at most|above|below) (${NUM})(?: ${ANY_WORD})? (?:${storeWords(v)})`,
    () => {
      draft.unsupported ??=
        'Groups cannot be picked by how many records they hold: ask for the count per group';
      return true;
    },
  );
  // "orders worth as much as 999", "users as young as 20": at most, at least or exactly is not said.
  q.scan(`as (${ANY_WORD}) as (${NUM})(?= |$)`, (m) => {
    if (parseNumber(m.text(1)) !== null || parseNumber(m.text(2)) === null) return false;
    draft.unsupported ??= 'Say "at most", "at least" or "exactly" for a bound given as "as much as"';
    return true;
  });
  // "messages in channels where john posted", "logs from hosts that also logged warnings": records
  // picked by what other records of the same store hold of a field would need a join of the store.
  q.scan(
    `(?:in|from|on|of|with|for|at|by) (?:the |all |any )?(${ANY_WORD}) (?:where|that|which|in which|on which|whose) (${ANY_WORD})`,
    (m) => {
      const w = m.text(1);
      const field = resolveField(v, w);
      if (!field || v.kinds.get(field) !== 'category' || !/s$/.test(w) || isStoreWord(v, w) || PEOPLE.test(w))
        return false;
      // "users with emails that end in acme.io": the clause says the field itself.
      if (
        /^(end|ends|ending|start|starts|starting|begin|begins|beginning|contain|contains|containing|are|is|include|includes|match|matches)$/.test(
          m.text(2),
        )
      )
        return false;
      draft.unsupported ??=
        'Records can only be picked by their own fields, not by what other records hold of the same field';
      return true;
    },
  );
  // "users as old as alice": the same, as an equality.
  q.scan(
    `(?:(?:more|fewer|less|greater|higher|bigger|larger|lower|smaller|cheaper|older|younger|busier|longer|shorter|faster|slower) (${ANY_WORD})(?: ${ANY_WORD}){0,2}? than|as (${ANY_WORD}) as)(?! \\d)`,
    (m) => {
      if (parseNumber(m.text(1) || m.text(2)) !== null) return false;
      draft.unsupported ??= compared;
      return true;
    },
  );
  // "min and max cpu usage", "total revenue and average response time", "the sum of paid amounts and
  // the number of refunds": an answer has one value.
  // "the cheapest and the most expensive order", "the newest and the oldest message", "count and
  // average amount": two rankings or counts too.
  const ranking =
    'cheapest|least expensive|most expensive|priciest|newest|latest|most recent|youngest|oldest|earliest';
  const measure = `(${AGGREGATE_WORD}|${ranking}|(?:the )?(?:number|count) of|count|how many)`;
  // "how many users and what is their average age": the second may be asked as a question of its own.
  const pair = `${measure} (?:${ANY_WORD} ){0,4}?(?:and|&|plus|or|vs) (?:what (?:s |is |are |was |were )?)?(?:the |also |their |its )?${measure}`;
  q.scan(`${pair}(?= |$)`, (m) => {
    const fnOf = (w: string) =>
      /^(?:(?:the )?(?:number|count) of|count|how many)$/.test(w)
        ? 'count'
        : /^(?:cheapest|least expensive|oldest|earliest)$/.test(w)
          ? 'min'
          : /^(?:most expensive|priciest|newest|latest|most recent|youngest)$/.test(w)
            ? 'max'
            : aggregateOfWord(w);
    const [a, b] = [fnOf(m.text(1)), fnOf(m.text(2))];
    if (!a || !b || a === b) return false;
    draft.unsupported ??=
      'One measure at a time: ask for each (the minimum, then the maximum, say) separately';
    return true;
  });
}

/**
 * "users per country sorted by count", "channels ordered by number of messages ascending": how many
 * records each group holds, which no field is, read before "count" or "number of" asks for a count;
 * "sorted ascending": the direction alone.
 */
function readCountOrder({ q, v, draft, timeField }: Grounding): void {
  // "orders sorted descending by amount": the direction may come before the field.
  q.scan(
    `(?:sorted|ordered|sort|ranked|rank)(?: (?:the |all )?(?:${storeWords(v)}))? (asc|ascending|desc|descending|increasing|decreasing) by (?:the )?(${fieldPattern(v)})`,
    (m) => {
      const f = resolveField(v, m.text(2));
      if (!f) return false;
      draft.sort = [{ field: f, dir: /^(asc|increasing)/.test(m.text(1)) ? 'asc' : 'desc' }];
      return true;
    },
  );
  q.scan(
    `(?:sorted|ordered|sort|ranked|rank)(?: (?:the |all )?(?:${storeWords(v)}))?(?: by (?:the )?(count|number|frequency|popularity)(?: of (?:the )?${ANY_WORD})?)?(?: (asc|ascending|desc|descending|increasing|decreasing))?`,
    (m) => {
      const dir = /^(asc|increasing)/.test(m.text(2)) ? 'asc' : 'desc';
      if (m.text(1)) draft.direction = { field: null, dir };
      else if (m.text(2)) draft.direction = { field: v.measure ?? timeField, dir };
      else return false;
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
function readGroupsByCount({ q, v, draft }: Grounding): void {
  const store = `(?:${storeWords(v)})`;
  q.scan(
    // At the start: "top 2 services by error count" is ranked by `readRanking`.
    // "status counts for orders": the field, then its counts.
    `${GROUPS_LEAD}(?:(${fieldPattern(v, ['category', 'boolean'])}) ${RANKED_BY} (?:the )?(?:(?:number|count) of (?:the )?(${store})|(${store}) count|(${store})(?= |$))|(?:${store} )?(${fieldPattern(v, ['category', 'boolean'])}) (?:counts|tallies)(?: (?:for|of|in|across) (?:the |all )?${store})?$)`,
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
function readGroupsByAggregate({ q, v, draft }: Grounding): void {
  q.scan(
    `${GROUPS_LEAD}(${fieldPattern(v, ['category', 'boolean'])}) ${RANKED_BY}(?: the| their| its)?(?= (?:${AGGREGATE_WORD})(?: |$))`,
    (m) => {
      const f = pluralField(v, m.text(1));
      if (!f || draft.groupBy) return false;
      draft.groupBy = f;
      return true;
    },
  );
}

/**
 * "statuses by amount", "currencies ranked by order amount", "teams by age", "order status by amount":
 * a category field ranked by a number field, with no aggregate said, is each group measured as
 * "amount per status" is (a total of what adds up, the average age or level); left to the sort of
 * records, the field word would be dropped. Read before "by orders" is taken for a count.
 */
function readGroupsByMeasure({ q, v, draft }: Grounding): void {
  q.scan(
    `${GROUPS_LEAD}(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['category', 'boolean'])}) ${RANKED_BY}(?: the| their| its)?(?: (?:${storeWords(v)}))?(?= (${fieldPattern(v, ['number'])})(?:$| (?!(?:than|greater|less|more|at|of|is|are|was|were|from|to|and|or|=|>|<|>=|<=)(?: |$))(\\S+)))`,
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

function readCount({ q, draft }: Grounding): void {
  // "orders grouped by status with counts": records shown with their counts are counted.
  q.scan(`${COUNT_WORDS}|with (?:the |their )?counts?`, () => {
    draft.count = true;
    return true;
  });
}

/** Participles of making a record, which may stand between a ranking word and its noun. */
const CREATED =
  /^(registered|joined|signed|created|placed|sent|posted|added|logged|recorded|made|submitted|received|written)$/;

function readRanking({ q, v, draft, timeField }: Grounding): void {
  // "last one hundred logs": a number spelled out is tried before "one" or "a" alone.
  const num = `(\\d+|${NUMBER_WORDS}|an?|one)`;
  // "the twelve oldest logs", "the twenty-five largest orders": counts spelled out too.
  const counted = `(\\d+|${NUMBER_WORDS})`;
  const ENDS =
    'high|low|highest|lowest|largest|smallest|biggest|big|small|new|old|newest|oldest|cheapest|most expensive|least expensive';
  // "highest first", "from low to high": the direction of a sort, on the measure unless one is named.
  q.scan(
    // "youngest users first": the store's noun may stand between.
    // "highest amount first": or a numeric field, which is what is sorted on.
    `(?:with )?(?:the )?(highest|largest|biggest|greatest|most expensive|lowest|smallest|cheapest|least expensive|newest|latest|most recent|oldest|earliest|youngest|fewest|least|most)(?: (?:${storeWords(v)})| (${fieldPattern(v, ['number'])}))? (?:first|on top)|(?:from )?(${ENDS}) to (?:the )?(?:${ENDS})`,
    (m) => {
      const word = m.text(1) || m.text(3);
      const named = m.text(2) ? resolveField(v, m.text(2)) : null;
      if (named && /^(highest|largest|biggest|greatest|lowest|smallest)$/.test(word)) {
        draft.direction = { field: named, dir: /^(lowest|smallest)$/.test(word) ? 'asc' : 'desc' };
        return true;
      }
      if (m.text(2)) return false;
      // "plans by users, fewest first": how many records a group holds, which no field is.
      if (/^(fewest|least|most)$/.test(word)) {
        draft.direction = { field: null, dir: word === 'most' ? 'desc' : 'asc' };
        return true;
      }
      // "youngest first": by age, from the lowest.
      const age = ageField(v);
      if (word === 'youngest') {
        if (!age) return false;
        draft.direction = { field: age, dir: 'asc' };
        return true;
      }
      const time = /new|latest|recent|old|earliest/.test(word);
      const dir = /^(low|lowest|smallest|cheapest|least expensive|small|old|oldest|earliest)$/.test(word)
        ? 'asc'
        : 'desc';
      // "messages per channel, smallest first": with no measure, the value of each group.
      draft.direction = { field: time ? timeField : v.measure, dir };
      return true;
    },
  );
  // "top 3 hosts by average cpu usage": a category field after the number ranks its groups.
  const category = `(${fieldPattern(v, ['category'])}|${PERSON_WORDS})`;
  /** A category field, or a word for people that names the store's person field ("top 5 users" of messages). */
  const grouping = (word: string): string | null =>
    resolveField(v, word) ?? (PERSON.test(word) && !isStoreWord(v, word) ? personField(v) : null);
  const superlative =
    '(largest|biggest|highest|greatest|smallest|lowest|cheapest|most expensive|least expensive|priciest|slowest|longest|fastest|quickest|shortest)';
  // "which host has the fewest errors", "bottom 2 services by count": groups are only ranked from
  // the largest, so a ranking from the smallest is not answered with the largest.
  const fewest = '(?:fewest|least|lowest|smallest|quietest|rarest)';
  q.scan(
    [
      `(?:which|what)(?: ${counted})?(?: (?:${storeWords(v)}))? ${category}(?: ${ANY_WORD}){0,3}? (?:the )?${fewest}`,
      `(?:the )?(?:${counted} )?${category} (?:with|having|that has|that have|which has|which have) (?:the )?${fewest}`,
      `bottom(?: ${num})? ${category}`,
      // "the least common log level": the store's word may stand before the field.
      `(?:the )?(?:${counted} )?(?:least|quietest|rarest)(?: (?:active|common|frequent|popular|busy))?(?: (?:${storeWords(v)}))? ${category}`,
    ].join('|'),
    (m) => {
      const word = m.text(2) || m.text(4) || m.text(6) || m.text(8);
      const field = grouping(word);
      if (!field || isStoreWord(v, word)) return false;
      draft.unsupported = fromLargest(v, field);
      return true;
    },
  );
  // "highest revenue host", "the top 2 error services": learned values (or a numeric field) between
  // a superlative and a category field say what its groups are ranked by, as in "the host with the
  // highest revenue"; the words between are left to be read.
  q.scan(
    `(?:the )?(?:${counted} )?(highest|largest|biggest|greatest|top|most)(?: ${counted})? ((?:${ANY_WORD} ){1,3}?)${category}(?= |$)`,
    (m) => {
      const named = m.text(5);
      const f = grouping(named);
      const between = m.group(4).map((t) => t.text);
      const ranks = (w: string) =>
        isValueWord(v, w) || (!isStoreWord(v, w) && v.kinds.get(resolveField(v, w) ?? '') === 'number');
      if (!f || draft.groupBy || isStoreWord(v, named) || !between.every(ranks)) return false;
      const count = parseNumber(m.text(1) || m.text(3));
      if (count === null && /s$/.test(named) && normalize(named) !== normalize(f)) return false;
      draft.groupBy = f;
      draft.limit = count ?? 1;
      draft.byMeasure = f === personField(v) && v.measure !== null && ADDITIVE.test(v.measure);
      q.consume(m.start, m.end - named.split(' ').length - between.length);
      q.consume(m.end - named.split(' ').length, m.end);
      return false;
    },
  );
  q.scan(
    // "the 3 largest customers", "biggest 3 hosts by revenue": a category after the count ranks its groups.
    // "5 top orders": the count may come before "top" as well.
    `(?:the )?(?:(top|bottom)(?: ${num})?(?: ${category})?|${superlative} ${counted}(?: ${category})?|${counted} ${superlative.replace('(', '(top|')}(?: ${category})?)`,
    (m) => {
      const word = m.text(1) || m.text(4) || m.text(8);
      const at = [3, 6, 9].find((k) => m.text(k) !== '') ?? 3;
      const named = m.text(at);
      const dir = /^(bottom|smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(word)
        ? 'asc'
        : 'desc';
      const grouped = named ? grouping(named) : null;
      // "top cpu usage on web-1": with no count, "top" before a learned value in the singular and
      // no noun is how high the measure went, its maximum.
      if (!named && !m.text(2) && (word === 'top' || word === 'bottom') && v.measure && !draft.aggregate) {
        const after = q.tokens.slice(m.end, m.end + 3).map((t) => (t.quoted ? '' : t.text));
        const at = nounAt(v, after);
        const noun = after[at] ?? '';
        if (at > 0 && !isStoreWord(v, noun) && !resolveField(v, noun) && !/s$/.test(after[at - 1]!)) {
          draft.aggregate = { fn: word === 'top' ? 'max' : 'min', field: v.measure };
          return true;
        }
      }
      // "the top plan by average age": one group when the field is named in the singular.
      const single = grouped && !/s$/.test(named) && !m.text(2);
      draft.limit = parseNumber(m.text(2) || m.text(5) || m.text(7)) ?? (single ? 1 : DEFAULT_TOP);
      if (named && !grouped) {
        // "top 5 users by age": the store's own people are ranked, and their word is left to name it.
        draft.rank = { dir };
        q.consume(m.start, m.end - m.group(at).length);
        return false;
      }
      if (grouped && dir === 'asc') {
        draft.unsupported = fromLargest(v, grouped);
        return true;
      }
      if (grouped) {
        draft.groupBy = grouped;
        draft.byMeasure = grouped === personField(v) && v.measure !== null && ADDITIVE.test(v.measure);
      } else {
        draft.rank = { dir };
        if (!named) draft.bareRank = m.start;
      }
      return true;
    },
  );
  // "the biggest spender", "the 3 largest customers": a superlative before a category field ranks its groups.
  q.scan(`(?:the )?(?:${num} )?(?:biggest|largest) ${category}`, (m) => {
    const f = grouping(m.text(2));
    if (!f || draft.groupBy) return false;
    draft.groupBy = f;
    draft.limit = parseNumber(m.text(1)) ?? (/s$/.test(m.text(2)) ? DEFAULT_TOP : 1);
    draft.byMeasure = f === personField(v) && v.measure !== null && ADDITIVE.test(v.measure);
    return true;
  });
  if (draft.groupBy) {
    // "top 3 customers by order amount": a numeric field after "by" is what the groups are ranked by.
    q.scan(`by (?:the )?(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['number'])})(?= |$)`, (m) => {
      const f = resolveField(v, m.text(1));
      if (!f || draft.aggregate) return false;
      // "top 2 teams by age": ages add up to nothing; each group's average age ranks it.
      draft.aggregate = { fn: implicitAggregate(q) ?? (f === ageField(v) ? 'avg' : 'sum'), field: f };
      return true;
    });
  }
  // "which channel has the most messages", "which service logs the most errors": the top group;
  // "which 3 services log the most warnings": a plural subject's verb too.
  q.scan(
    `(?:which|what)(?: ${counted})?(?: of (?:our|the|your|all the|all|these|those|my))? (${fieldPattern(v, ['category', 'boolean', 'other'])}|${PERSON_WORDS})(?: (?:throwing|logging|sending|posting|raising|emitting|producing|generating|getting|seeing|having|placing|making|using|consuming|reporting|recording|has|have|had|gets|get|got|sees|see|saw|logs|log|logged|throw|raise|emit|send|post|write|produce|generate|earn|throws|threw|thrown|raises|raised|emits|emitted|sends|sent|posts|posted|writes|wrote|says|said|talks|talked|receives|received|produces|produced|makes|made|places|placed|ordered|bought|purchased|spends|spent|spend|brings in|brought in|generates|generated|earns|earned|appears|appear|occurs|occur|shows up|comes up|uses|used|consumes|consumed|records|recorded|reports|reported|reaches|reached|hits|hit|shows|showed|with|is|are|was|were))* (?:the )?(?:most|highest|largest|greatest|biggest|busiest|slowest|longest|(?:more|higher|larger|bigger)(?! than))(?: (?:often|frequently|commonly|common|frequent|active|popular))?`,
    (m) => {
      // "which user sent the most messages": a person word is the store's person field.
      const f = resolveField(v, m.text(2)) ?? (PERSON.test(m.text(2)) ? personField(v) : null);
      if (!f) return false;
      // "which customer placed the largest order": one record ranked by its measure, read as the
      // records are ("the largest order"), not the group with the most of them.
      const after = q.tokens[m.end];
      if (
        after &&
        !after.quoted &&
        isStoreWord(v, after.text) &&
        !pluralRecords(v, after.text) &&
        !/(?:^| )(?:most|more)(?: |$)/.test(m.text(0))
      )
        return false;
      // "which host is slowest", "which service is the slowest": slow and long say a duration, which
      // no count of records measures; the measure is not said.
      // ("which host has the slowest average response time" names it after).
      const slow = q.tokens.slice(m.start, m.end).find((t) => /^(slowest|longest)$/.test(t.text));
      const said = q.tokens.slice(m.end).some((t, k) => !q.isUsed(m.end + k) && !STOP_WORDS.has(t.text));
      if (slow && !said) {
        // The example names a learned value of a duration where there is one ("response time").
        const duration = [...v.values.keys()].find((k) => /(?:^| )(?:time|latency|duration)$/.test(k));
        const example = `which ${m.text(2)} has the highest average ${duration ?? 'response time'}`;
        draft.unsupported ??= `"${slow.raw}" says no measure: name the one to rank each ${m.text(2)} by, e.g. "${example}"`;
        return true;
      }
      draft.groupBy = f;
      draft.limit = parseNumber(m.text(1)) ?? rankedCount(draft);
      return true;
    },
  );
  // "which region has the oldest users on average": the top group by its average age.
  q.scan(
    `(?:which|what)(?: ${counted})? (${fieldPattern(v, ['category', 'boolean'])}) (?:has|have|had) (?:the )?oldest(?: (?:${storeWords(v)}))? on average`,
    (m) => {
      const f = resolveField(v, m.text(2));
      const age = ageField(v);
      if (!f || !age || draft.groupBy || isStoreWord(v, m.text(2))) return false;
      draft.groupBy = f;
      draft.aggregate = { fn: 'avg', field: age };
      draft.limit = parseNumber(m.text(1)) ?? rankedCount(draft);
      return true;
    },
  );
  // "which channel did bob post in most", "what host does the api log on the most": the top group
  // of what someone did; the name between is left to be read as a value.
  q.scan(
    `(?:which|what) (${fieldPattern(v, ['category', 'boolean'])}) (?:did|does|do|has|have) (?:the )?(${ANY_WORD}) (?:post|posted|send|sent|write|wrote|written|log|logged|order|ordered|buy|bought|use|used|talk|talked|chat|chatted)(?: (?:in|on|to|at|from|with))? (?:the )?most(?= |$)`,
    (m) => {
      const f = resolveField(v, m.text(1));
      const name = m.group(2)[0];
      if (!f || draft.groupBy || !name || name.quoted || isStoreWord(v, m.text(1))) return false;
      const at = q.tokens.indexOf(name);
      draft.groupBy = f;
      draft.count = true;
      draft.limit = rankedCount(draft);
      q.consume(m.start, at);
      q.consume(at + 1, m.end);
      return false;
    },
  );
  // "the channel with the most messages", "the 3 teams with the most users", "the host with the
  // highest average cpu usage": the top groups of a category field, ranked by what follows.
  q.scan(
    `(?:the )?(?:${counted} )?(${fieldPattern(v, ['category', 'boolean'])}) (?:with|having|that has|that have|which has|which have|that had|that saw|that logged) (?:the )?(most|highest|largest|greatest|biggest|slowest|longest)(?=(?: (\\S+))?)`,
    (m) => {
      const f = resolveField(v, m.text(2));
      if (!f || draft.groupBy || isStoreWord(v, m.text(2))) return false;
      // "currencies with the largest orders": records ranked by size within each group say no
      // measure per group (the largest one, or the total?), unlike "the most orders", a count.
      if (m.text(3) !== 'most' && /s$/.test(m.text(4)) && isStoreWord(v, m.text(4))) return false;
      // "channels with the most recent messages" ranks by time within each group, as "the latest" does.
      if (/^recent(?:ly)?$/.test(m.text(4))) return false;
      draft.groupBy = f;
      draft.limit =
        parseNumber(m.text(1)) ??
        (/s$/.test(m.text(2)) && normalize(m.text(2)) !== normalize(f) ? DEFAULT_TOP : 1);
      return true;
    },
  );
  // "the 2 busiest channels", "the most common level": the top groups by how many records they hold.
  // Learned values and store words may stand before the field ("the most common error message"):
  // the values stay to be read as filters.
  q.scan(
    // "the noisiest host", "the chattiest channel": words for busy are the same.
    `(?:the )?(?:top )?(?:${counted} )?(?:busiest|noisiest|chattiest|loudest|most active|most common|most frequent|most popular)${AHEAD}`,
    (m) => {
      const words = [m.text(2), m.text(3), m.text(4)];
      const grouped = ['category', 'boolean', 'text', 'other'];
      const at = words.findIndex((w) => {
        const f = w ? grouping(w) : null;
        return f !== null && grouped.includes(v.kinds.get(f) ?? 'other') && !isValueWord(v, w);
      });
      if (at < 0 || !words.slice(0, at).every((w) => isValueWord(v, w) || isStoreWord(v, w))) return false;
      draft.groupBy = grouping(words[at]!);
      draft.count = true;
      // "top 5 most active users": a count read before is how many.
      draft.limit = parseNumber(m.text(1)) ?? rankedCount(draft);
      for (let k = 0; k <= at; k++) {
        if (k === at || !isValueWord(v, words[k]!)) q.consume(m.end + k, m.end + k + 1);
      }
      return true;
    },
  );
  // "who sent the most messages": the top group of the store's sender (or author, or customer).
  q.scan(
    // "who's sent the most": the contraction leaves its "s" behind.
    `who (?:has |have |had |s |ve )?(?:sent|sends|posted|posts|wrote|writes|written|logged|logs|placed|places|made|makes|ordered|orders|bought|buys|spent|spends|created|creates|talks|talked|chats|chatted|messages|messaged|texts|texted|has|had)(?: the)? most(?! recent| recently)`,
    () => {
      const person = personField(v);
      if (!person) return false;
      draft.groupBy = person;
      draft.limit = rankedCount(draft);
      return true;
    },
  );
  // "the latest message", "the youngest user": a singular store noun asks for one record.
  const one = (next: string) => (next !== '' && isStoreWord(v, next) && !/s$/.test(next) ? 1 : null);
  // "the order with the highest amount", "user with the lowest age": one record ranked by a field.
  // "the 3 orders with the lowest amounts": as many records as counted.
  q.scan(
    `(?:the )?(?:${counted} )?(${ANY_WORD}) (?:with|having|that has|which has|that have|which have) (?:the )?(highest|largest|biggest|greatest|most|max|maximum|top|lowest|smallest|least|min|minimum) (${fieldPattern(v, ['number', 'date'])})`,
    (m) => {
      const f = resolveField(v, m.text(4));
      const n = parseNumber(m.text(1));
      if (!f || (n === null ? one(m.text(2)) === null : !isStoreWord(v, m.text(2)))) return false;
      draft.sort = [{ field: f, dir: /lowest|smallest|least|min/.test(m.text(3)) ? 'asc' : 'desc' }];
      draft.limit = n ?? 1;
      return true;
    },
  );
  // "the smallest order", "the most expensive order" (but "the largest order amount" is a maximum).
  // "the smallest paid order in EUR": learned values may stand between the superlative and the noun.
  // "the biggest refund": the noun of a past-tense value names one record of it; "the largest
  // orders": a plural noun with no count asks for the top records, as "the top orders" does.
  // "the highest value order": a word for what a record is worth may stand before its noun.
  q.scan(`(?:the )?${superlative}${AHEAD}`, (m) => {
    const all = [m.text(2), m.text(3), m.text(4)];
    const words = MEASURE_WORDS.test(all[0]!) && isStoreWord(v, all[1]!) ? all.slice(1) : all;
    const at = words.findIndex((w, i) => i === nounAt(v, words) || recordNoun(v, w));
    const after = words[at + 1] ?? '';
    const noun = words[at] ?? '';
    // "the highest memory usage record", "the largest revenue entry": a word for one record names it too.
    if (!v.measure || at < 0 || !(isStoreWord(v, noun) || recordNoun(v, noun) || RECORD_NOUN.test(noun)))
      return false;
    if (after && resolveField(v, after)) return false;
    // "the highest memory reading per server": an extreme per group is an aggregate.
    const next = q.tokens[m.end + at + 2]?.text ?? '';
    if (
      /^(per|each|across)$/.test(after) ||
      (/^(by|for)$/.test(after) && v.kinds.get(resolveField(v, next) ?? '') === 'category')
    )
      return false;
    const dir = /^(smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(m.text(1))
      ? 'asc'
      : 'desc';
    draft.sort = [{ field: v.measure, dir }];
    draft.limit = /s$/.test(noun) ? (draft.limit ?? DEFAULT_TOP) : 1;
    // The noun of a value is left to be read as the value ("refund" is status refunded).
    if (words !== all) q.consume(m.end, m.end + 1);
    if (isStoreWord(v, noun)) return true;
    q.consume(m.start, m.end);
    return false;
  });
  // "which order is the most expensive", "which user is the youngest", "which log is the most recent":
  // one record, ranked by the measure, the age or the time as the word says.
  q.scan(
    `(?:which|what) (${ANY_WORD}) (?:is|was|has been) (?:the )?(?:${superlative}|(youngest|oldest|earliest|first|newest|latest|last|most recent))(?= |$)`,
    (m) => {
      if (one(m.text(1)) === null && !(recordNoun(v, m.text(1)) && !/s$/.test(m.text(1)))) return false;
      const word = m.text(2) || m.text(3);
      const age = ageField(v);
      if (word === 'youngest') {
        if (!age) return false;
        draft.sort = [{ field: age, dir: 'asc' }];
      } else if (m.text(3)) {
        draft.sort = [{ field: timeField, dir: /oldest|earliest|first/.test(word) ? 'asc' : 'desc' }];
      } else {
        if (!v.measure) return false;
        const asc = /^(smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(word);
        draft.sort = [{ field: v.measure, dir: asc ? 'asc' : 'desc' }];
      }
      draft.limit = 1;
      // "which error was the latest": a noun that is a learned value is left to be read as one.
      if (!isValueWord(v, m.text(1))) return true;
      q.consume(m.start, m.start + 1);
      q.consume(m.start + 2, m.end);
      return false;
    },
  );
  // "of the paid orders, which 3 were the largest": as many records as counted, ranked by the measure;
  // "which 5 orders had the highest amounts": or by the field named after it.
  q.scan(
    `(?:which|what) (${counted}|one)(?: (${ANY_WORD}))?(?: (?:${storeWords(v)}))?(?: of (?:them|these|those))? (?:were|are|was|is|had|have|has) (?:the )?${superlative}(?: (${fieldPattern(v, ['number'])}))?`,
    (m) => {
      const field = m.text(5) ? resolveField(v, m.text(5)) : v.measure;
      // "which 4 revenue readings had the highest values": a learned value before the noun stays to be read.
      const word = m.group(3)[0];
      const value = word && !isStoreWord(v, word.text) ? word : undefined;
      if (!field || draft.groupBy || (value && !isValueWord(v, value.text))) return false;
      const dir = /^(smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(m.text(4))
        ? 'asc'
        : 'desc';
      draft.sort = [{ field, dir }];
      draft.limit = parseNumber(m.text(1));
      if (!value) return true;
      const at = q.tokens.indexOf(value);
      q.consume(m.start, at);
      q.consume(at + 1, m.end);
      return false;
    },
  );
  const byTime = (word: string, n: string, next = '', single = false) => {
    const asc = /first|oldest|earliest/.test(word);
    draft.sort = [{ field: timeField, dir: asc ? 'asc' : 'desc' }];
    const limit = parseNumber(n);
    if (limit !== null) draft.limit = limit;
    else if (/^(first|last)$/.test(word)) draft.limit = 1;
    else draft.limit = one(next) ?? (single ? 1 : draft.limit);
    return true;
  };
  const age = ageField(v);
  // "the 3 oldest users by age": oldest and youngest ranked by a named field rather than by time;
  // "the oldest user in the engineering team by age": the words between are left to be read.
  q.scan(
    `(?:the )?(?:${num} )?(oldest|youngest)(?: ${num})? ((?:${ANY_WORD} ){0,5}?)(by (?:their |the )?(${fieldPattern(v, ['number', 'date'])}))`,
    (m) => {
      const f = resolveField(v, m.text(6));
      if (!f) return false;
      draft.sort = [{ field: f, dir: m.text(2) === 'oldest' ? 'desc' : 'asc' }];
      const between = m.group(4).map((t) => t.text);
      const noun = between.find((w) => isStoreWord(v, w)) ?? '';
      draft.limit = parseNumber(m.text(1) || m.text(3)) ?? one(noun) ?? draft.limit;
      const by = q.tokens.indexOf(m.group(5)[0]!);
      q.consume(m.start, by - between.length);
      q.consume(by, m.end);
      return false;
    },
  );
  // "the youngest premium user": the noun may follow a value or two.
  // "the 2 eldest users": eldest only ever speaks of age.
  q.scan(`(?:the )?(?:${num} )?(youngest|eldest|oldest by age)(?: ${num})?${AHEAD}`, (m) => {
    if (!age) return false;
    draft.sort = [{ field: age, dir: m.text(2) === 'youngest' ? 'asc' : 'desc' }];
    const after = [m.text(4), m.text(5), m.text(6)];
    draft.limit = parseNumber(m.text(1) || m.text(3)) ?? one(after[nounAt(v, after)] ?? '') ?? draft.limit;
    return true;
  });
  // "the 10 most new messages": "most new" is newest as a learner says it.
  const order = '(latest|newest|most new|most recent|most recently|last|first|oldest|earliest)';
  q.scan(`(?:the )?${counted} ${order}`, (m) => byTime(m.text(2), m.text(1)));
  // "the oldest active user": the noun may follow a value or two.
  q.scan(`(?:the )?${order}(?: ${num})?${AHEAD}`, (m) => {
    // "the most recently registered user", "the latest signed up user": a verb of making the record
    // may stand before its noun.
    const made = CREATED.test(m.text(3)) ? (m.text(4) === 'up' ? 2 : 1) : 0;
    const after = [m.text(3), m.text(4), m.text(5)].slice(made);
    const at = nounAt(v, after);
    const noun = after[at] ?? '';
    // "the most recent response time on db-1": after "the", a singular value with no noun is one record.
    // "who signed up most recently", "which user joined last": a question after one record, with
    // no noun after the ranking word, asks for that one.
    const single =
      (q.tokens[m.start]?.text === 'the' && at > 0 && !isStoreWord(v, noun) && !/s$/.test(after[at - 1]!)) ||
      (!isStoreWord(v, noun) && asksForOne(q, v, m.start));
    // "the latest log entries", "the newest user accounts": a plural word for records after it is the noun.
    if (pluralRecords(v, after[at + 1] ?? '')) return byTime(m.text(1), m.text(2));
    return byTime(m.text(1), m.text(2), noun, single);
  });
  const field = `(${fieldPattern(v)})`;
  // "in ascending order of age", "by age in descending order", "in reverse chronological order",
  // "in order of age" (from the lowest).
  q.scan(
    `(?:(sorted |ordered |listed |ranked )?by (?:the )?${field} )?(?:in )?(${SORT_ORDER_WORDS}) order(?: (?:of|by) (?:the )?${field})?|in order (?:of|by) (?:the )?${field}`,
    (m) => {
      const word = m.text(3);
      const named = m.text(2) || m.text(4) || m.text(5);
      const f = named ? resolveField(v, named) : /chronological/.test(word) ? timeField : null;
      const dir = /^(descending|decreasing|reverse)/.test(word) ? 'desc' : 'asc';
      // "users by plan in ascending order": a bare "by" a category groups (`readGrouping`), and the
      // direction orders the groups.
      if (m.text(2) && !m.text(1) && /^(category|boolean)$/.test(v.kinds.get(f ?? '') ?? '')) {
        draft.direction = { field: null, dir };
        const at = q.tokens.indexOf(m.group(3)[0]!);
        q.consume(q.tokens[at - 1]?.text === 'in' ? at - 1 : at, m.end);
        return false;
      }
      // "users in descending order": the direction, on the measure unless a field is named elsewhere.
      if (f) draft.sort = [{ field: f, dir }];
      else if (/^(alphabetical|numerical|numeric)$/.test(word)) return false;
      else draft.direction = { field: v.measure ?? timeField, dir };
      return true;
    },
  );
  q.scan(
    // "sorted by date": a word for when is the time field.
    `(?:sorted|ordered|order|sort|sorting|ranked|rank)(?: (?:the |all )?(?:${storeWords(v)}))? by (?:the )?(?:${field}|(date|time|timestamp|recency))(?: (asc|ascending|desc|descending))?`,
    (m) => {
      const f = m.text(2) ? timeField : resolveField(v, m.text(1));
      if (!f) return false;
      draft.sort = [{ field: f, dir: m.text(3).startsWith('asc') ? 'asc' : 'desc' }];
      return true;
    },
  );
  // "orders by date": by when they happened, which no field is called.
  q.scan('by (?:the )?(?:date|timestamp)(?: (asc|ascending|desc|descending))?', (m) => {
    draft.sort = [{ field: timeField, dir: m.text(1).startsWith('asc') ? 'asc' : 'desc' }];
    return true;
  });
  if (draft.rank) {
    const rank = draft.rank;
    q.scan(`by (?:the )?(?:highest |largest |lowest |smallest )?${field}`, (m) => {
      const f = resolveField(v, m.text(1));
      if (!f) return false;
      // "count messages by sender, top 5": the top groups of a category, not records sorted by it.
      if (!draft.groupBy && /^(category|boolean)$/.test(v.kinds.get(f) ?? '')) {
        draft.groupBy = f;
        draft.rank = null;
        return true;
      }
      draft.sort = [{ field: f, dir: rank.dir }];
      return true;
    });
    // "top 5 purchases by value", "the 3 largest orders by size": a word for what a record is worth is its measure.
    q.scan('by (?:the )?(?:total )?(value|values|worth|size|sizes)', () => {
      if (!v.measure || draft.sort.length) return false;
      draft.sort = [{ field: v.measure, dir: rank.dir }];
      return true;
    });
  }
  // "oldest orders first, just 3", "3 of the latest errors": as many of the records as the count says.
  q.scan(
    `(?:limit(?: to)?|only|just) (\\d+)(?! (?:hours?|days?|weeks?|months?|minutes?|years?|percent|%))|(\\d+) of them|(?<=^(?:(?:${USED_WORD}|show|give|get|me|us) )*)(\\d+) of(?= (?:the|our|those|these|all|${USED_WORD})(?= |$))`,
    (m) => {
      draft.limit = parseDigits(m.text(1) || m.text(2) || m.text(3));
      if (draft.limit === null) return false;
      // "3 of the latest errors": "the" may have gone with "latest" already; if not, it goes with the count.
      if (m.text(3) && /^(?:the|our|those|these|all)$/.test(q.tokens[m.end]?.text ?? '') && !q.isUsed(m.end))
        q.consume(m.end, m.end + 1);
      return true;
    },
  );
  // "five of the biggest orders", "a couple of the latest errors": a count spelled out, the same way.
  q.scan(
    `(?<=^(?:(?:${USED_WORD}|show|give|get|me|us) )*)(a couple|couple|${NUMBER_WORDS}) of(?= (?:the|our|those|these|all|${USED_WORD})(?= |$))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (n === null || !Number.isInteger(n) || n < 1) return false;
      draft.limit = n;
      if (/^(?:the|our|those|these|all)$/.test(q.tokens[m.end]?.text ?? '') && !q.isUsed(m.end))
        q.consume(m.end, m.end + 1);
      return true;
    },
  );
  q.scan(`(\\d+)(?= (?:${ANY_WORD} )?(?:${storeWords(v)}))`, (m) => {
    draft.limit = parseDigits(m.text(1));
    return draft.limit !== null;
  });
  // "a dozen pending orders", "twenty errors": the same, said first, as in a search box.
  q.scan(
    `(?<=^(?:${USED_WORD} )*)(a couple|${NUMBER_WORDS})(?= (?:${ANY_WORD} ){0,2}(?:${storeWords(v)})(?: |$))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (n === null || !Number.isInteger(n) || n < 2 || draft.limit !== null) return false;
      draft.limit = n;
      return true;
    },
  );
  // "show me twenty info logs": a count spelled out before the records' noun is as many of them.
  q.scan(
    `(?:show(?: me)?|list|give me|get|find|display|fetch|pull(?: up)?) (?:the )?(${NUMBER_WORDS})(?= (?:${ANY_WORD} ){0,2}(?:${storeWords(v)})(?: |$))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (n === null || !Number.isInteger(n) || draft.limit !== null) return false;
      draft.limit = n;
      q.consume(m.end - m.group(1).length, m.end);
      return false;
    },
  );
}

/**
 * Whether the words before token `end` ask for one record: "who …" (not "who are …"), or "which"
 * or "what" before a store's noun in the singular ("which user …").
 */
function asksForOne(q: Question, v: StoreVocabulary, end: number): boolean {
  const words = q.tokens.slice(0, end).map((t) => (t.quoted ? '' : t.text));
  if (words[0] === 'who' && !/^(are|were|have)$/.test(words[1] ?? '')) return true;
  return words.some(
    (w, i) =>
      /^(which|what)$/.test(w) && isStoreWord(v, words[i + 1] ?? '') && !/s$/.test(words[i + 1] ?? ''),
  );
}

/**
 * How many top groups a "which … the most" or "who sent the most" asks for: one, unless a
 * "top 3" elsewhere in the question ("who sent the most messages? top 3, please") counted them.
 */
function rankedCount(draft: Draft): number {
  const n = draft.rank && draft.limit !== null ? draft.limit : 1;
  draft.rank = null;
  return n;
}

function readGrouping({ q, v, draft }: Grounding): void {
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
  // "levels per service", "plans by region": the values of one field for each value of another are
  // two groupings at once, not a count per service that drops the levels.
  // "count statuses per currency": the words before it may have been read already ("count"), and
  // a match may not take in words read.
  q.scan(
    `(?<=^(?:(?:${USED_WORD}|list|show|all|distinct|unique|different|what|which|the|me|give|get|count|number of) )*)(${fieldPattern(v, ['category'])}) (?:per|by|(?:for|in|of) (?:each|every)|across(?: the| all)?) (?:the |each |every )?(${fieldPattern(v, ['category'])})`,
    (m) => {
      const [first, second] = [resolveField(v, m.text(1)), resolveField(v, m.text(2))];
      const plural = /s$/.test(m.text(1)) && normalize(m.text(1)) !== normalize(first ?? '');
      if (!first || !second || first === second || !plural || isStoreWord(v, m.text(1))) return false;
      draft.unsupported ??= TWO_GROUPINGS;
      return true;
    },
  );
  q.scan(
    // "users grouped by their location", "users in every country".
    `${lead} (?:the |each |every |their |its )?(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['category', 'boolean', 'number', 'other'])})`,
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
    `(?<=^(?:(?:${USED_WORD}|list|show|all|the|me|give|get|rank|sort|order) )*)(${fieldPattern(v, ['category'])}) (?:ranked |sorted |ordered )?by (?:the |their |its )?(${ANY_WORD})`,
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
    `where (?:are|is|do|does) (?:the |our |all |my )?(?:${storeWords(v)}) (?:located|based|from|living|live|coming from|come from)`,
    () => {
      const f = resolveField(v, 'location');
      if (!f || draft.groupBy) return false;
      draft.groupBy = f;
      return true;
    },
  );
  // "orders per day", "errors by hour": buckets of time are no field to group by.
  q.scan(
    `(?:${lead}) (?:the |each |every )?(?:calendar )?(?:minute|hour|day|week|weekday|month|year)s?`,
    (m) => {
      if (/^(sorted|ordered|order|sort|ranked|rank|listed)$/.test(q.tokens[m.start - 1]?.text ?? ''))
        return false;
      draft.unsupported = 'Grouping by a period of time is not supported; ask for one window at a time';
      return true;
    },
  );
  // "which day had the most orders", "the hour with the most errors", "busiest day for orders": the top
  // period of time is a grouping by it too; left unread, every record would be listed.
  q.scan(
    `(?:(?:which|what|the) (?:calendar )?(?:minute|hour|day|date|week|weekday|month|year)(?: of the (?:week|month|year))?(?: ${ANY_WORD}){0,3}? (?:the )?(?:most|highest|lowest|fewest|least|busiest|largest|biggest|quietest)|(?:busiest|quietest) (?:minute|hour|day|date|week|weekday|month|year)s?)(?= |$)`,
    () => {
      draft.unsupported ??= 'Grouping by a period of time is not supported; ask for one window at a time';
      return true;
    },
  );
  // "logs a day", "errors an hour", "how many orders in a day": how many records each period holds,
  // a rate, is a grouping by the period too; left unread, "a day" would be dropped and every record
  // counted. "a day ago", "for a day", "within a day" are windows, read before this.
  q.scan(
    `(?<!(?:^| )(?:for|within|over|last|past|previous|than|about|around|under|once|twice|thrice|times?|and|or) )(?:in |on |every |each )?(?:a|an|one|1) (minute|hour|day|week|month|year)(?! (?:ago|old|back|before|after|earlier|later|or|and)(?: |$))(?= |$)`,
    (m) => {
      if (draft.unsupported) return true;
      const unit = m.text(1);
      draft.unsupported = `"${m.text(0)}" asks for a rate per ${unit}: grouping by a period of time is not supported; ask for one window at a time, e.g. "in the last ${unit}"`;
      draft.unsupportedFix = { said: m.text(0), fixes: [`in the last ${unit}`] };
      return true;
    },
  );
  // "logs over a day": the last day, or older than a day? Neither is said ("over the last day",
  // "over a day old").
  q.scan(
    '(?:over|more than) (a|an|one|1) (minute|hour|day|week|month|year)(?! (?:ago|old|back|before|earlier)(?: |$))(?= |$)',
    (m) => {
      if (draft.unsupported) return true;
      const span = `${m.text(1)} ${m.text(2)}`;
      draft.unsupported = `"${m.text(0)}" could be the last ${m.text(2)} or longer ago: say "in the last ${m.text(2)}" or "more than ${span} ago"`;
      draft.unsupportedFix = {
        said: m.text(0),
        fixes: [`in the last ${m.text(2)}`, `more than ${span} ago`],
      };
      return true;
    },
  );
  // "daily revenue", "weekly active users": an amount per period of time is a grouping by it too.
  q.scan('(?:hourly|daily|weekly|monthly|quarterly|yearly|annual|annually)', () => {
    draft.unsupported = 'Grouping by a period of time is not supported; ask for one window at a time';
    return true;
  });
  // "distribution of log levels", "the spread of plans": how the records fall into a field's values.
  // "team sizes", "the sizes of the channels": how many records each value holds.
  q.scan(
    // "the status breakdown of orders", "plan distribution": the field may come first.
    `(?:the )?(?:distribution|breakdown|split|spread|mix|sizes) of (?:the |each |every )?(?:(?:${plainStoreWords(v)}) )?(${fieldPattern(v, ['category', 'boolean'])})|(?:the )?(?:(?:${plainStoreWords(v)}) )?(${fieldPattern(v, ['category', 'boolean'])}) (?:distribution|breakdown|split|spread|mix|sizes)`,
    (m) => {
      const f = resolveField(v, m.text(1) || m.text(2));
      if (!f || draft.groupBy) return false;
      draft.groupBy = f;
      return true;
    },
  );
  // "list the channels", "what plans are there": a category field named in the plural, and nothing
  // after it but "are there", asks for its values, with how many records hold each.
  q.scan(
    // "what plans do users have": the same, asked of the store's records.
    // "what are the distinct channels", "unique countries of users": the values of the store's records.
    // "what are the different log levels", "list the order statuses": the store's word may come first.
    `^(?:(?:list|show|all|distinct|unique|different|what|which|are|were|the|me|give|get) )*(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['category'])})(?: (?:names|values|kinds|types))?(?= ((?:are|were) (?:there|used|in use|being used|recorded|tracked|reported)|exist|do we have|(?:(?:are|were|is|was) )?${RECORDING} (?:any )?(?:${storeWords(v)})(?= |$)|(?:(?:are|were|is|was) )?${RECORDING} (?:any )?${ANY_WORD}(?= |$)|do (?:the )?(?:${storeWords(v)}) (?:have|use|come from|belong to))| (?:of|in|for|among|across) (?:all )?(?:the |our )?(?:${storeWords(v)})(?= |$)|$)`,
    (m) => {
      // "list the metric names", "which metric names are recorded": the field's values, by their field's name.
      const valued = /^(?:names|values|kinds|types)$/.test(q.tokens[m.end - 1]?.text ?? '');
      const namedField = valued ? resolveField(v, m.text(1)) : null;
      const f = namedField && !isIdentifierField(v, namedField) ? namedField : pluralField(v, m.text(1));
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
  // "list services with errors", "which hosts have warnings", "services with error counts": a
  // category field named in the plural first, then what its records must hold, asks for the values
  // that hold it; as with "list the channels", each value comes with how many matching records it has.
  q.scan(
    // "which channels did john post in", "what services logged errors": asked with "which" or
    // "what", the rest of the question may say it in any words.
    `^(?:(?:(?:list|show|all|distinct|unique|different|what|which|the|me|give|get|find|display) )*(${fieldPattern(v, ['category'])}) (?:with|having|(?:that|which|who) (?:have|had|has|got)|have|has|had|got|where there (?:are|were|is|was))|(?:which|what) (?:(?:distinct|unique|different) )?(${fieldPattern(v, ['category'])}))(?= (?:the |their |its |any |some )?(${ANY_WORD}))`,
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
    `^(?:(?:list|show|all|distinct|unique|different|the|me|give|get|find|display) )*(${fieldPattern(v, ['category'])})(?= (?:in|on|from|at|for) (?:the )?(${ANY_WORD})(?: (${ANY_WORD}))?)`,
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
  // "error counts for all services", "message counts across the channels": counts said in the
  // plural for all of a field's values are one count per value.
  q.scan(
    `(?:counts|tallies|numbers) (?:for|of|across|over|in) (?:all (?:the |of the )?|the |every |each )(${fieldPattern(v, ['category'])})`,
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
  q.scan(`with (?:the |their |its )?(?:(${ANY_WORD}) )?(?:counts|tallies)$`, (m) => {
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
  q.scan(`${lead} (?:the |(each |every ))?(${PERSON_WORDS})`, (m) => {
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

/** Verbs by which values hold records: "hosts reporting metrics", "services sending logs". */
const RECORDING = '(?:reporting|sending|logging|recording|emitting|writing|posting|placing|producing)';

const TWO_GROUPINGS = 'One grouping at a time: ask for the counts by each field separately';

/** "average amount by status and currency": the refusal of two groupings names what was asked for. */
function twoGroupingsOf(draft: Draft, message: string): string {
  if (message !== TWO_GROUPINGS || !draft.aggregate || draft.aggregate.fn === 'count') return message;
  const asked = { sum: 'totals', avg: 'averages', min: 'minimums', max: 'maximums' } as Record<
    string,
    string
  >;
  const what = asked[draft.aggregate.fn];
  if (!what) return message;
  const of = draft.aggregate.field ? ` of ${draft.aggregate.field}` : '';
  return `One grouping at a time: ask for the ${what}${of} by each field separately`;
}

function readComparisons({ q, v, draft }: Grounding): void {
  const before = draft.filters.length;
  const numeric = `(${fieldPattern(v, ['number'])})`;
  // "orders with a total above 900", "orders totalling over 500": the total of one record is its measure.
  const verbs =
    '(?:(?:is|are|was|were|with|having|has|have|of|costing|priced|valued|worth|at|an?|totall?ing|(?<=(?:with|having|whose|has|had) (?:an? |the )?)total) )*';
  const unit =
    // Currencies are left for the values: "over 100 euros" is also currency = EUR where one is learned.
    '(?: (?:ms|milliseconds|seconds?|secs?|years(?: old)?|year old|percent|%|old))?';
  const age = ageField(v);
  /**
   * "above 0.5 seconds", "1 second or more", "between 1 and 2 seconds" where the store learned
   * durations in ms: the number in the store's unit.
   */
  const scaled = (n: number, m: PhraseMatch): number => {
    const seconds = q.tokens
      .slice(m.start, m.end)
      .some((t) => /^(seconds?|secs?)$/.test(t.text) || /^\d[\d.]*(s|secs?)$/.test(t.text));
    return seconds && v.values.has('ms') && !v.values.has('s') ? n * 1000 : n;
  };
  const bounds = (m: PhraseMatch) => {
    for (const t of q.tokens.slice(m.start, m.end)) draft.bounded.add(t);
  };
  const target = (named: string, aged: boolean): string | null => {
    if (named) return resolveField(v, named);
    if (aged) return age;
    return v.measure;
  };
  for (const [words, op] of COMPARATORS) {
    // "users above the age of 60", "orders over an amount of 500": the field may follow the comparator.
    // "customers above age 40": or name it without "of".
    const after = `(?:(?:the |an? )?(age|${fieldPattern(v, ['number'])})(?: of)? )?`;
    q.scan(
      `(?:${numeric} )?${verbs}(aged |age )?(no |not |never )?(?:${words}) ${after}(${NUM})${unit}`,
      (m) => {
        const named = m.text(4);
        const field = named
          ? named === 'age'
            ? age
            : resolveField(v, named)
          : target(m.text(1), m.text(2) !== '');
        const n = parseNumber(m.text(5));
        if (!field || n === null) return false;
        // "users with more than 2 plans": how many values a record has of a field is no bound on it.
        const counted = q.tokens[m.end]?.text ?? '';
        const other = resolveField(v, counted);
        if (
          other &&
          v.kinds.get(other) === 'category' &&
          /s$/.test(counted) &&
          normalize(counted) !== normalize(other)
        ) {
          draft.unsupported ??= 'How many values a record has of a field cannot be asked for';
          return true;
        }
        addFilter(draft, field, m.text(3) ? (DENIED[op] ?? op) : op, scaled(n, m));
        bounds(m);
        return true;
      },
    );
  }
  // "cpu at 100%", "latency at 250 ms": a measure at a value with its unit is that value.
  q.scan(
    `(?:${numeric} )?(?:is |was |are |were |running |stuck )?at (${NUM})( (?:%|percent|ms|milliseconds))?`,
    (m) => {
      const field = target(m.text(1), false);
      const n = parseNumber(m.text(2));
      if (!field || n === null || !(m.text(3) || /\d(%|ms)$/.test(m.text(2)))) return false;
      addFilter(draft, field, '=', n);
      return true;
    },
  );
  // "users more old than 40": the comparative said with "more", as learners of English may.
  q.scan(`(?:${verbs})?(no |not )?(older|younger|more old|less old) than (${NUM})${unit}`, (m) => {
    const n = parseNumber(m.text(3));
    if (!age || n === null) return false;
    // "no older than 25" is at most 25.
    const older = /^(older|more old)$/.test(m.text(2));
    const op = m.text(1) ? (older ? '<=' : '>=') : older ? '>' : '<';
    addFilter(draft, age, op, n);
    return true;
  });
  // "users between the ages of 25 and 30": the age may be named inside the range.
  q.scan(
    `(?:${numeric} )?${verbs}(aged |age )?(?:between (the ages? of )?(${NUM}) and (${NUM})|from (${NUM}) to (${NUM}))${unit}`,
    (m) => {
      const field = target(m.text(1), m.text(2) !== '' || m.text(3) !== '');
      const a = parseNumber(m.text(4) || m.text(6));
      const b = parseNumber(m.text(5) || m.text(7));
      if (!field || a === null || b === null) return false;
      addFilter(draft, field, '>=', scaled(Math.min(a, b), m));
      addFilter(draft, field, '<=', scaled(Math.max(a, b), m));
      bounds(m);
      return true;
    },
  );
  // "users aged 25 to 30", "amount 100 to 200": a bare range needs the field (or "aged") before it.
  q.scan(`(?:${numeric} |(aged |age ))${verbs}(${NUM}) to (${NUM})${unit}`, (m) => {
    const field = target(m.text(1), m.text(2) !== '');
    const a = parseNumber(m.text(3));
    const b = parseNumber(m.text(4));
    if (!field || a === null || b === null) return false;
    addFilter(draft, field, '>=', Math.min(a, b));
    addFilter(draft, field, '<=', Math.max(a, b));
    return true;
  });
  q.scan(
    // "users 30 years old or younger": the unit may come before the "or".
    `(?:${numeric} )?${verbs}(aged |age )?(${NUM})${unit}(?: (?:or|and) (more|over|above|greater|higher|up|older|less|fewer|under|below|lower|younger)|\\+)${unit}`,
    (m) => {
      // "users 60 and older": older and younger speak of age.
      const field = target(m.text(1), m.text(2) !== '' || /older|younger/.test(m.text(4)));
      const n = parseNumber(m.text(3));
      if (!field || n === null) return false;
      addFilter(
        draft,
        field,
        /less|fewer|under|below|lower|younger/.test(m.text(4)) ? '<=' : '>=',
        scaled(n, m),
      );
      return true;
    },
  );
  // "users who are 25 years old", "how many users are 25": an age stated as a fact.
  q.scan(
    `(?:is|are|was|were) (${NUM})(?: (?:years?|yrs?) old|(?! (?:or|and|to|years?|yrs?|%|percent)(?: |$)))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (!age || n === null) return false;
      addFilter(draft, age, '=', n);
      return true;
    },
  );
  // "30 year olds", "a 45 year old user": an age said as what someone is.
  q.scan(`(${NUM}) (?:years?|yrs?) olds?(?! (?:or|and)(?: |$))`, (m) => {
    const n = parseNumber(m.text(1));
    if (!age || n === null) return false;
    addFilter(draft, age, '=', n);
    return true;
  });
  q.scan(`(aged|age|${numeric}) (?:is |of |= )?(${NUM})${unit}`, (m) => {
    const field = m.text(2) ? resolveField(v, m.text(2)) : age;
    const n = parseNumber(m.text(3));
    if (!field || n === null) return false;
    addFilter(draft, field, '=', n);
    return true;
  });
  // "slow responses over 1s": slow or fast only says which way a bound on a duration goes.
  if (draft.filters.length > before && v.values.has('ms')) q.scan('slow|fast|quick', () => true);
}

/** "emails ending in acme.io", "hosts starting with web": a named field and the start or end of its value. */
function readAffixes({ q, v, draft }: Grounding): void {
  const field = `(${fieldPattern(v, ['category', 'text', 'other'])})`;
  const link = '(?:(?:that|which|whose|where|with|having|has|have|is|are|an?|the|its|their) )*';
  const start = 'starts?|starting|begins?|beginning';
  const end = 'ends?|ending|finish(?:es)?|finishing';
  q.scan(`${field} ${link}(?:(${start})|${end}) (?:with|in|on|by) (${ANY_WORD})`, (m) => {
    const named = resolveField(v, m.text(1));
    const token = m.group(3)[0];
    if (!named || !token) return false;
    addFilter(draft, named, m.text(2) ? 'startswith' : 'endswith', token.raw);
    return true;
  });
  // "users with acme.io emails", "acme.io users": a domain that learned addresses end with.
  q.scan(`(?:(?:at|from|on|in|with|@) )?(${DOMAIN})(?= ?(${ANY_WORD})?)`, (m) => {
    const domain = m.text(1).replace(/^@/, '');
    if (v.values.has(normalize(domain))) return false;
    const fields = [...v.kinds.keys()].filter((f) => {
      const values = Object.keys(fieldStats(v.store.fields, f)?.values ?? {});
      return values.some((value) => value.toLowerCase().endsWith(`@${domain}`));
    });
    if (fields.length === 0) return false;
    const next = resolveField(v, m.text(2));
    const field = next && fields.includes(next) ? next : fields[0]!;
    if (next === field) q.consume(m.end, m.end + 1);
    addFilter(draft, field, 'endswith', domain);
    return true;
  });
}

/** A mail domain as people write it: "acme.io", "@example.com". */
const DOMAIN = '@?[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}';

/** "the oldest user's age", "youngest age among users": an extreme of the age field, not a record. */
function readAgeExtremes({ q, v, draft }: Grounding): void {
  const age = ageField(v);
  if (!age) return;
  // "how old is the oldest user", "what is the age of the youngest user".
  q.scan(
    `(?:how old (?:is|are|was|were)|(?:what is |what's )?(?:the )?age of) (?:the |our |your |their )?(oldest|youngest)(?: (?:${storeWords(v)}))?`,
    (m) => {
      draft.aggregate = { fn: m.text(1) === 'oldest' ? 'max' : 'min', field: age };
      return true;
    },
  );
  // "how old is nina": the age of the records asked for, which are shown whole.
  q.scan('how old (?:is|are|was|were)(?= )', (m) => {
    const next = q.tokens[m.end];
    return !!next && !next.quoted && !/^(the|a|an|our|your|their|my)$/.test(next.text);
  });
  q.scan(
    // "the oldest user's age": the possessive is its own word once the apostrophe is gone.
    `(?:the )?(oldest|youngest)(?: (?:${storeWords(v)}))?(?:'s| s)? (${fieldPattern(v, ['number'])})`,
    (m) => {
      if (resolveField(v, m.text(2)) !== age) return false;
      draft.aggregate = { fn: m.text(1) === 'oldest' ? 'max' : 'min', field: age };
      return true;
    },
  );
}

/** "the amount of the biggest order", "the value of the lowest cpu reading": the measure of the top record is its extreme. */
function readExtremeValues({ q, v, draft }: Grounding): void {
  const superlative =
    '(largest|biggest|highest|greatest|most expensive|priciest|smallest|lowest|cheapest|least expensive)';
  q.scan(`(?:the )?(${fieldPattern(v, ['number'])}) of (?:the )?${superlative}${AHEAD}`, (m) => {
    const f = resolveField(v, m.text(1));
    const words = [m.text(3), m.text(4), m.text(5)];
    const at = nounAt(v, words);
    if (!f || f !== v.measure || draft.aggregate || at < 0 || !isStoreWord(v, words[at]!)) return false;
    draft.aggregate = { fn: /smallest|lowest|cheapest|least/.test(m.text(2)) ? 'min' : 'max', field: f };
    return true;
  });
  // "the cheapest paid order's price", "the most expensive order's amount": the measure of the top
  // record, named after a possessive, is its extreme; learned values between are left to be read.
  q.scan(
    `(?:the )?${superlative} (?:${ANY_WORD} ){0,2}?(${storeWords(v)}) s (${fieldPattern(v, ['number'])})`,
    (m) => {
      const f = resolveField(v, m.text(3));
      const head = m.start + (q.tokens[m.start]?.text === 'the' ? 1 : 0) + m.text(1).split(' ').length;
      const tail = m.end - m.group(3).length - 1 - m.group(2).length;
      const between = q.tokens.slice(head, tail);
      if (!f || f !== v.measure || draft.aggregate || between.some((t) => !isValueWord(v, t.text)))
        return false;
      draft.aggregate = { fn: /smallest|lowest|cheapest|least/.test(m.text(1)) ? 'min' : 'max', field: f };
      q.consume(m.start, head);
      q.consume(tail, m.end);
      return false;
    },
  );
}

/** Nouns for records of any store, shared by RECORD_NOUN and RECORD_WORDS. */
const RECORD_NOUNS = 'entries|entry|records?|rows?|readings?|samples?';

/** Nouns for one record or several, of any store: "the largest revenue entry", "the 3 lowest cpu samples". */
const RECORD_NOUN = new RegExp(`^(?:${RECORD_NOUNS}|measurements?|datapoints?)$`);

/** Words that name the records of a store as such: "revenue readings", "revenue recorded since Monday". */
const RECORD_WORDS = new RegExp(
  `^(?:${RECORD_NOUNS}|items?|results?|data|points?|values|recorded|measured|captured|collected|logged|reported|sampled)$`,
);

/**
 * Whether the question asks for records one by one rather than a quantity of them: it names them
 * ("revenue readings"), ranks or sorts them, takes a few, or bounds the measure of each.
 */
function asksForRecords({ q, v, draft }: Grounding, except: number): boolean {
  if (draft.sort.length || draft.limit !== null || draft.rank || draft.direction || draft.text) return true;
  if (draft.bounded.size || draft.filters.some((f) => f.field === v.measure)) return true;
  return q.tokens.some(
    (t, i) =>
      i !== except &&
      !t.quoted &&
      (RECORD_WORDS.test(t.text) ||
        (isStoreWord(v, t.text) && (!isValueWord(v, t.text) || v.names.has(singular(t.text))))),
  );
}

/** "revenue and cpu usage": whether another value of the field of the value at `at` is named too. */
function namesOtherValues({ q, v }: Grounding, at: number): boolean {
  const entries = (word: string) => v.values.get(normalize(word)) ?? v.stems.get(stem(normalize(word))) ?? [];
  const fields = new Set(entries(q.tokens[at]?.text ?? '').map((e) => e.field));
  return q.tokens.some(
    (t, i) =>
      i !== at && !t.quoted && !STOP_WORDS.has(t.text) && entries(t.text).some((e) => fields.has(e.field)),
  );
}

function readAggregate(g: Grounding): void {
  const { q, v, draft } = g;
  const numeric = `(${fieldPattern(v, ['number'])})`;
  // "how much revenue did we make", "how much was refunded": the total of the store's measure
  // (or its average, for a rate or a level: "how much cpu is used").
  q.scan(`how much(?= (\\S+)|$)`, (m) => {
    // "how much users we have", "how much errors today": said of records by the store's own name, of
    // people or of a learned value in the plural, it asks how many; "how much sales" is money taken.
    // "users on free plan how much": at the end, it asks about the records named before it, unless
    // they measure something that adds up ("paid orders today how much" may ask for the money).
    const counted = (w: string) =>
      (/s$/.test(w) || w === 'people') && (v.names.has(singular(w)) || PEOPLE.test(w) || isValueWord(v, w));
    const additive = v.measure !== null && ADDITIVE.test(v.measure);
    const before = m.text(1) === '' && !additive ? q.tokens.slice(0, m.start) : [];
    if (counted(m.text(1)) || before.some((t) => !t.quoted && counted(t.text))) {
      draft.count = true;
      return true;
    }
    if (draft.aggregate || !v.measure) return false;
    const fn = implicitAggregate(q);
    draft.aggregate = { fn: fn ?? 'sum', field: v.measure };
    draft.implied = fn === null;
    return true;
  });
  for (const [words, fn] of AGGREGATES) {
    q.scan(
      `(?:the )?(?:${words})(?: (?:of|for|in))?(?: the| all)?(?: (${storeWords(v)}))?(?: ${numeric})?(?=(?: (${ANY_WORD}))?)`,
      (m) => {
        if (draft.aggregate) return false;
        const named = m.text(2) ? resolveField(v, m.text(2)) : null;
        // "total orders" counts them, but "total sales" sums what they measure.
        const storeWord = m.text(1) || (m.text(3) !== '' && isStoreWord(v, m.text(3)) ? m.text(3) : '');
        // "total order value", "average order size": the store's measure, named by a word for it.
        // "total order sales": a word for money taken in, where it is no learned value, is one too.
        const measured =
          m.text(1) !== '' &&
          !named &&
          (MEASURE_WORDS.test(m.text(3)) || (ADDITIVE.test(m.text(3)) && !isValueWord(v, m.text(3))));
        if (measured) q.consume(m.end, m.end + 1);
        // "sum of orders above 750": a sum (unlike a total) of records is the sum of what they measure;
        // so is "the total of orders over 600", where "of" makes the total a quantity of them, not a
        // count ("total orders").
        const head = q.tokens[m.start]?.text === 'the' ? m.start + 1 : m.start;
        const summed =
          /^(sum|add)$/.test(q.tokens[head]?.text ?? '') ||
          (/^totals?$/.test(q.tokens[head]?.text ?? '') && q.tokens[head + 1]?.text === 'of');
        const ofStore =
          storeWord !== '' &&
          !ADDITIVE.test(storeWord) &&
          !measured &&
          !(summed && v.measure && v.measure !== ageField(v));
        // "how many users in total": a total after a count names nothing new; "the total of free
        // users" is how many, as nobody adds up ages unless they say so.
        const ageOnly = v.measure !== null && v.measure === ageField(v) && !measured;
        if (!named && fn === 'sum' && (ofStore || !v.measure || draft.count || ageOnly)) {
          draft.count = true;
          // "total errors this week": a store word that is a learned value stays to be read as one.
          const counted = m.group(1)[0];
          if (!counted || !isValueWord(v, counted.text) || m.text(2)) return true;
          q.consume(m.start, q.tokens.indexOf(counted));
          return false;
        }
        const field = named ?? v.measure;
        if (!field) return false;
        draft.aggregate = { fn, field };
        if (!named && !storeWord) draft.unnamedMeasure = m.end;
        return true;
      },
    );
  }
  // "how much was spent in USD": a word that names the measured field again is explained by it.
  q.scan(numeric, (m) => {
    const f = resolveField(v, m.text(1));
    return f !== null && draft.aggregate?.field === f;
  });
  // "refund amount", "amount paid in EUR": the measure named once, beside a learned value, is how much
  // the records holding the value add up to, unless they are asked for one by one.
  q.scan(numeric, (m) => {
    const word = m.text(1);
    if (resolveField(v, word) !== v.measure || !ADDITIVE.test(word) || /s$/.test(word)) return false;
    const beside = [q.tokens[m.start - 1], q.tokens[m.end]].some(
      (t) => t && !t.quoted && isValueWord(v, t.text) && !STOP_WORDS.has(t.text) && !isStoreWord(v, t.text),
    );
    if (!beside || draft.aggregate || draft.count || asksForRecords(g, m.start)) return false;
    draft.aggregate = { fn: 'sum', field: v.measure };
    return true;
  });
  // "revenue from paid orders": a word for money taken in, where it is no learned value, is the
  // store's measure, and its total unless another aggregate was asked for ("average revenue").
  q.scan('(?:the )?(revenue|revenues|income|earnings|turnover|takings)', (m) => {
    if (!v.measure || v.measure === ageField(v)) return false;
    // "revenue this month", "month-to-date revenue": where revenue is a learned value (a metric), the
    // money asked about is its total, unless the records are named ("revenue readings"), ranked,
    // bounded one by one ("revenue above 4000"), excluded ("metrics other than revenue") or listed
    // beside other values of the field ("revenue and cpu usage").
    if (isValueWord(v, m.text(1))) {
      if (
        !draft.aggregate &&
        !draft.count &&
        !asksForRecords(g, m.start) &&
        negated(q, m.start) === null &&
        !namesOtherValues(g, m.start)
      )
        draft.aggregate = { fn: 'sum', field: v.measure };
      return false;
    }
    if (draft.aggregate && draft.aggregate.field !== v.measure) return false;
    draft.aggregate ??= { fn: 'sum', field: v.measure };
    return true;
  });
}

const TEXT_TRIGGERS =
  'containing|contains|contain|mentioning|mentions|mentioned|mention|about|regarding|matching|match|including|includes|saying|says|with the (?:word|words|text|phrase)|with text|that say';

/** Triggers after which the next word is searched for as written, even when it is a learned value. */
const LITERAL_TRIGGERS =
  /^(containing|contains|contain|mentioning|mentions|mentioned|mention|saying|says|with the words?|with text|that say)$/;

function readTextSearch({ q, v, draft }: Grounding): void {
  const stops = new Set([...STOP_WORDS].filter((w) => w !== 'up'));
  /** The words searched for; after "containing" or "mentioning" even a learned value is text. */
  const takeWords = (start: number, literal = false): [string, number] => {
    const first = q.tokens[start];
    if (!first || q.isUsed(start)) return ['', start];
    if (first.quoted) return [first.raw, start + 1];
    let end = start;
    const words: string[] = [];
    while (end < q.tokens.length && words.length < 4) {
      const t = q.tokens[end]!;
      // "logs whose message mentions exception": after such a trigger a store word found in learned text is text.
      const found = literal && words.length === 0 && v.textValues.some((text) => containsWords(text, t.text));
      // "about the deploy to staging": a small word goes on with the text where learned text does.
      const next = q.tokens[end + 1];
      const on =
        words.length > 0 && stops.has(t.text) && next && !next.quoted && !q.isUsed(end + 1)
          ? [...words, t.raw, next.raw].join(' ').toLowerCase()
          : '';
      if (on && !q.isUsed(end) && !t.quoted && v.textValues.some((text) => containsWords(text, on))) {
        words.push(t.raw);
        end++;
        continue;
      }
      if (q.isUsed(end) || t.quoted || stops.has(t.text) || (isStoreWord(v, t.text) && !found)) break;
      // "containing invoice sent this week": a verb of recording ends the words unless the text goes on with it.
      const phrase = [...words, t.raw].join(' ').toLowerCase();
      if (
        words.length > 0 &&
        FILLER_WORDS.has(t.text) &&
        !v.textValues.some((text) => containsWords(text, phrase))
      )
        break;
      // "saying connection refused by db-1": a learned value may go on with the text where learned text does.
      const value =
        v.values.has(normalize(t.text)) &&
        !(words.length > 0 && v.textValues.some((text) => containsWords(text, phrase)));
      if ((value && !(literal && words.length === 0)) || (words.length > 0 && resolveField(v, t.text))) break;
      words.push(t.raw);
      end++;
    }
    // A small word taken on the way ends no text.
    while (words.length > 1 && stops.has(words[words.length - 1]!.toLowerCase())) {
      words.pop();
      end--;
    }
    return [words.join(' '), end];
  };
  /**
   * "messages containing the token xyz123": a field and a value it learned after the trigger are a
   * condition on the field, not text.
   */
  const namesValue = (i: number): boolean => {
    const t = q.tokens[i];
    const f = t && !t.quoted ? resolveField(v, t.text) : null;
    const next = q.tokens[i + 1];
    if (!f || !next || v.kinds.get(f) === 'text') return false;
    return (v.values.get(normalize(next.text)) ?? []).some((e) => e.field === f);
  };
  // "logs with timeout in the message": a word looked for in a named text field.
  if (v.textFields.length) {
    q.scan(`with (${ANY_WORD}) in (?:the |their |its )?(?:${fieldPattern(v, ['text'])})`, (m) => {
      const token = m.group(1)[0];
      if (draft.text || !token || (!token.quoted && stops.has(token.text))) return false;
      draft.text = token.raw;
      return true;
    });
  }
  // "messages that don't mention deploy": records without a text cannot be asked for.
  q.scan(`(?:not|never) (?:${TEXT_TRIGGERS})|without (?:the )?(?:word|words|phrase|term|text)`, () => {
    draft.unsupported = 'Searching for records that do not contain a text is not supported';
    return true;
  });
  q.scan(
    // "with text containing review": a trigger may follow another.
    `(?:(?:search|grep)(?: for)?|(${TEXT_TRIGGERS}))(?: (?:containing|contains|mentioning|mentions|including|includes|matching|saying|says))?(?: the)?(?: (?:word|words|phrase|term|text))?(?= (${ANY_WORD}))`,
    (m) => {
      if (draft.text || namesValue(m.end)) return false;
      const [text, end] = takeWords(m.end, LITERAL_TRIGGERS.test(m.text(1)));
      if (!text) return false;
      // "about invoices" finds "invoice" and "invoices": one plain word is searched for as a singular.
      draft.text = q.tokens[m.end]?.quoted ? text : end - m.end > 1 ? singularLast(v, text) : singular(text);
      q.consume(m.end, end);
      return true;
    },
  );
  // "grep logs for timeout": the shell's word for searching text is searching.
  q.scan('(?:search|grep)(?: in| through)?', () => {
    draft.search = true;
    return true;
  });
  q.scan(`for(?= (${ANY_WORD}))`, (m) => {
    if (!draft.search || draft.text) return false;
    const [text, end] = takeWords(m.end);
    if (!text) return false;
    draft.text = text;
    q.consume(m.end, end);
    return true;
  });
}

/**
 * "about payment provider timeouts": a phrase whose last word is a plural is searched for with that
 * word singular when only the singular phrase occurs in the learned text (at the start of a word).
 */
function singularLast(v: StoreVocabulary, text: string): string {
  const at = text.lastIndexOf(' ');
  const one = `${text.slice(0, at)} ${singular(text.slice(at + 1))}`;
  if (one === text) return text;
  // "about config reloads" finds "config reloaded": the phrase may end inside a longer word.
  const seen = (phrase: string) => {
    const start = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(phrase.toLowerCase())}`, 'u');
    return v.textValues.some((t) => start.test(t));
  };
  return !seen(text) && seen(one) ? one : text;
}

/** The field a learned value belongs to, preferring a field the question names next to it. */
function pickField(g: Grounding, candidates: ValueEntry[], start: number, end: number): ValueEntry {
  const { q, v } = g;
  const fieldNear = (i: number): string | null => {
    const t = q.tokens[i];
    if (!t || q.isUsed(i)) return null;
    const f = resolveField(v, t.text);
    return f && candidates.some((c) => c.field === f) ? f : null;
  };
  const link = (i: number) => /^(is|=|:|of|equals|equal)$/.test(q.tokens[i]?.text ?? '');
  const around: [number, number, number][] = [
    [end, end, end + 1],
    [start - 1, start - 1, start],
  ];
  if (link(start - 1)) around.push([start - 2, start - 2, start]);
  for (const [at, from, to] of around) {
    const f = fieldNear(at);
    if (f) {
      q.consume(from, to);
      if (at === start - 2) q.consume(start - 1, start);
      return candidates.find((c) => c.field === f)!;
    }
  }
  let prep = q.tokens[start - 1]?.text ?? '';
  if (prep === 'the') prep = q.tokens[start - 2]?.text ?? '';
  const hint = PREPOSITION_HINTS[prep];
  const hinted = hint ? candidates.filter((c) => hint.test(c.field)) : [];
  const pool = hinted.length ? hinted : candidates;
  return [...pool].sort((a, b) => b.occurrences - a.occurrences)[0]!;
}

/** Verbs of where a record belongs, which may stand between a negation and its value. */
const BELONGING =
  /^(live|lives|reside|resides|work|works|belong|belongs|sit|sits|come|comes|operate|operates)$/;

/** Whether the "but" at `i` leaves out what follows ("all but", "anyone but", "but the ... ones"). */
function butLeavesOut(q: Question, i: number): boolean {
  const before = q.tokens[i - 1]?.text ?? '';
  const after = q.tokens[i + 1]?.text ?? '';
  return (
    i === 0 ||
    /^(?:all|any|anyone|anybody|anything|anywhere|every|everyone|everybody|everything|everywhere|nothing|none|nobody|no|someone|somebody|something|last)$/.test(
      before,
    ) ||
    /^(?:the|those|these|for|not)$/.test(after)
  );
}

function negated(q: Question, start: number): number | null {
  // "not in Europe", "except those in Europe", "other than the ones on web-1".
  for (let i = start - 1; i >= Math.max(0, start - 5); i--) {
    const t = q.tokens[i];
    if (!t || q.isUsed(i)) return null;
    // "isn't there a pending order …" asks whether there is one.
    if (t.text === 'not' && q.tokens[i + 1]?.text === 'there') return null;
    // "premium users in North America but inactive": "but" before a value is a second condition;
    // it leaves the value out after a word for everything ("all but", "anyone but") or before "the
    // ... ones" ("users but the inactive ones").
    if (t.text === 'but' && !butLeavesOut(q, i)) return null;
    // "errors but no warnings", "paid orders and no refunds": "no" after a joining word leaves out.
    if (t.text === 'no' && /^(?:but|and|yet)$/.test(q.tokens[i - 1]?.text ?? '')) return i;
    if (NEGATIONS.has(t.text) || (t.text === 'other' && q.tokens[i + 1]?.text === 'than')) return i;
    // "messages not sent by alice": a verb of recording may stand between; "users who don't live in
    // Europe", "who do not work in sales": so may one of belonging.
    if (BELONGING.test(t.text)) continue;
    if (
      // "orders that haven't been paid yet": auxiliaries too.
      !/^(in|on|at|from|the|a|an|is|are|to|by|for|with|of|those|ones|any|that|than|who|which|been|be|being|have|has|had|was|were|do|does|did|yet)$/.test(
        t.text,
      ) &&
      !FILLER_WORDS.has(t.text)
    )
      return null;
  }
  return null;
}

/** "engineering excluded", "debug aside": the word after a value that leaves it out, or null. */
function excludedAfter(q: Question, end: number): number | null {
  const t = q.tokens[end];
  if (!t || t.quoted || q.isUsed(end)) return null;
  return /^(excluded|omitted|aside)$/.test(t.text) ? end : null;
}

function ground(
  g: Grounding,
  start: number,
  end: number,
  entry: { field: string; value: JsonScalar },
  prefixed = false,
  // Found before `pickField` consumed a field name in between ("not from john", `from` a field).
  neg = negated(g.q, start),
): void {
  if (neg !== null) g.q.consume(neg, neg + 1);
  // "users by team, engineering excluded": a word after the value may leave it out too.
  const after = neg === null && !prefixed ? excludedAfter(g.q, end) : null;
  if (after !== null) g.q.consume(after, after + 1);
  // "logs except debug and info", "not paid or refunded": a value joined to an excluded one of the same field.
  const joined =
    neg === null &&
    !prefixed &&
    g.excluded?.end === start - 1 &&
    g.excluded.field === entry.field &&
    /^(and|or|nor)$/.test(g.q.tokens[start - 1]?.text ?? '');
  if (joined) g.q.consume(start - 1, start);
  g.q.consume(start, end);
  const op = (neg !== null || joined || after !== null) !== prefixed ? '!=' : '=';
  g.excluded = op === '!=' ? { end, field: entry.field } : undefined;
  addFilter(g.draft, entry.field, op, entry.value);
}

function readValues(g: Grounding): void {
  const { q, v } = g;
  const tokens = q.tokens;
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
      if (q.isUsed(i) || [...Array(n).keys()].some((k) => q.isUsed(i + k))) continue;
      const words = tokens.slice(i, i + n);
      const first = words[0]!;
      const last = words[n - 1]!;
      const stop = (k: number) => STOP_WORDS.has(tokens[k]!.text) && !q.mayBeValue(k);
      if (!first.quoted && (stop(i) || stop(i + n - 1))) continue;
      const key = normalize(words.map((w) => w.text).join(' '));
      // One word by its stem ("errors" → error); several by the stem of the last ("response times").
      const lastStemmed =
        n > 1 && !last.quoted ? normalize(`${key.slice(0, key.lastIndexOf(' '))} ${stem(last.text)}`) : '';
      const stemmed =
        n === 1 && !first.quoted
          ? (v.stems.get(stem(key)) ?? v.stems.get(stem(stem(key))))
          : lastStemmed
            ? v.values.get(lastStemmed)
            : undefined;
      const exact = v.values.get(key) ?? stemmed;
      if (exact?.length) {
        const neg = negated(q, i);
        ground(g, i, i + n, pickField(g, exact, i, i + n), false, neg);
        break;
      }
      // "non-error logs": a learned value behind non- is excluded; so is a past participle behind
      // un- ("unpaid orders"), which must be the learned value exactly ("unit" is no "it").
      const non = n === 1 && !first.quoted ? /^non-(.+)$/.exec(first.text)?.[1] : undefined;
      const un =
        n === 1 && !first.quoted ? /^un-?([a-z]{2,}(?:ed|id|en|t))$/.exec(first.text)?.[1] : undefined;
      const excluded = non
        ? (v.values.get(normalize(non)) ?? v.stems.get(stem(normalize(non))))
        : un
          ? v.values.get(un)
          : undefined;
      if (excluded?.length) {
        ground(g, i, i + 1, pickField(g, excluded, i, i + 1), true);
        break;
      }
      if (n === 1 && (isEmail(first.raw) || ID_LIKE.test(first.raw))) {
        // "logs on web-3": a value shaped like those of one field only is that field's, held or not.
        const shaped = fieldsShaped(v, first.raw);
        const alike = shaped.length ? shaped : fieldsShaped(v, first.raw, true);
        const fields = alike.length === 1 || shaped.length ? alike : [];
        if (fields.length) {
          const entries = fields.map((field) => ({ field, value: first.raw, occurrences: 0 }));
          ground(g, i, i + 1, pickField(g, entries, i, i + 1));
          break;
        }
      }
    }
  }
}

/**
 * Whether every record holds its own value of `field` (the username of a user): a field that says
 * which record it is, not whom a record is by. Seen in the dictionary, where no value repeats.
 */
function identifiesRecords(v: StoreVocabulary, field: string): boolean {
  const counts = Object.values(fieldStats(v.store.fields, field)?.values ?? {});
  return counts.length >= 20 && counts.every((n) => n === 1);
}

/**
 * "count users by location", "orders per weekday": a word no rule explained right after a word that
 * groups names no field to group by, and the question is refused rather than answered ungrouped.
 */
const NOT_GROUPED = /^(cent|far|default|chance|hand|mistake|accident|way)$/;

function unknownGrouping(q: Question, v: StoreVocabulary, groupedBy: string | null): Token | null {
  const left = new Set(q.leftovers());
  const free = (i: number, word: RegExp) => i >= 0 && !q.isUsed(i) && word.test(q.tokens[i]!.text);
  for (let i = 1; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    // "orders by customers with acme.io addresses" describes who made them; "per cent", "by far" group nothing.
    if (!left.has(t) || t.quoted || PEOPLE.test(t.text) || NOT_GROUPED.test(t.text)) continue;
    // "by the X", "for each X", "per every X"; "by payment method": a word of the store may lead the field.
    let k = i - 1;
    // ("by log volume", "by signup date" rank or sort by what the records measure or when they were made).
    const measured =
      MEASURE_WORDS.test(t.text) || ADDITIVE.test(t.text) || /^(date|dates|time|count)$/.test(t.text);
    if (k > 0 && !measured && !q.tokens[k]!.quoted && isStoreWord(v, q.tokens[k]!.text)) k--;
    if (free(k, /^(the|each|every)$/)) k--;
    if (free(k, /^(per|by)$/) || (free(k, /^for$/) && free(k + 1, /^(each|every)$/))) return t;
    if (groupedBy && qualifiesGrouping(q, v, i, groupedBy)) return t;
  }
  return null;
}

/**
 * "logs by host location": a field word that would name a field ("location", "nationality") right
 * after the grouped field's word asks for something about that field no store holds; grouping by the
 * field alone would drop it.
 */
function qualifiesGrouping(q: Question, v: StoreVocabulary, i: number, groupedBy: string): boolean {
  const t = q.tokens[i]!;
  const field = q.tokens[i - 1];
  const by = q.tokens[i - 2]?.text ?? '';
  if (!field || field.quoted || !q.isUsed(i - 1) || !/^(by|per|each|every)$/.test(by)) return false;
  if (resolveField(v, field.text) !== groupedBy) return false;
  return isFieldWord(t.text) && resolveField(v, t.text) === null;
}

/**
 * "users younger than 20 or older than 60": bounds on one field that no number meets together, joined
 * by "or", ask for either range, which filters (all of which must hold) cannot say.
 */
function eitherOr(q: Question, filters: Filter[]): boolean {
  if (!q.tokens.some((t) => !t.quoted && t.text === 'or')) return false;
  return filters.some((low) => {
    const from = low.value;
    if ((low.op !== '>' && low.op !== '>=') || typeof from !== 'number') return false;
    return filters.some((high) => {
      const to = high.value;
      if (high.field !== low.field || (high.op !== '<' && high.op !== '<=') || typeof to !== 'number')
        return false;
      return to < from || (to === from && (high.op === '<' || low.op === '>'));
    });
  });
}

/** Words that describe which value of a field is meant without being one: "the same plan", "the whole team". */
const NOT_VALUES =
  /^(distinct|unique|different|same|whole|entire|current|default|other|another|given|specific|particular|right|wrong|main|primary|selected|chosen|usual|new|old|each|every|any|some|which|what|when|whenever|while|whether|if|why|their|its|his|her|my|our|your|own|single|top|bottom|largest|biggest|smallest|busiest|most|least)$/;

/** Words for any person at all, which name no value: "from anyone but john", "by someone". */
const ANYBODY = /^(anyone|anybody|everyone|everybody|someone|somebody|nobody|noone|whoever)$/;

/**
 * Whether `word` may name someone in `field`: always, unless the field learned every value it holds
 * (or only email addresses) and neither it nor any other store learned the word as a value (a
 * username): "messages by card" names no one.
 */
function knownPerson(v: StoreVocabulary, others: StoreVocabulary[], field: string, word: string): boolean {
  const stats = fieldStats(v.store.fields, field);
  const values = stats?.values ? Object.keys(stats.values) : [];
  if (values.length === 0 || (stats?.overflow && !values.every((value) => value.includes('@')))) return true;
  const key = normalize(word);
  if (
    values.some(
      (value) => value.toLowerCase().startsWith(`${key}.`) || value.toLowerCase().startsWith(`${key}@`),
    )
  )
    return true;
  return [v, ...others].some((o) => o.values.has(key));
}

/** Why a name no store knows is refused, with how the field does name people. */
function unknownPerson(v: StoreVocabulary, field: string, name: string): string {
  const values = Object.keys(fieldStats(v.store.fields, field)?.values ?? {});
  return values.every((x) => x.includes('@'))
    ? `No one called "${name}" is known: name the ${field} by email`
    : `No one called "${name}" is known: no ${v.store.domain} are ${field} "${name}"`;
}

/**
 * "orders placed by alice" where orders name their customer by email: a name is no email, and which
 * email is alice's is told by another store; matched as it stands it would find nothing. The refusal,
 * or null when the field holds other values or the word is an address.
 */
function nameForEmails(v: StoreVocabulary, field: string, word: string): string | null {
  if (word.includes('@')) return null;
  const values = Object.keys(fieldStats(v.store.fields, field)?.values ?? {});
  if (values.length === 0 || !values.every((x) => x.includes('@'))) return null;
  const key = normalize(word);
  const like = values.filter(
    (x) => x.toLowerCase().startsWith(`${key}.`) || x.toLowerCase().startsWith(`${key}@`),
  );
  const example = like.length ? ` (e.g. ${like.slice(0, 2).join(', ')})` : '';
  const domain = v.store.domain.charAt(0).toUpperCase() + v.store.domain.slice(1);
  return `${domain} name their ${field} by email, not by name: which email is "${word}"'s is recorded elsewhere, and a question reads one kind of record at a time; name the ${field} by email${example}`;
}

/**
 * "messages to alice", "messages for bob": a person read after "to" (or after "for" right after the
 * records) as the value of a field that says who the records are from or by would answer with what
 * they sent, where no field says whom the records were for. The refusal, or null.
 */
function toSender(q: Question, v: StoreVocabulary, draft: Draft): string | null {
  const person = personField(v);
  if (!person || PREPOSITION_HINTS.to!.test(person) || identifiesRecords(v, person)) return null;
  const filter = draft.filters.find((f) => f.field === person && f.op !== 'endswith');
  if (!filter) return null;
  const values = new Set(
    (Array.isArray(filter.value) ? filter.value : [filter.value]).map((x) => String(x).toLowerCase()),
  );
  for (let i = 0; i < q.tokens.length - 1; i++) {
    const word = q.tokens[i]!.text;
    if (q.tokens[i]!.quoted || !/^(to|for)$/.test(word)) continue;
    // "message count by channel for alice" is alice's; "messages for alice", right after the
    // records, is what was meant for her.
    if (
      word === 'for' &&
      (PREPOSITION_HINTS.for!.test(person) || !isStoreWord(v, q.tokens[i - 1]?.text ?? ''))
    )
      continue;
    const at = q.tokens[i + 1]!.text === 'the' ? i + 2 : i + 1;
    const t = q.tokens[at];
    if (!t || !values.has(t.text)) continue;
    const by = PREPOSITION_HINTS.from!.test(person) ? 'from' : 'by';
    return `No field of ${v.store.domain} says whom they were sent to: "${person}" is who they are ${by}; ask for ${v.store.domain} ${by} ${t.raw}`;
  }
  return null;
}

/** Whether `token` was read as a value of `field` ("peggy" of from = peggy). */
function readAs(draft: Draft, field: string, token: Token): boolean {
  return draft.filters.some(
    (f) => f.field === field && (Array.isArray(f.value) ? f.value : [f.value]).includes(token.raw),
  );
}

/** Whether another store learned `word` as a value of a field that does not name people. */
function foreignNonPerson(others: StoreVocabulary[], word: string): boolean {
  const key = normalize(word);
  return others.some((o) => (o.values.get(key) ?? []).some((e) => e.field !== personField(o)));
}

/** Why a value a field with a complete dictionary never held is refused, with the values it holds. */
function unheldValue(v: StoreVocabulary, field: string, word: string): string {
  const values = Object.keys(fieldStats(v.store.fields, field)?.values ?? {});
  const shown = values.slice(0, 8).join(', ');
  return `No ${v.store.domain} have ${field} "${word}": its values are ${shown}${values.length > 8 ? ', …' : ''}`;
}

/**
 * "users from spain or portugal", "orders in EUR or GBP": an unexplained word right after "or" or
 * "and" that follows a value read for a field whose dictionary is complete, where no store learned
 * the word at all: the message names the field's values.
 */
function unheldAlternative(
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
  vocabularies: StoreVocabulary[],
): string | null {
  for (let i = 2; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    const joiner = q.tokens[i - 1]!;
    const before = q.tokens[i - 2]!;
    if (q.isUsed(i) || t.quoted || !/^[a-z][a-z0-9_-]*$/.test(t.text) || !/^(?:or|and)$/.test(joiner.text))
      continue;
    if (!q.isUsed(i - 2) || STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text)) continue;
    if (vocabularies.some((o) => isStoreWord(o, t.text) || isValueWord(o, t.text) || resolveField(o, t.text)))
      continue;
    if (isFieldWord(t.text) || parseNumber(t.text) !== null) continue;
    const filter = draft.filters.find(
      (f) => f.op === '=' && typeof f.value === 'string' && f.value.toLowerCase() === before.text,
    );
    if (!filter || mayHoldUnseen(v, filter.field, t.text)) continue;
    return unheldValue(v, filter.field, t.raw);
  }
  return null;
}

/** Currency signs, and codes or words for a currency, as the code a field would hold. */
const CURRENCY_SIGNS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const CURRENCY_WORDS =
  /^(?:(usd|eur|gbp|jpy|chf|cad|aud|cny|inr|sek|nok|dkk|pln|brl|mxn)|(dollars?|bucks?)|(euros?)|(pounds?|sterling|quid)|(yen))$/;

/**
 * "orders over £50", "revenue above 50 gbp": an amount said in a currency, where the records hold
 * currencies (a field whose values are currency codes) and never this one. Read as the amount alone
 * (as "$" is where USD is held), the currency would be silently dropped; the message names the
 * currencies held. Where no field holds currencies, the sign is the amount's alone.
 */
function unheldCurrency(
  q: Question,
  v: StoreVocabulary,
): { message: string; said: string; amount: string } | null {
  const codes = /^[A-Z]{3}$/;
  let field: string | null = null;
  let held: string[] = [];
  for (const [name, kind] of v.kinds) {
    if (kind !== 'category') continue;
    const stats = fieldStats(v.store.fields, name);
    if (!stats?.values || stats.overflow) continue;
    const values = Object.keys(stats.values);
    if (values.length && values.every((x) => codes.test(x)) && values.some((x) => CURRENCY_CODES.has(x))) {
      field = name;
      held = values;
      break;
    }
  }
  if (!field) return null;
  const toCode = (word: string): string | null => {
    const m = CURRENCY_WORDS.exec(word);
    if (!m) return null;
    return m[1] ? m[1].toUpperCase() : m[2] ? 'USD' : m[3] ? 'EUR' : m[4] ? 'GBP' : 'JPY';
  };
  for (let i = 0; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    if (t.quoted) continue;
    const sign = CURRENCY_SIGNS[t.text[0] ?? ''];
    const digits = /^[$€£¥]?(\d[\d,.]*k?)$/.exec(t.text)?.[1];
    let code: string | null = null;
    let said = t.raw;
    // "orders over £50" → "orders over 50"; a bare "50 gbp orders" is offered no such rewording.
    const compared = /^(?:over|above|under|below|than|least|most|exceeding|worth|from|to|and)$/.test(
      q.tokens[i - 1]?.text ?? '',
    );
    let amount = compared ? (digits ?? '') : '';
    // "£ orders": a sign said alone is the currency, with no amount to keep.
    if (sign && (digits || t.text.length === 1)) code = sign;
    else if (parseNumber(t.text) !== null && /\d/.test(t.text)) {
      // "50 gbp", "50 pounds": the word after the amount.
      const next = q.tokens[i + 1];
      const word = next && !next.quoted ? toCode(next.text) : null;
      if (word) {
        code = word;
        said = `${t.raw} ${next!.raw}`;
        amount = compared ? t.raw : '';
      }
    }
    if (code && !held.some((h) => h.toUpperCase() === code)) {
      return {
        message: `No ${v.store.domain} are in ${code}: the currencies held (${field}) are ${held.join(', ')}; ask for the amount alone or name one of them`,
        said,
        amount,
      };
    }
  }
  return null;
}

/** Codes of the common currencies, by which a field of three-letter codes is known to hold currencies. */
const CURRENCY_CODES = new Set([
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'CNY',
  'INR',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'BRL',
  'MXN',
]);

/** Whether `field` may hold `text` although its dictionary does not show it. */
function mayHoldUnseen(v: StoreVocabulary, field: string, text: string): boolean {
  if (v.kinds.get(field) !== 'category') return true;
  const stats = fieldStats(v.store.fields, field);
  if (!stats?.values || stats.overflow) return true;
  const wanted = text.toLowerCase();
  return Object.keys(stats.values).some((value) => value.toLowerCase() === wanted);
}

/** "token xyz123", "status is paid", "name 'Ada'": a named field followed by a value the dictionary lacks. */
function readNamedValues({ q, v, draft, others }: Grounding): void {
  q.scan(
    `(${fieldPattern(v, ['category', 'number', 'boolean', 'other'])}) (is |= |: |equals |of |named |called )?(${ANY_WORD})`,
    (m) => {
      const field = resolveField(v, m.text(1));
      const token = m.group(3)[0];
      if (!field || !token || (!token.quoted && (STOP_WORDS.has(token.text) || isStoreWord(v, token.text))))
        return false;
      const prepositional = PREPOSITION_HINTS[normalize(m.text(1))] !== undefined;
      // "messages from Japan": after a field named like a preposition, a place or a service another
      // store learned is no value of this one; left unexplained, it is refused (`foreignValue`).
      if (prepositional && !token.quoted && m.text(2) === '' && foreignNonPerson(others, token.text))
        return false;
      // "messages from anyone but john": a word for anybody is no value.
      if (!token.quoted && ANYBODY.test(token.text)) return false;
      if (!token.quoted && /^[<>!=]+$/.test(token.text)) return false;
      if (v.kinds.get(field) === 'number' && parseNumber(token.text) === null) return false;
      // "services logged errors": a bare word after a field whose dictionary is complete and lacks it
      // is not a value; "status is foo" or a quoted value still is.
      // A field named like a preposition ("from", "to") is always followed by its value: "messages
      // from priya" asks for priya's messages even when there are none yet.
      if (!token.quoted && m.text(2) === '' && !prepositional && !mayHoldUnseen(v, field, token.text))
        return false;
      // "messages from user": a person named by no name is no one in particular.
      if (prepositional && !token.quoted && PERSON.test(token.text)) {
        if (q.tokens[q.tokens.indexOf(token) + 1] || /s$|people/.test(token.text)) return false;
        draft.unsupported ??= `Say whose: "${m.text(1)} ${token.text} <name>"`;
        return true;
      }
      // "messages from premium members": a word describing the people named next is no name.
      if (prepositional && !token.quoted && PERSON.test(q.tokens[q.tokens.indexOf(token) + 1]?.text ?? ''))
        return false;
      // "messages by card": after "by" (which also groups), a word no store learned as anyone's name,
      // where the field learned all it holds, names no one. After "from" it is a name all the same:
      // "messages from zoe" asks for zoe's messages, and none is an answer.
      if (
        !token.quoted &&
        m.text(2) === '' &&
        normalize(m.text(1)) === 'by' &&
        field === personField(v) &&
        !knownPerson(v, others, field, token.text)
      ) {
        draft.unsupported ??= unknownPerson(v, field, token.raw);
        return true;
      }
      addFilter(draft, field, '=', typedValue(v, field, token));
      return true;
    },
  );
  // "users on the enterprise plan", "logs from the payments service": an unknown word between an
  // article and a category field is a value of that field the data does not hold (yet), named as
  // plainly as "plan is enterprise"; read as one, it matches nothing rather than being dropped.
  q.scan(`(?:the|a|an) (${ANY_WORD}) (${fieldPattern(v, ['category'])})(?= |$)`, (m) => {
    const token = m.group(1)[0];
    const field = resolveField(v, m.text(2));
    if (!token || token.quoted || !field || v.kinds.get(field) !== 'category') return false;
    // "users with a verified email": a field that tells records apart holds no value named by one word.
    if (isIdentifierField(v, field)) return false;
    const w = token.text;
    if (!/^[a-z][a-z0-9_-]*$/.test(w) || STOP_WORDS.has(w) || FILLER_WORDS.has(w) || NOT_VALUES.test(w))
      return false;
    // "the laziest host": a superlative says how to rank, and names no value.
    if (SUPERLATIVE.test(w) || /[^e]iest$/.test(w)) return false;
    if (
      isStoreWord(v, w) ||
      isValueWord(v, w) ||
      resolveField(v, w) ||
      isFieldWord(w) ||
      parseNumber(w) !== null
    )
      return false;
    // "error logs for the mobile app": where the field learned every value it holds, one it never
    // held would match nothing; the question is refused, naming the values it does hold.
    // (A slip of a learned value is refused first with "did you mean", by `misspelledFilter`.)
    if (!mayHoldUnseen(v, field, w)) draft.unheld ??= unheldValue(v, field, token.raw);
    addFilter(draft, field, '=', token.raw);
    return true;
  });
  // "messages from anyone but john": by anybody at all is no condition.
  q.scan(`(?:from|by) (${ANY_WORD})`, (m) => ANYBODY.test(m.text(1)));
  // "messages by judy", "orders from john", "what did mallory say": after "by" or "from", or between
  // "did"/"has" and a verb of writing or ordering, a word nothing else explains is who the records
  // are by, as a value of the store's person field (a grouping or a sort by a field was read
  // before), even with no records yet.
  const person = personField(v);
  // "messages from peggy or trent": a name joined to one read is someone too, even with no records yet.
  const joinedName = `(?<=\u0001 )(?:or|and) (${ANY_WORD})(?= |$)`;
  const byPerson = [
    `(?:sent |posted |written |placed |made )?(?:by|from) (${ANY_WORD})`,
    `(?:did|does|has|have) (${ANY_WORD}) (?:say|said|write|wrote|written|post|posted|send|sent|order|ordered|buy|bought|place|placed|make|made)(?= |$)`,
    // "trent's last 3 messages": a possessive before the store's noun, even with no records yet.
    `(${ANY_WORD}) s(?= )`,
    // "the last thing judy posted", "orders john placed": a name before a verb of writing or ordering.
    `(${ANY_WORD}) (?:has |had )?(?:said|wrote|written|posted|sent|placed|ordered|bought)(?= |$)`,
    joinedName,
  ];
  for (const pattern of person ? byPerson : []) {
    const joined = pattern === joinedName;
    q.scan(pattern, (m) => {
      const token = m.group(1)[0];
      if (!token || token.quoted || !/^[a-z][a-z0-9._-]*$/.test(token.text)) return false;
      if (joined && !readAs(draft, person!, q.tokens[m.start - 1]!)) return false;
      // A possessive names whose records they are only before the store's noun.
      const possessive = q.tokens[m.start] === token && q.tokens[m.start + 1]?.text === 's';
      if (possessive && !q.tokens.slice(m.end, m.end + 4).some((t) => !t.quoted && isStoreWord(v, t.text)))
        return false;
      // "count users by location": records that are the people themselves are by no one; the word
      // is left, and an unknown grouping is refused (`unknownGrouping`).
      if (q.tokens[m.start]?.text === 'by' && identifiesRecords(v, person!)) return false;
      const w = token.text;
      if (STOP_WORDS.has(w) || FILLER_WORDS.has(w) || isStoreWord(v, w) || isValueWord(v, w)) return false;
      // "orders placed by premium users": another store's records are no one's name; left unexplained,
      // the question is refused as one combining the two stores (`foreignStore`).
      if (others.some((o) => isStoreWord(o, w))) return false;
      if (resolveField(v, w) || parseNumber(w) !== null || /^(ascending|descending|asc|desc)$/.test(w))
        return false;
      if (ANYBODY.test(w) || OPENERS.has(w)) return false;
      // "orders from Germany": a place, a team or a service that another store learned is no one's
      // name; left unexplained, the question is refused as one about that store (`foreignValue`).
      if (foreignNonPerson(others, w)) return false;
      // "orders placed by users", "what did people say": people in general are no one in particular;
      // "messages by user john": the word names the field, and the value follows.
      if (PERSON.test(w)) return true;
      // "messages by location": a word for a field no store of these has is no one's name either.
      if (isFieldWord(w)) return false;
      // "orders from inactive customers": a word describing the people named next is no name.
      const next = q.tokens[q.tokens.indexOf(token) + 1]?.text ?? '';
      if (PEOPLE.test(next) || (next && resolveField(v, next) === person)) return false;
      // "orders paid by card": where the person field holds email addresses, a word no store learned
      // as anyone's name is no one's; the question is refused rather than matching nothing.
      // "messages from zoe or zed": joined to a name of a field named like "from", a name all the same.
      const prepositional = joined && PREPOSITION_HINTS[normalize(person!)] !== undefined;
      if (!prepositional && !knownPerson(v, others, person!, w)) {
        draft.unsupported ??= unknownPerson(v, person!, token.raw);
        return true;
      }
      const named = nameForEmails(v, person!, w);
      if (named) {
        draft.unsupported ??= named;
        return true;
      }
      addFilter(draft, person!, '=', token.raw);
      return true;
    });
  }
  q.scan(`(not |non-?|un)?(${fieldPattern(v, ['boolean'])})`, (m) => {
    const field = resolveField(v, m.text(2));
    if (!field) return false;
    addFilter(draft, field, '=', m.text(1) === '');
    return true;
  });
}

/**
 * "how many slow query warnings": words no rule explained that occur, together, inside learned values
 * of a text field ("slow query detected") are searched for in it.
 */
function readTextInValues(g: Grounding): void {
  const { q, v, draft } = g;
  if (draft.text) return;
  const texts = v.textValues;
  if (texts.length === 0) return;
  // "need help with the database migration": a longer phrase that learned text says word for word,
  // small words inside it and all, is searched for whole rather than its first word alone.
  for (const at of q.freeRuns(8)) {
    const words = at.map((i) => q.tokens[i]!);
    if (words.length < 3 || words.some((w) => w.quoted || isStoreWord(v, w.text) || ANYBODY.test(w.text)))
      continue;
    const content = words.filter((w) => !STOP_WORDS.has(w.text) && !FILLER_WORDS.has(w.text));
    const [first, last] = [words[0]!, words[words.length - 1]!];
    if (content.length < 2 || STOP_WORDS.has(first.text) || STOP_WORDS.has(last.text)) continue;
    const phrase = words.map((w) => w.text).join(' ');
    if (!texts.some((t) => containsWords(t, phrase))) continue;
    if (refuseNegatedText(q, draft, at[0]!)) return;
    draft.text = words.map((w) => w.raw).join(' ');
    q.consume(at[0]!, at[at.length - 1]! + 1);
    return;
  }
  for (const at of q.freeRuns(4)) {
    const n = at.length;
    const words = at.map((i) => q.tokens[i]!);
    // A quoted phrase counts only on its own: 'find "great demo"'.
    if (
      words.some(
        (w) =>
          (w.quoted && n > 1) ||
          // "messages anyone sent today": a word for anybody says who, not what was written, even
          // where a text learned it ("coffee break anyone").
          (!w.quoted && (STOP_WORDS.has(w.text) || isStoreWord(v, w.text) || ANYBODY.test(w.text))),
      )
    )
      continue;
    if (words.every((w) => FILLER_WORDS.has(w.text))) continue;
    const phrase = words.map((w) => w.text).join(' ');
    // "timeouts" is found in "upstream timeout after 5000ms" by its stem; "payment provider
    // timeouts" by the stem of its last word.
    const stemmed = stemLastWord(phrase);
    const found = [phrase, stemmed].find((p) => p.length >= 3 && texts.some((t) => containsWords(t, p)));
    if (!found) continue;
    if (refuseNegatedText(q, draft, at[0]!)) return;
    if (eventOfPerson(g, at[0]!, at[n - 1]! + 1, phrase)) return;
    draft.text = found === phrase ? words.map((w) => w.raw).join(' ') : found;
    q.consume(at[0]!, at[n - 1]! + 1);
    return;
  }
}

/**
 * "compare EUR and USD orders", "compare the average cpu usage of web-1 and web-2": values of one
 * field set side by side are that field's groups, held to the values named (each counted, or
 * measured as asked); read as one list, the records of both would be mixed together.
 */
function readComparedValues({ q, v, draft }: Grounding): void {
  const at = q.tokens.findIndex((t, i) => !q.isUsed(i) && !t.quoted && /^compare$/.test(t.text));
  const versus = VERSUS.has(q);
  if (at < 0 && !versus) return;
  const both = draft.filters.find((f) => f.op === 'in' && Array.isArray(f.value) && f.value.length > 1);
  // "paid vs refunded orders": set side by side, the two sides are values of one field, or the
  // question is no comparison this reading can make (two windows, two measures, two groupings).
  if (draft.groupBy || !both) {
    if (versus && !(draft.groupBy && both && draft.groupBy === both.field))
      draft.unsupported ??= 'Comparisons cannot be asked for: ask for each side separately';
    return;
  }
  // "compare revenue and cpu usage": two kinds of reading are measured on scales of their own (money,
  // percent, milliseconds); set side by side under one aggregate, one of them would be taken the
  // wrong way (cpu usage added up). Refused with each asked for separately.
  const kinds = readingKinds(v);
  if (kinds && both.field === kinds.field) {
    const named = (both.value as unknown[]).map((k) => normalize(String(k)));
    draft.unsupported ??= `${named.map((k) => `"${k}"`).join(' and ')} are different kinds of reading, each on a scale of its own: ask for each separately, e.g. "average ${named[0]}" and "average ${named[1]}"`;
    draft.unsupportedFix ??= { said: q.original.trim(), fixes: named.map((k) => `average ${k}`) };
    return;
  }
  draft.groupBy = both.field;
  if (at >= 0) q.consume(at, at + 1);
}

/**
 * "what is the cpu usage on web-1 right now", "memory usage of db-1 at the moment": one kind of
 * reading asked for as it is now is its latest reading, where nothing else is asked of the readings.
 */
function readNow({ q, v, draft, timeField }: Grounding): void {
  q.scan('(?:right now|currently|at the moment|at present|now)$', (m) => {
    const kinds = readingKinds(v);
    const kind = kinds && draft.filters.find((f) => f.field === kinds.field && f.op === '=');
    // "web-1 cpu right now": said as in a search box, with no word asking for a list of readings, too.
    const asked =
      q.tokens.slice(0, m.start).some((t) => /^(?:what|whats|how|show|give|tell)$/.test(t.text)) ||
      !q.tokens
        .slice(0, m.start)
        .some((t) => /^(?:readings|values|measurements|samples|list|all)$/.test(t.text));
    if (!kind || !asked || draft.aggregate || draft.groupBy || draft.limit !== null || draft.text)
      return false;
    // "response times above 500 right now": readings picked by a bound are a list, not one reading.
    if (draft.filters.some((f) => f.field === v.measure)) return false;
    if (draft.sort.length && draft.sort[0]?.field !== timeField) return false;
    draft.sort = [{ field: timeField, dir: 'desc' }];
    draft.limit = 1;
    return true;
  });
}

/** How an aggregate is said: "average", "total", "minimum", "maximum", "number of". */
function aggregateWord(fn: string): string {
  return fn === 'avg'
    ? 'average'
    : fn === 'sum'
      ? 'total'
      : fn === 'min'
        ? 'minimum'
        : fn === 'max'
          ? 'maximum'
          : 'number of';
}

/** Time fields that say when the record itself happened: the records are events, not things with a state. */
const EVENT_TIME =
  /^@?(?:timestamp|ts|time|recorded_at|logged_at|occurred_at|event_time|sent_at|measured_at|observed_at)$/;

/**
 * "errors right now", "average cpu usage right now": events asked for as they are now, where the
 * latest reading was not what was asked, happen at no one instant; answered for every record, the
 * "now" would be silently dropped. Refused with a window offered. A state asked for right now ("users
 * active right now", "pending orders at the moment") is the state itself, and still read.
 */
function readNowOfEvents({ q, v, draft, timeField }: Grounding): void {
  if (!EVENT_TIME.test(timeField)) return;
  // "response times above 500 right now": readings picked by a bound are read as that list, as before.
  if (draft.filters.some((f) => f.field === v.measure)) return;
  q.scan('(?:right now|currently|at the moment|at present)$', (m) => {
    if (draft.unsupported) return false;
    const said = m.text(0);
    draft.unsupported = `"${said}" is no window of time: events happen at no one instant, so say how recent, e.g. "in the last hour" or "today"`;
    draft.unsupportedFix = { said, fixes: ['in the last hour', 'today'] };
    return true;
  });
}

/**
 * "last login of alice", "the latest signup by bob": a word found only in what people wrote, asked
 * for as the last (or first) event of a person, is no record of that event; searched for, it would
 * answer with a message that mentions it. Refused with the search offered.
 */
function eventOfPerson(
  { q, v, draft, others }: Grounding,
  start: number,
  end: number,
  phrase: string,
): boolean {
  const before = q.tokens[start - 1]?.text === 'the' ? start - 2 : start - 1;
  if (!/^(?:last|latest|first|earliest|recent|previous|newest|oldest)$/.test(q.tokens[before]?.text ?? ''))
    return false;
  if (!/^(?:of|by|for|from)$/.test(q.tokens[end]?.text ?? '')) return false;
  const name = q.tokens[end + 1]?.text === 'the' ? q.tokens[end + 2] : q.tokens[end + 1];
  if (!name || name.quoted) return false;
  const person = [v, ...others].some((o) => {
    const field = personField(o);
    return field !== null && (o.values.get(normalize(name.text)) ?? []).some((e) => e.field === field);
  });
  if (!person) return false;
  const store = v.store.domain.replace(/-\d+$/, '');
  const search = `latest ${store} from ${name.raw} mentioning ${phrase}`;
  const searchable = vocabularyOf(v.store).textFields.length > 0;
  if (draft.unsupported) return true;
  draft.unsupported = `No field records each ${phrase} of a person${searchable ? `: to search what was written, ask e.g. "${search}"` : ''}`;
  if (searchable) draft.unsupportedFix = { said: q.original.trim(), fixes: [search] };
  return true;
}

/**
 * "api errors except timeouts", "logs other than payment provider timeouts": words of learned text
 * left out are records without a text, which no condition says; answered, they would be searched for.
 */
function refuseNegatedText(q: Question, draft: Draft, start: number): boolean {
  if (negated(q, start) === null) return false;
  draft.unsupported ??= 'Searching for records that do not contain a text is not supported';
  return true;
}

/** Store names go first so "orders" is never read as a value; synonyms last, after values had their chance ("errors"). */
function readStoreNames({ q, v }: Grounding): void {
  q.scan(`(?:${alternation(v.names)})(?:e?s)?`, () => true);
}

function readStoreWords({ q, v }: Grounding): void {
  q.scan(`(?:${storeWords(v)})`, () => true);
}

/**
 * Words that may open a question without being what it is about: greetings, pronouns, the rest of
 * a contraction ("what's" is "what" and "s"), and verbs that ask what happened ("what went wrong").
 */
// biome-ignore format: a word list reads better packed
const OPENERS = new Set([
  's', 'd', 'll', 're', 've', 'm', 't', 'hey', 'hi', 'ok', 'okay', 'new', 'latest', 'newest',
  'everyone', 'everybody', 'anyone', 'anybody', 'someone', 'somebody', 'whatever', 'happen', 'happens',
  'happened', 'happening', 'go', 'goes', 'going', 'gone', 'went', 'wrong', 'doing', 'done', 'say', 'says',
  'said', 'talk', 'talks', 'talked', 'talking', 'live', 'lives', 'work', 'works', 'worked', 'working',
  'details', 'detail', 'summary', 'overview', 'activity', 'stuff', 'things', 'report', 'history', 'info',
  'information', 'status',
  'curious', 'wondering', 'wonder', 'question', 'quick', 'possible', 'able', 'appreciate', 'like', 'love',
  'when', 'thing',
]);

/**
 * "how is the weather in Germany", "the capital of France", "flights from Canada": in a question no
 * word of which names a store, the first word it is about (the word after "who" is a verb about a
 * person, "who lives in France") must be explained; an unknown one is a topic this tenant has no data on.
 */
function unknownTopic(q: Question, vocabularies: StoreVocabulary[]): Token | null {
  for (let i = 0; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    // "count erors by service": a command read first still leaves the word it asks about to explain.
    if (
      q.isUsed(i) &&
      !t.quoted &&
      /^(count|tally|list|show|display|find|get|me|the|all|number|of)$/.test(t.text)
    )
      continue;
    if (t.quoted || q.isUsed(i)) return null;
    if (STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text) || OPENERS.has(t.text)) continue;
    if (q.tokens[i - 1]?.text === 'who' || parseNumber(t.text) !== null) continue;
    // A field of any store is something the tenant has data on ("the status of o-0001").
    return vocabularies.some((v) => resolveField(v, t.text) !== null) ? null : t;
  }
  return null;
}

/**
 * "failed logins": where no store is named, an unexplained last word right after an explained one
 * (or a plural one before a time or a place: "failed logins today") is the head noun of the
 * question, and what it names is not something the tenant stores.
 */
function unknownHead(q: Question, vocabularies: StoreVocabulary[], timed: Set<number>): Token | null {
  // "failed logins today", "failed logins on web-1": a time, or a place read as a value, after a
  // plural head leaves it the head.
  let n = q.tokens.length;
  for (let moved = true; moved && n > 2; ) {
    moved = false;
    while (n > 2 && timed.has(n - 1)) {
      n--;
      moved = true;
    }
    let k = n;
    while (k > 2 && q.isUsed(k - 1) && !timed.has(k - 1) && !q.tokens[k - 1]!.quoted) k--;
    if (k < n && q.tokens[k - 1]?.text === 'the') k--;
    if (k < n && /^(on|in|from|at|for)$/.test(q.tokens[k - 1]?.text ?? '') && !q.isUsed(k - 1)) {
      n = k - 1;
      moved = true;
    }
  }
  if (n < q.tokens.length && !/[^su]s$/.test(q.tokens[n - 1]?.text ?? '')) n = q.tokens.length;
  const t = q.tokens[n - 1];
  if (!t || n < 2 || t.quoted || q.isUsed(n - 1)) return null;
  // "failed login attempts": a noun before it may be unexplained too.
  const lead = q.isUsed(n - 2) ? n - 2 : n - 3;
  if (lead < 0 || !q.isUsed(lead) || q.tokens[lead + 1]!.quoted) return null;
  const middle = q.tokens[n - 2]!.text;
  if (lead === n - 3 && (!/^[a-z]+$/.test(middle) || STOP_WORDS.has(middle) || FILLER_WORDS.has(middle)))
    return null;
  if (STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text) || OPENERS.has(t.text)) return null;
  // "how many times was deploy mentioned", "how much memory is web-1 using": a verb, not a noun.
  if (parseNumber(t.text) !== null || !/^[a-z]+$/.test(t.text) || /(?:ed|ing)$/.test(t.text)) return null;
  // "count premium accounts" of a store named otherwise: a word for records or people in general.
  if (
    PERSON.test(t.text) ||
    /^(?:entries|records|rows|items|results|lines|customers?|clients?)$/.test(t.text)
  )
    return null;
  // "average cpu utilization": the word before is the first part of a learned value (cpu_usage),
  // which the last word may name in its own way.
  const before = q.tokens[lead]!.text;
  const part = (key: string) => key.startsWith(`${before} `) || key.startsWith(`${before}_`);
  if (vocabularies.some((v) => [...v.values.keys()].some(part))) return null;
  return vocabularies.some((v) => resolveField(v, t.text) !== null) ? null : t;
}

/**
 * "orders from customers in Germany": words left unexplained that are a learned value of another
 * store (Germany is a country of users) ask to combine stores, which no interpretation says; the
 * question is refused rather than answered without them.
 */
function foreignValue(
  q: Question,
  others: StoreVocabulary[],
): { words: string; field: string; domain: string } | null {
  for (const at of q.freeRuns(3)) {
    const n = at.length;
    const words = at.map((i) => q.tokens[i]!);
    if (words.some((w) => w.quoted)) continue;
    const [first] = words;
    const stop = STOP_WORDS.has(first!.text) && !q.mayBeValue(at[0]!);
    if (n === 1 && (stop || FILLER_WORDS.has(first!.text) || OPENERS.has(first!.text))) continue;
    const phrase = normalize(words.map((w) => w.text).join(' '));
    for (const v of others) {
      // "orders placed by premium users" read as users: "orders" names the other store (whose type
      // field learned "order"), a combination of stores refused by `foreignStore`, not a value of it.
      if (n === 1 && isStoreWord(v, phrase)) continue;
      // "errors from users in India": one word by its stem too, as readValues reads it.
      const [hit] = v.values.get(phrase) ?? (n === 1 ? (v.stems.get(stem(phrase)) ?? []) : []);
      if (hit) return { words: words.map((w) => w.raw).join(' '), field: hit.field, domain: v.store.domain };
    }
  }
  return null;
}

/**
 * "any payment provider timeouts" read as orders: words left unexplained that another store's text
 * says ("payment provider timeout" of a log), and no text of this one, are no condition on it; the
 * question is refused rather than answered as every record.
 */
function foreignText(
  q: Question,
  v: StoreVocabulary,
  others: StoreVocabulary[],
): { words: string; domain: string } | null {
  for (const at of q.freeRuns(3)) {
    const words = at.map((i) => q.tokens[i]!);
    if (
      words.some((w) => w.quoted || STOP_WORDS.has(w.text) || FILLER_WORDS.has(w.text) || OPENERS.has(w.text))
    )
      continue;
    // Two words at least: one alone is said in too many texts ("break", "customer").
    if (at.length < 2) continue;
    const phrase = words.map((w) => w.text).join(' ');
    const forms = [phrase, words.map((w) => stem(w.text)).join(' ')];
    const said = (texts: string[]) =>
      forms.some((p) => p.length >= 4 && texts.some((t) => containsWords(t, p)));
    if (said(v.textValues)) continue;
    const other = others.find((o) => said(o.textValues));
    if (other) return { words: words.map((w) => w.raw).join(' '), domain: other.store.domain };
  }
  return null;
}

/**
 * "messages from premium users", "logs for paid orders": a word left unexplained that names another
 * store (and is no field, value or word of the one read) asks to combine stores as well.
 */
function foreignStore(q: Question, v: StoreVocabulary, others: StoreVocabulary[]): StoreVocabulary | null {
  for (const i of q.free()) {
    const t = q.tokens[i]!;
    const word = normalize(t.text);
    if (t.quoted || isStoreWord(v, word) || resolveField(v, word) || isValueWord(v, word)) continue;
    // "user messages", "messages from the user alice": a word for a person names the person field.
    if (PERSON.test(word) && personField(v)) continue;
    // "purchases made by premium users": a plural noun of another store's synonyms names its records
    // as well as its own name does (a synonym's verbs, "bought", "posted", describe people only).
    const other = others.find(
      (o) =>
        o.names.has(word) ||
        o.names.has(singular(word)) ||
        (/s$/.test(word) && o.synonyms.has(singular(word))),
    );
    if (other) return other;
  }
  return null;
}

/** Words that may link a store's noun to another store's in "users who have placed orders". */
const LINKS =
  /^(who|that|which|with|having|have|has|had|did|do|does|ever|already|any|some|an?|no|the|at|least|one|more|than|multiple|several|placed|made|sent|posted|wrote|written|bought|ordered|purchased|created|submitted|received|own|owns|and|their|its|along|together|plus|something|anything|as|many|exactly|over|under|fewer|less|without)$/;

/**
 * "users who placed orders", "which customers have sent messages", "users with orders": records of
 * one store described by records of another (a join), which no interpretation says.
 */
function joinedStores(
  q: Question,
  vocabularies: StoreVocabulary[],
): [StoreVocabulary, StoreVocabulary] | null {
  const names = (w: string) => vocabularies.find((v) => isStoreWord(v, w));
  for (let i = 0; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    const a = t.quoted ? undefined : names(t.text);
    if (!a) continue;
    for (let j = i + 1; j < q.tokens.length && j <= i + 6; j++) {
      const w = q.tokens[j]!;
      // "orders with their users": the people of the records named as records of their own.
      const theirs = /^(their|its)$/.test(q.tokens[j - 1]!.text);
      // "customers that bought something": a verb that names another store describes people only
      // ("logs that say retry budget low" is text).
      const named = vocabularies.find((v) => v.names.has(w.text) || v.names.has(singular(w.text)));
      const b: StoreVocabulary | undefined = w.quoted
        ? undefined
        : (named ?? (a.synonyms.has('people') ? names(w.text) : undefined));
      const own =
        resolveField(a, w.text) ||
        isValueWord(a, w.text) ||
        (PERSON.test(w.text) && personField(a) && !theirs);
      if (b && b !== a && j > i + 1 && !own) return [a, b];
      if (w.quoted || !(LINKS.test(w.text) || parseNumber(w.text) !== null)) break;
    }
  }
  return null;
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

/**
 * "warn-level entries", "paid-status orders": a hyphenated word no store learned as a value, each
 * of whose parts is a learned value or field, is read as its parts ("project-x" stays whole); so is
 * a superlative joined to one ("the 5 lowest-value orders", "highest-amount order").
 */
function splitCompounds(q: Question, vocabularies: StoreVocabulary[]): void {
  const known = (w: string) =>
    vocabularies.some(
      (v) => v.values.has(w) || v.stems.has(stem(w)) || v.fields.has(w) || v.fields.has(stem(w)),
    );
  // "per-service average": a word that groups may be joined to its field too.
  // "not-free users", "non-premium": a negation joined to a value is the negation and the value.
  const superlative = (w: string) =>
    aggregateOfWord(w) !== null || /^(?:most|least|top|per|not|non)$/.test(w);
  for (let i = q.tokens.length - 1; i >= 0; i--) {
    const t = q.tokens[i]!;
    // "users aged 20-30", "orders of 200-300": a range of two numbers is read as "between 20 and 30".
    const range = t.quoted ? null : /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(t.raw);
    // "Nov 17-20", "17-20 November": days of a month, read with the dates.
    const days = isMonthName(q.tokens[i - 1]?.text ?? '') || isMonthName(q.tokens[i + 1]?.text ?? '');
    if (range && !days) {
      const [a, b] = [range[1]!, range[2]!];
      const before = q.tokens[i - 1]?.text;
      q.split(
        i,
        before === 'between' ? [a, 'and', b] : before === 'from' ? [a, 'to', b] : ['between', a, 'and', b],
      );
      continue;
    }
    if (t.quoted || !/^[a-z0-9]+(?:-[a-z0-9]+)+$/i.test(t.raw)) continue;
    if (vocabularies.some((v) => v.values.has(normalize(t.text)))) continue;
    // "top-5 orders", "last-10 messages": a word of ranking joined to its count.
    const ranked = /^(top|bottom|first|last|latest|newest|oldest|earliest)-(\d+)$/i.exec(t.raw);
    if (ranked) {
      q.split(i, [ranked[1]!, ranked[2]!]);
      continue;
    }
    // "30-year-old users": an age written as one word is read as its words.
    if (/^\d+-(?:years?|yrs?)-olds?$/i.test(t.raw)) {
      q.split(i, t.raw.split('-'));
      continue;
    }
    // "sign-ups", "e-mail": a word written with a hyphen that names a store or field without it.
    const joined = t.raw.replace(/-/g, '');
    const named = (v: StoreVocabulary, w: string) => v.names.has(singular(w)) || v.synonyms.has(singular(w));
    if (vocabularies.some((v) => named(v, joined.toLowerCase())) || known(joined.toLowerCase())) {
      q.split(i, [joined]);
      continue;
    }
    const parts = t.raw.split('-');
    if (!parts.every((p) => known(p.toLowerCase()) || superlative(p.toLowerCase()))) continue;
    if (!parts.some((p) => known(p.toLowerCase()))) continue;
    q.split(i, parts);
  }
}

/** Particles of phrasal verbs whose noun is written as one word: "time out" (timeout), "check out" (checkout). */
const PARTICLE = /^(out|up|down|off|back)s?$/;

/**
 * "did the payment provider time out", "who had trouble when they check out": a verb and its particle are
 * read as the one word learned text spells them as ("payment provider timeout"), where the text never
 * says them apart; "did anyone sign up today", "number of sign ups": or as the word naming a store.
 */
function joinPhrasalVerbs(q: Question, vocabularies: StoreVocabulary[]): void {
  const said = (w: string) => vocabularies.some((v) => v.textValues.some((text) => containsWords(text, w)));
  const names = (w: string) =>
    vocabularies.some((v) => v.names.has(singular(w)) || v.synonyms.has(singular(w)));
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    const [verb, particle] = [q.tokens[i]!, q.tokens[i + 1]!];
    if (verb.quoted || particle.quoted || !/^[a-z]+$/.test(verb.text) || !PARTICLE.test(particle.text))
      continue;
    const joined = `${verb.text}${particle.text}`;
    const text = !particle.text.endsWith('s') && said(joined) && !said(`${verb.text} ${particle.text}`);
    if (text || names(joined)) q.join(i, 2, joined);
  }
}

/**
 * Questions whose two sides were set against each other with "vs" or "versus" ("paid vs refunded
 * orders"): read as "compare paid and refunded orders", with "and" in the place of "vs".
 */
const VERSUS = new WeakSet<Question>();

/** "paid vs refunded orders", "EUR versus USD orders": one "vs" between two sides, said as "compare … and …". */
function readVersus(q: Question): void {
  const at = q.tokens.flatMap((t, i) => (!t.quoted && /^(?:vs|versus|v)$/.test(t.text) ? [i] : []));
  if (at.length !== 1 || at[0] === 0 || at[0] === q.tokens.length - 1) return;
  // "v" alone is a comparison only between two words that say something ("paid v refunded").
  if (q.tokens[at[0]!]!.text === 'v' && !/^v\.?$/i.test(q.tokens[at[0]!]!.raw)) return;
  q.split(at[0]!, ['and']);
  VERSUS.add(q);
}

/** "errs by svc", "mem usage": shorthand no store learned as a word of its own is read as what it stands for. */
function expandShorthand(q: Question, vocabularies: StoreVocabulary[]): void {
  readVersus(q);
  q.tokens.forEach((t, i) => {
    const word = SHORTHAND[t.text];
    if (!word || t.quoted) return;
    if (vocabularies.some((v) => v.values.has(t.text) || v.fields.has(t.text) || isStoreWord(v, t.text)))
      return;
    q.split(i, [word]);
  });
  // "thanks in advance: how many …": the courtesy says nothing of the data.
  q.scan('(?:thanks|thank you) in advance', () => true);
  // "summarise orders by status", "analyze errors per service": a lead-in before a grouping, which
  // says what is asked.
  q.scan('^(?:please )?(?:summari[sz]e|analy[sz]e)(?= .* (?:by|per) )', () => true);
  // "could you find out which host …", "figure out what …": a lead-in before the question word.
  q.scan(
    '(?:find|figure|work|check) out(?= (?:which|what|how|who|whether|if|when|where)(?: |$))',
    () => true,
  );
}

/** Words that ask whether something is well or not: "is web-1 ok", "is the api healthy", "is db-1 down". */
const HEALTH = 'ok|okay|healthy|fine|alright|working|up|down|broken|failing';
/** Words that may follow the name of what is asked about: "is the api service ok", "is web-1 server up". */
const NAMED_BY = 'service|server|host|machine|node|app|application|box|instance';
const THING = `(?:the )?(.+?)(?: (?:${NAMED_BY}))?`;
/**
 * "is web-1 ok", "is everything ok on web-1", "how's the api doing", "did web-1 go down": the thing
 * asked about is group 1, 4, 5 or 7.
 */
const HEALTH_QUESTION = new RegExp(
  `^(?:(?:is|are|was|were) ${THING} (${HEALTH})|(?:is|was) (?:everything|all|anything) (${HEALTH}) (?:on|with|at|for) ${THING}|how (?:is|s|are|was|were) ${THING} (doing)|(?:did|has|have|had) ${THING} (?:go|gone|went) down)$`,
);

/**
 * "is web-1 ok", "was the api healthy yesterday": whether a named thing is well is answered by its
 * failures, which a store of events learned (a value "failures" reads as: failed, failure or error).
 * The word asking is read as "failures", and the question is only taken so when the thing is a
 * learned value (or a common word for one: "the database" for db) of a store that also learned such
 * a value. Anything else asked so ("is john ok", "is the site healthy") is refused: no store records
 * whether a person or an unlearned thing is well, and their records would be no answer. Returns
 * whether it was read so, for the caller to default the window.
 */
function readHealthCheck(q: Question, stores: StoreEntry[], vocabularies: StoreVocabulary[]): boolean {
  const free = q.free();
  if (free.some((i) => q.tokens[i]!.quoted)) return false;
  const m = HEALTH_QUESTION.exec(free.map((i) => q.tokens[i]!.text).join(' '));
  if (!m) return false;
  const key = normalize(m[1] ?? m[4] ?? m[5] ?? m[7] ?? '');
  const fails = (v: StoreVocabulary) => v.stems.has('failure') || v.values.has('failure');
  // "is the database ok": a system part asked about by its full name is the short name learned.
  const alias = vocabularies.map((v) => (fails(v) ? componentValue(v, key) : null)).find((c) => c) ?? null;
  // "is everything ok", "is anything down": the failures of every thing.
  const whole = /^(?:everything|anything|all)$/.test(key);
  if (!key || (!alias && !vocabularies.some((v) => (whole || v.values.has(key)) && fails(v)))) {
    // "did errors go down today" is no question about a thing but a change of a count, refused as such.
    if (m[7] !== undefined) return false;
    const thing = (m[1] ?? m[4] ?? m[5] ?? '').trim();
    throw unparseable(
      stores,
      `Nothing this tenant stores tells whether "${thing}" is well: ask for the errors of a service or host`,
      { unknown: [thing] },
    );
  }
  // The word asking is the last one, or the third of "is everything ok on …".
  q.split(free[m[3] ? 2 : free.length - 1]!, ['failures']);
  if (alias) {
    const at = free.find((i) => q.tokens[i]!.text === key);
    if (at !== undefined) q.split(at, [alias]);
  }
  return true;
}

/** Words for where a tenant's records are kept: "every record in the database". */
const RECORD_HOLDERS = 'database|datastore|system';

/**
 * Words for records in general, which name no one store: "count all records from the database"
 * (the words that make a question span every store, and a row or an item of them).
 */
const ANY_RECORDS = new Set([...EVERYTHING, 'entry', 'row', 'rows', 'item', 'items']);

/** A word for a system part after its name: "the database server", "web-1 host". */
const SYSTEM_PART = new RegExp(`^(?:${NAMED_BY})$`);

/**
 * "errors from the database today", "cpu on the database server": outside a health question the full
 * name of a system part is its learned short name only where it is said as a source ("from", "on",
 * "of", "for" it) in a question that names no store and no records in general, or where a word for a
 * system part follows it. "logs in the database", "users from the database", "count records from
 * the database" speak of where records are kept; "the database migration" is words of a text.
 */
function readComponentNames(q: Question, vocabularies: StoreVocabulary[]): void {
  const free = q.free();
  const general = free.some((i) => {
    const w = q.tokens[i]!.text;
    return ANY_RECORDS.has(w) || vocabularies.some((v) => v.names.has(w) || v.names.has(singular(w)));
  });
  // "count all records from the database", "how many records are in the database": records in
  // general kept in the database are every record, with no condition; "in the database" says the
  // same after a store's name ("logs in the database"). "logs from the database" stays a source.
  const records = free.some((i) => ANY_RECORDS.has(q.tokens[i]!.text));
  if (general)
    q.scan(
      `(?:${records ? 'from|' : ''}in|inside|within|across|throughout) (?:(?:the|our|my|this|your|whole|entire) )*(?:${RECORD_HOLDERS})`,
      (m) => {
        const next = q.tokens[m.end];
        return !next || q.isUsed(m.end) || (STOP_WORDS.has(next.text) && !SYSTEM_PART.test(next.text));
      },
    );
  for (const i of [...free].reverse()) {
    const t = q.tokens[i]!;
    if (t.quoted) continue;
    const code = vocabularies.map((v) => componentValue(v, t.text)).find((c) => c);
    if (!code) continue;
    const before = q.tokens[i - 1]?.text === 'the' ? q.tokens[i - 2] : q.tokens[i - 1];
    const source = !general && /^(?:from|on|of|for)$/.test(before?.text ?? '');
    if (source || SYSTEM_PART.test(q.tokens[i + 1]?.text ?? '')) q.split(i, [code]);
  }
}

/** Comparatives of quantity ("older than" and "later than" bound a time or a number instead). */
const MORE_OR_LESS = /^(?:more|fewer|less|higher|lower|greater|bigger|smaller|larger)$/;

/**
 * Whether a comparative of quantity is followed, past at least one word, by "than" and a time:
 * "more errors today than yesterday" ("more than 5 days old" bounds the records' time instead).
 */
function comparesWindows(q: Question, timed: Set<number>): boolean {
  const than = q.tokens.findIndex((t, i) => t.text === 'than' && !t.quoted && timed.has(i + 1));
  return than > 1 && q.tokens.slice(0, than - 1).some((t) => !t.quoted && MORE_OR_LESS.test(t.text));
}

/** Reads a question against the tenant's stores. Throws WRITE_REFUSED or UNPARSEABLE_QUERY. */
export function interpretQuery(
  text: string,
  stores: StoreEntry[],
  options: InterpretOptions,
): InterpretedQuestion {
  const about: { stores: StoreEntry[] | null } = { stores: null };
  try {
    return readQuestion(text, stores, options, about);
  } catch (e) {
    if (!(e instanceof AppError) || !e.suggestions || stores.length === 0) throw e;
    throw focusSuggestions(
      allSlipsFixed(e, stores, options),
      stores,
      about.stores ?? storesNamed(text, stores),
    );
  }
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
  return new AppError(error.status, error.code, error.message, { details: error.details, suggestions });
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
  return new AppError(error.status, error.code, error.message, { details: error.details, suggestions });
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
  const vocabularies = stores.map(vocabularyOf);
  expandShorthand(q, vocabularies);
  splitCompounds(q, vocabularies);
  joinPhrasalVerbs(q, vocabularies);
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
  const window = readHealthCheck(q, stores, vocabularies) && !asked ? recentWindow(now) : asked;
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
    sort: [],
    limit: null,
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
  const g: Grounding = { q, v, draft, timeField, others };
  if (partOfDay)
    draft.unsupported =
      'Parts of a day (morning, evening) cannot be asked for: ask for today, or the last few hours';
  readBounds(g);
  readUnsupported(g);
  readGroupsByMeasure(g);
  readGroupsByCount(g);
  readGroupsByAggregate(g);
  readCountOrder(g);
  readCount(g);
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
  const common = misspeltCommonWord(q, vocabularies);
  if (common) throw misspelled(stores, q, common.word, common.near, `Could not read "${common.word}"`);
  const period = unknownPeriod(q, vocabularies);
  if (period)
    throw unparseable(
      stores,
      `"${period}" is no window of time that can be asked for: ask for dates ("since Oct 1", "between Sep 1 and Sep 30"), or for this week, this month, this quarter or this year`,
      { unknown: q.leftovers().map((t) => t.raw) },
    );
  const slip = misspelledFilter(v, others, draft.filters);
  if (slip)
    throw misspelled(stores, q, slip.word, slip.near, `No ${named} have ${slip.field} "${slip.word}"`);
  if (draft.unheld) throw unparseable(stores, draft.unheld);
  const foreign = foreignValue(q, others);
  // "orders for alice": a name where the records name their people by email is refused as "orders
  // from alice" is, with the addresses that start with it.
  const person = personField(v);
  const byEmail =
    foreign && person && foreign.words.split(' ').length === 1
      ? nameForEmails(v, person, foreign.words)
      : null;
  if (byEmail && /\(e\.g\. /.test(byEmail))
    throw unparseable(stores, byEmail, { unknown: q.leftovers().map((t) => t.raw) });
  if (foreign) {
    throw unparseable(
      stores,
      `"${foreign.words}" is a ${foreign.field} of ${foreign.domain}: a question reads one kind of record at a time, so it cannot narrow ${named} by it`,
      { unknown: q.leftovers().map((t) => t.raw) },
    );
  }
  // "revenue from Japan": stores fanned out to on values, none of which holds every field asked of,
  // would be combined as well.
  if (
    choice.stores.length > 1 &&
    draft.filters.length > 1 &&
    !choice.stores.some((s) => draft.filters.every((f) => s.store.fields[f.field] !== undefined))
  ) {
    throw unparseable(
      stores,
      `A question reads one kind of record at a time: no store holds all of ${draft.filters.map((f) => f.field).join(', ')}`,
      { unknown: q.leftovers().map((t) => t.raw) },
    );
  }
  const spoken = foreignText(q, v, others);
  if (spoken) {
    throw unparseable(
      stores,
      `"${spoken.words}" is said in ${spoken.domain}: a question reads one kind of record at a time, so it cannot narrow ${named} by it`,
      { unknown: q.leftovers().map((t) => t.raw) },
    );
  }
  const otherStore = foreignStore(q, v, others);
  if (otherStore) {
    throw unparseable(
      stores,
      `A question reads one kind of record at a time: it cannot combine ${named} with ${otherStore.store.domain}`,
      { unknown: q.leftovers().map((t) => t.raw) },
    );
  }
  // "users from spain or portugal": a word joined to a value read, that its field never held, is a
  // value the data lacks; answered for the one value, the other would be silently left out.
  const lacking = unheldAlternative(q, v, draft, vocabularies);
  if (lacking) throw unparseable(stores, lacking, { unknown: q.leftovers().map((t) => t.raw) });
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
    throw unparseable(stores, `Say how to rank each ${each}: "which ${each} has the most ${named}"`, {
      unknown: q.leftovers().map((t) => t.raw),
    });
  }
  const compared = unreadComparison(q);
  // "orders pending for 3 days", "users over 30 days": a span of time no rule read as a window is
  // refused with the two windows it could have meant, not as a field compared.
  const unreadTime = unreadSpan(q, compared !== null);
  if (unreadTime) {
    const { said, span: time, ago } = unreadTime;
    const since = ago ? `since ${time} ago` : `in the last ${time}`;
    throw withFixes(
      unparseable(
        stores,
        `"${said}" is read as no window of time here: say "${since}" for the ${named} up to now, or "more than ${time} ago" for older ones`,
        { unknown: q.leftovers().map((t) => t.raw) },
      ),
      q,
      said,
      [since, `more than ${time} ago`],
    );
  }
  if (compared) {
    throw unparseable(stores, `No field of ${named} is compared in "${compared}"`, {
      unknown: q.leftovers().map((t) => t.raw),
    });
  }
  const change = changeOverTime(q);
  if (change) {
    throw unparseable(
      stores,
      `A change over time ("${change.raw}") cannot be asked for: ask for each window separately`,
      { unknown: q.leftovers().map((t) => t.raw) },
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
    if (byEmail) throw unparseable(stores, byEmail, { unknown: q.leftovers().map((t) => t.raw) });
    throw unparseable(
      stores,
      `No field of ${named} measures "${spent.raw}": a question reads one kind of record at a time`,
      { unknown: q.leftovers().map((t) => t.raw) },
    );
  }
  const measure = unknownMeasure(q, draft, vocabularies);
  if (measure) {
    throw unparseable(stores, `No field of ${named} measures "${measure.raw}"`, {
      unknown: q.leftovers().map((t) => t.raw),
    });
  }
  const grouping = unknownGrouping(q, v, draft.groupBy) ?? foreignGroup(q, v, others, draft);
  if (grouping) {
    throw unparseable(stores, `No field called "${grouping.raw}" to group ${named} by`, {
      unknown: q.leftovers().map((t) => t.raw),
    });
  }
  // "old messages", "older logs": an age with no bound to it says no window, and every record is not what it asks.
  // ("how old are premium users on average" asks for an age).
  const vague = q.tokens.some(
    (t, i) => !q.isUsed(i) && !t.quoted && /^old(?:er)?$/.test(t.text) && q.tokens[i - 1]?.text !== 'how',
  );
  if (!window && vague) {
    throw unparseable(stores, 'Say how old: "older than 30 days", "before 2024-01-01"', {
      unknown: q.leftovers().map((t) => t.raw),
    });
  }
  const typo = misspelledWord(q, v, others);
  if (typo) throw misspelled(stores, q, typo.word, typo.near, `No field of ${named} holds "${typo.word}"`);
  const confidence = confidenceOf(q, choice.named);
  if (confidence < 0.45) {
    throw unparseable(stores, "Too little of the question matches this tenant's data", {
      unknown: q.leftovers().map((t) => t.raw),
    });
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
  if (draft.direction && !draft.groupBy) {
    const field = draft.sort[0]?.field ?? draft.direction.field;
    if (!field) throw unparseable(stores, 'Say which field to sort the records by');
    draft.sort = [{ field, dir: draft.direction.dir }];
  }
  if (draft.rank && draft.sort.length === 0) {
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
    if (fn) draft.aggregate = { fn, field: v.measure };
  }
  rankedWithinGroups(stores, q, v, draft);
  if (draft.byMeasure && !draft.aggregate && !draft.count && v.measure) {
    draft.aggregate = { fn: 'sum', field: v.measure };
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
  if (aggregate && draft.groupBy && draft.direction) draft.sort = groupSort(stores, draft, draft.direction);
  const unheld = unheldAcrossStores(choice.stores, aggregate?.field ?? null, draft.groupBy);
  if (unheld) {
    throw unparseable(
      stores,
      `Of ${choice.stores.map((s) => s.store.domain).join(' and ')}, only some have a ${unheld}: say which records to add up`,
    );
  }
  // "count by service", "latest 5 by host": with no store, value or text named, a field several
  // stores hold would add their records together; which records is asked, with each store offered.
  if (
    choice.domain === '*' &&
    choice.stores.length > 1 &&
    // "compare web-1 and web-2": values of the grouping itself pick no store either.
    draft.filters.every((f) => f.field === draft.groupBy) &&
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
        `${named.map((k) => `"${k}"`).join(' and ')} are different kinds of reading, each on a scale of its own: ask for each separately, e.g. "${word} ${named[0]}${draft.groupBy ? ` per ${draft.groupBy}` : ''}"`,
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
  const listing = !aggregate;
  const interpretation: Interpretation = {
    intent: intentOf(draft),
    domain: choice.domain,
    mcps: choice.stores.map((s) => s.store.id).sort(),
    filters: draft.filters,
    text: draft.text,
    time: window ? { field: timeField, from: isoOrNull(window.from), to: isoOrNull(window.to) } : null,
    sort: draft.sort.length ? draft.sort : listing ? [{ field: timeField, dir: 'desc' }] : [],
    limit: draft.limit,
    aggregate,
    groupBy: draft.groupBy,
  };
  return { interpretation, confidence, validUntilMs: windowValidUntil(window, now, cal) };
}

/**
 * The words of a time read right after an unread word that leaves it out ("not", "excluding",
 * "except", "outside", "besides", "other than"), with prepositions between; null when there is none.
 */
function negatedTime(q: Question, timed: Set<number>): string | null {
  for (let i = 0; i < q.tokens.length; i++) {
    // "but not today": a time read with its own negation ("before today") is one range.
    if (
      !timed.has(i) ||
      timed.has(i - 1) ||
      /^(?:not|excluding|except|outside|other|apart|besides)$/.test(q.tokens[i]!.text)
    )
      continue;
    let k = i - 1;
    while (k >= 0 && !q.isUsed(k) && /^(?:from|in|on|during|for|of|the|at)$/.test(q.tokens[k]!.text)) k--;
    const t = q.tokens[k];
    if (!t || t.quoted || q.isUsed(k)) continue;
    const other = t.text === 'than' && q.tokens[k - 1]?.text === 'other';
    if (!/^(?:not|excluding|except|exclude|outside|besides|apart|but|without|nor)$/.test(t.text) && !other)
      continue;
    let end = i;
    while (timed.has(end + 1)) end++;
    return q.tokens
      .slice(k, end + 1)
      .map((w) => w.raw)
      .join(' ');
  }
  return null;
}

/** Set phrases after "at", "for" or "on" that say nothing of which records: "users at present". */
const SET_PHRASES =
  /^(?:at (?:present|once|large|times)|for (?:sure|instance|example|reference|good|real|ever|once)|on (?:record|file|purpose|earth))$/;

/** A day of the month written alone: "20", "20th". */
const DAY_OF_MONTH = /^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$/;

/**
 * Whether an unread "and" joins a time to another day ("Nov 17 and 20", "the 17th and the 20th") or
 * two times that share no moment ("monday and wednesday"); "yesterday and today" is one range.
 */
function separateDays(q: Question, timed: Set<number>, window: TimeWindow | null): boolean {
  const day = (k: number) => !q.isUsed(k) && DAY_OF_MONTH.test(q.tokens[k]?.text ?? '');
  for (let i = 1; i < q.tokens.length - 1; i++) {
    if (q.tokens[i]!.text !== 'and' || q.isUsed(i)) continue;
    let after = i + 1;
    while (/^(on|the)$/.test(q.tokens[after]?.text ?? '') && !q.isUsed(after)) after++;
    const [left, right] = [timed.has(i - 1), timed.has(after)];
    if ((left && day(after)) || (right && day(i - 1))) return true;
    if (left && right && window && window.from !== null && window.to !== null && window.from >= window.to)
      return true;
  }
  return false;
}

/**
 * "logs on web-3", "orders in GBP", "users in Africa": a word left unexplained that can only be a value
 * (shaped like an identifier, or a name or code capitalised after a preposition) is one no field
 * holds; answered without it, the question would be answered for every record.
 */
function unknownValue(q: Question, vocabularies: StoreVocabulary[], named: boolean): Token | null {
  for (const t of q.leftovers()) {
    if (t.quoted) continue;
    const i = q.tokens.indexOf(t);
    const before = q.tokens[i - 1]?.text ?? '';
    if (ID_LIKE.test(t.raw) && /\d/.test(t.raw) && parseNumber(t.text) === null) return t;
    // "users in the Berlin office": after an article that follows the preposition as well.
    const after = before === 'the' ? (q.tokens[i - 2]?.text ?? '') : before;
    if (/^(in|from|on|at|for|to)$/.test(after) && /^\p{Lu}/u.test(t.raw)) return t;
    // "logs from mars", "users in narnia": written small, a word that no grammar, field, store or
    // value explains, right after "from" or "in" and ending the phrase, is such a name too ("messages
    // from the moon"; "in the" often says no place: "logs in the database").
    const ends = !q.tokens[i + 1] || q.isUsed(i + 1);
    const from = before === 'the' ? after === 'from' : /^(in|from)$/.test(before);
    if (from && !q.isUsed(i - 1) && ends && describingWord(t.text, vocabularies)) return t;
    // "orders for acme", "users at acme corp", "revenue for acme": so are such words after "for", "at"
    // or "on", or "of" in a question that names its records, where no store word follows them ("the
    // stock price of acme" asks about what no store holds).
    const idiom = SET_PHRASES.test(`${before} ${t.text}`);
    if ((/^(for|at|on)$/.test(before) || (named && before === 'of')) && !idiom && !q.isUsed(i - 1)) {
      let k = i;
      while (
        q.tokens[k] &&
        !q.isUsed(k) &&
        !q.tokens[k]!.quoted &&
        describingWord(q.tokens[k]!.text, vocabularies)
      )
        k++;
      const next = q.tokens[k];
      if (k > i && (!next || (q.isUsed(k) && !vocabularies.some((o) => isStoreWord(o, next.text))))) return t;
    }
  }
  return null;
}

/**
 * "average salary of users", "total tax on orders", "average rating of messages": an aggregate whose
 * measure is a word nothing explains would otherwise be taken of the store's one measure (the age,
 * the amount), or dropped where the store has none, and answer another question.
 */
function unknownMeasure(q: Question, draft: Draft, vocabularies: StoreVocabulary[]): Token | null {
  const at = draft.unnamedMeasure;
  const t = at === null ? undefined : q.tokens[at];
  // "average ticket size", "basket value": a word before one for how much a record is worth names the measure.
  // "total combined revenue": another word for the same aggregate.
  const worth =
    MEASURE_WORDS.test(q.tokens[(at ?? 0) + 1]?.text ?? '') || aggregateOfWord(t?.text ?? '') !== null;
  if (t && at !== null && !worth && !q.isUsed(at) && !t.quoted && describingWord(t.text, vocabularies))
    return t;
  if (draft.aggregate || draft.count) return null;
  // No measure at all: the aggregate word itself is left, and the word after it names what is missing.
  const i = q.tokens.findIndex(
    (w, k) => !q.isUsed(k) && !w.quoted && /^(average|avg|mean|sum|total)$/.test(w.text),
  );
  const next = q.tokens[i + 1];
  return i >= 0 && next && !q.isUsed(i + 1) && !next.quoted && describingWord(next.text, vocabularies)
    ? next
    : null;
}

/**
 * "logs with status code 500", "orders with more items than 3", "hosts where cpu exceeds memory": a
 * number or a comparison no rule read belongs to a condition on something no field records; answered
 * without it, the question would be answered for every record.
 */
function unreadComparison(q: Question): string | null {
  for (const [i, t] of q.tokens.entries()) {
    if (q.isUsed(i) || t.quoted) continue;
    // "Step 1: find all refunded orders": a number among the first words labels the question.
    // "errors 3 hours by service": a span of time left unread is no label, wherever it stands.
    const unit = /^(?:hours?|hrs?|days?|weeks?|wks?|fortnights?|months?)$/.test(q.tokens[i + 1]?.text ?? '');
    // "orders 500", "users 30": a number right after the records, with no label word or command
    // before it ("order 5 by amount"), is a condition no rule read.
    // "2k orders", "3.5 orders": a number scaled or with a fraction labels nothing.
    const label =
      /^#?\d+[.:)]?$/.test(t.text) &&
      (i === 0 ||
        (i === 1 &&
          /^(?:step|question|q|part|item|task|no|number|#|order|sort|rank|list|show|get|give|find)$/.test(
            q.tokens[0]!.text,
          )));
    if (parseDigits(t.text) !== null && (!label || (unit && !q.isUsed(i + 1)))) return t.raw;
    // "users over 30 days", "orders above 3 hours": a unit of time left after a number read as a
    // bound on a field not measured in time; the bound would answer another question.
    const before = q.tokens[i - 1];
    if (
      /^(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|years?|yrs?)$/.test(
        t.text,
      ) &&
      before &&
      q.isUsed(i - 1) &&
      parseDigits(before.text) !== null
    )
      return `${before.raw} ${t.raw}`;
    // "orders on 10/11": a day and a month that could be either way round.
    if (/^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$|^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(t.text)) return t.raw;
    // "orders other than EUR": "than" after "other" belongs to the negation.
    if (/^(exceeds?|exceeding|exceeded)$/.test(t.text)) return t.raw;
    if (t.text === 'than' && !/^(other|rather)$/.test(q.tokens[i - 1]?.text ?? '')) return t.raw;
  }
  return null;
}

/**
 * A span of time no rule read as a window, as written, else null: a number and a unit where a number
 * was left unread or read as a bound (`compared`: "for 3 days" in "orders pending for 3 days", "over
 * 30 days" in "users over 30 days"), or any count of a unit "ago" ("a week ago", "2 weeks ago"), which
 * only days ago are read as (that day).
 */
function unreadSpan(q: Question, compared: boolean): { said: string; span: string; ago: boolean } | null {
  for (const [i, t] of q.tokens.entries()) {
    const next = q.tokens[i + 1];
    if (!next || t.quoted || next.quoted || q.isUsed(i + 1)) continue;
    if (!/^(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|years?)$/.test(next.text))
      continue;
    const span = `${t.raw} ${next.raw}`;
    // "messages a week ago", "errors 3 hours ago": a time ago no rule read names no day or span.
    const last = q.tokens[i + 2];
    const counted = parseNumber(t.text) !== null || /^(?:a|an|one)$/.test(t.text);
    if (counted && !q.isUsed(i) && last && !last.quoted && !q.isUsed(i + 2) && last.text === 'ago')
      return { said: `${span} ${last.raw}`, span, ago: true };
    if (!compared || parseDigits(t.text) === null || /^years?$/.test(next.text)) continue;
    // "users over 30 days", "orders pending for 3 days": the word before it goes with the span.
    const before = q.tokens[i - 1];
    const lead =
      before && !before.quoted && /^(?:for|over|above|under|below|about|around)$/.test(before.text);
    return { said: lead ? `${before.raw} ${span}` : span, span, ago: false };
  }
  return null;
}

/** Verbs of a quantity changing: "did orders drop", "is memory usage rising", "did errors double". */
const CHANGE =
  /^(?:ris(?:e|es|en|ing)|rose|fall(?:s|en|ing)?|fell|drop(?:s|ped|ping)?|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|gr(?:ow|ows|ew|own|owing)|declin(?:e|es|ed|ing)|shr(?:ink|inks|ank|unk|inking)|spik(?:e|es|ed|ing)|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|dip(?:s|ped|ping)?|plung(?:e|es|ed|ing)|plummet(?:s|ed|ing)?|surg(?:e|es|ed|ing)|soar(?:s|ed|ing)?|doubl(?:e|es|ed|ing)|tripled|halved|chang(?:e|es|ed|ing))$/;
/**
 * After a verb of change, words of a range or a bound ("amounts that fall between 100 and 200"), or
 * of checking ("double check").
 */
const BOUND_AFTER =
  /^(?:between|within|in|into|inside|outside|under|below|above|over|past|beyond|check|checking)$/;

/**
 * "did orders drop this week", "is memory usage rising", "did errors go up today": whether a count or
 * a measure changed compares two windows, which one interpretation cannot say; read without the verb
 * it would answer with the records of one window. A verb of change left unexplained, or "go up" /
 * "go down", is what refuses it ("amounts that fall between 100 and 200" says a range).
 */
function changeOverTime(q: Question): Token | null {
  for (const [i, t] of q.tokens.entries()) {
    if (q.isUsed(i) || t.quoted) continue;
    const next = q.tokens[i + 1];
    if (CHANGE.test(t.text) && !(next && BOUND_AFTER.test(next.text))) return t;
    if (/^(?:go|goes|gone|went|going)$/.test(t.text) && /^(?:up|down)$/.test(next?.text ?? '')) return t;
  }
  return null;
}

/**
 * "which region has the youngest users", "which team has the oldest average age": a category asked
 * about with "which" and ranked by a superlative no grouping rule read would otherwise be dropped,
 * and the records themselves ranked instead of its groups.
 */
function unrankedGroup(q: Question, v: StoreVocabulary, draft: Draft): Token | null {
  if (draft.groupBy) return null;
  // "teams with the oldest users": a category named in the plural first, then what its records
  // hold, asks the same as "which teams have the oldest users".
  const lead = q.tokens.findIndex((t) => !/^(list|show|me|give|get|find|all|the)$/.test(t.text));
  const first = q.tokens[lead]?.text ?? '';
  const held = /s$/.test(first) && /^(with|having|have|has|had)$/.test(q.tokens[lead + 1]?.text ?? '');
  const which = q.tokens.findIndex((t) => /^(which|what)$/.test(t.text));
  const at = which < 0 && held ? lead - 1 : which;
  const t = q.tokens[at + 1];
  if ((at < 0 && !held) || !t || t.quoted || q.isUsed(at + 1)) return null;
  const field = resolveField(v, t.text);
  if (!field || v.kinds.get(field) !== 'category' || draft.filters.some((f) => f.field === field))
    return null;
  const rest = q.tokens.slice(at + 2).map((w) => w.text);
  // "channels with the latest messages" ranks each channel by its records' times as well; "what
  // channel has the latest message" asks for one record and stays read.
  const ranks = (w: string) => SUPERLATIVE.test(w) || (held && /^(latest|newest|earliest)$/.test(w));
  // "which customer placed the largest order": one record ranked, whose customer the answer holds.
  const oneRecord = (w: string, k: number) =>
    !/^(most|more|fewest|fewer|least|less)$/.test(w) &&
    isStoreWord(v, rest[k + 1] ?? '') &&
    !pluralRecords(v, rest[k + 1] ?? '');
  return rest.some((w, k) => ranks(w) && !oneRecord(w, k)) ? t : null;
}

/**
 * "which service has the most orders", "which host has the most users": a field of other stores asked
 * about with "which" and a superlative is no grouping of the store chosen, whose records would
 * otherwise all be listed.
 */
function foreignGroup(
  q: Question,
  v: StoreVocabulary,
  others: StoreVocabulary[],
  draft: Draft,
): Token | null {
  if (draft.groupBy) return null;
  const at = q.tokens.findIndex((t) => /^(which|what)$/.test(t.text));
  const t = q.tokens[at + 1];
  if (at < 0 || !t || t.quoted || q.isUsed(at + 1) || resolveField(v, t.text) !== null) return null;
  if (!others.some((o) => resolveField(o, t.text) !== null)) return null;
  return q.tokens.slice(at + 2).some((w) => SUPERLATIVE.test(w.text)) ? t : null;
}

const SUPERLATIVE =
  /^(most|least|highest|lowest|largest|smallest|biggest|greatest|oldest|youngest|fewest|busiest|cheapest|slowest|fastest)$/;

/** Verbs that ask for records and prepositions, which may stand right before a store's noun. */
const BEFORE_NOUN =
  /^(select|filter|group|sort|order|rank|break|split|compare|pull|grab|query|retrieve|view|print|dump|export|check|bring|among|amongst|across|between|over|under|like|than|but|except|including)$/;

/**
 * Words that name every record of a kind rather than some of them: "the existing orders", "system
 * logs", "performance metrics", "chat messages", "past orders". Before a store's noun they narrow nothing.
 */
const ANY_RECORD =
  /^(existing|actual|real|various|different|individual|separate|respective|relevant|raw|full|complete|entire|plain|regular|normal|standard|typical|known|tracked|saved|system|server|application|app|platform|production|prod|performance|monitoring|telemetry|event|events|activity|audit|chat|purchase|incoming|customer|client|account|past|previous|prior|earlier|historical|historic|such|more|extra|additional|further|remaining)$/;

/** "the update logs": a verb that changes data, before a noun, names a kind of record rather than describing one. */
const WRITE_VERB = new RegExp(`^(?:${WRITE_VERBS})$`);

/**
 * "critical logs", "logs that are critical", "logs with level critical": a word left unexplained
 * where it can only describe which records are asked for is a value no field holds; answered without
 * it, the question would be answered for every (other) matching record. Next to a field's name
 * ("level critical", "critical level") it is that field's value; before the store's own noun or after
 * "with" it says which records. Before a value read as a condition ("critical errors in the api
 * service") it only stresses the value. After "are" or as the verb of "who"/"that", it is only
 * refused when nothing else says which records: "users who belong to the sales team" reads.
 */
function unknownQualifier(
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
  vocabularies: StoreVocabulary[],
  timed: boolean,
): Token | null {
  const narrowed = draft.filters.length > 0 || draft.text !== null;
  for (const t of q.leftovers()) {
    const i = q.tokens.indexOf(t);
    if (t.quoted || !describingWord(t.text, vocabularies)) continue;
    if ([q.tokens[i - 1], q.tokens[i + 1]].some((n) => namesUnaskedField(v, draft, n))) return t;
    const before = q.tokens[i - 1];
    const next = q.tokens[i + 1];
    // "messages with attachments", "orders with a discount": records having a thing no field names
    // ("messages with body containing invoice" names the text searched).
    // "users who have pets", "how many users have children": a thing no field records, had.
    // "users with two factor enabled", "messages with 3 attachments": so is a counted thing.
    const having =
      draft.text === null &&
      (HAVING.test(before?.text ?? '') ||
        ((/^(a|an|any|some)$/.test(before?.text ?? '') || parseNumber(before?.text ?? '') !== null) &&
          HAVING.test(q.tokens[i - 2]?.text ?? '')));
    if (having) return t;
    // "number of likes per message", "how many replies per channel": what is counted is no record
    // or value of this tenant; counted without it, every record would be.
    // ("how many times", "number of sign ups" count the records themselves.)
    if (COUNTING.test(`${q.tokens[i - 2]?.text ?? ''} ${before?.text ?? ''}`) && !OCCURRENCES.test(t.text))
      return t;
    // "anything weird in the logs", "something unusual today": the word says which records are asked for.
    if (/^(anything|something|everything|nothing)$/.test(before?.text ?? '') && t.text !== 'else') return t;
    // "the most valuable customer", "which user is the most loyal": a ranking by what no field records.
    if (/^(most|least)$/.test(before?.text ?? '')) return t;
    // "users signed up via google": a means no field records.
    if (/^(via|through)$/.test(before?.text ?? '')) return t;
    // "users who churned": a verb no field records, where nothing else says which records ("users who
    // belong to the sales team", "orders that came in today" are read by their value and time).
    if (!narrowed && !timed && /^(who|that|which)$/.test(before?.text ?? '')) return t;
    // "messages nobody replied to", "orders someone complained about": what a person did to a record
    // is no field of it, whatever else narrows the records.
    if (ANYBODY.test(before?.text ?? '') || (before?.text === 'one' && q.tokens[i - 2]?.text === 'no'))
      return t;
    // "logs that are critical", "which orders are urgent".
    if (
      !narrowed &&
      before &&
      /^(are|is|were|was)$/.test(before.text) &&
      (!next || STOP_WORDS.has(next.text))
    )
      return t;
    // "urgent paid orders": learned values read as conditions may stand between the word and the noun.
    let k = i + 1;
    while (
      q.tokens[k] &&
      !q.tokens[k]!.quoted &&
      q.isUsed(k) &&
      !isStoreWord(v, q.tokens[k]!.text) &&
      filteredBy(v, draft, q.tokens[k]!.text)
    )
      k++;
    const noun = q.tokens[k];
    if (!noun || noun.quoted || !q.isUsed(k) || !isStoreWord(v, noun.text)) continue;
    // "critical errors": before a value read as a condition, the word only stresses it.
    if (k === i + 1 && filteredBy(v, draft, noun.text)) continue;
    // "break down users": the word is part of a phrase no rule read.
    if (before && !q.isUsed(i - 1) && !STOP_WORDS.has(before.text)) continue;
    return t;
  }
  return null;
}

const HAVING = /^(with|have|has|having|own|owns)$/;
/** The two words before what is counted: "number of", "how many". */
const COUNTING = /^(?:(?:number|count|numbers|counts|total|amount) of|how many)$/;
/** Words for the records counted themselves: "how many times", "number of sign ups". */
const OCCURRENCES = /^(times|occurrences|instances|cases|sign)$/;

/** Whether a word is a learned value that one of the conditions read asks for: "errors" for level = error. */
function filteredBy(v: StoreVocabulary, draft: Draft, word: string): boolean {
  const key = normalize(word);
  const entries = v.values.get(key) ?? v.stems.get(stem(key)) ?? [];
  return entries.some((e) => draft.filters.some((f) => f.field === e.field && String(f.value) === e.value));
}

/** Whether a word left unexplained may be an adjective describing records: no grammar, field or store. */
function describingWord(w: string, vocabularies: StoreVocabulary[]): boolean {
  if (!/^[a-z]+$/.test(w) || STOP_WORDS.has(w) || FILLER_WORDS.has(w) || OPENERS.has(w) || NOT_VALUES.test(w))
    return false;
  if (BEFORE_NOUN.test(w) || WRITE_VERB.test(w) || ANY_RECORD.test(w) || parseNumber(w) !== null)
    return false;
  return !vocabularies.some((o) => resolveField(o, w) !== null || isStoreWord(o, w));
}

/** Whether a word names a category field of the store that no value, grouping or sort was read for. */
function namesUnaskedField(v: StoreVocabulary, draft: Draft, token: Token | undefined): boolean {
  if (!token || token.quoted) return false;
  const field = resolveField(v, token.text);
  if (!field || v.kinds.get(field) !== 'category' || field === draft.groupBy) return false;
  return !draft.filters.some((f) => f.field === field) && !draft.sort.some((s) => s.field === field);
}

/**
 * "how much did each currency bring in": an answer fanned out to several stores that aggregates or
 * groups by a field some of them lack would add their records up as nothing (a null group, a sum of
 * one store's field only). The field that is missing somewhere, or null when every store holds both.
 */
function unheldAcrossStores(
  chosen: StoreVocabulary[],
  field: string | null,
  groupBy: string | null,
): string | null {
  if (chosen.length < 2) return null;
  for (const f of [field, groupBy]) {
    if (f && chosen.some((c) => c.store.fields[f] === undefined)) return f;
  }
  return null;
}

/**
 * Why groups ranked from the smallest ("which plan has the fewest users", "the least common level")
 * are refused: a group with no records is no group at all, so the smallest found may not be the
 * smallest there is. Every group can be asked for instead.
 */
function fromLargest(v: StoreVocabulary | null, field: string | null): string {
  const every = field ? `, or for every ${field}${v ? ` ("${v.store.domain} by ${field}")` : ''}` : '';
  return `Groups can only be ranked from the largest: ask for the top groups instead${every}`;
}

/**
 * "users per country in ascending order", "revenue per host, lowest first": a direction asked of a
 * grouped answer orders the groups by their value. Groups are only ranked from the largest, so a
 * count of them taken from the smallest is refused.
 */
function groupSort(stores: StoreEntry[], draft: Draft, direction: { dir: SortKey['dir'] }): SortKey[] {
  if (direction.dir === 'asc' && draft.limit !== null)
    throw unparseable(stores, fromLargest(null, draft.groupBy));
  return [{ field: GROUP_VALUE, dir: direction.dir }];
}

/**
 * "the largest order for each currency", "the latest order per customer": one record ranked within
 * each group. By the store's measure, the one record's measure is the group's extreme, as "the
 * biggest order per customer" is read; by time or by several records, no answer holds it.
 */
function rankedWithinGroups(stores: StoreEntry[], q: Question, v: StoreVocabulary, draft: Draft): void {
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
 * The refusal of a spending question that names a person by a name where the store that measures
 * what is spent (one with an additive measure and a person field) names them only by email
 * addresses, some of which start with that name; null when no such store or word.
 */
function spendingByEmail(q: Question, vocabularies: StoreVocabulary[]): string | null {
  for (const o of vocabularies) {
    const person = personField(o);
    if (!person || !o.measure || o.measure === ageField(o) || !ADDITIVE.test(normalize(o.measure))) continue;
    const values = Object.keys(fieldStats(o.store.fields, person)?.values ?? {});
    for (const t of q.tokens) {
      if (t.quoted || t.text.includes('@') || STOP_WORDS.has(t.text) || !/^\p{L}{2,}$/u.test(t.text))
        continue;
      const key = normalize(t.text);
      if (!values.some((x) => x.toLowerCase().startsWith(`${key}.`) || x.toLowerCase().startsWith(`${key}@`)))
        continue;
      const refusal = nameForEmails(o, person, t.raw);
      if (refusal) return refusal;
    }
  }
  return null;
}

/** Words for how much a record is worth, after a store word: "order value", "order size". */
const MEASURE_WORDS = /^(value|values|worth|size|sizes|volume|volumes)$/;
/** Words for what people spend, which only a store of purchases measures. */
const SPENDING = /^(spend|spends|spent|spending|spender|spenders)$/;
const ADDITIVE =
  /^(revenue|revenues|money|amount|amounts|sales|spend|spending|spent|spender|spenders|cost|costs|income|profit|bytes|quantity|volume)$/;
const INTENSIVE =
  /^(usage|utilization|utilisation|load|latency|latencies|time|times|duration|durations|rate|rates|percent|percentage|temperature|speed)$/;

/**
 * The aggregate a grouped question implies by what it measures, when it names none: by its words,
 * and by the words of the learned values it filters on ("memory" is memory_usage, a level).
 */
/**
 * "which host had the highest cpu reading", "the peak memory value per host": one reading is the
 * extreme asked for, so each group's maximum (or minimum) ranks it, not its average.
 */
function extremeReading(q: Question): AggregateFn | null {
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
 * Whether the question names its records with a noun for records ("readings", "samples", "entries")
 * before any word that groups them ("by", "per", "each"): "cpu readings by host" counts the readings
 * of each host, where "hosts by cpu readings" ranks hosts by a measure.
 */
function namesRecordsBeforeGrouping(q: Question): boolean {
  for (const t of q.tokens) {
    if (t.quoted) continue;
    if (/^(by|per|each|every|across)$/.test(t.text)) return false;
    if (RECORD_NOUN.test(t.text)) return true;
  }
  return false;
}

function implicitAggregate(
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

/** The question with a store's word put before its grouping ("count logs by service"), or after it. */
function withStore(q: Question, domain: string): string {
  const text = q.original.replace(/[?.!\s]+$/, '');
  const at = text.search(/\s(?:by|per|for each)\s/i);
  return at >= 0 ? `${text.slice(0, at)} ${domain}${text.slice(at)}` : `${text} in ${domain}`;
}

/** A refusal whose first suggestions are the question asked of each store in turn. */
function withStores(error: AppError, q: Question, domains: string[]): AppError {
  const suggestions = [...domains.map((d) => withStore(q, d)), ...(error.suggestions ?? [])].slice(0, 8);
  return new AppError(error.status, error.code, error.message, { details: error.details, suggestions });
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
