/** A JSON array's text taken apart into its members' texts, as the commit sends records. */
import { NUMERIC_MAX_SCALE } from '@smartdb/core';
import { describe, expect, test } from 'vitest';
import { arrayMembers, MEMBER_SEPARATOR, membersOfRecords } from '../src/members.ts';

const split = (members: string) => members.split(MEMBER_SEPARATOR);

describe('arrayMembers', () => {
  test('splits at the array’s own commas only: not in strings, objects or nested arrays', () => {
    const text = `[{"a":"x,y]}","b":[1,2,{"c":","}]},{"s":"\\"quoted, too\\""},{"e":"\\\\"},{"f":"\\\\\\",]"}]`;
    const members = split(arrayMembers(text));
    expect(members).toHaveLength(4);
    expect(members.map((m) => JSON.parse(m))).toEqual(JSON.parse(text));
  });

  test('keeps each member exactly as written: whitespace, big numbers, escapes', () => {
    const text = `[\n  { "n": 12345678901234567890123 ,"u": "\\u0001\\u00e9" } ,\n\t{"x": 1.50e+3}\n]`;
    expect(split(arrayMembers(text))).toEqual([
      `\n  { "n": 12345678901234567890123 ,"u": "\\u0001\\u00e9" } `,
      `\n\t{"x": 1.50e+3}\n`,
    ]);
  });

  test('flags an array that may hold a number beyond numeric: a negative exponent, or a long member', () => {
    const flag = (text: string) => {
      const numbers = { suspect: false };
      arrayMembers(text, numbers);
      return numbers.suspect;
    };
    expect(flag('[{"a":1e-5},{"b":2}]')).toBe(true);
    expect(flag('[{"a":2},[3E-1]]')).toBe(true);
    expect(flag('[{"a":"e-mail","b":true,"c":false,"d":1e5,"e":-1}]')).toBe(false);
    expect(flag(`[{"a":1},{"n":"${'x'.repeat(NUMERIC_MAX_SCALE)}"}]`)).toBe(true);
    expect(flag(`[{"n":"${'x'.repeat(NUMERIC_MAX_SCALE - 10)}"},{"a":1}]`)).toBe(false);
  });

  test('one member, and an array of strings, numbers and empty objects', () => {
    expect(split(arrayMembers('[{}]'))).toEqual(['{}']);
    expect(split(arrayMembers('[{},{"":""},[],"]",0]'))).toEqual(['{}', '{"":""}', '[]', '"]"', '0']);
  });

  test('every member of generated arrays reads back as the array’s element', () => {
    // A fixed linear congruential sequence: the same awkward values on every run.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const pieces = [',', ']', '[', '{', '}', '"', '\\', ':', ' ', '\n', 'é', '😀', '\u2028', 'a'];
    const text = () => Array.from({ length: next() % 12 }, () => pieces[next() % pieces.length]).join('');
    const value = (depth: number): unknown => {
      const kind = next() % (depth > 2 ? 3 : 5);
      if (kind === 0) return text();
      if (kind === 1) return (next() % 2000) - 1000 + (next() % 100) / 100;
      if (kind === 2) return [null, true, false][next() % 3];
      if (kind === 3) return Array.from({ length: next() % 4 }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: next() % 4 }, () => [text(), value(depth + 1)]));
    };
    for (let n = 0; n < 300; n++) {
      const array = Array.from({ length: 1 + (next() % 6) }, () => ({ [text()]: value(0) }));
      const json = JSON.stringify(array, null, n % 3 === 0 ? 2 : undefined);
      expect(split(arrayMembers(json)).map((m) => JSON.parse(m))).toEqual(array);
    }
  });
});

test('membersOfRecords serialises records that came without their text', () => {
  const records = [{ a: 'x,y' }, { b: [1, { c: '\u0001' }] }];
  const members = split(membersOfRecords(records));
  expect(members.map((m) => JSON.parse(m))).toEqual(records);
  // JSON.stringify escapes control characters, so the separator never appears inside a record.
  expect(members).toHaveLength(2);
});
