/**
 * The readers of conditions on a field's value: comparisons with a number ("amount over 100"),
 * bounds ("a minimum amount of 100", "in their twenties") and the start or end of a value ("emails
 * ending in acme.io").
 */
import { fieldStats } from '@smartdb/registry';
import { addFilter, type Grounding } from './draft.ts';
import { elementOf, fieldsInside } from './nested.ts';
import { fieldPattern, isStoreWord, pluralField, resolveField } from './patterns.ts';
import { ANY_WORD, type PhraseMatch, phrase } from './question.ts';
import type { FilterOp } from './types.ts';
import { ageField, type StoreVocabulary } from './vocabulary.ts';
import { NUMBER_WORDS, nameWords, normalize, parseNumber, STOP_WORDS, type Token } from './words.ts';

/** The operators a comparison with a number says. */
type Comparison = '>' | '>=' | '<' | '<=' | '=';

export const NUM = `[$€£¥]?-?\\d[\\d,]*(?:\\.\\d+)?(?:k|m)?(?:%|ms|s|usd|eur)?|${NUMBER_WORDS}`;

const COMPARATORS: [string, Comparison][] = [
  [
    'greater than or equal to|more than or equal to|(?:greater|more|higher|bigger|larger|above|over) or equal to|at least|no less than|not less than|at or above|at or over|minimum of|min|>=',
    '>=',
  ],
  [
    'less than or equal to|(?:less|lower|smaller|below|under|fewer) or equal to|at most|no more than|not more than|at or below|at or under|maximum of|up to|<=',
    '<=',
  ],
  [
    'more than|greater than|over|above|in excess of|upwards of|north of|exceeding|exceeds|exceeded|exceed|bigger than|larger than|higher than|slower than|longer than|>',
    '>',
  ],
  [
    'under|below|south of|less than|lower than|smaller than|fewer than|cheaper than|faster than|shorter than|quicker than|<',
    '<',
  ],
  ['equal to|equals|exactly|=', '='],
];

/** Every way of saying a comparison with a number, longest first within each operator. */
export const COMPARISON = COMPARATORS.map(([words]) => words).join('|');

const COMPARATOR_WORDS = COMPARATORS.map(([said, op]) => [new RegExp(`^(?:${said})$`), op] as const);

/** The operator a comparison's words say ("at least" is `>=`), or null. */
export function comparisonOp(words: string): Comparison | null {
  return COMPARATOR_WORDS.find(([said]) => said.test(words))?.[1] ?? null;
}

/** "no higher than 20", "not exceeding 10": a comparison denied is its complement. */
const DENIED: Record<string, FilterOp> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '!=' };

/** The end of a range, said inclusively either way: "20 to 25", "20 through 25", "20 thru 25". */
const TO = '(?:to|through|thru)';

/** Ages said by their ten years: "in their twenties" is 20 to 29. */
const DECADES = 'twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties';

/**
 * "orders with a minimum amount of 100", "users with a max age of 25": a minimum or maximum given to
 * a field is a bound on each record, not the extreme of them all; read before "a minimum amount of
 * 100 and a maximum amount of 150" could be taken for two measures.
 */
export function readBounds({ q, v, draft }: Grounding): void {
  const age = ageField(v);
  // "users in their 30s", "people in their forties": the ten years of ages starting there.
  q.scan(phrase`in (?:their|his|her|the) (?:(\\d0)s|(${DECADES}))(?= |$)`, (m) => {
    const from = m.text(1)
      ? Number.parseInt(m.text(1), 10)
      : 10 * (DECADES.split('|').indexOf(m.text(2)) + 2);
    if (!age || from < 10) return false;
    addFilter(draft, age, '>=', from);
    addFilter(draft, age, '<=', from + 9);
    return true;
  });
  q.scan(
    phrase`(?:with|having|has|have|had|and) (?:an? )?(minimum|min|maximum|max) (age|${fieldPattern(v, ['number'])}) (?:of |= |is )?(${NUM})(?: (?:years|ms|milliseconds|percent|%))?`,
    (m) => {
      const field = m.text(2) === 'age' ? age : resolveField(v, m.text(2));
      const n = parseNumber(m.text(3));
      if (!field || n === null) return false;
      addFilter(draft, field, m.text(1).startsWith('min') ? '>=' : '<=', n);
      return true;
    },
  );
}

export function readComparisons({ q, v, draft }: Grounding): void {
  const before = draft.filters.length;
  const numeric = `(${fieldPattern(v, ['number'])})`;
  // "orders with a total above 900", "orders totalling over 500": the total of one record is its measure.
  const verbs =
    '(?:(?:is|are|was|were|with|having|has|have|of|costing|priced|valued|worth|at|an?|totall?ing|(?<=(?:with|having|whose|has|had) (?:an? |the )?)total) )*';
  const unit =
    // Currencies are left for the values: "over 100 euros" is also currency = EUR where one is learned.
    '(?: (?:ms|milliseconds|seconds?|secs?|s|years(?: old)?|year old|percent|%|old))?';
  // "response time over a second", "between half a second and one second": "a" or "one" before a
  // unit of time is the number 1 (alone, "one" is never a bound: "over one" may be "over one host").
  // Left unread, "over a second" was dropped and every response time answered.
  const num = `(?:${NUM}|(?:an?|one)(?= (?:seconds?|secs?|milliseconds?|ms)(?= |$)))`;
  const age = ageField(v);
  /**
   * "above 0.5 seconds", "1 second or more", "between 1 and 2 seconds" where the store learned
   * durations in ms: the number in the store's unit.
   */
  // "events with duration above 4 seconds" where the field is durationMs: the unit its name ends in.
  const scaledSeconds = (n: number, field: string): number => {
    const words = nameWords(field).split(' ');
    const inMs = words.length > 1 && /^(?:ms|millis|milliseconds?)$/.test(words[words.length - 1]!);
    return (v.values.has('ms') && !v.values.has('s')) || inMs ? n * 1000 : n;
  };
  const scaled = (n: number, m: PhraseMatch, field: string): number => {
    const seconds = q.tokens
      .slice(m.start, m.end)
      .some((t) => /^(seconds?|secs?|s)$/.test(t.text) || /^\d[\d.]*(s|secs?)$/.test(t.text));
    return seconds ? scaledSeconds(n, field) : n;
  };
  const bounds = (m: PhraseMatch) => {
    for (const t of q.tokens.slice(m.start, m.end)) draft.bounded.add(t);
  };
  const target = (named: string, aged: boolean): string | null => {
    if (named) return resolveField(v, named);
    if (aged) return age;
    return v.measure;
  };
  for (const [words, op] of COMPARATORS) {
    // "users above the age of 60", "orders over an amount of 500": the field may follow the comparator.
    // "customers above age 40": or name it without "of".
    const after = `(?:(?:the |an? )?(age|${fieldPattern(v, ['number'])})(?: of)? )?`;
    // "products with fewer than 10 in stock", "more than 10 pages": or name it after the number.
    q.scan(
      phrase`(?:${numeric} )?${verbs}(aged |age )?(no |not |never )?(?:${words}) ${after}(${num})${unit}(?: (?:in )?(${fieldPattern(v, ['number'])})(?= |$))?`,
      (m) => {
        // "orders from 100 up to 200": "up to" after "from" a number ends the range read below.
        const at = m.start;
        if (
          q.tokens[at]?.text === 'up' &&
          q.tokens[at - 2]?.text === 'from' &&
          parseNumber(q.tokens[at - 1]?.text ?? '') !== null
        )
          return false;
        const named = m.text(4) || (m.text(1) || m.text(2) ? '' : m.text(6));
        const field = named
          ? named === 'age'
            ? age
            : resolveField(v, named)
          : ((m.text(1) || m.text(2) ? null : elementNumber(v, q.tokens, m)) ??
            target(m.text(1), m.text(2) !== ''));
        const n = parseNumber(m.text(5));
        // "orders with an item over 100": which number inside the items is not said.
        if (field === AMBIGUOUS) {
          const list = resolveField(v, q.tokens[m.start - 1]!.text)!;
          const names = numbersInside(v, list).map((f) => f.name);
          draft.unsupported ??= `Say which number inside the ${list} is compared (${names.join(', ')})`;
          return true;
        }
        if (!field || n === null) return false;
        // "users with more than 2 plans": how many values a record has of a field is no bound on it;
        // "orders with more than 2 items", "users with over 3 roles": nor how many a list holds.
        const counted = q.tokens[m.end]?.text ?? '';
        const other = resolveField(v, counted);
        if (
          other &&
          ((v.kinds.get(other) === 'category' &&
            /s$/.test(counted) &&
            normalize(counted) !== normalize(other)) ||
            holdsLists(v, other))
        ) {
          draft.unsupported ??= 'How many values a record has of a field cannot be asked for';
          return true;
        }
        addFilter(draft, field, m.text(3) ? (DENIED[op] ?? op) : op, scaled(n, m, field));
        bounds(m);
        return true;
      },
    );
  }
  // "cpu at 100%", "latency at 250 ms": a measure at a value with its unit is that value.
  q.scan(
    phrase`(?:${numeric} )?(?:is |was |are |were |running |stuck )?at (${NUM})( (?:%|percent|ms|milliseconds))?`,
    (m) => {
      const field = target(m.text(1), false);
      const n = parseNumber(m.text(2));
      if (!field || n === null || !(m.text(3) || /\d(%|ms)$/.test(m.text(2)))) return false;
      addFilter(draft, field, '=', n);
      return true;
    },
  );
  // "users more old than 40": the comparative said with "more", as learners of English may.
  q.scan(phrase`(?:${verbs})?(no |not )?(older|younger|more old|less old) than (${NUM})${unit}`, (m) => {
    const n = parseNumber(m.text(3));
    if (!age || n === null) return false;
    // "no older than 25" is at most 25.
    const older = /^(older|more old)$/.test(m.text(2));
    const op = m.text(1) ? (older ? '<=' : '>=') : older ? '>' : '<';
    addFilter(draft, age, op, n);
    return true;
  });
  // "users between the ages of 25 and 30": the age may be named inside the range.
  // "response time between half a second and one second", "between 500 ms and 1 second": each end
  // may say its unit, each end read in it; one unit at the end is both ends' ("between 1 and 2
  // seconds"). Before, a unit after the first end left the range unread, and it was dropped.
  const endUnit = '(?: (ms|milliseconds?|seconds?|secs?|s|percent|%))?';
  q.scan(
    phrase`(?:${numeric} )?${verbs}(aged |age )?(?:between (the ages? of )?(${num})${endUnit} and (${num})|from (${num})${endUnit} (?:up )?${TO} (${num}))${unit}`,
    (m) => {
      const field = target(m.text(1), m.text(2) !== '' || m.text(3) !== '');
      const a = parseNumber(m.text(4) || m.text(7));
      const b = parseNumber(m.text(6) || m.text(9));
      if (!field || a === null || b === null) return false;
      const first = m.text(5) || m.text(8);
      if (first) {
        const last = q.tokens[m.end - 1]?.text ?? '';
        const inUnit = (n: number, said: string) =>
          /^(?:seconds?|secs?|s)$/.test(said) ? scaledSeconds(n, field) : n;
        const [x, y] = [
          inUnit(a, first),
          inUnit(b, /^(?:ms|milliseconds?|seconds?|secs?|s)$/.test(last) ? last : ''),
        ];
        addFilter(draft, field, '>=', Math.min(x, y));
        addFilter(draft, field, '<=', Math.max(x, y));
      } else {
        addFilter(draft, field, '>=', scaled(Math.min(a, b), m, field));
        addFilter(draft, field, '<=', scaled(Math.max(a, b), m, field));
      }
      bounds(m);
      return true;
    },
  );
  /** A bare range "A to B" of a field, read when both ends are numbers. */
  const range = (field: string | null, from: string, to: string): boolean => {
    const a = parseNumber(from);
    const b = parseNumber(to);
    if (!field || a === null || b === null) return false;
    addFilter(draft, field, '>=', Math.min(a, b));
    addFilter(draft, field, '<=', Math.max(a, b));
    return true;
  };
  // "users aged 25 to 30", "amount 100 to 200": a bare range needs the field (or "aged") before it.
  q.scan(phrase`(?:${numeric} |(aged |age ))${verbs}(${NUM}) ${TO} (${NUM})${unit}`, (m) =>
    range(target(m.text(1), m.text(2) !== ''), m.text(3), m.text(4)),
  );
  // "users who are 30 to 40 years old": a bare range that says "years old" names the age.
  q.scan(phrase`(?:(?:is|are|was|were) )?(${NUM}) (?:${TO}|-) (${NUM}) (?:years?|yrs?) old`, (m) =>
    range(age, m.text(1), m.text(2)),
  );
  q.scan(
    // "users 30 years old or younger": the unit may come before the "or".
    phrase`(?:${numeric} )?${verbs}(aged |age )?(${NUM})${unit}(?: (?:or|and) (more|over|above|greater|higher|up|older|less|fewer|under|below|lower|younger)|\\+)${unit}`,
    (m) => {
      // "users 60 and older": older and younger speak of age.
      const field = target(m.text(1), m.text(2) !== '' || /older|younger/.test(m.text(4)));
      const n = parseNumber(m.text(3));
      if (!field || n === null) return false;
      addFilter(
        draft,
        field,
        /less|fewer|under|below|lower|younger/.test(m.text(4)) ? '<=' : '>=',
        scaled(n, m, field),
      );
      return true;
    },
  );
  // "users who are 25 years old", "how many users are 25": an age stated as a fact.
  q.scan(
    // "how many users are not 30": denied, every other age (refused before).
    phrase`(?:is|are|was|were) (not )?(${NUM})(?: (?:years?|yrs?) old|(?! (?:or|and|to|years?|yrs?|%|percent)(?: |$)))`,
    (m) => {
      const n = parseNumber(m.text(2));
      if (!age || n === null) return false;
      addFilter(draft, age, m.text(1) ? '!=' : '=', n);
      return true;
    },
  );
  // "30 year olds", "a 45 year old user": an age said as what someone is.
  q.scan(phrase`(${NUM}) (?:years?|yrs?) olds?(?! (?:or|and)(?: |$))`, (m) => {
    const n = parseNumber(m.text(1));
    if (!age || n === null) return false;
    addFilter(draft, age, '=', n);
    return true;
  });
  // "orders with zero amount", "users with a zero age": the value said before the field's name;
  // left unread, "zero" was dropped and every record answered.
  q.scan(
    phrase`(?:with|having|has|have|had) (?:an? )?(${NUM}) (${fieldPattern(v, ['number'])})(?= |$)`,
    (m) => {
      const field = resolveField(v, m.text(2));
      const n = parseNumber(m.text(1));
      if (!field || n === null || holdsLists(v, field)) return false;
      addFilter(draft, field, '=', n);
      return true;
    },
  );
  // "users aged 20 or 25", "amount of 100, 200 or 300": one of several values; before, the value
  // after "or" was refused as compared in no field.
  q.scan(
    phrase`(aged|age|${numeric}) (?:is |of |= )?(${NUM})((?: \\d[\\d.]*)*) (?:or|and) (${NUM})(?! (?:or|and|to|through|thru|-)(?: |$))${unit}`,
    (m) => {
      const field = m.text(2) ? resolveField(v, m.text(2)) : age;
      const said = [m.text(3), ...m.group(4).map((t) => t.text), m.text(5)];
      const ns = said.map(parseNumber);
      if (!field || ns.some((n) => n === null)) return false;
      for (const n of ns) addFilter(draft, field, '=', scaled(n!, m, field));
      return true;
    },
  );
  // "users whose age is not 30", "age != 30": the value denied is every other value (refused before
  // as "30" compared in no field).
  q.scan(
    phrase`(aged|age|${numeric}) (?:(?:(?:is|was|are|were) )?(not |!= |<> )|is |of |= )?(${NUM})${unit}`,
    (m) => {
      const field = m.text(2) ? resolveField(v, m.text(2)) : age;
      const n = parseNumber(m.text(4));
      if (!field || n === null) return false;
      addFilter(draft, field, m.text(3) ? '!=' : '=', n);
      return true;
    },
  );
  // "slow responses over 1s": slow or fast only says which way a bound on a duration goes.
  if (draft.filters.length > before && v.values.has('ms')) q.scan('slow|fast|quick', () => true);
}

/** "emails ending in acme.io", "hosts starting with web": a named field and the start or end of its value. */
export function readAffixes({ q, v, draft }: Grounding): void {
  const field = `(${fieldPattern(v, ['category', 'text', 'other'])})`;
  const link = '(?:(?:that|which|whose|where|with|having|has|have|is|are|an?|the|its|their) )*';
  const start = 'starts?|starting|begins?|beginning';
  const end = 'ends?|ending|finish(?:es)?|finishing';
  q.scan(phrase`${field} ${link}(?:(${start})|${end}) (?:with|in|on|by) (${ANY_WORD})`, (m) => {
    const named = resolveField(v, m.text(1));
    const token = m.group(3)[0];
    if (!named || !token) return false;
    addFilter(draft, named, m.text(2) ? 'startswith' : 'endswith', token.raw);
    return true;
  });
  // "logs whose host contains web", "users whose email includes garcia": a named field other than
  // the store's text and a part of its value; searched for as text, the store's text (a log's
  // message) would be searched instead of the field named.
  q.scan(
    phrase`(?:whose|where|with|having) (?:the |its |their |an? )?(${fieldPattern(v, ['category', 'other'])}) (?:that |which )?(?:contains?|containing|includes?|including) (${ANY_WORD})`,
    (m) => {
      const named = resolveField(v, m.text(1));
      const token = m.group(2)[0];
      if (!named || !token || holdsLists(v, named) || v.kinds.get(named) === 'number') return false;
      if (
        !token.quoted &&
        (STOP_WORDS.has(token.text) || /^(?:most|least|more|fewer|less)$/.test(token.text))
      )
        return false;
      addFilter(draft, named, 'contains', token.raw);
      return true;
    },
  );
  // "average cpu on web hosts", "errors on worker machines": a word that starts some of a field's
  // learned values (web-1, web-2), said before the field's name in the plural, is those values; read
  // as a value of another field ("web" of service) it would answer for other records. ("the database
  // server", one of them, stays the part's own name.)
  // "on any web host", "on every web host": one of them said in the singular after a word that
  // means whichever of them (before, "web" was read as a value of service).
  // "errors on the web host", "cpu on the db server": in the singular too, where the word is a value
  // of another field (web of service): read as that value, the field named after it was dropped and
  // the records of another field answered. Where no value of the field starts with it ("the api
  // host" of hosts web-1, db-1), it is refused, the other field offered. (A part's full name, "the
  // database server", is the part's own short name: rewrites.ts `readComponentNames`.)
  q.scan(phrase`(any |every |each |some )?(${ANY_WORD}) (${fieldPattern(v, ['category'])})`, (m) => {
    const word = m.text(2);
    const named = isStoreWord(v, m.text(3)) ? null : resolveField(v, m.text(3));
    const said =
      /^[a-z]+$/.test(word) &&
      new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'iu').test(q.original);
    const other = named && said ? otherFieldOf(v, word, named) : null;
    const f = m.text(1) || other ? named : pluralField(v, m.text(3));
    if (!f || !/^[a-z]+$/.test(word) || resolveField(v, word)) return false;
    const values = Object.keys(fieldStats(v.store.fields, f)?.values ?? {}).map((x) => x.toLowerCase());
    // "cpu metrics": a word learned as a part of the field's own values is read as that value.
    const own = [...(v.values.get(word) ?? []), ...(v.stems.get(word) ?? [])].some((e) => e.field === f);
    if (own || values.includes(word)) return false;
    const seps = new Set(values.filter((x) => x.startsWith(word)).map((x) => x.charAt(word.length)));
    const [sep] = [...seps];
    if (seps.size === 0 && other && !m.text(1) && namesByParts(v, f)) {
      const phrase = `${m.group(2)[0]!.raw} ${m
        .group(3)
        .map((t) => t.raw)
        .join(' ')}`;
      draft.unsupported ??= `No ${f} of ${v.store.domain} is called "${word}" (${values.slice(0, 5).join(', ')}): "${word}" is a ${other}`;
      draft.unsupportedFix ??= { said: phrase, fixes: [`${word} ${nameWords(other)}`] };
      return true;
    }
    if (seps.size !== 1 || !sep || !/^[-_.:/]$/.test(sep)) return false;
    addFilter(draft, f, 'startswith', `${word}${sep}`);
    return true;
  });
  // "users with acme.io emails", "acme.io users": a domain that learned addresses end with; "how
  // many .io users", "a .com email": the end of such a domain.
  q.scan(phrase`(?:(?:at|from|on|in|with|@) )?(${DOMAIN})(?= ?(${ANY_WORD})?)`, (m) => {
    const domain = m.text(1).replace(/^@/, '');
    if (v.values.has(normalize(domain))) return false;
    const end = domain.startsWith('.') ? domain : `@${domain}`;
    const fields = [...v.kinds.keys()].filter((f) => {
      const values = Object.keys(fieldStats(v.store.fields, f)?.values ?? {});
      return values.some((value) => value.toLowerCase().includes('@') && value.toLowerCase().endsWith(end));
    });
    // "how many .net users": an end no learned address has; left unread, every record would answer.
    if (fields.length === 0 && domain.startsWith('.')) {
      draft.unheld ??= `No ${v.store.domain} have an address ending in "${domain}"`;
      return true;
    }
    if (fields.length === 0) return false;
    const next = resolveField(v, m.text(2));
    const field = next && fields.includes(next) ? next : fields[0]!;
    if (next === field) q.consume(m.end, m.end + 1);
    addFilter(draft, field, 'endswith', domain);
    return true;
  });
}

/** The category field other than `field` that learned `word` as a value of its own ("web" of service), or null. */
function otherFieldOf(v: StoreVocabulary, word: string, field: string): string | null {
  const entries = [...(v.values.get(word) ?? []), ...(v.stems.get(word) ?? [])];
  if (entries.some((e) => e.field === field)) return null;
  return entries.find((e) => v.kinds.get(e.field) === 'category')?.field ?? null;
}

/** Whether every learned value of `field` is a name and a part after a separator ("web-1", "db-1"), none an address. */
function namesByParts(v: StoreVocabulary, field: string): boolean {
  const stats = fieldStats(v.store.fields, field);
  const values = Object.keys(stats?.values ?? {});
  return !stats?.overflow && values.length > 0 && values.every((x) => /^[a-z]+[-_.:/][a-z0-9]+$/i.test(x));
}

/** A mail domain as people write it: "acme.io", "@example.com", or its end: ".io". */
const DOMAIN = '@?(?:[a-z0-9-]+(?:\\.[a-z0-9-]+)*)?\\.[a-z]{2,}';

/** Whether `field` holds lists: read inside its elements (nested.ts), or learned as arrays. */
function holdsLists(v: StoreVocabulary, field: string): boolean {
  const stats = fieldStats(v.store.fields, field);
  return elementOf(v.store, field) !== undefined || (stats?.types.array ?? 0) * 2 > (stats?.count ?? 0);
}

/** Verbs of what something costs, and the keys of what it costs. */
const PRICING = /^(?:priced|costing|costs|cost|worth|valued)$/;
const PRICE_KEY = /^(?:(?:unit )?price|cost|amount|value|total)$/;

/**
 * "orders with an item priced over 100", "items costing more than 50": a list of objects named just
 * before a comparison says what is compared, a number inside its elements: the one its verb names
 * ("priced" a price or cost), else its only one. Null where no such list is named; `ambiguous` where
 * its elements hold several numbers and none is named.
 */
function elementNumber(v: StoreVocabulary, tokens: Token[], m: PhraseMatch): string | null {
  const before = tokens[m.start - 1];
  const list = before && !before.quoted ? resolveField(v, before.text) : null;
  if (!list || !holdsLists(v, list)) return null;
  const numbers = numbersInside(v, list);
  if (numbers.length <= 1) return numbers[0]?.name ?? null;
  const priced = tokens.slice(m.start, m.end).some((t) => PRICING.test(t.text));
  const named = priced ? numbers.filter((f) => PRICE_KEY.test(nameWords(f.path!.at(-1)!))) : [];
  return named.length === 1 ? named[0]!.name : AMBIGUOUS;
}

/** The number fields inside the object elements of `list`. */
function numbersInside(v: StoreVocabulary, list: string) {
  return fieldsInside(v.store, list, true).filter((f) => v.kinds.get(f.name) === 'number');
}

/** `elementNumber` of a list whose elements hold several numbers, none of them named. */
const AMBIGUOUS = '';
