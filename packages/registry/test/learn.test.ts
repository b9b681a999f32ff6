/** Schema learning: types, dictionaries, ranges, time fields, and merging learned shapes. */
import { describe, expect, test } from 'vitest';
import {
  chooseTimeField,
  DICTIONARY_MAX_VALUE_LENGTH,
  DICTIONARY_MAX_VALUES,
  dateStringMs,
  emptyStore,
  type FieldStats,
  fieldStats,
  isDateString,
  jsonTypeOf,
  learnRecord,
  mainType,
  mergeFields,
  ownFields,
  recordTimeMs,
  storeView,
  teachesShape,
} from '../src/index.ts';
import { learned } from './support/learning.ts';

type Fields = Record<string, FieldStats>;

/** A small deterministic generator, so property checks are reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomRecords(seed: number, n: number): Record<string, unknown>[] {
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const rec: Record<string, unknown> = {};
    if (r() < 0.9) rec.level = pick(['debug', 'info', 'warn', 'error']);
    if (r() < 0.7) rec.n = Math.round((r() - 0.5) * 1e6) / 100;
    if (r() < 0.5) rec.at = new Date(1.7e12 + Math.floor(r() * 1e10)).toISOString();
    if (r() < 0.3) rec.flag = r() < 0.5;
    if (r() < 0.3) rec.mixed = pick<unknown>([1, 'one', null, [1], { a: 1 }, true]);
    if (r() < 0.4) rec.text = 'x'.repeat(Math.floor(r() * 100));
    out.push(rec);
  }
  return out;
}

describe('types', () => {
  test.each([
    ['2026-01-02', 'date'],
    ['2026-01-02T03:04:05Z', 'date'],
    ['2026-01-02T03:04:05.123Z', 'date'],
    ['2026-01-02 03:04:05+02:00', 'date'],
    ['2026-01-02T03:04', 'date'],
    ['2026-13-45', 'string'],
    ['2026-01-02T25:00:00Z', 'string'],
    ['20260102', 'string'],
    ['yesterday', 'string'],
    ['2026', 'string'],
  ])('%j is a %s', (value, type) => {
    expect(jsonTypeOf(value)).toBe(type);
  });

  test('every JSON type', () => {
    expect([1.5, 'x', true, null, [1], { a: 1 }].map(jsonTypeOf)).toEqual([
      'number',
      'string',
      'boolean',
      'null',
      'array',
      'object',
    ]);
  });

  test('a field counts its types, and its main type is the most frequent', () => {
    const f = learned([{ a: 1 }, { a: 2 }, { a: 'x' }, { a: null }, { b: true }]);
    expect(f.a).toMatchObject({ count: 4, types: { number: 2, string: 1, null: 1 } });
    expect(mainType(f.a!)).toBe('number');
    expect(f.b).toMatchObject({ count: 1, types: { boolean: 1 } });
  });

  test('dates are recognised as dates, not as strings with a dictionary', () => {
    const f = learned([{ at: '2026-01-02T03:04:05Z' }, { at: '2026-01-03T03:04:05Z' }]);
    expect(mainType(f.at!)).toBe('date');
    expect(f.at!.values).toBeUndefined();
  });

  test('isDateString refuses absurd lengths', () => {
    expect(isDateString(`2026-01-02T03:04:05.123456789+02:00${'0'.repeat(10)}`)).toBe(false);
  });
});

/** The public view of one store holding `records`. */
function viewOf(records: Record<string, unknown>[]) {
  return storeView({
    ...emptyStore('t', 'store', 'store', 1),
    recordCount: records.length,
    fields: learned(records),
    version: 1,
  });
}

describe('value dictionaries', () => {
  test('count each short string value', () => {
    const f = learned(['free', 'pro', 'free', 'premium', 'free'].map((plan) => ({ plan })));
    expect(f.plan!.values).toEqual({ free: 3, pro: 1, premium: 1 });
    expect(f.plan!.overflow).toBeUndefined();
  });

  test(`stop at ${DICTIONARY_MAX_VALUES} values and mark the overflow; known values keep counting`, () => {
    const records = Array.from({ length: DICTIONARY_MAX_VALUES + 10 }, (_, i) => ({ v: `value-${i}` }));
    records.push({ v: 'value-0' }, { v: 'value-300' });
    const f = learned(records);
    expect(Object.keys(f.v!.values!)).toHaveLength(DICTIONARY_MAX_VALUES);
    expect(f.v!.overflow).toBe(true);
    expect(f.v!.values!['value-0']).toBe(2);
    expect(f.v!.values![`value-${DICTIONARY_MAX_VALUES}`]).toBeUndefined();
    expect(f.v!.count).toBe(DICTIONARY_MAX_VALUES + 12);
  });

  test('a copy of a large dictionary keeps its limit, and the count kept for it is invisible', () => {
    const f = learned(Array.from({ length: 200 }, (_, i) => ({ v: `value-${i}` })));
    expect(Object.keys(f.v!.values!)).toHaveLength(200);
    expect(JSON.parse(JSON.stringify(f.v!.values))).toEqual(f.v!.values);
    expect({ ...f.v!.values }).toEqual(f.v!.values);
    // Copied (as a registry refresh copies), then taught more values, in both ways a store learns.
    const copy = ownFields(f);
    for (let i = 200; i < 230; i++) learnRecord(copy, { v: `value-${i}` });
    const merged = ownFields(copy);
    mergeFields(merged, learned(Array.from({ length: 100 }, (_, i) => ({ v: `more-${i}` }))));
    expect(Object.keys(copy.v!.values!)).toHaveLength(230);
    expect(copy.v!.overflow).toBeUndefined();
    expect(Object.keys(merged.v!.values!)).toHaveLength(DICTIONARY_MAX_VALUES);
    expect(merged.v!.overflow).toBe(true);
    expect(Object.keys(f.v!.values!)).toHaveLength(200);
  });

  test(`exactly ${DICTIONARY_MAX_VALUES} distinct values is not an overflow`, () => {
    const f = learned(Array.from({ length: DICTIONARY_MAX_VALUES }, (_, i) => ({ v: `v${i}` })));
    expect(f.v!.overflow).toBeUndefined();
  });

  test('long strings are text, not categories: no dictionary entry, but a maxLength', () => {
    const long = 'y'.repeat(DICTIONARY_MAX_VALUE_LENGTH + 1);
    const f = learned([{ t: long }, { t: 'short' }]);
    expect(f.t!.values).toEqual({ short: 1 });
    expect(f.t!.maxLength).toBe(DICTIONARY_MAX_VALUE_LENGTH + 1);
  });

  test('the public view lists a low-cardinality dictionary and hides an overflowed one', () => {
    const plans = Array.from({ length: 40 }, (_, i) => ({
      plan: ['free', 'pro', 'premium'][i % 3],
      id: `u${i}`,
    }));
    const view = viewOf(plans);
    const plan = view.fields.find((f) => f.name === 'plan')!;
    expect(plan.values?.sort()).toEqual(['free', 'premium', 'pro']);
    expect(plan.distinct).toBe(3);
    const id = view.fields.find((f) => f.name === 'id')!;
    expect(id.values).toBeUndefined();
  });

  test('the public view orders values by count, and equal counts by value, whatever order they were learned in', () => {
    const store = (records: Record<string, unknown>[]) =>
      viewOf(records).fields.find((f) => f.name === 'sender')?.values;
    const senders = ['nina3', 'eve6', 'alice', 'alice', 'carol8', 'walter4', 'bob'].map((sender) => ({
      sender,
    }));
    expect(store(senders)).toEqual(['alice', 'bob', 'carol8', 'eve6', 'nina3', 'walter4']);
    expect(store([...senders].reverse())).toEqual(store(senders));
  });
});

describe('numeric ranges', () => {
  test('min and max, including negatives and zero', () => {
    const f = learned([{ n: 5 }, { n: -3.5 }, { n: 0 }, { n: 12 }, { n: 'not a number' }]);
    expect(f.n).toMatchObject({ min: -3.5, max: 12 });
  });

  test('a field with no numbers has no range', () => {
    expect(learned([{ s: 'a' }]).s!.min).toBeUndefined();
  });
});

describe('time field', () => {
  test.each<[Record<string, unknown>, string | null]>([
    [{ timestamp: '2026-01-02T00:00:00Z', created_at: '2026-01-02T00:00:00Z' }, 'timestamp'],
    [{ created_at: '2026-01-02T00:00:00Z', updated_at: '2026-01-03T00:00:00Z' }, 'created_at'],
    [{ sent_at: '2026-01-02T00:00:00Z' }, 'sent_at'],
    [{ recorded_at: '2026-01-02T00:00:00Z', value: 1 }, 'recorded_at'],
    [{ signed_up_at: '2026-01-02T00:00:00Z', birthday: '1990-01-02' }, 'signed_up_at'],
    [{ birthday: '1990-01-02', name: 'x' }, 'birthday'],
    [{ created_at: 'not a date', when: '2026-01-02T00:00:00Z' }, 'when'],
    [{ name: 'x', n: 1 }, null],
  ])('%j -> %s', (record, expected) => {
    expect(chooseTimeField(learned([record]))).toBe(expected);
  });

  test('a field that is mostly not a date is not the time field', () => {
    const f = learned([{ at: '2026-01-02T00:00:00Z' }, { at: 'soon' }, { at: 'later' }]);
    expect(chooseTimeField(f)).toBeNull();
  });

  test('recordTimeMs reads ISO strings and epoch seconds or milliseconds', () => {
    const at = Date.parse('2026-01-02T03:04:05.000Z');
    expect(recordTimeMs({ t: '2026-01-02T03:04:05Z' }, 't')).toBe(at);
    expect(recordTimeMs({ t: '2026-01-02T05:04:05+02:00' }, 't')).toBe(at);
    expect(recordTimeMs({ t: 1_767_323_045 }, 't')).toBe(at);
    expect(recordTimeMs({ t: 1_767_323_045_000 }, 't')).toBe(at);
    expect(recordTimeMs({ t: 'nope' }, 't')).toBeNull();
    expect(recordTimeMs({ t: '2026-01-02' }, null)).toBeNull();
    expect(recordTimeMs({}, 'toString')).toBeNull();
    expect(recordTimeMs({ t: '0000-12-31T23:59:59Z' }, 't')).toBeNull();
    expect(recordTimeMs({ t: '10000-01-01T00:00:00Z' }, 't')).toBeNull();
    expect(recordTimeMs({ t: '9999-12-31T23:59:59Z' }, 't')).toBe(Date.parse('9999-12-31T23:59:59Z'));
  });
});

describe('mergeFields', () => {
  test('learning A then B equals merging what was learned from A and from B', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const a = randomRecords(seed, 60);
      const b = randomRecords(seed + 1000, 40);
      const together = learned([...a, ...b]);
      const merged = learned(a);
      mergeFields(merged, learned(b));
      expect(merged).toEqual(together);
    }
  });

  test('is associative and commutative for stores below the dictionary limit', () => {
    const [a, b, c] = [1, 2, 3].map((s) => learned(randomRecords(s, 50)));
    const left: Fields = {};
    mergeFields(left, a!);
    mergeFields(left, b!);
    const bc: Fields = {};
    mergeFields(bc, b!);
    mergeFields(bc, c!);
    mergeFields(left, c!);
    const right: Fields = structuredClone(a!);
    mergeFields(right, bc);
    expect(right).toEqual(left);

    const ba: Fields = structuredClone(b!);
    mergeFields(ba, a!);
    const ab: Fields = structuredClone(a!);
    mergeFields(ab, b!);
    expect(ba).toEqual(ab);
  });

  test('merging an empty delta changes nothing, and the delta is not aliased', () => {
    const a = learned(randomRecords(7, 30));
    const copy = structuredClone(a);
    mergeFields(a, {});
    expect(a).toEqual(copy);

    const into: Fields = {};
    const delta = learned([{ level: 'info' }]);
    mergeFields(into, delta);
    into.level!.values!.info = 99;
    into.level!.types.string = 99;
    expect(delta.level!.values!.info).toBe(1);
    expect(delta.level!.types.string).toBe(1);
  });

  test('an overflow on either side survives the merge, and the dictionary stays bounded', () => {
    const big = learned(Array.from({ length: DICTIONARY_MAX_VALUES + 1 }, (_, i) => ({ v: `a${i}` })));
    const small = learned([{ v: 'b' }]);
    const m1 = structuredClone(small);
    mergeFields(m1, big);
    expect(m1.v!.overflow).toBe(true);
    expect(Object.keys(m1.v!.values!).length).toBeLessThanOrEqual(DICTIONARY_MAX_VALUES);
    const m2 = structuredClone(big);
    mergeFields(m2, small);
    expect(m2.v!.overflow).toBe(true);
    expect(Object.keys(m2.v!.values!)).toHaveLength(DICTIONARY_MAX_VALUES);
  });
});

describe('teachesShape', () => {
  const known = () => learned([{ level: 'info', n: 5, note: 'ab' }]);

  test('a new field, a new type or a new dictionary value teaches', () => {
    expect(teachesShape(known(), learned([{ level: 'info', host: 'web-1' }]))).toBe(true);
    expect(teachesShape(known(), learned([{ level: 'info', n: '5' }]))).toBe(true);
    expect(teachesShape(known(), learned([{ level: 'warn' }]))).toBe(true);
  });

  test('wider ranges, and longer labels of a field past its dictionary, are statistics: they do not', () => {
    expect(teachesShape(known(), learned([{ level: 'info', n: -1e9 }]))).toBe(false);
    expect(teachesShape(known(), learned([{ n: 1e9 }]))).toBe(false);
    const names = learned(Array.from({ length: DICTIONARY_MAX_VALUES + 1 }, (_, i) => ({ name: `n${i}` })));
    expect(names.name!.overflow).toBe(true);
    expect(teachesShape(names, learned([{ name: 'x'.repeat(DICTIONARY_MAX_VALUE_LENGTH) }]))).toBe(false);
  });

  test('the first string longer than a dictionary keeps teaches; later ones do not', () => {
    const long = learned([{ note: 'x'.repeat(DICTIONARY_MAX_VALUE_LENGTH + 1) }]);
    expect(teachesShape(known(), long)).toBe(true);
    const texts = known();
    mergeFields(texts, long);
    expect(teachesShape(texts, learned([{ note: 'y'.repeat(500) }]))).toBe(false);
  });
});

describe('field names and values that are also names of Object.prototype members', () => {
  const records: Record<string, unknown>[] = [
    { toString: 'a', valueOf: 1, hasOwnProperty: true, level: 'constructor' },
    { toString: 'b', level: '__proto__' },
    { toString: 'a', level: 'toString' },
  ];
  const at = fieldStats;

  test('are learned as ordinary fields and dictionary values', () => {
    const fields = learned(records);
    expect(at(fields, 'toString')!.count).toBe(3);
    expect(at(fields, 'toString')!.values).toEqual({ a: 2, b: 1 });
    expect(at(fields, 'valueOf')!.types).toEqual({ number: 1 });
    expect(at(fields, 'hasOwnProperty')!.types).toEqual({ boolean: 1 });
    expect(Object.entries(fields.level!.values!).sort()).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
      ['toString', 1],
    ]);
  });

  test('survive the round trip through JSON (the database) and merge into a learned store', () => {
    const stored = ownFields(JSON.parse(JSON.stringify(learned(records))));
    expect(Object.getOwnPropertyDescriptor(stored.level!.values, '__proto__')?.value).toBe(1);
    expect(teachesShape(stored, learned([{ level: 'constructor' }]))).toBe(false);
    expect(teachesShape(stored, learned([{ level: 'valueOf' }]))).toBe(true);
    mergeFields(stored, learned([{ level: 'constructor', constructor_id: 1 }]));
    expect(Object.getOwnPropertyDescriptor(stored.level!.values, 'constructor')?.value).toBe(2);
    expect(stored.constructor_id!.count).toBe(1);
  });

  test('a store that has never seen a field does not find it on the prototype', () => {
    const fields = ownFields({});
    expect(at(fields, 'toString')).toBeUndefined();
    expect(teachesShape(fields, learned([{ toString: 'x' }]))).toBe(true);
  });
});

describe('dateStringMs', () => {
  /** What Date.parse says of a string the ISO pattern accepts, as dateStringMs answers. */
  const parsed = (s: string) => {
    const ms = Date.parse(s);
    return Number.isNaN(ms) ? null : ms;
  };

  test("agrees with Date.parse on Date's own toISOString form over years 0 to 9999", () => {
    // A fixed sequence of instants: the same strings on every run.
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const first = Date.parse('0000-01-01T00:00:00.000Z');
    const last = Date.parse('9999-12-31T23:59:59.999Z');
    for (let i = 0; i < 20_000; i++) {
      const s = new Date(first + Math.floor(next() * (last - first))).toISOString();
      if (s.length !== 24) continue;
      expect(dateStringMs(s)).toBe(parsed(s));
    }
  });

  test('agrees with Date.parse where a field is at or past its end', () => {
    const strings: string[] = [];
    for (const year of ['0000', '0099', '1900', '1970', '2000', '2023', '2024', '2100', '9999'])
      for (const month of ['00', '01', '02', '04', '12', '13'])
        for (const day of ['00', '01', '28', '29', '30', '31', '32'])
          for (const time of ['00:00:00.000', '23:59:59.999', '24:00:00.000', '12:60:00.000', '12:00:60.000'])
            strings.push(`${year}-${month}-${day}T${time}Z`);
    strings.push(
      '2026-01-01T00:00:00.00Z',
      '2026-01-01T00:00:00.000',
      '2026-01-01T0a:00:00.000Z',
      '+02026-01-01T00:00:00.000Z',
    );
    for (const s of strings) expect(dateStringMs(s), s).toBe(ISO_LIKE.test(s) ? parsed(s) : null);
  });
});

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
