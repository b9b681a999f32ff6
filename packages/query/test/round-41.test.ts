/**
 * The forty-first probing round: a sort said after "by F" with the end the records start from
 * ("users by age from youngest", "orders by amount from the highest", "logs by date from oldest")
 * lists the records in that order rather than grouping on F or answering the one record at that
 * end; letters ("alphabetically", "a to z") sort on the field named and are refused naming what is
 * missing when none is; a field no two records share ("users by email") lists the records in its
 * order; and refusals name what could not be read in the question's own words.
 */
import { describe, expect, it } from 'vitest';
import { refusalOf as failure, interpretationOf as read } from './support/questions.ts';

describe('a sort said after "by" a field, from one end', () => {
  it.each([
    ['list users by age from youngest', 'age', 'asc'],
    ['users by age from the youngest', 'age', 'asc'],
    ['list users by age starting with the youngest', 'age', 'asc'],
    ['users by age from young to old', 'age', 'asc'],
    ['list users by age from oldest', 'age', 'desc'],
    ['show users by age from oldest to youngest', 'age', 'desc'],
    ['orders by amount from the highest', 'amount', 'desc'],
    ['orders by amount from highest first', 'amount', 'desc'],
    ['list orders by amount starting with the smallest', 'amount', 'asc'],
    ['logs by date from oldest', 'timestamp', 'asc'],
    ['list orders by date from oldest', 'created_at', 'asc'],
    ['messages by time starting with the newest', 'sent_at', 'desc'],
    ['users by name from a to z', 'name', 'asc'],
    ['users by email from z to a', 'email', 'desc'],
  ])('%s lists the records by %s %s', (q, field, dir) => {
    const i = read(q);
    expect(i.groupBy).toBeNull();
    expect(i.aggregate).toBeNull();
    expect(i.sort).toEqual([{ field, dir }]);
  });

  it('"..., first 5" after the sort is how many, not the earliest', () => {
    const i = read('orders sorted by amount from highest to lowest, first 3');
    expect(i.sort).toEqual([{ field: 'amount', dir: 'desc' }]);
    expect(i.limit).toBe(3);
  });

  it.each([
    ['list users by age, youngest first', 'asc'],
    ['users by age, oldest first', 'desc'],
    ['show users ranked by age, oldest first', 'desc'],
  ])('%s: youngest and oldest rank the age grouped or sorted by (%s)', (q, dir) => {
    const i = read(q);
    expect(i.groupBy).toBeNull();
    expect(i.sort).toEqual([{ field: 'age', dir }]);
  });

  it('"users by age" still counts each age, and oldest alone is still the earliest', () => {
    expect(read('users by age').groupBy).toBe('age');
    expect(read('oldest users first').sort).toEqual([{ field: 'signed_up_at', dir: 'asc' }]);
  });
});

describe('the order of letters', () => {
  it.each([
    ['users sorted alphabetically by name', 'name', 'asc'],
    ['list users by name alphabetically', 'name', 'asc'],
    ['list users by username in alphabetical order', 'username', 'asc'],
    ['users in reverse alphabetical order by email', 'email', 'desc'],
    ['list usernames alphabetically', 'username', 'asc'],
    ['orders sorted from a to z by customer', 'customer', 'asc'],
  ])('%s sorts by %s %s', (q, field, dir) => {
    const i = read(q);
    expect(i.groupBy).toBeNull();
    expect(i.sort).toEqual([{ field, dir }]);
  });

  it.each(['users in alphabetical order', 'users alphabetically'])(
    '%s names no field: refused saying so, not as orders nor sorted by time',
    (q) => {
      expect(failure(q).message).toBe(
        'Say which field to sort users by alphabetically, e.g. "users by name in alphabetical order"',
      );
    },
  );

  it("a category's values in alphabetical order are refused naming the field", () => {
    expect(failure('channels alphabetically').message).toContain('The values of channel cannot be listed');
    expect(failure('list all the team names alphabetically').message).toContain('The values of team');
  });
});

describe('a field no two records share, after "by"', () => {
  it.each([
    ['list all users by email', 'email'],
    ['can you list users by name?', 'name'],
  ])('%s lists the users in its order', (q, field) => {
    const i = read(q);
    expect(i.groupBy).toBeNull();
    expect(i.sort).toEqual([{ field, dir: 'asc' }]);
  });

  it('counted, it is still grouped; a category still groups', () => {
    expect(read('count users by email').groupBy).toBe('email');
    expect(read('orders by customer').groupBy).toBe('customer');
  });
});

describe('refusals in the words of the question', () => {
  it('"the states" is not offered as another store\'s word', () => {
    expect(failure('users from the states').message).toBe('No field of users holds "states"');
  });

  it.each(['users on the growth team', 'show me all users on the growth team'])(
    '%s: "growth" before a field names its value, no change over time',
    (q) => {
      expect(failure(q).message).toContain('team "growth"');
    },
  );

  it('growth said alone is still a change over time', () => {
    expect(failure('growth in orders this month').message).toContain('A change over time');
  });
});
