/**
 * Words of a question are looked up in tables of the engine's own words (shorthand, spelled numbers,
 * currency signs, prepositions, units): a word that names a member of every JavaScript object
 * ("constructor", "__proto__", "toString") is a word like any other there, refused or read, never a
 * 500. "__proto__ users" and "count users by constructor" found Object's members before.
 */
import { AppError } from '@smartdb/core';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../src/words.ts';
import { interpretationOf } from './support/questions.ts';

const MEMBERS = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
];

describe('words that name members of every object', () => {
  it.each(MEMBERS)('"%s" in a question is refused or read, never thrown as an internal error', (word) => {
    for (const q of [
      `${word} users`,
      `count users by ${word}`,
      `orders in ${word}`,
      `${word} orders over 5`,
      `logs ${word} today`,
    ]) {
      try {
        interpretationOf(q);
      } catch (e) {
        expect(e, q).toBeInstanceOf(AppError);
        expect((e as AppError).status, q).toBeLessThan(500);
      }
    }
  });

  it('is no number', () => {
    for (const word of MEMBERS) expect(parseNumber(word), word).toBeNull();
  });
});
