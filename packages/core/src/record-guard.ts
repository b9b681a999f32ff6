/**
 * Checks one parsed JSON record against the input limits before anything is stored. Returns the
 * first problem as an AppError-ready description, or null. Never mutates the record.
 */
import type { ErrorCode } from './errors.ts';
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

export function checkRecord(value: unknown): RecordProblem | null {
  if (!isPlainRecord(value)) {
    return { code: 'INVALID_RECORD', message: 'a record must be a JSON object', path: '$' };
  }
  return walk(value, '$', 1);
}

function walk(value: unknown, path: string, depth: number): RecordProblem | null {
  if (typeof value === 'string') return checkString(value, path);
  if (typeof value !== 'object' || value === null) return null;
  if (depth > LIMITS.maxDepth) {
    return { code: 'TOO_DEEP', message: `nesting deeper than ${LIMITS.maxDepth} levels`, path };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = walk(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > LIMITS.maxKeysPerObject) {
    return { code: 'TOO_WIDE', message: `more than ${LIMITS.maxKeysPerObject} keys in one object`, path };
  }
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) {
      return { code: 'FORBIDDEN_KEY', message: `the key "${key}" is not allowed`, path };
    }
    const keyProblem = checkString(key, path);
    if (keyProblem) return keyProblem;
    const problem = walk((value as JsonRecord)[key], `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return null;
}

const LONE_SURROGATE = /\p{Cs}/u;

function checkString(s: string, path: string): RecordProblem | null {
  if (s.includes('\u0000'))
    return { code: 'NUL_BYTE', message: 'strings may not contain NUL (\\u0000)', path };
  // A lone surrogate (from a `\ud800` escape) is valid JSON but not Unicode; PostgreSQL refuses it.
  if (LONE_SURROGATE.test(s)) {
    return { code: 'INVALID_UTF8', message: 'strings must be valid Unicode (a lone surrogate)', path };
  }
  // A UTF-16 length bounds the UTF-8 size from below by 1 and above by 3 bytes per unit.
  if (
    s.length > LIMITS.maxStringBytes ||
    (s.length * 3 > LIMITS.maxStringBytes && utf8Length(s) > LIMITS.maxStringBytes)
  ) {
    return { code: 'STRING_TOO_LONG', message: `a string longer than ${LIMITS.maxStringBytes} bytes`, path };
  }
  return null;
}

const encoder = new TextEncoder();
function utf8Length(s: string): number {
  return encoder.encode(s).length;
}
