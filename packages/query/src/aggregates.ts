/**
 * The readers of quantities of records: counts ("how many orders"), aggregates of a measure
 * ("average order amount"), and the refusal of measures no interpretation can say ("median",
 * "percent of").
 */
import { NUM } from './comparisons.ts';
import type { Grounding } from './draft.ts';
import {
  ADDITIVE,
  AGGREGATE_WORD,
  AGGREGATES,
  aggregateOfWord,
  COUNT_WORDS,
  implicitAggregate,
  MEASURE_WORDS,
  SAYS_COUNT,
} from './measures.ts';
import {
  fieldPattern,
  isStoreWord,
  isValueWord,
  PEOPLE,
  PERSON,
  pluralField,
  RECORD_WORDS,
  resolveField,
  storeWords,
} from './patterns.ts';
import { ANY_WORD, phrase } from './question.ts';
import { LACKING_FIELD, negated } from './values.ts';
import { ageField, isMoneyField, singular } from './vocabulary.ts';
import { normalize, parseNumber, STOP_WORDS, stem } from './words.ts';

/**
 * "median order amount", "what percent of orders are refunded", "count distinct channels": measures
 * an interpretation cannot say (only count, sum, average, minimum and maximum of records) are
 * refused rather than answered with something else.
 */
export function readUnsupported({ q, v, draft }: Grounding): void {
  const unsupported: [string, string][] = [
    [
      // "orders last quarter", "revenue in Q3": which quarter (a calendar one, or the last 90 days) is
      // no agreed window; "this quarter" is read as a window.
      '(?:last|previous|past|next|first|second|third|fourth) quarter|q[1-4](?: \\d{4})?',
      'Quarters other than the current one cannot be asked for: ask for dates, e.g. "between Jul 1 and Sep 30", or for "this quarter"',
    ],
    [
      'medians?|percentiles?|p\\d{2}|quantiles?|std ?dev|standard deviations?|variances?',
      'Only counts, sums, averages, minimums and maximums can be asked for',
    ],
    // "half of the orders", "a quarter of all users": a share of the records, which listed whole
    // answered every one ("half a thousand", "half an hour" are numbers).
    [
      `(?:percentages?|proportions?|ratios?|fractions?|shares?) of|(?:what|which) percent(?:age)?|percent of|(?:half|(?:a|one) (?:quarter|third)|(?:two|three) (?:quarters|thirds)) (?:of (?:(?:all the|all|the|our|my|these|those) )?|(?:all the|the|our|my|these|those) )(?!(?:an?|the)(?: |$))${ANY_WORD}`,
      'Shares and ratios cannot be asked for: ask for the counts instead',
    ],
    [
      '(?:count(?: the| of(?: the)?)?|(?:total )?number of|how many) (?:distinct|unique|different)|(?:distinct|unique) (?:count|number|total)s?',
      'Counting distinct values is not supported: ask for the count per group instead',
    ],
    [
      '(?:average|avg|mean|typical) (?:number|count) of',
      'Averages of counts are not supported: ask for the count per group instead',
    ],
    // "next 10 errors", "show me the rest of the orders": a page after one already shown; a question
    // carries no memory of an earlier answer, whose `cursor` fetches the next page.
    [
      '(?:the )?next (?:\\d+|page|few|batch|ones?)(?= |$)|(?:the )?rest of (?:the|them|those|these|it)(?= |$)|(?:show |give )?(?:me )?the rest$|more results',
      "A page after an earlier answer cannot be asked for in words: ask the same question again with that answer's cursor",
    ],
    // "errors this week vs last week", "paid compared to refunded orders": two answers set side by side.
    [
      'compared (?:to|with)|in comparison (?:to|with)',
      'Comparisons cannot be asked for: ask for each side separately',
    ],
    // "how many orders per customer on average", "how many orders on average per customer": an
    // average of counts per group, wherever "on average" stands.
    [
      `(?:how many|number of|count of) (?:${ANY_WORD} )+?on average`,
      'Averages of counts are not supported: ask for the count per group instead',
    ],
    // "running total of orders", "cumulative revenue": a sum carried through time, one per moment.
    [
      'running (?:totals?|sums?|counts?)|cumulative(?:ly)?',
      'Running totals cannot be asked for: ask for the total of one window at a time ("this week", "since May 1")',
    ],
    // "cpu usage trend over time", "revenue as a time series": a measure followed through time.
    [
      'trends?|trending|over time|time ?series|timelines?',
      'Measures over time cannot be asked for: ask for one window, e.g. "average cpu usage this week"',
    ],
    // "average time between orders", "the gap between two logs": how far apart records are.
    [
      `(?:time|times|gaps?|intervals?|delays?|days|hours|minutes|how long) between (?:the |each |every |two |consecutive |successive |subsequent )*(?:${storeWords(v)})`,
      'Times between records cannot be asked for: ask for the records in a window instead',
    ],
  ];
  for (const [words, why] of unsupported) {
    q.scan(words, () => {
      draft.unsupported ??= why;
      return true;
    });
  }
  // "logs at warn level or above", "info and higher": values ranked against each other (severities,
  // tiers) by an order the data does not hold; read as the one value named, the rest would be lost.
  q.scan(
    phrase`(${ANY_WORD}) (?:${fieldPattern(v, ['category'])} )?(?:or|and) (?:above|higher|worse|greater|more severe|up|upwards|below|lower|less severe|better|down|downwards)(?= |$)(?!(?: than)? (?:${NUM})(?: |$))`,
    (m) => {
      if (!isValueWord(v, m.text(1)) || parseNumber(m.text(1)) !== null) return false;
      draft.unsupported ??= `Values ranked above or below "${m.text(1)}" cannot be asked for: name each value meant, joined by "or"`;
      return true;
    },
  );
  // "distinct error messages today", "unique log messages": free text has no values to list.
  if (v.textFields.length)
    q.scan(
      phrase`(?:distinct|unique|different) (?:${ANY_WORD} )?(${fieldPattern(v, ['text'])})(?= |$)`,
      (m) => {
        const f = resolveField(v, m.text(1));
        if (!f || v.kinds.get(f) !== 'text') return false;
        draft.unsupported ??= `The distinct values of free text (${f}) cannot be listed: search it for a word instead`;
        return true;
      },
    );
  // "how many services logged errors", "how many countries do users come from": how many values of
  // a field the records hold is a count of distinct values too, not a count of the records.
  q.scan(
    phrase`(?:how many|(?:total )?number of|count of|count the|^count) (${fieldPattern(v, ['category'])})(?= |$)(?! (?:per|by|for each|in each|across) )`,
    (m) => {
      const word = m.text(1);
      const f = pluralField(v, word);
      if (!f || isValueWord(v, word)) return false;
      draft.unsupported ??= `Counting distinct values is not supported: ask for the count per ${f}, e.g. "count ${v.store.domain} by ${f}"`;
      return true;
    },
  );
  // "error rate", "rate of refunds": a rate of records of a learned value is a share of all records
  // (or a count per unit of time), not their count; a value named "error rate" would be read as one.
  // "error rate: how many error logs" says the count it means.
  const counts = SAYS_COUNT.test(q.tokens.map((t) => t.text).join(' '));
  q.scan(phrase`(${ANY_WORD}) rates?(?= |$)|rates? of (?:the )?(${ANY_WORD})`, (m) => {
    const w = m.text(1) || m.text(2);
    if (counts || isValueWord(v, `${w} rate`) || resolveField(v, `${w} rate`)) return false;
    if (!(isValueWord(v, w) || isStoreWord(v, w))) return false;
    draft.unsupported ??= 'Rates and shares of records cannot be asked for: ask for the counts instead';
    return true;
  });
  // "growth in signups this month": a change between windows; "user growth: how many users signed
  // up" says the count it means.
  // "users on the growth team": before a field's name, it names one of the field's values.
  q.scan(phrase`growth(?! (?:${fieldPattern(v)})(?= |$))`, () => {
    if (counts) return false;
    draft.unsupported ??= 'A change over time cannot be asked for: ask for each window separately';
    return true;
  });
  // "average errors per host", "avg orders per customer": an average of how many records each group
  // holds, where the records are no measure; a store with a measure reads a value of it
  // ("average revenue per host" is the revenue readings' value).
  q.scan(phrase`(?:average|avg|mean) (${ANY_WORD}) (?:per|each|for each|by|a|every)(?= |$)`, (m) => {
    const w = m.text(1);
    if (!/s$/.test(w) || resolveField(v, w)) return false;
    if (!(isStoreWord(v, w) || (isValueWord(v, w) && !v.measure))) return false;
    draft.unsupported ??= 'Averages of counts are not supported: ask for the count per group instead';
    return true;
  });
  // "messages without a token", "orders with no customer": records lacking a field, which no filter
  // says; answered, the field would be ignored and every record returned. Only where nothing follows
  // the field that could be its value (a time already read shows as a used token, \u0001).
  q.scan(
    phrase`(?:without|lacking|missing|(?:with|having|has|have) no)(?: (?:a|an|any))? (${fieldPattern(v, ['category', 'number', 'text', 'date', 'other'])})(?=$| (?:\u0001|and|today|yesterday|this|last|set|at all)(?: |$))`,
    (m) => {
      if (!resolveField(v, m.text(1)) || isValueWord(v, m.text(1)) || isStoreWord(v, m.text(1))) return false;
      draft.unsupported ??= LACKING_FIELD;
      return true;
    },
  );
  // "messages with a token", "orders that have a customer": records holding a field at all, which no
  // filter says either; a value after the field ("with a token xyz123") is read as one. "messages
  // containing a token" says the same (left unread, every message answered); "containing token"
  // with no article stays a search of the text.
  q.scan(
    phrase`(?:(?:with|having|(?:(?:that|which|who) )?(?:has|have|had|carry|carries))(?: (?:a|an|any|some))?|(?:(?:that|which) )?(?:contain|contains|containing|include|includes|including) (?:a|an|any|some)) (${fieldPattern(v, ['category', 'number', 'text', 'date', 'other'])})(?=$| (?:\u0001|and|today|yesterday|this|last|set|at all)(?: |$))`,
    (m) => {
      if (!resolveField(v, m.text(1)) || isValueWord(v, m.text(1)) || isStoreWord(v, m.text(1))) return false;
      draft.unsupported ??= 'Records holding a field cannot be asked for: ask for a value of it instead';
      return true;
    },
  );
  // "orders above the average amount", "users with the same plan as john", "users older than alice",
  // "services with more errors than warnings", "users who messaged each other", "users who never
  // ordered": records measured against other records or against an aggregate of them.
  const compared =
    'Records can only be compared with a fixed value (a number, a date or a word), not with each other or an aggregate';
  const than =
    'more|greater|higher|bigger|larger|less|lower|smaller|fewer|cheaper|older|younger|earlier|later|longer|shorter|faster|slower|above|below|over|under|exceeding|exceeds?|exceeded|beats?|tops?';
  q.scan(
    phrase`(?:${than})(?: than)? (?:the )?(?:overall |total )?(?:average|avg|mean|median|typical|norm|usual|normal)(?= |$)|(?:above|below)-average|(?:the )?same (?:${ANY_WORD} ){0,3}?as|(?:in|on|from|with|at|of|by|share|sharing) (?:the )?same|(?:the )?same (?:day|date|time|hour|week|month|year)|(?:share|shares|sharing) (?:an? |the |their )?${ANY_WORD} with|each other|one another|never|in common|both (?:post|posted|sent|wrote|ordered|bought|used|have|had)`,
    () => {
      draft.unsupported ??= compared;
      return true;
    },
  );
  // "messages from users who joined this week", "orders by customers aged over 40": the people a
  // store's records are by, described by what another store holds of them.
  q.scan(phrase`(?:from|by|of) (?:the |our |all )?(${ANY_WORD}) (who|that|which|whose|aged|having)`, (m) => {
    const field = resolveField(v, m.text(1));
    // "orders by customers whose emails end in acme.io" is said by the field itself.
    if (!PEOPLE.test(m.text(1)) || isStoreWord(v, m.text(1)) || (field && !/^(who|that)$/.test(m.text(2))))
      return false;
    draft.unsupported ??=
      'A question reads one kind of record at a time: it cannot describe the people by another store';
    return true;
  });
  // "the 2nd newest order", "the third largest order": one record after others in a ranking.
  q.scan(
    '(?:2nd|3rd|[4-9]th|1\\dth|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:most |least )?(?:(?!(?:request|guest|interest|test|rest|quest)s?\\b)[a-z]+est|(?:most|least) [a-z]+)',
    () => {
      draft.unsupported ??=
        'Only the first records of a ranking can be asked for ("the 3 newest"), not one further down';
      return true;
    },
  );
  q.scan(phrase`(${than}) than (?:that of |those of |the )?(${ANY_WORD})`, (m) => {
    const w = m.text(2).replace(/'s$/, '');
    if (m.group(2)[0]?.quoted || parseNumber(w) !== null) return false;
    if (!(isValueWord(v, w) || resolveField(v, w) || isStoreWord(v, w) || PERSON.test(w))) return false;
    draft.unsupported ??= compared;
    return true;
  });
  // Groups picked by how many records they hold, where `readGroupBound` read no bound on them
  // ("users with more than 5 orders": another store's records per user).
  q.scan(
    phrase`(?:with|having|that have|which have|that has|which has) (?:more than|fewer than|less than|over|under|at least|at most|above|below) (${NUM})(?: ${ANY_WORD})? (?:${storeWords(v)})`,
    () => {
      draft.unsupported ??=
        'Groups cannot be picked by how many records they hold: ask for the count per group';
      return true;
    },
  );
  // "orders worth as much as 999", "users as young as 20": at most, at least or exactly is not said.
  q.scan(phrase`as (${ANY_WORD}) as (${NUM})(?= |$)`, (m) => {
    if (parseNumber(m.text(1)) !== null || parseNumber(m.text(2)) === null) return false;
    draft.unsupported ??= 'Say "at most", "at least" or "exactly" for a bound given as "as much as"';
    return true;
  });
  // "messages in channels where john posted", "logs from hosts that also logged warnings": records
  // picked by what other records of the same store hold of a field would need a join of the store.
  q.scan(
    phrase`(?:in|from|on|of|with|for|at|by) (?:the |all |any )?(${ANY_WORD}) (?:where|that|which|in which|on which|whose) (${ANY_WORD})`,
    (m) => {
      const w = m.text(1);
      const field = resolveField(v, w);
      if (!field || v.kinds.get(field) !== 'category' || !/s$/.test(w) || isStoreWord(v, w) || PEOPLE.test(w))
        return false;
      // "users with emails that end in acme.io": the clause says the field itself.
      if (
        /^(end|ends|ending|start|starts|starting|begin|begins|beginning|contain|contains|containing|are|is|include|includes|match|matches)$/.test(
          m.text(2),
        )
      )
        return false;
      draft.unsupported ??=
        'Records can only be picked by their own fields, not by what other records hold of the same field';
      return true;
    },
  );
  // "users as old as alice": the same, as an equality.
  q.scan(
    phrase`(?:(?:more|fewer|less|greater|higher|bigger|larger|lower|smaller|cheaper|older|younger|busier|longer|shorter|faster|slower) (${ANY_WORD})(?: ${ANY_WORD}){0,2}? than|as (${ANY_WORD}) as)(?! \\d)`,
    (m) => {
      if (parseNumber(m.text(1) || m.text(2)) !== null) return false;
      draft.unsupported ??= compared;
      return true;
    },
  );
  // "min and max cpu usage", "total revenue and average response time", "the sum of paid amounts and
  // the number of refunds": an answer has one value.
  // "the cheapest and the most expensive order", "the newest and the oldest message", "count and
  // average amount": two rankings or counts too.
  const ranking =
    'cheapest|least expensive|most expensive|priciest|newest|latest|most recent|youngest|oldest|earliest';
  const measure = `(${AGGREGATE_WORD}|${ranking}|(?:the )?(?:number|count) of|count|how many)`;
  // "how many users and what is their average age": the second may be asked as a question of its own.
  const pair = `${measure} (?:${ANY_WORD} ){0,4}?(?:and|&|plus|or|vs) (?:what (?:s |is |are |was |were )?)?(?:the |also |their |its )?${measure}`;
  q.scan(phrase`${pair}(?= |$)`, (m) => {
    const fnOf = (w: string) =>
      /^(?:(?:the )?(?:number|count) of|count|how many)$/.test(w)
        ? 'count'
        : /^(?:cheapest|least expensive|oldest|earliest)$/.test(w)
          ? 'min'
          : /^(?:most expensive|priciest|newest|latest|most recent|youngest)$/.test(w)
            ? 'max'
            : aggregateOfWord(w);
    const [a, b] = [fnOf(m.text(1)), fnOf(m.text(2))];
    if (!a || !b || a === b) return false;
    draft.unsupported ??=
      'One measure at a time: ask for each (the minimum, then the maximum, say) separately';
    return true;
  });
}

export function readCount({ q, v, draft }: Grounding): void {
  // "how many commits by ann": a number field named in the plural by its own name (commits, retries)
  // holds how many each record counts, so how many in all is its sum, not the count of records.
  q.scan(phrase`(?:how many|(?:the )?(?:total )?number of) (${ANY_WORD})(?= |$)`, (m) => {
    const word = normalize(m.text(1));
    const t = q.tokens[m.end - 1];
    if (!t || t.quoted || !/s$/.test(word) || isStoreWord(v, word) || isValueWord(v, word)) return false;
    const f = [...v.kinds.keys()].find((k) => normalize(k) === word && v.kinds.get(k) === 'number');
    if (!f || f === ageField(v)) return false;
    draft.aggregate = { fn: 'sum', field: f };
    return true;
  });
  // "orders grouped by status with counts": records shown with their counts are counted.
  q.scan(phrase`${COUNT_WORDS}|with (?:the |their )?counts?`, () => {
    draft.count = true;
    return true;
  });
}

/**
 * Whether the question asks for records one by one rather than a quantity of them: it names them
 * ("revenue readings"), ranks or sorts them, takes a few, or bounds the measure of each.
 */
function asksForRecords({ q, v, draft }: Grounding, except: number): boolean {
  if (draft.sort.length || draft.limit !== null || draft.rank || draft.direction || draft.text) return true;
  if (draft.bounded.size || draft.filters.some((f) => f.field === v.measure)) return true;
  return q.tokens.some(
    (t, i) =>
      i !== except &&
      !t.quoted &&
      (RECORD_WORDS.test(t.text) ||
        (isStoreWord(v, t.text) && (!isValueWord(v, t.text) || v.names.has(singular(t.text))))),
  );
}

/** "revenue and cpu usage": whether another value of the field of the value at `at` is named too. */
function namesOtherValues({ q, v }: Grounding, at: number): boolean {
  const entries = (word: string) => v.values.get(normalize(word)) ?? v.stems.get(stem(normalize(word))) ?? [];
  const fields = new Set(entries(q.tokens[at]?.text ?? '').map((e) => e.field));
  return q.tokens.some(
    (t, i) =>
      i !== at && !t.quoted && !STOP_WORDS.has(t.text) && entries(t.text).some((e) => fields.has(e.field)),
  );
}

export function readAggregate(g: Grounding): void {
  const { q, v, draft } = g;
  const numeric = `(${fieldPattern(v, ['number'])})`;
  // "how much revenue did we make", "how much was refunded": the total of the store's measure
  // (or its average, for a rate or a level: "how much cpu is used").
  q.scan(phrase`how much(?= (\\S+)|$)`, (m) => {
    // "how much users we have", "how much errors today": said of records by the store's own name, of
    // people or of a learned value in the plural, it asks how many; "how much sales" is money taken.
    // "users on free plan how much": at the end, it asks about the records named before it, unless
    // they measure something that adds up ("paid orders today how much" may ask for the money).
    const counted = (w: string) =>
      (/s$/.test(w) || w === 'people') && (v.names.has(singular(w)) || PEOPLE.test(w) || isValueWord(v, w));
    const additive = v.measure !== null && ADDITIVE.test(v.measure);
    const before = m.text(1) === '' && !additive ? q.tokens.slice(0, m.start) : [];
    if (counted(m.text(1)) || before.some((t) => !t.quoted && counted(t.text))) {
      draft.count = true;
      return true;
    }
    if (draft.aggregate || !v.measure) return false;
    // "how much memory does db-1 use on average": the average said after is the aggregate asked for,
    // and the verb of the level measured ("use", "consume") asks nothing more.
    const average = q.tokens.findIndex(
      (t, i) =>
        i > m.start &&
        !q.isUsed(i) &&
        t.text === 'average' &&
        q.tokens[i - 1]?.text === 'on' &&
        // "on average per day": an average of each period's total, which no answer holds.
        !/^(?:per|a|an|each|every)$/.test(q.tokens[i + 1]?.text ?? ''),
    );
    if (average > 0) q.consume(average - 1, average + 1);
    const asked = q.tokens.findIndex((t, i) => i > m.start && /^(?:do|does|did)$/.test(t.text));
    const verb = q.tokens.findIndex((t, i) => i > asked + 1 && /^(?:use|consume|need|take)$/.test(t.text));
    if (asked > 0 && verb > 0 && !q.isUsed(asked) && !q.isUsed(verb)) {
      q.consume(asked, asked + 1);
      q.consume(verb, verb + 1);
    }
    const fn = average > 0 ? 'avg' : implicitAggregate(q);
    // "how much mrr do enterprise accounts bring": a number field named next is what is measured.
    const named = resolveField(v, m.text(1));
    const field = named && v.kinds.get(named) === 'number' ? named : v.measure;
    draft.aggregate = { fn: fn ?? 'sum', field };
    draft.implied = fn === null;
    return true;
  });
  for (const [words, fn] of AGGREGATES) {
    q.scan(
      phrase`(?:the )?(?:${words})(?: (?:of|for|in))?(?: the| all)?(?: (${storeWords(v)}))?(?: ${numeric})?(?=(?: (${ANY_WORD}))?)`,
      (m) => {
        if (draft.aggregate) return false;
        const named = m.text(2) ? resolveField(v, m.text(2)) : null;
        // "total orders" counts them, but "total sales" sums what they measure.
        const storeWord = m.text(1) || (m.text(3) !== '' && isStoreWord(v, m.text(3)) ? m.text(3) : '');
        // "total order value", "average order size": the store's measure, named by a word for it.
        // "total order sales": a word for money taken in, where it is no learned value, is one too.
        const measured =
          m.text(1) !== '' &&
          !named &&
          (MEASURE_WORDS.test(m.text(3)) || (ADDITIVE.test(m.text(3)) && !isValueWord(v, m.text(3))));
        if (measured) q.consume(m.end, m.end + 1);
        // "sum of orders above 750": a sum (unlike a total) of records is the sum of what they measure;
        // so is "the total of orders over 600", where "of" makes the total a quantity of them, not a
        // count ("total orders").
        const head = q.tokens[m.start]?.text === 'the' ? m.start + 1 : m.start;
        const summed =
          /^(sum|add)$/.test(q.tokens[head]?.text ?? '') ||
          (/^totals?$/.test(q.tokens[head]?.text ?? '') && q.tokens[head + 1]?.text === 'of');
        const ofStore =
          storeWord !== '' &&
          !ADDITIVE.test(storeWord) &&
          !measured &&
          !(summed && v.measure && v.measure !== ageField(v));
        // "how many users in total": a total after a count names nothing new; "the total of free
        // users" is how many, as nobody adds up ages unless they say so.
        const ageOnly = v.measure !== null && v.measure === ageField(v) && !measured;
        if (!named && fn === 'sum' && (ofStore || !v.measure || draft.count || ageOnly)) {
          draft.count = true;
          // "total errors this week": a store word that is a learned value stays to be read as one.
          const counted = m.group(1)[0];
          if (!counted || !isValueWord(v, counted.text) || m.text(2)) return true;
          q.consume(m.start, q.tokens.indexOf(counted));
          return false;
        }
        // "who has the least deployments", "least orders": the fewest of the records, a count ranked
        // from the smallest, not the smallest of what each measures (it answered the shortest
        // deployment's duration).
        if (q.tokens[head]?.text === 'least' && storeWord !== '' && !named && !measured) return false;
        const field = named ?? v.measure;
        if (!field) return false;
        draft.aggregate = { fn, field };
        if (!named && !storeWord) draft.unnamedMeasure = m.end;
        return true;
      },
    );
  }
  // "how much was spent in USD": a word that names the measured field again is explained by it.
  q.scan(numeric, (m) => {
    const f = resolveField(v, m.text(1));
    return f !== null && draft.aggregate?.field === f;
  });
  // "refund amount", "amount paid in EUR": the measure named once, beside a learned value, is how much
  // the records holding the value add up to, unless they are asked for one by one.
  q.scan(numeric, (m) => {
    const word = m.text(1);
    if (resolveField(v, word) !== v.measure || !ADDITIVE.test(word) || /s$/.test(word)) return false;
    const beside = [q.tokens[m.start - 1], q.tokens[m.end]].some(
      (t) => t && !t.quoted && isValueWord(v, t.text) && !STOP_WORDS.has(t.text) && !isStoreWord(v, t.text),
    );
    if (!beside || draft.aggregate || draft.count || asksForRecords(g, m.start)) return false;
    draft.aggregate = { fn: 'sum', field: v.measure };
    return true;
  });
  // "revenue from paid orders": a word for money taken in, where it is no learned value, is the
  // store's measure, and its total unless another aggregate was asked for ("average revenue").
  // "which hotel made the most money": money, where the measure is money (`total_price`), too.
  q.scan('(?:the )?(revenue|revenues|income|earnings|turnover|takings|money)', (m) => {
    if (!v.measure || v.measure === ageField(v)) return false;
    if (m.text(1) === 'money' && !isMoneyField(v.measure)) return false;
    // "revenue this month", "month-to-date revenue": where revenue is a learned value (a metric), the
    // money asked about is its total, unless the records are named ("revenue readings"), ranked,
    // bounded one by one ("revenue above 4000"), excluded ("metrics other than revenue") or listed
    // beside other values of the field ("revenue and cpu usage").
    if (isValueWord(v, m.text(1))) {
      if (
        !draft.aggregate &&
        !draft.count &&
        !asksForRecords(g, m.start) &&
        negated(q, m.start) === null &&
        !namesOtherValues(g, m.start)
      )
        draft.aggregate = { fn: 'sum', field: v.measure };
      return false;
    }
    if (draft.aggregate && draft.aggregate.field !== v.measure) return false;
    draft.aggregate ??= { fn: 'sum', field: v.measure };
    return true;
  });
}
