/**
 * MongoDB Extended JSON's canonical dates: `{"createdAt": {"$date": {"$numberLong": "1732870000000"}}}`,
 * epoch milliseconds as a string (mongoexport's canonical mode writes every date so, its relaxed mode
 * a date before 1970 or after 9999). They were learned as an object holding a string, one level
 * deeper than the relaxed form's `{"$date": "2024-11-29T08:46:40Z"}`: no time field, and every record
 * stamped with the time it was ingested. Now `createdAt.$date` is a date either way, the store's
 * time field, and each record's time is read from it, as ingest and the tierer's retime read it.
 */
import { describe, expect, test } from 'vitest';
import {
  chooseTimeField,
  type FieldStats,
  holdsField,
  mergeFields,
  numberLongDateMs,
  recordTimeMs,
  teachesShape,
} from '../src/index.ts';
import { learned } from './support/learning.ts';

const MS = 1_732_870_000_000;

const canonical = (i: number) => ({
  _id: { $oid: `64b7f0000000000000000${String(i).padStart(3, '0')}` },
  name: `product ${i}`,
  createdAt: { $date: { $numberLong: String(MS + i * 1000) } },
});

const relaxed = (i: number) => ({
  _id: { $oid: `64b7f0000000000000000${String(i).padStart(3, '0')}` },
  name: `product ${i}`,
  createdAt: { $date: new Date(MS + i * 1000).toISOString() },
});

describe('a canonical $date', () => {
  test('is a date: the field holding it is the time field, and nothing is learned inside it', () => {
    const fields = learned([canonical(1), canonical(2)]);
    expect(fields.createdAt!.fields!.$date).toMatchObject({ count: 2, types: { date: 2 } });
    expect(fields.createdAt!.fields!.$date!.fields).toBeUndefined();
    expect(chooseTimeField(fields)).toBe('createdAt.$date');
    expect(recordTimeMs(canonical(3), 'createdAt.$date')).toBe(MS + 3000);
  });

  test('is learned as the relaxed form is, and both forms in one store read the same', () => {
    const fields = learned([relaxed(1), canonical(2)]);
    expect(fields.createdAt!.fields!.$date!.types).toEqual({ date: 2 });
    expect(chooseTimeField(fields)).toBe(chooseTimeField(learned([relaxed(1), relaxed(2)])));
    expect(recordTimeMs(canonical(4), 'createdAt.$date')).toBe(recordTimeMs(relaxed(4), 'createdAt.$date'));
  });

  test('before 1970 (a negative count) and at the edges of what is stored', () => {
    const old = { born: { $date: { $numberLong: '-86400000' } } };
    // `born` is not a time-like name: no time field, as for the relaxed form.
    expect(chooseTimeField(learned([old]))).toBeNull();
    expect(chooseTimeField(learned([{ born: { $date: '1969-12-31T00:00:00Z' } }]))).toBeNull();
    expect(learned([old]).born!.fields!.$date!.types).toEqual({ date: 1 });
    expect(recordTimeMs(old, 'born.$date')).toBe(-86_400_000);
    expect(recordTimeMs({ at: { $date: { $numberLong: '-62135596800001' } } }, 'at.$date')).toBeNull();
    expect(recordTimeMs({ at: { $date: { $numberLong: '253402300800000' } } }, 'at.$date')).toBeNull();
    expect(recordTimeMs({ at: { $date: { $numberLong: '253402300799999' } } }, 'at.$date')).toBe(
      Date.parse('9999-12-31T23:59:59.999Z'),
    );
  });

  test('a time field of the record’s own wins over it, as over the relaxed form', () => {
    expect(chooseTimeField(learned([{ ...canonical(1), updated_at: '2026-11-28T10:00:00Z' }]))).toBe(
      'updated_at',
    );
  });

  test.each<[string, unknown]>([
    ['a number', { $numberLong: MS }],
    ['not digits', { $numberLong: 'soon' }],
    ['a fraction', { $numberLong: '1732870000000.5' }],
    ['another key beside it', { $numberLong: String(MS), $numberInt: '1' }],
    ['another Extended JSON type', { $numberDouble: String(MS) }],
    ['a list', [{ $numberLong: String(MS) }]],
  ])('a $date holding %s is not a date', (_, value) => {
    const record = { createdAt: { $date: value } };
    expect(numberLongDateMs(value)).toBeNull();
    expect(learned([record]).createdAt!.fields!.$date!.types.date).toBeUndefined();
    expect(recordTimeMs(record, 'createdAt.$date')).toBeNull();
  });

  test('a $numberLong is a date only as a $date’s value', () => {
    const count = { createdAt: '2026-11-28T10:00:00Z', views: { $numberLong: '1732870000000' } };
    expect(learned([count]).views!.fields!.$numberLong!.types).toEqual({ string: 1 });
    expect(recordTimeMs(count, 'views')).toBeNull();
    expect(numberLongDateMs({ $numberLong: '1732870000000' })).toBe(MS);
  });

  test('a store that learned it as an object holds the field its records are retimed by', () => {
    // As an earlier version learned it: `createdAt.$date` an object holding `$numberLong`, no time field.
    const before: Record<string, FieldStats> = {
      name: { name: 'name', count: 2, types: { string: 2 } },
      createdAt: {
        name: 'createdAt',
        count: 2,
        types: { object: 2 },
        fields: {
          $date: {
            name: '$date',
            count: 2,
            types: { object: 2 },
            fields: { $numberLong: { name: '$numberLong', count: 2, types: { string: 2 }, epochStrings: 2 } },
          },
        },
      },
    };
    expect(chooseTimeField(before)).toBeNull();
    // What the tierer's adoption asks of the records learned again, and of the store's own fields.
    const again = learned([canonical(1), canonical(2)]);
    expect(chooseTimeField(again)).toBe('createdAt.$date');
    expect(holdsField(before, 'createdAt.$date')).toBe(true);
    // And what a new batch of such records teaches the store.
    expect(teachesShape(before, again)).toBe(true);
    mergeFields(before, again);
    expect(before.createdAt!.fields!.$date!.types).toEqual({ object: 2, date: 2 });
  });
});
