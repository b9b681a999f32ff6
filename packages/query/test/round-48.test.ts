/**
 * "one" after a comparison with nothing read of it: "orders over one", "which hosts have over one
 * error", "orders over one and a half thousand" dropped the bound and answered every record (a 200
 * with every order). "one" alone is never read as a number (in "over one host" it may name none),
 * so such a question is refused asking for the number in digits; "one" read with what follows it
 * ("one thousand", "one hundred and fifty", "one second", "one and a half seconds") stays a bound.
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf as read, refusalOf } from './support/questions.ts';

describe('"one" after a comparison, read as no bound', () => {
  it.each([
    ['orders over one', 'over one'],
    ['orders under one', 'under one'],
    ['which hosts have over one error', 'over one'],
    ['orders over one and a half thousand', 'over one'],
    ['orders with an amount above one', 'above one'],
  ])('%s is refused, asking for digits', (q, said) => {
    const e = refusalOf(q);
    expect(e.status).toBe(422);
    expect(e.message).toContain(`"${said}" is read as no bound`);
  });

  it.each([
    ['orders over one thousand', [{ field: 'amount', op: '>', value: 1000 }]],
    ['orders above one hundred and fifty', [{ field: 'amount', op: '>', value: 150 }]],
    ['users older than one hundred', [{ field: 'age', op: '>', value: 100 }]],
    ['orders over 1', [{ field: 'amount', op: '>', value: 1 }]],
  ])('%s keeps its bound', (q, filters) => {
    expect(read(q).filters).toEqual(filters);
  });

  it('"over one second" is a bound in the store’s unit', () => {
    expect(read('response time over one second').filters).toContainEqual({
      field: 'value',
      op: '>',
      value: 1000,
    });
  });
});
