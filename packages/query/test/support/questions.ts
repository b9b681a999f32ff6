/**
 * Reading questions in unit tests: the sample data set's stores as learned at one fixed moment
 * (Wednesday 2026-11-25 15:30 UTC), the interpretation of a question against them, and the refusal
 * of one that must be refused.
 */
import type { AppError } from '@smartdb/core';
import type { StoreEntry } from '@smartdb/registry';
import { interpretQuery } from '../../src/interpret.ts';
import type { Interpretation } from '../../src/types.ts';
import { sampleStores } from './stores.ts';

export const NOW = Date.parse('2026-11-25T15:30:00Z');
export const { stores } = sampleStores('t1', NOW);

/** The interpretation of `q` against `against` (the sample stores unless given), at NOW. */
export function interpretationOf(q: string, against: StoreEntry[] = stores): Interpretation {
  return interpretQuery(q, against, { now: new Date(NOW) }).interpretation;
}

/** The error `q` is refused with; throws when it is answered. */
export function refusalOf(q: string, against: StoreEntry[] = stores): AppError {
  try {
    interpretationOf(q, against);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`"${q}" was answered`);
}
