/** Input limits of the public API (ARCHITECTURE, "Reliability and security rules"). */
export const LIMITS = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxRecordsPerArray: 10_000,
  maxDepth: 32,
  maxKeysPerObject: 1_000,
  maxStringBytes: 1024 * 1024,
  maxNdjsonLineBytes: 10 * 1024 * 1024,
} as const;

/** Keys that would poison an object's prototype chain in some consumer; refused outright. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
