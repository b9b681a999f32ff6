/** Body reading: byte limits, strict UTF-8, JSON parsing and NDJSON line splitting. */
import { describe, expect, test } from 'vitest';
import {
  AppError,
  decodeUtf8,
  LIMITS,
  type NdjsonItem,
  ndjsonLines,
  parseJson,
  readBodyBytes,
  readJsonBody,
} from '../src/index.ts';

const encoder = new TextEncoder();

function streamOf(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      controller.close();
    },
  });
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function lines(stream: ReadableStream<Uint8Array>, maxLineBytes?: number): Promise<NdjsonItem[]> {
  const out: NdjsonItem[] = [];
  for await (const items of ndjsonLines(stream, maxLineBytes)) out.push(...items);
  return out;
}

describe('readBodyBytes', () => {
  test('joins chunks and returns the exact bytes', async () => {
    const bytes = await readBodyBytes(streamOf('ab', new Uint8Array([0xc3, 0xa9]), 'c'));
    expect([...bytes]).toEqual([0x61, 0x62, 0xc3, 0xa9, 0x63]);
  });

  test('an absent body is empty', async () => {
    expect(await readBodyBytes(null)).toHaveLength(0);
  });

  test('exactly the limit passes; one byte more is 413 PAYLOAD_TOO_LARGE', async () => {
    expect(await readBodyBytes(streamOf('x'.repeat(10), 'y'.repeat(6)), 16)).toHaveLength(16);
    const e = await rejection(readBodyBytes(streamOf('x'.repeat(10), 'y'.repeat(7)), 16));
    expect([e.status, e.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  test('stops reading (cancels the stream) as soon as the limit is passed', async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    await rejection(readBodyBytes(endless, 10 * 1024));
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(20);
  });

  test(`the default limit is ${LIMITS.maxBodyBytes} bytes`, async () => {
    const e = await rejection(readBodyBytes(streamOf(new Uint8Array(LIMITS.maxBodyBytes + 1))));
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('decodeUtf8', () => {
  test('decodes valid UTF-8, including 4-byte sequences', () => {
    expect(decodeUtf8(encoder.encode('héllo 😀'))).toBe('héllo 😀');
  });

  test.each([
    ['a stray continuation byte', [0x61, 0x80]],
    ['0xff', [0xff]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding of /', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ])('%s is 400 INVALID_UTF8', (_, bytes) => {
    let error: unknown;
    try {
      decodeUtf8(new Uint8Array(bytes));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect([(error as AppError).status, (error as AppError).code]).toEqual([400, 'INVALID_UTF8']);
  });
});

describe('parseJson and readJsonBody', () => {
  test.each(['{', '{"a":}', "{'a':1}", 'undefined', '[1,]', '{"a":1}{'])('%j is 400 INVALID_JSON', (text) => {
    expect(() => parseJson(text)).toThrowError(
      expect.objectContaining({ status: 400, code: 'INVALID_JSON' }),
    );
  });

  test('an empty or blank body is INVALID_JSON', async () => {
    expect((await rejection(readJsonBody(streamOf('  \n ')))).code).toBe('INVALID_JSON');
    expect((await rejection(readJsonBody(null))).code).toBe('INVALID_JSON');
  });

  test('a body that is not UTF-8 fails as INVALID_UTF8 before JSON parsing', async () => {
    const e = await rejection(readJsonBody(streamOf(new Uint8Array([0x7b, 0xff, 0x7d]))));
    expect(e.code).toBe('INVALID_UTF8');
  });

  test('reads a JSON value split across chunks, even inside a multi-byte character', async () => {
    const bytes = encoder.encode('{"name":"é"}');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await readJsonBody(streamOf(bytes.slice(0, cut), bytes.slice(cut)))).toEqual({ name: 'é' });
  });
});

describe('ndjsonLines', () => {
  test('numbers lines from 1, skips blank lines, strips CR', async () => {
    const items = await lines(streamOf('{"a":1}\r\n\n  \n{"a":2}\n{"a":3}'));
    expect(items).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"a":2}' },
      { line: 5, text: '{"a":3}' },
    ]);
  });

  test('lines split across chunks, including inside a multi-byte character', async () => {
    const bytes = encoder.encode('{"a":"é"}\n{"b":2}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const items = await lines(streamOf(bytes.slice(0, cut), bytes.slice(cut, cut + 5), bytes.slice(cut + 5)));
    expect(items).toEqual([
      { line: 1, text: '{"a":"é"}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  test('an overlong line is reported by number and the following lines still arrive', async () => {
    const items = await lines(streamOf('{"a":1}\n', 'x'.repeat(50), 'y'.repeat(50), '\n{"c":3}\n'), 64);
    expect(items[0]).toEqual({ line: 1, text: '{"a":1}' });
    expect(items[1]).toMatchObject({ line: 2, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(items[2]).toEqual({ line: 3, text: '{"c":3}' });
    expect(items).toHaveLength(3);
  });

  test('invalid UTF-8 mid-stream is 400 INVALID_UTF8', async () => {
    const gen = lines(streamOf('{"a":1}\n', new Uint8Array([0x7b, 0xff, 0x7d, 0x0a])));
    const e = await rejection(gen);
    expect([e.status, e.code]).toEqual([400, 'INVALID_UTF8']);
  });

  test('a truncated multi-byte character at the very end is INVALID_UTF8', async () => {
    const e = await rejection(lines(streamOf('{"a":1}\n', new Uint8Array([0xe2, 0x82]))));
    expect(e.code).toBe('INVALID_UTF8');
  });
});
