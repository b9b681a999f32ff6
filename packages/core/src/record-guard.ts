/**
 * Checks one parsed JSON record against the input limits before anything is stored. Returns the
 * first problem as an AppError-ready description, or null. Never mutates the record.
 */
import type { ErrorCode } from './errors.ts';
import { NUMERIC_MAX_SCALE, numberBeyondNumeric } from './json-text.ts';
import { FORBIDDEN_KEYS, LIMITS } from './limits.ts';

export interface RecordProblem {
  code: ErrorCode;
  message: string;
  path: string;
}

export type JsonRecord = Record<string, unknown>;

export function isPlainRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `escapes` says whether the record's JSON text may hold `\u` escapes; false when the text is known
 * and holds none (`mayHoldEscapes`). Only an escape makes a NUL or a lone surrogate in a parsed string:
 * JSON.parse refuses raw control characters, and strict UTF-8 decoding refuses encoded surrogates.
 * Without escapes those two scans of every string are skipped.
 */
export function checkRecord(value: unknown, escapes = true): RecordProblem | null {
  if (!isPlainRecord(value)) {
    return { code: 'INVALID_RECORD', message: 'a record must be a JSON object', path: '$' };
  }
  const found = walk(value, 1, escapes);
  if (!found) return null;
  // The path is put together only for a problem: on good records no string is built per field.
  return { code: found.code, message: found.message, path: jsonPath(found.at.reverse()) };
}

/** Keys and indexes from a record's root, as `$.a[0].b`. */
export function jsonPath(steps: readonly (string | number)[]): string {
  let path = '$';
  for (const step of steps) path += typeof step === 'number' ? `[${step}]` : `.${step}`;
  return path;
}

/**
 * The first number in a request's JSON text that PostgreSQL's numeric cannot hold, which the parsed
 * records no longer show (see numberBeyondNumeric): for an array's text, with its record's index.
 */
export function numericProblem(
  text: string,
  isArray: boolean,
): { index?: number; problem: RecordProblem } | null {
  const steps = numberBeyondNumeric(text);
  if (!steps) return null;
  const problem: RecordProblem = {
    code: 'INVALID_RECORD',
    message: `a number with more than ${NUMERIC_MAX_SCALE} digits after the decimal point, more than PostgreSQL's numeric holds`,
    path: jsonPath(isArray ? steps.slice(1) : steps),
  };
  return isArray ? { index: steps[0] as number, problem } : { problem };
}

/** A problem, and the keys and indexes leading to it from the innermost out. */
interface Found {
  code: ErrorCode;
  message: string;
  at: (string | number)[];
}

function walk(value: unknown, depth: number, escapes: boolean): Found | null {
  if (typeof value === 'string') return checkString(value, escapes);
  // JSON.parse reads a literal beyond double precision (1e400) as Infinity: the record could not be
  // read back as it was sent, and PostgreSQL refuses some such literals outright.
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? null
      : { code: 'INVALID_RECORD', message: 'a number beyond the range of double precision', at: [] };
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth > LIMITS.maxDepth) {
    return { code: 'TOO_DEEP', message: `nesting deeper than ${LIMITS.maxDepth} levels`, at: [] };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1, escapes);
      if (found) {
        found.at.push(i);
        return found;
      }
    }
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > LIMITS.maxKeysPerObject) {
    return { code: 'TOO_WIDE', message: `more than ${LIMITS.maxKeysPerObject} keys in one object`, at: [] };
  }
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) {
      return { code: 'FORBIDDEN_KEY', message: `the key "${key}" is not allowed`, at: [] };
    }
    // A bad key is reported at its object, a bad value at its key.
    const keyProblem = checkString(key, escapes);
    if (keyProblem) return keyProblem;
    const found = walk((value as JsonRecord)[key], depth + 1, escapes);
    if (found) {
      found.at.push(key);
      return found;
    }
  }
  return null;
}

/** Whether a JSON text may hold a `\u` escape (it may also be an escaped backslash before a u). */
export function mayHoldEscapes(text: string): boolean {
  return text.includes('\\u');
}

function checkString(s: string, escapes: boolean): Found | null {
  if (escapes && s.includes('\u0000'))
    return { code: 'NUL_BYTE', message: 'strings may not contain NUL (\\u0000)', at: [] };
  // A lone surrogate (from a `\ud800` escape) is valid JSON but not Unicode; PostgreSQL refuses it.
  if (escapes && !s.isWellFormed()) {
    return { code: 'INVALID_UTF8', message: 'strings must be valid Unicode (a lone surrogate)', at: [] };
  }
  // A UTF-16 length bounds the UTF-8 size from below by 1 and above by 3 bytes per unit.
  if (
    s.length > LIMITS.maxStringBytes ||
    (s.length * 3 > LIMITS.maxStringBytes && utf8Length(s) > LIMITS.maxStringBytes)
  ) {
    return {
      code: 'STRING_TOO_LONG',
      message: `a string longer than ${LIMITS.maxStringBytes} bytes`,
      at: [],
    };
  }
  return null;
}

const encoder = new TextEncoder();
function utf8Length(s: string): number {
  return encoder.encode(s).length;
}
