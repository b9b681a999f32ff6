/**
 * The forty-third probing round: a word joined by a hyphen that no store knows ("fancy-looking
 * customers") is refused by name like "fancy customers", not passed over.
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
