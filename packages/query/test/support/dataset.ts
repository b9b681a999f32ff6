/** Typed access to the shared public data set (plain JavaScript, read-only, outside the workspace). */
// @ts-expect-error: dataset.mjs ships without type declarations
import * as untyped from '../../../../../shared/nlq/dataset.mjs';

interface Dataset {
  DAY: number;
  HOUR: number;
  TEXT_FIELD: Record<string, string>;
  TIME_FIELD: Record<string, string>;
  dateToken(now: number, n: number): string;
  generate(
    now: number,
    seed?: number,
  ): { now: number; records: { kind: string; data: Record<string, unknown> }[] };
  startOfDay(ms: number): number;
  startOfMonth(ms: number): number;
  startOfWeek(ms: number): number;
}

export const dataset = untyped as Dataset;
