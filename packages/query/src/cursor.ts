/**
 * The opaque keyset cursor of a paged answer: the sort-key values of the last row returned plus
 * a signature of the sort, base64url-encoded JSON. A cursor from a different question's sort is
 * rejected rather than silently paging the wrong ordering. It must never carry SQL.
 */
import { AppError } from '@smartdb/core';

export interface PageCursor {
  /** The sort the cursor belongs to, e.g. "ts:desc" or "amount:desc". */
  sort: string;
  /** Key values of the last row, as text, in sort-key order. */
  keys: string[];
  /** The cursor as the caller sent it, for a refusal to name. */
  text: string;
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCursor(cursor: Omit<PageCursor, 'text'>): string {
  return toBase64Url(JSON.stringify([cursor.sort, cursor.keys]));
}

/** The refusal of a cursor that this question's answers could not have given. */
export function invalidCursor(text: string): AppError {
  return new AppError(400, 'BAD_REQUEST', 'The cursor is not valid for this question', {
    details: { cursor: text },
  });
}

export function decodeCursor(text: string, sort: string): PageCursor {
  const invalid = () => invalidCursor(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(text));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== sort || !Array.isArray(parsed[1])) throw invalid();
  const keys = parsed[1] as unknown[];
  if (!keys.every((k) => typeof k === 'string')) throw invalid();
  return { sort, keys: keys as string[], text };
}
