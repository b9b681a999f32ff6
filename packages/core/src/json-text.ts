/**
 * Reading a JSON text that JSON.parse has already accepted, for what parsing loses: where the
 * members of an array begin and end (ingest stores records as sent), and a number's digits as
 * written (PostgreSQL stores them; JavaScript rounds them).
 */

/** The character codes a JSON text's structure is read by. */
export const JSON_CHAR = {
  QUOTE: 34,
  BACKSLASH: 92,
  OPEN_BRACE: 123,
  CLOSE_BRACE: 125,
  OPEN_BRACKET: 91,
  CLOSE_BRACKET: 93,
  COMMA: 44,
  COLON: 58,
  MINUS: 45,
  LOWER_E: 101,
  UPPER_E: 69,
} as const;
const { QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, COLON, MINUS } =
  JSON_CHAR;

/** The index of the quote that closes the string opened at `open`: one not escaped by a backslash. */
export function closingQuote(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

/**
 * Most digits after the decimal point that PostgreSQL's numeric, and so a jsonb number, can hold
 * (NUMERIC_DSCALE_MAX): `1e-16383` is stored, `1e-16384` and `1.5e-16383` are refused ("value
 * overflows numeric format").
 */
export const NUMERIC_MAX_SCALE = 16_383;

/** A JSON number: its fraction's digits and its exponent. */
const NUMBER = /-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;
/** A negative exponent after a digit: the only way a short text holds a number beyond the scale. */
const NEGATIVE_EXPONENT = /\d[eE]-/;

/**
 * The path (keys and indexes from the text's root) to the first number literal in `text` with more
 * digits after the decimal point than a jsonb number holds, or null. JavaScript reads such a literal
 * as a small number or 0 (`1e-20000` is 0), so the parsed value passes every check, but the record is
 * stored as sent and PostgreSQL would refuse it: a write that fails on every retry. Its digits after
 * the point are the fraction's digits less the exponent. `text` must be JSON that JSON.parse read;
 * this finds tokens, it does not validate. Most texts are ruled out by the two screens first.
 */
export function numberBeyondNumeric(text: string): (string | number)[] | null {
  if (text.length <= NUMERIC_MAX_SCALE && !NEGATIVE_EXPONENT.test(text)) return null;
  const path: (string | number)[] = [];
  // For each open container, whether it is an array (else an object).
  const inArray: boolean[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (inArray.length > 0 && !inArray[inArray.length - 1] && nextToken(text, end + 1) === COLON) {
        path[path.length - 1] = JSON.parse(text.slice(i, end + 1)) as string;
      }
      i = end + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      inArray.push(c === OPEN_BRACKET);
      path.push(c === OPEN_BRACKET ? 0 : '');
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      inArray.pop();
      path.pop();
      i++;
    } else if (c === COMMA) {
      if (inArray[inArray.length - 1]) path[path.length - 1] = (path[path.length - 1] as number) + 1;
      i++;
    } else if (c === MINUS || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      if ((m[1]?.length ?? 0) - Number(m[2] ?? 0) > NUMERIC_MAX_SCALE) return path;
      i = NUMBER.lastIndex;
    } else i++;
  }
  return null;
}

/** The first character at or after `from` that is not JSON whitespace. */
function nextToken(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
    i++;
  }
}
