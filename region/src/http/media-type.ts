/**
 * The media type of a request body. JSON is UTF-8 (RFC 8259 §8.1) and every body is read as UTF-8,
 * so a body that declares another charset is refused with 415 naming it, rather than decoded wrongly
 * or refused as invalid UTF-8. The header is parsed by `content-type` (quoted parameters, case); one
 * it cannot parse is read by its media type alone, as before.
 */
import { AppError } from '@smartdb/core';
import { parse } from 'content-type';

const UTF8 = /^utf-?8$/i;

/** The lower-cased media type of `header` (empty when absent); 415 for a charset other than UTF-8. */
export function bodyMediaType(header: string | undefined): string {
  if (header === undefined) return '';
  // Most requests send a bare media type: nothing to parse.
  if (!header.includes(';')) return header.trim().toLowerCase();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(header);
  } catch {
    return header.split(';')[0]!.trim().toLowerCase();
  }
  const charset = parsed.parameters.charset;
  if (charset !== undefined && !UTF8.test(charset)) {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `bodies are read as UTF-8; charset=${charset.slice(0, 40)} is not supported`,
    );
  }
  return parsed.type;
}
