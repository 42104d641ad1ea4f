import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HttpHeaders, isChunked, parseHttpMessage } from '../../src/protocol/http-payload.js';

/** The framing rules as first written (arrays and flatMap), kept as the oracle of the loop-based reading. */
function referenceChunked(headers: HttpHeaders): boolean {
  return headers.getAll('transfer-encoding').some((value) => value.split(',').some((coding) => coding.trim().toLowerCase() === 'chunked'));
}

function referenceLength(headers: HttpHeaders): number | undefined {
  const values = headers
    .getAll('content-length')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim());
  const [first] = values;
  if (first === undefined || !/^\d+$/.test(first)) return undefined;
  if (values.some((value) => value !== first)) return undefined;
  const length = Number(first);
  return Number.isSafeInteger(length) ? length : undefined;
}

const valueArb = fc.oneof(
  fc.constantFrom('5', ' 5 ', '5,5', '5, 5', '5,6', '', ',', '05', '5,', '-1', '99999999999999999999', 'chunked', 'gzip, chunked', 'CHUNKED ', 'chunked,', 'identity'),
  fc.stringMatching(/^[0-9 ,a-z]{0,8}$/),
);
const fieldArb = fc.tuple(fc.constantFrom('Content-Length', 'content-length', 'Transfer-Encoding', 'TRANSFER-ENCODING', 'X-Other'), valueArb);

test('Content-Length and Transfer-Encoding are read as the array-based rules read them, for any fields, repeats and commas', () => {
  fc.assert(
    fc.property(fc.array(fieldArb, { maxLength: 5 }), fc.string({ maxLength: 12 }), (fields, body) => {
      const head = fields.map(([name, value]) => `${name}: ${value}\r\n`).join('');
      const payload = Buffer.from(`HTTP/1.1 200 OK\r\n${head}\r\n${body}`, 'latin1');
      const http = parseHttpMessage(payload, 'response');
      assert.ok(http.ok);
      const headers = new HttpHeaders(fields.map(([name, value]) => [name, value.trim()] as const));
      assert.equal(isChunked(http.headers), referenceChunked(headers));
      const rest = Buffer.from(body, 'latin1');
      const length = referenceLength(headers);
      const expected =
        referenceChunked(headers) || length === undefined
          ? { rawBody: rest, truncated: false }
          : rest.length < length
            ? { rawBody: rest, truncated: true }
            : { rawBody: rest.subarray(0, length), truncated: false };
      assert.deepEqual({ rawBody: http.rawBody, truncated: http.truncated }, expected);
    }),
    { numRuns: 2000 },
  );
});

test('values() is getAll() without the copy: same values, and changing a copy leaves the headers as they were', () => {
  const headers = new HttpHeaders([
    ['Set-Cookie', 'a=1'],
    ['set-cookie', 'b=2'],
  ]);
  assert.deepEqual(headers.values('SET-COOKIE'), headers.getAll('set-cookie'));
  assert.deepEqual(headers.values('absent'), []);
  headers.getAll('set-cookie').push('c=3');
  assert.deepEqual(headers.values('set-cookie'), ['a=1', 'b=2']);
});
