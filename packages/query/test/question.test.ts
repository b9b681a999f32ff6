/**
 * `Question.scan`: matches map back to tokens, a scan inside a rule's callback does not disturb the
 * scan that called it (patterns are shared and run with exec), and a `phrase` template with other
 * parts is another pattern.
 */
import { describe, expect, it } from 'vitest';
import { phrase, Question } from '../src/question.ts';

function matches(q: Question, pattern: string | ReturnType<typeof phrase>): string[] {
  const out: string[] = [];
  q.scan(pattern, (m) => {
    out.push(m.text(0) || m.text(1));
    return false;
  });
  return out;
}

describe('Question.scan', () => {
  it('finds every match in order, mapped back to tokens', () => {
    const q = new Question('errors today and errors yesterday');
    const found: [number, number, string][] = [];
    q.scan('(errors) (today|yesterday)', (m) => {
      found.push([m.start, m.end, m.text(2)]);
      return false;
    });
    expect(found).toEqual([
      [0, 2, 'today'],
      [3, 5, 'yesterday'],
    ]);
  });

  it('a scan with the same pattern inside a callback leaves the running scan whole', () => {
    const q = new Question('a b a b a b');
    const outer: number[] = [];
    const inner: number[] = [];
    const pattern = '(a) b';
    q.scan(pattern, (m) => {
      outer.push(m.start);
      if (outer.length > 6) throw new Error('the running scan started over');
      q.scan(pattern, (n) => {
        inner.push(n.start);
        return false;
      });
      return false;
    });
    expect(outer).toEqual([0, 2, 4]);
    expect(inner).toEqual([0, 2, 4, 0, 2, 4, 0, 2, 4]);
  });

  it('a match over tokens consumed by an earlier callback of the same scan is skipped', () => {
    const q = new Question('x y x y');
    const seen: number[] = [];
    q.scan('x y', (m) => {
      seen.push(m.start);
      q.consume(2, 4);
      return true;
    });
    expect(seen).toEqual([0]);
  });

  it('a phrase is the same pattern as its text, and other parts make another', () => {
    const q = new Question('top 5 users by age');
    const of = (noun: string) => phrase`top (\\d+) ${noun}`;
    expect(matches(q, of('users'))).toEqual(['top 5 users']);
    expect(matches(q, of('orders'))).toEqual([]);
    expect(matches(q, of('users'))).toEqual(['top 5 users']);
    // more parts than a template keeps (four): each still its own pattern
    for (const noun of ['a', 'b', 'c', 'd', 'e', 'orders']) expect(matches(q, of(noun))).toEqual([]);
    expect(matches(q, of('users'))).toEqual(['top 5 users']);
    expect(matches(q, 'top (\\d+) users')).toEqual(['top 5 users']);
  });
});
