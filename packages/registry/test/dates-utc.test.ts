/**
 * A record's time reads the same in every region: an ISO date-time without an offset is UTC (the
 * service's convention), whatever time zone the process runs in, and PostgreSQL's hour-only offset
 * (`2026-11-28 10:00:00+00`, its text form of a timestamptz) is a date. Before, a region whose
 * process ran with TZ=America/New_York stored `2026-11-28 10:00:00` as 15:00 UTC, five hours from
 * what a region in UTC stored for the same record, and `…+00` was not a date at all.
 */
import { expect, test } from 'vitest';
import { chooseTimeField, dateStringMs, type FieldStats, learnRecord, recordTimeMs } from '../src/index.ts';
import { inEachTimeZone } from './support/time-zones.ts';

const TEN_UTC = Date.UTC(2026, 10, 28, 10, 0, 0);

inEachTimeZone(() => {
  test.each([
    ['2026-11-28T10:00:00Z', TEN_UTC],
    ['2026-11-28 10:00:00', TEN_UTC],
    ['2026-11-28T10:00:00', TEN_UTC],
    ['2026-11-28T10:00', TEN_UTC],
    ['2026-11-28 10:00:00.250', TEN_UTC + 250],
    ['2026-11-28 10:00:00+00', TEN_UTC],
    ['2026-11-28 11:00:00+01', TEN_UTC],
    ['2026-11-28T11:30:00+0130', TEN_UTC],
    ['2026-11-28T05:00:00-05:00', TEN_UTC],
    ['2026-11-28', Date.UTC(2026, 10, 28)],
  ])('%s is %i', (text, ms) => {
    expect(dateStringMs(text)).toBe(ms);
    expect(recordTimeMs({ at: text }, 'at')).toBe(ms);
  });

  test('a PostgreSQL timestamptz text is a date, and a time field', () => {
    const fields: Record<string, FieldStats> = {};
    learnRecord(fields, { created_at: '2026-11-28 10:00:00+00', n: 1 });
    expect(chooseTimeField(fields)).toBe('created_at');
  });

  test.each(['2026-11-28 25:00:00', '2026-11-28T10:00:00+99', '11/28/2026 10:00', '28/11/2026'])(
    '%s is not a date',
    (text) => {
      expect(dateStringMs(text)).toBeNull();
    },
  );
});
