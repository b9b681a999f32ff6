/**
 * The records' JSON texts as one string, as the commit sends them: each record's text as its
 * request sent it, separated by MEMBER_SEPARATOR. PostgreSQL splits the string and parses each
 * text into jsonb on its own (`string_to_array(…)::jsonb`), which took about half the time of
 * parsing the whole batch as one JSON array and taking its elements apart (`jsonb_array_elements`):
 * ~8 against ~17 ms per 5,000 sample records, one statement's time, best of fifteen.
 *
 * Why U+0001 cannot be inside a record: JSON allows no raw control character, neither in a string
 * (it must be escaped there) nor between tokens (only space, tab, CR and LF are whitespace), and
 * every text put here was accepted by JSON.parse or written by JSON.stringify. In UTF-8 the byte
 * 0x01 is never part of another character, so the database splits on bytes safely.
 */
import { closingQuote, JSON_CHAR, NUMERIC_MAX_SCALE } from '@smartdb/core';

export const MEMBER_SEPARATOR = '\u0001';

const { QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, MINUS, LOWER_E, UPPER_E } =
  JSON_CHAR;

/** The texts of records serialised here (a record that came without its text). */
export function membersOfRecords(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join(MEMBER_SEPARATOR);
}

/**
 * The members of a JSON array's text, separated by MEMBER_SEPARATOR where the array separates them
 * by commas; whitespace around a member stays (jsonb ignores it). `text` must be JSON that
 * JSON.parse read as an array: this finds the array's own commas, it does not validate.
 * `numbers.suspect` is set when a member may hold a number PostgreSQL's numeric cannot (see
 * numberBeyondNumeric): a negative exponent outside a string, or a member longer than the digits
 * numeric keeps after the point. Found in the same pass, so a large array is not read again for it.
 */
export function arrayMembers(text: string, numbers: { suspect: boolean } = { suspect: false }): string {
  const start = text.indexOf('[') + 1;
  const end = text.lastIndexOf(']');
  const parts: string[] = [];
  let from = start;
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = closingQuote(text, i);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COMMA && depth === 0) {
      if (i - from > NUMERIC_MAX_SCALE) numbers.suspect = true;
      parts.push(text.slice(from, i));
      from = i + 1;
    } else if ((c === LOWER_E || c === UPPER_E) && text.charCodeAt(i + 1) === MINUS) numbers.suspect = true;
  }
  if (end - from > NUMERIC_MAX_SCALE) numbers.suspect = true;
  parts.push(text.slice(from, end));
  return parts.join(MEMBER_SEPARATOR);
}
