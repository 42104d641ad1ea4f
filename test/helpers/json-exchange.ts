import { toHexLine } from '../../src/protocol/gor-file.js';

const REQUEST = 'GET /api/item HTTP/1.1\r\nHost: x\r\n\r\n';

function response(body: string): Buffer {
  return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** The three hex lines gor sends for one exchange `GET /api/item` with ID `id`: request, then 200 responses with these JSON bodies. */
export function jsonExchange(id: string, origin: string, replay: string): Buffer {
  return Buffer.concat([toHexLine(`1 ${id} 1`, Buffer.from(REQUEST)), toHexLine(`2 ${id} 2`, response(origin)), toHexLine(`3 ${id} 3 1`, response(replay))]);
}
