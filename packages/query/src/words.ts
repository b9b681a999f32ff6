/**
 * The lexical layer of the question grammar: splitting a question into tokens, the normal form
 * used to compare words with learned field names and values, and the small closed word lists
 * (stop words, number words). It knows nothing about any tenant's data and must never decide
 * what a word means; that is grounding's job.
 */

export interface Token {
  /** Lower-cased text used for matching. */
  text: string;
  /** The text as the user wrote it, for values that are not found in any dictionary. */
  raw: string;
  /** True for text that was inside quotes: taken literally, never read as a keyword. */
  quoted: boolean;
}

/** Single quotes quote only outside words: "how's the api's" holds no quoted "s the api". */
const QUOTED = /"([^"]+)"|“([^”]+)”|(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])/gu;
/** A word, or a comparison operator standing on its own ("amount > 990"). */
const WORD = /[<>!]=|[<>=]|[\p{L}\p{N}_@.\-+:/%$€£¥#]+/gu;
const OPERATOR = /^(?:[<>!]=|[<>=])$/;
/** "amount ≥ 990", "status ≠ paid": a comparison's sign as the operator typed on a keyboard. */
const MATH_SIGN = /[≥≤≠]/g;
const MATH_OPERATOR: Record<string, string> = { '≥': ' >= ', '≤': ' <= ', '≠': ' != ' };
/** "aren't", "isn’t": the negation as a word of its own. */
const NOT = /n['’]t\b/gi;
/** "werent", "dont": the same contractions written without their apostrophe. */
const BARE_NOT = /\b(do|does|did|is|are|was|were|has|have|had|could|should|would)nt\b/gi;
/** "level:error" is a field and a value; "12:30" stays one token. */
const FIELD_COLON = /(?<=\p{L}):(?=[\p{L}\p{N}])/gu;
/** "top5 orders", "last10 errors": a ranking word and its count written together. */
const RANK_COUNT = /\b(top|bottom|last|first|latest|newest|oldest)(\d+)\b/gi;
/** "12h", "7d", "2wks": a number and its time unit written together. */
const NUMBER_UNIT = /\b(\d+)(h|hrs?|d|w|wks?|mins?)\b/gi;
/** "1,000" is one number, not "1" and "000". */
const THOUSANDS = /(?<=\d),(?=\d{3}\b)/g;
/** "1.2 thousand", "3 million": digits scaled by a word are the number written with k or m. */
const SCALED_DIGITS = /\b(\d+(?:\.\d+)?) (thousand|million)\b/gi;
/**
 * "2026-11-17–2026-11-20", "2026-11-17..2026-11-20", "11/17-11/20": two dates joined by a dash or by
 * dots are a range of days, not one word (one word would be no date at all, and the range unread).
 */
const DATE_RANGE =
  /(?<=\b\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}\/\d{1,2}(?:\/\d{4})?)\s*(?:[-–—]|\.\.)\s*(?=\d{4}-\d{1,2}-\d{1,2}\b|\d{1,2}\/\d{1,2}\b)/g;
/** "20–30": a range written with a dash is written with a hyphen. */
const DASHED_RANGE = /(?<=\d)\s*[–—]\s*(?=\d)/g;
/** "over $ 500", "€ 20": a currency sign spaced from its amount is written with the amount. */
const SPACED_SIGN = /(?<![^\s(])([$€£¥])\s+(?=\d)/g;
/**
 * "todays errors", "last weeks orders": a time's possessive written without its apostrophe is the
 * time ("today's", "last week's"); read as a plural it is no window, and "todays" no time at all.
 */
const BARE_POSSESSIVE_TIME =
  /\b(today|yesterday|tonight|(?:this|last|past|previous) (?:week|month|quarter|year))s(?= +[\p{L}])/giu;
/** "# of users", "no. of orders", "nr of errors": the sign or short form of "number" before "of". */
const NUMBER_SIGN = /(?<![^\s(])(?:#|no\.|nr\.?|num\.?)\s+(?=of\b)/gi;
/** "#support": a channel written as a hashtag is the word itself. */
const HASHTAG = /(?<![^\s(])#(?=\p{L})/gu;
/** ".io", ".com": a dot before a top-level domain's letters is kept ("users with a .com email"). */
const EDGE_PUNCTUATION = /^[,:;!?]+|^\.{2,}|^\.(?!\p{L}{2,6}$)|[.,:;!?]+$/gu;
/** "older then 40", "more then 500": "then" after a comparative is "than" typed in a hurry. */
const THEN_AFTER_COMPARATIVE =
  /\b(more|less|fewer|older|younger|greater|bigger|larger|higher|lower|smaller|cheaper|earlier|later|newer|longer|shorter|faster|slower|other|rather) then\b/gi;

/** Splits a question into tokens; a quoted string becomes one token. */
export function tokenize(question: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const plain = (part: string) => {
    const spaced = part
      .replace(MATH_SIGN, (sign) => MATH_OPERATOR[sign] ?? sign)
      .replace(THOUSANDS, '')
      .replace(SPACED_SIGN, '$1')
      .replace(BARE_POSSESSIVE_TIME, '$1')
      .replace(SCALED_DIGITS, (_, n: string, scale: string) => `${n}${/^t/i.test(scale) ? 'k' : 'm'}`)
      .replace(DATE_RANGE, ' - ')
      .replace(DASHED_RANGE, '-')
      .replace(FIELD_COLON, ' : ')
      .replace(NUMBER_UNIT, '$1 $2')
      .replace(RANK_COUNT, '$1 $2')
      .replace(NUMBER_SIGN, 'number ')
      .replace(HASHTAG, '')
      .replace(NOT, ' not')
      .replace(BARE_NOT, '$1 not')
      .replace(THEN_AFTER_COMPARATIVE, '$1 than');
    for (const m of spaced.matchAll(WORD)) {
      const raw = OPERATOR.test(m[0]) ? m[0] : m[0].replace(EDGE_PUNCTUATION, '');
      if (raw) tokens.push({ text: raw.toLowerCase(), raw, quoted: false });
    }
  };
  for (const m of question.matchAll(QUOTED)) {
    plain(question.slice(last, m.index));
    const raw = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (raw) tokens.push({ text: raw.toLowerCase(), raw, quoted: true });
    last = (m.index ?? 0) + m[0].length;
  }
  plain(question.slice(last));
  return tokens;
}

/** The form in which words and learned names are compared: case, `_`, `-` and spaces do not matter. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_\-\s]+/g, ' ')
    .trim();
}

/** A field name (or a key of one) as words: "shipping cost" for shipping_cost, shippingCost or shipping-cost. */
export function nameWords(name: string): string {
  return normalize(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2'));
}

/** A crude English stem, enough to hear "errors" as "error" and "warnings" as "warn". */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** "payment provider timeouts" → "payment provider timeout": a phrase with its last word stemmed. */
export function stemLastWord(phrase: string): string {
  const at = phrase.lastIndexOf(' ') + 1;
  return `${phrase.slice(0, at)}${stem(phrase.slice(at))}`;
}

/**
 * A table looked up by words of a question, made without a prototype: a question saying
 * "constructor" or "__proto__" finds nothing in it rather than Object's own members ("__proto__
 * users" and "count users by constructor" were a 500: a function read as the word's expansion).
 */
export function wordTable<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/**
 * Shorthand of ops notes and chat ("errs by svc", "mem usage", "this wk"), read as the word it stands
 * for wherever no store learned the shorthand itself.
 */
// biome-ignore format: a word list reads better packed
export const SHORTHAND = wordTable<string>({
  err: 'error', errs: 'errors', svc: 'service', svcs: 'services', resp: 'response', mem: 'memory',
  rev: 'revenue', cnt: 'count', usr: 'user', usrs: 'users', amt: 'amount', lvl: 'level', wk: 'week',
  yday: 'yesterday', txn: 'transaction', txns: 'transactions', qty: 'quantity', '2day': 'today', tot: 'total',
  'b/w': 'between',
  pls: 'please', plz: 'please', thx: 'thanks', ty: 'thanks', hw: 'how', r: 'are', u: 'you',
  // "whos the highest paid": a contraction typed without its apostrophe.
  whos: 'who is',
});

/** Words that carry grammar but never name data on their own. */
// biome-ignore format: a word list reads better packed
export const STOP_WORDS = new Set([
  'a', 'about', 'all', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'being', 'by', 'can', 'could',
  'did', 'do', 'does', 'each', 'every', 'for', 'from', 'get', 'give', 'had', 'has', 'have', 'having', 'how',
  'i', 'in', 'into', 'is', 'it', 'its', 'just', 'let', 'list', 'me', 'much', 'many', 'my', 'of', 'on', 'only',
  'or', 'our', 'per', 'please', 'see', 'show', 'so', 'some', 'tell', 'than', 'that', 'the', 'their', 'them',
  'there', 'these', 'they', 'this', 'those', 'to', 'us', 'was', 'we', 'were', 'what', "what's", 'whats',
  'where', 'which', 'who', 'whose', 'with', 'within', 'would', 'you', 'find', 'fetch', 'display', 'return',
  'lookup', 'look', 'up', 'want', 'need', 'know', 'during', 'ever', 'now', 'currently', 'records', 'record',
  'rows', 'row', 'entries', 'entry', 'items', 'item', 'results', 'result', 'data', 'ones', 'one', 'everything',
  'anything', 'thanks', 'thank', 'cheers',
]);

/** Words that say how a sort runs, before "order": "in ascending order", "in reverse chronological order". */
export const SORT_ORDER_WORDS =
  'ascending|descending|increasing|decreasing|reverse chronological|reverse|chronological|alphabetical|numerical|numeric';

/** Neutral words (mostly verbs of recording) that may still be learned values, e.g. a status `sent`. */
// biome-ignore format: a word list reads better packed
export const FILLER_WORDS = new Set([
  'sent', 'received', 'posted', 'created', 'placed', 'made', 'signed', 'logged', 'recorded', 'happened',
  'occurred', 'registered', 'joined', 'written', 'generated', 'exist', 'exists', 'stored', 'available', 'seen',
  'reported', 'emitted', 'submitted', 'measured', 'captured', 'collected', 'there', 'total', 'overall',
  'all-time', 'so', 'far', 'ago', 'ones', 'please', 'quickly', 'me', 'search', 'query', 'give',
  'shown', 'listed', 'send', 'sends', 'write', 'writes', 'wrote', 'posts', 'place', 'places', 'make', 'makes',
  'located', 'based', 'got', 'gotten', 'opened',
]);

// biome-ignore format: a word list reads better packed
const SMALL_NUMBERS = wordTable<number>({
  zero: 0, a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, hundred: 100, thousand: 1000, dozen: 12, half: 0.5, 'half a': 0.5, 'half an': 0.5,
  'a half': 0.5, 'a dozen': 12, 'a hundred': 100, 'a thousand': 1000, 'a couple of': 2, 'couple of': 2,
  'a couple': 2, couple: 2, 'half a dozen': 6,
});

const UNIT_WORDS = 'one|two|three|four|five|six|seven|eight|nine';
const TEEN_WORDS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const TEN_WORDS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
// biome-ignore format: a word list reads better packed
const WORD_VALUES = wordTable<number>({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});
/** "twenty-five", "five hundred", "two thousand": a number spelled out (never starting with "one"). */
const SPELLED_PART = `(?:${TEN_WORDS})(?:[- ](?:${UNIT_WORDS}))?|${TEEN_WORDS}|${UNIT_WORDS}`;
/** "five hundred and twenty", "a hundred": below a thousand, with hundreds. */
const SPELLED_HUNDREDS = `(?:(?:${SPELLED_PART}|an?) )?hundred(?:(?: and)? (?:${SPELLED_PART}))?`;
/** "four thousand five hundred", "two thousand and fifty". */
const SPELLED_THOUSANDS = `(?:(?:${SPELLED_PART}|an?) )?thousand(?:(?: and)? (?:(?:${SPELLED_PART}) hundred(?:(?: and)? (?:${SPELLED_PART}))?|${SPELLED_PART}))?`;
const SPELLED = new RegExp(`^(?:${SPELLED_THOUSANDS}|${SPELLED_HUNDREDS}|${SPELLED_PART})$`);

/**
 * "three quarters of a second", "a quarter of an hour", "half a thousand", "a quarter of a
 * million", "a quarter second", "half second", "between a quarter and half a second": a fraction
 * said of a unit or a number, or before the "and" of a range whose unit follows. Never "quarter"
 * alone, which is a period of the year ("last quarter"), nor "half" alone.
 */
const FRACTION =
  /^(?:(?:(a|one|three)[- ])?quarters? of an?|half(?: of)? an?|(a|one|three)[- ]quarters?)(?: (hundred|thousand|million|dozen))?$/;
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6, dozen: 12 };
const BEFORE_UNIT = '(?= (?:and|seconds?|secs?|milliseconds?|minutes?|mins?|hours?|hrs?)(?: |$))';
const SPELLED_FRACTIONS = `(?:(?:(?:a|one|three)[- ])?quarters? of|half(?: of)?) an?(?: hundred| thousand| million| dozen)?|(?:a|one|three)[- ]quarters? (?:hundred|thousand|million|dozen)|(?:a|one|three)[- ]quarters?${BEFORE_UNIT}|half${BEFORE_UNIT}`;

/** Number words that may stand where a number is written ("older than thirty", "above half a second"). */
export const NUMBER_WORDS = `${SPELLED_FRACTIONS}|zero|a half|a dozen|dozen|${SPELLED_THOUSANDS}|${SPELLED_HUNDREDS}|(?!one\\b)(?:${SPELLED_PART})`;
/**
 * Number words that may count units of time: never "zero" ("the last zero days" is no window;
 * "zero" is a bound or a value, "below zero").
 */
export const COUNT_WORDS = `(?!zero\\b)(?:${NUMBER_WORDS})`;
/**
 * Whether `text` may hold a number spelled out: every alternative of NUMBER_WORDS contains one of
 * these words. A substring test, so it errs towards yes ("money" holds "one").
 */
export const MAY_SPELL_NUMBER = new RegExp(
  `zero|half|quarter|dozen|hundred|thousand|${TEN_WORDS}|${TEEN_WORDS}|${UNIT_WORDS}`,
);

function spelled(word: string): number | null {
  const fraction = FRACTION.exec(word);
  if (fraction) {
    const part = word.startsWith('half') ? 0.5 : (fraction[1] ?? fraction[2]) === 'three' ? 0.75 : 0.25;
    return part * (SCALES[fraction[3] ?? ''] ?? 1);
  }
  if (!SPELLED.test(word)) return null;
  let total = 0;
  let group = 0;
  for (const w of word.split(/[- ]/)) {
    if (w === 'hundred') group = (group || 1) * 100;
    else if (w === 'thousand') {
      total += (group || 1) * 1000;
      group = 0;
    } else group += WORD_VALUES[w] ?? (/^an?$/.test(w) ? 1 : 0);
  }
  return total + group;
}

/** Reads "500", "1,000", "$4.50", "80%", "2k" or a small number word; null when it is not a number. */
export function parseNumber(word: string): number | null {
  const named = SMALL_NUMBERS[word] ?? spelled(word);
  if (named !== undefined && named !== null) return named;
  // "60+" is read as 60 (the rule that reads it decides that it means "or more"); "800ms" is 800.
  const m = /^[$€£¥]?(-?\d[\d,]*(?:\.\d+)?)(k|m(?!s))?(%|ms|s|usd|eur)?\+?$/i.exec(word);
  if (!m?.[1]) return null;
  if (m[1].includes(',') && !/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(m[1])) return null;
  const n = Number(m[1].replace(/,/g, ''));
  if (!Number.isFinite(n)) return null;
  const scale = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return n * scale;
}

/** The same as parseNumber but only for digits, so "a" or "one" is not read as a count. */
export function parseDigits(word: string): number | null {
  return /\d/.test(word) ? parseNumber(word) : null;
}

/** Whether `text` holds `words` as whole words ("time" is not in "timeout"). */
export function containsWords(text: string, words: string): boolean {
  for (let at = text.indexOf(words); at !== -1; at = text.indexOf(words, at + 1)) {
    const before = at === 0 ? ' ' : text[at - 1]!;
    const after = text[at + words.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

const DIGIT = /\d/;

/**
 * Whether `a` and `b` are one slip of the keyboard apart: a letter added, dropped, changed or two
 * neighbours swapped ("premuim" and "premium", "genral" and "general", "web-l" and "web-1"), in words
 * of four letters or more. A change of digits alone is another value, not a slip ("web-3", "john2").
 */
export function oneSlipApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 4) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const [x, y] = [a[i] ?? '', b[i] ?? ''];
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return !(DIGIT.test(x) && DIGIT.test(y));
    const swapped = x === b[i + 1] && a[i + 1] === y && a.slice(i + 2) === b.slice(i + 2);
    return swapped && !(DIGIT.test(x) && DIGIT.test(y));
  }
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i) && !DIGIT.test(x);
  return b.slice(i + 1) === a.slice(i) && !DIGIT.test(y);
}

/**
 * `oneSlipApart`, but not a letter changed, which so often makes another word ("hour" and "your",
 * "stars" and "stats"): two neighbours swapped, or, where `addOrDrop` allows it (callers ask for a
 * long enough word), a letter added or dropped.
 */
export function swappedOrAddedSlip(a: string, b: string, addOrDrop: boolean): boolean {
  if (!oneSlipApart(a, b)) return false;
  // Of the same length, one slip apart and with the same letters: two of them swapped.
  return a.length === b.length ? [...a].sort().join('') === [...b].sort().join('') : addOrDrop;
}
