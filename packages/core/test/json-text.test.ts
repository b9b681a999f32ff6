/** Reading an accepted JSON text for what JSON.parse loses: closing quotes, and numbers jsonb cannot hold. */
import { describe, expect, test } from 'vitest';
import { closingQuote, NUMERIC_MAX_SCALE, numberBeyondNumeric, numericProblem } from '../src/index.ts';

describe('closingQuote', () => {
  test('skips escaped quotes, not quotes after an escaped backslash', () => {
    expect(closingQuote('"a\\"b"', 0)).toBe(5);
    expect(closingQuote('"a\\\\"b', 0)).toBe(4);
    expect(closingQuote('"unterminated', 0)).toBe(13);
  });
});

describe('numberBeyondNumeric', () => {
  test.each([
    ['1e-16383', false],
    ['1e-16384', true],
    ['1E-20000', true],
    ['-1e-16384', true],
    ['1.5e-16382', false],
    ['1.5e-16383', true],
    ['10e-16384', true],
    ['0.1e-16382', false],
    ['0.0e-16383', true],
    ['0e-16383', false],
    ['0e-16384', true],
    ['123456789e-16383', false],
    ['1e-99999999999999999999', true],
    ['1e-0000000000000000001', false],
    ['0e999999', false],
    ['1e+5', false],
    [`0.${'0'.repeat(NUMERIC_MAX_SCALE - 1)}1`, false],
    [`0.${'0'.repeat(NUMERIC_MAX_SCALE)}1`, true],
  ])('%s beyond numeric: %s', (literal, beyond) => {
    expect(numberBeyondNumeric(`{"v":${literal}}`) !== null).toBe(beyond);
  });

  test('names the path from the root, through keys (escapes read) and indexes', () => {
    expect(numberBeyondNumeric('{"a":{"b\\"c":[1, 2,{"d" : 1e-20000}]}}')).toEqual(['a', 'b"c', 2, 'd']);
    expect(numberBeyondNumeric('[{"x":1},{"y":"1e-20000","z":[0e-20000]}]')).toEqual([1, 'z', 0]);
  });

  test('a literal inside a string is text, not a number', () => {
    expect(numberBeyondNumeric('{"note":"2e-20000, the smallest","n":2e-5}')).toBeNull();
    expect(numberBeyondNumeric(`{"note":"${'9'.repeat(20_000)}"}`)).toBeNull();
  });
});

describe('numericProblem', () => {
  test("an array's record by index, its path within the record", () => {
    expect(numericProblem('[{"a":1},{"b":[1e-20000]}]', true)).toMatchObject({
      index: 1,
      problem: { code: 'INVALID_RECORD', path: '$.b[0]' },
    });
    expect(numericProblem('{"b":{"c":-1e-20000}}', false)).toMatchObject({ problem: { path: '$.b.c' } });
    expect(numericProblem('{"b":{"c":-1e-200}}', false)).toBeNull();
  });
});
