/**
 * What a store lets a question talk about, derived from the registry entry the ingest side
 * learned: the words that name the store (domain, singular, common synonyms), its fields by
 * normalised name, its categorical values by normalised text, its free-text fields and its main
 * measure. Derived views are memoised per entry object and version. It must never invent a field or a value
 * that the registry does not hold.
 */
import { type FieldStats, fieldStats, holdsLongStrings, type StoreEntry } from '@smartdb/registry';
import { elementOf } from './nested.ts';
import {
  FILLER_WORDS,
  nameWords,
  normalize,
  oneSlipApart,
  STOP_WORDS,
  stem,
  stemLastWord,
  wordTable,
} from './words.ts';

/** Words people use for the same kind of store; a store matches a group when its domain is in it. */
const SYNONYM_GROUPS: string[][] = [
  [
    'user',
    'people',
    'person',
    'folk',
    'customer',
    'account',
    'member',
    'profile',
    'client',
    'signup',
    'registration',
    'subscriber',
  ],
  // Verbs of speaking name messages: "what did john say", "what has alice been talking about".
  [
    'message',
    'chat',
    'msg',
    'conversation',
    'dm',
    'post',
    'comment',
    'say',
    'said',
    'wrote',
    'written',
    'posted',
    'talk',
    'talked',
  ],
  // "what's been logged on worker-1": the verb of logging names logs.
  ['log', 'event', 'error', 'warning', 'exception', 'logline', 'trace', 'logged'],
  ['metric', 'stat', 'statistic', 'measurement', 'reading', 'sample', 'telemetry', 'gauge', 'series'],
  [
    'order',
    'purchase',
    'transaction',
    'sale',
    'payment',
    'invoice',
    'checkout',
    'sold',
    'ordered',
    'purchased',
    'bought',
    'sell',
    'deal',
    // "average basket value", "abandoned carts": a shop's word for the order being placed.
    'basket',
    'cart',
  ],
  ['product', 'item', 'article', 'sku'],
  ['ticket', 'issue', 'incident', 'case'],
  // "how many remote workers", "staff in sales": a store of employees, not a value of another store
  // (the logs' `worker` service counted for "remote workers").
  ['employee', 'worker', 'staff', 'staffer', 'personnel'],
];

/**
 * Words people use for a field under another name: "sender" for `from`, "server" for `host`. A word
 * names the first candidate the store has, and only when no field of the store is called that.
 */
const FIELD_SYNONYMS: [string, string[]][] = [
  ['sender', ['from', 'author']],
  ['author', ['from', 'sender']],
  ['poster', ['from', 'sender', 'author']],
  ['recipient', ['to', 'receiver']],
  ['server', ['host', 'hostname', 'node', 'machine']],
  ['machine', ['host', 'hostname', 'node', 'server']],
  ['severity', ['level', 'log_level', 'priority']],
  ['app', ['service', 'application']],
  ['application', ['service', 'app']],
  ['subscription', ['plan', 'tier']],
  ['tier', ['plan', 'subscription']],
  ['department', ['team', 'dept', 'division']],
  ['dept', ['team', 'department', 'division']],
  ['division', ['team', 'department', 'dept']],
  ['source', ['service', 'app', 'application']],
  ['nation', ['country']],
  ['nationality', ['country', 'nation']],
  // "users by location": the most specific place a store learned.
  ['location', ['city', 'country', 'region', 'place']],
  ['continent', ['region']],
  // "average temp on the roof": the short word for a temperature (temperature_c answers to "temperature").
  ['temp', ['temperature', 'temperature_c', 'temperature_f']],
  ['mail', ['email', 'e_mail']],
  ['price', ['amount', 'total', 'cost']],
  ['cost', ['amount', 'price', 'total']],
  ['buyer', ['customer', 'user', 'email']],
  ['spender', ['customer']],
  ['client', ['customer']],
  ['shopper', ['customer']],
  ['purchaser', ['customer']],
  ['spend', ['amount', 'total', 'price', 'cost']],
  ['spent', ['amount', 'total', 'price', 'cost']],
  ['spending', ['amount', 'total', 'price', 'cost']],
  ['room', ['channel']],
  // "tickets per agent", "which agent has the most open tickets": who a record is assigned to.
  ['agent', ['assignee', 'assigned_to', 'owner']],
  ['assignee', ['assigned_to', 'agent', 'owner']],
  // "which rep owns the most leads": who a deal or an account is looked after by.
  ['rep', ['owner', 'sales_rep', 'account_owner', 'assignee']],
  ['salesperson', ['owner', 'sales_rep', 'account_owner', 'assignee']],
  // "average rating by product" of reviews that give stars.
  ['rating', ['stars', 'score']],
  ['stars', ['rating', 'score']],
];

/** Words that name a field in some store ("location", "country", "server"): never a person's name. */
const FIELD_WORDS = new Set(FIELD_SYNONYMS.flatMap(([word, names]) => [word, ...names]));

export function isFieldWord(word: string): boolean {
  return FIELD_WORDS.has(singular(word)) || FIELD_WORDS.has(word);
}

/** The code a currency sign stands for: "$" is USD, as "dollar" is below. */
export const CURRENCY_SIGNS = wordTable<string>({
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
});

/** Words for values usually stored as codes (keys are stems: "euros" → "euro"); the first code learned wins. */
const VALUE_WORDS: [string, string[]][] = [
  ['euro', ['eur']],
  ['dollar', ['usd']],
  ['buck', ['usd']],
  ['pound', ['gbp']],
  ['sterling', ['gbp']],
  ['yen', ['jpy']],
  // "metrics measured in percent": the unit the data spells as a sign.
  ['percent', ['%']],
  // The usual name of a measurement learned under another: latency for response_time.
  ['latency', ['response_time', 'response_time_ms', 'latency_ms']],
  // "failures", "how often did the api fail": a failed status where one is learned, else an error level.
  ['failure', ['failed', 'failure', 'error']],
  ['fail', ['failed', 'failure', 'error']],
  ['failed', ['failure', 'error']],
  // "did anything break yesterday", "what crashed on web-1": breaking is failing, where no such value is learned.
  ['break', ['failed', 'failure', 'error']],
  ['broke', ['failed', 'failure', 'error']],
  ['broken', ['failed', 'failure', 'error']],
  ['crash', ['failed', 'failure', 'error']],
  ['crashed', ['failed', 'failure', 'error']],
  // "what went wrong on worker-1", "any problems today": what went wrong is what failed.
  ['wrong', ['failed', 'failure', 'error']],
  ['problem', ['failed', 'failure', 'error']],
  // "exceptions in the worker service": an exception thrown is logged at the error level.
  ['exception', ['error']],
  // "deals closed this month", "settled orders": a finished sale where a paid status is learned.
  ['closed', ['paid', 'completed', 'complete', 'won']],
  ['settled', ['paid', 'completed', 'complete']],
];

/**
 * Full names of parts of a system that data usually records by a short name: "is the database ok"
 * asks about the service or host learned as `db`. Read only where a thing is asked about by name (a
 * health question): elsewhere "the database" is as often the place records are kept ("logs in the
 * database") or words of a text ("the database migration").
 */
const COMPONENT_WORDS: [string, string[]][] = [['database', ['db']]];

/** The learned value a full name of a system part stands for in this store, or null. */
export function componentValue(v: StoreVocabulary, word: string): string | null {
  const codes = COMPONENT_WORDS.find(([w]) => w === word)?.[1] ?? [];
  return codes.find((c) => v.values.has(c)) ?? null;
}

/**
 * Other names of places: adjectives that no rule forms from the name (see `placeAdjectives`) and
 * abbreviations ("US", read as such only in capitals); the first place learned wins.
 */
const DEMONYMS: [string, string[]][] = [
  ['american', ['united states', 'united states of america', 'usa', 'us', 'america']],
  ['us', ['united states', 'united states of america', 'usa', 'america']],
  ['usa', ['united states', 'united states of america', 'us', 'america']],
  ['uk', ['united kingdom', 'great britain', 'britain']],
  ['uae', ['united arab emirates']],
  ['british', ['united kingdom', 'uk', 'great britain', 'britain']],
  ['english', ['england']],
  ['scottish', ['scotland']],
  ['welsh', ['wales']],
  ['irish', ['ireland']],
  ['french', ['france']],
  ['spanish', ['spain']],
  ['portuguese', ['portugal']],
  ['dutch', ['netherlands', 'the netherlands', 'holland']],
  ['belgian', ['belgium']],
  ['swiss', ['switzerland']],
  ['polish', ['poland']],
  ['czech', ['czechia', 'czech republic']],
  ['danish', ['denmark']],
  ['swedish', ['sweden']],
  ['finnish', ['finland']],
  ['norwegian', ['norway']],
  ['greek', ['greece']],
  ['turkish', ['turkey', 'turkiye']],
  ['chinese', ['china']],
  ['thai', ['thailand']],
  ['filipino', ['philippines']],
  ['vietnamese', ['vietnam', 'viet nam']],
  ['pakistani', ['pakistan']],
  ['israeli', ['israel']],
  ['peruvian', ['peru']],
  ['argentinian', ['argentina']],
  ['argentine', ['argentina']],
];

/** Names and adjectives of countries for the ISO codes (two and three letters) data records them by. */
const COUNTRY_CODES: [string, string[]][] = (
  [
    ['united states|united states of america|america|usa|american', 'us usa'],
    ['united kingdom|great britain|britain|england|british', 'gb gbr uk'],
    ['germany|german', 'de deu'],
    ['france|french', 'fr fra'],
    ['spain|spanish', 'es esp'],
    ['italy|italian', 'it ita'],
    ['india|indian', 'in ind'],
    ['brazil|brazilian', 'br bra'],
    ['japan|japanese', 'jp jpn'],
    ['china|chinese', 'cn chn'],
    ['canada|canadian', 'ca can'],
    ['mexico|mexican', 'mx mex'],
    ['australia|australian', 'au aus'],
    ['netherlands|holland|dutch', 'nl nld'],
    ['sweden|swedish', 'se swe'],
    ['norway|norwegian', 'no nor'],
    ['denmark|danish', 'dk dnk'],
    ['finland|finnish', 'fi fin'],
    ['poland|polish', 'pl pol'],
    ['portugal|portuguese', 'pt prt'],
    ['ireland|irish', 'ie irl'],
    ['austria|austrian', 'at aut'],
    ['switzerland|swiss', 'ch che'],
    ['belgium|belgian', 'be bel'],
    ['argentina|argentinian', 'ar arg'],
    ['south africa', 'za zaf'],
    ['nigeria|nigerian', 'ng nga'],
    ['turkey|turkish', 'tr tur'],
    ['south korea|korea|korean', 'kr kor'],
    ['singapore', 'sg sgp'],
    ['indonesia|indonesian', 'id idn'],
  ] as const
).flatMap(([names, codes]) => names.split('|').map((n): [string, string[]] => [n, codes.split(' ')]));

const TEXT_FIELD_NAMES =
  /^(text|message|msg|body|content|description|desc|summary|title|subject|comment|note|notes|details)$/;
const MEASURE_NAMES = [
  'amount',
  'value',
  'total',
  'price',
  'cost',
  'revenue',
  'duration',
  'latency',
  'score',
  'rating',
  'count',
  'quantity',
  'size',
  'bytes',
];

/** The names of measures above that are money. */
const MONEY_NAME = /^(?:amount|value|total|price|cost|revenue)$/;

/** Whether a number field's name says money (`amount`, `total_price`, `amount_usd`, `orderValue`). */
export function isMoneyField(name: string): boolean {
  const words = nameWords(name).split(' ');
  if (words.length > 1 && UNIT_SUFFIX.test(words.at(-1)!)) words.pop();
  return MONEY_NAME.test(words.at(-1)!);
}

export type FieldKind = 'number' | 'boolean' | 'date' | 'text' | 'category' | 'other';

/** Verbs of arranging an answer, which a value's past tense never stands for. */
const ARRANGING =
  /^(?:ordered|sorted|grouped|ranked|filtered|counted|listed|bucketed|averaged|totaled|totalled|summed)$/;

/** The numbers loggers such as pino give their levels, by the levels' names. */
const NUMERIC_LEVELS: [string, number][] = [
  ['trace', 10],
  ['debug', 20],
  ['info', 30],
  ['warn', 40],
  ['warning', 40],
  ['error', 50],
  ['fatal', 60],
];

export interface ValueEntry {
  field: string;
  /** The exact value as ingested. */
  value: string;
  /** How often the value occurs in the field. */
  occurrences: number;
}

export interface StoreVocabulary {
  store: StoreEntry;
  /** Words that name the store directly (domain and singular). */
  names: Set<string>;
  /** Words that name the store through a synonym group. */
  synonyms: Set<string>;
  /** Field by normalised name (and by stem of a one-word name). */
  fields: Map<string, string>;
  kinds: Map<string, FieldKind>;
  /** Categorical values by normalised text. */
  values: Map<string, ValueEntry[]>;
  /** Categorical values by stemmed one-word text ("errors" finds "error", "warnings" finds "warn"). */
  stems: Map<string, ValueEntry[]>;
  textFields: string[];
  /** The learned values of the text fields, lower-cased: what free text can be found in. */
  textValues: string[];
  measure: string | null;
  /** Words of what the time field says happened (views, viewed of viewed_at), among the synonyms. */
  recorded: Set<string>;
  /** Words of what a number field measures the worth of (deal, deals of deal_value), among the synonyms. */
  measured: Set<string>;
}

/** Memo per entry object, rebuilt when the entry's version moves (the registry may update entries in place). */
const cache = new WeakMap<StoreEntry, { version: number; fieldCount: number; vocabulary: StoreVocabulary }>();

export function singular(word: string): string {
  return stem(word.toLowerCase());
}

/**
 * The share of the records holding a value of the field that hold one of `type`. A null says the
 * value is not known yet (`cancelled_at` of a live subscription, `delivered_at` of a parcel on its
 * way), not what kind the field is: counted, a date field null in most records was no date at all.
 */
function share(stats: FieldStats, type: keyof FieldStats['types']): number {
  return (stats.types[type] ?? 0) / Math.max(1, stats.count - (stats.types.null ?? 0));
}

export function fieldKind(name: string, stats: FieldStats): FieldKind {
  if (share(stats, 'number') >= 0.5) return 'number';
  if (share(stats, 'boolean') >= 0.5) return 'boolean';
  if (share(stats, 'date') >= 0.5) return 'date';
  if (share(stats, 'string') < 0.5) return 'other';
  const values = Object.keys(stats.values ?? {});
  const wordy =
    values.length > 0 &&
    values.filter((v) => v.trim().split(/\s+/).length >= 3).length / values.length >= 0.5;
  if (TEXT_FIELD_NAMES.test(name.toLowerCase()) || wordy || holdsLongStrings(stats)) return 'text';
  return 'category';
}

function pickMeasure(store: StoreEntry, kinds: Map<string, FieldKind>): string | null {
  const measures = Object.values(store.fields).filter(
    (f) => kinds.get(f.name) === 'number' && !/(^|_)id$/i.test(f.name) && f.name.toLowerCase() !== 'id',
  );
  // A record's own number is its measure before one inside an object.
  const own = measures.filter((f) => !f.path);
  const numeric = own.length ? own : measures;
  if (numeric.length === 0) return null;
  // "duration_ms", "amount_usd", "size_bytes": a name of a measure with its unit written after it.
  const bare = (name: string) => {
    const words = nameWords(name).split(' ');
    return words.length > 1 && UNIT_SUFFIX.test(words.at(-1)!)
      ? words.slice(0, -1).join(' ')
      : name.toLowerCase();
  };
  for (const name of MEASURE_NAMES) {
    const hit =
      numeric.find((f) => f.name.toLowerCase() === name) ?? numeric.find((f) => bare(f.name) === name);
    if (hit) return hit.name;
  }
  // "total_price", "order_value", "unit_cost": money named by its last word is what is measured
  // before a count of nights or items (bookings were measured in nights, "revenue" added those up).
  const money = numeric.find((f) => nameWords(f.name).includes(' ') && isMoneyField(f.name));
  if (money) return money.name;
  // A year (a film's, a car's) says when, and a code or a number (`status_code`, a pull request's
  // `number`) which one, not how much: a number with its unit written after its name
  // (`response_time_ms`) is the measure first, then any other, then those. ("the slowest requests"
  // ranked the requests by their status code.)
  const rank = (name: string) => {
    const last = nameWords(name).split(' ').at(-1)!;
    if (/^(?:year|code|number|num|no|zip|port|phone|version)$/.test(last)) return 2;
    return name !== last && UNIT_SUFFIX.test(last) ? 0 : 1;
  };
  return [...numeric].sort((a, b) => rank(a.name) - rank(b.name) || b.count - a.count)[0]?.name ?? null;
}

/** A page's path of one segment: `/pricing`, `/docs/`, `/sign-up`. */
const PAGE_PATH = /^\/([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)\/?$/i;

function add(map: Map<string, ValueEntry[]>, key: string, entry: ValueEntry): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

export function vocabularyOf(store: StoreEntry): StoreVocabulary {
  const known = cache.get(store);
  const fieldCount = Object.keys(store.fields).length;
  if (known && known.version === store.version && known.fieldCount === fieldCount) return known.vocabulary;
  const domainWords = normalize(store.domain.replace(/-\d+$/, '')).split(' ');
  const head = domainWords[domainWords.length - 1] ?? store.domain;
  const whole = normalize(store.domain.replace(/-\d+$/, ''));
  // "pull request": a name of several words, said of one record, is the whole name too.
  const names = new Set([whole, singular(whole), head, singular(head)]);
  const synonyms = new Set<string>();
  for (const group of SYNONYM_GROUPS) {
    if (group.includes(singular(head))) for (const w of group) synonyms.add(w);
  }
  const fields = new Map<string, string>();
  const kinds = new Map<string, FieldKind>();
  const values = new Map<string, ValueEntry[]>();
  const stems = new Map<string, ValueEntry[]>();
  const heads: [string, ValueEntry][] = [];
  const pages: [string, ValueEntry][] = [];
  for (const [name, stats] of Object.entries(store.fields)) {
    // A nested field is named by its own key ("note" of customer.note is a text).
    const kind = fieldKind(stats.path?.at(-1) ?? name, stats);
    kinds.set(name, kind);
    const norm = normalize(name);
    fields.set(norm, name);
    if (!norm.includes(' ') && !fields.has(stem(norm))) fields.set(stem(norm), name);
    if (kind !== 'category' || !stats.values) continue;
    for (const [value, occurrences] of Object.entries(stats.values)) {
      const entry = { field: name, value, occurrences };
      const key = normalize(value);
      add(values, key, entry);
      if (!key.includes(' ') && !STOP_WORDS.has(key)) add(stems, stem(key), entry);
      // Only word-like values lend their first word: "cpu usage" does, "s 00001" (an id) does not.
      else if (key.includes(' ') && !/\d/.test(key)) heads.push([key.slice(0, key.indexOf(' ')), entry]);
      const page = PAGE_PATH.exec(value)?.[1];
      if (page) pages.push([normalize(page), entry]);
    }
  }
  // "views of the pricing page", "clicks on docs": a page's path of one segment (`/pricing`) is
  // said by its word, alone or before "page", where no value is spelled that way.
  for (const [word, entry] of pages) {
    for (const said of [word, `${word} page`]) if (!values.has(said)) add(values, said, entry);
  }
  // "error logs", "warn logs" where a logs store's level is a number (pino: 30 info, 50 error):
  // the level's name stands for its number, where every level held is one of those numbers.
  if (names.has('log') || synonyms.has('log')) {
    for (const [name, stats] of Object.entries(store.fields)) {
      const { min, max } = stats;
      if (kinds.get(name) !== 'number' || !/(?:^| )(?:level|severity)$/.test(normalize(name))) continue;
      if (min === undefined || max === undefined || min < 10 || max > 60) continue;
      for (const [word, level] of NUMERIC_LEVELS) {
        if (values.has(word)) continue;
        const entry = { field: name, value: String(level), occurrences: 1 };
        add(values, word, entry);
        if (!stems.has(stem(word))) add(stems, stem(word), entry);
      }
    }
  }
  // "refunds" for refunded, "failures" for failed: a past-tense value answers to its verb.
  for (const [key, entries] of [...values]) {
    if (key.includes(' ') || key.length < 5 || !key.endsWith('ed')) continue;
    const verb = key.endsWith('ied') ? `${key.slice(0, -3)}y` : key.slice(0, -2);
    if (!values.has(verb) && !stems.has(verb)) for (const entry of entries) add(stems, verb, entry);
  }
  // "how many deals did sam win", "orders we lost": an irregular past (`won`, `lost`) answers to its
  // verb as a regular one does; read without it, "win" was dropped and every deal of sam counted.
  for (const [key, entries] of [...values]) {
    for (const verb of IRREGULAR_VERBS[key] ?? []) {
      if (!values.has(verb) && !stems.has(verb) && !fields.has(verb))
        for (const entry of entries) add(stems, verb, entry);
    }
  }
  // "who exported data", "deleted records" for action export, delete: a value that is a verb answers
  // to its past tense (its plural and -ing form are its stem already: "exports", "exporting").
  for (const [key, entries] of [...values]) {
    if (!/^[a-z]{4,}$/.test(key) || key.endsWith('ed') || STOP_WORDS.has(key)) continue;
    const done = key.endsWith('e') ? `${key}d` : `${key}ed`;
    // "created today", "ordered by amount": a verb the questions themselves speak stays theirs.
    if (FILLER_WORDS.has(done) || ARRANGING.test(done)) continue;
    if (values.has(done) || stems.has(done) || fields.has(done)) continue;
    for (const entry of entries) add(stems, done, entry);
  }
  // "European" for Europe, "Asian" for Asia, "Japanese" for Japan: the adjective of a place name
  // (a capitalised one-word value) stands for it.
  // "North American" for North America: the adjective of a place of several words is kept whole,
  // so that its last word is not read on its own ("American" is the United States).
  for (const [key, entries] of [...values]) {
    const last = key.slice(key.lastIndexOf(' ') + 1);
    if (last.length < 4 || !/^[a-z ]+$/.test(key)) continue;
    const named = entries.filter((e) => /^\p{Lu}/u.test(e.value));
    if (named.length === 0) continue;
    const lead = key.slice(0, key.length - last.length);
    for (const adjective of placeAdjectives(last).map((a) => `${lead}${a}`)) {
      if (values.has(adjective) || stems.has(adjective) || fields.has(adjective)) continue;
      for (const entry of named) add(lead ? values : stems, adjective, entry);
    }
  }
  // "euros" for EUR, "dollars" for USD, "French" for France: common words for a value the data
  // spells as a code or a name.
  for (const [word, codes] of [...VALUE_WORDS, ...DEMONYMS]) {
    if (values.has(word) || stems.has(word)) continue;
    const code = codes.find((c) => values.has(normalize(c)));
    for (const entry of code ? values.get(normalize(code))! : []) add(stems, word, entry);
  }
  // "events from Germany" where country holds DE: a country's name (or adjective) for its ISO code,
  // in a field that holds countries.
  for (const [word, codes] of COUNTRY_CODES) {
    if (values.has(word) || stems.has(word)) continue;
    const code = codes.find((c) => values.has(c));
    const held = (code ? values.get(code)! : []).filter((e) => /country|nation/i.test(e.field));
    for (const entry of held) add(word.includes(' ') ? values : stems, word, entry);
  }
  // "cpu" for cpu_usage, "memory" for memory_usage: the first word of a multi-word value stands for
  // it when no one-word value or field is spelled that way.
  for (const [head, entry] of heads) {
    const key = stem(head);
    if (head.length < 3 || STOP_WORDS.has(head) || fields.has(head) || fields.has(key)) continue;
    if (stems.get(key)?.some((e) => !normalize(e.value).includes(' '))) continue;
    add(stems, key, entry);
  }
  for (const [alias, name] of fieldAliases(Object.keys(store.fields), names)) {
    if (fields.has(alias)) continue;
    fields.set(alias, name);
    if (!alias.includes(' ') && !fields.has(stem(alias))) fields.set(stem(alias), name);
  }
  for (const [alias, name] of [...nestedAliases(store.fields, names), ...elementAliases(store)]) {
    if (fields.has(alias)) continue;
    fields.set(alias, name);
    if (!alias.includes(' ') && !fields.has(stem(alias))) fields.set(stem(alias), name);
  }
  for (const [word, candidates] of FIELD_SYNONYMS) {
    if (fields.has(word)) continue;
    const target = candidates.find((c) => fields.get(normalize(c)) !== undefined);
    if (target) {
      const name = fields.get(normalize(target))!;
      fields.set(word, name);
      fields.set(stem(word), name);
    }
  }
  // "views by country" of page-view events whose time field is viewed_at: what the time field says
  // happened names the records (views, viewed), where no field, value or store word is so spelled.
  // Both plain forms are kept (viewed: view; created: create), as no spelling tells which is the
  // verb. Verbs the questions speak themselves (created, posted, logged, ordered) name nothing.
  const recorded = new Set<string>();
  const happened = normalize(store.timeField ?? '').match(/^([a-z]{3,})ed (?:at|on|time|date|ts)$/);
  if (happened) {
    const base = happened[1]!;
    const done = `${base}ed`;
    const forms = [done, base, `${base}s`, `${base}e`, `${base}es`];
    const taken = (w: string) => names.has(w) || fields.has(w) || values.has(w) || stems.has(stem(w));
    if (!FILLER_WORDS.has(done) && !STOP_WORDS.has(done) && !ARRANGING.test(done) && !forms.some(taken))
      for (const w of forms) {
        recorded.add(w);
        synonyms.add(w);
      }
  }
  // "the biggest deal", "deals over 20k" of leads holding `deal_value`: what a number field measures
  // the worth of names the records (a deal is a lead's), where nothing else is so spelled.
  const measured = new Set<string>();
  for (const [name, kind] of kinds) {
    const [noun, worth, ...rest] = nameWords(name).split(' ');
    if (
      kind !== 'number' ||
      rest.length > 0 ||
      !noun ||
      !/^(?:value|amount|size|total|worth)$/.test(worth ?? '')
    )
      continue;
    const forms = [noun, `${noun}s`];
    if (
      noun.length < 3 ||
      STOP_WORDS.has(noun) ||
      forms.some((w) => names.has(w) || fields.has(w) || values.has(w))
    )
      continue;
    for (const w of forms) {
      measured.add(w);
      synonyms.add(w);
    }
  }
  // "total comments", "average comments per post" of posts holding `comments_count`: a word of the
  // store's kind (comments are said of messages, as posts are) that a number field counts is what
  // each record holds some of, not the records themselves.
  for (const w of synonyms) {
    const f = fields.get(w);
    if (f && kinds.get(f) === 'number' && !names.has(w)) synonyms.delete(w);
  }
  const textFields = [...kinds].filter(([, k]) => k === 'text').map(([n]) => n);
  const textValues = textFields.flatMap((f) =>
    Object.keys(fieldStats(store.fields, f)?.values ?? {}).map((t) => t.toLowerCase()),
  );
  const vocabulary: StoreVocabulary = {
    store,
    names,
    synonyms,
    fields,
    kinds,
    values,
    stems,
    textFields,
    textValues,
    measure: pickMeasure(store, kinds),
    recorded,
    measured,
  };
  cache.set(store, { version: store.version, fieldCount, vocabulary });
  return vocabulary;
}

/** Units written at the end of a field's name ("durationMs", "response_minutes", "size_bytes"). */
const UNIT_SUFFIX =
  /^(?:ms|millis|milliseconds?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|bytes|kb|mb|gb|tb|kib|mib|gib|pct|percent|usd|eur|gbp|cents|celsius|fahrenheit|kelvin|degc|degf|kg|kgs|kilograms?|grams?|lbs?|pounds?|oz|ounces?|km|kms|kilometers?|kilometres?|miles?|cm|mm|meters?|metres?|ml|liters?|litres?|kwh)$/;
/** A degree's one-letter unit after a temperature ("temperature_c", "temp_f"). */
const DEGREE_UNIT = /^[cfk]$/;
const TEMPERATURE = /(?:^| )(?:temp|temperature)$/;
const TIME_UNIT = /^(?:ms|millis|milliseconds?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?)$/;

/** The last word of a field named by a noun and what was done to it: `pages_viewed`, `bytes_sent`. */
const PARTICIPLE =
  /^(?:[a-z]{3,}ed|sent|sold|spent|paid|bought|won|lost|read|written|seen|given|taken|made)$/;

/**
 * Other names a question uses for a field whose name is camelCase, ends in a unit, an id or a type,
 * or starts with "is" or "has" (isActive, has_sso):
 * "duration ms" and "duration" for durationMs, "response time" for response_minutes, "user" for
 * userId; and "type" for the field that says which kind of record each is (`event` of events,
 * `ticket_type`, `eventType`). A word that names the store itself is never a field's alias.
 */
function fieldAliases(fieldNames: string[], storeNames: Set<string>): [string, string][] {
  const out: [string, string][] = [];
  const taken = new Set(fieldNames.map((n) => normalize(n)));
  for (const name of fieldNames) {
    const words = nameWords(name).split(' ');
    if (words.length > 1) out.push([words.join(' '), name]);
    const last = words[words.length - 1]!;
    const base = words.slice(0, -1).join(' ');
    const unit = UNIT_SUFFIX.test(last) || (DEGREE_UNIT.test(last) && TEMPERATURE.test(base));
    if (base && (unit || last === 'id') && !storeNames.has(base) && !taken.has(base)) {
      out.push([base, name]);
      if (TIME_UNIT.test(last) && !/(?:time|duration)$/.test(base)) out.push([`${base} time`, name]);
    }
    if ((last === 'type' && base) || storeNames.has(normalize(name))) {
      if (!taken.has('type')) out.push(['type', name]);
    }
    // "sessions with more than 10 pages", "total bytes": a count named by its noun and a participle
    // (`pages_viewed`, `bytes_sent`, `items_sold`) answers to the noun.
    if (words.length === 2 && PARTICIPLE.test(last) && !storeNames.has(base) && !taken.has(base))
      out.push([base, name]);
    // "posts with the most comments", "total likes": a count named by its noun and a word of
    // counting (`comments_count`, `num_likes`, `n_views`) answers to the noun.
    const counted = /^(?:count|counts|cnt|num|number|n)$/;
    const noun = counted.test(last) ? base : counted.test(words[0]!) ? words.slice(1).join(' ') : '';
    if (words.length === 2 && noun && !storeNames.has(noun) && !taken.has(noun)) out.push([noun, name]);
    // "count accounts by plan" for planType.
    if (last === 'type' && base && !storeNames.has(base) && !taken.has(base)) out.push([base, name]);
    // "active accounts", "accounts with sso": a flag named isActive or hasSso answers to its rest.
    const rest = words.slice(1).join(' ');
    if (/^(?:is|has)$/.test(words[0]!) && rest && !storeNames.has(rest) && !taken.has(rest))
      out.push([rest, name]);
  }
  return out;
}

/**
 * Names a question uses for a nested field (a view's field with a `path`, nested.ts): its path in
 * words ("customer country", "customer address city"), its key of the object holding it ("country
 * of the customer", "customer's country", read as the words customer s country), and, when no other
 * nested field of the store ends the same way, the end of its path ("country", "address city").
 * A record's own field of that name is never displaced (the caller skips names already taken).
 */
function nestedAliases(fields: Record<string, FieldStats>, storeNames: Set<string>): [string, string][] {
  const out: [string, string][] = [];
  const endings = new Map<string, string[]>();
  for (const [name, stats] of Object.entries(fields)) {
    if (!stats.path) continue;
    const words = stats.path.map(nameWords);
    const leaf = words[words.length - 1]!;
    const owner = words.slice(0, -1).join(' ');
    out.push(
      [words.join(' '), name],
      [`${leaf} of ${owner}`, name],
      [`${leaf} of the ${owner}`, name],
      [`${owner} s ${leaf}`, name],
    );
    for (let n = 1; n < words.length; n++) {
      const ending = words.slice(n).join(' ');
      endings.set(ending, [...(endings.get(ending) ?? []), name]);
    }
  }
  for (const [ending, names] of endings) {
    if (names.length === 1 && !storeNames.has(ending)) out.push([ending, names[0]!]);
  }
  return out;
}

/**
 * Names a question uses for a field read inside array elements (nested.ts `elementOf`): its path with
 * the array's key in the singular ("item name" of items.name, "customer label" of customer.labels),
 * and for a list of values, the key as a verb's participle ("tagged" of tags, "labelled" of labels),
 * as "articles tagged postgres" says it.
 */
function elementAliases(store: StoreEntry): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, stats] of Object.entries(store.fields)) {
    const element = elementOf(store, name);
    if (!element) continue;
    const words = (stats.path ?? [name]).map(nameWords);
    const at = element.array.length - 1;
    const one = stemLastWord(words[at]!);
    out.push([[...words.slice(0, at), one, ...words.slice(at + 1)].join(' '), name]);
    if (element.inner.length > 0) continue;
    const noun = one.slice(one.lastIndexOf(' ') + 1);
    for (const participle of participles(noun)) out.push([participle, name]);
  }
  return out;
}

/** "tagged" of tag, "labeled" and "labelled" of label, "typed" of type. */
function participles(noun: string): string[] {
  if (!/^[a-z]{3,}$/.test(noun)) return [];
  if (noun.endsWith('e')) return [`${noun}d`];
  const last = noun.at(-1)!;
  // A final consonant after one vowel is doubled ("tag", "label"), or not ("labeled").
  const doubled = /[^aeiou][aeiou][^aeiouwxy]$/.test(noun) ? [`${noun}${last}ed`] : [];
  return [`${noun}ed`, ...doubled];
}

/**
 * Past tenses learned as states (`won`, `lost`) whose verbs the -ed rule cannot make, and the forms
 * of those verbs. Not "paid", "sent" or "sold": their verbs name pay, messages and orders.
 */
const IRREGULAR_VERBS = wordTable<string[]>({
  won: ['win', 'wins', 'winning'],
  lost: ['lose', 'loses', 'losing'],
  shipped: ['ship', 'ships'],
});

/** The usual adjectives of a place name: Asia → asian, Europe → european, Canada → canadian, Japan → japanese. */
function placeAdjectives(place: string): string[] {
  const last = place.slice(-1);
  const out = [`${place}ese`];
  if (last === 'a') out.push(`${place}n`, `${place.slice(0, -1)}ian`);
  if (last === 'e') out.push(`${place}an`);
  if (last === 'o') out.push(`${place.slice(0, -1)}an`);
  if (last === 'y') out.push(place.slice(0, -1));
  if (!/[aeioy]$/.test(place)) out.push(`${place}ian`);
  return out;
}

/**
 * The field that names what a store's measure reads ("metric": cpu_usage, revenue), with its values,
 * or null where the measure is of one kind.
 */
export function readingKinds(v: StoreVocabulary): { field: string; values: string[] } | null {
  for (const [name, kind] of v.kinds) {
    if (
      kind !== 'category' ||
      !/^(?:metric|metric_?name|measure|measurement|series|indicator|kpi|signal|sensor)s?$/i.test(name)
    )
      continue;
    const values = Object.entries(fieldStats(v.store.fields, name)?.values ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([value]) => value);
    if (values.length > 1) return { field: name, values };
  }
  return null;
}

/** The numeric field that holds a person's or thing's age, for "older than 40" and "aged 30". */
export function ageField(v: StoreVocabulary): string | null {
  for (const [name, kind] of v.kinds) if (kind === 'number' && /(^|_)age(_|$)/i.test(name)) return name;
  return null;
}

/** Digit shape of an id-like value: "u-0007" and "u-0123" share "u-9999". */
export function shapeOf(value: string): string {
  return value.toLowerCase().replace(/\d/g, '9');
}

/**
 * The learned values one slip of the keyboard from `word` ("premuim" → premium), of one field or of
 * any; none when the word is itself a value. One pass over the dictionary, for a word no rule read.
 */
export function valuesNear(v: StoreVocabulary, word: string, field?: string): string[] {
  const key = normalize(word);
  if (v.values.has(key)) return [];
  const near = new Set<string>();
  for (const [text, entries] of v.values) {
    if (!oneSlipApart(key, text)) continue;
    for (const e of entries) if (field === undefined || e.field === field) near.add(e.value);
  }
  return [...near];
}
