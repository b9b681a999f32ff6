/**
 * Record ids: UUIDv7, time-ordered, so the primary-key index grows at its right edge. uuid's own
 * generator refills a 256-byte random pool every 16 ids; ingest makes thousands of ids per batch
 * (measured: 4 % of a batched ingest's CPU in `randomFillSync`), so it draws from a 64 KiB pool.
 */
import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

const pool = new Uint8Array(64 * 1024);
let next = pool.length;

/** 16 random bytes; valid until the next call (uuid copies them into the id at once). */
function random16(): Uint8Array {
  if (next + 16 > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = pool.subarray(next, next + 16);
  next += 16;
  return bytes;
}

export function newRecordId(): string {
  return uuidv7({ rng: random16 });
}
