/** Date tests run in several process time zones: a record's time must read the same in every region. */
import { afterEach, beforeEach, describe } from 'vitest';

/** Runs `body`'s tests once per time zone, with the process's TZ set to it around each test. */
export function inEachTimeZone(body: () => void, zones = ['UTC', 'America/New_York', 'Asia/Kolkata']): void {
  describe.each(zones)('in a process whose time zone is %s', (zone) => {
    let before: string | undefined;
    beforeEach(() => {
      before = process.env.TZ;
      process.env.TZ = zone;
    });
    afterEach(() => {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    });
    body();
  });
}
