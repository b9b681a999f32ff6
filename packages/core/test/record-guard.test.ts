/** The record guard: every way a parsed record can break the input limits, and the limits themselves. */
import { describe, expect, test } from 'vitest';
import { checkRecord, isPlainRecord, LIMITS, mayHoldEscapes } from '../src/index.ts';

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

function nestedArrays(depth: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let i = 1; i < depth; i++) value = [value];
  return { a: value };
}

const wide = (keys: number) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]));

describe('checkRecord', () => {
  test('accepts an ordinary record', () => {
    expect(checkRecord({ a: 1, b: 'x', c: [1, { d: null }], e: true, f: { g: 'h' } })).toBeNull();
    expect(checkRecord({})).toBeNull();
  });

  test.each([[null], [1], ['x'], [[{ a: 1 }]], [true]])('refuses a non-object record %j', (value) => {
    expect(checkRecord(value)).toMatchObject({ code: 'INVALID_RECORD', path: '$' });
  });

  test('refuses a number JSON.parse read as Infinity (beyond double precision), wherever it is', () => {
    expect(checkRecord(JSON.parse('{"a":1e308,"b":-1e308,"c":5e-324}'))).toBeNull();
    expect(checkRecord(JSON.parse('{"a":1e400}'))).toMatchObject({ code: 'INVALID_RECORD', path: '$.a' });
    expect(checkRecord(JSON.parse('{"a":{"b":[0,-1e999]}}'))).toMatchObject({
      code: 'INVALID_RECORD',
      path: '$.a.b[1]',
    });
  });

  test(`nesting: ${LIMITS.maxDepth} levels pass, ${LIMITS.maxDepth + 1} are TOO_DEEP`, () => {
    expect(checkRecord(nested(LIMITS.maxDepth))).toBeNull();
    expect(checkRecord(nested(LIMITS.maxDepth + 1))).toMatchObject({ code: 'TOO_DEEP' });
  });

  test('arrays count as nesting levels too', () => {
    expect(checkRecord(nestedArrays(LIMITS.maxDepth))).toBeNull();
    expect(checkRecord(nestedArrays(LIMITS.maxDepth + 1))).toMatchObject({ code: 'TOO_DEEP' });
  });

  test('a very deep record is refused without overflowing the stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(checkRecord({ a: value })).toMatchObject({ code: 'TOO_DEEP' });
  });

  test(`width: ${LIMITS.maxKeysPerObject} keys pass, one more is TOO_WIDE, also when nested`, () => {
    expect(checkRecord(wide(LIMITS.maxKeysPerObject))).toBeNull();
    expect(checkRecord(wide(LIMITS.maxKeysPerObject + 1))).toMatchObject({ code: 'TOO_WIDE', path: '$' });
    expect(checkRecord({ inner: [wide(LIMITS.maxKeysPerObject + 1)] })).toMatchObject({
      code: 'TOO_WIDE',
      path: '$.inner[0]',
    });
  });

  test.each(['__proto__', 'constructor', 'prototype'])(
    'the key %s is FORBIDDEN_KEY, top-level or nested',
    (key) => {
      expect(checkRecord(JSON.parse(`{"${key}": {"x": 1}}`))).toMatchObject({ code: 'FORBIDDEN_KEY' });
      expect(checkRecord(JSON.parse(`{"a": [{"b": {"${key}": 1}}]}`))).toMatchObject({
        code: 'FORBIDDEN_KEY',
        path: '$.a[0].b',
      });
    },
  );

  test('a key that merely contains a forbidden word is fine', () => {
    expect(checkRecord({ constructor_name: 'x', proto: 1, my_prototype: 2 })).toBeNull();
  });

  test('NUL in a value, a nested value, an array element or a key is NUL_BYTE', () => {
    expect(checkRecord({ a: 'x\u0000y' })).toMatchObject({ code: 'NUL_BYTE', path: '$.a' });
    expect(checkRecord({ a: { b: ['ok', '\u0000'] } })).toMatchObject({ code: 'NUL_BYTE', path: '$.a.b[1]' });
    expect(checkRecord({ 'k\u0000': 1 })).toMatchObject({ code: 'NUL_BYTE' });
  });

  test('NUL and lone surrogates come only from \\u escapes: a text without one skips those scans', () => {
    for (const text of ['{"a":"x\\u0000y"}', '{"a":"\\ud800"}', '{"k\\u0000":1}']) {
      expect(mayHoldEscapes(text)).toBe(true);
      expect(checkRecord(JSON.parse(text), mayHoldEscapes(text))).not.toBeNull();
    }
    // An escaped backslash before a u is no escape, but the test errs towards looking.
    expect(mayHoldEscapes('{"path":"C:\\\\users"}')).toBe(true);
    expect(mayHoldEscapes('{"a":"é 😀 \\n \\" tab"}')).toBe(false);
    // JSON.parse refuses the raw characters themselves, so no other text can carry them.
    expect(() => JSON.parse('{"a":"x\u0000y"}')).toThrow();
    expect(checkRecord({ a: 'x' }, false)).toBeNull();
  });

  test('strings up to 1 MiB of UTF-8 pass; one byte more is STRING_TOO_LONG', () => {
    expect(checkRecord({ s: 'a'.repeat(LIMITS.maxStringBytes) })).toBeNull();
    expect(checkRecord({ s: 'a'.repeat(LIMITS.maxStringBytes + 1) })).toMatchObject({
      code: 'STRING_TOO_LONG',
    });
  });

  test('the limit is in UTF-8 bytes, not UTF-16 units', () => {
    // 'é' is 2 bytes in UTF-8, '€' is 3: under a million characters, over a MiB.
    expect(checkRecord({ s: 'é'.repeat(LIMITS.maxStringBytes / 2) })).toBeNull();
    expect(checkRecord({ s: 'é'.repeat(LIMITS.maxStringBytes / 2 + 1) })).toMatchObject({
      code: 'STRING_TOO_LONG',
    });
    expect(checkRecord({ s: '€'.repeat(Math.ceil(LIMITS.maxStringBytes / 3) + 1) })).toMatchObject({
      code: 'STRING_TOO_LONG',
    });
  });

  test('a huge key is STRING_TOO_LONG too', () => {
    expect(checkRecord({ ['k'.repeat(LIMITS.maxStringBytes + 1)]: 1 })).toMatchObject({
      code: 'STRING_TOO_LONG',
    });
  });

  test('a lone UTF-16 surrogate (valid JSON escape, not valid Unicode) is refused', () => {
    // PostgreSQL jsonb rejects "\ud800"; refusing it here keeps it a 4xx instead of a failed commit.
    expect(checkRecord(JSON.parse('{"a": "x\\ud800y"}'))).not.toBeNull();
    expect(checkRecord(JSON.parse('{"a": "\\udc00"}'))).not.toBeNull();
    expect(checkRecord(JSON.parse('{"a": "\\ud83d\\ude00"}'))).toBeNull();
  });

  test('never mutates the record', () => {
    const record = { a: { b: [1, 'x'] }, c: 'y' };
    const copy = structuredClone(record);
    checkRecord(record);
    expect(record).toEqual(copy);
  });
});

describe('isPlainRecord', () => {
  test('only non-null, non-array objects', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1].map(isPlainRecord)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
