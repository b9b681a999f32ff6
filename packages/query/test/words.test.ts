/** The lexical layer: tokens, operators, attached units and whole-word matching. */
import { describe, expect, it } from 'vitest';
import { containsWords, MAY_SPELL_NUMBER, NUMBER_WORDS, parseNumber, tokenize } from '../src/words.ts';

const texts = (q: string) => tokenize(q).map((t) => t.text);

describe('tokenize', () => {
  it('writes a currency sign spaced from its amount with the amount, and a bare possessive time as the time', () => {
    expect(texts('orders over $ 500')).toEqual(['orders', 'over', '$500']);
    expect(texts('€ orders')).toEqual(['€', 'orders']);
    expect(texts('todays errors')).toEqual(['today', 'errors']);
    expect(texts('last weeks orders')).toEqual(['last', 'week', 'orders']);
    // A plural at the end, or after a number, is no possessive.
    expect(texts('orders in the last 3 weeks')).toEqual(['orders', 'in', 'the', 'last', '3', 'weeks']);
    expect(texts('errors of the last weeks')).toEqual(['errors', 'of', 'the', 'last', 'weeks']);
  });
  it('writes digits scaled by "thousand" or "million" as one number', () => {
    expect(texts('orders over 1.2 thousand')).toEqual(['orders', 'over', '1.2k']);
    expect(parseNumber('1.2k')).toBe(1200);
    expect(texts('revenue above 3 Million')).toEqual(['revenue', 'above', '3m']);
  });
  it('keeps comparison operators as tokens of their own', () => {
    expect(texts('orders where amount > 990')).toEqual(['orders', 'where', 'amount', '>', '990']);
    expect(texts('users where age >= 65 and plan != free')).toEqual([
      'users',
      'where',
      'age',
      '>=',
      '65',
      'and',
      'plan',
      '!=',
      'free',
    ]);
    expect(texts('amount<=5')).toEqual(['amount', '<=', '5']);
  });

  it('splits field:value, but not a time of day', () => {
    expect(texts('level:error logs')).toEqual(['level', 'error', 'logs']);
    expect(texts('at 12:30')).toEqual(['at', '12:30']);
  });

  it('splits a number from a time unit written with it', () => {
    expect(texts('last 12h')).toEqual(['last', '12', 'h']);
    expect(texts('past 7d or 2wks')).toEqual(['past', '7', 'd', 'or', '2', 'wks']);
    expect(texts('u-0042 web-1 5000ms')).toEqual(['u-0042', 'web-1', '5000ms']);
  });

  it("writes n't as a word of its own", () => {
    expect(texts("orders that aren't paid")).toEqual(['orders', 'that', 'are', 'not', 'paid']);
    expect(texts('it isn’t')).toEqual(['it', 'is', 'not']);
  });

  it('keeps quoted text whole and literal', () => {
    expect(tokenize('messages containing "deploy > failed"').at(-1)).toEqual({
      text: 'deploy > failed',
      raw: 'deploy > failed',
      quoted: true,
    });
  });
});

describe('containsWords', () => {
  it('matches whole words only', () => {
    expect(containsWords('upstream timeout after 5000ms', 'timeout')).toBe(true);
    expect(containsWords('upstream timeout after 5000ms', 'time')).toBe(false);
    expect(containsWords('slow query detected', 'slow query')).toBe(true);
    expect(containsWords('disk usage above 80%', 'usage above')).toBe(true);
    expect(containsWords('reusage', 'usage')).toBe(false);
  });
});

describe('parseNumber', () => {
  it('reads a unit of milliseconds as a unit, not as millions', () => {
    expect(parseNumber('800ms')).toBe(800);
    expect(parseNumber('2m')).toBe(2_000_000);
  });
  it('reads "60+" as 60', () => {
    expect(parseNumber('60+')).toBe(60);
  });
});

describe('numbers written as words (third round)', () => {
  it('reads compounds, hundreds and halves', () => {
    expect(parseNumber('twenty-five')).toBe(25);
    expect(parseNumber('five hundred')).toBe(500);
    expect(parseNumber('two hundred and fifty')).toBe(250);
    expect(parseNumber('a thousand')).toBe(1000);
    expect(parseNumber('half a')).toBe(0.5);
    expect(parseNumber('sixty')).toBe(60);
  });

  it('a single quote inside a word quotes nothing; one around words does', () => {
    expect(texts("how's the api's response time")).toEqual([
      'how',
      's',
      'the',
      'api',
      's',
      'response',
      'time',
    ]);
    expect(tokenize("logs mentioning 'slow query'").at(-1)).toMatchObject({
      text: 'slow query',
      quoted: true,
    });
  });

  it('a hashtag is the word itself', () => {
    expect(texts('messages in #support')).toEqual(['messages', 'in', 'support']);
  });
});

describe('sixth probing round', () => {
  it('reads thousands followed by hundreds', () => {
    expect(parseNumber('four thousand five hundred')).toBe(4500);
    expect(parseNumber('two thousand and fifty')).toBe(2050);
    expect(parseNumber('one hundred and twenty-five')).toBe(125);
  });

  it('writes a range given with a dash with a hyphen', () => {
    expect(texts('users aged 20–30')).toEqual(['users', 'aged', '20-30']);
  });
});

describe('the hint that a text may spell a number', () => {
  // Scans leave number words out of their patterns when the hint says no: it must never say no
  // to a text that NUMBER_WORDS matches.
  const units = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const teens = [
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
  ];
  const tens = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  const spelled = [
    ...units,
    ...teens,
    ...tens,
    ...tens.flatMap((t) => units.flatMap((u) => [`${t}-${u}`, `${t} ${u}`])),
    'half a',
    'half an',
    'a half',
    'a dozen',
    'dozen',
    'a hundred',
    'an hundred',
    'five hundred and twenty',
    'a thousand',
    'two thousand and fifty',
    'four thousand five hundred',
  ];

  it('says yes to every number NUMBER_WORDS reads', () => {
    const whole = new RegExp(`^(?:${NUMBER_WORDS})$`);
    for (const text of spelled) {
      if (!whole.test(text)) continue;
      expect(MAY_SPELL_NUMBER.test(text), text).toBe(true);
    }
    expect(spelled.filter((t) => whole.test(t)).length).toBeGreaterThan(150);
  });

  it('says no to a question with no number word in it', () => {
    expect(MAY_SPELL_NUMBER.test('count warn logs by service this week')).toBe(false);
  });
});
