/**
 * The forty-third probing round: a word joined by a hyphen that no store knows ("fancy-looking
 * customers") is refused by name like "fancy customers", not passed over. "how much memory does db-1
 * use on average" is the average of db-1's memory readings, not refused for "use" and "average".
 * Groups ranked with no end said ("hosts ranked by average cpu") are ordered from the highest value,
 * as records ranked by a field are, and from the lowest when "ascending" is said. "distinct customers"
 * are the values of orders' customer field, as "distinct senders" are of messages', not every user;
 * and distinct values asked with a window ("distinct channels today") are listed, not refused.
 * "hosts where cpu is over 50" lists the hosts with how many such readings each has, as "hosts with
 * cpu above 90" always did (probes-21, probes-32); a moment said with a verb of change ("hosts where
 * cpu went above 90%", paraphrases.json) still lists the readings themselves. Distinct values
 * followed by a clause ("distinct customers who paid in USD") are the values, "distinct" not dropped.
 * "email addresses of premium users" names the email field, as "emails of premium users" does.
 * "distinct customers who ordered this week" are the customer values of this week's orders, not
 * refused as users described by their orders (which "customers who ordered this week" still is).
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';

describe('a describing word joined by a hyphen that no store knows', () => {
  it.each([
    ['fancy-looking customers', 'users', 'fancy-looking'],
    ['nice-looking orders from today', 'orders', 'nice-looking'],
    ['well-known users in Germany', 'users', 'well-known'],
  ])('%s is refused naming the word', (q, store, word) => {
    expect(failure(q).message).toBe(`No field of ${store} tells which are "${word}"`);
  });

  it('hyphenated words a store knows are still read', () => {
    expect(read('project-x messages').filters).toEqual([{ field: 'channel', op: '=', value: 'project-x' }]);
    expect(read('e-mail users').filters).toEqual([]);
    expect(read('top-5 orders').limit).toBe(5);
  });
});

describe('how much a host uses, on average', () => {
  const memoryOfDb1 = [
    { field: 'metric', op: '=', value: 'memory_usage' },
    { field: 'host', op: '=', value: 'db-1' },
  ];
  it.each([
    'how much memory does db-1 use on average',
    'how much memory does db-1 use',
    'how much memory is db-1 using on average',
  ])('%s is the average memory reading of db-1', (q) => {
    const i = read(q);
    expect(i.filters).toEqual(memoryOfDb1);
    expect(i.aggregate).toEqual({ fn: 'avg', field: 'value' });
  });

  it('"on average" asks for an average even of a measure that adds up', () => {
    expect(read('how much revenue on average').aggregate).toEqual({ fn: 'avg', field: 'value' });
    expect(read('how much revenue').aggregate).toEqual({ fn: 'sum', field: 'value' });
  });

  it('an average of each period is still refused', () => {
    expect(failure('how much revenue do we make on average per day').message).toContain('"average"');
  });
});

describe('groups ranked with no end said', () => {
  it.each([
    ['hosts ranked by average cpu', 'host', 'desc'],
    ['rank hosts by average cpu', 'host', 'desc'],
    ['hosts sorted by max memory', 'host', 'desc'],
    ['services sorted by number of errors', 'service', 'desc'],
    ['customers ranked by total spent', 'customer', 'desc'],
    ['services ranked by average response time ascending', 'service', 'asc'],
  ])('%s orders the %s groups by their value, %s', (q, group, dir) => {
    const i = read(q);
    expect(i.groupBy).toBe(group);
    expect(i.sort).toEqual([{ field: 'value', dir }]);
  });

  it('an end said wins, and groups not ranked keep no order', () => {
    expect(read('hosts ranked by average cpu, lowest first').sort).toEqual([{ field: 'value', dir: 'asc' }]);
    expect(read('hosts by average cpu').sort).toEqual([]);
    expect(read('top 2 hosts ranked by average cpu').limit).toBe(2);
  });
});

describe('distinct people are the values of the field that names them', () => {
  it.each([
    ['distinct customers', 'customer'],
    ['unique customers', 'customer'],
    ['what are the different customers', 'customer'],
    ['unique clients', 'customer'],
    ['distinct senders', 'from'],
  ])('%s lists the %s values with how many records each has', (q, field) => {
    const i = read(q);
    expect(i.groupBy).toBe(field);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
  });

  it('a store named by the word is its own records, and counting the values stays refused', () => {
    expect(read('distinct users').groupBy).toBeNull();
    expect(failure('how many distinct customers').message).toContain(
      'Counting distinct values is not supported',
    );
  });

  it.each([
    ['distinct channels today', 'channel'],
    ['unique senders this week', 'from'],
    ['distinct customers this week', 'customer'],
    ['different log levels this month', 'level'],
  ])('%s lists the %s values within the window', (q, field) => {
    const i = read(q);
    expect(i.groupBy).toBe(field);
    expect(i.time).not.toBeNull();
  });
});

describe('"hosts where <measure> is …" reads as "hosts with <measure> …"', () => {
  const cpuOver = (n: number) => [
    { field: 'value', op: '>', value: n },
    { field: 'metric', op: '=', value: 'cpu_usage' },
  ];
  it.each([
    ['hosts where cpu is over 50', 50],
    ['hosts where the cpu was above 90', 90],
    ['hosts with cpu above 90', 90],
  ])('%s counts the readings per host', (q, n) => {
    const i = read(q);
    expect(i.groupBy).toBe('host');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.filters).toEqual(cpuOver(n));
  });

  it('a measure of two words and a window read the same way', () => {
    const i = read('services where response time is over 800 this week');
    expect(i.groupBy).toBe('service');
    expect(i.filters).toContainEqual({ field: 'metric', op: '=', value: 'response_time' });
    expect(i.time).not.toBeNull();
  });

  it('a moment said with a verb of change lists the readings, and bounds on aggregates stay bounds', () => {
    expect(read('hosts where cpu went above 90%').groupBy).toBeNull();
    expect(read('hosts where the average cpu is above 50').having).toEqual({
      fn: 'avg',
      field: 'value',
      op: '>',
      value: 50,
    });
  });
});

describe('distinct values followed by a clause of what their records are', () => {
  it.each([
    ['distinct customers who paid in USD', 'customer', 2],
    ['unique senders that posted today', 'from', 0],
    ['unique hosts that logged errors', 'host', 1],
  ])('%s lists the %s values of the records the clause describes', (q, field, filters) => {
    const i = read(q);
    expect(i.groupBy).toBe(field);
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.filters).toHaveLength(filters);
  });
});

describe('"email address" is the name of the email field', () => {
  it.each([
    ['email addresses of premium users', { field: 'plan', op: '=', value: 'premium' }],
    ['the email addresses of users in Spain', { field: 'country', op: '=', value: 'Spain' }],
    ['list the email address of alice', { field: 'username', op: '=', value: 'alice' }],
  ])('%s lists the users, not refused for "address"', (q, filter) => {
    expect(read(q).filters).toEqual([filter]);
  });

  it('a condition on the addresses is still one on the email field', () => {
    expect(read('users with an email address ending in example.com').filters).toEqual([
      { field: 'email', op: 'endswith', value: 'example.com' },
    ]);
  });
});

describe('distinct people described by what they did in the store that names them', () => {
  it.each([
    'distinct customers who ordered this week',
    'different customers who ordered this week',
    'unique customers who bought something today',
  ])('%s lists the customer values of the orders in the window, in no stated order', (q) => {
    const i = read(q);
    expect(i.groupBy).toBe('customer');
    expect(i.aggregate).toEqual({ fn: 'count', field: null });
    expect(i.time).not.toBeNull();
    expect(i.sort).toEqual([]);
  });

  it('without "distinct" the people are still described by another store, which is refused', () => {
    expect(failure('customers who ordered this week').message).toContain(
      'cannot describe users by their orders',
    );
  });
});
