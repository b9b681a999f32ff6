/**
 * Rewrites of a question before the rules read it: compounds split ("warn-level"), phrasal verbs
 * joined ("time out"), "vs" read as "compare ... and ...", shorthand expanded, and questions about a
 * system part ("is web-1 ok", "the database server") put in the words a store learned.
 */
import type { StoreEntry } from '@smartdb/registry';
import { NUM } from './comparisons.ts';
import { unparseable } from './draft.ts';
import { aggregateOfWord } from './measures.ts';
import { isStoreWord, isValueWord, PEOPLE, pluralOf, resolveField } from './patterns.ts';
import { ANY_WORD, type PhraseMatch, phrase, type Question } from './question.ts';
import { EVERYTHING } from './stores.ts';
import { isMonthName } from './time.ts';
import { CURRENCY_SIGNS, componentValue, type StoreVocabulary, singular } from './vocabulary.ts';
import {
  containsWords,
  nameWords,
  normalize,
  parseDigits,
  parseNumber,
  SHORTHAND,
  STOP_WORDS,
  stem,
  wordTable,
} from './words.ts';

/**
 * "warn-level entries", "paid-status orders": a hyphenated word no store learned as a value, each
 * of whose parts is a learned value or field, is read as its parts ("project-x" stays whole); so is
 * a superlative joined to one ("the 5 lowest-value orders", "highest-amount order").
 */
export function splitCompounds(q: Question, vocabularies: StoreVocabulary[]): void {
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
    // "the 50-60% range", "200-300ms": the unit written on an end stays with it.
    const range = t.quoted ? null : /^(\d+(?:\.\d+)?(?:%|ms)?)-(\d+(?:\.\d+)?(?:%|ms)?)$/.exec(t.raw);
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
    // "lowest-paying customer", "highest-earning host": a superlative joined to a word no store knows
    // is read as its words, which are read or refused; whole, the word would be passed over.
    if (
      parts.length === 2 &&
      /^[a-z]+$/i.test(parts[1]!) &&
      superlative(parts[0]!.toLowerCase()) &&
      /(?:est|most|least)$/i.test(parts[0]!)
    ) {
      q.split(i, parts);
      continue;
    }
    if (!parts.every((p) => known(p.toLowerCase()) || superlative(p.toLowerCase()))) continue;
    if (!parts.some((p) => known(p.toLowerCase()))) continue;
    q.split(i, parts);
  }
}

/**
 * "orders in the 100 to 200 range", "memory usage in the 50-60% range", "response time in the range
 * of 200 to 300 ms", "users in the 20 to 25 age range": a range said as one is "between A and B",
 * the field it names put before it ("users age between 20 and 25"); left as said, "range" was
 * refused as a word no field holds, or passed over. Read after `splitCompounds` ("50-60%").
 */
export function readRanges(q: Question): void {
  const ends = `(?:between |from )?(${NUM}) (?:to|through|thru|and|-) (${NUM})(?: (${RANGE_UNIT}))?`;
  const found: { start: number; end: number; parts: string[] }[] = [];
  const rewrite = (m: PhraseMatch) => {
    const raw = (n: number) => m.group(n).map((t) => t.raw);
    found.push({
      start: m.start,
      end: m.end,
      parts: [...raw(4), 'between', ...raw(1), 'and', ...raw(2), ...raw(3)],
    });
    return false;
  };
  q.scan(phrase`(?:in|within|inside) (?:the |a )?range (?:of |from |between )?${ends}`, rewrite);
  q.scan(phrase`(?:in|within|inside) (?:the |a )?${ends}(?: (${ANY_WORD}))? range`, rewrite);
  for (const { start, end, parts } of found.sort((x, y) => y.start - x.start)) {
    q.replace(start, end - start, parts);
  }
}

/** Units an end of a range may say: "the 200 to 300 ms range". */
const RANGE_UNIT = '%|percent|ms|milliseconds?|seconds?|secs?|years?|euros?|dollars?|usd|eur';

/** Particles of phrasal verbs whose noun is written as one word: "time out" (timeout), "check out" (checkout). */
const PARTICLE = /^(out|up|down|off|back)s?$/;

/**
 * "did the payment provider time out", "who had trouble when they check out": a verb and its particle are
 * read as the one word learned text spells them as ("payment provider timeout"), where the text never
 * says them apart; "did anyone sign up today", "number of sign ups": or as the word naming a store.
 */
export function joinPhrasalVerbs(q: Question, vocabularies: StoreVocabulary[]): void {
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
 * "email addresses of premium users", "the email address of alice": "address" after the name of a
 * field of email addresses only says what the field holds, and is read as the field's name alone
 * ("emails of premium users"); left in, it would be refused as a word no field holds.
 */
export function joinFieldNouns(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    const [field, noun] = [q.tokens[i]!, q.tokens[i + 1]!];
    if (field.quoted || noun.quoted || !/^e?mails?$/.test(field.text)) continue;
    if (!/^address(?:es)?$/.test(noun.text)) continue;
    if (!vocabularies.some((v) => v.fields.has('email'))) continue;
    q.join(i, 2, noun.text.endsWith('es') ? 'emails' : 'email');
  }
}

/**
 * "average first response minutes by assignee", "tickets with first response time over 120": a
 * field whose name is several words (`first_response_minutes`, or a name of it such as "first
 * response time"), said as words. Read one word at a time, other rules took its words first ("first"
 * as the first few records, "response" as the metrics' `response_time`) and the question was
 * refused or read in another store. Its words become the field's one name before any rule reads
 * them, longest first, where no store holds the same words as a value. Names that start or end with
 * a small word are left to the rules: "in stock" after a number is a count of stock, not the
 * `in_stock` flag, and "created at", "signed up at" are words of time.
 */
export function joinFieldPhrases(q: Question, vocabularies: StoreVocabulary[]): void {
  const phrases = new Set<string>();
  for (const v of vocabularies) {
    for (const key of v.fields.keys()) {
      const words = key.split(' ');
      if (words.length > 1 && !STOP_WORDS.has(words[0]!) && !STOP_WORDS.has(words.at(-1)!)) phrases.add(key);
    }
  }
  joinRuns(q, phrases, (words) => {
    const key = phrases.has(words) ? words : words.replace(/e?s$/, '');
    if (!phrases.has(key)) return null;
    return vocabularies.some((v) => v.values.has(key) || v.values.has(words)) ? null : key;
  });
}

/**
 * Joins, from each token on, the longest run of two or more unquoted words that `named` names (one
 * of `names`, as it says) into one word of that name, its spaces as underscores.
 */
function joinRuns(q: Question, names: Set<string>, named: (words: string) => string | null): void {
  if (names.size === 0) return;
  const longest = Math.max(...[...names].map((n) => n.split(' ').length));
  for (let i = 0; i < q.tokens.length; i++) {
    for (let n = Math.min(longest, q.tokens.length - i); n >= 2; n--) {
      const words = q.tokens.slice(i, i + n);
      if (words.some((t) => t.quoted)) continue;
      const name = named(words.map((t) => t.text).join(' '));
      if (name === null) continue;
      q.join(i, n, name.replaceAll(' ', '_'));
      break;
    }
  }
}

/**
 * "how many pull requests", "the latest pull request": a store named by several words is one word
 * (`pull_requests`), so the rules that read a store's noun read it whole; left apart, "requests"
 * named a web server's requests and "pull" was left unread.
 */
export function joinStoreNames(q: Question, vocabularies: StoreVocabulary[]): void {
  const names = new Set(vocabularies.flatMap((v) => [...v.names].filter((n) => n.includes(' '))));
  joinRuns(q, names, (said) => (names.has(said) || names.has(said.replace(/s$/, '')) ? said : null));
}

/**
 * "1 star reviews", "5-star reviews", "3 bedroom listings": a number and a number field's word
 * before the store's noun is the value of that field, said as "reviews with 1 star"; left as it was,
 * the number was read as how many records to list ("1 star reviews" answered the latest review).
 * Not after a word of ranking or a count ("top 5 star reviews" lists five).
 */
export function readValuedNouns(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    const t = q.tokens[i]!;
    const hyphened = t.quoted ? null : /^(\d+)-([a-z]+)$/.exec(t.text);
    if (hyphened) q.split(i, [hyphened[1]!, hyphened[2]!]);
    const [number, word, noun] = q.tokens.slice(i, i + 3);
    if (!number || !word || !noun || [number, word, noun].some((w) => w.quoted)) continue;
    if (parseDigits(number.text) === null || RANKED_COUNT.test(q.tokens[i - 1]?.text ?? '')) continue;
    const v = vocabularies.find((x) => isStoreWord(x, noun.text));
    const field = v ? (resolveField(v, word.text) ?? resolveField(v, `${word.text}s`)) : null;
    if (!v || !field || v.kinds.get(field) !== 'number') continue;
    q.replace(i, 3, [noun.raw, 'with', number.raw, word.raw]);
  }
}

/**
 * "cars with less than 50000 miles", "over 100k miles": a word after a number that begins the name
 * of one number field (`mileage`) and names nothing else is that field; left unread, the bound fell
 * on the store's measure (the price).
 */
export function readFieldStems(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = 1; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    if (t.quoted || parseNumber(q.tokens[i - 1]!.text) === null || t.text.length < 4) continue;
    const word = singular(t.text);
    if (durationUnitMs(t.text) !== null || STOP_WORDS.has(t.text)) continue;
    const named = (v: StoreVocabulary) =>
      resolveField(v, t.text) !== null || isStoreWord(v, t.text) || isValueWord(v, t.text);
    if (vocabularies.some(named)) continue;
    const fields = new Set(
      vocabularies.flatMap((v) =>
        [...v.kinds].filter(([f, k]) => k === 'number' && f.toLowerCase().startsWith(word)).map(([f]) => f),
      ),
    );
    if (fields.size === 1) q.replace(i, 1, [[...fields][0]!]);
  }
}

/**
 * "which student has the best average score", "the worst rating": "best" and "worst" before a number
 * field (or an aggregate of one) are its highest and lowest; left unread, every group was listed
 * ("which course has the best score" counted each course's records).
 */
export function readBestOf(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = 0; i + 1 < q.tokens.length; i++) {
    const word = q.word(i);
    if (!/^(?:best|worst)$/.test(word)) continue;
    const at = /^(?:average|avg|mean|total|overall)$/.test(q.word(i + 1)) ? i + 2 : i + 1;
    const named = q.word(at);
    if (!named || !vocabularies.some((v) => v.kinds.get(resolveField(v, named) ?? '') === 'number')) continue;
    q.replace(i, 1, [word === 'best' ? 'highest' : 'lowest']);
  }
}

/** Words before a number that make it how many records are asked for. */
const RANKED_COUNT = /^(?:top|first|last|latest|newest|oldest|bottom|limit|show|list|get|give|fetch|recent)$/;

/**
 * "errors on either web-1 or web-2", "orders in either EUR or USD": "either" before an "or" only
 * announces the alternatives, which the "or" joins; left in, it would be read as a value no field holds.
 */
export function dropEither(q: Question): void {
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    const t = q.tokens[i]!;
    if (t.quoted || t.text !== 'either') continue;
    if (q.tokens.slice(i + 2, i + 6).some((w) => !w.quoted && w.text === 'or')) q.split(i, []);
  }
}

/**
 * Questions whose two sides were set against each other with "vs" or "versus" ("paid vs refunded
 * orders"): read as "compare paid and refunded orders", with "and" in the place of "vs".
 */
export const VERSUS = new WeakSet<Question>();

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
export function expandShorthand(q: Question, vocabularies: StoreVocabulary[]): void {
  readVersus(q);
  // From the end, as a shorthand of two words ("whos") moves those after it.
  for (let i = q.tokens.length - 1; i >= 0; i--) {
    const t = q.tokens[i]!;
    const word = SHORTHAND[t.text];
    if (!word || t.quoted) continue;
    if (vocabularies.some((v) => v.values.has(t.text) || v.fields.has(t.text) || isStoreWord(v, t.text)))
      continue;
    q.split(i, word.split(' '));
  }
  readLoneCurrencySigns(q, vocabularies);
  readHandles(q, vocabularies);
  readHoldingMost(q, vocabularies);
  readPeopleThatDid(q);
  readPersonExists(q, vocabularies);
  readExtremeAggregateBy(q);
  refuseRandomPick(q, vocabularies);
  readByWhen(q);
  // "thanks in advance: how many …": the courtesy says nothing of the data.
  q.scan('(?:thanks|thank you) in advance', () => true);
  // "summarise orders by status", "analyze errors per service": a lead-in before a grouping, which
  // says what is asked.
  q.scan('^(?:please )?(?:summari[sz]e|analy[sz]e)(?= .* (?:by|per) )', () => true);
  // "could you find out which host …", "figure out what …", "any idea how much …", "out of
  // curiosity, what …": a lead-in before the question word.
  q.scan(
    '(?:(?:find|figure|work|check) out|any idea|out of curiosity)(?= (?:which|what|how|who|whether|if|when|where)(?: |$))',
    () => true,
  );
  // "out of the logs from the worker service, how many are warnings": opening the question, "out of"
  // is "of" ("of all the orders placed this month, how many were refunded"); "out" was read as a
  // value asked for and refused.
  q.scan('^out(?= of (?:the|all|our|these|those) )', () => true);
  readAndAHalf(q);
}

/**
 * "response time over one and a half seconds", "users older than twenty and a half": a number
 * (digits or words) followed by "and a half" is that number and a half, one token ("1.5") that
 * the comparisons read with its unit. Left as words, "over one" was no bound (one alone is never
 * read as one) and "and a half" was passed over: every response time was answered.
 */
function readAndAHalf(q: Question): void {
  for (let i = q.tokens.length - 4; i >= 0; i--) {
    const [n, and, a, half] = q.tokens.slice(i, i + 4);
    if (!n || !and || !a || !half || [n, and, a, half].some((t) => t.quoted)) continue;
    if (and.text !== 'and' || a.text !== 'a' || half.text !== 'half') continue;
    // "one and a half thousand": a half of what follows, which no number token says.
    if (/^(?:hundred|thousand|million|dozen)s?$/.test(q.tokens[i + 4]?.text ?? '')) continue;
    const whole = /^(?:a|an)$/.test(n.text) ? null : parseNumber(n.text);
    if (whole === null || whole <= 0) continue;
    q.join(i, 4, String(whole + 0.5));
  }
}

/**
 * "host containing most errors", "senders holding the most messages": a record or group containing
 * the most of something is the one with the most, a ranking of groups as "host with the most errors"
 * is; left as a search word, "containing" looked for the text "most". Where some store's learned text
 * says the word after it ("most"), it stays text. The verb ("which team contains the most users")
 * is read with the other verbs of "which … has the most" (rankings.ts).
 */
function readHoldingMost(q: Question, vocabularies: StoreVocabulary[]): void {
  const AS: Record<string, string> = { containing: 'with', holding: 'with' };
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    const t = q.tokens[i]!;
    const as = t.quoted ? undefined : AS[t.text];
    if (!as) continue;
    const k = q.tokens[i + 1]?.text === 'the' ? i + 2 : i + 1;
    const most = q.tokens[k];
    if (!most || most.quoted || !/^(?:most|fewest|least)$/.test(most.text)) continue;
    // "messages containing most": with nothing after it to rank by, it is still the text.
    const next = q.tokens[k + 1]?.text ?? '';
    if (next === '' || /^(?:recent|recently)$/.test(next)) continue;
    if (vocabularies.some((v) => v.textValues.some((text) => containsWords(text, most.text)))) continue;
    q.split(i, [as]);
  }
}

/**
 * "top 3 customers that spent the most", "5 users that sent the most messages": "that" (or "which")
 * after people and before what they did the most or the least is "who", as the ranking of "who
 * spent the most" reads it; left as it was, "most" ranked nothing and the question was refused.
 */
function readPeopleThatDid(q: Question): void {
  for (let i = 1; i < q.tokens.length - 2; i++) {
    const t = q.tokens[i]!;
    const before = q.tokens[i - 1]!;
    if (t.quoted || before.quoted || !/^(?:that|which)$/.test(t.text)) continue;
    if (!PEOPLE.test(before.text) && !/^[a-z]+ers$/.test(before.text)) continue;
    const verb = /^(?:has|have|had)$/.test(q.tokens[i + 1]!.text) ? i + 2 : i + 1;
    const k = q.tokens[verb + 1]?.text === 'the' ? verb + 2 : verb + 1;
    const did = q.tokens[verb]?.text ?? '';
    if (!/^[a-z]+$/.test(did) || /^(?:is|are|was|were|be)$/.test(did)) continue;
    if (!/^(?:most|least|fewest)$/.test(q.tokens[k]?.text ?? '')) continue;
    q.split(i, ['who']);
  }
}

/**
 * "does bob exist": someone asked for by name alone is asked for among the people, as "does user
 * bob exist" is, where a store of people learned the name; answered before with bob's messages (the
 * store naming him most).
 */
function readPersonExists(q: Question, vocabularies: StoreVocabulary[]): void {
  const [does, name, exist] = q.tokens;
  if (q.tokens.length !== 3 || !does || !name || !exist || name.quoted) return;
  if (!/^(?:does|do)$/.test(does.text) || !/^(?:exist|exists)$/.test(exist.text)) return;
  const people = vocabularies.find(
    (v) => [...v.names].some((n) => PEOPLE.test(n)) && v.values.has(normalize(name.text)),
  );
  const noun = people && [...people.names].find((n) => PEOPLE.test(n) && !/s$/.test(n));
  if (noun) q.split(1, [noun, name.raw]);
}

const EXTREME = /^(?:highest|largest|biggest|greatest|lowest|smallest)$/;
const AGGREGATE_WORD = /^(?:average|avg|mean|total|max|maximum|min|minimum)$/;
const ASKING = /^(?:what|what's|whats|is|was|are|were|the|show|me|give|get|find|tell|list)$/;

/**
 * "highest average cpu by host", "the lowest total amount per currency": a superlative before an
 * aggregate measured per group asks for the group where it is highest (or lowest), as "which host
 * has the highest average cpu" does; read apart, the superlative was left unread and the question
 * refused. Only at the question's start, after words of asking.
 */
function readExtremeAggregateBy(q: Question): void {
  const words = q.tokens.map((t) => (t.quoted ? '' : t.text));
  const i = words.findIndex((w, k) => EXTREME.test(w) && AGGREGATE_WORD.test(words[k + 1] ?? ''));
  if (i < 0 || !words.slice(0, i).every((w) => ASKING.test(w))) return;
  const by = words.findIndex((w, k) => k > i + 2 && /^(?:by|per)$/.test(w));
  if (by < 0 || by > i + 5) return;
  const each = words[by + 1] === 'each' ? by + 2 : by + 1;
  const group = words[each] ?? '';
  if (
    !/^[a-z][a-z_-]*$/.test(group) ||
    words.slice(i + 2, by).some((w) => w === '' || /^(?:by|per|and|or)$/.test(w))
  )
    return;
  const start = words[i - 1] === 'the' ? i - 1 : i;
  const said = q.tokens.slice(i, by).map((t) => t.raw);
  q.replace(start, each + 1 - start, ['which', q.tokens[each]!.raw, 'has', 'the', ...said]);
}

const SORT_DIRECTION = /^(?:asc|ascending|desc|descending|newest|oldest|latest|earliest|first|last|in|from)$/;

/**
 * "users sorted by when they joined", "orders ordered by when they were placed": sorted by when the
 * records say something happened is by their time, as "sorted by date" is; "when" was refused as a
 * field to sort by. Only "when", a pronoun and a verb (or two) to the question's end.
 */
function readByWhen(q: Question): void {
  const words = q.tokens.map((t) => (t.quoted ? '' : t.text));
  const at = words.findIndex(
    (w, k) =>
      w === 'by' &&
      words[k + 1] === 'when' &&
      /^(?:sorted|ordered|sort|order|ranked|rank)$/.test(words[k - 1] ?? ''),
  );
  if (at < 0) return;
  // "… ascending", "… newest first": a direction after the verb stays to be read.
  const tail = words.slice(at + 2).findIndex((w) => SORT_DIRECTION.test(w));
  const rest = words.slice(at + 2, tail < 0 ? undefined : at + 2 + tail);
  if (!/^(?:they|it|each|these|those)$/.test(rest[0] ?? '') || rest.length < 2 || rest.length > 4) return;
  if (!rest.slice(1).every((w) => /^[a-z]+$/.test(w))) return;
  q.replace(at + 1, rest.length + 1, ['date']);
}

/**
 * "show 5 random users", "a random order": records picked at random are no order a question can be
 * answered in, and are refused as such; "random" before the word of a store that holds no such value
 * was read as another store's (the messages' random channel) and refused for the wrong reason. "5
 * random messages" of a store with a random channel stays the channel.
 */
function refuseRandomPick(q: Question, vocabularies: StoreVocabulary[]): void {
  q.tokens.forEach((t, i) => {
    const next = q.tokens[i + 1];
    if (t.quoted || t.text !== 'random' || !next || next.quoted) return;
    const named = vocabularies.filter((v) => isStoreWord(v, next.text));
    if (!named.length || named.some((v) => isValueWord(v, t.text))) return;
    const n = parseNumber(q.tokens[i - 1]?.text ?? '');
    throw unparseable(
      vocabularies.map((v) => v.store),
      `Records cannot be picked at random: ask for the latest or the first, e.g. "the ${n !== null && n > 1 ? n : 5} latest ${named[0]!.store.domain}"`,
    );
  });
}

/**
 * "messages from @john", "what did @alice say": a name written as a handle is the name, where some
 * store learned the name and none the handle itself (a store of handles keeps its "@").
 */
function readHandles(q: Question, vocabularies: StoreVocabulary[]): void {
  q.tokens.forEach((t, i) => {
    if (t.quoted || !/^@\p{L}[\p{L}\p{N}._-]*$/u.test(t.text)) return;
    const name = normalize(t.text.slice(1));
    if (vocabularies.some((v) => v.values.has(normalize(t.text)))) return;
    if (vocabularies.some((v) => v.values.has(name))) q.split(i, [t.raw.slice(1)]);
  });
}

/**
 * "$ orders", "€ orders": a currency sign said with no amount next to it names the currency, as
 * "dollar orders" does; read as the amount's, it would be dropped and every record answered. Only a
 * code some store learned is put in its place (an unheld one is refused with the currencies held).
 */
function readLoneCurrencySigns(q: Question, vocabularies: StoreVocabulary[]): void {
  const amount = (i: number) => {
    const t = q.tokens[i];
    return t !== undefined && parseDigits(t.text) !== null;
  };
  q.tokens.forEach((t, i) => {
    const code = CURRENCY_SIGNS[t.text];
    if (!code || t.quoted || amount(i - 1) || amount(i + 1)) return;
    if (vocabularies.some((v) => v.values.has(code.toLowerCase()))) q.split(i, [code]);
  });
}

/** Words that ask whether something is well or not: "is web-1 ok", "is the api healthy", "is db-1 down". */
const HEALTH = 'ok|okay|healthy|fine|alright|working|up|down|broken|failing|wrong';

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
export function readHealthCheck(q: Question, stores: StoreEntry[], vocabularies: StoreVocabulary[]): boolean {
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
export function readComponentNames(q: Question, vocabularies: StoreVocabulary[]): void {
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
      phrase`(?:${records ? 'from|' : ''}in|inside|within|across|throughout) (?:(?:the|our|my|this|your|whole|entire) )*(?:${RECORD_HOLDERS})`,
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

/** Ranking words said before a participle of a field ("top rated", "worst rated"), and their end. */
const RATED_RANK = wordTable<'top' | 'bottom'>({
  top: 'top',
  best: 'top',
  highest: 'top',
  // "the most commented issue", "the least viewed pages": on a count of them (comments, views).
  most: 'top',
  bottom: 'bottom',
  worst: 'bottom',
  lowest: 'bottom',
  least: 'bottom',
});
/** Superlatives after a participle asked "who" of, as said after "has the": "who scored the best". */
const SCORED_EXTREME = wordTable<'highest' | 'lowest'>({
  highest: 'highest',
  most: 'highest',
  best: 'highest',
  top: 'highest',
  lowest: 'lowest',
  least: 'lowest',
  worst: 'lowest',
});
/** Participles read elsewhere: an item "priced over 100" is a price of an element (comparisons.ts). */
const READ_PARTICIPLES = /^(?:priced|costed|valued)$/;
/** Words of a bound after a participle: "rated above 8", "scored at least 90", "rated 9 or more". */
const BOUND_AFTER =
  /^(?:above|over|below|under|more|less|fewer|greater|higher|lower|at|between|from|no|not|exactly|>|<|>=|<=|=|\d[\d.,]*)$/;

/**
 * "films rated above 8", "top rated films", "the worst rated film", "players scored over 90": a
 * participle of a number field's name (`rated` of `rating`, `scored` of `score`) says that field.
 * Left as it was, "rated above 8" compared another number field (the year) with 8 and answered every
 * film, and "worst rated" was dropped. Before a bound the participle becomes the field's name; after
 * a ranking word the two become "top"/"bottom" and the noun is ranked "by" the field.
 */
export function readRatedAs(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = q.tokens.length - 1; i >= 0; i--) {
    const t = q.tokens[i]!;
    if (t.quoted || !/^(?:[a-z]{3,}ed|paid|earning)$/.test(t.text) || READ_PARTICIPLES.test(t.text)) continue;
    // "top 5 paid orders", "orders paid over 100": where a store is named after the participle (or
    // right before it), its field only; "paid", also a state of orders, names pay only so.
    const named = storeNounAt(q, i + 1, vocabularies);
    const noun =
      named ?? (vocabularies.some((v) => isStoreWord(v, q.tokens[i - 1]?.text ?? '')) ? i - 1 : null);
    const owners = noun === null ? [] : vocabularies.filter((v) => isStoreWord(v, q.tokens[noun]!.text));
    if (owners.length === 0 && /^(?:paid|earning)$/.test(t.text)) continue;
    const field = participleField(t.text, owners.length ? owners : vocabularies);
    if (!field) continue;
    // "who scored the highest in history", "which student scored the lowest": the one with the
    // highest (lowest) of the field, as "who has the highest score" is (it answered the score alone,
    // or was refused).
    const at = q.word(i + 1) === 'the' ? i + 2 : i + 1;
    const extreme = SCORED_EXTREME[q.word(at)];
    const asker = q.word(i - 1) === 'who' || /^(?:which|what)$/.test(q.word(i - 2));
    // ("who rated the most films" counts films, which no field of a film says.)
    const ofRecords = vocabularies.some((v) => isStoreWord(v, q.word(at + 1)));
    if (extreme && asker && !ofRecords) {
      q.replace(i, at + 1 - i, ['has', 'the', extreme, field]);
      continue;
    }
    // "top 3 highest rated products", "top 3 rated products", "3 best rated films" (read without
    // the count, it was lost to a second "top" and ten products answered, or it was refused).
    const { start, rank, counted } = rankBefore(q, i, RATED_RANK);
    const next = q.tokens[i + 1];
    // "which origin has the most delayed flights": groups ranked by how many records a participle
    // says, which no field counts; read as the records ranked by the field, the groups were dropped
    // and the most delayed flights listed.
    // ("which genre has the best rated films" stays the films ranked by rating.)
    const grouped =
      /^(?:most|least)$/.test(q.word(start)) &&
      /^(?:has|have|had|with)$/.test(q.word(start - 1) === 'the' ? q.word(start - 2) : q.word(start - 1)) &&
      q.tokens.slice(0, start).some((t) => /^(?:which|what)$/.test(t.text));
    if (grouped) continue;
    if (rank && next && !next.quoted) {
      // "the best rated horror film": the store's noun may follow learned values.
      const at = named ?? i + 1;
      q.replace(start, at + 1 - start, [
        rank,
        ...counted,
        ...q.tokens.slice(i + 1, at + 1).map((t) => t.raw),
        'by',
        field,
      ]);
    } else if (BOUND_AFTER.test(q.tokens[i + 1]?.text ?? '')) q.split(i, [field]);
    // "delayed by more than an hour": the bound may follow "by" (not "rated by kate").
    else if (q.tokens[i + 1]?.text === 'by' && BOUND_AFTER.test(q.tokens[i + 2]?.text ?? ''))
      q.replace(i, 2, [field]);
  }
  // "the best film", "the 3 worst horror films": where the store named holds a rating (or a score),
  // best and worst rank by it, as "best rated" does; left alone, "best" was refused as a word no
  // field holds.
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    const word = q.tokens[i]!;
    const at =
      word.quoted || !/^(?:best|worst)$/.test(word.text) ? null : storeNounAt(q, i + 1, vocabularies);
    if (at === null) continue;
    const v = vocabularies.find((x) => isStoreWord(x, q.tokens[at]!.text));
    const field = v ? (participleField('rated', [v]) ?? participleField('scored', [v])) : null;
    // "which restaurant has the best reviews": the group whose records are rated best on average,
    // as "which restaurant has the highest average rating" (the best reviews were listed).
    const group =
      at === i + 1 &&
      /s$/.test(q.tokens[at]!.text) &&
      q.tokens[i - 1]?.text === 'the' &&
      /^(?:has|have|had|gets|get|got)$/.test(q.tokens[i - 2]?.text ?? '') &&
      /^(?:which|what)$/.test(q.tokens[i - 4]?.text ?? '');
    if (field && group)
      q.replace(i, 2, [word.text === 'best' ? 'highest' : 'lowest', 'average', nameWords(field)]);
    else if (field) {
      // "top 3 best reviews", "the 3 worst films": a ranking and a count said before "best" are the
      // one ranking, with its count (read after a second "top", ten reviews answered).
      const before = rankBefore(q, i, RATED_RANK);
      const start = before.counted.length ? before.start : i;
      q.replace(start, at + 1 - start, [
        RATED_RANK[word.text]!,
        ...before.counted,
        ...q.tokens.slice(i + 1, at + 1).map((t) => t.raw),
        'by',
        field,
      ]);
    }
  }
}

/** Units of a duration, said ("2 hours", "90 min") or ending a field's name (`delay_minutes`), in milliseconds. */
const DURATION_UNITS: [RegExp, number][] = [
  [/^(?:ms|millis|milliseconds?)$/, 1],
  [/^(?:s|secs?|seconds?)$/, 1_000],
  [/^(?:mins?|minutes?)$/, 60_000],
  [/^(?:h|hrs?|hours?)$/, 3_600_000],
  [/^(?:d|days?)$/, 86_400_000],
  [/^(?:w|wks?|weeks?)$/, 604_800_000],
];

function durationUnitMs(word: string): number | null {
  return DURATION_UNITS.find(([unit]) => unit.test(word))?.[1] ?? null;
}

/** Words between a field of durations and its bound: "delayed by more than", "an estimate of at least". */
const DURATION_BOUND =
  /^(?:by|of|is|was|were|are|over|above|under|below|more|less|longer|shorter|slower|faster|quicker|greater|than|at|least|most|between|exceeding|>|<|>=|<=)$/;
/** Verbs that say how long something took: "deployments taking more than 5 minutes". */
const DURATION_VERBS = /^(?:take|takes|took|taking|lasts|lasted|lasting|ran|running)$/;
/** Comparatives of duration: "deployments longer than 5 minutes", "requests slower than 1 second". */
const DURATION_COMPARATIVES = /^(?:longer|shorter|slower|faster|quicker)$/;

/** The milliseconds in the unit of time a field's name ends in (`delay_minutes`), or null. */
function unitOfName(field: string): number | null {
  return durationUnitMs(nameWords(field).split(' ').at(-1) ?? '');
}

/** The number field a name says, when it ends in a unit of time, with the milliseconds in that unit. */
function durationField(v: StoreVocabulary, field: string): { field: string; unitMs: number } | null {
  if (v.kinds.get(field) !== 'number') return null;
  const unitMs = unitOfName(field);
  return unitMs === null ? null : { field, unitMs };
}

/** The number fields of a store whose names end in a unit of time (`duration_seconds`), with their units. */
export function durationFields(v: StoreVocabulary): { field: string; unitMs: number }[] {
  return [...v.kinds.keys()].map((f) => durationField(v, f)).filter((f) => f !== null);
}

/**
 * The one field of durations the stores the question names hold, else null ("requests" names pull
 * requests too, which hold none): "deployments taking more than 5 minutes" bounds it.
 */
function durationOfStoresNamed(
  q: Question,
  vocabularies: StoreVocabulary[],
): { field: string; unitMs: number } | null {
  const fields = vocabularies
    .filter((v) => q.tokens.some((t) => !t.quoted && isStoreWord(v, t.text)))
    .flatMap(durationFields);
  return fields.length === 1 ? fields[0]! : null;
}

/**
 * "flights delayed more than an hour", "tasks with an estimate over 2 days", "delay_minutes between 1
 * and 2 hours": a bound said in a unit of time on a number field whose name ends in one
 * (`delay_minutes`, `estimate_hours`) is the number in the field's own unit. Left as said, the
 * duration was read as a window ("more than an hour" ago) and every flight answered. A participle
 * of the field ("delayed") is said as its name, as `readRatedAs` says it before a bound.
 */
export function readDurationBounds(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = q.tokens.length - 3; i >= 0; i--) {
    if (q.tokens[i]!.quoted) continue;
    let k = i + 1;
    while (DURATION_BOUND.test(q.word(k))) k += 1;
    if (k === i + 1) continue;
    const word = q.word(i);
    const named = vocabularies
      .map((v) => resolveField(v, word))
      .find((f) => f !== null && vocabularies.some((v) => v.kinds.get(f) === 'number'));
    // "deployments taking more than 5 minutes", "requests slower than 1 second": a verb of duration,
    // or a comparative of one after the store's noun, says the one field of durations it holds.
    const timed =
      DURATION_VERBS.test(word) ||
      (vocabularies.some((v) => isStoreWord(v, word)) &&
        q.tokens.slice(i + 1, k).some((t) => DURATION_COMPARATIVES.test(t.text)));
    const said = !named && timed ? durationOfStoresNamed(q, vocabularies) : null;
    // "shipments that took more than 3 days" of a store recording no duration: never a window (it
    // answered the shipments sent over 3 days ago).
    if (
      !named &&
      !said &&
      DURATION_VERBS.test(word) &&
      parseNumber(q.word(k)) !== null &&
      durationUnitMs(q.word(k + 1)) !== null
    )
      throw unparseable(
        vocabularies.map((v) => v.store),
        `How long "${q.tokens[i]!.raw}" says is recorded by no field of durations here: ask about a window of time ("more than ${q.word(k)} ${q.word(k + 1)} ago") or a field that measures it`,
      );
    const field =
      named ?? said?.field ?? (/^[a-z]{3,}ed$/.test(word) ? participleField(word, vocabularies) : null);
    const own = said?.unitMs ?? (field ? unitOfName(field) : null);
    if (!field || own === null) continue;
    // "between 1 and 2 hours": both ends in the unit said after the second.
    const range = q.word(k + 1) === 'and' && parseNumber(q.word(k + 2)) !== null;
    const ends = range ? [k, k + 2] : [k];
    const unit = durationUnitMs(q.word(ends.at(-1)! + 1));
    const numbers = ends.map((at) => parseNumber(q.word(at)));
    if (unit === null || numbers.some((n) => n === null)) continue;
    const inField = numbers.map((n) => String(((n ?? 0) * unit) / own));
    q.replace(k, ends.at(-1)! + 2 - k, range ? [inField[0]!, 'and', inField[1]!] : [inField[0]!]);
    if (named) continue;
    // The store's noun stays, its field said after it; a verb or a participle is the field.
    if (said && !DURATION_VERBS.test(word)) q.replace(i + 1, 0, [field]);
    else q.replace(i, q.word(i + 1) === 'by' ? 2 : 1, [field]);
  }
}

/** Where a store's noun stands from token `from` on, after up to two learned values ("horror film"), or null. */
function storeNounAt(q: Question, from: number, vocabularies: StoreVocabulary[]): number | null {
  for (let at = from; at < from + 3; at++) {
    const t = q.tokens[at];
    if (!t || t.quoted) return null;
    if (vocabularies.some((v) => isStoreWord(v, t.text))) return at;
    if (!vocabularies.some((v) => isValueWord(v, t.text))) return null;
  }
  return null;
}

/** A number field of temperatures by its name in words: `temperature`, `temp`, `temperature_c`, `tempF`. */
const TEMPERATURE_NAME = /^(?:temp|temperature)(?: (?:[cfk]|celsius|fahrenheit|kelvin|degc|degf))?$/;
/** Words of warmth, with the words of a temperature they stand for. */
const WARMTH: Record<string, [string, number]> = {
  hottest: ['highest', 1],
  warmest: ['highest', 1],
  coldest: ['lowest', 1],
  coolest: ['lowest', 1],
  hotter: ['above', 2],
  warmer: ['above', 2],
  colder: ['below', 2],
  cooler: ['below', 2],
};
/** A number field of weights by its name in words: `weight`, `weight_kg`, `mass_lbs`. */
const WEIGHT_NAME = /^(?:weight|mass)(?: (?:kg|kgs|kilograms?|g|grams?|lbs?|pounds?|oz|ounces?))?$/;
/** Words of weight, as `WARMTH` are of a temperature: "the heaviest shipment", "parcels lighter than 2". */
const HEFT: Record<string, [string, number]> = {
  heaviest: ['highest', 1],
  lightest: ['lowest', 1],
  heavier: ['above', 2],
  lighter: ['below', 2],
};

/**
 * "the hottest station", "which station is the coldest on average", "readings hotter than 30": where
 * a store holds a temperature, words of warmth are its highest or lowest, or a bound on it ("hotter
 * than" is the temperature above). Left as said, they were refused as words no field holds, or
 * dropped ("which station is the hottest on average" answered one average of every reading).
 */
export function readWarmth(q: Question, vocabularies: StoreVocabulary[]): void {
  readMagnitude(q, vocabularies, TEMPERATURE_NAME, WARMTH);
  // "the heaviest shipment", "which carrier ships the heaviest parcels": the same of a weight.
  readMagnitude(q, vocabularies, WEIGHT_NAME, HEFT);
}

/** Words of a magnitude (`words`) read as the highest, lowest or a bound of the number field `named`. */
function readMagnitude(
  q: Question,
  vocabularies: StoreVocabulary[],
  named: RegExp,
  words: Record<string, [string, number]>,
): void {
  const [found] = vocabularies.flatMap((v) =>
    [...v.kinds]
      .filter(([n, kind]) => kind === 'number' && named.test(nameWords(n)))
      .map(([n]) => ({ owner: v, name: n })),
  );
  if (!found) return;
  const { owner, name } = found;
  // "the hottest sensor": the field said by its word without the unit (`temperature_c` as
  // "temperature"), as a person asks it; by its name, "temperature_c" was not heard as a level,
  // and the groups ranked by it were refused as asking no total or average.
  const plain = nameWords(name).split(' ')[0] ?? name;
  const field = plain !== name && resolveField(owner, plain) === name ? plain : name;
  for (let i = q.tokens.length - 1; i >= 0; i--) {
    const t = q.tokens[i]!;
    const warmth = t.quoted ? undefined : words[t.text];
    if (!warmth) continue;
    const [word, n] = warmth;
    const next = q.tokens[i + 1];
    const after = next && !next.quoted ? next.text : '';
    if (n === 2) {
      if (after === 'than') q.replace(i, 2, [field, word]);
      continue;
    }
    // "the coldest temperature": the field named already. "the hottest station", "the coldest
    // reading": the thing ranked said after, as "the station with the highest temperature" says it.
    const named = vocabularies.some((v) => resolveField(v, after) === name);
    const ranked =
      after !== '' &&
      vocabularies.some(
        (v) => isStoreWord(v, after) || v.kinds.get(resolveField(v, after) ?? '') === 'category',
      );
    // "the heaviest dhl shipment", "the coldest roof reading": learned values may stand before the
    // noun ranked (read as a maximum of the dhl shipments' weight, one number answered, not the one).
    const noun = named || ranked ? null : storeNounAt(q, i + 1, vocabularies);
    if (named) q.replace(i, 1, [word]);
    else if (ranked) q.replace(i, 2, [next!.raw, 'with', 'the', word, field]);
    else if (noun !== null && noun > i + 1)
      q.replace(i, noun - i + 1, [
        ...q.tokens.slice(i + 1, noun + 1).map((t) => t.raw),
        'with',
        'the',
        word,
        field,
      ]);
    else q.replace(i, 1, [word, field]);
  }
}

/**
 * The ranking said before token `i` ("top", "best", "lowest" as `ranks` reads them) and a count on
 * either side of it ("top 3 highest rated", "3 best rated", "top 3 rated"): the first token of the
 * phrase, the end ranked from, and the count as written (none for "a" or "an").
 */
function rankBefore(
  q: Question,
  i: number,
  ranks: Readonly<Record<string, 'top' | 'bottom' | undefined>>,
): { start: number; rank: 'top' | 'bottom' | undefined; counted: string[] } {
  let start = i;
  let rank = ranks[q.word(i - 1)];
  if (rank) start -= 1;
  const count = /^(?:a|an)$/.test(q.word(start - 1)) ? null : parseNumber(q.word(start - 1));
  const counted = count !== null && Number.isInteger(count) && count > 0 ? [q.tokens[start - 1]!.raw] : [];
  if (counted.length) {
    start -= 1;
    const outer = ranks[q.word(start - 1)];
    if (outer) start -= 1;
    rank ??= outer;
  }
  return { start, rank, counted };
}

/** Fields of pay, which "paid" (no regular participle of any of them) names: "the highest paid employee". */
const PAID = ['pay', 'salary', 'wage', 'wages', 'compensation', 'income', 'earnings'];

/** The number field a participle names in some store: `rated` → `rating`, `scored` → `score`, `paid` → `salary`. */
function participleField(word: string, vocabularies: StoreVocabulary[]): string | null {
  const stem = word.slice(0, -2);
  const candidates = /^(?:paid|earning)$/.test(word) ? PAID : [`${stem}ing`, `${stem}e`, stem, `${stem}s`];
  for (const candidate of candidates) {
    for (const v of vocabularies) {
      const field = v.fields.get(candidate);
      if (field && v.kinds.get(field) === 'number') return field;
    }
  }
  return null;
}

/** Ranking words before "earner": "top 5 earners", "the highest earner", "lowest earners". */
const EARNER_RANK = wordTable<'top' | 'bottom'>({
  top: 'top',
  highest: 'top',
  biggest: 'top',
  largest: 'top',
  best: 'top',
  bottom: 'bottom',
  lowest: 'bottom',
  smallest: 'bottom',
  least: 'bottom',
});

/**
 * "top 5 earners", "the lowest earner", "who earns the most", "who is paid the least": an earner is
 * a record of the store holding pay (`salary`, `wage`, … as "paid" names it), ranked by that field,
 * and a payroll is that pay added up. Left as said, no store answered to "earner" or "earns" and the
 * question was refused ("who is paid the most" even listed the orders whose status is `paid`). Said
 * so, the words become the store's noun ranked "by" its pay field, which `readRanking` reads.
 */
export function readEarners(q: Question, vocabularies: StoreVocabulary[]): void {
  // "who paid the most", "who paid the least": paying, not being paid (as "who is paid the most"
  // says), is spending; left as said, "paid" was read as the orders' status and the paid orders
  // listed (or the smallest paid order answered).
  for (let i = 0; i + 2 < q.tokens.length; i++) {
    const at = (k: number) => q.word(i + k);
    const most = at(2) === 'the' ? at(3) : at(2);
    if (at(0) === 'who' && at(1) === 'paid' && /^(?:most|least)$/.test(most)) q.replace(i + 1, 1, ['spent']);
  }
  const owner = vocabularies.find((v) => participleField('paid', [v]) !== null);
  const field = owner ? participleField('paid', [owner]) : null;
  if (!owner || !field) {
    // Where nothing holds pay, "who is paid the most" asks what no record says; read on, "paid"
    // listed the paid orders.
    const said = q.tokens.map((t) => (t.quoted ? '' : t.text)).join(' ');
    if (
      /\bwho (?:is|s|gets|get|got|was) (?:paid (?:the )?(?:most|least|highest|lowest)|the (?:highest|lowest|best|worst|most|least) paid)\b/.test(
        said,
      )
    )
      throw unparseable(
        vocabularies.map((v) => v.store),
        'No field holds what anyone is paid: ask for the largest orders, or who spent the most',
      );
    return;
  }
  const plural = owner.store.domain.replace(/-\d+$/, '');
  const noun = (many: boolean) => (many ? plural : singular(plural));
  for (let i = q.tokens.length - 1; i >= 0; i--) {
    const word = q.word(i);
    // "total payroll", "payroll by department": what the store pays, its pay added up.
    if (word === 'payroll') {
      q.replace(i, 1, /^(?:total|sum)$/.test(q.word(i - 1)) ? [field] : ['total', field]);
      continue;
    }
    if (/^earners?$/.test(word)) {
      // "top 5 earners", "5 top earners", "the 3 lowest earners".
      const { start, rank, counted } = rankBefore(q, i, EARNER_RANK);
      const many = word === 'earners';
      // Unranked ("earners over 50000"), the earners are the store's records, their pay bounded.
      const ranked = rank ? [rank, ...counted, noun(many), 'by', field] : [...counted, noun(many)];
      if (!rank && BOUND_AFTER.test(q.word(i + 1))) ranked.push(field);
      q.replace(start, i + 1 - start, ranked);
      i = start;
      continue;
    }
    // "who earns the most", "who is paid the least", "which employee gets paid the most": one
    // record, ranked (asked "which employee", the whole store was listed).
    const asked =
      q.word(i) === 'who' || (/^(?:which|what)$/.test(q.word(i)) && q.word(i + 1) === noun(false));
    if (!asked) continue;
    let k = q.word(i) === 'who' ? i + 1 : i + 2;
    if (/^(?:is|s|gets|get|got|was)$/.test(q.word(k))) k += 1;
    // "who is the highest paid", "whos the lowest paid employee": the same, said as a participle;
    // read on, "paid" was the orders' status and the largest paid order answered.
    const ranked = q.word(k) === 'the' && q.word(k + 2) === 'paid' ? EARNER_RANK[q.word(k + 1)] : undefined;
    if (ranked) {
      const end = q.word(k + 3) === noun(false) ? k + 4 : k + 3;
      q.replace(i, end - i, [ranked, noun(false), 'by', field]);
      continue;
    }
    if (!/^(?:earns|earn|earned|paid)$/.test(q.word(k))) continue;
    k += 1;
    // "who earns more than 60000": the records whose pay is so bounded.
    if (BOUND_AFTER.test(q.word(k))) {
      q.replace(i, k - i, [noun(true), field]);
      continue;
    }
    if (q.word(k) === 'the') k += 1;
    const most = q.word(k);
    if (!/^(?:most|least|highest|lowest)$/.test(most)) continue;
    q.replace(i, k + 1 - i, [/^(?:most|highest)$/.test(most) ? 'top' : 'bottom', noun(false), 'by', field]);
  }
}

/**
 * "how many tickets did Sam close", "which orders did Alice cancel": a verb after "did" (or "does",
 * "do") whose past participle is a learned value (`closed`, `cancelled`) says that value, as
 * "tickets closed by Sam" does. Left as said, the verb was read by no rule and dropped, and every
 * ticket of Sam's was counted. A word that is itself a value, a field or a store's word stays.
 */
export function readDidVerb(q: Question, vocabularies: StoreVocabulary[]): void {
  const asked = q.tokens.findIndex((t) => !t.quoted && /^(?:did|does|do)$/.test(t.text));
  if (asked < 0) return;
  for (let i = asked + 2; i < Math.min(q.tokens.length, asked + 5); i++) {
    const t = q.tokens[i]!;
    if (t.quoted || !/^[a-z]{3,}$/.test(t.text) || /(?:ed|ing|s)$/.test(t.text)) continue;
    if (vocabularies.some((v) => isValueWord(v, t.text) || isStoreWord(v, t.text) || resolveField(v, t.text)))
      continue;
    const w = t.text;
    const forms = /e$/.test(w)
      ? [`${w}d`]
      : /[^aeiou]y$/.test(w)
        ? [`${w.slice(0, -1)}ied`]
        : [`${w}ed`, `${w}${w.slice(-1)}ed`];
    const value = forms.find((f) => vocabularies.some((v) => v.values.has(f)));
    if (value) q.split(i, [value]);
  }
}

/**
 * "what browsers do users use", "which devices do customers have": the values of a category field
 * that the people's own store lacks, asked of what people use, are the values the records holding
 * that field were made with (events by browser). Read as said, the people's store was picked and
 * every user listed. Said as "what browsers are used", the store with the field answers; where the
 * people's store holds the field ("what plans do users have") the question stays as said. Said of
 * one ("what browser do users use"), the values are asked for all the same.
 */
export function readUsedBy(q: Question, vocabularies: StoreVocabulary[]): void {
  for (let i = 0; i + 4 < q.tokens.length; i++) {
    if (!/^(?:what|which)$/.test(q.word(i)) || !/^(?:do|does|did)$/.test(q.word(i + 2))) continue;
    const people = q.word(i + 3) === 'the' ? i + 4 : i + 3;
    const verb = people + 1;
    if (!PEOPLE.test(q.word(people)) || !/^(?:use|have|prefer|run)$/.test(q.word(verb))) continue;
    const asked = q.word(i + 1);
    const holds = (v: StoreVocabulary) => {
      const f = resolveField(v, asked);
      return f !== null && v.kinds.get(f) === 'category';
    };
    const theirs = vocabularies.filter((v) => isStoreWord(v, q.word(people)));
    if (theirs.some(holds) || !vocabularies.some((v) => !theirs.includes(v) && holds(v))) continue;
    if (asked === singular(asked)) q.replace(i + 1, 1, [pluralOf(asked)]);
    q.replace(i + 2, verb - i - 1, ['are', 'used']);
  }
}

/** How being from a place is said after "where … most users": "come from", "live", "are based". */
const PLACED = /^(?:come from|are from|from|live|are located|located|are based|based)$/;

/**
 * "where do most users come from", "where are most customers based": the place most of them are
 * from is the top value of the store's place field, as "what location are most users from" asks.
 * Left as said, "most" ranked nothing and every user was listed. "where do most premium users come
 * from": a word or two describing them may stand before their noun (refused before). "which country
 * do most users come from": a place field asked with "which" is the field ranked (refused before).
 */
export function readWhereMost(q: Question): void {
  for (let i = 0; i + 4 < q.tokens.length; i++) {
    const which = /^(?:which|what)$/.test(q.word(i)) ? 1 : 0;
    const asked = which ? q.word(i + 1) !== '' : q.word(i) === 'where';
    const at = i + 1 + which;
    if (!asked || !/^(?:do|did|are|were)$/.test(q.word(at)) || q.word(at + 1) !== 'most') continue;
    for (let noun = at + 2; noun <= at + 4 && noun < q.tokens.length; noun++) {
      const rest = [q.word(noun + 1), q.word(noun + 2)];
      const said = [rest.join(' '), rest[0]!].find((w) => PLACED.test(w));
      if (!q.word(noun) || !said) continue;
      const described = q.tokens.slice(at + 2, noun + 1).map((t) => t.raw);
      const place = which ? [q.word(i), q.tokens[i + 1]!.raw] : ['what', 'location'];
      q.replace(i, noun + 1 + said.split(' ').length - i, [...place, 'are', 'most', ...described, 'from']);
      break;
    }
  }
}

/** Verbs of what a thing measured reports, said before the bound on its reading. */
const REPORTING = /^(?:reporting|recording|showing)$/;

/**
 * "sensors reporting below 20 battery", "devices reporting battery under 20": the things whose
 * readings a number field bounds, as "sensors with battery below 20" says it. Left as said, no field
 * held "reporting" and the question was refused. "which sensors are reporting …" is read already.
 */
export function readReportedBound(q: Question, vocabularies: StoreVocabulary[]): void {
  const numberField = (w: string) =>
    w !== '' && vocabularies.some((v) => v.kinds.get(resolveField(v, w) ?? '') === 'number');
  for (let i = q.tokens.length - 2; i >= 1; i--) {
    if (!REPORTING.test(q.word(i)) || /^(?:are|is|were|was|be)$/.test(q.word(i - 1))) continue;
    // "reporting battery below 20": the field first.
    if (numberField(q.word(i + 1)) && BOUND_AFTER.test(q.word(i + 2))) {
      q.replace(i, 1, ['with']);
      continue;
    }
    // "reporting below 20 battery": the bound first, its field after the number.
    const bounded = /^(?:above|over|below|under)$/.test(q.word(i + 1)) && parseNumber(q.word(i + 2)) !== null;
    if (!bounded || !numberField(q.word(i + 3))) continue;
    q.replace(i, 4, ['with', q.tokens[i + 3]!.raw, q.tokens[i + 1]!.raw, q.tokens[i + 2]!.raw]);
  }
}

/** A time field of when someone started (hired_on, joined_at, start_date, employed_since). */
const STARTED_FIELD = /hire|join|start|employ|onboard/i;
/** Words of how long someone has served, with the end of the start dates they stand for. */
const TENURE: [RegExp, string][] = [
  [/^(?:longest|most) (?:serving|tenured|standing)$|^most senior$/, 'earliest'],
  [/^(?:shortest|least) (?:serving|tenured|standing)$|^(?:least senior|most junior)$/, 'latest'],
];

/**
 * "the longest serving employee", "most senior engineers", "the most junior hire": where a store's
 * time field says when someone started (hired_on), serving longest is starting first. Left as said,
 * "serving" and "senior" were refused as words no field holds.
 */
export function readTenure(q: Question, vocabularies: StoreVocabulary[]): void {
  const started = vocabularies.find((v) => STARTED_FIELD.test(v.store.timeField ?? ''));
  if (!started) return;
  for (let i = q.tokens.length - 2; i >= 0; i--) {
    if (q.tokens[i]!.quoted || q.tokens[i + 1]!.quoted) continue;
    const pair = `${q.tokens[i]!.text} ${q.tokens[i + 1]!.text}`;
    const end = TENURE.find(([words]) => words.test(pair))?.[1];
    if (!end) continue;
    // "the most senior engineer": a value of the store of those who started (an engineering
    // department), said as the noun, is a record of that store; alone, "engineer" picked the users
    // of the engineering team, ranked by when they signed up.
    const next = q.tokens[i + 2];
    const valued =
      next && !next.quoted && !isStoreWord(started, next.text) && isValueWord(started, next.text);
    // ("the most senior engineering employee" names the store already.)
    const bare = valued && !vocabularies.some((v) => isStoreWord(v, q.tokens[i + 3]?.text ?? ''));
    const noun = started.store.domain.replace(/-\d+$/, '');
    q.replace(
      i,
      bare ? 3 : 2,
      bare ? [end, next.raw, next.text === singular(next.text) ? singular(noun) : noun] : [end],
    );
  }
}

/** Names of a number field holding how many of a thing are on hand. */
const STOCK_FIELD =
  /^(?:stock|in_stock|stock_level|stock_quantity|quantity_in_stock|inventory|inventory_quantity|on_hand|quantity_on_hand|qty_on_hand)$/i;

/**
 * "products out of stock", "items in stock": a bound on the store's number field of stock (`stock`,
 * `inventory`, `quantity_on_hand`): none left, or some. Left as said, the words were passed over and
 * every product answered. Without such a field they stay, and are refused as words nothing holds.
 */
export function readStock(q: Question, vocabularies: StoreVocabulary[]): void {
  // A flag of it (`in_stock: true`) is read as a value where one is learned (round 44).
  if (
    vocabularies.some((v) => [...v.kinds].some(([name, kind]) => kind === 'boolean' && /stock/i.test(name)))
  )
    return;
  const field = vocabularies
    .flatMap((v) => [...v.kinds].filter(([name, kind]) => kind === 'number' && STOCK_FIELD.test(name)))
    .map(([name]) => name)[0];
  if (!field) return;
  for (let i = q.tokens.length - 1; i >= 0; i--) {
    const at = (k: number) => q.word(i + k);
    if (at(0) !== 'stock' || BOUND_AFTER.test(at(1))) continue;
    // "products low on stock", "items running low in stock", "low stock items": no bound is said,
    // so the fewest on hand come first. Left as said, "low" was read as a value of another store
    // (a ticket's priority) and the question refused.
    const low = at(-1) === 'low' ? 1 : /^(?:on|in)$/.test(at(-1)) && at(-2) === 'low' ? 2 : 0;
    if (low) {
      q.replace(i - low, low + 1, []);
      // Said last, after whatever else narrows the records ("furniture running low on stock").
      q.split(q.tokens.length, ['sorted', 'by', field, 'ascending']);
      i -= low;
      continue;
    }
    if (at(-1) === 'of' && at(-2) === 'out') {
      q.replace(i - 2, 3, ['with', field, 'at', 'most', '0']);
      i -= 2;
    } else if (at(-1) === 'in' && parseNumber(at(-2)) === null) {
      // Not after a number: "fewer than 10 in stock" is a bound already (comparisons.ts).
      q.replace(i - 1, 2, ['with', field, 'above', '0']);
      i -= 1;
    }
  }
}
