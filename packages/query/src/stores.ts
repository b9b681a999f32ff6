/**
 * Chooses which of the tenant's stores a question is about, by evidence: words that name a store
 * (domain, singular, synonyms) weigh most, then learned values the question mentions, then field
 * names. A tie between domains that only values settle fans the question out to all of them. A
 * store synonym that is another store's field ("customer") is weighed by the rest of the question.
 * It reads the question without consuming it and never guesses a store nothing points to.
 */
import { fieldStats, type StoreEntry } from '@smartdb/registry';
import type { Question } from './question.ts';
import { ageField, type StoreVocabulary, shapeOf, singular, vocabularyOf } from './vocabulary.ts';
import { containsWords, normalize, SORT_ORDER_WORDS, STOP_WORDS, stem, stemLastWord } from './words.ts';

export interface StoreChoice {
  domain: string;
  stores: StoreVocabulary[];
  /** True when a word of the question names the store (not only its values). */
  named: boolean;
}

/** Words that make a question span every store: "count everything", "all records". */
export const EVERYTHING = new Set(['everything', 'anything', 'records', 'record', 'entries', 'data', 'all']);
/** Search words after which the next word is text as written, even a store's name ("containing orders"). */
const LITERAL_SEARCH_WORDS = new Set([
  'containing',
  'mentioning',
  'mention',
  'mentions',
  'mentioned',
  'saying',
]);
const SEARCH_WORDS = new Set(['search', ...LITERAL_SEARCH_WORDS]);
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
/** A token that looks like an identifier: letters and digits, e.g. `u-0007`, `ord_123`, `xyz123`. */
export const ID_LIKE = /^(?=.*\d)(?=.*[a-z])[a-z0-9][a-z0-9._:-]*$/i;

/**
 * Fields of a store whose learned values could hold `raw` even though the dictionary overflowed; with
 * `unseen`, also fields whose complete dictionary lacks it but holds values of its shape ("web-3"
 * beside web-1 and web-2), which a question names although no record holds it.
 */
export function fieldsShaped(v: StoreVocabulary, raw: string, unseen = false): string[] {
  const out: string[] = [];
  for (const [name, stats] of Object.entries(v.store.fields)) {
    if (!stats.values || (stats.types.string ?? 0) === 0) continue;
    const samples = Object.keys(stats.values);
    if (EMAIL.test(raw)) {
      if (/e-?mail/i.test(name) || samples.some((s) => EMAIL.test(s))) out.push(name);
    } else if (
      ID_LIKE.test(raw) &&
      (stats.overflow || unseen) &&
      samples.some((s) => shapeOf(s) === shapeOf(raw))
    ) {
      out.push(name);
    }
  }
  return out;
}

export function isEmail(raw: string): boolean {
  return EMAIL.test(raw);
}

interface StoreScore {
  score: number;
  named: boolean;
  values: number;
  /** The words that named the store, with what each added to its score. */
  naming: { word: string; weight: number }[];
}

/** "the most active senders": a ranking adjective after most / least is no learned value ("active"). */
const RANKING_ADJECTIVES = /^(active|common|frequent|popular|used|recent|expensive)$/;

function isField(v: StoreVocabulary, word: string): boolean {
  return v.fields.has(word) || v.fields.has(stem(word));
}

/**
 * Tokens that are learned values written next to their field ("sales team", "plan premium"): such a
 * word is the value, even when it also names a store ("sales" for orders).
 */
function valuesBesideTheirField(q: Question, vocabularies: StoreVocabulary[]): Set<number> {
  const out = new Set<number>();
  const fieldAt = (v: StoreVocabulary, i: number) => {
    const t = q.tokens[i];
    if (!t || t.quoted) return null;
    const word = normalize(t.text);
    return v.fields.get(word) ?? v.fields.get(stem(word)) ?? null;
  };
  for (const i of q.free()) {
    const t = q.tokens[i]!;
    if (t.quoted) continue;
    const word = normalize(t.text);
    for (const v of vocabularies) {
      const entries = v.values.get(word) ?? v.stems.get(stem(word)) ?? [];
      const near = [fieldAt(v, i - 1), fieldAt(v, i + 1)];
      if (entries.some((e) => near.includes(e.field))) out.add(i);
      // "who works in sales": after "in", a learned value that only a synonym makes a store word is the value.
      const named = vocabularies.some((n) => n.names.has(word) || n.names.has(singular(word)));
      if (entries.length && !named && q.tokens[i - 1]?.text === 'in') out.add(i);
    }
  }
  return out;
}

/**
 * "search for invoice": a word searched for, found in learned text, names no store; nor does a
 * store's name right after "containing" or "mentioning" ("messages mentioning orders").
 */
function searchedWords(q: Question, vocabularies: StoreVocabulary[], phrases: number[][]): Set<number> {
  const out = new Set<number>();
  const texts = vocabularies.flatMap((v) => v.textValues);
  for (const i of q.free()) {
    const t = q.tokens[i]!;
    const before = q.tokens[i - 1]?.text ?? '';
    const trigger = before === 'for' ? (q.tokens[i - 2]?.text ?? '') : before;
    if (t.quoted || !SEARCH_WORDS.has(trigger)) continue;
    if (texts.some((text) => containsWords(text, t.text) || containsWords(text, stem(t.text)))) out.add(i);
    else if (LITERAL_SEARCH_WORDS.has(before) && vocabularies.some((v) => v.names.has(singular(t.text))))
      out.add(i);
  }
  for (const run of phrases) for (const i of run) out.add(i);
  return out;
}

/**
 * "payment provider timeouts": runs of three words or more said together in learned text (the last
 * one maybe in the plural) are a phrase of a record, and name no store on their own.
 */
function saidPhrases(q: Question, texts: string[]): number[][] {
  const runs: number[][] = [];
  for (const run of q.freeRuns(5)) {
    const words = run.map((i) => q.tokens[i]!);
    if (run.length < 3 || words.some((w) => w.quoted)) continue;
    const phrase = words.map((w) => w.text).join(' ');
    const forms = [phrase, stemLastWord(phrase)];
    if (texts.some((text) => forms.some((f) => containsWords(text, f)))) runs.push(run);
  }
  return runs;
}

/**
 * "seeing an error on the checkout page": words inside a phrase of learned text that says at least
 * two words of substance, starting and ending with one, are words of that record's text; a learned
 * value among them ("error" of a log level) is no evidence for its store. A run of small words around
 * one value ("error on the") stays evidence.
 */
function textPhraseWords(q: Question, phrases: number[][]): Set<number> {
  const out = new Set<number>();
  for (const run of phrases) {
    const words = run.map((i) => q.tokens[i]!.text);
    const content = words.filter((w) => !STOP_WORDS.has(w));
    if (content.length < 2 || STOP_WORDS.has(words[0]!) || STOP_WORDS.has(words[words.length - 1]!)) continue;
    for (const i of run) out.add(i);
  }
  return out;
}

const SORT_ORDER = new RegExp(`^(?:${SORT_ORDER_WORDS})$`);

/** "users in ascending order of age", "users order by age": the "order" of a sort names no store. */
function sortWords(q: Question, vocabularies: StoreVocabulary[]): Set<number> {
  const out = new Set<number>();
  for (const i of q.free()) {
    if (q.tokens[i]!.text !== 'order') continue;
    const before = q.tokens[i - 1]?.text ?? '';
    const after = q.tokens[i + 1]?.text ?? '';
    const field = normalize(q.tokens[i + 2]?.text ?? '');
    if (SORT_ORDER.test(before) || (/^(by|of)$/.test(after) && vocabularies.some((v) => isField(v, field))))
      out.add(i);
  }
  return out;
}

/** The word after a word for people, past "who" or "that": "customers (who) mention". */
function verbAfter(q: Question, i: number): string {
  return q.tokens[/^(?:who|that)$/.test(q.tokens[i + 1]?.text ?? '') ? i + 2 : i + 1]?.text ?? '';
}

/** Whether the people named at `i` are said to write a text: "which customers mention invoice". */
export function peopleSaying(q: Question, i: number): boolean {
  return LITERAL_SEARCH_WORDS.has(verbAfter(q, i));
}

/**
 * "count warnings by message", "errors grouped by message": a word that groups ("by", "per") and is a
 * field of another store (logs' message) than the one it names (messages) is that field; the rest of
 * the question says which store. ("channels by message count" still counts messages.)
 */
function groupedFields(q: Question, vocabularies: StoreVocabulary[]): Set<number> {
  const out = new Set<number>();
  for (const i of q.free()) {
    const t = q.tokens[i]!;
    if (t.quoted || !/^(?:by|per)$/.test(q.tokens[i - 1]?.text ?? '')) continue;
    if (/^(?:count|counts|number|volume|total)$/.test(q.tokens[i + 1]?.text ?? '')) continue;
    const word = normalize(t.text);
    const naming = vocabularies.filter((v) => v.names.has(word));
    if (!naming.length) continue;
    // The store holding the field must be said by another word: "warnings" of logs. "average
    // duration by device": or by another of its fields that no store the word names has.
    const said = (v: StoreVocabulary) =>
      q.free().some((j) => {
        const w = normalize(q.tokens[j]!.text);
        if (j === i || q.tokens[j]!.quoted || STOP_WORDS.has(w)) return false;
        if (isField(v, w) && !naming.some((n) => isField(n, w) || n.names.has(singular(w)))) return true;
        return (
          v.names.has(singular(w)) || v.synonyms.has(singular(w)) || v.values.has(w) || v.stems.has(stem(w))
        );
      });
    if (vocabularies.some((v) => !naming.includes(v) && isField(v, word) && said(v))) out.add(i);
  }
  return out;
}

/** People ranked by what they do: "the 5 most active users", "top 5 customers", "busiest members". */
const RANKED_PEOPLE =
  /^(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten) )?(?:most active|least active|busiest|top|biggest|largest|best)(?: (?:\d+|two|three|four|five|six|seven|eight|nine|ten))?$/;
/** The same said after the people: "which user is the most active" (read of the users, one answered per user). */
const RANKED_AFTER = /^(?:is|are|was|were) (?:the )?(?:most active|least active|busiest)(?: |$)/;
const ACTORS: [RegExp, RegExp][] = [
  [
    /^(users?|people|persons?|members?|accounts?|senders?|authors?)$/,
    /^(from|sender|author|user_?name|user)$/i,
  ],
  [/^(customers?|clients?|buyers?|shoppers?|spenders?|purchasers?)$/, /^(customer|buyer|client|purchaser)$/i],
];

/**
 * "the 5 most active users in random": people ranked by what they do are the person field of the
 * store that records their doing (messages by sender, orders by customer), not the store of people.
 * Returns the token of such a word and the stores that record it.
 */
function rankedPeople(
  q: Question,
  vocabularies: StoreVocabulary[],
): { at: number; stores: Set<StoreVocabulary> } | null {
  for (const i of q.free()) {
    const word = q.tokens[i]!.text;
    const actor = ACTORS.find(([words]) => words.test(word));
    if (!actor) continue;
    const acting = (v: StoreVocabulary) =>
      !v.names.has(singular(word)) && [...v.kinds.keys()].some((f) => actor[1].test(f));
    // "what did users say about deploys", "what customers bought": people doing what a store's
    // verb names ("say" of messages) are that store's person field.
    // "which users mention deploy": a search verb is said of the text people wrote.
    const verb = verbAfter(q, i);
    const doing = vocabularies.filter(
      (v) =>
        acting(v) && (v.synonyms.has(verb) || (LITERAL_SEARCH_WORDS.has(verb) && v.textFields.length > 0)),
    );
    if (doing.length) return { at: i, stores: new Set(doing) };
    // "which customers mention invoice": where the store that records these people holds no text,
    // what people say is in the store where anyone writes text; searched where none is, no record
    // would ever match.
    const writers = LITERAL_SEARCH_WORDS.has(verb)
      ? vocabularies.filter(
          (v) =>
            v.textFields.length > 0 &&
            !v.names.has(singular(word)) &&
            [...v.kinds.keys()].some((f) => ACTORS.some(([, field]) => field.test(f))),
        )
      : [];
    if (writers.length) return { at: i, stores: new Set(writers) };
    const before = q.tokens.slice(Math.max(0, i - 3), i).map((t) => t.text);
    const lead = [before.slice(-1), before.slice(-2), before.slice(-3)].map((w) => w.join(' '));
    // "distinct customers", "the unique buyers": the values of the field that names them where they
    // act (orders.customer), as "distinct senders" are; a store named by the word is its own records.
    const distinct = /^(?:distinct|unique|different)$/.test(before.at(-1) ?? '');
    if (distinct && !vocabularies.some((v) => v.names.has(singular(word)))) {
      const stores = vocabularies.filter(acting);
      if (stores.length) return { at: i, stores: new Set(stores) };
    }
    // "which user is the most active", "which customers are the biggest": ranked after the word.
    const ranked = RANKED_AFTER.exec(
      q.tokens
        .slice(i + 1, i + 5)
        .map((t) => t.text)
        .join(' '),
    );
    if (!ranked && !lead.some((w) => RANKED_PEOPLE.test(w))) continue;
    const said = i + (ranked ? ranked[0].trim().split(' ').length : 0);
    const stores = vocabularies.filter(acting);
    // "top 5 users by age", "most active users in Germany": the rest speaks of the people themselves.
    const own = vocabularies.filter(
      (v) => !stores.includes(v) && (v.names.has(singular(word)) || v.synonyms.has(singular(word))),
    );
    const knows = (v: StoreVocabulary, w: string) => isField(v, w) || v.values.has(w) || v.stems.has(stem(w));
    const rest = q
      .free()
      .filter((k) => k > said)
      .map((k) => normalize(q.tokens[k]!.text));
    const theirs = rest.some((w) => own.some((v) => knows(v, w)) && !stores.some((v) => knows(v, w)));
    if (stores.length && !theirs) return { at: i, stores: new Set(stores) };
  }
  return null;
}

/** Names of a time field that says when someone became a member, and the verbs that say so too. */
const JOINING = /^(signed up|sign up|signup|registered|registration|joined|enrolled)$/;
const JOINING_WORDS = [
  'joined',
  'join',
  'joins',
  'registered',
  'register',
  'enrolled',
  'signed up',
  'sign up',
];

const LIVING = /(?:^| )where (?:.+ )?(?:live|lives|living|located|based|resides?)(?: |$)/;
const PLACE_FIELD = /^(country|city|region|location|address|continent|state)$/i;

/** Whether "order" at `i` opens the question as a command: "order hosts by average cpu usage". */
function commandAt(tokens: Question['tokens'], i: number): boolean {
  const opening = tokens.slice(0, i).every((t) => /^(please|now|then|and|can|could|you|pls)$/.test(t.text));
  if (!opening) return false;
  const by = tokens.findIndex((t, k) => k > i && t.text === 'by');
  return by > i + 1 && by <= i + 4 && !tokens.slice(i + 1, by).some((t) => /\d/.test(t.text));
}

function scoreStore(
  q: Question,
  v: StoreVocabulary,
  asValues: Set<number>,
  inText: Set<number>,
  shared: Set<string> = new Set(),
): StoreScore {
  let score = 0;
  let named = false;
  let values = 0;
  const naming: { word: string; weight: number }[] = [];
  const free = q.free();
  const tokens = q.tokens;
  for (const i of free) {
    const t = tokens[i];
    if (!t || t.quoted || STOP_WORDS.has(t.text)) continue;
    const word = normalize(t.text);
    if (asValues.has(i)) continue;
    // "hosts ordered by max memory usage", "order by amount": a sort, not what was ordered.
    if (/^order(?:ed)?$/.test(word) && tokens[i + 1]?.text === 'by') continue;
    // "order channels by number of messages": opening the question, a command to sort what follows.
    if (word === 'order' && commandAt(tokens, i)) continue;
    // "how many pull requests": a store named by several words, said whole, before the store named
    // by its last word alone (requests of a web server).
    const before = free.includes(i - 1) && !tokens[i - 1]!.quoted ? normalize(tokens[i - 1]!.text) : '';
    if (before && (v.names.has(`${before} ${word}`) || v.names.has(`${before} ${word}s`))) {
      score += 4;
      named = true;
      naming.push({ word, weight: 4 });
    } else if (v.names.has(word) || v.names.has(singular(word))) {
      score += 3;
      named = true;
      naming.push({ word, weight: 3 });
    } else if (v.measured.has(word)) {
      // "the biggest deal" of leads holding `deal_value`, before orders, of which "deal" is a synonym.
      score += 2.5;
      named = true;
      naming.push({ word, weight: 2.5 });
    } else if (
      (v.synonyms.has(word) || v.synonyms.has(singular(word))) &&
      // "views" names the one store whose time field says viewed, not each of several.
      !shared.has(word) &&
      !shared.has(singular(word))
    ) {
      score += 2;
      named = true;
      naming.push({ word, weight: 2 });
    } else if (isField(v, word)) {
      // "average response time per method": a field grouped by is the store's more surely than a
      // value another store holds ("response time" of metrics, where requests hold `method`);
      // "which path has the slowest average response time": so is the field asked "which" of.
      score += /^(?:by|per|which)$/.test(tokens[i - 1]?.text ?? '') ? 1.5 : 0.5;
    }
  }
  // "who signed up today": the words of the store's time field (signed_up_at) point to it as a field does.
  // "the first to sign up": so do the same words with the verb in its plain form; "who joined most
  // recently": and, for a time of signing up, the other verbs of becoming a member.
  const recorded = normalize(v.store.timeField ?? '').replace(/ (at|on|time|date|ts)$/, '');
  const said = free.map((i) => (tokens[i]!.quoted ? '' : tokens[i]!.text)).join(' ');
  const forms = [
    recorded,
    recorded.replace(/^([a-z]+?)e?d\b/, '$1'),
    recorded.replace(/^([a-z]+?)d\b/, '$1'),
    ...(JOINING.test(recorded) ? JOINING_WORDS : []),
  ];
  if (recorded && !STOP_WORDS.has(recorded) && forms.some((f) => containsWords(said, f))) score += 0.5;
  // "how old is nina": asking how old names the age field, as "age of nina" does.
  if (ageField(v) && containsWords(said, 'how old')) score += 0.5;
  // "where does omar live": asking where someone lives names the fields of a place.
  if (LIVING.test(said) && Object.keys(v.store.fields).some((f) => PLACE_FIELD.test(f))) score += 0.5;
  for (let k = 0; k < free.length; k++) {
    for (let n = Math.min(4, free.length - k); n >= 1; n--) {
      const slice = free.slice(k, k + n);
      if (slice[n - 1] !== (slice[0] ?? 0) + n - 1) continue;
      const words = slice.map((i) => tokens[i]!);
      if (n === 1 && !words[0]!.quoted && STOP_WORDS.has(words[0]!.text) && !q.mayBeValue(slice[0]!))
        continue;
      if (slice.every((i) => inText.has(i))) continue;
      if (
        n === 1 &&
        RANKING_ADJECTIVES.test(words[0]!.text) &&
        /^(most|least)$/.test(tokens[slice[0]! - 1]?.text ?? '')
      )
        continue;
      const key = normalize(words.map((w) => w.text).join(' '));
      // Several words count in the plural too ("response times" for response_time), as readValues reads them.
      const plural = n > 1 && !words[n - 1]!.quoted;
      const singularKey = plural
        ? normalize(`${key.slice(0, key.lastIndexOf(' '))} ${stem(words[n - 1]!.text)}`)
        : '';
      if (v.values.has(key) || (plural && v.values.has(singularKey))) {
        score += 1 + 0.5 * (n - 1);
        values += 1;
        break;
      }
      if (n === 1 && v.stems.has(stem(key))) {
        score += 0.75;
        values += 1;
        break;
      }
      if (
        n === 1 &&
        (isEmail(words[0]!.raw) || ID_LIKE.test(words[0]!.raw)) &&
        fieldsShaped(v, words[0]!.raw).length
      ) {
        score += 0.75;
        break;
      }
    }
  }
  return { score, named, values, naming };
}

/** Whether a word of the question (or its stem) occurs inside a learned value of a text field. */
function mentionedInText(v: StoreVocabulary, words: string[]): boolean {
  const wanted = words.filter((w) => w.length > 3 && !STOP_WORDS.has(w)).flatMap((w) => [w, stem(w)]);
  if (wanted.length === 0) return false;
  return v.textValues.some((text) => wanted.some((w) => containsWords(text, w)));
}

interface DomainScore extends StoreScore {
  stores: StoreVocabulary[];
}

/**
 * "top 2 customers by total spend": a word that names the best store only through a synonym
 * (customer → users) and is a field of another store (orders.customer) is read as that field when
 * the rest of the question points more to the other store than to the named one.
 */
function claimedAsField(
  [, best]: [string, DomainScore],
  ranked: [string, DomainScore][],
): [string, DomainScore] | null {
  if (!best.named || best.naming.some((n) => n.weight > 2)) return null;
  const own = (w: string) => best.stores.some((v) => isField(v, w));
  if (best.naming.some((n) => own(n.word))) return null;
  const rest = best.score - best.naming.reduce((sum, n) => sum + n.weight, 0);
  let claim: [string, DomainScore] | null = null;
  let claimRest = rest;
  for (const entry of ranked) {
    const [, other] = entry;
    if (other === best) continue;
    const fields = (w: string) => other.stores.some((v) => isField(v, w));
    if (!best.naming.every((n) => fields(n.word))) continue;
    const otherRest = other.score - 0.5 * best.naming.length;
    // "who has the most comments" of messages (comments are their word) and posts holding
    // `comments_count`: a number field counting what the word names is no weaker a claim.
    const counts =
      best.naming.length > 0 &&
      best.naming.every((n) =>
        other.stores.some(
          (v) => v.kinds.get(v.fields.get(n.word) ?? v.fields.get(stem(n.word)) ?? '') === 'number',
        ),
      );
    if (otherRest > claimRest || (counts && otherRest === claimRest)) {
      claim = entry;
      claimRest = otherRest;
    }
  }
  return claim;
}

/** Words for people in general, which name the users only through a synonym and no store by its own name. */
const ANYONE = /^(?:people|persons?|folks?)$/;

/**
 * "departments with more than 10 people": a word for people in general picks the users, where
 * "departments" is only a synonym of the users' `team`; a store holding a field of exactly that name
 * (employees.department) is the one asked about. Left to the users, their teams were counted.
 */
function exactFieldOverPeople(
  q: Question,
  [, best]: [string, DomainScore],
  ranked: [string, DomainScore][],
): [string, DomainScore] | null {
  if (!best.named || best.naming.length === 0 || !best.naming.every((n) => ANYONE.test(n.word))) return null;
  const exact = (v: StoreVocabulary, w: string) =>
    Object.keys(v.store.fields).some((f) => normalize(f) === w || normalize(f) === singular(w));
  const words = q
    .free()
    .filter((i) => !q.tokens[i]!.quoted)
    .map((i) => normalize(q.tokens[i]!.text));
  const synonymous = words.filter(
    (w) => best.stores.some((v) => isField(v, w)) && !best.stores.some((v) => exact(v, w)),
  );
  if (synonymous.length === 0) return null;
  return (
    ranked.find(
      ([, other]) => other !== best && synonymous.some((w) => other.stores.some((v) => exact(v, w))),
    ) ?? null
  );
}

/**
 * Whether a field identifies one record: every record of the store carries it and no value of its
 * learned dictionary occurs twice (users.email, not orders.customer).
 */
export function isIdentifierField(v: StoreVocabulary, field: string): boolean {
  const stats = fieldStats(v.store.fields, field);
  if (!stats?.values || stats.count < 2 || stats.count !== v.store.recordCount) return false;
  const counts = Object.values(stats.values);
  if (counts.some((n) => n !== 1)) return false;
  return stats.overflow === true || counts.length === stats.count;
}

/** Whether an identifier-shaped word of the question is a learned value of one of the store's identifier fields. */
function identifiesRecord(q: Question, v: StoreVocabulary): boolean {
  const ids = Object.keys(v.store.fields).filter((f) => isIdentifierField(v, f));
  if (ids.length === 0) return false;
  // "who is frank": a question about who someone is asks for the record that is them.
  const identity = q.tokens[0]?.text === 'who' && /^(is|s|was)$/.test(q.tokens[1]?.text ?? '');
  return q.free().some((i) => {
    // Otherwise only a value shaped like an identifier: a plain name ("what did alice write") stays
    // with the stores that record what people do.
    if (!identity && !isEmail(q.tokens[i]!.raw) && !ID_LIKE.test(q.tokens[i]!.raw)) return false;
    const raw = q.tokens[i]!.raw.toLowerCase();
    return ids.some((f) =>
      Object.keys(v.store.fields[f]!.values!).some((value) => value.toLowerCase() === raw),
    );
  });
}

/** Whether a store holds no record and has learned no field. */
function isEmptyStore(store: StoreEntry): boolean {
  return store.recordCount === 0 && Object.keys(store.fields).length === 0;
}

/** The best store(s) for the question, or null when nothing in it points to any store. */
export function chooseStores(q: Question, stores: StoreEntry[]): StoreChoice | null {
  const byDomain = new Map<string, DomainScore>();
  const vocabularies = stores.map(vocabularyOf);
  // Phrases any store's text says, found once for both uses below.
  const phrases = saidPhrases(
    q,
    vocabularies.flatMap((v) => v.textValues),
  );
  const asValues = new Set([
    ...valuesBesideTheirField(q, vocabularies),
    ...searchedWords(q, vocabularies, phrases),
    ...sortWords(q, vocabularies),
    ...groupedFields(q, vocabularies),
  ]);
  const people = rankedPeople(q, vocabularies);
  if (people) asValues.add(people.at);
  const inText = textPhraseWords(q, phrases);
  // Words no synonym names a store by: what more than one store's time field says happened, and
  // the stores' own names.
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const v of vocabularies) for (const w of v.recorded) (seen.has(w) ? shared : seen).add(w);
  // "posts with more than 50 comments" beside messages, of which "post" is a synonym: a store's own
  // name names that store alone.
  for (const v of vocabularies) for (const w of v.names) shared.add(w);
  // "views by country": the stores of a domain that what their time field says happened names.
  const happened = new Set<StoreVocabulary>();
  for (const store of stores) {
    const v = vocabularyOf(store);
    const scored = scoreStore(q, v, asValues, inText, shared);
    if (scored.naming.some((n) => v.recorded.has(n.word) || v.recorded.has(singular(n.word))))
      happened.add(v);
    if (people?.stores.has(v)) {
      scored.score += 3;
      scored.named = true;
    }
    const { score, named, values, naming } = scored;
    const entry = byDomain.get(store.domain) ?? { score: 0, named: false, values: 0, naming: [], stores: [] };
    entry.score = Math.max(entry.score, score);
    entry.values = Math.max(entry.values, values);
    entry.named ||= named;
    if (naming.length > entry.naming.length) entry.naming = naming;
    entry.stores.push(v);
    byDomain.set(store.domain, entry);
  }
  // A store created before any record arrived (POST /v1/mcps) holds nothing to answer with and has
  // learned no field: beside a store of its domain that holds records, it is no part of any answer
  // ("count logs by service" is not refused because the empty one has no service).
  for (const entry of byDomain.values()) {
    const held = entry.stores.filter((v) => !isEmptyStore(v.store));
    if (held.length > 0) entry.stores = held;
    // Of the page views and the GitHub events of one domain, "views" names the page views only.
    const named = entry.stores.filter((v) => happened.has(v));
    if (named.length > 0) entry.stores = named;
  }
  const ranked = [...byDomain.entries()]
    .filter(([, e]) => e.score > 0)
    .sort(
      ([, a], [, b]) =>
        b.score - a.score ||
        Number(b.named) - Number(a.named) ||
        b.stores.reduce((s, x) => s + x.store.recordCount, 0) -
          a.stores.reduce((s, x) => s + x.store.recordCount, 0),
    );
  const best = ranked[0];
  if (!best) {
    const words = q.free().map((i) => q.tokens[i]?.text ?? '');
    if (words.some((w) => EVERYTHING.has(w)) && stores.length > 0) {
      const held = stores.filter((store) => !isEmptyStore(store));
      return { domain: '*', stores: (held.length > 0 ? held : stores).map(vocabularyOf), named: false };
    }
    // "show me timeouts": words found inside the learned text of some stores are searched for there;
    // a phrase of several words, only in the stores that say it.
    const phrased = vocabularies.filter((v) => saidPhrases(q, v.textValues).length > 0);
    const inText = phrased.length ? phrased : vocabularies.filter((v) => mentionedInText(v, words));
    if (inText.length > 0) {
      return { domain: inText.length === 1 ? inText[0]!.store.domain : '*', stores: inText, named: false };
    }
    // "search for coffee": free text in no particular store is looked for in every store with text.
    if (words.some((w) => SEARCH_WORDS.has(w))) {
      const texts = stores.map(vocabularyOf).filter((v) => v.textFields.length > 0);
      if (texts.length > 0)
        return { domain: texts.length === 1 ? texts[0]!.store.domain : '*', stores: texts, named: false };
    }
    return null;
  }
  // "debug messages from the api": a store named by a word none of whose values the question uses
  // yields to a store two or more of whose values it uses (log lines are "messages" too).
  if (best[1].named && best[1].values === 0) {
    const grounded = ranked.find(([, e]) => e.values >= 2);
    if (grounded) return { domain: grounded[0], stores: grounded[1].stores, named: false };
  }
  const fielded = claimedAsField(best, ranked) ?? exactFieldOverPeople(q, best, ranked);
  if (fielded) return { domain: fielded[0], stores: fielded[1].stores, named: fielded[1].named };
  const [domain, top] = best;
  const tied = top.named ? [] : ranked.slice(1).filter(([, e]) => e.score === top.score && !e.named);
  if (tied.length === 0) return { domain, stores: top.stores, named: top.named };
  // "who is ann@x.io": of stores tied on a value, the one where it identifies a record (users.email,
  // every user's own) wins over stores where it only recurs (orders.customer).
  const identifying = [best, ...tied].filter(([, e]) => e.stores.some((v) => identifiesRecord(q, v)));
  if (identifying.length === 1) {
    const [[name, entry]] = identifying as [[string, DomainScore]];
    return { domain: name, stores: entry.stores, named: false };
  }
  return { domain: '*', stores: [top, ...tied.map(([, e]) => e)].flatMap((e) => e.stores), named: false };
}
