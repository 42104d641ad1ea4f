import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HttpHeaders, MAX_START_LINE_BYTES, parseHttpMessage, parseRequestLine } from '../../src/protocol/http-payload.js';
import type { HttpMessage, HttpParseFailure } from '../../src/protocol/http-payload.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

function parsed(result: HttpMessage | HttpParseFailure): HttpMessage {
  if (!result.ok) assert.fail(`expected a message, got ${result.reason}: ${result.detail}`);
  return result;
}

test('request lines are split into method, target, path, query and version', () => {
  const cases = [
    {
      line: 'GET /users?id=7&x=1 HTTP/1.1\r\n',
      want: { method: 'GET', target: '/users?id=7&x=1', path: '/users', query: 'id=7&x=1', version: 'HTTP/1.1' },
    },
    {
      line: 'POST /submit HTTP/1.0\n',
      want: { method: 'POST', target: '/submit', path: '/submit', query: '', version: 'HTTP/1.0' },
    },
    {
      line: 'GET /a?b?c HTTP/1.1\r\n',
      want: { method: 'GET', target: '/a?b?c', path: '/a', query: 'b?c', version: 'HTTP/1.1' },
    },
    {
      line: 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
      want: { method: 'OPTIONS', target: '*', path: '*', query: '', version: 'HTTP/1.1' },
    },
    {
      line: 'GET /empty? HTTP/1.1\r\n',
      want: { method: 'GET', target: '/empty?', path: '/empty', query: '', version: 'HTTP/1.1' },
    },
  ];
  for (const { line, want } of cases) {
    assert.deepEqual(parseRequestLine(bytes(line)), want, line);
  }
});

test('request lines that are garbage or unterminated give null', () => {
  const cases = [
    '',
    'GET / HTTP/1.1',
    'GET /\r\n',
    'GET / HTTP/1.1 extra\r\n',
    'GET  / HTTP/1.1\r\n',
    'G@T / HTTP/1.1\r\n',
    'GET / FTP/1.1\r\n',
    'HTTP/1.1 200 OK\r\n',
    '\x00\x01\x02 \xff\xfe binary\n',
  ];
  for (const line of cases) {
    assert.equal(parseRequestLine(bytes(line)), null, JSON.stringify(line));
  }
});

test('a request line longer than the start line limit gives null without scanning further', () => {
  const longTarget = `/${'a'.repeat(MAX_START_LINE_BYTES)}`;
  assert.equal(parseRequestLine(bytes(`GET ${longTarget} HTTP/1.1\r\n`)), null);
  const fits = `/${'a'.repeat(MAX_START_LINE_BYTES - 20)}`;
  assert.equal(parseRequestLine(bytes(`GET ${fits} HTTP/1.1\r\n`))?.path, fits);
});

test('a request is parsed into its start line, headers and body', () => {
  const message = parsed(parseHttpMessage(bytes('POST /api/items?page=2 HTTP/1.1\r\nHost: example\r\nContent-Length: 5\r\n\r\nhello'), 'request'));
  assert.equal(message.startLine, 'POST /api/items?page=2 HTTP/1.1');
  assert.equal(message.method, 'POST');
  assert.equal(message.target, '/api/items?page=2');
  assert.equal(message.path, '/api/items');
  assert.equal(message.query, 'page=2');
  assert.equal(message.version, 'HTTP/1.1');
  assert.equal(message.headers.get('host'), 'example');
  assert.equal(message.rawBody.toString(), 'hello');
  assert.equal(message.truncated, false);
  assert.equal('status' in message, false);
  assert.equal('reason' in message, false);
});

test('status lines give the status number, reason and version', () => {
  const cases = [
    { line: 'HTTP/1.1 200 OK', status: 200, reason: 'OK', version: 'HTTP/1.1' },
    { line: 'HTTP/1.0 404 Not Found', status: 404, reason: 'Not Found', version: 'HTTP/1.0' },
    { line: 'HTTP/1.1 500', status: 500, reason: '', version: 'HTTP/1.1' },
    { line: 'HTTP/1.1 201 ', status: 201, reason: '', version: 'HTTP/1.1' },
    { line: 'HTTP/1.1 524 Accepted', status: 524, reason: 'Accepted', version: 'HTTP/1.1' },
  ];
  for (const { line, status, reason, version } of cases) {
    const message = parsed(parseHttpMessage(bytes(`${line}\r\nContent-Length: 0\r\n\r\n`), 'response'));
    assert.deepEqual({ status: message.status, reason: message.reason, version: message.version, startLine: message.startLine }, { status, reason, version, startLine: line });
    assert.equal('method' in message, false);
  }
});

test('start lines that do not match the expected kind fail with bad_start_line', () => {
  const cases: Array<{ payload: string; kind: 'request' | 'response' }> = [
    { payload: 'HTTP/1.1 200 OK\r\n\r\n', kind: 'request' },
    { payload: 'GET / HTTP/1.1\r\n\r\n', kind: 'response' },
    { payload: 'HTTP/1.1 20 OK\r\n\r\n', kind: 'response' },
    { payload: 'HTTP/1.1 OK\r\n\r\n', kind: 'response' },
    { payload: 'HTTP/x 200 OK\r\n\r\n', kind: 'response' },
    { payload: '\x1f\x8b\x08\x00garbage\n\n', kind: 'response' },
  ];
  for (const { payload, kind } of cases) {
    const result = parseHttpMessage(bytes(payload), kind);
    assert.equal(result.ok, false, JSON.stringify(payload));
    if (!result.ok) assert.equal(result.reason, 'bad_start_line', JSON.stringify(payload));
  }
});

test('empty payloads and payloads without a line ending in reach fail with no_start_line', () => {
  for (const payload of [Buffer.alloc(0), bytes('\r\n\r\n'), Buffer.alloc(MAX_START_LINE_BYTES + 1, 0x41)]) {
    const result = parseHttpMessage(payload, 'response');
    assert.equal(result.ok ? 'ok' : result.reason, 'no_start_line');
  }
});

test('header-only payloads without the blank line fail with no_header_end', () => {
  const cases = [
    'HTTP/1.1 200 OK',
    'HTTP/1.1 200 OK\r\n',
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n',
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain',
    'GET / HTTP/1.1\r\nHost: a\r\n',
  ];
  for (const payload of cases) {
    const kind = payload.startsWith('GET') ? 'request' : 'response';
    const result = parseHttpMessage(bytes(payload), kind);
    assert.equal(result.ok ? 'ok' : result.reason, 'no_header_end', JSON.stringify(payload));
  }
});

test('header lines without a colon or with an empty name fail with bad_header', () => {
  for (const line of ['NoColonHere', ': value', ':']) {
    const result = parseHttpMessage(bytes(`HTTP/1.1 200 OK\r\nA: 1\r\n${line}\r\n\r\n`), 'response');
    assert.equal(result.ok ? 'ok' : result.reason, 'bad_header', line);
  }
});

test('headers are looked up case-insensitively and repeated headers keep their order', () => {
  const message = parsed(
    parseHttpMessage(
      bytes('HTTP/1.1 200 OK\r\nContent-Type:  application/json \r\nSet-Cookie: a=1; Path=/\r\n' + 'x-zeta: z\r\nset-cookie: b=2\r\nEmpty:\r\nRatio: 1:2\r\n\r\n{}'),
      'response',
    ),
  );
  const { headers } = message;
  assert.equal(headers.get('CONTENT-TYPE'), 'application/json');
  assert.equal(headers.get('content-type'), 'application/json');
  assert.equal(headers.get('Set-Cookie'), 'a=1; Path=/');
  assert.deepEqual(headers.getAll('SET-COOKIE'), ['a=1; Path=/', 'b=2']);
  assert.deepEqual(headers.getAll('missing'), []);
  assert.equal(headers.get('missing'), undefined);
  assert.equal(headers.has('X-Zeta'), true);
  assert.equal(headers.has('x-alpha'), false);
  assert.equal(headers.get('empty'), '');
  assert.equal(headers.get('ratio'), '1:2');
  assert.deepEqual(headers.entries(), [
    ['Content-Type', 'application/json'],
    ['Set-Cookie', 'a=1; Path=/'],
    ['x-zeta', 'z'],
    ['set-cookie', 'b=2'],
    ['Empty', ''],
    ['Ratio', '1:2'],
  ]);
});

test('headers cannot be changed through the arrays they hand out', () => {
  const headers = new HttpHeaders([['A', '1']]);
  headers.getAll('a').push('2');
  const entries = headers.entries();
  const first = entries[0];
  if (first !== undefined) first[1] = 'changed';
  assert.deepEqual(headers.entries(), [['A', '1']]);
  assert.deepEqual(headers.getAll('a'), ['1']);
});

test('CRLF, bare LF and mixed line endings give the same message', () => {
  const crlf = 'HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nContent-Length: 3\r\n\r\nabc';
  const variants = [crlf, crlf.replaceAll('\r\n', '\n'), 'HTTP/1.1 200 OK\nA: 1\r\nB: 2\nContent-Length: 3\r\n\nabc'];
  for (const payload of variants) {
    const message = parsed(parseHttpMessage(bytes(payload), 'response'));
    assert.equal(message.startLine, 'HTTP/1.1 200 OK');
    assert.deepEqual(message.headers.entries(), [
      ['A', '1'],
      ['B', '2'],
      ['Content-Length', '3'],
    ]);
    assert.equal(message.rawBody.toString(), 'abc');
  }
});

test('blank lines before the start line are skipped', () => {
  const message = parsed(parseHttpMessage(bytes('\r\nGET / HTTP/1.1\r\n\r\n'), 'request'));
  assert.equal(message.method, 'GET');
});

test('obsolete folded header lines are joined onto the previous value', () => {
  const message = parsed(parseHttpMessage(bytes('HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\n\ttwo-b\r\n\r\n'), 'response'));
  assert.deepEqual(message.headers.entries(), [['X-Long', 'one two two-b']]);
});

test('Content-Length frames the body: exact, truncated, over-long, missing or invalid', () => {
  const cases = [
    { lengthHeader: 'Content-Length: 5\r\n', body: 'hello', want: 'hello', truncated: false },
    { lengthHeader: 'Content-Length: 10\r\n', body: 'hello', want: 'hello', truncated: true },
    { lengthHeader: 'Content-Length: 3\r\n', body: 'hello', want: 'hel', truncated: false },
    { lengthHeader: 'Content-Length: 0\r\n', body: 'hello', want: '', truncated: false },
    { lengthHeader: 'Content-Length: 3, 3\r\n', body: 'hello', want: 'hel', truncated: false },
    { lengthHeader: '', body: 'hello', want: 'hello', truncated: false },
    { lengthHeader: 'Content-Length: abc\r\n', body: 'hello', want: 'hello', truncated: false },
    { lengthHeader: 'Content-Length: 3\r\nContent-Length: 4\r\n', body: 'hello', want: 'hello', truncated: false },
    { lengthHeader: 'Content-Length: -1\r\n', body: 'hello', want: 'hello', truncated: false },
  ];
  for (const { lengthHeader, body, want, truncated } of cases) {
    const message = parsed(parseHttpMessage(bytes(`HTTP/1.1 200 OK\r\n${lengthHeader}\r\n${body}`), 'response'));
    assert.deepEqual({ body: message.rawBody.toString(), truncated: message.truncated }, { body: want, truncated }, lengthHeader);
  }
});

test('chunked bodies are left framed and Content-Length is ignored for them', () => {
  const framed = '5\r\nhello\r\n0\r\n\r\n';
  const message = parsed(parseHttpMessage(bytes(`HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\nContent-Length: 2\r\n\r\n${framed}`), 'response'));
  assert.equal(message.rawBody.toString(), framed);
  assert.equal(message.truncated, false);
});

test('204 and 304 responses have an empty body whatever their headers announce', () => {
  for (const status of ['204 No Content', '304 Not Modified']) {
    const message = parsed(parseHttpMessage(bytes(`HTTP/1.1 ${status}\r\nContent-Length: 99\r\n\r\n`), 'response'));
    assert.deepEqual({ length: message.rawBody.length, truncated: message.truncated }, { length: 0, truncated: false });
  }
});

test('binary bodies are returned byte for byte as a view of the payload', () => {
  const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const payload = Buffer.concat([bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  const message = parsed(parseHttpMessage(payload, 'response'));
  assert.deepEqual(message.rawBody, body);
  assert.equal(message.rawBody.buffer, payload.buffer);
});

test('header bytes above 0x7f are decoded as latin1, one character per byte', () => {
  const payload = Buffer.from([...bytes('HTTP/1.1 200 OK\r\nX-Name: '), 0xe9, 0xff, ...bytes('\r\n\r\n')]);
  const message = parsed(parseHttpMessage(payload, 'response'));
  assert.equal(message.headers.get('x-name'), '\u00e9\u00ff');
});

test('a header line of a hundred thousand characters is parsed whole', () => {
  const value = 'v'.repeat(100_000);
  const message = parsed(parseHttpMessage(bytes(`GET / HTTP/1.1\r\nX-Huge: ${value}\r\nHost: h\r\n\r\n`), 'request'));
  assert.equal(message.headers.get('x-huge')?.length, 100_000);
  assert.equal(message.headers.get('host'), 'h');
});

test('parsing never throws on arbitrary bytes', () => {
  const pieces = fc.constantFrom('\r', '\n', ':', ' ', 'HTTP/1.1 ', '200', 'GET', '/?', 'a', '\x00');
  const payloads = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array)),
    fc.array(pieces, { maxLength: 40 }).map((parts) => bytes(parts.join(''))),
  );
  fc.assert(
    fc.property(payloads, fc.constantFrom('request' as const, 'response' as const), (payload, kind) => {
      const result = parseHttpMessage(payload, kind);
      assert.equal(typeof result.ok, 'boolean');
      parseRequestLine(payload);
    }),
  );
});
