import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';
import { ResponseHead, WantedFields } from '../../src/protocol/response-head.js';
import { arbitraryResponse } from '../helpers/http-responses.js';

const WANTED = new WantedFields(['content-type', 'set-cookie', 'content-encoding', 'x-odd~name']);

function scan(text: string | Buffer, wanted = WANTED): ResponseHead | null {
  const head = new ResponseHead();
  return head.scan(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, wanted) ? head : null;
}

test('a plain response is read: status, framed body, wanted values trimmed and in wire order', () => {
  const payload = Buffer.from('HTTP/1.1 201 Created\r\nSet-Cookie: a=1\r\nContent-Type:  application/json \r\nSET-COOKIE: b=2\r\nContent-Length: 2\r\n\r\n{}extra');
  const head = scan(payload);
  assert.ok(head !== null);
  assert.equal(head.status, 201);
  assert.equal(payload.toString('latin1', head.bodyStart, head.bodyEnd), '{}');
  assert.equal(head.count, 3);
  const other = scan(Buffer.from('HTTP/1.1 201 Created\nContent-Type: application/json\nSet-Cookie: a=1\nSet-Cookie: b=2\n\n{}'));
  assert.ok(other !== null);
  assert.equal(head.sameValues(payload, other, Buffer.from('HTTP/1.1 201 Created\nContent-Type: application/json\nSet-Cookie: a=1\nSet-Cookie: b=2\n\n{}'), WANTED), true);
});

test('values of a wanted field that differ in bytes, order or count are not the same', () => {
  const base = 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n';
  for (const changed of [
    'HTTP/1.1 200 OK\r\nSet-Cookie: b=2\r\nSet-Cookie: a=1\r\n\r\n',
    'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\n\r\n',
    'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=3\r\n\r\n',
    'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nSet-Cookie: c=3\r\n\r\n',
  ]) {
    const a = scan(base);
    const b = scan(changed);
    assert.ok(a !== null && b !== null);
    assert.equal(a.sameValues(Buffer.from(base), b, Buffer.from(changed), WANTED), false, changed);
    assert.equal(b.sameValues(Buffer.from(changed), a, Buffer.from(base), WANTED), false, changed);
  }
});

test('names match in ASCII case only, never a different token character', () => {
  const head = scan('HTTP/1.1 200 OK\r\nX-ODD^NAME: 1\r\n\r\n');
  assert.ok(head !== null);
  assert.equal(head.count, 0);
  assert.equal(scan('HTTP/1.1 200 OK\r\nX-Odd~Name: 1\r\n\r\n')?.count, 1);
});

test('204 and 304 have no body, and Content-Length cuts the rest', () => {
  for (const status of [204, 304]) {
    const head = scan(`HTTP/1.1 ${status} X\r\nContent-Length: 5\r\n\r\nhello`);
    assert.ok(head !== null);
    assert.equal(head.bodyEnd - head.bodyStart, 0);
  }
  const head = scan('HTTP/1.1 200 OK\r\n\r\nall of it');
  assert.equal(head === null ? -1 : head.bodyEnd - head.bodyStart, 'all of it'.length);
});

test('whatever the full parser might read otherwise is left to it', () => {
  const refused = [
    '\r\nHTTP/1.1 200 OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\n',
    'HTTP/1.1 200 OK',
    'HTTP/1.1 20 OK\r\n\r\n',
    'HTTP/1.1 2000\r\n\r\n',
    'HTTP/1.1 200 O\rK\r\n\r\n',
    'HTTP/2 200\r\n\r\n',
    'HTTPS/1.1 200\r\n\r\n',
    'HTTP/1.1 200 OK\r\nFolded: a\r\n b\r\n\r\n',
    'HTTP/1.1 200 OK\r\nName : v\r\n\r\n',
    'HTTP/1.1 200 OK\r\nno colon\r\n\r\n',
    'HTTP/1.1 200 OK\r\n: empty name\r\n\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'HTTP/1.1 200 OK\r\ntransfer-encoding: identity\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}',
    'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\n{}',
    'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n{}',
    'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}',
    `HTTP/1.1 200 OK\r\n${'Set-Cookie: a=1\r\n'.repeat(17)}\r\n`,
    `HTTP/1.1 200 ${'x'.repeat(70_000)}\r\n\r\n`,
  ];
  for (const text of refused) assert.equal(scan(text), null, JSON.stringify(text.slice(0, 60)));
});

test('whenever the lean reading accepts a response, the full parser reads the same status, body and wanted values', () => {
  fc.assert(
    fc.property(arbitraryResponse(), (payload) => {
      const head = scan(payload);
      if (head === null) return;
      const http = parseHttpMessage(payload, 'response');
      assert.ok(http.ok);
      assert.equal(http.status, head.status);
      assert.ok(!http.truncated);
      assert.deepEqual(http.rawBody, payload.subarray(head.bodyStart, head.bodyEnd));
      assert.ok(!http.headers.has('transfer-encoding'));
      // The same values, field by field: a head built from the parsed values alone must match.
      const rebuilt = Buffer.from(
        `HTTP/1.1 ${head.status} X\r\n${WANTED.names.flatMap((name) => http.headers.values(name).map((value) => `${name}: ${value}\r\n`)).join('')}\r\n`,
        'latin1',
      );
      const other = scan(rebuilt);
      assert.ok(other !== null);
      assert.equal(head.sameValues(payload, other, rebuilt, WANTED), true);
    }),
    { numRuns: 2000 },
  );
});

test('the lean reading accepts the common responses the generator makes', () => {
  let accepted = 0;
  fc.assert(
    fc.property(arbitraryResponse(), (payload) => {
      if (scan(payload) !== null) accepted++;
    }),
    { numRuns: 500 },
  );
  // Not a bound on the generator, a check that the property above is not vacuous.
  assert.ok(accepted > 100, `only ${accepted} of 500 accepted`);
});
