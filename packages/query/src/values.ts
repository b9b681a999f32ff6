/**
 * The readers of learned values: values and store names grounded in the question, with negation
 * ("not paid", "all but engineering"), people named by name or email, and values set side by side
 * ("paid vs refunded").
 */
import { fieldStats } from '@smartdb/registry';
import { addFilter, type Draft, type Grounding } from './draft.ts';
import { kindsApart, SUPERLATIVE } from './measures.ts';
import { fieldsInside } from './nested.ts';
import {
  alternation,
  fieldPattern,
  insideValue,
  isStoreWord,
  isValueWord,
  OPENERS,
  PEOPLE,
  PERSON,
  personField,
  resolveField,
  storeWords,
} from './patterns.ts';
import { ANY_WORD, phrase, type Question } from './question.ts';
import { VERSUS } from './rewrites.ts';
import { fieldsShaped, ID_LIKE, isEmail, isIdentifierField } from './stores.ts';
import type { Filter, JsonScalar } from './types.ts';
import { isFieldWord, readingKinds, type StoreVocabulary, type ValueEntry } from './vocabulary.ts';
import {
  containsWords,
  FILLER_WORDS,
  nameWords,
  normalize,
  parseNumber,
  STOP_WORDS,
  stem,
  type Token,
  wordTable,
} from './words.ts';

const PREPOSITION_HINTS = wordTable<RegExp>({
  from: /^(from|sender|author|user|username|user_?name|source|service|origin|customer|host|app|client)$/i,
  by: /^(by|author|user|username|sender|owner|customer|created_?by|assignee)$/i,
  on: /^(host|server|node|machine|device|instance|platform|plan|channel|service|app|env|environment)$/i,
  in: /^(region|country|city|location|channel|project|currency|team|category|zone|state|env|environment|department|group|continent)$/i,
  to: /^(to|recipient|receiver|destination|target|channel)$/i,
  for: /^(customer|user|username|account|service|project|team|host)$/i,
});

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

function typedValue(v: StoreVocabulary, field: string, token: Token): JsonScalar {
  const kind = v.kinds.get(field);
  if (kind === 'number') return parseNumber(token.text) ?? token.raw;
  if (kind === 'boolean' && /^(true|false|yes|no)$/.test(token.text)) return /^(true|yes)$/.test(token.text);
  return token.raw;
}

/** The field a learned value belongs to, preferring a field the question names next to it. */
function pickField(g: Grounding, candidates: ValueEntry[], start: number, end: number): ValueEntry {
  const { q, v } = g;
  const fieldNear = (i: number): string | null => {
    const t = q.tokens[i];
    if (!t || q.isUsed(i)) return null;
    const f = resolveField(v, t.text);
    if (!f) return null;
    if (candidates.some((c) => c.field === f)) return f;
    // "orders where customer is Ann": the object that holds the field the value is learned in.
    const inside = new Set(candidates.filter((c) => holds(v, f, c.field)).map((c) => c.field));
    return inside.size === 1 ? [...inside][0]! : null;
  };
  const link = (i: number) => /^(is|=|:|of|equals|equal)$/.test(q.tokens[i]?.text ?? '');
  const around: [number, number, number][] = [
    [end, end, end + 1],
    [start - 1, start - 1, start],
  ];
  if (link(start - 1)) around.push([start - 2, start - 2, start]);
  for (const [at, near, past] of around) {
    const f = fieldNear(at);
    if (f) {
      const [from, to] = nestedName(q, v, f, at, at + 1);
      q.consume(Math.min(from, near), Math.max(to, past));
      if (at === start - 2) q.consume(start - 1, start);
      return candidates.find((c) => c.field === f)!;
    }
  }
  // "flights to JFK or SFO", "to NRT, LHR or SFO": a value listed after others takes the preposition
  // the list opened with (SFO was read as the origin, a field it is learned in more often).
  const listed = (t: Token | undefined) =>
    t !== undefined && !t.quoted && (/^(?:or|and|nor)$/.test(t.text) || isValueWord(v, t.text));
  let at = start - 1;
  while (at > 0 && listed(q.tokens[at])) at--;
  let prep = q.tokens[at]?.text ?? '';
  if (prep === 'the') prep = q.tokens[at - 1]?.text ?? '';
  const hint = PREPOSITION_HINTS[prep];
  const hinted = hint ? candidates.filter((c) => hint.test(c.field)) : [];
  const pool = hinted.length ? hinted : candidates;
  return [...pool].sort((a, b) => b.occurrences - a.occurrences)[0]!;
}

/**
 * "customer address city is Berlin": the words beside a nested field's key that name it with the
 * key (its path in words), so they are read too. Tokens [from, to) name `field`; a record's own field
 * is named as before.
 */
function nestedName(
  q: Question,
  v: StoreVocabulary,
  field: string,
  from: number,
  to: number,
): [number, number] {
  if (!fieldStats(v.store.fields, field)?.path) return [from, to];
  const names = (a: number, b: number) =>
    q.tokens.slice(a, b).every((_, k) => !q.isUsed(a + k)) &&
    resolveField(
      v,
      q.tokens
        .slice(a, b)
        .map((t) => t.text)
        .join(' '),
    ) === field;
  while (from > 0 && names(from - 1, to)) from--;
  while (to < q.tokens.length && names(from, to + 1)) to++;
  return [from, to];
}

/** Verbs of where a record belongs, which may stand between a negation and its value. */
const BELONGING =
  /^(live|lives|reside|resides|work|works|belong|belongs|sit|sits|come|comes|operate|operates)$/;

/**
 * Whether the "but" at `i` follows "all" or "every" and the records named, within a few words and no
 * other joining word ("all logs but errors", "every order but the refunded ones", "all logs today but
 * debug"): there it leaves out as "all but" does, where "premium users but inactive" (no word for
 * everything before) is a second condition.
 */
function butAfterAllOf(q: Question, i: number): boolean {
  for (let k = i - 2; k >= Math.max(0, i - 6); k--) {
    const word = q.tokens[k]?.text ?? '';
    if (/^(?:all|every)$/.test(word)) return true;
    if (/^(?:and|or|but|,)$/.test(word)) return false;
  }
  return false;
}

/**
 * Whether the "but" at `i` is followed by one word and "ones" ("premium users but inactive ones",
 * "orders but refunded ones"): the ones named are left out, as "but the inactive ones" are.
 */
function butBeforeOnes(q: Question, i: number): boolean {
  return q.tokens[i + 2]?.text === 'ones';
}

/** Whether the "but" at `i` leaves out what follows ("all but", "anyone but", "but the ... ones"). */
function butLeavesOut(q: Question, i: number): boolean {
  const before = q.tokens[i - 1]?.text ?? '';
  const after = q.tokens[i + 1]?.text ?? '';
  return (
    i === 0 ||
    butAfterAllOf(q, i) ||
    butBeforeOnes(q, i) ||
    /^(?:all|any|anyone|anybody|anything|anywhere|every|everyone|everybody|everything|everywhere|nothing|none|nobody|no|someone|somebody|something|last)$/.test(
      before,
    ) ||
    /^(?:the|those|these|for|not)$/.test(after)
  );
}

export function negated(q: Question, start: number): number | null {
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
    // "tickets not assigned to ana", "issues not owned by ben": any participle before "to" or "by".
    if (/^[a-z]{3,}ed$/.test(t.text) && /^(?:to|by)$/.test(q.tokens[i + 1]?.text ?? '')) continue;
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

/** Words that leave out every value listed after them, of whatever field. */
const LIST_EXCLUSIONS = /^(?:except|excluding|exclude|besides|apart|other)$/;

/** "engineering excluded", "debug aside": the word after a value that leaves it out, or null. */
export function excludedAfter(q: Question, end: number): number | null {
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
  // Values of other fields are joined so only after a word that leaves out a list ("except usd and
  // refunded"); "not usd and refunded" may be a second condition.
  const joined =
    neg === null &&
    !prefixed &&
    g.excluded?.end === start - 1 &&
    (g.excluded.field === entry.field || g.excluded.listed) &&
    /^(and|or|nor)$/.test(g.q.tokens[start - 1]?.text ?? '');
  if (joined) g.q.consume(start - 1, start);
  g.q.consume(start, end);
  const op = (neg !== null || joined || after !== null) !== prefixed ? '!=' : '=';
  const listed = joined
    ? (g.excluded?.listed ?? false)
    : neg !== null && LIST_EXCLUSIONS.test(g.q.tokens[neg]?.text ?? '');
  g.excluded = op === '!=' ? { end, field: entry.field, listed } : undefined;
  // A name standing for a number ("error" for a numeric level 50) is that number.
  const number =
    g.v.kinds.get(entry.field) === 'number' && typeof entry.value === 'string'
      ? Number(entry.value)
      : Number.NaN;
  addFilter(g.draft, entry.field, op, Number.isFinite(number) ? number : entry.value);
}

/**
 * "count users per team including inactive ones", "orders per currency including refunded ones":
 * records said to be included as well are no condition; read as a value, "including inactive" would
 * answer for the inactive users alone, the opposite of what was asked. The words are read here,
 * before any rule takes the value as a filter (or, after "including", as text). A value its store's
 * learned text says too may be what the text is searched for, so there only a value followed by
 * "ones", the store's own word or its field ("including error logs") is passed over. Another value of the same
 * field said as well ("paid orders including refunded ones") asks for both values together, which
 * one condition of the records cannot say: refused. "not including" leaves out, and is left alone.
 */
export function readInclusions({ q, v, draft }: Grounding): void {
  const tokens = q.tokens;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (q.isUsed(i) || t.quoted || !/^(?:including|incl|inclusive)$/.test(t.text)) continue;
    if (/^(?:not|without|excluding)$/.test(tokens[i - 1]?.text ?? '')) continue;
    // "messages with text including general": the words a text field includes are searched for.
    const before = resolveField(v, tokens[i - 1]?.text ?? '');
    if (before && v.kinds.get(before) === 'text') continue;
    let start = i + 1;
    if (t.text === 'inclusive' && tokens[start]?.text === 'of') start++;
    // "including those on the free plan", "including the ones that are inactive": the words that
    // lead to the value.
    while (
      start < i + 5 &&
      /^(?:the|all|any|also|even|those|ones|on|in|with|from|who|that|which|are|is|were|was)$/.test(
        tokens[start]?.text ?? '',
      )
    )
      start++;
    for (let n = Math.min(3, tokens.length - start); n >= 1; n--) {
      const words = tokens.slice(start, start + n);
      if (words.some((w, k) => w.quoted || q.isUsed(start + k))) continue;
      const key = normalize(words.map((w) => w.text).join(' '));
      const entries = v.values.get(key) ?? (n === 1 ? v.stems.get(stem(key)) : undefined) ?? [];
      const fields = [...new Set(entries.map((e) => e.field))];
      if (fields.length !== 1 || !/^(?:category|boolean)$/.test(v.kinds.get(fields[0]!) ?? '')) continue;
      const field = fields[0]!;
      let end = start + n;
      const noun = tokens[end];
      // "including the free plan": the value's own field may follow it.
      const named =
        noun !== undefined &&
        !noun.quoted &&
        (/^ones?$/.test(noun.text) || isStoreWord(v, noun.text) || resolveField(v, noun.text) === field);
      if (named) end++;
      else if (v.textFields.length && v.textValues.some((text) => containsWords(text, key))) break;
      // "paid orders including refunded ones": the other value of the field, said elsewhere.
      const other = tokens.some(
        (w, k) =>
          (k < i || k >= end) &&
          !w.quoted &&
          !q.isUsed(k) &&
          normalize(w.text) !== key &&
          (v.values.get(normalize(w.text)) ?? v.stems.get(stem(normalize(w.text))) ?? []).some(
            (e) => e.field === field,
          ),
      );
      if (other)
        draft.unsupported ??= `"${tokens
          .slice(i, end)
          .map((w) => w.raw)
          .join(
            ' ',
          )}" adds records of another ${field} to those asked for, which one condition cannot say: ask for each ${field} separately, or for the count per ${field}`;
      q.consume(i, end);
      break;
    }
  }
}

export function readValues(g: Grounding): void {
  const { q, v } = g;
  const tokens = q.tokens;
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
      if (q.isUsed(i) || [...Array(n).keys()].some((k) => q.isUsed(i + k))) continue;
      const words = tokens.slice(i, i + n);
      const first = words[0]!;
      const last = words[n - 1]!;
      const stop = (k: number) => STOP_WORDS.has(tokens[k]!.text) && !q.mayBeValue(k);
      const key = normalize(words.map((w) => w.text).join(' '));
      // "tickets in progress", "orders on hold": a value of several words learned whole may start
      // or end with a word of grammar (in_progress, on_hold).
      if (!first.quoted && (stop(i) || stop(i + n - 1)) && !(n > 1 && v.values.has(key))) continue;
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
 * "users younger than 20 or older than 60": bounds on one field that no number meets together, joined
 * by "or", ask for either range, which filters (all of which must hold) cannot say.
 */
export function eitherOr(q: Question, filters: Filter[]): boolean {
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
export const NOT_VALUES =
  /^(distinct|unique|different|same|whole|entire|current|default|other|another|given|specific|particular|right|wrong|main|primary|selected|chosen|usual|new|old|each|every|any|some|which|what|when|whenever|while|whether|if|why|their|its|his|her|my|our|your|own|single|top|bottom|largest|biggest|smallest|busiest|most|least)$/;

/** Why records lacking a field are refused: no condition says that a field is missing. */
export const LACKING_FIELD = 'Records lacking a field cannot be asked for: ask for a value of it instead';

/** Words for any person at all, which name no value: "from anyone but john", "by someone". */
export const ANYBODY = /^(anyone|anybody|everyone|everybody|someone|somebody|nobody|noone|whoever)$/;

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
export function nameForEmails(v: StoreVocabulary, field: string, word: string): string | null {
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
export function toSender(q: Question, v: StoreVocabulary, draft: Draft): string | null {
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
export function unheldValue(v: StoreVocabulary, field: string, word: string): string {
  const values = Object.keys(fieldStats(v.store.fields, field)?.values ?? {});
  const shown = values.slice(0, 8).join(', ');
  return `No ${v.store.domain} have ${field} "${word}": its values are ${shown}${values.length > 8 ? ', …' : ''}`;
}

/** Whether the nested field `inner` lies inside the objects `outer` holds (nested.ts views). */
function holds(v: StoreVocabulary, outer: string, inner: string): boolean {
  return fieldsInside(v.store, outer).some((f) => f.name === inner);
}

/** Whether `word` begins the name of a key inside the objects `field` holds (nested.ts views). */
function keyInside(v: StoreVocabulary, field: string, word: string): boolean {
  return fieldsInside(v.store, field, true).some((f) => nameWords(f.path!.at(-1)!).split(' ')[0] === word);
}

/** Whether `field` may hold `text` although its dictionary does not show it. */
export function mayHoldUnseen(v: StoreVocabulary, field: string, text: string): boolean {
  if (v.kinds.get(field) !== 'category') return true;
  const stats = fieldStats(v.store.fields, field);
  if (!stats?.values || stats.overflow) return true;
  const wanted = text.toLowerCase();
  return Object.keys(stats.values).some((value) => value.toLowerCase() === wanted);
}

/** "token xyz123", "status is paid", "name 'Ada'": a named field followed by a value the dictionary lacks. */
export function readNamedValues({ q, v, draft, others }: Grounding): void {
  q.scan(
    phrase`(${fieldPattern(v, ['category', 'number', 'boolean', 'other'])}) (is |= |: |equals |of |named |called )?(${ANY_WORD})`,
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
      // "customer address city is Berlin": a key inside the object named, not a value of it.
      if (!token.quoted && m.text(2) === '' && keyInside(v, field, token.text)) return false;
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
  q.scan(phrase`(?:the|a|an) (${ANY_WORD}) (${fieldPattern(v, ['category'])})(?= |$)`, (m) => {
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
  // "messages from nobody", "tickets assigned to no one": records by no one lack the field, which no
  // condition says; read as by anybody, every record answered.
  q.scan('(?:from|by|to) (?:nobody|noone|no one)(?= |$)', () => {
    draft.unsupported ??= LACKING_FIELD;
    return true;
  });
  // "messages from anyone but john": by anybody at all is no condition.
  q.scan(phrase`(?:from|by) (${ANY_WORD})`, (m) => ANYBODY.test(m.text(1)));
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
  // "products out of stock": the opposite of a flag named for being in something (in_stock).
  const within = [...v.fields]
    .filter(([key, f]) => v.kinds.get(f) === 'boolean' && /^in \S/.test(key))
    .map(([key]) => key.slice(3));
  q.scan(phrase`out of (${alternation(within)})`, (m) => {
    const field = resolveField(v, `in ${m.text(1)}`);
    if (!field) return false;
    addFilter(draft, field, '=', false);
    return true;
  });
  // "sessions that did not bounce", "users who never churned": the verb of a flag named by its
  // past participle (bounced, churned, verified).
  const verbs = new Map<string, string>();
  for (const [key, f] of v.fields) {
    if (v.kinds.get(f) !== 'boolean' || !/^[a-z]{4,}ed$/.test(key)) continue;
    const forms = key.endsWith('ied') ? [`${key.slice(0, -3)}y`] : [key.slice(0, -1), key.slice(0, -2)];
    for (const form of forms) if (!verbs.has(form) && !v.fields.has(form)) verbs.set(form, f);
  }
  q.scan(
    phrase`(?:(?:did|does|do|has|have|had) )?(not |never )?(${alternation(verbs.keys())})(?= |$)`,
    (m) => {
      const field = verbs.get(m.text(2));
      if (!field) return false;
      addFilter(draft, field, '=', m.text(1) === '');
      return true;
    },
  );
  // "non-bounced sessions": the hyphenated negation arrives split ("non bounced").
  // "employees who work remotely": the flag's word as an adverb.
  q.scan(phrase`(not |non[- ]?|un|in|without |no )?(${fieldPattern(v, ['boolean'])})(?:ly)?`, (m) => {
    // "inactive", "unverified": the negation joined to the flag's word comes with its token.
    const said = m.text(2);
    const field =
      resolveField(v, said) ??
      resolveField(v, said.replace(/^(?:un|in)/, '')) ??
      resolveField(v, said.replace(/ly$/, ''));
    if (!field) return false;
    addFilter(draft, field, '=', m.text(1) === '');
    return true;
  });
}

/**
 * "compare EUR and USD orders", "compare the average cpu usage of web-1 and web-2": values of one
 * field set side by side are that field's groups, held to the values named (each counted, or
 * measured as asked); read as one list, the records of both would be mixed together.
 */
export function readComparedValues({ q, v, draft }: Grounding): void {
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
    draft.unsupported ??= `${kindsApart(named)}, e.g. "average ${named[0]}" and "average ${named[1]}"`;
    draft.unsupportedFix ??= { said: q.original.trim(), fixes: named.map((k) => `average ${k}`) };
    return;
  }
  draft.groupBy = both.field;
  if (at >= 0) q.consume(at, at + 1);
}

/** Store names go first so "orders" is never read as a value; synonyms last, after values had their chance ("errors"). */
/**
 * The store's own words, read as naming it; not inside a learned value of several words said whole
 * ("issues labelled good first issue"), which `readValues` reads.
 */
export function readStoreNames({ q, v }: Grounding): void {
  q.scan(phrase`(?:${alternation(v.names)})(?:e?s)?`, (m) => !insideValue(q, v, m.start));
}

export function readStoreWords({ q, v }: Grounding): void {
  q.scan(phrase`(?:${storeWords(v)})`, (m) => !insideValue(q, v, m.start));
}
