import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { decodeBody } from '../../src/protocol/body-decoder.js';
import type { BodyFailure, DecodedBody } from '../../src/protocol/body-decoder.js';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';
import type { HttpMessage } from '../../src/protocol/http-payload.js';

const MIB = 1024 * 1024;
const LIMIT = { maxBytes: 64 * MIB };
const JSON_BODY = Buffer.from(JSON.stringify({ id: 7, items: ['a', 'b', 'c'], note: 'x'.repeat(300) }));

/** Builds a response from header lines (without the blank line) and raw body bytes. */
function response(headerLines: string[], body: Buffer | string): HttpMessage {
  const head = Buffer.from(['HTTP/1.1 200 OK', ...headerLines, '', ''].join('\r\n'), 'latin1');
  const result = parseHttpMessage(Buffer.concat([head, Buffer.from(body)]), 'response');
  if (!result.ok) assert.fail(`fixture did not parse: ${result.detail}`);
  return result;
}

function decoded(result: DecodedBody | BodyFailure): DecodedBody {
  if (!result.ok) assert.fail(`expected a body, got ${result.reason}: ${result.detail}`);
  return result;
}

function reasonOf(result: DecodedBody | BodyFailure): string {
  return result.ok ? 'ok' : result.reason;
}

/** Frames `body` as chunks of the given sizes, then the last chunk. */
function chunked(body: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (const size of sizes) {
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), body.subarray(offset, offset + size), Buffer.from('\r\n'));
    offset += size;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

test('a plain body is returned untouched, as the same bytes', () => {
  const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
  const message = response([`Content-Length: ${binary.length}`, 'Content-Type: application/octet-stream'], binary);
  const result = decoded(decodeBody(message, LIMIT));
  assert.equal(result.body, message.rawBody);
  assert.deepEqual(result.body, binary);
  assert.deepEqual(result.encodings, []);
});

test('the content type is the lowercased media type without parameters', () => {
  const cases = [
    { header: 'Content-Type: Application/JSON; charset=UTF-8', want: 'application/json' },
    { header: 'content-type:text/html', want: 'text/html' },
    { header: 'Content-Type:  image/png ;q=1', want: 'image/png' },
    { header: 'X-Other: 1', want: '' },
  ];
  for (const { header, want } of cases) {
    assert.equal(decoded(decodeBody(response([header], ''), LIMIT)).contentType, want, header);
  }
});

test('chunked framing is removed: one chunk, many chunks, extensions, trailers, bare LF, upper-case hex', () => {
  const cases = [
    { name: 'one chunk', raw: '5\r\nhello\r\n0\r\n\r\n', want: 'hello' },
    { name: 'many chunks', raw: '3\r\nabc\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n', want: 'abcdef' },
    { name: 'extensions', raw: '3;name=value\r\nabc\r\n2 ; x\r\nde\r\n0;last\r\n\r\n', want: 'abcde' },
    { name: 'trailers', raw: '3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n', want: 'abc' },
    { name: 'no final blank line', raw: '3\r\nabc\r\n0\r\n', want: 'abc' },
    { name: 'bare LF', raw: '3\nabc\n0\n\n', want: 'abc' },
    { name: 'upper-case hex', raw: `A\r\n${'x'.repeat(10)}\r\n0\r\n\r\n`, want: 'x'.repeat(10) },
    { name: 'chunk data with CRLF inside', raw: '4\r\na\r\nb\r\n0\r\n\r\n', want: 'a\r\nb' },
    { name: 'empty body', raw: '', want: '' },
  ];
  for (const { name, raw, want } of cases) {
    const result = decoded(decodeBody(response(['Transfer-Encoding: chunked'], raw), LIMIT));
    assert.equal(result.body.toString('latin1'), want, name);
  }
});

test('truncated or malformed chunked bodies fail with bad_chunked', () => {
  const cases = [
    { name: 'no last chunk', raw: '3\r\nabc\r\n' },
    { name: 'stops inside data', raw: '5\r\nab' },
    { name: 'stops inside size line', raw: '3\r\nabc\r\n1' },
    { name: 'stops right after data', raw: '3\r\nabc' },
    { name: 'stops after the CR of data', raw: '3\r\nabc\r' },
    { name: 'size is not hex', raw: 'zz\r\nabc\r\n0\r\n\r\n' },
    { name: 'size is empty', raw: '\r\nabc\r\n0\r\n\r\n' },
    { name: 'size is negative', raw: '-3\r\nabc\r\n0\r\n\r\n' },
    { name: 'size is absurdly long', raw: `${'f'.repeat(40)}\r\nabc\r\n0\r\n\r\n` },
    { name: 'data longer than its size', raw: '2\r\nabc\r\n0\r\n\r\n' },
  ];
  for (const { name, raw } of cases) {
    assert.equal(reasonOf(decodeBody(response(['Transfer-Encoding: chunked'], raw), LIMIT)), 'bad_chunked', name);
  }
});

test('each content coding is decoded, whatever its case', () => {
  const cases = [
    { coding: 'gzip', encoded: gzipSync(JSON_BODY) },
    { coding: 'x-gzip', encoded: gzipSync(JSON_BODY) },
    { coding: 'GZIP', encoded: gzipSync(JSON_BODY) },
    { coding: 'deflate', encoded: deflateSync(JSON_BODY) },
    { coding: 'deflate', encoded: deflateRawSync(JSON_BODY) },
    { coding: 'br', encoded: brotliCompressSync(JSON_BODY) },
    { coding: 'identity', encoded: JSON_BODY },
  ];
  for (const { coding, encoded } of cases) {
    const message = response([`Content-Encoding: ${coding}`, `Content-Length: ${encoded.length}`], encoded);
    const result = decoded(decodeBody(message, LIMIT));
    assert.deepEqual(result.body, JSON_BODY, coding);
    assert.deepEqual(result.encodings, coding === 'identity' ? [] : [coding.toLowerCase()], coding);
  }
});

test('stacked codings are decoded in reverse order, across one or several headers', () => {
  const encoded = brotliCompressSync(gzipSync(JSON_BODY));
  for (const headers of [['Content-Encoding: gzip, br'], ['Content-Encoding: gzip', 'Content-Encoding: identity,br']]) {
    const result = decoded(decodeBody(response(headers, encoded), LIMIT));
    assert.deepEqual(result.body, JSON_BODY);
    assert.deepEqual(result.encodings, ['gzip', 'br']);
  }
});

test('chunked framing is removed before the content coding', () => {
  const gz = gzipSync(JSON_BODY);
  const message = response(['Transfer-Encoding: chunked', 'Content-Encoding: gzip'], chunked(gz, [10, 1, gz.length - 11]));
  const result = decoded(decodeBody(message, LIMIT));
  assert.deepEqual(result.body, JSON_BODY);
  assert.deepEqual(result.encodings, ['gzip']);
});

test('unknown codings fail with unsupported_encoding', () => {
  for (const coding of ['compress', 'zstd', 'gzip, snappy', 'x-custom']) {
    const message = response([`Content-Encoding: ${coding}`], gzipSync(JSON_BODY));
    assert.equal(reasonOf(decodeBody(message, LIMIT)), 'unsupported_encoding', coding);
  }
});

test('corrupt or truncated compressed data fails with bad_encoding', () => {
  const gz = gzipSync(JSON_BODY);
  const flipped = Buffer.from(gz);
  flipped[20] = (flipped[20] ?? 0) ^ 0xff;
  const cases = [
    { coding: 'gzip', body: Buffer.from('this is not gzip at all') },
    { coding: 'gzip', body: gz.subarray(0, gz.length - 12) },
    { coding: 'gzip', body: flipped },
    { coding: 'deflate', body: Buffer.from([0xff, 0xff, 0xff, 0xff]) },
    { coding: 'br', body: Buffer.from('not brotli, certainly not') },
  ];
  for (const { coding, body } of cases) {
    assert.equal(reasonOf(decodeBody(response([`Content-Encoding: ${coding}`], body), LIMIT)), 'bad_encoding', coding);
  }
});

test('an empty body stays empty whatever its codings say', () => {
  const cases = [['Content-Encoding: gzip'], ['Content-Encoding: zstd'], ['Transfer-Encoding: chunked', 'Content-Encoding: br']];
  for (const headers of cases) {
    assert.equal(decoded(decodeBody(response(headers, ''), LIMIT)).body.length, 0, headers.join());
  }
});

test('a compression bomb stops at the cap with too_large', () => {
  // Concatenated gzip members are one valid gzip stream: two hundred mebibytes of zeros, cheaply.
  const member = gzipSync(Buffer.alloc(MIB));
  const gzipBomb = Buffer.concat(Array.from({ length: 200 }, () => member));
  const zeros = Buffer.alloc(16 * MIB);
  const cases = [
    { coding: 'gzip', body: gzipBomb },
    { coding: 'deflate', body: deflateSync(zeros) },
    { coding: 'deflate', body: deflateRawSync(zeros) },
    { coding: 'br', body: brotliCompressSync(zeros) },
  ];
  for (const { coding, body } of cases) {
    assert.ok(body.length < MIB / 4, `${coding} fixture stays small`);
    assert.equal(reasonOf(decodeBody(response([`Content-Encoding: ${coding}`], body), { maxBytes: MIB })), 'too_large', coding);
  }
});

test('the cap applies to plain and chunked-only bodies, and a body of exactly the cap passes', () => {
  const body = Buffer.alloc(1000, 0x61);
  const cases = [
    { name: 'plain', headers: [], raw: body, maxBytes: 999, want: 'too_large' },
    { name: 'plain at cap', headers: [], raw: body, maxBytes: 1000, want: 'ok' },
    { name: 'chunked', headers: ['Transfer-Encoding: chunked'], raw: chunked(body, [600, 400]), maxBytes: 999, want: 'too_large' },
    { name: 'chunked at cap', headers: ['Transfer-Encoding: chunked'], raw: chunked(body, [600, 400]), maxBytes: 1000, want: 'ok' },
    { name: 'gzip at cap', headers: ['Content-Encoding: gzip'], raw: gzipSync(body), maxBytes: 1000, want: 'ok' },
    { name: 'gzip over cap', headers: ['Content-Encoding: gzip'], raw: gzipSync(body), maxBytes: 999, want: 'too_large' },
    { name: 'zero cap', headers: ['Content-Encoding: gzip'], raw: gzipSync(body), maxBytes: 0, want: 'too_large' },
    { name: 'nonsense cap', headers: [], raw: body, maxBytes: Number.NaN, want: 'too_large' },
  ];
  for (const { name, headers, raw, maxBytes, want } of cases) {
    assert.equal(reasonOf(decodeBody(response(headers, raw), { maxBytes })), want, name);
  }
});

test('GoReplay replay variants of one response decode to the same body as the original', () => {
  const gz = gzipSync(JSON_BODY);
  const original = response(
    ['x-zeta: z', 'content-type: application/json; charset=utf-8', 'transfer-encoding: chunked', 'content-encoding: gzip'],
    chunked(gz, [7, 13, gz.length - 20]),
  );
  const replayRechunked = response(
    ['Transfer-Encoding: chunked', 'Content-Encoding: gzip', 'Content-Type: application/json; charset=utf-8', 'X-Zeta: z'],
    chunked(gz, [gz.length]),
  );
  const replayGunzipped = response(['Content-Type: application/json; charset=utf-8', 'X-Zeta: z'], JSON_BODY);
  const replayGunzippedChunked = response(['Transfer-Encoding: chunked', 'Content-Type: application/json'], chunked(JSON_BODY, [JSON_BODY.length]));
  const want = decoded(decodeBody(original, LIMIT));
  assert.deepEqual(want.body, JSON_BODY);
  for (const replay of [replayRechunked, replayGunzipped, replayGunzippedChunked]) {
    const got = decoded(decodeBody(replay, LIMIT));
    assert.deepEqual(got.body, want.body);
    assert.equal(got.contentType, 'application/json');
  }
});

test('decoding never throws, whatever the chunked bytes or the coding', () => {
  const codings = fc.constantFrom('', 'gzip', 'deflate', 'br', 'identity', 'zstd', 'gzip, br');
  const raw = fc.oneof(
    fc.uint8Array({ maxLength: 120 }).map((array) => Buffer.from(array)),
    fc.array(fc.constantFrom('0', '3', 'a', 'F', ';', '\r', '\n', 'abc', 'x'), { maxLength: 30 }).map((parts) => Buffer.from(parts.join(''))),
  );
  fc.assert(
    fc.property(fc.boolean(), codings, raw, fc.integer({ min: -1, max: 200 }), (isChunked, coding, body, maxBytes) => {
      const headers = [...(isChunked ? ['Transfer-Encoding: chunked'] : []), ...(coding === '' ? [] : [`Content-Encoding: ${coding}`])];
      const result = decodeBody(response(headers, body), { maxBytes });
      assert.equal(typeof result.ok, 'boolean');
      if (result.ok) assert.ok(result.body.length <= Math.max(0, maxBytes));
    }),
  );
});
