import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';

/**
 * Exchanges whose responses differ in their headers only (the bodies are byte-identical), as
 * a hex middleware stream or a `.gor` capture. Secrets sit in cookie values and an
 * Authorization header, so a test can check that no output shows them.
 */
export interface HeaderExchange {
  readonly id: string;
  readonly path: string;
  readonly origin: readonly string[];
  readonly replay: readonly string[];
  readonly status?: number;
}

/** A value no output may show. */
export const SECRET = 'S3CR3T';

export const HEADER_EXCHANGES = {
  location: { id: 'a1', path: '/login', status: 302, origin: ['Location: https://app.example/home'], replay: ['Location: https://other.example/home'] },
  contentType: { id: 'a2', path: '/items', origin: ['Content-Type: application/json'], replay: ['Content-Type: text/html'] },
  cookie: {
    id: 'a3',
    path: '/session',
    origin: [`Set-Cookie: sid=${SECRET}-origin; Path=/; HttpOnly; Secure`, 'Set-Cookie: theme=dark'],
    replay: ['Set-Cookie: theme=light', `Set-Cookie: sid=${SECRET}-replay; Path=/`],
  },
  version: { id: 'a4', path: '/versioned', origin: ['X-Api-Version: 1'], replay: ['X-Api-Version: 2'] },
  auth: { id: 'a5', path: '/auth', origin: [`Authorization: Bearer ${SECRET}-1`], replay: [`Authorization: Bearer ${SECRET}-2`] },
  volatile: {
    id: 'a6',
    path: '/items',
    origin: ['Content-Type: application/json', 'Date: Mon, 02 Nov 2026 10:00:00 GMT', 'ETag: "1"', 'X-Request-Id: r1', 'Server: prod'],
    replay: ['content-type: Application/JSON', 'Date: Mon, 02 Nov 2026 10:00:07 GMT', 'ETag: "2"', 'X-Request-Id: r2', 'Server: staging'],
  },
} as const satisfies Record<string, HeaderExchange>;

const BODY = '{"ok":true}';

function response(status: number, headers: readonly string[]): Buffer {
  return Buffer.from([`HTTP/1.1 ${status} X`, ...headers, `Content-Length: ${BODY.length}`, '', BODY].join('\r\n'), 'latin1');
}

function records(exchanges: readonly HeaderExchange[]): Array<[string, Buffer]> {
  return exchanges.flatMap((exchange, i): Array<[string, Buffer]> => {
    const at = 1_000_000_000 * (i + 1);
    const status = exchange.status ?? 200;
    return [
      [`1 ${exchange.id} ${at}`, Buffer.from(`GET ${exchange.path} HTTP/1.1\r\nHost: app.example\r\n\r\n`)],
      [`2 ${exchange.id} ${at + 1000}`, response(status, exchange.origin)],
      [`3 ${exchange.id} ${at + 2000} 1000`, response(status, exchange.replay)],
    ];
  });
}

/** The exchanges as gor hands them to its middleware. */
export function headerStream(exchanges: readonly HeaderExchange[]): Buffer {
  return Buffer.concat(records(exchanges).map(([header, payload]) => toHexLine(header, payload)));
}

/** The exchanges as a `.gor` capture holding recorded replays. */
export function headerCapture(exchanges: readonly HeaderExchange[]): Buffer {
  return Buffer.concat(records(exchanges).map(([header, payload]) => formatGorRecord(header, payload)));
}
