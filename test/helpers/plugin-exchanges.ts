import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';

// Exchanges for the plugin comparator tests: any method, target, statuses and bodies, as a
// hex middleware stream or a `.gor` capture.

export interface PluginCase {
  readonly id: string;
  readonly method?: string;
  readonly target: string;
  readonly requestBody?: string;
  readonly origin: { readonly status?: number; readonly body: string };
  readonly replay: { readonly status?: number; readonly body: string };
}

function response(status: number, body: string): Buffer {
  return Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function messages(exchange: PluginCase): Array<readonly [string, Buffer]> {
  const body = exchange.requestBody ?? '';
  const request = Buffer.from(
    `${exchange.method ?? 'GET'} ${exchange.target} HTTP/1.1\r\nHost: shop\r\nX-Tenant: acme\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  return [
    [`1 ${exchange.id} 1000`, request],
    [`2 ${exchange.id} 2000`, response(exchange.origin.status ?? 200, exchange.origin.body)],
    [`3 ${exchange.id} 3000 1000`, response(exchange.replay.status ?? 200, exchange.replay.body)],
  ];
}

/** The hex lines gor sends a middleware for these exchanges. */
export function pluginStream(exchanges: readonly PluginCase[]): Buffer {
  return Buffer.concat(exchanges.flatMap(messages).map(([header, payload]) => toHexLine(header, payload)));
}

/** The same exchanges as a `.gor` capture. */
export function pluginCapture(exchanges: readonly PluginCase[]): Buffer {
  return Buffer.concat(exchanges.flatMap(messages).map(([header, payload]) => formatGorRecord(header, payload)));
}

/** `GET /api/cart/<id>`, answered with these JSON bodies and statuses (200 by default). */
export function cartCase(id: string, origin: string, replay: string, status: readonly [number, number] = [200, 200]): PluginCase {
  return { id, target: `/api/cart/${id}`, origin: { status: status[0], body: origin }, replay: { status: status[1], body: replay } };
}
