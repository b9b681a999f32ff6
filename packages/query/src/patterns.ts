/**
 * Patterns built from a store's vocabulary (its fields, store words and learned values), shared by
 * every rule of the grammar; the vocabularies of several stores merged into one; and the words that
 * name records, people and what opens a question in any store.
 */
import { elementOf } from './nested.ts';
import type { Question } from './question.ts';
import { type FieldKind, type StoreVocabulary, singular, type ValueEntry } from './vocabulary.ts';
import { nameWords, normalize, stem, wordTable } from './words.ts';

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Regex alternation for a set of phrases (longest first, `_`/`-`/space interchangeable). */
export function alternation(phrases: Iterable<string>): string {
  const list = [...new Set(phrases)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (list.length === 0) return '(?!)';
  return list.map((p) => p.split(' ').map(escapeRegex).join('[ _-]')).join('|');
}

/**
 * The words a question names a time field by, as a regex alternation: the words of its name but
 * at/on/date/time ("signed up" of signed_up_at), its whole name ("timestamp", "created at": a field
 * called plainly `timestamp` has no other words), the noun of a verb in -ated ("creation") and the
 * verb's -ing form ("sending", "signing up": "by day of sending").
 */
export function timeFieldWords(timeField: string): string {
  const whole = nameWords(timeField);
  const named = whole.split(' ').filter((w) => !/^(?:at|on|time|date|ts|timestamp|when|utc)$/.test(w));
  return alternation([
    named.join(' '),
    whole,
    ...named.filter((w) => /ated$/.test(w)).map((w) => w.replace(/ed$/, 'ion')),
    named.map(gerund).join(' '),
  ]);
}

/** "sending" for sent, "creating" for created, "signing" for signed: a participle's -ing form. */
function gerund(word: string): string {
  return IRREGULAR_GERUNDS[word] ?? word.replace(/ed$/, 'ing');
}

const IRREGULAR_GERUNDS = wordTable<string>({ sent: 'sending', made: 'making', paid: 'paying' });

/** Merges the vocabularies of several stores into one view for grounding a fanned-out question. */
export function combine(stores: StoreVocabulary[]): StoreVocabulary {
  const [first, ...rest] = [...stores].sort((a, b) => b.store.recordCount - a.store.recordCount);
  if (!first) throw new Error('combine needs at least one store');
  if (rest.length === 0) return first;
  const merged: StoreVocabulary = {
    ...first,
    names: new Set(stores.flatMap((s) => [...s.names])),
    synonyms: new Set(stores.flatMap((s) => [...s.synonyms])),
    fields: mergedFields(stores),
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

/**
 * The fields of several stores by word; a word that is one store's field by its own name (events'
 * `page`) keeps it over another's whose stem it only is (sessions' `pages`).
 */
function mergedFields(stores: StoreVocabulary[]): Map<string, string> {
  const merged = new Map<string, string>();
  for (const s of stores) {
    for (const [word, field] of s.fields) {
      const held = merged.get(word);
      if (held === undefined || normalize(held) !== word) merged.set(word, field);
    }
  }
  return merged;
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

export function fieldPattern(v: StoreVocabulary, kinds?: FieldKind[]): string {
  return memoPattern(v, `fields:${kinds?.join(',') ?? '*'}`, () => {
    const names = [...v.fields]
      .filter(([, f]) => !kinds || kinds.includes(v.kinds.get(f) ?? 'other'))
      // "countries" for country, "currencies" for currency.
      .flatMap(([k]) => (/[^aeiou]y$/.test(k) ? [k, `${k.slice(0, -1)}ies`] : [k]));
    return `(?:${alternation(names)})(?:e?s)?`;
  });
}

export function resolveField(v: StoreVocabulary, text: string): string | null {
  const key = normalize(text);
  return v.fields.get(key) ?? v.fields.get(stem(key)) ?? v.fields.get(key.replace(/e?s$/, '')) ?? null;
}

/** Words whose plural takes "es". */
const SIBILANT_END = /(?:s|x|z|ch|sh|o)$/;

/** The plural of a noun in the singular: "browsers", "countries", "statuses". */
export function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return SIBILANT_END.test(word) ? `${word}es` : `${word}s`;
}

export function storeWords(v: StoreVocabulary): string {
  return memoPattern(v, 'store', () => {
    // "statuses", "boxes" take "es"; "stat" does not make "states", nor "log" "loges".
    // "pull_requests": a name of several words is said as one (rewrites.ts, joinStoreNames).
    const joined = [...v.names].filter((n) => n.includes(' ')).map((n) => n.replaceAll(' ', '_'));
    const words = [...v.names, ...joined, ...v.synonyms];
    const sibilant = words.filter((w) => SIBILANT_END.test(w));
    const other = words.filter((w) => !SIBILANT_END.test(w));
    return `(?:${alternation(sibilant)})(?:e?s)?|(?:${alternation(other)})s?|people`;
  });
}

/** Store words that are no learned value: "log" may be skipped before a field, "error" may not. */
export function plainStoreWords(v: StoreVocabulary): string {
  return memoPattern(v, 'plain-store', () => {
    const words = [...v.names, ...v.synonyms].filter((w) => !isValueWord(v, w) && !isValueWord(v, `${w}s`));
    return `(?:${alternation(words)})(?:e?s)?`;
  });
}

export function isStoreWord(v: StoreVocabulary, word: string): boolean {
  return new RegExp(`^(?:${storeWords(v)})$`).test(normalize(word));
}

/** Whether a word names records in the plural: "entries", "records", "accounts" of users. */
export function pluralRecords(v: StoreVocabulary, word: string): boolean {
  return /s$/.test(word) && (/^(entries|records|rows|items|results)$/.test(word) || isStoreWord(v, word));
}

/**
 * The field `word` names in the plural ("services", "channels"), else null: a store's word names its
 * records, and a field's own name ("status") is no plural of it.
 */
export function pluralField(v: StoreVocabulary, word: string): string | null {
  const f = resolveField(v, word);
  if (!f || isStoreWord(v, word) || !/s$/.test(word)) return null;
  // "roles", "tags": a list's own name is the plural of what its elements are.
  if (normalize(word) === normalize(f) && !elementOf(v.store, f)) return null;
  return f;
}

/** Whether a word is (the stem of) a learned value: "paid", "errors". */
export function isValueWord(v: StoreVocabulary, word: string): boolean {
  return valueEntries(v, word).length > 0;
}

/**
 * The learned values a word says: itself, else by its stem ("warnings" is warn, as `readValues`
 * reads it: by the stem of its stem).
 */
export function valueEntries(v: StoreVocabulary, word: string): ValueEntry[] {
  const key = normalize(word);
  return v.values.get(key) ?? v.stems.get(stem(key)) ?? v.stems.get(stem(stem(key))) ?? [];
}

/** Words for a person, which mean the store's person field where no field is called so. */
export const PERSON_WORDS = 'users?|persons?|people|members?|accounts?';

export const PERSON = new RegExp(`^(?:${PERSON_WORDS})$`);

/** Words for the people a store's records are by, which may follow a word describing them. */
export const PEOPLE = new RegExp(`^(?:${PERSON_WORDS}|customers?|clients?|buyers?|subscribers?)$`);

/** Up to three words after a phrase, captured without consuming them, for `nounAt`. */
export const AHEAD = '(?=(?: (\\S+))?(?: (\\S+))?(?: (\\S+))?)';

/**
 * Where the noun is among the words after "latest", "youngest", "smallest": words of learned values
 * ("paid", "cpu usage") are skipped on the way to it ("order", "reading"); -1 when all are values.
 */
export function nounAt(v: StoreVocabulary, words: string[]): number {
  return words.findIndex(
    (w, i) =>
      w === '' ||
      isStoreWord(v, w) ||
      !(
        isValueWord(v, w) ||
        // "the oldest unresolved ticket", "the latest non-urgent ticket": a value left out, too.
        /^non$/.test(w) ||
        (/^un-?[a-z]{2,}(?:ed|id|en|t)$/.test(w) && v.values.has(w.replace(/^un-?/, ''))) ||
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
export function recordNoun(v: StoreVocabulary, word: string): boolean {
  const key = stem(normalize(word));
  if (!word || v.values.has(normalize(word)) || v.values.has(key)) return false;
  return (v.stems.get(key) ?? []).some((e) => {
    const value = normalize(e.value);
    return value.endsWith('ed') && (value.slice(0, -2) === key || value.slice(0, -3) === key.slice(0, -1));
  });
}

/**
 * Names of the field naming who a record is by: the sender of a message, the customer of an order,
 * the reviewer of a review ("who wrote the most reviews" listed every review).
 */
const PERSON_FIELD =
  /^(from|sender|author|user_?name|user|customer|owner|reviewer|requester|reporter|creator|submitter|commenter)$/i;

/** The field naming who a record is by: the sender of a message, the customer of an order. */
export function personField(v: StoreVocabulary): string | null {
  return [...v.kinds.keys()].find((f) => PERSON_FIELD.test(f)) ?? null;
}

/** Nouns for records of any store, shared by RECORD_NOUN and RECORD_WORDS. */
const RECORD_NOUNS = 'entries|entry|records?|rows?|readings?|samples?';

/** Nouns for one record or several, of any store: "the largest revenue entry", "the 3 lowest cpu samples". */
export const RECORD_NOUN = new RegExp(`^(?:${RECORD_NOUNS}|measurements?|datapoints?)$`);

/** Words that name the records of a store as such: "revenue readings", "revenue recorded since Monday". */
export const RECORD_WORDS = new RegExp(
  `^(?:${RECORD_NOUNS}|items?|results?|data|points?|values|recorded|measured|captured|collected|logged|reported|sampled)$`,
);

/**
 * Words that may open a question without being what it is about: greetings, pronouns, the rest of
 * a contraction ("what's" is "what" and "s"), and verbs that ask what happened ("what went wrong").
 */
// biome-ignore format: a word list reads better packed
export const OPENERS = new Set([
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
 * The field naming each one of what the store is named after: device_id (deviceId, device_name) of
 * a store named devices, whose records are readings of devices. Null when it has none.
 */
export function ownNounField(v: StoreVocabulary, word: string): string | null {
  const noun = singular(normalize(word));
  if (!isStoreWord(v, word)) return null;
  const f = [...v.kinds.keys()].find((k) => {
    const words = nameWords(k).split(' ');
    return words.length === 2 && words[0] === noun && /^(?:id|name|key)$/.test(words[1]!);
  });
  return f && v.kinds.get(f) !== 'number' ? f : null;
}

/** Whether token `i` is a word of a learned value of two to four words said whole ("good first issue"). */
export function insideValue(q: Question, v: StoreVocabulary, i: number): boolean {
  for (let from = Math.max(0, i - 3); from <= i; from++) {
    for (let to = Math.max(i + 1, from + 2); to <= Math.min(q.tokens.length, from + 4); to++) {
      const words = q.tokens.slice(from, to);
      if (words.some((t) => t.quoted)) continue;
      // "good first issues": the last word in the plural too, as `readValues` reads it.
      const head = words.slice(0, -1).map((t) => t.text);
      const last = words.at(-1)!.text;
      if ([last, stem(last)].some((w) => v.values.has(normalize([...head, w].join(' '))))) return true;
    }
  }
  return false;
}
