import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/*
 * Random HTTP responses for the lean path's differential tests: mostly the common shapes
 * (a status line, a handful of headers, a Content-Length body), often with what real and
 * hostile traffic adds (header names in any case, CRLF or bare LF, padded values, folded and
 * malformed lines, chunked and gzip bodies, wrong or repeated lengths, 204 and 304), and pairs
 * of them where the replay is the origin with a few changes.
 */

/** One header line's parts; `raw` lines are written as they are. */
type HeaderLine = { readonly name: string; readonly value: string } | { readonly raw: string };

export interface ResponseParts {
  readonly statusLine: string;
  readonly headers: readonly HeaderLine[];
  readonly body: Buffer;
  /** How the body is framed: a correct Content-Length, none, a wrong one, or chunked. */
  readonly framing: 'length' | 'none' | 'wrong-length' | 'chunked' | 'two-lengths';
  readonly gzip: boolean;
  readonly crlf: boolean;
  readonly leadingBlank: boolean;
}

const anyCase = (name: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    name,
    name.toUpperCase(),
    name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
  );

const padded = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('', '', '', ' ', '\t', ' \xa0', '  '), value, fc.constantFrom('', '', '', ' ', '\t ', '\xa0', '\x0b')).map(([a, v, b]) => a + v + b);

const headerValue: Record<string, fc.Arbitrary<string>> = {
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'text/plain', 'text/html; charset=iso-8859-1'),
  location: fc.constantFrom('/next', 'https://example.com/a?b=1', '/next '),
  'set-cookie': fc.constantFrom('sid=1; Path=/', 'sid=2; Path=/; HttpOnly', 'theme=dark', 'sid=1; path=/'),
  date: fc.constantFrom('Wed, 01 May 2024 00:00:00 GMT', 'Wed, 01 May 2024 00:00:01 GMT'),
  server: fc.constantFrom('nginx/1.24.0', 'go'),
  'x-trace-id': fc.stringMatching(/^[0-9a-f]{1,8}$/),
  etag: fc.constantFrom('"a"', 'W/"b"'),
  'content-encoding': fc.constantFrom('identity', 'br', 'x-unknown'),
};

const headerLine: fc.Arbitrary<HeaderLine> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(...Object.keys(headerValue)).chain((name) => fc.record({ name: anyCase(name), value: padded(headerValue[name] as fc.Arbitrary<string>) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<HeaderLine>(
      { raw: ' folded continuation' },
      { raw: 'Bad Name: x' },
      { raw: 'no colon here' },
      { raw: ': no name' },
      { raw: 'X-Odd^Name: 1' },
      { raw: 'Transfer-Encoding: identity' },
      { raw: 'Content-Length: x' },
    ),
  },
);

const statusLine = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      'HTTP/1.1 200 OK',
      'HTTP/1.1 200 OK',
      'HTTP/1.0 404 Not Found',
      'HTTP/1.1 500',
      'HTTP/1.1 302 Found',
      'HTTP/1.1 204 No Content',
      'HTTP/1.1 304 Not Modified',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/1.1 200 ', 'HTTP/2 200', 'HTTP/1.1 20 OK', 'HTTP/1.1 200 O\rK', 'http/1.1 200 OK', 'HTTP/11.22 200 x') },
);

const jsonBody = fc.oneof(
  fc.constantFrom('{}', '{"code":0,"msg":"success"}', '{"results":{"hint_list":["a","b"]},"cost_ms":3}', '[1,2,3]', '{"a":1.0}', '{"a":1}', 'not json', ''),
  fc.json({ maxDepth: 2 }),
);

export const responseParts: fc.Arbitrary<ResponseParts> = fc.record({
  statusLine,
  headers: fc.array(headerLine, { maxLength: 8 }),
  body: jsonBody.map((text) => Buffer.from(text, 'utf8')),
  framing: fc.constantFrom('length', 'length', 'length', 'length', 'none', 'wrong-length', 'chunked', 'two-lengths'),
  gzip: fc.constantFrom(false, false, false, true),
  crlf: fc.boolean(),
  leadingBlank: fc.constantFrom(false, false, false, false, false, false, false, true),
});

/** The bytes of a response built from its parts. */
export function responseBytes(parts: ResponseParts): Buffer {
  const eol = parts.crlf ? '\r\n' : '\n';
  let body = parts.gzip ? gzipSync(parts.body) : parts.body;
  const lines = [parts.statusLine, ...parts.headers.map((line) => ('raw' in line ? line.raw : `${line.name}:${line.value}`))];
  if (parts.gzip) lines.push('Content-Encoding: gzip');
  if (parts.framing === 'length') lines.push(`Content-Length: ${body.length}`);
  if (parts.framing === 'wrong-length') lines.push(`Content-Length: ${body.length + 3}`);
  if (parts.framing === 'two-lengths') lines.push(`Content-Length: ${body.length}`, `content-length: ${body.length}`);
  if (parts.framing === 'chunked') {
    lines.push('Transfer-Encoding: chunked');
    body = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
  }
  return Buffer.concat([Buffer.from(`${parts.leadingBlank ? eol : ''}${lines.join(eol)}${eol}${eol}`, 'latin1'), body]);
}

export function arbitraryResponse(): fc.Arbitrary<Buffer> {
  return responseParts.map(responseBytes);
}

/** What a replay may change of its origin: most replays change only what the lean path must see through. */
const change = fc.constantFrom('reorder', 'reorder', 'reorder', 'date', 'server', 'line-endings', 'status', 'body', 'compared-header', 'drop-header', 'framing', 'gzip', 'same');

/** An origin and a replay made from it with 0–3 changes. */
export function arbitraryResponsePair(): fc.Arbitrary<{ readonly origin: Buffer; readonly replay: Buffer }> {
  return fc.tuple(responseParts, fc.array(change, { maxLength: 3 }), fc.nat(), responseParts).map(([origin, changes, seed, other]) => {
    let replay: ResponseParts = origin;
    for (const [i, what] of changes.entries()) replay = changed(replay, what, seed + i, other);
    return { origin: responseBytes(origin), replay: responseBytes(replay) };
  });
}

function changed(parts: ResponseParts, what: string, seed: number, other: ResponseParts): ResponseParts {
  const headers = [...parts.headers];
  switch (what) {
    case 'reorder':
      return { ...parts, headers: headers.map((_, i) => headers[(i + seed) % headers.length] as HeaderLine) };
    case 'date':
      return { ...parts, headers: [...headers, { name: 'Date', value: `Thu, 02 May 2024 00:00:${String(seed % 60).padStart(2, '0')} GMT` }] };
    case 'server':
      return { ...parts, headers: headers.filter((line) => !('name' in line) || line.name.toLowerCase() !== 'server') };
    case 'line-endings':
      return { ...parts, crlf: !parts.crlf };
    case 'status':
      return { ...parts, statusLine: other.statusLine };
    case 'body':
      return { ...parts, body: other.body };
    case 'compared-header':
      return { ...parts, headers: [...headers, ...other.headers.slice(0, 1)] };
    case 'drop-header':
      return { ...parts, headers: headers.slice(1) };
    case 'framing':
      return { ...parts, framing: other.framing };
    case 'gzip':
      return { ...parts, gzip: !parts.gzip };
    default:
      return parts;
  }
}

/** A robot request (JSON body with a robot_id, maybe nested) with the same framings, codings and odd lines as the responses. */
export function arbitraryRequest(): fc.Arbitrary<Buffer> {
  const robot = fc.constantFrom('r1', 'r2', 'r3');
  const body = fc.oneof(
    { weight: 6, arbitrary: fc.record({ robot_id: robot, device: fc.record({ model: fc.constantFrom('R3', 'R2') }) }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{"robot_id":7}', '{"robot_id":null}', '[]', '{"device":{}}') },
  );
  return fc
    .record({
      requestLine: fc
        .tuple(fc.constantFrom('POST', 'GET'), fc.constantFrom('/v2/robot/query', '/v2/robot/query?robot_id=r1', '/a?x=1&robot_id=r2'))
        .map(([m, t]) => `${m} ${t} HTTP/1.1`),
      extra: fc.array(
        fc.oneof(
          headerLine,
          robot.map((r): HeaderLine => ({ name: 'X-Robot', value: r })),
        ),
        { maxLength: 5 },
      ),
      body: body.map((text) => Buffer.from(text)),
      framing: fc.constantFrom<ResponseParts['framing']>('length', 'length', 'length', 'none', 'wrong-length', 'chunked', 'two-lengths'),
      gzip: fc.constantFrom(false, false, false, true),
      crlf: fc.boolean(),
    })
    .map(({ requestLine, extra, ...rest }) => responseBytes({ statusLine: requestLine, headers: extra, leadingBlank: false, ...rest }));
}
