/**
 * The sixty-third round: wrong answers and refusals found on the sample data set against a live region.
 * - "users whose age is not 30", "users with age not 30", "users where age != 30", "how many users
 *   are not 30": a number denied after a numeric field (or "age", or "are" of people) is every other
 *   value, `!=` (refused: "30" compared in no field).
 * - "most common error", "the most frequent warning", "most common errors this week": a learned
 *   value of a category alone after "most common" is its records' most common text, as "the most
 *   common error message" is (refused: "common" held by no field); in the plural, the top few.
 * - "does bob exist" answered bob's messages: a name alone asked to exist is asked among the
 *   people, as "does user bob exist" is.
 * Left as they were: "error logs from {D4}" stays since that day (paraphrases.json); "orders over
 * $500" stays with no currency (a sign is no currency filter in the public set, "500 dollars" is).
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, refusalOf } from './support/questions.ts';

describe('a number denied after its field', () => {
  it('"users whose age is not 30" is age != 30', () => {
    const i = interpretationOf('users whose age is not 30');
    expect(i.domain).toBe('users');
    expect(i.filters).toEqual([{ field: 'age', op: '!=', value: 30 }]);
  });

  it('"users with age not 30" is age != 30', () => {
    expect(interpretationOf('users with age not 30').filters).toEqual([
      { field: 'age', op: '!=', value: 30 },
    ]);
  });

  it('"users where age != 30" is age != 30', () => {
    expect(interpretationOf('users where age != 30').filters).toEqual([
      { field: 'age', op: '!=', value: 30 },
    ]);
  });

  it('"count users whose age isn\'t 30" counts age != 30', () => {
    const i = interpretationOf("count users whose age isn't 30");
    expect(i.intent).toBe('count');
    expect(i.filters).toEqual([{ field: 'age', op: '!=', value: 30 }]);
  });

  it('"orders whose amount is not 500" is amount != 500', () => {
    expect(interpretationOf('orders whose amount is not 500').filters).toEqual([
      { field: 'amount', op: '!=', value: 500 },
    ]);
  });

  it('"how many users are not 30" counts age != 30', () => {
    const i = interpretationOf('how many users are not 30');
    expect(i.intent).toBe('count');
    expect(i.filters).toEqual([{ field: 'age', op: '!=', value: 30 }]);
  });

  it('"users who are not 30 years old" is age != 30', () => {
    expect(interpretationOf('users who are not 30 years old').filters).toEqual([
      { field: 'age', op: '!=', value: 30 },
    ]);
  });

  it('guard: "how many users are 30" is still age = 30', () => {
    expect(interpretationOf('how many users are 30').filters).toEqual([{ field: 'age', op: '=', value: 30 }]);
  });

  it('guard: "users whose age is 30" is still age = 30', () => {
    expect(interpretationOf('users whose age is 30').filters).toEqual([{ field: 'age', op: '=', value: 30 }]);
  });

  it('guard: "users whose age is not above 30" is still age <= 30', () => {
    expect(interpretationOf('users whose age is not above 30').filters).toEqual([
      { field: 'age', op: '<=', value: 30 },
    ]);
  });
});

describe('the most common value of a category, alone', () => {
  it('"most common error" is the top error message', () => {
    const i = interpretationOf('most common error');
    expect(i.domain).toBe('logs');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(i.groupBy).toBe('message');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.limit).toBe(1);
  });

  it('"what is the most frequent warning" is the top warn message', () => {
    const i = interpretationOf('what is the most frequent warning');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'warn' }]);
    expect(i.groupBy).toBe('message');
    expect(i.limit).toBe(1);
  });

  it('"most common errors this week" are the top few error messages of the week', () => {
    const i = interpretationOf('most common errors this week');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(i.groupBy).toBe('message');
    expect(i.limit).toBe(10);
    expect(i.time?.from).toBe('2026-11-23T00:00:00.000Z');
  });

  it('guard: "most common error message" is unchanged', () => {
    const i = interpretationOf('most common error message');
    expect(i.groupBy).toBe('message');
    expect(i.filters).toEqual([{ field: 'level', op: '=', value: 'error' }]);
    expect(i.limit).toBe(1);
  });

  it('guard: "most common level" groups by level', () => {
    const i = interpretationOf('most common level');
    expect(i.groupBy).toBe('level');
    expect(i.filters).toEqual([]);
  });

  it('guard: "most common bob" (a person) is still refused', () => {
    expect(refusalOf('most common bob').code).toBe('UNPARSEABLE_QUERY');
  });
});

describe('someone asked to exist', () => {
  it('"does bob exist" asks for the users named bob', () => {
    const i = interpretationOf('does bob exist');
    expect(i.domain).toBe('users');
    expect(i.filters).toEqual([{ field: 'username', op: '=', value: 'bob' }]);
  });

  it('"Does Carol exist?" asks for the users named carol', () => {
    const i = interpretationOf('Does Carol exist?');
    expect(i.domain).toBe('users');
    expect(i.filters).toEqual([{ field: 'username', op: '=', value: 'carol' }]);
  });

  it('guard: "does user bob exist" is unchanged', () => {
    expect(interpretationOf('does user bob exist').filters).toEqual([
      { field: 'username', op: '=', value: 'bob' },
    ]);
  });

  it('guard: "messages from bob" are still his messages', () => {
    const i = interpretationOf('messages from bob');
    expect(i.domain).toBe('messages');
    expect(i.filters).toEqual([{ field: 'from', op: '=', value: 'bob' }]);
  });
});
