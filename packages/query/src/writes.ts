/**
 * Refuses questions that ask to change data ("delete all pending orders", "please cancel them"),
 * however politely put, while the noun of a learned value ("refund total") still reads.
 */
import { AppError } from '@smartdb/core';
import type { StoreEntry } from '@smartdb/registry';
import { isValueWord, recordNoun, resolveField } from './patterns.ts';
import type { Question } from './question.ts';
import { suggestQuestions } from './suggestions.ts';
import type { StoreVocabulary } from './vocabulary.ts';

const WRITE_VERBS =
  'delete|drop|remove|update|insert|truncate|alter|create|modify|change|set|erase|purge|wipe|destroy|replace|rename|add|upsert|merge|grant|revoke|overwrite|clear|empty|edit|write|put|patch|reset|kill|mark|cancel|refund|approve|reject|archive|restore|disable|enable|activate|deactivate|suspend|ban|block|unblock|assign|upgrade|downgrade|promote|demote|move|migrate|import|revert|undo|increase|decrease|increment|decrement|nuke|flush';

const POLITE =
  "(?:(?:please|pls|can|could|would|will|should|may|might|how|do|does|you|go|ahead|now|it|time|and|then|just|kindly|lets|let's|let|s|i|i'd|d|id|we|want|wanna|like|love|to|need|mind|hey|hi|ok|okay|so|also|quickly|help|me|try|trying) )*";

/** Verbs that change data only with an object after them ("post a message", but "posts in random" reads). */
const OBJECT_WRITE_VERBS = 'post|send|save|store|register';

/** What follows a command's verb: the thing to change ("delete them", "cancel all pending orders"). */
const OBJECT = '(?:them|it|this|that|these|those|the|a|an|all|every|each|any|some|my|our|everything|new)';

/** "deleting", "dropping", "cancelling": the -ing forms of the write verbs. */
function gerunds(verbs: string): string {
  return verbs
    .split('|')
    .flatMap((v) => {
      const ing = /[^aeiou]e$/.test(v) ? `${v.slice(0, -1)}ing` : `${v}ing`;
      return /^(drop|set|put|ban|cancel)$/.test(v) ? [ing, `${v}${v.slice(-1)}ing`] : [ing];
    })
    .join('|');
}

/** "deleted", "removed", "dropped": participles of destructive verbs, never learned values here. */
const WRITE_PARTICIPLES =
  'deleted|removed|dropped|erased|purged|wiped|cleared|truncated|destroyed|updated|modified|changed|overwritten|renamed|reset|flushed|inserted|nuked';

/** "please delete …", "would you mind deleting …", "go ahead and drop the orders". */
const WRITE_OPENING = new RegExp(`^${POLITE}(?:${WRITE_VERBS}|${gerunds(WRITE_VERBS)})\\b(?! up\\b)`);

const WRITE_COMMANDS = new RegExp(
  [
    // "post 'hello' in general": a quoted text is an object too.
    `^${POLITE}(?:${OBJECT_WRITE_VERBS}) (?:${OBJECT}\\b|")`,
    // "can we get rid of old logs", "make alice a premium user" (but "make me a list" reads).
    `^${POLITE}(?:get rid of|dispose of|make (?!me\\b|us\\b)\\S+ (?:an?|the) )`,
    // "show the users and then delete them", "get all pending orders and cancel them".
    `\\b(?:and|then|also) (?:then |also |please |just )?(?:${WRITE_VERBS}|${OBJECT_WRITE_VERBS}) ${OBJECT}\\b`,
    // "can the pending orders be deleted", "messages from john should be removed".
    `\\b(?:be|being) (?:${WRITE_PARTICIPLES})\\b`,
    // "I need all refunded orders removed", "I'd like the logs deleted".
    `\\b(?:want|need|like|get)\\b(?: \\S+){1,6} (?<!\\b(?:was|were|been|is|are|got|get) )(?:${WRITE_PARTICIPLES})$`,
  ].join('|'),
);

/** "users: delete all inactive", "orders - cancel the pending ones": a topic, then the command. */
const TOPIC_THEN_COMMAND = new RegExp(`^[^:\\-–—]{1,40}?\\s[:\\-–—]+\\s+${POLITE}(?:${WRITE_VERBS})\\b`, 'i');

const POLITE_WORD = new RegExp(`^${POLITE}$`);

/** "make alice premium", "make order o-0001 paid": someone or something, then what to make of it. */
const MAKE_INTO = new RegExp(`^${POLITE}make (?!me\\b|us\\b)\\S+(?: \\S+)? (\\S+)$`);

/** Words that, after the noun of a learned value, make it a quantity asked about: "refund total", "refund count". */
const QUANTITY_WORDS =
  /^(totals?|sum|amounts?|count|counts|number|numbers|value|values|average|avg|mean|rate|figures?|stats|statistics|volume)$/;

/**
 * "refund total", "refund amount in EUR": a verb that changes data opening the question is the noun
 * of a learned past-tense value (refunded) when what follows it is a quantity or a number field of a
 * store holding that value, not something to act on ("refund order o-0005", "refund the orders").
 */
function opensWithValueNoun(q: Question, vocabularies: StoreVocabulary[]): boolean {
  const words = q.tokens.map((t) => (t.quoted ? '"' : t.text));
  const at = words.findIndex((w) => !POLITE_WORD.test(`${w} `));
  const verb = words[at] ?? '';
  const next = words[at + 1] ?? '';
  if (!WRITE_VERB.test(verb)) return false;
  return vocabularies.some((v) => {
    if (!recordNoun(v, verb)) return false;
    const field = resolveField(v, next);
    return QUANTITY_WORDS.test(next) || (field !== null && v.kinds.get(field) === 'number');
  });
}

export function refuseWrites(q: Question, stores: StoreEntry[], vocabularies: StoreVocabulary[]): void {
  const text = q.tokens.map((t) => (t.quoted ? '"' : t.text)).join(' ');
  const opening = opensWithValueNoun(q, vocabularies) ? null : WRITE_OPENING.exec(text);
  // A learned value made of a record is a change: unlike "make a list of premium users", which reads.
  const made = MAKE_INTO.exec(text);
  const command =
    opening ??
    (made && vocabularies.some((v) => isValueWord(v, made[1]!)) ? made : null) ??
    WRITE_COMMANDS.exec(text) ??
    TOPIC_THEN_COMMAND.exec(q.original.toLowerCase().replace(/:/g, ' :'));
  const sql = /\b(drop (table|database|store)|delete from|insert into|truncate table|update \S+ set)\b/.exec(
    text,
  );
  if (command || sql) {
    // Read questions that can be asked instead, as with an unparseable question.
    throw new AppError(403, 'WRITE_REFUSED', 'Queries are read-only: this question asks to change data', {
      details: { phrase: command?.[0] ?? sql?.[1] },
      suggestions: suggestQuestions(stores),
    });
  }
}

/** "the update logs": a verb that changes data, before a noun, names a kind of record rather than describing one. */
export const WRITE_VERB = new RegExp(`^(?:${WRITE_VERBS})$`);
