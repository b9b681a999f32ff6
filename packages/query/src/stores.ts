/**
 * Chooses which of the tenant's stores a question is about, by evidence: words that name a store
 * (domain, singular, synonyms) weigh most, then learned values the question mentions, then field
 * names. A tie between domains that only values settle fans the question out to all of them.
 * It reads the question without consuming it and never guesses a store nothing points to.
 */
import type { StoreEntry } from '@smartdb/registry';
import type { Question } from './question.ts';
import { type StoreVocabulary, shapeOf, singular, vocabularyOf } from './vocabulary.ts';
import { containsWords, normalize, STOP_WORDS, stem } from './words.ts';

export interface StoreChoice {
  domain: string;
  stores: StoreVocabulary[];
  /** True when a word of the question names the store (not only its values). */
  named: boolean;
}

const EVERYTHING = new Set(['everything', 'anything', 'records', 'record', 'entries', 'data', 'all']);
const SEARCH_WORDS = new Set(['search', 'containing', 'mentioning', 'mention', 'mentions', 'saying']);
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
/** A token that looks like an identifier: letters and digits, e.g. `u-0007`, `ord_123`, `xyz123`. */
export const ID_LIKE = /^(?=.*\d)(?=.*[a-z])[a-z0-9][a-z0-9._:-]*$/i;

/** Fields of a store whose learned values could hold `raw` even though the dictionary overflowed. */
export function fieldsShaped(v: StoreVocabulary, raw: string): string[] {
  const out: string[] = [];
  for (const [name, stats] of Object.entries(v.store.fields)) {
    if (!stats.values || (stats.types.string ?? 0) === 0) continue;
    const samples = Object.keys(stats.values);
    if (EMAIL.test(raw)) {
      if (/e-?mail/i.test(name) || samples.some((s) => EMAIL.test(s))) out.push(name);
    } else if (ID_LIKE.test(raw) && stats.overflow && samples.some((s) => shapeOf(s) === shapeOf(raw))) {
      out.push(name);
    }
  }
  return out;
}

export function isEmail(raw: string): boolean {
  return EMAIL.test(raw);
}

function scoreStore(q: Question, v: StoreVocabulary): { score: number; named: boolean; values: number } {
  let score = 0;
  let named = false;
  let values = 0;
  const free = q.free();
  const tokens = q.tokens;
  for (const i of free) {
    const t = tokens[i];
    if (!t || t.quoted || STOP_WORDS.has(t.text)) continue;
    const word = normalize(t.text);
    if (v.names.has(word) || v.names.has(singular(word))) {
      score += 3;
      named = true;
    } else if (v.synonyms.has(word) || v.synonyms.has(singular(word))) {
      score += 2;
      named = true;
    } else if (v.fields.has(word) || v.fields.has(stem(word))) {
      score += 0.5;
    }
  }
  for (let k = 0; k < free.length; k++) {
    for (let n = Math.min(4, free.length - k); n >= 1; n--) {
      const slice = free.slice(k, k + n);
      if (slice[n - 1] !== (slice[0] ?? 0) + n - 1) continue;
      const words = slice.map((i) => tokens[i]!);
      if (n === 1 && !words[0]!.quoted && STOP_WORDS.has(words[0]!.text)) continue;
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
  return { score, named, values };
}

/** Whether a word of the question (or its stem) occurs inside a learned value of a text field. */
function mentionedInText(v: StoreVocabulary, words: string[]): boolean {
  const wanted = words.filter((w) => w.length > 3 && !STOP_WORDS.has(w)).flatMap((w) => [w, stem(w)]);
  if (wanted.length === 0) return false;
  return v.textValues.some((text) => wanted.some((w) => containsWords(text, w)));
}

/** The best store(s) for the question, or null when nothing in it points to any store. */
export function chooseStores(q: Question, stores: StoreEntry[]): StoreChoice | null {
  const byDomain = new Map<
    string,
    { score: number; named: boolean; values: number; stores: StoreVocabulary[] }
  >();
  for (const store of stores) {
    const v = vocabularyOf(store);
    const { score, named, values } = scoreStore(q, v);
    const entry = byDomain.get(store.domain) ?? { score: 0, named: false, values: 0, stores: [] };
    entry.score = Math.max(entry.score, score);
    entry.values = Math.max(entry.values, values);
    entry.named ||= named;
    entry.stores.push(v);
    byDomain.set(store.domain, entry);
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
      return { domain: '*', stores: stores.map(vocabularyOf), named: false };
    }
    // "show me timeouts": words found inside the learned text of some stores are searched for there.
    const inText = stores.map(vocabularyOf).filter((v) => mentionedInText(v, words));
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
  const [domain, top] = best;
  const tied = top.named ? [] : ranked.slice(1).filter(([, e]) => e.score === top.score && !e.named);
  if (tied.length === 0) return { domain, stores: top.stores, named: top.named };
  return { domain: '*', stores: [top, ...tied.map(([, e]) => e)].flatMap((e) => e.stores), named: false };
}
