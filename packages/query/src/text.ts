/**
 * The readers of words found in what records say (learned text): text searched for ("logs
 * mentioning timeout"), and the refusal of text left out or asked for as a person's event.
 */
import type { Draft, Grounding } from './draft.ts';
import { MAGNITUDE } from './measures.ts';
import { elementOf } from './nested.ts';
import {
  escapeRegex,
  fieldPattern,
  isStoreWord,
  isValueWord,
  personField,
  resolveField,
} from './patterns.ts';
import { ANY_WORD, phrase, type Question } from './question.ts';
import { ANYBODY, negated } from './values.ts';
import { type StoreVocabulary, singular, vocabularyOf } from './vocabulary.ts';
import {
  containsWords,
  FILLER_WORDS,
  normalize,
  parseNumber,
  STOP_WORDS,
  stem,
  stemLastWord,
} from './words.ts';

const TEXT_TRIGGERS =
  'containing|contains|contain|mentioning|mentions|mentioned|mention|about|regarding|matching|match|including|includes|saying|says|with the (?:word|words|text|phrase)|with text|that say';

/** Triggers after which the next word is searched for as written, even when it is a learned value. */
const LITERAL_TRIGGERS =
  /^(containing|contains|contain|mentioning|mentions|mentioned|mention|saying|says|with the words?|with text|that say)$/;

export function readTextSearch(g: Grounding): void {
  const { q, v, draft } = g;
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
  /**
   * "orders containing monitors", "posts including ai": a value learned inside lists' elements, and
   * in no learned text, is what the lists contain, read as a value (`readValues`), not text.
   */
  const heldInList = (i: number): boolean => {
    const t = q.tokens[i];
    if (!t || t.quoted) return false;
    const key = normalize(t.text);
    const entries = v.values.get(key) ?? v.stems.get(stem(key)) ?? [];
    // Where the store's text says it too, it is still looked for in the text.
    if (v.textValues.some((text) => containsWords(text, key))) return false;
    return entries.length > 0 && entries.every((e) => elementOf(v.store, e.field) !== undefined);
  };
  // "logs with timeout in the message": a word looked for in a named text field.
  if (v.textFields.length) {
    q.scan(phrase`with (${ANY_WORD}) in (?:the |their |its )?(?:${fieldPattern(v, ['text'])})`, (m) => {
      const token = m.group(1)[0];
      if (draft.text || !token || (!token.quoted && stops.has(token.text))) return false;
      draft.text = token.raw;
      return true;
    });
  }
  // "messages that don't mention deploy": records without a text cannot be asked for.
  q.scan(phrase`(?:not|never) (?:${TEXT_TRIGGERS})|without (?:the )?(?:word|words|phrase|term|text)`, () => {
    draft.unsupported = 'Searching for records that do not contain a text is not supported';
    return true;
  });
  q.scan(
    // "with text containing review": a trigger may follow another.
    phrase`(?:(?:search|grep)(?: for)?|(${TEXT_TRIGGERS}))(?: (?:containing|contains|mentioning|mentions|including|includes|matching|saying|says))?(?: the)?(?: (?:word|words|phrase|term|text))?(?= (${ANY_WORD}))`,
    (m) => {
      if (draft.text || namesValue(m.end) || heldInList(m.end)) return false;
      const [text, end] = takeWords(m.end, LITERAL_TRIGGERS.test(m.text(1)));
      if (!text) return false;
      // "about invoices" finds "invoice" and "invoices": one plain word is searched for as a singular.
      draft.text = q.tokens[m.end]?.quoted ? text : end - m.end > 1 ? singularLast(v, text) : singular(text);
      q.consume(m.end, end);
      refuseJoinedText(g, m.end, end);
      return true;
    },
  );
  // "grep logs for timeout": the shell's word for searching text is searching.
  q.scan('(?:search|grep)(?: in| through)?', () => {
    draft.search = true;
    return true;
  });
  q.scan(phrase`for(?= (${ANY_WORD}))`, (m) => {
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

/**
 * "how many slow query warnings": words no rule explained that occur, together, inside learned values
 * of a text field ("slow query detected") are searched for in it.
 */
export function readTextInValues(g: Grounding): void {
  const { q, v, draft } = g;
  if (draft.text) return;
  const texts = v.textValues;
  if (texts.length === 0) return;
  // "low level logs", "high severity errors": a word of size before a field the store holds says
  // how much of that field, however often learned text says it ("battery low"); searched for, the
  // field was passed over and the records mentioning "low" answered.
  const sized = (i: number) =>
    !q.tokens[i]!.quoted &&
    MAGNITUDE.test(q.tokens[i]!.text) &&
    resolveField(v, q.tokens[i + 1]?.text ?? '') !== null;
  // "need help with the database migration": a longer phrase that learned text says word for word,
  // small words inside it and all, is searched for whole rather than its first word alone.
  for (const at of q.freeRuns(8)) {
    const words = at.map((i) => q.tokens[i]!);
    if (
      words.length < 3 ||
      at.some(sized) ||
      words.some((w) => w.quoted || isStoreWord(v, w.text) || ANYBODY.test(w.text))
    )
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
    if (at.some(sized)) continue;
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

/** The triggers that may be said again before a second text: "checkout or mentioning login". */
const REPEATED_TRIGGER =
  /^(?:containing|contains|mentioning|mentions|mention|about|regarding|saying|says|including|includes|matching)$/;

/**
 * "messages mentioning checkout or login", "logs containing timeout and refused": a second text
 * joined to the one searched for asks for either text or for both, which one search does not say;
 * searched for the first alone, the second would be dropped. A word after the joiner that a store
 * explains (a value, a field, a store: "containing invoice and john") is a condition of its own.
 */
function refuseJoinedText({ q, v, draft, others }: Grounding, start: number, end: number): void {
  const join = q.tokens[end];
  if (!join || join.quoted || !/^(?:or|and)$/.test(join.text)) return;
  let at = end + 1;
  if (q.tokens[at] && !q.tokens[at]!.quoted && REPEATED_TRIGGER.test(q.tokens[at]!.text)) at++;
  const t = q.tokens[at];
  if (!t || q.isUsed(at)) return;
  if (!t.quoted) {
    if (STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text) || parseNumber(t.text) !== null) return;
    const known = (o: StoreVocabulary) =>
      isStoreWord(o, t.text) || isValueWord(o, t.text) || resolveField(o, t.text) !== null;
    // "deploy or invoice": a word the store's own text says is text, whatever else it names.
    const said = v.textValues.some((text) => containsWords(text, t.text));
    if (!said && [v, ...others].some(known)) return;
  }
  const either = join.text === 'or';
  draft.unsupported ??= either
    ? 'Searching for either of two texts is not supported: ask for each text separately'
    : 'Searching for records that contain two texts is not supported: ask for each text separately';
  if (!t.quoted) {
    const words = (from: number, to: number) =>
      q.tokens
        .slice(from, to)
        .map((w) => w.raw)
        .join(' ');
    draft.unsupportedFix ??= { said: words(start, at + 1), fixes: [words(start, end), t.raw] };
  }
}
