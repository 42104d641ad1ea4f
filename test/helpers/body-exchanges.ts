import { deflateSync } from 'node:zlib';
import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';

// Exchanges whose bodies are not JSON (an HTML page, a form, a PNG, latin1 JSON), built in
// the test, as a hex middleware stream or a `.gor` capture.

export interface BodyExchange {
  readonly id: string;
  readonly path: string;
  readonly contentType: string;
  readonly origin: Buffer;
  readonly replay: Buffer;
}

/** A valid PNG of one pixel of `gray`: the bytes differ when the pixel does. */
export function png(gray: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    // The CRC is not checked by the comparator; zero keeps the builder short.
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, gray]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const page = (title: string): Buffer => Buffer.from(`<!doctype html>\r\n<html>\r\n<head><title>${title}</title></head>\r\n<body>ok</body>\r\n</html>\r\n`);

export const BODY_EXCHANGES = {
  html: { id: 'b1'.padEnd(24, '0'), path: '/page', contentType: 'text/html; charset=utf-8', origin: page('Home'), replay: page('Sign in') },
  htmlLineEndings: {
    id: 'b2'.padEnd(24, '0'),
    path: '/page',
    contentType: 'text/html',
    origin: page('Home'),
    replay: Buffer.from(page('Home').toString().replaceAll('\r\n', '\n')),
  },
  form: {
    id: 'b3'.padEnd(24, '0'),
    path: '/form',
    contentType: 'application/x-www-form-urlencoded',
    origin: Buffer.from('q=a+b&tag=1&tag=2&page=1'),
    replay: Buffer.from('page=2&q=a%20b&tag=1&tag=2'),
  },
  png: { id: 'b4'.padEnd(24, '0'), path: '/logo.png', contentType: 'image/png', origin: png(0x10), replay: png(0xf0) },
  latin1Json: {
    id: 'b5'.padEnd(24, '0'),
    path: '/latin1',
    contentType: 'application/json; charset=iso-8859-1',
    origin: Buffer.from('{"name":"caf\xe9"}', 'latin1'),
    replay: Buffer.from('{ "name": "caf\xe9" }', 'latin1'),
  },
} as const satisfies Record<string, BodyExchange>;

function response(exchange: BodyExchange, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: ${exchange.contentType}\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'), body]);
}

function records(exchanges: readonly BodyExchange[]): Array<[string, Buffer]> {
  return exchanges.flatMap((exchange, i): Array<[string, Buffer]> => {
    const at = 1_000_000_000 * (i + 1);
    return [
      [`1 ${exchange.id} ${at}`, Buffer.from(`GET ${exchange.path} HTTP/1.1\r\nHost: app.example\r\n\r\n`)],
      [`2 ${exchange.id} ${at + 1000}`, response(exchange, exchange.origin)],
      [`3 ${exchange.id} ${at + 2000} 1000`, response(exchange, exchange.replay)],
    ];
  });
}

/** The exchanges as gor hands them to its middleware. */
export function bodyStream(exchanges: readonly BodyExchange[]): Buffer {
  return Buffer.concat(records(exchanges).map(([header, payload]) => toHexLine(header, payload)));
}

/** The exchanges as a `.gor` capture holding recorded replays. */
export function bodyCapture(exchanges: readonly BodyExchange[]): Buffer {
  return Buffer.concat(records(exchanges).map(([header, payload]) => formatGorRecord(header, payload)));
}
