/**
 * "Did you mean": the refusals of a word one slip of the keyboard from a learned value, a store's
 * word or a common word of time or asking, with the question fixed as the first suggestion. It must
 * never correct a word silently.
 */
import type { AppError } from '@smartdb/core';
import { fieldStats, type StoreEntry } from '@smartdb/registry';
import { unparseable } from './draft.ts';
import { escapeRegex, isStoreWord, isValueWord, personField, resolveField } from './patterns.ts';
import type { Question } from './question.ts';
import type { Filter } from './types.ts';
import { type StoreVocabulary, valuesNear, vocabularyOf } from './vocabulary.ts';
import {
  FILLER_WORDS,
  normalize,
  oneSlipApart,
  parseNumber,
  STOP_WORDS,
  stem,
  swappedOrAddedSlip,
  type Token,
} from './words.ts';

/**
 * "users on the premuim plan", "logs from web-l": a word one slip from a learned value ("premium",
 * "web-1") is refused, never matched to nothing or dropped; the question with the value in its place
 * is the first suggestion. ARCHITECTURE grounds words in the tenant's data, and a guess could answer
 * a question nobody asked.
 */
export function misspelled(
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
export function withFixes(error: AppError, q: Question, said: string, fixes: string[]): AppError {
  const at = new RegExp(
    `(?<![\\p{L}\\p{N}])${escapeRegex(said).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`,
    'iu',
  );
  const fixed = fixes.map((f) => q.original.replace(at, f)).filter((text) => text !== q.original);
  const suggestions = [...fixed, ...(error.suggestions ?? [])].slice(0, 8);
  return error.withSuggestions(suggestions);
}

/**
 * The refusal of a word no field explains: with the learned values one slip from it, when there are
 * any (not people's names, which many an English word is one slip from: "date" and "dave").
 */
export function unknownWord(
  stores: StoreEntry[],
  q: Question,
  v: StoreVocabulary,
  token: Token,
  message: string,
): AppError {
  // "users from the states": where the question names its store, another store's word ("stats")
  // would make it a question of two stores; only the named store's own words are offered.
  const named = q.tokens.some((t) => !t.quoted && isStoreWord(v, normalize(t.text)));
  const store = storeWordsNear(named ? [v] : stores.map(vocabularyOf), token.text);
  // "how many ordrs are refunded": a slip in the store's own word is said as one, not as a field or
  // topic no store holds ("No field of orders tells which are \"ordrs\"").
  if (store.length) return misspelled(stores, q, token.raw, store, `Could not read "${token.raw}"`);
  const person = personField(v);
  // "purchses": the stem of a slip in the plural is one slip from the value ("purchase").
  const slips = valuesNear(v, token.text);
  const near = (slips.length ? slips : valuesNear(v, stem(normalize(token.text)))).filter(
    (n) => !(v.values.get(normalize(n)) ?? []).every((e) => e.field === person),
  );
  if (near.length) return misspelled(stores, q, token.raw, near, message);
  return unparseable(stores, message, { unknown: q.leftovers().map((t) => t.raw) });
}

/**
 * "total revenu this week": the learned values of any store one slip from a word, where nothing in
 * the question named a store (people's names left out, which many an English word is one slip from).
 */
export function valuesNearInAny(vocabularies: StoreVocabulary[], word: string): string[] {
  // "who earns the most": a word of time or of asking is that word, never a slip of a value ("POST").
  if (COMMON_WORDS.includes(normalize(word))) return [];
  const near = new Set<string>();
  for (const v of vocabularies) {
    const person = personField(v);
    for (const n of valuesNear(v, word))
      if (!(v.values.get(normalize(n)) ?? []).every((e) => e.field === person)) near.add(n);
  }
  return [...near];
}

/** "avg amout by status", "avg duraton by page": the number fields named one slip from a word. */
export function measuresNear(v: StoreVocabulary, word: string): string[] {
  const key = normalize(word);
  const near = new Set<string>();
  for (const [name, field] of v.fields) {
    if (v.kinds.get(field) === 'number' && !name.includes(' ') && oneSlipApart(key, name)) near.add(name);
  }
  return [...near];
}

/**
 * "ordres", "messges from john", "usres in germany": the words naming a store one slip from a word no
 * store is named by. Not a letter changed, nor one added or dropped in a word of four letters, which
 * so often make another word ("how tall", "stars", "cats" are no "talk", "stats", "chats").
 */
export function storeWordsNear(vocabularies: StoreVocabulary[], word: string): string[] {
  const key = normalize(word);
  if (vocabularies.some((v) => isStoreWord(v, key))) return [];
  const near = new Set<string>();
  for (const v of vocabularies) {
    for (const name of [...v.names, ...v.synonyms]) {
      // The forms of what the time field says happened include some that are no words ("viewe").
      if (v.recorded.has(name)) continue;
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
export function misspelledFilter(
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
export function misspelledWord(
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
export function misspeltCommonWord(
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
 * "total memroy usage", "avg respone time", "users by contry", "total ammount": a word left unread
 * one slip from a word of a field's name or of a learned value of several words (memory of
 * memory_usage, response of response_time). Such a word names nothing in full, so no rule reads it:
 * dropped, "total memroy usage" searched the logs for "usage" and counted them. Slips as
 * `misspeltCommonWord` takes them (two letters swapped, or one added or dropped in a word of five
 * letters or more), never a word that is one of these words with a letter put before or after it
 * ("valued", "teams", "mount" of amount) nor a word any store holds; after "by", only two letters
 * swapped ("users by tema"), as "county" is no slip of "country". People's names are left out, as
 * English words are so often one slip from one. A slip in a word of a value read already ("cpu
 * usge": cpu is cpu_usage) adds nothing to the question and is let be.
 */
export function misspeltDataWord(
  q: Question,
  vocabularies: StoreVocabulary[],
  filters: Filter[] = [],
): { word: string; near: string[] } | null {
  const read = new Set(
    filters.flatMap((f) =>
      (Array.isArray(f.value) ? f.value : [f.value]).flatMap((x) => normalize(String(x)).split(' ')),
    ),
  );
  for (const t of q.leftovers()) {
    const key = t.text;
    if (t.quoted || key.length < 4 || !/^[a-z]+$/.test(key) || STOP_WORDS.has(key) || FILLER_WORDS.has(key))
      continue;
    if (COMMON_WORDS.includes(key)) continue;
    if (vocabularies.some((v) => isValueWord(v, key) || isStoreWord(v, key) || resolveField(v, key)))
      continue;
    // "users by county": after "by" a word names a field, and one a letter longer or shorter than a
    // field the data has is as likely another the data lacks; two letters swapped are a slip all the same.
    const at = q.tokens.indexOf(t);
    const grouping = /^(?:by|per)$/.test(
      q.tokens[at - (q.tokens[at - 1]?.text === 'the' ? 2 : 1)]?.text ?? '',
    );
    const near = new Set<string>();
    for (const v of vocabularies)
      for (const word of dataWords(v))
        if (
          swappedOrAddedSlip(key, word, !grouping && Math.max(key.length, word.length) >= 5) &&
          !endsApart(key, word)
        )
          near.add(word);
    if (near.size && [...near].some((w) => !read.has(w))) return { word: t.raw, near: [...near] };
  }
  return null;
}

/** Whether one word is the other with a letter put before or after it ("valued", "mount" of "amount"). */
function endsApart(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.length === short.length + 1 && (long.startsWith(short) || long.endsWith(short));
}

/** The words of a store's field names and of its recurring learned values of several words. */
function dataWords(v: StoreVocabulary): Set<string> {
  const known = DATA_WORDS.get(v);
  if (known) return known;
  const person = personField(v);
  const words = new Set<string>();
  const keep = (text: string) => {
    for (const w of text.split(' ')) if (/^[a-z]{3,}$/.test(w) && !STOP_WORDS.has(w)) words.add(w);
  };
  for (const name of v.fields.keys()) keep(name);
  // A value said more than once: names and titles, each held once, are no words of the data's own.
  for (const [text, entries] of v.values)
    if (
      text.includes(' ') &&
      /^[a-z ]+$/.test(text) &&
      entries.some((e) => e.field !== person && e.occurrences > 1)
    )
      keep(text);
  DATA_WORDS.set(v, words);
  return words;
}

/** `dataWords` per vocabulary object (vocabularies are memoised per registry entry and version). */
const DATA_WORDS = new WeakMap<StoreVocabulary, Set<string>>();

/**
 * "orders this semester", "errors last sprint", "revenue this fiscal year": a word no rule read after
 * a word that opens a period names a period no rule reads; dropped, the question would be answered
 * for every record.
 */
export function unknownPeriod(q: Question, vocabularies: StoreVocabulary[]): string | null {
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
