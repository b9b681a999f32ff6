/**
 * The checks that explain what cannot be answered: a topic, value, measure, qualifier or grouping
 * nothing learned explains, a question that combines stores, a comparison, change or span of time
 * no rule read, and times left out or set apart. They find what to refuse and never throw;
 * readQuestion decides when to ask them and how to refuse.
 */
import { fieldStats } from '@smartdb/registry';
import type { Draft } from './draft.ts';
import { ADDITIVE, aggregateOfWord, MAGNITUDE, MEASURE_WORDS, SUPERLATIVE } from './measures.ts';
import {
  isStoreWord,
  isValueWord,
  OPENERS,
  PEOPLE,
  PERSON,
  personField,
  pluralField,
  pluralRecords,
  RECORD_NOUN,
  resolveField,
} from './patterns.ts';
import type { Question } from './question.ts';
import { ID_LIKE, isIdentifierField, peopleSaying } from './stores.ts';
import type { TimeWindow } from './time.ts';
import { ANYBODY, mayHoldUnseen, NOT_VALUES, nameForEmails, unheldValue } from './values.ts';
import { ageField, CURRENCY_SIGNS, isFieldWord, type StoreVocabulary, singular } from './vocabulary.ts';
import {
  containsWords,
  FILLER_WORDS,
  nameWords,
  normalize,
  parseDigits,
  parseNumber,
  STOP_WORDS,
  stem,
  type Token,
} from './words.ts';
import { WRITE_VERB } from './writes.ts';

/**
 * "count users by location", "orders per weekday": a word no rule explained right after a word that
 * groups names no field to group by, and the question is refused rather than answered ungrouped.
 */
const NOT_GROUPED = /^(cent|far|default|chance|hand|mistake|accident|way)$/;

export function unknownGrouping(q: Question, v: StoreVocabulary, draft: Draft): Token | null {
  const groupedBy = draft.groupBy;
  // "users by email domain": "by email" may have been read as an order of the records.
  const grouped = [...(groupedBy ? [groupedBy] : []), ...draft.sort.map((s) => s.field)];
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
    if (grouped.length && qualifiesGrouping(q, v, i, grouped)) return t;
  }
  return null;
}

/**
 * "logs by host location": a field word that would name a field ("location", "nationality") right
 * after the grouped field's word asks for something about that field no store holds; grouping by the
 * field alone would drop it. So does a word for a part or a property of each value ("users by email
 * domain", "count users by country code", "users by team size"), where no field is called so.
 */
function qualifiesGrouping(q: Question, v: StoreVocabulary, i: number, grouped: string[]): boolean {
  const t = q.tokens[i]!;
  const field = q.tokens[i - 1];
  const by = q.tokens[i - 2]?.text ?? '';
  if (!field || field.quoted || !q.isUsed(i - 1) || !/^(by|per|each|every)$/.test(by)) return false;
  // "orders by user country": a word for people read as the person field is qualified the same way.
  const person = PEOPLE.test(field.text) && grouped.includes(personField(v) ?? '');
  if (!grouped.includes(resolveField(v, field.text) ?? '') && !person) return false;
  return (isFieldWord(t.text) || PART_OF_VALUE.test(t.text)) && resolveField(v, t.text) === null;
}

/**
 * Words for a part or a property of a value, which grouping by the value itself would drop ("users
 * ranked by email provider": the provider of an address is its domain, and sorted by the whole
 * address the word was dropped).
 */
const PART_OF_VALUE =
  /^(?:domains?|codes?|prefix(?:es)?|suffix(?:es)?|initials?|letters?|lengths?|sizes?|owners?|extensions?|formats?|parts?|tlds?|providers?|hostnames?)$/;

/**
 * "users from spain or portugal", "orders in EUR or GBP": an unexplained word right after "or" or
 * "and" that follows a value read for a field whose dictionary is complete, where no store learned
 * the word at all: the message names the field's values.
 */
export function unheldAlternative(
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

/** Codes or words for a currency, as the code a field would hold (signs: CURRENCY_SIGNS). */
const CURRENCY_WORDS =
  /^(?:(usd|eur|gbp|jpy|chf|cad|aud|cny|inr|sek|nok|dkk|pln|brl|mxn)|(dollars?|bucks?)|(euros?)|(pounds?|sterling|quid)|(yen))$/;

/**
 * "orders over £50", "revenue above 50 gbp": an amount said in a currency, where the records hold
 * currencies (a field whose values are currency codes) and never this one. Read as the amount alone
 * (as "$" is where USD is held), the currency would be silently dropped; the message names the
 * currencies held. Where no field holds currencies, the sign is the amount's alone.
 */
export function unheldCurrency(
  q: Question,
  v: StoreVocabulary,
): { message: string; said: string; amount: string } | null {
  const currencies = currencyField(v);
  if (!currencies) return null;
  const { field, held } = currencies;
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

/** The store's field of currency codes (`currency: "EUR"`) and the codes it holds, or null. */
function currencyField(v: StoreVocabulary): { field: string; held: string[] } | null {
  for (const [name, kind] of v.kinds) {
    if (kind !== 'category') continue;
    const stats = fieldStats(v.store.fields, name);
    if (!stats?.values || stats.overflow) continue;
    const values = Object.keys(stats.values);
    if (
      values.length &&
      values.every((x) => CURRENCY_CODE.test(x)) &&
      values.some((x) => CURRENCY_CODES.has(x))
    )
      return { field: name, held: values };
  }
  return null;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * "products under 50 dollars", "items over 100 usd": where the store asked about holds no
 * currencies, a currency said after an amount is the amount's unit, as "$50" is. Left in, it was
 * read as the currency another store holds (the metrics' `currency`) and the question refused.
 */
export function readCurrencyUnits(q: Question, v: StoreVocabulary): void {
  if (currencyField(v)) return;
  for (let i = 1; i < q.tokens.length; i++) {
    const [amount, unit] = [q.tokens[i - 1]!, q.tokens[i]!];
    if (unit.quoted || !CURRENCY_WORDS.test(unit.text) || !/\d/.test(amount.text)) continue;
    if (parseNumber(amount.text) !== null) q.consume(i, i + 1);
  }
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

/**
 * "how is the weather in Germany", "the capital of France", "flights from Canada": in a question no
 * word of which names a store, the first word it is about (the word after "who" is a verb about a
 * person, "who lives in France") must be explained; an unknown one is a topic this tenant has no data on.
 */
export function unknownTopic(q: Question, vocabularies: StoreVocabulary[]): Token | null {
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
    // "readings where humidity above 90": a noun for records of any store names none of them.
    if (RECORD_NOUN.test(t.text)) continue;
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
export function unknownHead(q: Question, vocabularies: StoreVocabulary[], timed: Set<number>): Token | null {
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
export function foreignValue(
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
export function foreignText(
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
 * "payment timeouts", "how many payment timeouts this week": the last word, unexplained, after the
 * store's own word (`unknownHead`), said in another store's text only. One word alone is said in too
 * many texts for `foreignText`, but as the head of the question it says what is asked about;
 * answered, every payment was counted.
 */
export function foreignHead(
  q: Question,
  v: StoreVocabulary,
  others: StoreVocabulary[],
  vocabularies: StoreVocabulary[],
  timed: Set<number>,
): { words: string; domain: string } | null {
  const head = unknownHead(q, vocabularies, timed);
  if (!head || !isStoreWord(v, q.tokens[q.tokens.indexOf(head) - 1]?.text ?? '')) return null;
  const forms = [head.text, stem(head.text)].filter((f) => f.length >= 4);
  const said = (texts: string[]) => forms.some((f) => texts.some((t) => containsWords(t, f)));
  if (said(v.textValues)) return null;
  const other = others.find((o) => said(o.textValues));
  return other ? { words: head.raw, domain: other.store.domain } : null;
}

/**
 * "messages from premium users", "logs for paid orders": a word left unexplained that names another
 * store (and is no field, value or word of the one read) asks to combine stores as well.
 */
export function foreignStore(
  q: Question,
  v: StoreVocabulary,
  others: StoreVocabulary[],
): StoreVocabulary | null {
  for (const i of q.free()) {
    const t = q.tokens[i]!;
    const word = normalize(t.text);
    if (t.quoted || isStoreWord(v, word) || resolveField(v, word) || isValueWord(v, word)) continue;
    // "user messages", "messages from the user alice": a word for a person names the person field.
    if (PERSON.test(word) && personField(v)) continue;
    // "which customers mention invoice": people said to write the text searched are its writers.
    if (PEOPLE.test(word) && personField(v) && peopleSaying(q, i)) continue;
    // "purchases made by premium users": a plural noun of another store's synonyms names its records
    // as well as its own name does (a synonym's verbs, "bought", "posted", describe people only).
    const other = others.find(
      (o) =>
        o.names.has(word) ||
        o.names.has(singular(word)) ||
        (/s$/.test(word) && o.synonyms.has(singular(word))),
    );
    if (other && !kindOf(q, i, v, other)) return other;
  }
  return null;
}

/**
 * "how many students failed" beside grades `{student, …}`: an unread plural of a field's own name
 * in another store (`student` of grades), where the chosen store has no such field, says that
 * store's records; answered from the chosen one (logs, whose errors "failed" names), the count of
 * failures of the wrong records came back. The other store and its field, else null.
 */
export function foreignFieldNoun(
  q: Question,
  v: StoreVocabulary,
  others: StoreVocabulary[],
): { word: string; field: string; store: StoreVocabulary } | null {
  for (const i of q.free()) {
    const t = q.tokens[i]!;
    const word = normalize(t.text);
    if (
      t.quoted ||
      !/[^s]s$/.test(word) ||
      isStoreWord(v, word) ||
      resolveField(v, word) ||
      isValueWord(v, word)
    )
      continue;
    if ((PEOPLE.test(word) && personField(v)) || /^(?:events|entries|records|items|rows|lines)$/.test(word))
      continue;
    const one = singular(word);
    const owners = others.filter((o) => {
      const f = resolveField(o, word);
      // ("audit events" beside a store of events: a store's own noun is `foreignStore`'s to read.)
      return f !== null && normalize(f) === one && !isValueWord(o, word) && !isStoreWord(o, word);
    });
    if (owners.length === 1)
      return { word: t.raw, field: resolveField(owners[0]!, word)!, store: owners[0]! };
  }
  return null;
}

/**
 * "audit events from ip 10.0.0.3", "audit entries by action": a generic word for records right
 * after the chosen store's own noun says what kind of record that store holds, not another store's
 * records, where the rest of the question is the chosen store's alone (a field or value the other lacks).
 */
function kindOf(q: Question, i: number, v: StoreVocabulary, other: StoreVocabulary): boolean {
  const prev = q.tokens[i - 1];
  if (!prev || prev.quoted || !isStoreWord(v, normalize(prev.text))) return false;
  if (!/^(?:events?|entries|entry|records?|logs?|items?|rows?|lines?)$/.test(q.tokens[i]!.text)) return false;
  return q.tokens.some((t, k) => {
    if (k === i || k === i - 1 || t.quoted || STOP_WORDS.has(t.text)) return false;
    const w = normalize(t.text);
    const own = resolveField(v, w) !== null || isValueWord(v, w) || v.values.has(t.raw.toLowerCase());
    return own && resolveField(other, w) === null && !isValueWord(other, w);
  });
}

/** Words that may link a store's noun to another store's in "users who have placed orders". */
const LINKS =
  /^(who|that|which|with|having|have|has|had|did|do|does|ever|already|any|some|an?|no|the|at|least|one|more|than|multiple|several|placed|made|sent|posted|wrote|written|bought|ordered|purchased|created|submitted|received|own|owns|and|their|its|along|together|plus|something|anything|as|many|exactly|over|under|fewer|less|without)$/;

/**
 * "users who placed orders", "which customers have sent messages", "users with orders": records of
 * one store described by records of another (a join), which no interpretation says.
 */
export function joinedStores(
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
      // "customers with more than 2 orders": people the other store names by a field of its own
      // (the orders' customer) are its groups, not records of a store to join.
      const grouped =
        b &&
        PLURAL_PEOPLE.test(t.text) &&
        parseNumber(q.tokens[j - 1]!.text) !== null &&
        /^(?:than|over|under|above|below|least|most|exactly)$/.test(q.tokens[j - 2]?.text ?? '') &&
        resolveField(b, singular(t.text)) === personField(b);
      // "distinct customers who ordered this week": the values of the other store's person field.
      const values =
        b &&
        PLURAL_PEOPLE.test(t.text) &&
        /^(?:distinct|unique|different)$/.test(q.tokens[i - 1]?.text ?? '') &&
        resolveField(b, singular(t.text)) === personField(b);
      // "10 customers who ordered the most", "the customer who ordered the least": people ranked by
      // how much the other store's records of them did are its person field's groups, as "who
      // ordered the most" is.
      const ranked =
        b &&
        RANKED_PERSON.test(t.text) &&
        /^(?:the )?(?:most|least|fewest)(?: |$)/.test(
          q.tokens
            .slice(j + 1, j + 3)
            .map((x) => x.text)
            .join(' '),
        ) &&
        resolveField(b, singular(t.text)) === personField(b);
      if (b && b !== a && j > i + 1 && !own && !grouped && !values && !ranked) return [a, b];
      if (w.quoted || !(LINKS.test(w.text) || parseNumber(w.text) !== null)) break;
    }
  }
  return null;
}

/** People in the plural, by a word another store may name its person field with ("customers"). */
const PLURAL_PEOPLE = /^(?:customers|clients|buyers)$/;
/** The same people, one or several. */
const RANKED_PERSON = /^(?:customers?|clients?|buyers?)$/;

/** Comparatives of quantity ("older than" and "later than" bound a time or a number instead). */
const MORE_OR_LESS = /^(?:more|fewer|less|higher|lower|greater|bigger|smaller|larger)$/;

/**
 * Whether a comparative of quantity is followed, past at least one word, by "than" and a time:
 * "more errors today than yesterday" ("more than 5 days old" bounds the records' time instead).
 */
export function comparesWindows(q: Question, timed: Set<number>): boolean {
  const than = q.tokens.findIndex((t, i) => t.text === 'than' && !t.quoted && timed.has(i + 1));
  return than > 1 && q.tokens.slice(0, than - 1).some((t) => !t.quoted && MORE_OR_LESS.test(t.text));
}

/**
 * The words of a time read right after an unread word that leaves it out ("not", "excluding",
 * "except", "outside", "besides", "other than"), with prepositions between; null when there is none.
 */
export function negatedTime(q: Question, timed: Set<number>): string | null {
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
  /^(?:at (?:present|once|large|times)|for (?:sure|instance|example|reference|good|real|ever|once)|on (?:record|file|purpose|earth)|to (?:date|now|order|go|spare))$/;

/** A day of the month written alone: "20", "20th". */
const DAY_OF_MONTH = /^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$/;

/**
 * Whether an unread "and" joins a time to another day ("Nov 17 and 20", "the 17th and the 20th") or
 * two times that share no moment ("monday and wednesday"); "yesterday and today" is one range.
 */
export function separateDays(q: Question, timed: Set<number>, window: TimeWindow | null): boolean {
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
export function unknownValue(q: Question, vocabularies: StoreVocabulary[], named: boolean): Token | null {
  for (const t of q.leftovers()) {
    if (t.quoted) continue;
    const i = q.tokens.indexOf(t);
    const before = q.tokens[i - 1]?.text ?? '';
    if (ID_LIKE.test(t.raw) && /\d/.test(t.raw) && parseNumber(t.text) === null) return t;
    // "users in the Berlin office": after an article that follows the preposition as well.
    const after = before === 'the' ? (q.tokens[i - 2]?.text ?? '') : before;
    if (/^(in|from|on|at|for|to)$/.test(after) && /^\p{Lu}/u.test(t.raw)) return t;
    // "logs from mars", "users in narnia", "flights to tokyo": written small, a word that no grammar,
    // field, store or value explains, right after "from", "in" or "to" and ending the phrase, is such
    // a name too ("messages from the moon"; "in the" often says no place: "logs in the database").
    const ends = !q.tokens[i + 1] || q.isUsed(i + 1);
    const from = before === 'the' ? after === 'from' : /^(in|from|to)$/.test(before);
    const idiom = SET_PHRASES.test(`${before} ${t.text}`);
    if (from && !idiom && !q.isUsed(i - 1) && ends && describingWord(t.text, vocabularies)) return t;
    // "orders for acme", "users at acme corp", "revenue for acme": so are such words after "for", "at"
    // or "on", or "of" in a question that names its records, where no store word follows them ("the
    // stock price of acme" asks about what no store holds).
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
export function unknownMeasure(
  q: Question,
  draft: Draft,
  vocabularies: StoreVocabulary[],
  chosen?: StoreVocabulary,
  others: StoreVocabulary[] = [],
): Token | null {
  const at = draft.unnamedMeasure;
  const t = at === null ? undefined : q.tokens[at];
  // "average ticket size", "basket value": a word before one for how much a record is worth names the measure.
  // "total combined revenue": another word for the same aggregate.
  const worth =
    MEASURE_WORDS.test(q.tokens[(at ?? 0) + 1]?.text ?? '') || aggregateOfWord(t?.text ?? '') !== null;
  // "average duration of devices": a word naming a number field of another store only (events'
  // duration_ms) is not the chosen store's measure (a temperature) either.
  const elsewhere = (w: string) =>
    chosen !== undefined &&
    /^[a-z]+$/.test(w) &&
    !STOP_WORDS.has(w) &&
    // "total value of orders": a word for how much a record is worth is the store's own measure.
    !MEASURE_WORDS.test(w) &&
    !ADDITIVE.test(w) &&
    resolveField(chosen, w) === null &&
    !isStoreWord(chosen, w) &&
    others.some((o) => {
      const f = resolveField(o, w);
      return f !== null && o.kinds.get(f) === 'number';
    });
  if (
    t &&
    at !== null &&
    !worth &&
    !q.isUsed(at) &&
    !t.quoted &&
    (describingWord(t.text, vocabularies) || elsewhere(t.text))
  )
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
export function unreadComparison(q: Question): string | null {
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
    // "orders totalling zero", "cpu usage of zero percent": zero left unread is a bound no rule
    // read, as "0" is (other number words also count or label: "one", "a").
    if (t.text === 'zero') return t.raw;
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
export function unreadSpan(
  q: Question,
  compared: boolean,
): { said: string; span: string; ago: boolean } | null {
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
export function changeOverTime(q: Question, v: StoreVocabulary): Token | null {
  for (const [i, t] of q.tokens.entries()) {
    if (q.isUsed(i) || t.quoted) continue;
    const next = q.tokens[i + 1];
    // "users on the growth team", "the change channel": a word before a field's name says which of
    // its values, a name no change is asked of.
    if (next && !next.quoted && resolveField(v, next.text)) continue;
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
export function unrankedGroup(q: Question, v: StoreVocabulary, draft: Draft): Token | null {
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
 * "which customer owes the most", "which page is the slowest": a superlative no rule read ranks by
 * something the question names in words no field or value holds; answered, the ranking was dropped
 * and the records listed (or a word searched for as text).
 */
export function unreadSuperlative(q: Question): Token | null {
  return (
    q.leftovers().find((t) => {
      if (t.quoted || !SUPERLATIVE.test(t.text)) return false;
      // "at most" and "at least" are bounds; "most of the errors" asks for them all.
      const i = q.tokens.indexOf(t);
      return q.tokens[i - 1]?.text !== 'at' && q.tokens[i + 1]?.text !== 'of';
    }) ?? null
  );
}

/** A ranking the store answers, offered where one could not be read: by its measure, or its records per group. */
export function rankingExample(v: StoreVocabulary): string {
  const domain = v.store.domain;
  if (v.measure) return `top 5 ${domain} by ${nameWords(v.measure)}`;
  const group = [...v.kinds].find(
    ([f, k]) => k === 'category' && !isIdentifierField(v, f) && f !== personField(v),
  )?.[0];
  return group ? `which ${nameWords(group)} has the most ${domain}` : `latest 5 ${domain}`;
}

/**
 * "which service has the most orders", "which host has the most users": a field of other stores asked
 * about with "which" and a superlative is no grouping of the store chosen, whose records would
 * otherwise all be listed.
 */
export function foreignGroup(
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

/** Verbs that ask for records and prepositions, which may stand right before a store's noun. */
const BEFORE_NOUN =
  /^(select|filter|group|sort|order|rank|break|split|compare|pull|grab|query|retrieve|view|print|dump|export|check|bring|among|amongst|across|between|over|under|like|than|but|except|including)$/;

/**
 * Words that name every record of a kind rather than some of them: "the existing orders", "system
 * logs", "performance metrics", "chat messages", "past orders". Before a store's noun they narrow nothing.
 */
const ANY_RECORD =
  /^(existing|actual|real|various|different|individual|separate|respective|relevant|raw|full|complete|entire|plain|regular|normal|standard|typical|known|tracked|saved|system|server|application|app|platform|production|prod|performance|monitoring|telemetry|event|events|activity|audit|chat|purchase|incoming|customer|client|account|past|previous|prior|earlier|historical|historic|such|more|extra|additional|further|remaining)$/;

/**
 * "critical logs", "logs that are critical", "logs with level critical": a word left unexplained
 * where it can only describe which records are asked for is a value no field holds; answered without
 * it, the question would be answered for every (other) matching record. Next to a field's name
 * ("level critical", "critical level") it is that field's value; before the store's own noun or after
 * "with" it says which records. Before a value read as a condition ("critical errors in the api
 * service") it only stresses the value. After "are" or as the verb of "who"/"that", it is only
 * refused when nothing else says which records: "users who belong to the sales team" reads.
 */
export function unknownQualifier(
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
  vocabularies: StoreVocabulary[],
  timed: boolean,
): Token | null {
  const narrowed = draft.filters.length > 0 || draft.text !== null;
  for (const t of q.leftovers()) {
    const i = q.tokens.indexOf(t);
    // "fancy-looking customers": a word joined by a hyphen that no store knows describes as one word does.
    if (t.quoted || !describing(t.text, vocabularies)) continue;
    // "how many tasks are due this month" of tasks timed by their due_date: what the time field says
    // happened, said of the time asked for.
    if (timed && v.store.timeField && eventOfDate(v.store.timeField) === t.text) continue;
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
    // "what browsers do users use", "what hobbies do people have": the thing asked for, which no
    // field records; passed over, every user was listed.
    if (/^(?:what|which)$/.test(before?.text ?? '') && /^(?:do|does|did)$/.test(next?.text ?? '')) return t;
    // "users who churned": a verb no field records, where nothing else says which records ("users who
    // belong to the sales team", "orders that came in today" are read by their value and time).
    // "EUR orders that bounced", "GET requests that failed": narrowed before the verb, with nothing
    // after it read, the clause still says which records, and dropped, every EUR order answered.
    const clause = /^(who|that|which)$/.test(before?.text ?? '');
    const saysMore = q.tokens.slice(i + 1).some((n, k) => q.isUsed(i + 1 + k) && !STOP_WORDS.has(n.text));
    if (clause && ((!narrowed && !timed) || !saysMore)) return t;
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

/**
 * "the salary of every user", "show me the weight of each order": a word asked "of" the records that
 * no field, grammar or store explains is a field they do not have; answered, the records would be
 * listed without it.
 */
export function unknownAttribute(
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
  vocabularies: StoreVocabulary[],
): Token | null {
  // "a breakdown of orders by status": a word for how records are shown, grouped, is no field.
  if (draft.groupBy) return null;
  for (const t of q.leftovers()) {
    const i = q.tokens.indexOf(t);
    if (t.quoted || q.tokens[i + 1]?.text !== 'of' || SHOWING.test(t.text)) continue;
    if (!describingWord(t.text, vocabularies)) continue;
    let k = i + 2;
    if (/^(?:the|every|each|all|our|my|these|those|its|their)$/.test(q.tokens[k]?.text ?? '')) k++;
    const records = q.tokens[k];
    if (records && !records.quoted && isStoreWord(v, records.text)) return t;
  }
  return null;
}

/** Words for a part or a showing of the records, said "of" them: "the second page of orders", "a list of users". */
const SHOWING =
  /^(?:page|pages|list|listing|breakdown|rundown|summary|overview|report|table|view|set|bunch|lot|lots|couple|sample|selection|subset|dump|export|snapshot|rest|majority|half|part|portion|share|percentage|percent|fraction|proportion|ratio|kinds?|types?|sorts?)$/;

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
export function unheldAcrossStores(
  chosen: StoreVocabulary[],
  field: string | null,
  groupBy: string | null,
): string | null {
  if (chosen.length < 2) return null;
  for (const f of [field, groupBy]) {
    if (f && chosen.some((c) => fieldStats(c.store.fields, f) === undefined)) return f;
  }
  return null;
}

/**
 * The refusal of a spending question that names a person by a name where the store that measures
 * what is spent (one with an additive measure and a person field) names them only by email
 * addresses, some of which start with that name; null when no such store or word.
 */
export function spendingByEmail(q: Question, vocabularies: StoreVocabulary[]): string | null {
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

/**
 * "the customer with the highest total", "users with the largest totals": a total after a superlative
 * with nothing named after it that is added up. Read, the highest of the store's own measure was
 * answered (the customers' highest age), where the total asked for is of another store's.
 * Returns the words said, or null.
 */
export function unnamedTotal(q: Question, v: StoreVocabulary): string | null {
  const at = q.tokens.findIndex((t, i) => {
    if (t.quoted || !/^totals?$/.test(t.text) || !SUPERLATIVE.test(q.tokens[i - 1]?.text ?? '')) return false;
    const next = q.tokens[i + 1];
    if (!next || next.quoted) return !next;
    const w = next.text;
    return !(
      resolveField(v, w) ||
      isValueWord(v, w) ||
      isStoreWord(v, w) ||
      MEASURE_WORDS.test(w) ||
      ADDITIVE.test(w)
    );
  });
  return at > 0 ? `${q.tokens[at - 1]!.raw} ${q.tokens[at]!.raw}` : null;
}

/**
 * "which hosts are reporting high cpu", "hosts with low memory": a word of size no rule read as a
 * ranking or a bound says which readings are asked for, but not where "high" begins; answered
 * without it, every reading would be. Refused with a bound offered.
 */
export function vagueMagnitude(q: Question): Token | null {
  return q.leftovers().find((t) => !t.quoted && MAGNITUDE.test(t.text)) ?? null;
}

/** Comparisons said of a number: "above 50", "more than 10". */
const COMPARED =
  /^(above|over|below|under|exceeding|more|less|fewer|greater|higher|lower|least|most|>|<|>=|<=)$/;

/**
 * "what is the cpu averaging on web-1", "cpu averaging over 50", "show me cpu averages": an average said
 * as a verb (or in the plural) that no rule read; left out, the readings themselves would be listed
 * (or those over the bound).
 */
export function unreadAverage(q: Question, draft: Draft): Token | null {
  // "cpu averages per host": each group's average, which the grouping reads.
  if (draft.aggregate || draft.groupBy) return null;
  return q.leftovers().find((t) => !t.quoted && /^averag(?:es|ing|ed)$/.test(t.text)) ?? null;
}

/**
 * "hosts whose cpu average is above 50": a bound on each group's aggregate said in words
 * `readGroupBound` does not read ("hosts with average cpu above 50" it reads as `having`). Read as
 * a condition on the records, the readings above it would be measured instead. The groups are those
 * grouped by, or a category field named in the plural before the aggregate. Returns the aggregate
 * word said and the field of the groups, or null.
 */
export function boundedGroupAggregate(
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
): { said: string; field: string } | null {
  for (let i = 1; i < q.tokens.length; i++) {
    const t = q.tokens[i]!;
    // "hosts where cpu averages over 50", "hosts with cpu averaging over 50": the verb says it too.
    const verb = /^averag(?:es|ing|ed)$/.test(t.text);
    if (t.quoted || !(aggregateOfWord(t.text) || verb) || /^(count|number|many)$/.test(t.text)) continue;
    const before = q.tokens.slice(Math.max(0, i - 3), i).map((b) => b.text);
    if (!before.some((b) => /^(with|having|whose|where|has|have)$/.test(b))) continue;
    if (!q.tokens.slice(i + 1, i + 6).some((a) => COMPARED.test(a.text))) continue;
    const named = q.tokens
      .slice(0, i)
      .map((b) => (b.quoted ? null : pluralField(v, b.text)))
      .find((f) => f !== null);
    const field = draft.groupBy ?? named;
    if (field) return { said: verb ? 'average' : t.raw, field };
  }
  return null;
}

/**
 * "logs from 10.0.0.1", "users in the eu", "users named zed", "orders via the app", "order #1234": a
 * word that says which records (a value-like token with digits or dots anywhere, or a word after a
 * preposition, a word of time such as "since the outage", or a verb of naming) that no rule read is
 * a value no field holds; dropped, the question would be answered for every record. Filler ("show me all the orders for me") and idioms
 * ("at present", "logs in production") are no such word.
 */
export function unreadNarrowing(
  q: Question,
  v: StoreVocabulary,
  vocabularies: StoreVocabulary[],
): Token | null {
  // "logs from version 2.1.0": the value itself is named before the words around it.
  const shaped = q.leftovers().find((t) => !t.quoted && valueShaped(t.text));
  if (shaped) return shaped;
  for (const t of q.leftovers()) {
    if (t.quoted) continue;
    const i = q.tokens.indexOf(t);
    let k = i - 1;
    while (k >= 0 && !q.isUsed(k) && /^(?:the|a|an)$/.test(q.tokens[k]!.text)) k--;
    const before = q.tokens[k]?.text ?? '';
    // "orders related to acme", "messages sent to the eu team": "to" after a word of belonging or
    // of sending says which records too.
    const related =
      before === 'to' &&
      /^(?:related|relating|linked|tied|belonging|sent|posted|written|addressed|directed|shipped|delivered)$/.test(
        q.tokens[k - 1]?.text ?? '',
      );
    // "For the incident review, list …": a phrase opening the question says why it is asked.
    if (k <= 0 || !(NARROWING.test(before) || related)) continue;
    // "I'm on the finance team": the asker's own place is none of the records'.
    if (/^(?:i|m|am|im|we|re|you)$/.test(q.tokens[k - 1]?.text ?? '')) continue;
    // "before tomorrow's meeting", "at the moment": words of time read elsewhere, or that say no records.
    if (
      TEXT_PARTS.test(t.text) ||
      /^(?:earlier|later|present|moment|now|then|today|tomorrow|yesterday)$/.test(t.text)
    )
      continue;
    // "orders via the app": after a word of means, even a word for every record names a means.
    const means = /^(?:via|through)$/.test(before) && /^[a-z]+$/.test(t.text) && !STOP_WORDS.has(t.text);
    if (means || (describing(t.text, vocabularies) && !SET_PHRASES.test(`${before} ${t.text}`))) return t;
    // "errors in the checkout flow": another store's word before a noun no rule read names a part of
    // a system, not those records.
    const next = q.tokens[i + 1];
    if (
      next &&
      !next.quoted &&
      !q.isUsed(i + 1) &&
      !isStoreWord(v, t.text) &&
      vocabularies.some((o) => isStoreWord(o, t.text)) &&
      describing(next.text, vocabularies)
    )
      return t;
  }
  return null;
}

/**
 * A describing word, or a name of words joined by hyphens ("us-east", "front-end", "payment-service")
 * that no field or store is called, whatever its parts are.
 */
function describing(w: string, vocabularies: StoreVocabulary[]): boolean {
  if (!/^[a-z]+-[a-z]+(?:-[a-z]+)*$/.test(w)) return describingWord(w, vocabularies);
  return !FILLER_WORDS.has(w) && !vocabularies.some((o) => resolveField(o, w) !== null || isStoreWord(o, w));
}

/** Words after which a word says which records: places, owners, means, names. */
const NARROWING =
  /^(?:from|in|on|for|with|at|by|of|via|through|within|inside|outside|among|amongst|except|excluding|without|near|around|during|since|until|till|throughout|before|after|named|called|tagged|labeled|labelled|titled)$/;

/** Words for the part of a record searched: "messages with body containing invoice". */
const TEXT_PARTS = /^(?:body|content|contents|word|words|text|phrase|term|terms)$/;

/**
 * A token shaped like a value and no number: digits with letters, dots or signs ("10.0.0.1",
 * "v2.3.1", "#1234", "node-3"), or a dotted name ("yahoo.com"); not an ordinal ("3rd").
 */
function valueShaped(w: string): boolean {
  if (/\d/.test(w) && /[a-z.:_#/-]/.test(w))
    return parseNumber(w) === null && !/^\d+(?:st|nd|rd|th)$/.test(w);
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(w) && /[a-z]{2,}$/.test(w);
}

/**
 * "users not at acme.io", "orders except from example.com", "users not named alice": a word that
 * leaves records out, left unread while what follows it was read, would answer with exactly the
 * records it leaves out. Not in "isn't there …", "if it's not too much trouble", "whether or not".
 */
export function unreadNegation(q: Question): Token | null {
  return (
    q.leftovers().find((t) => {
      if (t.quoted) return false;
      const i = q.tokens.indexOf(t);
      if (leavesOutTheOnes(q, i)) return true;
      if (!LEAVING_OUT.test(t.text)) return false;
      return (
        !/^(?:there|too|sure|only|just|much|really|quite)$/.test(q.tokens[i + 1]?.text ?? '') &&
        !/^(?:if|or)$/.test(q.tokens[i - 1]?.text ?? '')
      );
    }) ?? null
  );
}

/**
 * "tasks due tomorrow", "upcoming bookings": a time to come, which no window reads (windows end at
 * now or at a day past); left unread, every record was answered.
 */
export function unreadFuture(q: Question): Token | null {
  return (
    q.leftovers().find((t) => {
      if (t.quoted || !/^(?:tomorrow|upcoming)$/.test(t.text)) return false;
      // "before tomorrow's meeting": the asker's own time, no records'.
      return q.tokens[q.tokens.indexOf(t) + 1]?.text !== 's';
    }) ?? null
  );
}

/**
 * "all orders but the ones over 500", "orders other than those above 500": "but" or "other than"
 * before the records it points at ("the ones", "those", "these") leaves them out; left unread, the
 * condition after it was answered as one to keep.
 */
function leavesOutTheOnes(q: Question, i: number): boolean {
  const word = q.tokens[i]?.text;
  const at = word === 'but' ? i + 1 : word === 'other' && q.tokens[i + 1]?.text === 'than' ? i + 2 : -1;
  if (at < 0) return false;
  const next = q.tokens[at]?.text ?? '';
  return /^(?:those|these)$/.test(next) || (next === 'the' && q.tokens[at + 1]?.text === 'ones');
}

/** Words that leave records out. */
const LEAVING_OUT =
  /^(?:not|except|excluding|exclude|without|outside|besides|isnt|arent|doesnt|dont|didnt|never|nor)$/;

/**
 * "orders shipped yesterday", "users born in 1990", "messages edited today": a verb of an event no
 * field times, said of the time asked for; answered, the time would be read on the field that times
 * another event (when the order was placed, the user signed up). Verbs of the record's own making
 * ("produced", "dated") are that event.
 */
export function unreadEvent(q: Question, vocabularies: StoreVocabulary[], timed: Set<number>): Token | null {
  for (const t of q.leftovers()) {
    const i = q.tokens.indexOf(t);
    if (t.quoted || !timed.has(i + 1)) continue;
    if (!/^(?:[a-z]{3,}ed|born|read|seen|sold|shown|won|lost)$/.test(t.text) || MAKING.test(t.text)) continue;
    if (STOP_WORDS.has(t.text) || FILLER_WORDS.has(t.text)) continue;
    if (vocabularies.some((o) => resolveField(o, t.text) !== null || o.values.has(t.text))) continue;
    return t;
  }
  return null;
}

/**
 * "invoices issued this month" where invoices are timed by their due_date, "invoices due this week"
 * where they are timed by issued_at: a word said of the time asked for that names another date field
 * of the store. A window is read on the store's time field only, so answered, it was read on the
 * other date. Returns the word and the date field it names, or null.
 */
export function otherDateField(
  q: Question,
  v: StoreVocabulary,
  timeField: string,
  timed: Set<number>,
): { token: Token; field: string } | null {
  // "subscriptions cancelled this month", timed by started_at: the word may be read as a value too
  // (status `cancelled`), and the window was still read on the start.
  const said = q.tokens.filter((t, i) => !q.isUsed(i) || v.values.has(t.text));
  for (const t of said) {
    if (t.quoted || !timed.has(q.tokens.indexOf(t) + 1)) continue;
    const field = [...v.kinds].find(
      ([name, kind]) => kind === 'date' && name !== timeField && eventOfDate(name) === t.text,
    )?.[0];
    if (field) return { token: t, field };
  }
  return null;
}

/** What a date field says happened: "due" of `due_date`, "issued" of `issued_at`. */
function eventOfDate(name: string): string {
  return nameWords(name)
    .split(' ')
    .filter((w) => !/^(?:at|on|date|time|ts|timestamp|when|utc)$/.test(w))
    .join(' ');
}

/** Verbs of a record's own making, whose time is the record's time ("sended" as written). */
const MAKING =
  /^(?:produced|dated|timestamped|sended|entered|added|ingested|inserted|arrived|published|issued|opened|started|raised|triggered|fired|ordered|purchased|bought|booked|requested|noted|observed|detected|sampled|tracked|uploaded|loaded|filed|logged|signed|created|placed|posted|sent|recorded|submitted|received)$/;
