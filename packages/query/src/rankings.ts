/**
 * The readers of records ranked: the top or latest few ("the 5 largest orders", "the newest
 * user"), the extreme of a measure ("the oldest user's age") and a reading as it is now ("cpu usage
 * right now").
 */
import { addFilter, type Draft, type Grounding } from './draft.ts';
import {
  aggregatedBefore,
  aggregateOfWord,
  implicitAggregate,
  isMark,
  MEASURE_WORDS,
  ranksByMeasure,
} from './measures.ts';
import {
  AHEAD,
  alternation,
  fieldPattern,
  insideValue,
  isStoreWord,
  isValueWord,
  nounAt,
  ownNounField,
  PEOPLE,
  PERSON,
  PERSON_WORDS,
  personField,
  pluralField,
  pluralRecords,
  RECORD_NOUN,
  recordNoun,
  resolveField,
  storeWords,
  timeFieldWords,
  valueEntries,
} from './patterns.ts';
import { ANY_WORD, type PhraseMatch, phrase, type Question, USED_WORD } from './question.ts';
import { durationFields } from './rewrites.ts';
import { isIdentifierField } from './stores.ts';
import { type Filter, GROUP_VALUE } from './types.ts';
import { ageField, isMoneyField, readingKinds, type StoreVocabulary } from './vocabulary.ts';
import {
  NUMBER_WORDS,
  nameWords,
  normalize,
  parseDigits,
  parseNumber,
  SORT_ORDER_WORDS,
  STOP_WORDS,
  stem,
} from './words.ts';

const DEFAULT_TOP = 10;

/** Superlatives of price, which rank records by what they cost. */
const PRICED = /^(?:cheapest|most expensive|least expensive|priciest)$/;

/** Verbs of putting records in an order, said before "by". */
const SORTING = /^(?:sorted|ordered|sort|order|ranked|rank|listed|arranged)$/;

/**
 * Whether token `at` follows a grouping by periods ("per day", "by signup week", "for each
 * month"), whose own order a bare direction after it says.
 */
export function afterPeriod(q: Question, at: number): boolean {
  if (!/^(?:hour|day|date|week|month)s?$/.test(q.tokens[at - 1]?.text ?? '')) return false;
  // "users sorted by signup date in ascending order": "by" after a verb of sorting sorts the records
  // by their time, and the order is theirs (read as the periods', it was left unread and "order"
  // taken for the orders store).
  const from = Math.max(0, at - 4);
  const sorting = (k: number) => SORTING.test(q.tokens[k - 1]?.text ?? '');
  return q.tokens
    .slice(from, at - 1)
    .some((t, k) => /^(?:per|by|each|every)$/.test(t.text) && !(t.text === 'by' && sorting(from + k)));
}

/** Verbs of what one had or recorded at some time: the highest of it is its highest reading. */
const PEAK_VERB = / (?:had|recorded|reached|hit|saw|logged|reported|measured|got)(?= )/;

/** Words that put a number after them as a bound, not a count of records: "amount > 990 orders". */
const BOUND_BEFORE = /^(?:>|<|>=|<=|=|!=|over|above|under|below|than|exceeding|least)$/;

/** Participles of making a record, which may stand between a ranking word and its noun. */
const CREATED =
  /^(registered|joined|signed|created|placed|sent|posted|added|logged|recorded|made|submitted|received|written)$/;

/** Past participles that do not end in -ed, learned as a state a record reached (`lost`, `sold`). */
const IRREGULAR_DONE = /^(?:lost|sold|won|built|broken|stolen|frozen|shut)$/;

export function readRanking({ q, v, draft, timeField }: Grounding): void {
  // "last one hundred logs": a number spelled out is tried before "one" or "a" alone.
  const num = `(\\d+|${NUMBER_WORDS}|an?|one)`;
  // "the twelve oldest logs", "the twenty-five largest orders": counts spelled out too.
  const counted = `(\\d+|${NUMBER_WORDS})`;
  const ENDS =
    'high|low|highest|lowest|largest|smallest|biggest|big|small|new|old|newest|oldest|youngest|eldest|cheapest|most expensive|least expensive';
  // "highest first", "from low to high": the direction of a sort, on the measure unless one is named.
  q.scan(
    // "youngest users first": the store's noun may stand between.
    // "highest amount first": or a numeric field, which is what is sorted on.
    phrase`(?:with )?(?:the )?(highest|largest|biggest|greatest|most expensive|lowest|smallest|cheapest|least expensive|slowest|longest|fastest|quickest|shortest|newest|latest|most recent|oldest|earliest|youngest|fewest|least|most|busiest|quietest)(?: (?:${storeWords(v)})| (${fieldPattern(v, ['number'])}))? (?:first|on top)|(?:from )?(${ENDS}) to (?:the )?(${ENDS})|(?:from|starting with|beginning with) (?:the )?(highest|largest|biggest|greatest|lowest|smallest|busiest|quietest)(?: (?:one|ones|value|values))?`,
    (m) => {
      // "hosts by average cpu from highest": one end alone, after "by" what is ranked, and last in
      // the question (or before what is already read), is the same as "highest first".
      if (m.text(5)) {
        const by = q.tokens.slice(0, m.start).some((t) => /^(?:by|per|each|every)$/.test(t.text));
        if (!by || (m.end < q.tokens.length && !q.isUsed(m.end))) return false;
      }
      const word = m.text(1) || m.text(3) || m.text(5);
      const named = m.text(2) ? resolveField(v, m.text(2)) : null;
      // "average response time per service, fastest first": fast and short are the low end.
      if (
        named &&
        /^(highest|largest|biggest|greatest|lowest|smallest|slowest|longest|fastest|quickest|shortest)$/.test(
          word,
        )
      ) {
        draft.direction = {
          field: named,
          dir: /^(lowest|smallest|fastest|quickest|shortest)$/.test(word) ? 'asc' : 'desc',
        };
        return true;
      }
      if (m.text(2)) return false;
      // "plans by users, fewest first", "count orders per day, busiest first": how many records a
      // group holds, which no field is.
      if (/^(fewest|least|most|busiest|quietest)$/.test(word)) {
        draft.direction = { field: null, dir: /^(?:most|busiest)$/.test(word) ? 'desc' : 'asc' };
        return true;
      }
      // "youngest first": by age, from the lowest.
      const age = ageField(v);
      // "users from youngest to oldest", "from oldest to youngest": with "youngest" at either end
      // both ends are ages, whatever "oldest" alone would say (the earliest records).
      if (/^(?:youngest|eldest)$/.test(m.text(4)) || word === 'eldest') {
        if (!age) return false;
        draft.direction = { field: age, dir: word === 'youngest' ? 'asc' : 'desc' };
        return true;
      }
      if (word === 'youngest') {
        if (!age) return false;
        draft.direction = { field: age, dir: 'asc' };
        return true;
      }
      // "users ranked by age, oldest first": after "by" the age, the oldest are the eldest.
      const byAge = q.tokens.some(
        (t, i) => q.tokens[i - 1]?.text === 'by' && age !== null && resolveField(v, t.text) === age,
      );
      if (byAge && /^(?:old|oldest)$/.test(word)) {
        draft.direction = { field: age, dir: 'desc' };
        return true;
      }
      const time = /new|latest|recent|old|earliest/.test(word);
      const dir =
        /^(low|lowest|smallest|cheapest|least expensive|fastest|quickest|shortest|small|old|oldest|earliest)$/.test(
          word,
        )
          ? 'asc'
          : 'desc';
      // "messages per channel, smallest first": with no measure, the value of each group.
      draft.direction = { field: time ? timeField : v.measure, dir };
      return true;
    },
  );
  // "top 3 hosts by average cpu usage": a category field after the number ranks its groups.
  const category = `(${fieldPattern(v, ['category'])}|${PERSON_WORDS})`;
  /** A category field, or a word for people that names the store's person field ("top 5 users" of messages). */
  const grouping = (word: string): string | null =>
    resolveField(v, word) ?? (PERSON.test(word) && !isStoreWord(v, word) ? personField(v) : null);
  const superlative =
    '(largest|biggest|highest|greatest|smallest|lowest|cheapest|most expensive|least expensive|priciest|slowest|longest|fastest|quickest|shortest)';
  // "which host has the fewest errors", "bottom 2 services by count": groups are only ranked from
  // the largest, so a ranking from the smallest is not answered with the largest.
  const fewest = '(?:fewest|least|lowest|smallest|quietest|rarest)';
  q.scan(
    [
      `(?:which|what)(?: ${counted})?(?: (?:${storeWords(v)}))? ${category}(?: ${ANY_WORD}){0,3}? (?:the )?${fewest}`,
      `(?:the )?(?:${counted} )?${category} (?:with|having|that has|that have|which has|which have) (?:the )?${fewest}`,
      `bottom(?: ${num})? ${category}`,
      // "the least common log level": the store's word may stand before the field.
      `(?:the )?(?:${counted} )?(?:least|quietest|rarest)(?: (?:active|common|frequent|popular|busy|used))?(?: (?:${storeWords(v)}))? ${category}`,
    ].join('|'),
    (m) => {
      const word = m.text(2) || m.text(4) || m.text(6) || m.text(8);
      const field = grouping(word);
      if (!field || isStoreWord(v, word)) return false;
      // ("bottom 3 hosts", "the least common level" rank by a count.)
      if ((m.text(2) || m.text(4) || m.text(6)) && lowestByMeasure(q, v, draft, m, field)) return true;
      draft.unsupported = fromLargest(v, field);
      return true;
    },
  );
  // "which device has the lowest battery": the store's own noun, where its records are readings of
  // many of them, ranks its groups as a category does ("which device has the highest battery"),
  // so from the smallest it is refused the same way, not answered with the one lowest reading.
  q.scan(
    phrase`(?:which|what)(?: ${counted})? (${storeWords(v)})(?: ${ANY_WORD}){0,3}? (?:the )?(?:${fewest}|minimum|min)(?= |$)`,
    (m) => {
      const field = ownNounField(v, m.text(2));
      if (!field || isIdentifierField(v, field) || draft.unsupported) return false;
      if (lowestByMeasure(q, v, draft, m, field)) return true;
      draft.unsupported = fromLargest(v, field);
      return true;
    },
  );
  // "highest revenue host", "the top 2 error services": learned values (or a numeric field) between
  // a superlative and a category field say what its groups are ranked by, as in "the host with the
  // highest revenue"; the words between are left to be read.
  q.scan(
    phrase`(?:the )?(?:${counted} )?(highest|largest|biggest|greatest|top|most)(?: ${counted})? ((?:${ANY_WORD} ){1,3}?)${category}(?= |$)`,
    (m) => {
      const said = m.text(5);
      const between = m.group(4).map((t) => t.text);
      // "the top high priority assignee", "which assignee has the most high priority tasks": a value
      // of the field itself ("high priority") is a condition said with its field's name; the field
      // after it (or none) is what is ranked, not that field (the one priority `high` answered).
      const own = (w: string) => (v.values.get(normalize(w)) ?? []).some((e) => e.field === grouping(said));
      const next = q.tokens[m.end];
      const valued = between.some(own) && between.every((w) => isValueWord(v, w));
      const named = valued ? (next && !next.quoted && !q.isUsed(m.end) ? next.text : '') : said;
      const f = named ? grouping(named) : null;
      const ranks = (w: string) =>
        isValueWord(v, w) || (!isStoreWord(v, w) && v.kinds.get(resolveField(v, w) ?? '') === 'number');
      if (!f || draft.groupBy || isStoreWord(v, named) || !between.every(ranks)) return false;
      const count = parseNumber(m.text(1) || m.text(3));
      if (count === null && /s$/.test(named) && normalize(named) !== normalize(f)) return false;
      draft.groupBy = f;
      draft.limit = count ?? 1;
      draft.byMeasure = ranksByMeasure(v.measure, f, personField(v));
      const saidAt = m.end - said.split(' ').length;
      q.consume(m.start, saidAt - between.length);
      if (valued) q.consume(m.end, m.end + 1);
      else q.consume(saidAt, m.end);
      return false;
    },
  );
  // "top error messages", "the top 3 log messages today": the texts said most often, as "the most
  // common log messages" are; read as records ranked, the latest few errors answered. Learned values
  // before the field are left to be read.
  q.scan(
    phrase`(?:the )?top(?: ${counted})? ((?:${ANY_WORD} ){0,2}?)(${fieldPattern(v, ['text'])})(?= |$)`,
    (m) => {
      const f = resolveField(v, m.text(3));
      const between = m.group(2).map((t) => t.text);
      if (!f || draft.groupBy || !/s$/.test(m.text(3)) || isStoreWord(v, m.text(3))) return false;
      if (!between.every((w) => isValueWord(v, w) || isStoreWord(v, w))) return false;
      draft.groupBy = f;
      draft.count = true;
      draft.limit = parseNumber(m.text(1)) ?? DEFAULT_TOP;
      q.consume(m.start, m.end - between.length - m.group(3).length);
      q.consume(m.end - m.group(3).length, m.end);
      return false;
    },
  );
  q.scan(
    // "the 3 largest customers", "biggest 3 hosts by revenue": a category after the count ranks its groups.
    // "5 top orders": the count may come before "top" as well.
    // "the top 10 slowest responses": a superlative after "top" and its count says which end.
    phrase`(?:the )?(?:(top|bottom)(?: ${num})?(?: ${superlative.replace('(', '(?:')})?(?: ${category})?|${superlative} ${counted}(?: ${category})?|${counted} ${superlative.replace('(', '(top|bottom|')}(?: ${category})?)`,
    (m) => {
      const then = m.text(1) && m.text(2) ? new RegExp(` ${superlative}(?: |$)`).exec(m.text(0)) : null;
      const word = then?.[1] ?? (m.text(1) || m.text(4) || m.text(8));
      const at = [3, 6, 9].find((k) => m.text(k) !== '') ?? 3;
      const named = m.text(at);
      const dir = /^(bottom|smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(word)
        ? 'asc'
        : 'desc';
      const grouped = named ? grouping(named) : null;
      // "the 3 longest messages", "top 3 biggest messages": a size said of records no field measures
      // ranks nothing; read on, the latest three answered.
      if (!v.measure && !grouped && !/^(?:top|bottom)$/.test(word)) {
        draft.unsupported ??= `No field of ${v.store.domain} measures how "${word}" they are: rank them by a field they hold`;
        return true;
      }
      const after = q.tokens.slice(m.end, m.end + 3).map((t) => (t.quoted ? '' : t.text));
      const nounIndex = nounAt(v, after);
      const next = after[nounIndex] ?? '';
      // "top cpu usage on web-1": with no count, "top" before a learned value in the singular and
      // no noun is how high the measure went, its maximum.
      if (!named && !m.text(2) && (word === 'top' || word === 'bottom') && v.measure && !draft.aggregate) {
        // ("top comedy by rating" ranks the comedies by their rating.)
        if (
          nounIndex > 0 &&
          next !== 'by' &&
          !isStoreWord(v, next) &&
          !resolveField(v, next) &&
          !/s$/.test(after[nounIndex - 1]!)
        ) {
          draft.aggregate = { fn: word === 'top' ? 'max' : 'min', field: v.measure };
          return true;
        }
      }
      // "the top plan by average age": one group when the field is named in the singular; "the top
      // order by amount", "the best film" (films by rating): one record when its noun is.
      // "top comedy by rating", "the highest rated comedy": a learned value in the singular, with no
      // noun after it, names one record as "the top film" does (as "the oldest comedy" is one); ten
      // comedies answered.
      const noun = named || next;
      const valued = !named && nounIndex > 0 && !isStoreWord(v, noun) && !/s$/.test(after[nounIndex - 1]!);
      const single =
        !m.text(2) &&
        !/s$/.test(noun) &&
        (grouped ? true : m.text(1) !== '' && (isStoreWord(v, noun) || valued));
      draft.limit = parseNumber(m.text(2) || m.text(5) || m.text(7)) ?? (single ? 1 : DEFAULT_TOP);
      if (named && !grouped) {
        // "top 5 users by age": the store's own people are ranked, and their word is left to name it.
        draft.rank = { dir };
        q.consume(m.start, m.end - m.group(at).length);
        return false;
      }
      if (grouped && dir === 'asc') {
        draft.unsupported = fromLargest(v, grouped);
        return true;
      }
      if (grouped) {
        draft.groupBy = grouped;
        draft.byMeasure = ranksByMeasure(v.measure, grouped, personField(v));
      } else {
        draft.rank = { dir };
        if (!named) draft.bareRank = m.start;
        // "top 3 pages" of sessions holding `pages_viewed`: a number field counts the things said,
        // which no field names one by one; read on, the sessions were ranked by another measure.
        const counts = nounIndex === 0 && /s$/.test(next) ? resolveField(v, next) : null;
        if (
          counts &&
          v.kinds.get(counts) === 'number' &&
          normalize(next) !== normalize(counts) &&
          !isStoreWord(v, next) &&
          after[1] !== 'by'
        ) {
          draft.unsupported ??= `No field of ${v.store.domain} names each of the ${next}, only how many (${counts}): rank the ${v.store.domain} by it, e.g. "top 5 ${v.store.domain} by ${nameWords(counts)}"`;
        }
      }
      return true;
    },
  );
  // "the biggest spender", "the 3 largest customers": a superlative before a category field ranks its groups.
  q.scan(phrase`(?:the )?(?:${num} )?(?:biggest|largest) ${category}`, (m) => {
    const f = grouping(m.text(2));
    if (!f || draft.groupBy) return false;
    draft.groupBy = f;
    draft.limit = parseNumber(m.text(1)) ?? (/s$/.test(m.text(2)) ? DEFAULT_TOP : 1);
    draft.byMeasure = ranksByMeasure(v.measure, f, personField(v));
    return true;
  });
  if (draft.groupBy) {
    // "top 3 customers by order amount": a numeric field after "by" is what the groups are ranked by.
    q.scan(phrase`by (?:the )?(?:(?:${storeWords(v)}) )?(${fieldPattern(v, ['number'])})(?= |$)`, (m) => {
      const f = resolveField(v, m.text(1));
      if (!f || draft.aggregate) return false;
      // "top 2 teams by age": ages add up to nothing; each group's average age ranks it.
      // "top 3 students by score": marks too.
      draft.aggregate = {
        fn: implicitAggregate(q) ?? (f === ageField(v) || isMark(f) ? 'avg' : 'sum'),
        field: f,
      };
      return true;
    });
  }
  // "which assignee closed the most tickets": a learned value in the past tense (status closed) may
  // be the verb, and says which records are counted.
  // "which carrier lost the most shipments": an irregular past (status `lost`) too.
  const done = [...v.values.keys()].filter((k) => /^[a-z]{3,}ed$/.test(k) || IRREGULAR_DONE.test(k));
  const doneVerbs = done.length ? `|${alternation(done)}` : '';
  // "the latest message", "the youngest user": a singular store noun asks for one record.
  const one = (next: string) => (next !== '' && isStoreWord(v, next) && !/s$/.test(next) ? 1 : null);
  // "which order has the largest amount", "who has the highest salary", "which flight had the most
  // passengers": one record asked for by "who" or its noun in the singular, ranked by a number field
  // it holds; read as an aggregate, the number alone answered (or each user was a group of one).
  q.scan(
    phrase`(?:who|(?:which|what) (${storeWords(v)})) (?:has|had|got) (?:the )?(highest|largest|biggest|greatest|top|max|maximum|most|lowest|smallest|min|minimum|least|fewest) (${fieldPattern(v, ['number'])})(?= |$)`,
    (m) => {
      const field = resolveField(v, m.text(3));
      // "which device has the highest temperature": where the records are readings of many devices
      // (device_id repeats), the devices are ranked below, as groups.
      const readings = ownNounField(v, m.text(1));
      if (readings && !isIdentifierField(v, readings)) return false;
      if (!field || draft.groupBy || (m.text(1) && one(m.text(1)) === null)) return false;
      const asc = /^(?:lowest|smallest|min|minimum|least|fewest)$/.test(m.text(2));
      draft.sort = [{ field, dir: asc ? 'asc' : 'desc' }];
      draft.limit = 1;
      return true;
    },
  );
  // "which channel has the most messages", "which service logs the most errors": the top group;
  // "which 3 services log the most warnings": a plural subject's verb too.
  q.scan(
    phrase`(?:which|what)(?: ${counted})?(?: of (?:our|the|your|all the|all|these|those|my))? (${fieldPattern(v, ['category', 'boolean', 'other'])}|${PERSON_WORDS}|${storeWords(v)})(?: (?:throwing|logging|sending|posting|raising|emitting|producing|generating|getting|seeing|having|placing|making|using|consuming|reporting|recording|has|have|had|gets|get|got|sees|see|saw|logs|log|logged|throw|raise|emit|send|post|write|produce|generate|earn|throws|threw|thrown|raises|raised|emits|emitted|sends|sent|posts|posted|writes|wrote|says|said|talks|talked|receives|received|produces|produced|makes|made|places|placed|ordered|bought|purchased|spends|spent|spend|brings in|brought in|generates|generated|earns|earned|appears|appear|occurs|occur|shows up|comes up|uses|used|consumes|consumed|records|recorded|reports|reported|reaches|reached|hits|hit|shows|showed|contains|contain|contained|holds|hold|held|includes|include|included|opened|opens|created|creates|filed|files|submitted|submits|owns|owned|manages|managed|handles|handled|with|is|are|was|were${doneVerbs}))* (?:the )?(?:most|highest|largest|greatest|biggest|busiest|slowest|longest|(?:more|higher|larger|bigger)(?! than))(?: (?:often|frequently|commonly|common|frequent|active|popular))?`,
    (m) => {
      // "which user sent the most messages": a person word is the store's person field.
      // "which device has the highest temperature": the store's own noun, where its records are
      // readings of many of them (device_id repeats), is the field naming each one.
      const own = () => {
        const f = ownNounField(v, m.text(2));
        return f && !isIdentifierField(v, f) ? f : null;
      };
      const f = resolveField(v, m.text(2)) ?? (PERSON.test(m.text(2)) ? personField(v) : null) ?? own();
      // "which user has the most error logs": records that name no person rank none; passed over,
      // "user" was searched for as text (or dropped) and the records listed.
      if (!f && PERSON.test(m.text(2)) && !isStoreWord(v, m.text(2))) {
        const held = [...v.kinds]
          .filter(([name, k]) => k === 'category' && !isIdentifierField(v, name))
          .map(([name]) => name);
        const by = held.length ? `: ask by ${held.slice(0, 3).join(', ')} instead` : '';
        draft.unsupported ??= `No field of ${v.store.domain} names a person${by}`;
        return true;
      }
      if (!f) return false;
      // "which customer placed the largest order": one record ranked by its measure, read as the
      // records are ("the largest order"), not the group with the most of them.
      const after = q.tokens[m.end];
      if (
        after &&
        !after.quoted &&
        isStoreWord(v, after.text) &&
        !pluralRecords(v, after.text) &&
        !/(?:^| )(?:most|more)(?: |$)/.test(m.text(0))
      )
        return false;
      // "which host is slowest", "which service is the slowest": slow and long say a duration, which
      // no count of records measures; the measure is not said.
      // ("which host has the slowest average response time" names it after).
      const slow = q.tokens.slice(m.start, m.end).find((t) => /^(slowest|longest)$/.test(t.text));
      const unread = q.tokens.filter((t, k) => k >= m.end && !q.isUsed(k) && !STOP_WORDS.has(t.text));
      const said = unread.length > 0;
      // "which device has the longest sessions": how long its records last, where one field holds
      // their durations, on average; counted, the device with the most sessions answered.
      const durations = durationFields(v);
      const ofRecords = said && unread.every((t) => pluralRecords(v, t.text));
      if (slow && ofRecords && durations.length !== 1) {
        draft.unsupported ??= `No one field of ${v.store.domain} says how long they are: rank each ${m.text(2)} by a field they hold`;
        return true;
      }
      if (slow && ofRecords) {
        draft.groupBy = f;
        draft.limit = parseNumber(m.text(1)) ?? rankedCount(draft);
        draft.aggregate = { fn: 'avg', field: durations[0]!.field };
        for (const t of unread) q.consume(q.tokens.indexOf(t), q.tokens.indexOf(t) + 1);
        return true;
      }
      if (slow && !said) {
        // The example names a learned value of a duration where there is one ("response time").
        const duration = [...v.values.keys()].find((k) => /(?:^| )(?:time|latency|duration)$/.test(k));
        const example = `which ${m.text(2)} has the highest average ${duration ?? 'response time'}`;
        draft.unsupported ??= `"${slow.raw}" says no measure: name the one to rank each ${m.text(2)} by, e.g. "${example}"`;
        return true;
      }
      for (const t of q.tokens.slice(m.start, m.end)) {
        const entries = done.includes(t.text) ? (v.values.get(t.text) ?? []) : [];
        if (entries.length === 1) addFilter(draft, entries[0]!.field, '=', entries[0]!.value);
      }
      draft.groupBy = f;
      draft.limit = parseNumber(m.text(1)) ?? rankedCount(draft);
      // "which device has the highest humidity": a number field named after the superlative is
      // what each group is ranked by, on average; left unread, the groups were ranked by their
      // count of records, an answer to another question. "which station had the highest
      // temperature", "which device recorded the highest humidity": what one of them had or
      // recorded at some time is its highest reading, not its average ("on average" says that).
      // "which category has the most stock": the most of a quantity is its total (of a level, as
      // "usage", its average), not the most records.
      if (!draft.aggregate) {
        let at = m.end;
        while (at < q.tokens.length && (q.isUsed(at) || STOP_WORDS.has(q.tokens[at]!.text))) at += 1;
        const measured = at < q.tokens.length ? resolveField(v, q.tokens[at]!.text) : null;
        const most = /(?:^| )(?:most|more)(?: |$)/.test(m.text(0));
        // "which hotel earned the most": what is earned is money, the measure where it is money.
        const earned = most && / (?:earns?|earned|brings in|brought in)(?: |$)/.test(m.text(0));
        if (earned && at >= q.tokens.length && v.measure && isMoneyField(v.measure)) {
          draft.aggregate = { fn: 'sum', field: v.measure };
        } else if (most && measured && measured !== f && v.kinds.get(measured) === 'number') {
          draft.aggregate = {
            fn: implicitAggregate(q) ?? (measured === ageField(v) ? 'avg' : 'sum'),
            field: measured,
          };
          q.consume(at, at + 1);
        } else if (!most && measured && measured !== f && v.kinds.get(measured) === 'number') {
          const averaged = onAverageAt(q);
          draft.aggregate = {
            fn: PEAK_VERB.test(m.text(0)) && averaged < 0 ? 'max' : 'avg',
            field: measured,
          };
          if (averaged > 0 && !q.isUsed(averaged)) q.consume(averaged - 1, averaged + 1);
          q.consume(at, at + 1);
        }
      }
      return true;
    },
  );
  // "which region has the oldest users on average": the top group by its average age; "the
  // youngest on average" the group with the lowest average, which is the lowest there is (an
  // average is only taken of a group's records, as `lowestByMeasure` says); it was refused.
  q.scan(
    phrase`(?:which|what)(?: ${counted})? (${fieldPattern(v, ['category', 'boolean'])}) (?:has|have|had) (?:the )?(oldest|youngest)(?: (?:${storeWords(v)}))? on average`,
    (m) => {
      const f = resolveField(v, m.text(2));
      const age = ageField(v);
      if (!f || !age || draft.groupBy || isStoreWord(v, m.text(2))) return false;
      draft.groupBy = f;
      draft.aggregate = { fn: 'avg', field: age };
      if (m.text(3) === 'youngest') draft.sort = [{ field: GROUP_VALUE, dir: 'asc' }];
      draft.limit = parseNumber(m.text(1)) ?? rankedCount(draft);
      return true;
    },
  );
  // "which channel did bob post in most", "what host does the api log on the most": the top group
  // of what someone did; the name between is left to be read as a value.
  q.scan(
    phrase`(?:which|what) (${fieldPattern(v, ['category', 'boolean'])}) (?:did|does|do|has|have) (?:the )?(${ANY_WORD}) (?:post|posted|send|sent|write|wrote|written|log|logged|order|ordered|buy|bought|use|used|talk|talked|chat|chatted)(?: (?:in|on|to|at|from|with))? (?:the )?most(?= |$)`,
    (m) => {
      const f = resolveField(v, m.text(1));
      const name = m.group(2)[0];
      if (!f || draft.groupBy || !name || name.quoted || isStoreWord(v, m.text(1))) return false;
      const at = q.tokens.indexOf(name);
      draft.groupBy = f;
      draft.count = true;
      draft.limit = rankedCount(draft);
      q.consume(m.start, at);
      q.consume(at + 1, m.end);
      return false;
    },
  );
  // "the channel with the most messages", "the 3 teams with the most users", "the host with the
  // highest average cpu usage": the top groups of a category field, ranked by what follows.
  q.scan(
    phrase`(?:the )?(?:${counted} )?(${fieldPattern(v, ['category', 'boolean'])}) (?:with|having|that has|that have|which has|which have|that had|that saw|that logged) (?:the )?(most|highest|largest|greatest|biggest|slowest|longest)(?=(?: (\\S+))?)`,
    (m) => {
      const f = resolveField(v, m.text(2));
      if (!f || draft.groupBy || isStoreWord(v, m.text(2))) return false;
      // "currencies with the largest orders": records ranked by size within each group say no
      // measure per group (the largest one, or the total?), unlike "the most orders", a count.
      if (m.text(3) !== 'most' && /s$/.test(m.text(4)) && isStoreWord(v, m.text(4))) return false;
      // "channels with the most recent messages" ranks by time within each group, as "the latest" does.
      if (/^recent(?:ly)?$/.test(m.text(4))) return false;
      draft.groupBy = f;
      draft.limit =
        parseNumber(m.text(1)) ??
        (/s$/.test(m.text(2)) && normalize(m.text(2)) !== normalize(f) ? DEFAULT_TOP : 1);
      return true;
    },
  );
  /**
   * "the most common error", "most frequent errors": a learned value of a category (not a person)
   * alone after "most common" is its records' most common text, as "the most common error message"
   * is, where the store has one text field (refused before: "common" held by no field). The value
   * stays to be read as a filter.
   */
  const commonValue = (m: PhraseMatch, word: string | undefined): boolean => {
    const texts = [...v.kinds].filter(([, kind]) => kind === 'text').map(([f]) => f);
    const key = word ? normalize(word) : '';
    const entries = key ? valueEntries(v, key) : [];
    const person = personField(v);
    if (draft.groupBy || texts.length !== 1 || entries.length === 0) return false;
    if (!entries.every((e) => v.kinds.get(e.field) === 'category' && e.field !== person)) return false;
    draft.groupBy = texts[0]!;
    draft.count = true;
    // "the most common errors": several, as "the most common error messages" are.
    const plural = /s$/.test(key) && !v.values.has(key);
    draft.limit = parseNumber(m.text(1)) ?? (plural ? DEFAULT_TOP : rankedCount(draft));
    return true;
  };
  // "the 2 busiest channels", "the most common level": the top groups by how many records they hold.
  // "the most used currency": used as often as common (refused before: "used" held by no field).
  // Learned values and store words may stand before the field ("the most common error message"):
  // the values stay to be read as filters.
  q.scan(
    // "the noisiest host", "the chattiest channel": words for busy are the same.
    phrase`(?:the )?(?:top )?(?:${counted} )?(?:busiest|noisiest|chattiest|loudest|most active|most common|most frequent|most popular|most used)${AHEAD}`,
    (m) => {
      const words = [m.text(2), m.text(3), m.text(4)];
      const grouped = ['category', 'boolean', 'text', 'other'];
      const at = words.findIndex((w) => {
        const f = w ? grouping(w) : null;
        return f !== null && grouped.includes(v.kinds.get(f) ?? 'other') && !isValueWord(v, w);
      });
      if (at < 0) return commonValue(m, words[0]);
      if (!words.slice(0, at).every((w) => isValueWord(v, w) || isStoreWord(v, w))) return false;
      const f = grouping(words[at]!)!;
      draft.groupBy = f;
      draft.count = true;
      // "top 5 most active users": a count read before is how many. "most active users", "the
      // busiest channels": named in the plural with no count, the top few, as "top customers" and
      // "hosts with the most errors" are; one group answered a question about several.
      const counted = draft.rank !== null && draft.limit !== null;
      const ranked = rankedCount(draft);
      const plural = !counted && /s$/.test(words[at]!) && normalize(words[at]!) !== normalize(f);
      draft.limit = parseNumber(m.text(1)) ?? (plural ? DEFAULT_TOP : ranked);
      for (let k = 0; k <= at; k++) {
        if (k === at || !isValueWord(v, words[k]!)) q.consume(m.end + k, m.end + k + 1);
      }
      return true;
    },
  );
  // "who sent", "who's spent": what someone did, whose records are then ranked; the contraction
  // leaves its "s" behind. "who deployed": a field naming who did it (`deployed_by`) says the verb.
  const doers = doerFields(v);
  const doerVerbs = doers.size ? `|${alternation([...doers.keys()])}` : '';
  const whoDid = `who (?:has |have |had |s |ve )?(?:sent|sends|posted|posts|wrote|writes|written|logged|logs|placed|places|made|makes|ordered|orders|bought|buys|spent|spends|created|creates|opened|opens|filed|files|submitted|submits|talks|talked|chats|chatted|messages|messaged|texts|texted|has|had${doneVerbs}${doerVerbs})(?: the)?`;
  // "who spent the least", "who sent the fewest messages": the people ranked from the smallest total
  // or count, which someone with no records would be and no group lists; refused (`fromLargest`),
  // where the smallest order answered or every message was listed.
  /** Whose records "who deployed …" ranks: the field of the verb, else the sender, the assignee, the one doer. */
  const personOf = (m: PhraseMatch): { doer: string | undefined; person: string | null } => {
    const doer = q.tokens
      .slice(m.start, m.end)
      .map((t) => doers.get(t.text))
      .find((f) => f !== undefined);
    // "who has the most deployments": the one field naming who did something, where no field
    // names a sender or an assignee.
    const only = doers.size === 1 ? [...doers.values()][0]! : null;
    return { doer, person: doer ?? personField(v) ?? assigneeField(v) ?? only };
  };
  q.scan(phrase`${whoDid} (?:least|fewest)(?! recent| recently)`, (m) => {
    const { person } = personOf(m);
    if (!person || draft.unsupported) return false;
    draft.unsupported = fromLargest(v, person);
    return true;
  });
  // "who sent the most messages": the top group of the store's sender (or author, or customer).
  q.scan(phrase`${whoDid} most(?! recent| recently)`, (m) => {
    // "who resolved the most tickets": the value said as the verb says which records are counted,
    // and the one they are assigned to did it ("who has the most tickets": the assignee too).
    const value = q.tokens.slice(m.start, m.end).find((t) => done.includes(t.text));
    const { doer, person } = personOf(m);
    if (!person) return false;
    const entries = value && !doer ? (v.values.get(value.text) ?? []) : [];
    if (entries.length === 1) addFilter(draft, entries[0]!.field, '=', entries[0]!.value);
    // "top 5 customers who spent the most" grouped and counted them already; the count stands.
    const counted =
      peopleCountedBefore(q, v, person, m.start) ?? (draft.groupBy === person ? draft.limit : null);
    draft.groupBy = person;
    // "top 5 customers who ordered the most": ranked by what they did, their orders are counted, as
    // "who ordered the most" counts them; "top customers" alone would rank them by what they spent.
    if (!q.tokens.slice(m.start, m.end).some((t) => /^(?:spent|spends|spend)$/.test(t.text)))
      draft.byMeasure = false;
    const ranked = rankedCount(draft);
    draft.limit = counted ?? ranked;
    return true;
  });
  // "the order with the highest amount", "user with the lowest age": one record ranked by a field.
  // "the 3 orders with the lowest amounts": as many records as counted.
  q.scan(
    phrase`(?:the )?(?:${counted} )?(${ANY_WORD}) (?:with|having|that has|which has|that have|which have) (?:the )?(highest|largest|biggest|greatest|most|max|maximum|top|lowest|smallest|least|min|minimum) (${fieldPattern(v, ['number', 'date'])})`,
    (m) => {
      const f = resolveField(v, m.text(4));
      const n = parseNumber(m.text(1));
      // "sessions with the most pages": records in the plural, with no count, are the top few, as
      // "the largest orders" are ("orders with the largest amount" stays the largest amount).
      const few = n === null && /^(?:most|top)$/.test(m.text(3)) && pluralRecords(v, m.text(2));
      if (!f || (few ? false : n === null ? one(m.text(2)) === null : !isStoreWord(v, m.text(2))))
        return false;
      draft.sort = [{ field: f, dir: /lowest|smallest|least|min/.test(m.text(3)) ? 'asc' : 'desc' }];
      draft.limit = n ?? (few ? (draft.limit ?? DEFAULT_TOP) : 1);
      return true;
    },
  );
  // "the smallest order", "the most expensive order" (but "the largest order amount" is a maximum).
  // "the smallest paid order in EUR": learned values may stand between the superlative and the noun.
  // "the biggest refund": the noun of a past-tense value names one record of it; "the largest
  // orders": a plural noun with no count asks for the top records, as "the top orders" does.
  // "the highest value order": a word for what a record is worth may stand before its noun.
  q.scan(phrase`(?:the )?${superlative}${AHEAD}`, (m) => {
    const all = [m.text(2), m.text(3), m.text(4)];
    const words = MEASURE_WORDS.test(all[0]!) && isStoreWord(v, all[1]!) ? all.slice(1) : all;
    const at = words.findIndex((w, i) => i === nounAt(v, words) || recordNoun(v, w));
    const after = words[at + 1] ?? '';
    const noun = words[at] ?? '';
    // "the highest memory usage record", "the largest revenue entry": a word for one record names it too.
    // "the cheapest furniture": learned values with no noun after them, ranked by a word of price
    // (never a reading's extreme, as "the smallest revenue" is), are the records holding them, as
    // "the oldest comedy" is (refused before: "cheapest" was left unread).
    const valued = at > 0 && noun === '' && PRICED.test(m.text(1));
    if (
      !v.measure ||
      at < 0 ||
      !(isStoreWord(v, noun) || recordNoun(v, noun) || RECORD_NOUN.test(noun) || valued)
    )
      return false;
    if (after && resolveField(v, after)) return false;
    // "the highest memory reading per server": an extreme per group is an aggregate.
    const next = q.tokens[m.end + at + 2]?.text ?? '';
    if (
      /^(per|each|across)$/.test(after) ||
      (/^(by|for)$/.test(after) && v.kinds.get(resolveField(v, next) ?? '') === 'category')
    )
      return false;
    const dir = /^(smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(m.text(1))
      ? 'asc'
      : 'desc';
    // "the largest flight by passengers": ranked by the number field said after "by" (it ranked by
    // the measure, then grouped by the field and was refused).
    const by = after === 'by' ? resolveField(v, next) : null;
    const numbered = by !== null && v.kinds.get(by) === 'number';
    const field = numbered ? by : v.measure;
    if (numbered) q.consume(m.end + at + 1, m.end + at + 3);
    draft.sort = [{ field, dir }];
    draft.limit = /s$/.test(valued ? words[at - 1]! : noun) ? (draft.limit ?? DEFAULT_TOP) : 1;
    // The noun of a value is left to be read as the value ("refund" is status refunded).
    if (words !== all) q.consume(m.end, m.end + 1);
    if (isStoreWord(v, noun)) return true;
    q.consume(m.start, m.end);
    return false;
  });
  // "which order is the most expensive", "which user is the youngest", "which log is the most recent":
  // one record, ranked by the measure, the age or the time as the word says.
  q.scan(
    phrase`(?:which|what) (${ANY_WORD}) (?:is|was|has been) (?:the )?(?:${superlative}|(youngest|oldest|earliest|first|newest|latest|last|most recent))(?= |$)`,
    (m) => {
      if (one(m.text(1)) === null && !(recordNoun(v, m.text(1)) && !/s$/.test(m.text(1)))) return false;
      const word = m.text(2) || m.text(3);
      const age = ageField(v);
      if (word === 'youngest') {
        if (!age) return false;
        draft.sort = [{ field: age, dir: 'asc' }];
      } else if (m.text(3)) {
        draft.sort = [{ field: timeField, dir: /oldest|earliest|first/.test(word) ? 'asc' : 'desc' }];
      } else {
        if (!v.measure) return false;
        const asc = /^(smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(word);
        draft.sort = [{ field: v.measure, dir: asc ? 'asc' : 'desc' }];
      }
      draft.limit = 1;
      // "which error was the latest": a noun that is a learned value is left to be read as one.
      if (!isValueWord(v, m.text(1))) return true;
      q.consume(m.start, m.start + 1);
      q.consume(m.start + 2, m.end);
      return false;
    },
  );
  // "of the paid orders, which 3 were the largest": as many records as counted, ranked by the measure;
  // "which 5 orders had the highest amounts": or by the field named after it.
  q.scan(
    phrase`(?:which|what) (${counted}|one)(?: (${ANY_WORD}))?(?: (?:${storeWords(v)}))?(?: of (?:them|these|those))? (?:were|are|was|is|had|have|has) (?:the )?${superlative}(?: (${fieldPattern(v, ['number'])}))?`,
    (m) => {
      const field = m.text(5) ? resolveField(v, m.text(5)) : v.measure;
      // "which 4 revenue readings had the highest values": a learned value before the noun stays to be read.
      const word = m.group(3)[0];
      const value = word && !isStoreWord(v, word.text) ? word : undefined;
      if (!field || draft.groupBy || (value && !isValueWord(v, value.text))) return false;
      const dir = /^(smallest|lowest|cheapest|least expensive|fastest|quickest|shortest)$/.test(m.text(4))
        ? 'asc'
        : 'desc';
      draft.sort = [{ field, dir }];
      draft.limit = parseNumber(m.text(1));
      if (!value) return true;
      const at = q.tokens.indexOf(value);
      q.consume(m.start, at);
      q.consume(at + 1, m.end);
      return false;
    },
  );
  const byTime = (word: string, n: string, next = '', single = false) => {
    const asc = /first|oldest|earliest|least/.test(word);
    // "the 5 newest users alphabetically by name": a sort on another field read already (by
    // `readSortFrom`) is a second order; replaced, the alphabetical order was dropped.
    const other = draft.sort[0];
    if (other && other.field !== timeField && parseNumber(n) !== null) {
      draft.unsupported ??= `Records are put in one order at a time: ask for the ${parseNumber(n)} ${asc ? 'first' : 'latest'} ${v.store.domain}, or for ${v.store.domain} sorted by ${other.field}`;
      return true;
    }
    draft.sort = [{ field: timeField, dir: asc ? 'asc' : 'desc' }];
    const limit = parseNumber(n);
    if (limit !== null && word !== 'first') draft.timeRanked = asc ? 'asc' : 'desc';
    if (limit !== null) draft.limit = limit;
    else if (/^(first|last)$/.test(word)) draft.limit = 1;
    else draft.limit = one(next) ?? (single ? 1 : draft.limit);
    return true;
  };
  const age = ageField(v);
  // "the 3 oldest users by age": oldest and youngest ranked by a named field rather than by time;
  // "the oldest user in the engineering team by age": the words between are left to be read.
  q.scan(
    phrase`(?:the )?(?:${num} )?(oldest|youngest)(?: ${num})? ((?:${ANY_WORD} ){0,5}?)(by (?:their |the )?(${fieldPattern(v, ['number', 'date'])}))`,
    (m) => {
      const f = resolveField(v, m.text(6));
      if (!f) return false;
      draft.sort = [{ field: f, dir: m.text(2) === 'oldest' ? 'desc' : 'asc' }];
      const between = m.group(4).map((t) => t.text);
      const noun = between.find((w) => isStoreWord(v, w)) ?? '';
      draft.limit = parseNumber(m.text(1) || m.text(3)) ?? one(noun) ?? draft.limit;
      const by = q.tokens.indexOf(m.group(5)[0]!);
      q.consume(m.start, by - between.length);
      q.consume(by, m.end);
      return false;
    },
  );
  // "the youngest premium user": the noun may follow a value or two.
  // "the 2 eldest users": eldest only ever speaks of age.
  q.scan(phrase`(?:the )?(?:${num} )?(youngest|eldest|oldest by age)(?: ${num})?${AHEAD}`, (m) => {
    if (!age) return false;
    draft.sort = [{ field: age, dir: m.text(2) === 'youngest' ? 'asc' : 'desc' }];
    const after = [m.text(4), m.text(5), m.text(6)];
    draft.limit = parseNumber(m.text(1) || m.text(3)) ?? one(after[nounAt(v, after)] ?? '') ?? draft.limit;
    return true;
  });
  // "the 10 most new messages": "most new" is newest as a learner says it.
  // "who signed up the least recently", "the least recent orders": the earliest, as "oldest" is.
  const order =
    '(latest|newest|most new|most recent|most recently|least recent|least recently|last|first|oldest|earliest)';
  // "issues labelled good first issue": a word of order inside a learned value of several words,
  // said whole, is that value's (read as "the first issue", one issue answered).
  q.scan(
    phrase`(?:the )?${counted} ${order}`,
    (m) => !insideValue(q, v, m.end - 1) && byTime(m.text(2), m.text(1)),
  );
  // "the oldest active user": the noun may follow a value or two.
  q.scan(phrase`(?:the )?${order}(?: ${num})?${AHEAD}`, (m) => {
    const said = q.tokens[m.start]?.text === 'the' ? m.start + 1 : m.start;
    if (insideValue(q, v, said)) return false;
    // "the most recently registered user", "the latest signed up user": a verb of making the record
    // may stand before its noun.
    const made = CREATED.test(m.text(3)) ? (m.text(4) === 'up' ? 2 : 1) : 0;
    const after = [m.text(3), m.text(4), m.text(5)].slice(made);
    const at = nounAt(v, after);
    const noun = after[at] ?? '';
    // "the most recent response time on db-1", "latest refund", "oldest comedy": a singular value
    // with no noun is one record, "the" said or not (without it, every refund was listed).
    // "who signed up most recently", "which user joined last": a question after one record, with
    // no noun after the ranking word, asks for that one.
    const single =
      (at > 0 && !isStoreWord(v, noun) && !/s$/.test(after[at - 1]!)) ||
      (!isStoreWord(v, noun) && asksForOne(q, v, m.start));
    // "the latest log entries", "the newest user accounts": a plural word for records after it is the noun.
    if (pluralRecords(v, after[at + 1] ?? '')) return byTime(m.text(1), m.text(2));
    return byTime(m.text(1), m.text(2), noun, single);
  });
  const field = `(${fieldPattern(v)})`;
  // "in ascending order of age", "by age in descending order", "in reverse chronological order",
  // "in order of age" (from the lowest).
  q.scan(
    phrase`(?:(sorted |ordered |listed |ranked )?by (?:the )?${field} )?(?:in )?(${SORT_ORDER_WORDS}) order(?: (?:of|by) (?:the )?${field})?|in order (?:of|by) (?:the )?${field}`,
    (m) => {
      const word = m.text(3);
      const named = m.text(2) || m.text(4) || m.text(5);
      // "count orders per day in descending order": the periods' own order, read with them.
      if (!named && /^(?:ascending|descending)$/.test(word) && afterPeriod(q, m.start)) return false;
      const f = named ? resolveField(v, named) : /chronological/.test(word) ? timeField : null;
      const dir = /^(descending|decreasing|reverse)/.test(word) ? 'desc' : 'asc';
      // "users by plan in ascending order": a bare "by" a category groups (`readGrouping`), and the
      // direction orders the groups.
      if (m.text(2) && !m.text(1) && /^(category|boolean)$/.test(v.kinds.get(f ?? '') ?? '')) {
        draft.direction = { field: null, dir };
        const at = q.tokens.indexOf(m.group(3)[0]!);
        q.consume(q.tokens[at - 1]?.text === 'in' ? at - 1 : at, m.end);
        return false;
      }
      // "users in descending order": the direction, on the measure unless a field is named elsewhere.
      // "the latest 3 orders in ascending order": the three taken stay the latest.
      if (draft.timeRanked && (f === timeField || (!f && draft.sort[0]?.field === timeField))) return true;
      if (f) draft.sort = [{ field: f, dir }];
      else if (/^(alphabetical|numerical|numeric)$/.test(word)) return false;
      else draft.direction = { field: v.measure ?? timeField, dir };
      return true;
    },
  );
  // "rank hosts by cpu usage", "sort services by average response time": a command to rank the
  // values of a field (named in the plural) by what follows "by" ranks its groups, as "hosts ranked
  // by cpu usage" does (interpret.ts orders them); left unread, "rank" was refused as a topic.
  q.scan(
    phrase`^(?:rank|sort)(?= (?:the |all )?(${fieldPattern(v, ['category', 'boolean'])}) by )`,
    (m) => pluralField(v, m.text(1)) !== null,
  );
  // "sorted by signup date", "ordered by creation date": the time field named before its date.
  const named =
    v.store.timeField === timeField ? `(?:(?:${timeFieldWords(timeField)}|${storeWords(v)}) )?` : '';
  q.scan(
    // "sorted by date": a word for when is the time field.
    phrase`(?:sorted|ordered|order|sort|sorting|ranked|rank)(?: (?:the |all )?(?:${storeWords(v)}))? by (?:the |their |its )?(?:${field}|${named}(date|time|timestamp|recency))(?: (asc|ascending|desc|descending))?(?:,? (?:and )?then (?:by )?(?:the )?(${fieldPattern(v)}|date|time))?`,
    (m) => {
      const f = m.text(2) ? timeField : resolveField(v, m.text(1));
      if (!f) return false;
      // "bottom order by amount": after a ranking word, "order" is the store's noun, ranked by what
      // follows "by"; read as the command "order by", the direction was lost and the largest answered.
      if (draft.rank && q.tokens[m.start]?.text === 'order' && isStoreWord(v, 'order')) return false;
      // "orders sorted by status then amount": records are sorted on one field; the second was
      // dropped (or "then" refused as no value).
      if (m.text(4)) {
        draft.unsupported ??= `Records are sorted by one field at a time: ask for them sorted by ${m.text(1) || m.text(2)} or by ${m.text(4)}`;
        return true;
      }
      // "the 5 newest users sorted by name": the few newest, then sorted on another field, is two
      // orders one after the other; the sort replaced the first and the 5 first by name answered.
      const first = draft.sort[0];
      if (first && first.field === timeField && draft.limit !== null && f !== timeField) {
        draft.unsupported ??= `Records are put in one order at a time: ask for the ${draft.limit} ${first.dir === 'desc' ? 'latest' : 'first'} ${v.store.domain}, or for ${v.store.domain} sorted by ${m.text(1)}`;
        return true;
      }
      // "users sorted by name": words run from a to z unless told; numbers and times from the
      // largest and the newest.
      const said = m.text(3);
      const words = /^(?:text|category)$/.test(v.kinds.get(f) ?? '');
      // "the first 3 orders sorted by date": the time said already runs the way it was said.
      const kept = first?.field === f ? first.dir : null;
      const dir =
        f === timeField && draft.timeRanked
          ? draft.timeRanked
          : said
            ? said.startsWith('asc')
              ? 'asc'
              : 'desc'
            : (kept ?? (words ? 'asc' : 'desc'));
      draft.sort = [{ field: f, dir }];
      return true;
    },
  );
  // "orders by date": by when they happened, which no field is called.
  q.scan('by (?:the )?(?:date|timestamp)(?: (asc|ascending|desc|descending))?', (m) => {
    draft.sort = [
      { field: timeField, dir: draft.timeRanked ?? (m.text(1).startsWith('asc') ? 'asc' : 'desc') },
    ];
    return true;
  });
  if (draft.rank) {
    const rank = draft.rank;
    q.scan(phrase`by (?:the )?(?:highest |largest |lowest |smallest )?${field}`, (m) => {
      const f = resolveField(v, m.text(1));
      if (!f) return false;
      // "count messages by sender, top 5": the top groups of a category, not records sorted by it.
      if (!draft.groupBy && /^(category|boolean)$/.test(v.kinds.get(f) ?? '')) {
        draft.groupBy = f;
        draft.rank = null;
        return true;
      }
      draft.sort = [{ field: f, dir: rank.dir }];
      return true;
    });
    // "top 5 purchases by value", "the 3 largest orders by size": a word for what a record is worth is its measure.
    q.scan('by (?:the )?(?:total )?(value|values|worth|size|sizes)', () => {
      if (!v.measure || draft.sort.length) return false;
      draft.sort = [{ field: v.measure, dir: rank.dir }];
      return true;
    });
  }
  // "oldest orders first, just 3", "3 of the latest errors": as many of the records as the count says.
  q.scan(
    phrase`(?:limit(?: to)?|only|just) (\\d+)(?! (?:hours?|days?|weeks?|months?|minutes?|years?|percent|%))|(\\d+) of them|(?<=^(?:(?:${USED_WORD}|show|give|get|me|us) )*)(\\d+) of(?= (?:the|our|those|these|all|${USED_WORD})(?= |$))`,
    (m) => {
      draft.limit = parseDigits(m.text(1) || m.text(2) || m.text(3));
      if (draft.limit === null) return false;
      // "3 of the latest errors": "the" may have gone with "latest" already; if not, it goes with the count.
      if (m.text(3) && /^(?:the|our|those|these|all)$/.test(q.tokens[m.end]?.text ?? '') && !q.isUsed(m.end))
        q.consume(m.end, m.end + 1);
      return true;
    },
  );
  // "five of the biggest orders", "a couple of the latest errors": a count spelled out, the same way.
  q.scan(
    phrase`(?<=^(?:(?:${USED_WORD}|show|give|get|me|us) )*)(a couple|couple|${NUMBER_WORDS}) of(?= (?:the|our|those|these|all|${USED_WORD})(?= |$))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (n === null || !Number.isInteger(n) || n < 1) return false;
      draft.limit = n;
      if (/^(?:the|our|those|these|all)$/.test(q.tokens[m.end]?.text ?? '') && !q.isUsed(m.end))
        q.consume(m.end, m.end + 1);
      return true;
    },
  );
  q.scan(phrase`(\\d+)(?= (?:${ANY_WORD} )?(?:${storeWords(v)}))`, (m) => {
    // "amount > 990 orders", "amount over 990 orders": the number bounds the field before it.
    if (BOUND_BEFORE.test(q.word(m.start - 1))) return false;
    draft.limit = parseDigits(m.text(1));
    return draft.limit !== null;
  });
  // "a dozen pending orders", "twenty errors": the same, said first, as in a search box.
  q.scan(
    phrase`(?<=^(?:${USED_WORD} )*)(a couple|${NUMBER_WORDS})(?= (?:${ANY_WORD} ){0,2}(?:${storeWords(v)})(?: |$))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (n === null || !Number.isInteger(n) || n < 2 || draft.limit !== null) return false;
      draft.limit = n;
      return true;
    },
  );
  // "show me twenty info logs": a count spelled out before the records' noun is as many of them.
  q.scan(
    phrase`(?:show(?: me)?|list|give me|get|find|display|fetch|pull(?: up)?) (?:the )?(${NUMBER_WORDS})(?= (?:${ANY_WORD} ){0,2}(?:${storeWords(v)})(?: |$))`,
    (m) => {
      const n = parseNumber(m.text(1));
      if (n === null || !Number.isInteger(n) || draft.limit !== null) return false;
      draft.limit = n;
      q.consume(m.end - m.group(1).length, m.end);
      return false;
    },
  );
}

/**
 * Whether the words before token `end` ask for one record: "who …" (not "who are …"), or "which"
 * or "what" before a store's noun in the singular ("which user …").
 */
function asksForOne(q: Question, v: StoreVocabulary, end: number): boolean {
  const words = q.tokens.slice(0, end).map((t) => (t.quoted ? '' : t.text));
  if (words[0] === 'who' && !/^(are|were|have)$/.test(words[1] ?? '')) return true;
  return words.some(
    (w, i) =>
      /^(which|what)$/.test(w) && isStoreWord(v, words[i + 1] ?? '') && !/s$/.test(words[i + 1] ?? ''),
  );
}

/**
 * Fields naming who did something to a record, by the verb (`deployed` → `deployed_by`, `approved`
 * → `approvedBy`): "who deployed the most" groups by the one who deployed.
 */
function doerFields(v: StoreVocabulary): Map<string, string> {
  const out = new Map<string, string>();
  for (const [f, k] of v.kinds) {
    const [verb, by, ...rest] = nameWords(f).split(' ');
    if (k === 'category' && by === 'by' && rest.length === 0 && /^[a-z]{3,}ed$/.test(verb ?? ''))
      out.set(verb!, f);
  }
  return out;
}

/** The field naming who a record is assigned to (a ticket's assignee), or null. */
function assigneeField(v: StoreVocabulary): string | null {
  return (
    [...v.kinds].find(
      ([f, k]) => k === 'category' && /^(?:assignee|assigned_?to|agent|owner)$/i.test(f),
    )?.[0] ?? null
  );
}

/**
 * "which sensor has the lowest battery", "which host had the smallest cpu", "bottom 3 hosts by
 * average cpu usage": the groups ranked from the smallest by a number field (or a kind of reading)
 * said after the superlative, on average (or by their lowest reading
 * where what one had or recorded is asked, as "had the highest" is their highest). An average, a
 * minimum or a maximum is only ever taken of a group's records, so the lowest among the groups
 * answered is the lowest there is; a count or a total is not (a group without records, never listed,
 * would be lower), and those stay refused. Returns whether the groups were so ranked.
 */
function lowestByMeasure(
  q: Question,
  v: StoreVocabulary,
  draft: Draft,
  m: PhraseMatch,
  field: string,
): boolean {
  const said = q.tokens.slice(m.start, m.end).map((t) => t.text);
  if (
    draft.groupBy ||
    draft.aggregate ||
    !said.some((w) => /^(?:lowest|smallest|least|minimum|min|bottom)$/.test(w))
  )
    return false;
  let at = m.end;
  while (at < q.tokens.length && (q.isUsed(at) || STOP_WORDS.has(q.tokens[at]!.text))) at += 1;
  // "the lowest average battery": the aggregate may be named before the field.
  const named = aggregateOfWord(q.tokens[at]?.text ?? '');
  const fn = named === 'avg' || named === 'min' || named === 'max' ? named : null;
  const from = at + (fn ? 1 : 0);
  const fieldSaid = from < q.tokens.length ? resolveField(v, q.tokens[from]!.text) : null;
  const reading = fieldSaid ? null : readingKindAt(q, v, from);
  const measured = fieldSaid ?? (reading ? v.measure : null);
  if (!measured || measured === field || v.kinds.get(measured) !== 'number') return false;
  // "… on average": the average, said after.
  const averaged = onAverageAt(q, at + 1);
  const lowest =
    said.some((w) => /^min(?:imum)?$/.test(w)) || (PEAK_VERB.test(` ${said.join(' ')} `) && averaged < 0)
      ? 'min'
      : null;
  // "which host has the lowest cpu usage": a kind of reading ranks the groups by its average, as
  // "the highest" does; a kind added up ("the lowest revenue") is a total, which stays refused.
  // "which category has the least stock", "bottom 3 customers by amount": the least of a quantity
  // is its total, as the most (and the top by it) is (`readRanking`), and stays refused; of a level
  // ("the least humidity", "bottom 3 hosts by cpu usage") its average.
  const least = said.some((w) => w === 'least' || w === 'bottom') && averaged < 0;
  const quantity = least ? (implicitAggregate(q) ?? (measured === ageField(v) ? 'avg' : 'sum')) : 'avg';
  const kind = fn ?? lowest ?? (reading ? implicitAggregate(q, [reading]) : quantity);
  if (kind !== 'avg' && kind !== 'min' && kind !== 'max') return false;
  if (averaged > 0 && !q.isUsed(averaged)) q.consume(averaged - 1, averaged + 1);
  const count = said.map((w) => parseNumber(w)).find((n) => n !== null && Number.isInteger(n) && n > 0);
  draft.groupBy = field;
  draft.aggregate = { fn: kind, field: measured };
  draft.sort = [{ field: GROUP_VALUE, dir: 'asc' }];
  draft.limit = count ?? rankedCount(draft);
  // The kind of reading is left to be read as the value it is (metric = cpu_usage).
  q.consume(at, fieldSaid ? from + 1 : from);
  return true;
}

/**
 * The kind of reading of the store's measure said from token `at` ("cpu usage", "cpu", "response
 * time": a value of its `metric` field), as the condition `readValues` reads it as, or null.
 */
function readingKindAt(q: Question, v: StoreVocabulary, at: number): Filter | null {
  const kinds = readingKinds(v);
  if (!kinds) return null;
  for (const n of [2, 1]) {
    if (at + n > q.tokens.length) continue;
    const key = normalize(
      q.tokens
        .slice(at, at + n)
        .map((t) => t.text)
        .join(' '),
    );
    const entry = (v.values.get(key) ?? v.stems.get(stem(key)) ?? []).find((e) => e.field === kinds.field);
    if (entry) return { field: kinds.field, op: '=', value: entry.value };
  }
  return null;
}

/** Where "on average" ends (the token "average"), from token `from` on, or -1. */
function onAverageAt(q: Question, from = 0): number {
  return q.tokens.findIndex((t, k) => k >= from && t.text === 'average' && q.tokens[k - 1]?.text === 'on');
}

/**
 * "5 customers who spent the most", "the 3 users who sent the most messages", "4 senders who posted
 * the most": the number of people (or of the field ranked) counted right before "who" is how many
 * top groups are asked for (one was answered); the count and its noun are read. Null when no count
 * stands there.
 */
function peopleCountedBefore(q: Question, v: StoreVocabulary, person: string, start: number): number | null {
  const noun = q.tokens[start - 1];
  const count = q.tokens[start - 2];
  if (!noun || !count || noun.quoted || count.quoted || !/s$/.test(noun.text)) return null;
  // "4 senders who posted the most": a word for the field ranked counts them as people do.
  if (!PEOPLE.test(noun.text) && resolveField(v, noun.text) !== person) return null;
  const n = parseNumber(count.text);
  if (n === null || !Number.isInteger(n) || n < 1) return null;
  for (const k of [start - 2, start - 1]) if (!q.isUsed(k)) q.consume(k, k + 1);
  return n;
}

/**
 * How many top groups a "which … the most" or "who sent the most" asks for: one, unless a
 * "top 3" elsewhere in the question ("who sent the most messages? top 3, please") counted them.
 */
function rankedCount(draft: Draft): number {
  const n = draft.rank && draft.limit !== null ? draft.limit : 1;
  draft.rank = null;
  return n;
}

/** "the oldest user's age", "youngest age among users": an extreme of the age field, not a record. */
export function readAgeExtremes({ q, v, draft }: Grounding): void {
  const age = ageField(v);
  if (!age) return;
  // "how old is the oldest user", "what is the age of the youngest user".
  q.scan(
    phrase`(?:how old (?:is|are|was|were)|(?:what is |what's )?(?:the )?age of) (?:the |our |your |their )?(oldest|youngest)(?: (?:${storeWords(v)}))?`,
    (m) => {
      draft.aggregate = { fn: m.text(1) === 'oldest' ? 'max' : 'min', field: age };
      return true;
    },
  );
  // "how old is nina": the age of the records asked for, which are shown whole.
  q.scan('how old (?:is|are|was|were)(?= )', (m) => {
    const next = q.tokens[m.end];
    return !!next && !next.quoted && !/^(the|a|an|our|your|their|my)$/.test(next.text);
  });
  q.scan(
    // "the oldest user's age": the possessive is its own word once the apostrophe is gone.
    phrase`(?:the )?(oldest|youngest)(?: (?:${storeWords(v)}))?(?:'s| s)? (${fieldPattern(v, ['number'])})`,
    (m) => {
      if (resolveField(v, m.text(2)) !== age) return false;
      draft.aggregate = { fn: m.text(1) === 'oldest' ? 'max' : 'min', field: age };
      return true;
    },
  );
}

/** "the amount of the biggest order", "the value of the lowest cpu reading": the measure of the top record is its extreme. */
export function readExtremeValues({ q, v, draft }: Grounding): void {
  const superlative =
    '(largest|biggest|highest|greatest|most expensive|priciest|smallest|lowest|cheapest|least expensive)';
  q.scan(phrase`(?:the )?(${fieldPattern(v, ['number'])}) of (?:the )?${superlative}${AHEAD}`, (m) => {
    const f = resolveField(v, m.text(1));
    const words = [m.text(3), m.text(4), m.text(5)];
    const at = nounAt(v, words);
    if (!f || f !== v.measure || draft.aggregate || at < 0 || !isStoreWord(v, words[at]!)) return false;
    draft.aggregate = { fn: /smallest|lowest|cheapest|least/.test(m.text(2)) ? 'min' : 'max', field: f };
    return true;
  });
  // "the cheapest paid order's price", "the most expensive order's amount": the measure of the top
  // record, named after a possessive, is its extreme; learned values between are left to be read.
  q.scan(
    phrase`(?:the )?${superlative} (?:${ANY_WORD} ){0,2}?(${storeWords(v)}) s (${fieldPattern(v, ['number'])})`,
    (m) => {
      const f = resolveField(v, m.text(3));
      const head = m.start + (q.tokens[m.start]?.text === 'the' ? 1 : 0) + m.text(1).split(' ').length;
      const tail = m.end - m.group(3).length - 1 - m.group(2).length;
      const between = q.tokens.slice(head, tail);
      if (!f || f !== v.measure || draft.aggregate || between.some((t) => !isValueWord(v, t.text)))
        return false;
      draft.aggregate = { fn: /smallest|lowest|cheapest|least/.test(m.text(1)) ? 'min' : 'max', field: f };
      q.consume(m.start, head);
      q.consume(tail, m.end);
      return false;
    },
  );
}

/**
 * "what is the cpu usage on web-1 right now", "memory usage of db-1 at the moment": one kind of
 * reading asked for as it is now is its latest reading, where nothing else is asked of the readings.
 */
export function readNow({ q, v, draft, timeField }: Grounding): void {
  q.scan('(?:right now|currently|at the moment|at present|now)$', (m) => {
    const kinds = readingKinds(v);
    const kind = kinds && draft.filters.find((f) => f.field === kinds.field && f.op === '=');
    // "web-1 cpu right now": said as in a search box, with no word asking for a list of readings, too.
    const asked =
      q.tokens.slice(0, m.start).some((t) => /^(?:what|whats|how|show|give|tell)$/.test(t.text)) ||
      !q.tokens
        .slice(0, m.start)
        .some((t) => /^(?:readings|values|measurements|samples|list|all)$/.test(t.text));
    if (!kind || !asked || draft.aggregate || draft.groupBy || draft.limit !== null || draft.text)
      return false;
    // "response times above 500 right now": readings picked by a bound are a list, not one reading.
    if (draft.filters.some((f) => f.field === v.measure)) return false;
    if (draft.sort.length && draft.sort[0]?.field !== timeField) return false;
    draft.sort = [{ field: timeField, dir: 'desc' }];
    draft.limit = 1;
    return true;
  });
}

/** Time fields that say when the record itself happened: the records are events, not things with a state. */
const EVENT_TIME =
  /^@?(?:timestamp|ts|time|recorded_at|logged_at|occurred_at|event_time|sent_at|measured_at|observed_at)$/;

/**
 * "errors right now", "average cpu usage right now": events asked for as they are now, where the
 * latest reading was not what was asked, happen at no one instant; answered for every record, the
 * "now" would be silently dropped. Refused with a window offered. A state asked for right now ("users
 * active right now", "pending orders at the moment") is the state itself, and still read.
 */
export function readNowOfEvents({ q, v, draft, timeField }: Grounding): void {
  if (!EVENT_TIME.test(timeField)) return;
  // "response times above 500 right now": readings picked by a bound are read as that list, as before.
  if (draft.filters.some((f) => f.field === v.measure)) return;
  q.scan('(?:right now|currently|at the moment|at present)$', (m) => {
    if (draft.unsupported) return false;
    const said = m.text(0);
    draft.unsupported = `"${said}" is no window of time: events happen at no one instant, so say how recent, e.g. "in the last hour" or "today"`;
    draft.unsupportedFix = { said, fixes: ['in the last hour', 'today'] };
    return true;
  });
}

/**
 * Why groups ranked from the smallest ("which plan has the fewest users", "the least common level")
 * are refused: a group with no records is no group at all, so the smallest found may not be the
 * smallest there is. Every group can be asked for instead.
 */
export function fromLargest(v: StoreVocabulary | null, field: string | null): string {
  const every = field ? `, or for every ${field}${v ? ` ("${v.store.domain} by ${field}")` : ''}` : '';
  return `Groups can only be ranked from the largest: ask for the top groups instead${every}`;
}

/** The ends of a sort said with "from": which end comes first, per kind of field. */
const LOW_END = /^(?:low|lowest|small|smallest|least|cheapest|least expensive|fewest|a)$/;
const HIGH_END = /^(?:high|highest|big|biggest|large|largest|greatest|most|most expensive|priciest|z)$/;
const EARLY_END = /^(?:old|oldest|earliest|first)$/;
const LATE_END = /^(?:new|newest|latest|most recent|last|youngest)$/;
const SORT_ENDS =
  'highest|lowest|largest|smallest|biggest|greatest|cheapest|most expensive|least expensive|priciest|newest|latest|most recent|oldest|earliest|youngest|eldest|young|high|low|big|small|new|old|first|last|a|z';

/**
 * "users by age from youngest", "orders by amount from the highest", "logs by date starting with the
 * oldest", "users sorted by name from a to z": a field said after "by" and then the end the records
 * start from is a sort of the records on that field, not a grouping on it (nor the one record at
 * that end). Youngest and eldest rank an age, old and new a time, high and low a number.
 */
export function readSortFrom({ q, v, draft, timeField }: Grounding): void {
  // "users alphabetically by name", "list users by name in alphabetical order", "users by email a to
  // z": the order of letters, on the field named; with none named ("users in alphabetical order")
  // it is refused naming what is missing, not read as "order" (another store) or dropped.
  const field = `(?:the |their |its )?(${fieldPattern(v)})`;
  q.scan(
    phrase`(?:(?:sorted|ordered|listed|ranked|arranged|sort|order|list) )?(?:(by )?${field} )?(?:(reverse )?alphabetically|in (reverse )?alphabetical order|(?:from )?(a|z) to (a|z))(?: (?:by|of|on) ${field})?`,
    (m) => {
      const named = m.text(2) || m.text(7);
      const f = named ? resolveField(v, named) : null;
      const reverse = Boolean(m.text(3) || m.text(4)) || (m.text(5) === 'z' && m.text(6) === 'a');
      if (m.text(5) && m.text(5) === m.text(6)) return false;
      // "usernames alphabetically" lists the records in the order of a field each holds its own of;
      // "channels alphabetically", "team names alphabetically" ask for a field's values, which no
      // sort of the records lists.
      if (f && m.text(2) && !m.text(1)) {
        const at = q.tokens.indexOf(m.group(2)[0]!);
        const before = q.tokens[at - 1]?.text ?? '';
        const asked = (before && resolveField(v, before)) || (isIdentifierField(v, f) ? null : f);
        if (asked) {
          draft.unsupported ??= `The values of ${asked} cannot be listed in alphabetical order: ask for the count per ${asked}, e.g. "count ${v.store.domain} by ${asked}"`;
          return true;
        }
      }
      // "count messages by channel sorted alphabetically": with no field named, the one the
      // question groups by, said before, is what is sorted (the groups, by their keys).
      const by = q.tokens.findIndex((t, k) => k < m.start && !t.quoted && /^(?:by|per|each)$/.test(t.text));
      const grouped = !f && by >= 0 ? resolveField(v, q.tokens[by + 1]?.text ?? '') : null;
      if (grouped && /^(?:category|text)$/.test(v.kinds.get(grouped) ?? '')) {
        draft.sort = [{ field: grouped, dir: reverse ? 'desc' : 'asc' }];
        return true;
      }
      if (!f) {
        const store = v.store.domain;
        const example =
          resolveField(v, 'name') ?? [...v.kinds].find(([, k]) => k === 'text' || k === 'category')?.[0];
        draft.unsupported ??= example
          ? `Say which field to sort ${store} by alphabetically, e.g. "${store} by ${example} in alphabetical order"`
          : `Say which field to sort ${store} by alphabetically`;
        return true;
      }
      draft.sort = [{ field: f, dir: reverse ? 'desc' : 'asc' }];
      return true;
    },
  );
  q.scan(
    phrase`(?:(?:sorted|ordered|listed|ranked|arranged|sort|order|list|rank) )?by (?:the |their |its )?(${fieldPattern(v)}|date|time|timestamp|recency) (?:from|starting (?:with|from|at)|beginning (?:with|from|at)) (?:the )?(${SORT_ENDS})(?: (?:one|ones))?(?: (?:to|through) (?:the )?(${SORT_ENDS}))?(?: (?:first|top) (\\d+|${NUMBER_WORDS})| first)?(?= |$)`,
    (m) => {
      const named = m.text(1);
      const field = /^(?:date|time|timestamp|recency)$/.test(named) ? timeField : resolveField(v, named);
      if (!field) return false;
      // "count orders by date from oldest": records counted or measured by their date are counted
      // per day (readGroupsByDate), the days from the oldest; read here the count lost its groups.
      // "orders sorted by date from oldest" and "list orders by date from oldest" are still sorted.
      if (field === timeField && q.tokens[m.start]?.text === 'by' && aggregatedBefore(q, m.start))
        return false;
      const kind = field === timeField ? 'date' : v.kinds.get(field);
      const end = m.text(2);
      let dir: 'asc' | 'desc' | null = null;
      if (field === ageField(v)) {
        if (/^(?:youngest|young|low|lowest|small|smallest)$/.test(end)) dir = 'asc';
        else if (/^(?:oldest|eldest|old|high|highest|big|biggest|largest|greatest)$/.test(end)) dir = 'desc';
      } else if (kind === 'date') {
        if (EARLY_END.test(end)) dir = 'asc';
        else if (LATE_END.test(end)) dir = 'desc';
      } else if (kind === 'number') {
        if (LOW_END.test(end) && end !== 'a') dir = 'asc';
        else if (HIGH_END.test(end) && end !== 'z') dir = 'desc';
      } else if (/^(?:a|z)$/.test(end)) {
        dir = end === 'a' ? 'asc' : 'desc';
      }
      if (!dir) return false;
      draft.sort = [{ field, dir }];
      // "..., first 5": how many of them, which a later "first" would read as the earliest.
      const limit = parseNumber(m.text(4));
      if (limit !== null) draft.limit = limit;
      return true;
    },
  );
}
