/**
 * The fifty-ninth round: wrong answers found on the sample data set against a live region.
 * - "all logs but errors" listed the errors, "every order but refunded ones" the refunded orders:
 *   "but" after "all" or "every" and the records named leaves out what follows, as "all but" does;
 *   "all logs today but debug" and "show all logs from the api but errors" too (a few words between).
 * - "all premium users but inactive ones", "paid orders but USD ones" asked for the inactive premium
 *   users and the paid USD orders: "but" before a value and "ones" leaves the ones named out, as
 *   "but the inactive ones" does.
 * - "all orders but the ones over 500", "orders other than the ones above 500" listed the orders over
 *   500: "but" or "other than" before "the ones", "those" or "these" whose condition is left unread
 *   (a comparison) is refused, as "orders except those over 500" is.
 * - "top 5 customers who spent the most", "5 customers who spent the most", "3 users who sent the
 *   most messages" and "4 senders who posted the most in general" answered the one top group: the
 *   people counted before "who" are how many groups ("the 5 customers who spent the most" was
 *   refused, the count read as a bound).
 */
import { describe, expect, it } from 'vitest';
import { interpretationOf, refusalOf } from './support/questions.ts';

describe('"but" after "all" or "every" and the records named leaves out', () => {
  it('"all logs but errors" lists every log except the errors', () => {
    const i = interpretationOf('all logs but errors');
    expect(i.domain).toBe('logs');
    expect(i.filters).toEqual([{ field: 'level', op: '!=', value: 'error' }]);
  });

  it('guard: "show all logs but the errors" leaves the errors out', () => {
    expect(interpretationOf('show all logs but the errors').filters).toEqual([
      { field: 'level', op: '!=', value: 'error' },
    ]);
  });

  it('"every order but refunded ones" lists the orders not refunded', () => {
    const i = interpretationOf('every order but refunded ones');
    expect(i.domain).toBe('orders');
    expect(i.filters).toEqual([{ field: 'status', op: '!=', value: 'refunded' }]);
  });

  it('"all logs today but debug" leaves debug out of today\'s logs', () => {
    const i = interpretationOf('all logs today but debug');
    expect(i.filters).toEqual([{ field: 'level', op: '!=', value: 'debug' }]);
    expect(i.time).not.toBeNull();
  });

  it('"show all logs from the api but errors" keeps the api, leaves the errors out', () => {
    expect(interpretationOf('show all logs from the api but errors').filters).toEqual([
      { field: 'service', op: '=', value: 'api' },
      { field: 'level', op: '!=', value: 'error' },
    ]);
  });

  it('"count all users but premium" counts the users not on the premium plan', () => {
    const i = interpretationOf('count all users but premium');
    expect(i.intent).toBe('count');
    expect(i.filters).toEqual([{ field: 'plan', op: '!=', value: 'premium' }]);
  });
});

describe('"but" before a value and "ones" leaves the ones named out', () => {
  it('"all premium users but inactive ones" keeps the premium users, leaves the inactive out', () => {
    expect(interpretationOf('all premium users but inactive ones').filters).toEqual([
      { field: 'plan', op: '=', value: 'premium' },
      { field: 'status', op: '!=', value: 'inactive' },
    ]);
  });

  it('"paid orders but USD ones" leaves the USD orders out', () => {
    expect(interpretationOf('paid orders but USD ones').filters).toEqual([
      { field: 'status', op: '=', value: 'paid' },
      { field: 'currency', op: '!=', value: 'USD' },
    ]);
  });

  it('guard: "premium users in North America but inactive" is a second condition', () => {
    expect(interpretationOf('premium users in North America but inactive').filters).toEqual([
      { field: 'plan', op: '=', value: 'premium' },
      { field: 'region', op: '=', value: 'North America' },
      { field: 'status', op: '=', value: 'inactive' },
    ]);
  });

  it('guard: "all users but the inactive ones" leaves the inactive out', () => {
    expect(interpretationOf('all users but the inactive ones').filters).toEqual([
      { field: 'status', op: '!=', value: 'inactive' },
    ]);
  });

  it('guard: "messages from anyone but john" leaves john out', () => {
    expect(interpretationOf('messages from anyone but john').filters).toEqual([
      { field: 'from', op: '!=', value: 'john' },
    ]);
  });
});

describe('"but" or "other than" before the ones a comparison names is refused', () => {
  it('"all orders but the ones over 500" is refused, naming "but"', () => {
    expect(refusalOf('all orders but the ones over 500').message).toContain('"but" leaves out');
  });

  it('"orders other than the ones above 500" is refused', () => {
    expect(refusalOf('orders other than the ones above 500').message).toContain('leaves out');
  });

  it('"orders other than those above 500" is refused', () => {
    expect(refusalOf('orders other than those above 500').message).toContain('leaves out');
  });

  it('"premium users but those older than 60" is refused', () => {
    expect(refusalOf('premium users but those older than 60').message).toContain('"but" leaves out');
  });

  it('guard: "orders except those over 500" stays refused', () => {
    expect(refusalOf('orders except those over 500').message).toContain('"except" leaves out');
  });

  it('guard: "users other than those in europe" leaves Europe out', () => {
    expect(interpretationOf('users other than those in europe').filters).toEqual([
      { field: 'region', op: '!=', value: 'Europe' },
    ]);
  });

  it('guard: "all logs but those from the api" leaves the api out', () => {
    expect(interpretationOf('all logs but those from the api').filters).toEqual([
      { field: 'service', op: '!=', value: 'api' },
    ]);
  });

  it('guard: "orders not over 500" is the orders of at most 500', () => {
    expect(interpretationOf('orders not over 500').filters).toEqual([
      { field: 'amount', op: '<=', value: 500 },
    ]);
  });
});

describe('people counted before "who … the most" are how many top groups', () => {
  it('"top 5 customers who spent the most" answers five customers by their total', () => {
    const i = interpretationOf('top 5 customers who spent the most');
    expect(i.groupBy).toBe('customer');
    expect(i.aggregate).toEqual({ fn: 'sum', field: 'amount' });
    expect(i.limit).toBe(5);
  });

  it('"5 customers who spent the most" answers five', () => {
    const i = interpretationOf('5 customers who spent the most');
    expect(i.groupBy).toBe('customer');
    expect(i.limit).toBe(5);
  });

  it('"the 5 customers who spent the most" is answered, five', () => {
    expect(interpretationOf('the 5 customers who spent the most').limit).toBe(5);
  });

  it('"3 users who sent the most messages" answers the three top senders', () => {
    const i = interpretationOf('3 users who sent the most messages');
    expect(i.domain).toBe('messages');
    expect(i.groupBy).toBe('from');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.limit).toBe(3);
  });

  it('"4 senders who posted the most in general" answers four senders of the general channel', () => {
    const i = interpretationOf('4 senders who posted the most in general');
    expect(i.groupBy).toBe('from');
    expect(i.filters).toEqual([{ field: 'channel', op: '=', value: 'general' }]);
    expect(i.limit).toBe(4);
  });

  it('guard: "who sent the most messages" is the one top sender', () => {
    const i = interpretationOf('who sent the most messages');
    expect(i.groupBy).toBe('from');
    expect(i.limit).toBe(1);
  });

  it('guard: "who spent the most" is the one top customer', () => {
    const i = interpretationOf('who spent the most');
    expect(i.groupBy).toBe('customer');
    expect(i.limit).toBe(1);
  });

  it('guard: "2 users who spent the least" stays refused (ranked from the smallest)', () => {
    expect(refusalOf('2 users who spent the least').message).toContain('ranked from the largest');
  });
});
