import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeHeader, decodePayload, gorHeader, peekPayload } from '../../src/protocol/decode-line.js';
import { parseGorHeader } from '../../src/protocol/gor-file.js';
import { decodeHexStrict } from '../../src/protocol/hex.js';
import type { GorHeader } from '../../src/protocol/gor-message.js';

/** A header's values, whatever object holds them. */
const fields = (header: GorHeader) => ({ kind: header.kind, id: header.id, timestamp: header.timestamp, ...(header.duration === undefined ? {} : { duration: header.duration }) });
const hex = (text: string): Buffer => Buffer.from(Buffer.from(text, 'latin1').toString('hex'), 'latin1');

test('strict hex decoding accepts lower and upper case', () => {
  assert.deepEqual(decodeHexStrict(Buffer.from('4a4B')), Buffer.from('JK'));
});

test('strict hex decoding rejects odd length, bad characters anywhere, and spaces', () => {
  for (const bad of ['414', 'zz41', '41zz', '4 41', '41\r']) {
    assert.equal(decodeHexStrict(Buffer.from(bad)), null, bad);
  }
});

test('a 4-field header is decoded with exact nanosecond timestamps', () => {
  const line = hex('1 a1b2c3 1700000000123456789 987654321\nGET / HTTP/1.1\r\n\r\n');
  const decoded = decodeHeader(line);
  assert.ok(decoded.ok);
  assert.equal(decoded.kind, 'request');
  assert.equal(decoded.id, 'a1b2c3');
  assert.deepEqual(fields(gorHeader(decoded)), { kind: 'request', id: 'a1b2c3', timestamp: 1700000000123456789n, duration: 987654321n });
  assert.equal(decoded.headerLine, '1 a1b2c3 1700000000123456789 987654321');
  assert.equal(decodePayload(line, decoded)?.toString(), 'GET / HTTP/1.1\r\n\r\n');
});

test('a 3-field header has no duration', () => {
  const decoded = decodeHeader(hex(`2 ${'f'.repeat(40)} 1500000000000000000\nHTTP/1.1 200 OK\r\n\r\n`));
  assert.ok(decoded.ok);
  assert.equal(decoded.kind, 'response');
  assert.equal(decoded.id, 'f'.repeat(40));
  assert.equal(gorHeader(decoded).duration, undefined);
});

test('a trailing CR is tolerated', () => {
  const line = Buffer.concat([hex('3 x 1 2\nHTTP/1.1 200 OK\r\n\r\n'), Buffer.from('\r')]);
  const decoded = decodeHeader(line);
  assert.ok(decoded.ok);
  assert.equal(decodePayload(line, decoded)?.toString(), 'HTTP/1.1 200 OK\r\n\r\n');
});

test('an ID of any length is kept whole, even when the header is longer than the first peek', () => {
  const id = 'i'.repeat(500);
  const decoded = decodeHeader(hex(`1 ${id} 5\nGET / HTTP/1.1\r\n\r\n`));
  assert.ok(decoded.ok);
  assert.equal(decoded.id, id);
});

test('failures are typed, never thrown', () => {
  const cases: Array<[Buffer, string]> = [
    [Buffer.alloc(0), 'empty'],
    [Buffer.from('\r'), 'empty'],
    [Buffer.from('zz'), 'bad_hex'],
    [Buffer.from('414'), 'bad_hex'],
    [hex('1 abc 5'), 'no_header'],
    [hex('1 abc\nGET / HTTP/1.1\r\n\r\n'), 'bad_header'],
    [hex('4 abc 5\nGET / HTTP/1.1\r\n\r\n'), 'bad_header'],
    [hex('1 abc 5\n'), 'no_payload'],
  ];
  for (const [line, reason] of cases) {
    const decoded = decodeHeader(line);
    assert.equal(decoded.ok, false, line.toString());
    if (!decoded.ok) assert.equal(decoded.reason, reason, line.toString());
  }
});

test('a payload with bad hex after a good header decodes its header but not its payload', () => {
  const line = Buffer.concat([hex(`1 abc 5\nGET / HTTP/1.1\r\n${'x'.repeat(1000)}`), Buffer.from('zz')]);
  const decoded = decodeHeader(line);
  assert.ok(decoded.ok);
  assert.equal(decodePayload(line, decoded), null);
});

test('peeking decodes only the start of the payload', () => {
  const line = hex(`1 abc 5\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n${'b'.repeat(10_000)}`);
  const decoded = decodeHeader(line);
  assert.ok(decoded.ok);
  assert.equal(peekPayload(line, decoded, 16)?.toString(), 'GET /a HTTP/1.1\r');
});

test('the header check while decoding accepts exactly the headers parseGorHeader accepts', () => {
  const part = fc.constantFrom('1', '2', '3', '4', '', '-', '-1', '12', 'a', '0', '123456789012345678901234', 'x y', '  ');
  const headers = fc.oneof(
    fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' ')),
    fc.string({ maxLength: 30 }).filter((text) => !text.includes('\n')),
  );
  fc.assert(
    fc.property(headers, (header) => {
      const decoded = decodeHeader(hex(`${header}\nGET / HTTP/1.1\r\n\r\n`));
      const parsed = parseGorHeader(header);
      assert.equal(decoded.ok, parsed !== null, JSON.stringify(header));
      if (decoded.ok && parsed !== null) {
        assert.deepEqual(fields(gorHeader(decoded)), fields(parsed));
        assert.equal(decoded.id, parsed.id);
        assert.equal(decoded.kind, parsed.kind);
      }
    }),
    { numRuns: 2000 },
  );
});
