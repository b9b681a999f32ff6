/**
 * A question being read: its tokens and which of them a grammar rule has already explained.
 * Rules find phrases with regular expressions over the not-yet-explained words and consume the
 * tokens they use, so no word is read twice and the leftovers measure how much was understood.
 * It must never interpret words itself.
 */
import { LRUCache } from 'lru-cache';
import { FILLER_WORDS, MAY_SPELL_NUMBER, NUMBER_WORDS, STOP_WORDS, type Token, tokenize } from './words.ts';

/** One regular-expression match, mapped back to token positions. */
export interface PhraseMatch {
  /** Token index range [start, end) of the whole match. */
  start: number;
  end: number;
  /** Tokens captured by group `n`, empty when the group did not take part. */
  group(n: number): Token[];
  /** Lower-cased text of group `n` ('' when absent). */
  text(n: number): string;
}

const USED = '\u0001';
const QUOTE = '\u0002';
/** Pattern for a word a rule has already explained, inside a `scan` pattern. */
export const USED_WORD = USED;
/** Pattern for one unexplained word (or quoted string) inside a `scan` pattern. */
export const ANY_WORD = '[^ \u0001]+';

/**
 * Compiled phrase patterns, shared by every question. An interpretation runs about a hundred scans,
 * many over large alternations (number words, a tenant's learned values); with a pattern compiled
 * per scan the 30 public questions took 1,144-1,310 µs each to interpret in process, with them
 * shared 945-1,061 µs. Sharing is safe: `scan` finds all of a pattern's matches before it calls any
 * rule back, so a scan inside a rule never moves the `lastIndex` of one running.
 *
 * Each pattern has a lean form for text that spells no number: its number-word alternations
 * (NUMBER_WORDS, 1.8 KB, in most patterns) become a group that never matches, which cannot change
 * what matches in such text; a quarter of an interpretation's time went to trying them.
 */
interface PhrasePattern {
  full: RegExp;
  lean: RegExp;
}

const compiled = new LRUCache<string, PhrasePattern>({ max: 1_000 });

function compiledPattern(pattern: string): PhrasePattern {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const compile = (p: string) => new RegExp(`(?<![^ ])(?:${p})(?![^ ])`, 'gd');
    const full = compile(pattern);
    const lean = pattern.includes(NUMBER_WORDS) ? compile(pattern.replaceAll(NUMBER_WORDS, '(?!)')) : full;
    re = { full, lean };
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * A scan pattern written as a tagged template (`phrase\`(${NUM}) days? ago\``). A rule's pattern is
 * mostly the same text every time, put together from shared parts (number words, a vocabulary's
 * fields); as a string it was built anew for every question and its compiled form found by the
 * whole text, up to ~10 KB hashed per scan. A phrase is found by its template (one object per place
 * in the code) and its parts instead. With the exec loop in `scan`, the 8,715 questions of the
 * fixtures took 1.80-1.82 ms of CPU each to interpret, against 2.11-2.18 before (the fastest of
 * four passes, two runs each).
 */
export interface Phrase {
  readonly strings: TemplateStringsArray;
  readonly parts: readonly unknown[];
}

export function phrase(strings: TemplateStringsArray, ...parts: unknown[]): Phrase {
  return { strings, parts };
}

interface PhraseEntry {
  parts: readonly unknown[];
  pattern: PhrasePattern;
}

/**
 * The patterns of each template, the most recently used first. Most templates' parts are the same
 * for every tenant; a few hold a tenant's words, and a template asked with other parts than its last
 * four finds its pattern by the whole text again.
 */
const byTemplate = new WeakMap<TemplateStringsArray, PhraseEntry[]>();
const PER_TEMPLATE = 4;

function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function phrasePattern(p: Phrase): PhrasePattern {
  let entries = byTemplate.get(p.strings);
  if (entries === undefined) {
    entries = [];
    byTemplate.set(p.strings, entries);
  }
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!sameParts(entry.parts, p.parts)) continue;
    if (i > 0) {
      entries.splice(i, 1);
      entries.unshift(entry);
    }
    return entry.pattern;
  }
  let text = p.strings[0] ?? '';
  for (let i = 0; i < p.parts.length; i++) text += `${p.parts[i]}${p.strings[i + 1] ?? ''}`;
  const pattern = compiledPattern(text);
  entries.unshift({ parts: p.parts, pattern });
  if (entries.length > PER_TEMPLATE) entries.pop();
  return pattern;
}

export class Question {
  readonly tokens: Token[];
  private readonly used: boolean[];

  constructor(readonly original: string) {
    this.tokens = tokenize(original);
    this.used = this.tokens.map(() => false);
  }

  /** Replaces token `i` by one token per part ("warn-level" → "warn", "level"), before any rule reads. */
  split(i: number, parts: string[]): void {
    const quoted = this.tokens[i]?.quoted ?? false;
    const replaced = parts.map((raw) => ({ text: raw.toLowerCase(), raw, quoted }));
    this.tokens.splice(i, 1, ...replaced);
    this.used.splice(i, 1, ...replaced.map(() => false));
  }

  /** Replaces `n` tokens from `i` by one token per part ("in the 1 to 2 range" → "between 1 and 2"). */
  replace(i: number, n: number, parts: string[]): void {
    this.join(i, n, parts[0] ?? '');
    this.split(i, parts);
  }

  /** Replaces `n` tokens from `i` by one word ("time out" → "timeout"), before any rule reads. */
  join(i: number, n: number, word: string): void {
    const quoted = this.tokens[i]?.quoted ?? false;
    this.tokens.splice(i, n, { text: word.toLowerCase(), raw: word, quoted });
    this.used.splice(i, n, false);
  }

  /**
   * Whether token `i` is written in capitals inside a question that is not ("users in the US", "the
   * IT team"): an abbreviation, even where the same letters make a small word.
   */
  isAbbreviation(i: number): boolean {
    const t = this.tokens[i];
    if (!t || t.quoted || !/\p{Ll}/u.test(this.original)) return false;
    // "how many students got an A", "grade B": one capital letter inside the question is a grade or a
    // class, not the article (never "I").
    return /^[A-Z]{2,5}$/.test(t.raw) || (i > 0 && /^[A-HJ-Z]$/.test(t.raw));
  }

  /**
   * Whether stop word `i` may still be a value: written as an abbreviation, or standing where the
   * grammar puts a place, right after "in" or "from" (and "the"): "users in the us", "users from us",
   * but "tell us", "show us the logs".
   */
  mayBeValue(i: number): boolean {
    if (this.isAbbreviation(i)) return true;
    const t = this.tokens[i];
    if (!t || t.quoted || !/^[a-z]{2,5}$/.test(t.text) || t.text === 'the') return false;
    const before = this.tokens[i - 1]?.text === 'the' ? this.tokens[i - 2] : this.tokens[i - 1];
    return /^(?:in|from|inside|outside)$/.test(before?.text ?? '');
  }

  /** The lower-cased word at token `i`: '' for a quoted string or past either end. */
  word(i: number): string {
    const t = this.tokens[i];
    return !t || t.quoted ? '' : t.text;
  }

  isUsed(i: number): boolean {
    return this.used[i] === true;
  }

  consume(start: number, end: number): void {
    for (let i = start; i < end; i++) this.used[i] = true;
  }

  /** Indexes of tokens no rule has explained yet. */
  free(): number[] {
    return this.tokens.flatMap((_, i) => (this.used[i] ? [] : [i]));
  }

  /**
   * Runs of consecutive unexplained tokens, at most `maxWords` long, longest first at each start:
   * "slow query detected", "slow query", "slow", then "query detected", ...
   */
  *freeRuns(maxWords: number): Generator<number[]> {
    const free = this.free();
    for (let k = 0; k < free.length; k++) {
      for (let n = Math.min(maxWords, free.length - k); n >= 1; n--) {
        const run = free.slice(k, k + n);
        if (run[n - 1] === run[0]! + n - 1) yield run;
      }
    }
  }

  /** Unexplained tokens that are not stop words: what lowers confidence. */
  leftovers(): Token[] {
    return this.tokens.filter(
      (t, i) => !this.used[i] && (t.quoted || !(STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text))),
    );
  }

  /**
   * Runs `pattern` (whole words, over unexplained tokens; quoted strings show as one placeholder
   * word) and calls `accept` for each match in order; when it returns true the match is consumed.
   * A pattern put together from parts is best written as a `phrase` (found without its whole text).
   */
  scan(pattern: string | Phrase, accept: (m: PhraseMatch) => boolean): void {
    const views = this.tokens.map((t, i) => (this.used[i] ? USED : t.quoted ? QUOTE : t.text));
    const offsets: number[] = [];
    let at = 0;
    for (const v of views) {
      offsets.push(at);
      at += v.length + 1;
    }
    const text = views.join(' ');
    const tokenAt = (offset: number) => {
      let lo = 0;
      for (let i = 0; i < offsets.length; i++) if ((offsets[i] ?? 0) <= offset) lo = i;
      return lo;
    };
    const range = (from: number, to: number): [number, number] => [
      tokenAt(from),
      tokenAt(Math.max(from, to - 1)) + 1,
    ];
    const compiledAs = typeof pattern === 'string' ? compiledPattern(pattern) : phrasePattern(pattern);
    // Every match is found before any is accepted: a rule's accept may scan again with the same
    // shared pattern, and exec moves the pattern's lastIndex. (matchAll iterates a clone instead,
    // and cloning a pattern of a few kilobytes costs more than running it over a question.)
    const re = MAY_SPELL_NUMBER.test(text) ? compiledAs.full : compiledAs.lean;
    const found: RegExpExecArray[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      found.push(m);
      if (m[0].length === 0) re.lastIndex++;
    }
    for (const m of found) {
      if (m[0].length === 0 || m.index === undefined) continue;
      const [start, end] = range(m.index, m.index + m[0].length);
      if (this.used.slice(start, end).some(Boolean)) continue;
      const indices = m.indices ?? [];
      const match: PhraseMatch = {
        start,
        end,
        group: (n) => {
          const span = indices[n];
          if (!span || span[0] === span[1]) return [];
          const [a, b] = range(span[0], span[1]);
          return this.tokens.slice(a, b);
        },
        text: (n) =>
          m[n] === undefined
            ? ''
            : (match
                .group(n)
                .map((t) => t.text)
                .join(' ') ?? ''),
      };
      if (accept(match)) this.consume(start, end);
    }
  }
}
