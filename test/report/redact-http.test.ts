import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeBody } from '../../src/protocol/body-decoder.js';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';
import type { HttpMessage } from '../../src/protocol/http-payload.js';
import { createRedactor } from '../../src/report/redact.js';
import { redactHttpPayload } from '../../src/report/redact-http.js';
import { fixturePath, readGorFixture } from '../helpers/gor-stream.js';

const MAX = 64 * 1024 * 1024;
const headersOnly = createRedactor({ bodyPaths: [] });
const withFields = createRedactor({ bodyPaths: ['user.password', '**.token'] });

function message(lines: readonly string[], body: Buffer | string = ''): Buffer {
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

function parsed(payload: Buffer, kind: 'request' | 'response' = 'response'): HttpMessage {
  const http = parseHttpMessage(payload, kind);
  assert.ok(http.ok, `parses: ${payload.toString('latin1').slice(0, 200)}`);
  return http;
}

function decoded(payload: Buffer, kind: 'request' | 'response' = 'response'): string {
  const body = decodeBody(parsed(payload, kind), { maxBytes: MAX });
  assert.ok(body.ok);
  return body.body.toString('utf8');
}

function chunked(bytes: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const piece = bytes.subarray(i, i + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  return Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
}

test('secret header values are redacted, the cookie name and attributes of Set-Cookie kept, every other byte unchanged', () => {
  const request = message(['POST /login HTTP/1.1', 'Host: api', 'authorization: Bearer s3cret', 'Cookie: a=1; b=2', 'X-Api-Key: k', '  folded-k', 'Content-Length: 2'], '{}');
  const out = redactHttpPayload(request, 'request', headersOnly, MAX);
  assert.equal(
    out.toString('latin1'),
    'POST /login HTTP/1.1\r\nHost: api\r\nauthorization: [redacted]\r\nCookie: [redacted]\r\nX-Api-Key: [redacted]\r\nContent-Length: 2\r\n\r\n{}',
  );
  const response = message(['HTTP/1.1 302 Found', 'Set-Cookie: sid=abc123; Path=/; HttpOnly; Secure', 'Set-Cookie: flag', 'Location: /home', 'Content-Length: 0']);
  const headers = parsed(redactHttpPayload(response, 'response', headersOnly, MAX)).headers;
  assert.deepEqual(headers.getAll('set-cookie'), ['sid=[redacted]; Path=/; HttpOnly; Secure', '[redacted]']);
  assert.equal(headers.get('location'), '/home');
});

test('a message with nothing to redact is returned as the same bytes', () => {
  const plain = message(['HTTP/1.1 200 OK', 'Content-Type: application/json', 'Content-Length: 8'], '{"a":1} ');
  assert.equal(redactHttpPayload(plain, 'response', withFields, MAX), plain);
  const zipped = gzipSync('{"password":"x","user":{"name":"n"}}');
  const gzip = message(['HTTP/1.1 200 OK', 'Content-Encoding: gzip', `Content-Length: ${zipped.length}`], zipped);
  assert.equal(redactHttpPayload(gzip, 'response', withFields, MAX), gzip, 'a gzip body without a redacted field keeps its bytes');
});

test('a redacted JSON body keeps its digits and gets a Content-Length that matches', () => {
  const body = '{"user":{"password":"hunter2","name":"ann"},"id":12345678901234567890}';
  const payload = message(['POST /u HTTP/1.1', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`], body);
  const out = redactHttpPayload(payload, 'request', withFields, MAX);
  const http = parsed(out, 'request');
  assert.equal(http.truncated, false);
  assert.equal(http.headers.get('content-length'), String(http.rawBody.length));
  assert.equal(decoded(out, 'request'), '{"user":{"password":"[redacted]","name":"ann"},"id":12345678901234567890}');
  assert.equal(http.headers.get('content-type'), 'application/json');
});

test('chunked and gzip bodies with a redacted field are written decoded, with their framing headers replaced', () => {
  const body = JSON.stringify({ results: { token: 'tok-1', items: Array.from({ length: 20 }, (_, i) => ({ i, token: `t${i}` })) } });
  const cases = [
    message(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', 'Content-Type: application/json'], chunked(Buffer.from(body), 7)),
    message(['HTTP/1.1 200 OK', 'Content-Encoding: gzip', `Content-Length: ${gzipSync(body).length}`], gzipSync(body)),
    message(['HTTP/1.1 200 OK', 'Content-Encoding: gzip', 'Transfer-Encoding: chunked'], chunked(gzipSync(body), 50)),
  ];
  const expected = JSON.parse(body) as { results: { token: string; items: Array<{ token: string }> } };
  expected.results.token = '[redacted]';
  for (const item of expected.results.items) item.token = '[redacted]';
  for (const payload of cases) {
    const out = redactHttpPayload(payload, 'response', withFields, MAX);
    const http = parsed(out);
    assert.equal(http.headers.has('transfer-encoding'), false);
    assert.equal(http.headers.has('content-encoding'), false);
    assert.equal(http.headers.getAll('content-length').length, 1);
    assert.equal(http.headers.get('content-length'), String(http.rawBody.length));
    assert.deepEqual(JSON.parse(decoded(out)), expected);
    assert.equal(out.includes('tok-1'), false);
  }
});

test('bodies that cannot be read as JSON keep their bytes: text, undecodable gzip, shorter than Content-Length', () => {
  const cases = [
    message(['HTTP/1.1 200 OK', 'Content-Length: 14'], 'token=abc&x=1 '),
    message(['HTTP/1.1 200 OK', 'Content-Encoding: gzip', 'Content-Length: 5'], 'nogzp'),
    message(['HTTP/1.1 200 OK', 'Content-Length: 99'], '{"token":"t"}'),
    message(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked'], '5\r\n{"tok'),
  ];
  for (const payload of cases) assert.equal(redactHttpPayload(payload, 'response', withFields, MAX), payload);
});

test('LF-only line endings, a byte-order mark and 100 000 levels of nesting are redacted and stay readable', () => {
  const lf = Buffer.from('HTTP/1.1 200 OK\nAuthorization: x\nContent-Length: 13\n\n{"token":"t"}', 'latin1');
  assert.equal(redactHttpPayload(lf, 'response', withFields, MAX).toString('latin1'), 'HTTP/1.1 200 OK\nAuthorization: [redacted]\nContent-Length: 22\n\n{"token":"[redacted]"}');
  const bom = message(['HTTP/1.1 200 OK', 'Content-Length: 16'], '\uFEFF{"token":"t"}');
  assert.equal(decoded(redactHttpPayload(bom, 'response', withFields, MAX)), '\uFEFF{"token":"[redacted]"}');
  const depth = 100_000;
  const deep = `${'['.repeat(depth)}{"token":"t"}${']'.repeat(depth)}`;
  const out = redactHttpPayload(message(['HTTP/1.1 200 OK', `Content-Length: ${deep.length}`], deep), 'response', withFields, MAX);
  assert.equal(decoded(out), `${'['.repeat(depth)}{"token":"[redacted]"}${']'.repeat(depth)}`);
});

test('every message of the fixtures still parses to the same status, headers and body once redacted, secrets aside', () => {
  const redactor = createRedactor({ bodyPaths: ['**.session_id', '**.token'] });
  for (const name of ['robot-regressions.gor', 'chunked-gzip.gor', 'non-json.gor', 'three-field.gor', 'duplicate-ids.gor']) {
    for (const record of readGorFixture(fixturePath('exchanges', name)).records) {
      const kind = record.header?.kind === 'request' ? 'request' : 'response';
      const before = parseHttpMessage(record.payload, kind);
      const after = parseHttpMessage(redactHttpPayload(record.payload, kind, redactor, MAX), kind);
      assert.equal(after.ok, before.ok, `${name} ${record.headerLine}`);
      if (!before.ok || !after.ok) continue;
      assert.equal(after.status, before.status);
      assert.equal(after.startLine, before.startLine);
      const plainHeaders = (http: HttpMessage): string[][] =>
        http.headers.entries().filter(([header]) => !['content-length', 'transfer-encoding', 'content-encoding', 'cookie', 'authorization'].includes(header.toLowerCase()));
      assert.deepEqual(plainHeaders(after), plainHeaders(before), `${name} ${record.headerLine}`);
    }
  }
});
