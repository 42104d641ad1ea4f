import { fixturePath, readGorFixture } from './gor-stream.js';

/** What a fixture's header lines and payloads say an exchange's log record must hold. */
export interface Facts {
  readonly method: string;
  readonly path: string;
  readonly status: readonly [number, number];
  readonly latency: readonly [number, number];
  /** The type-3 header's timestamp, as written. */
  readonly replayTimestamp: string;
  /** Request, origin and replay bodies (the fixture's bodies are plain, with Content-Length). */
  readonly bodies: readonly [string, string, string];
}

/** Facts per ID of a fixture whose records come in the order request, origin, replay. */
export function fixtureFacts(name: string): Map<string, Facts> {
  const byId = new Map<string, { t1: bigint; t2: bigint; t3: string; duration: bigint; payloads: string[] }>();
  for (const record of readGorFixture(fixturePath('exchanges', name)).records) {
    const [type, id = '', timestamp = '0', duration = '0'] = record.headerLine.split(' ');
    const entry = byId.get(id) ?? { t1: 0n, t2: 0n, t3: '', duration: 0n, payloads: [] };
    if (type === '1') entry.t1 = BigInt(timestamp);
    if (type === '2') entry.t2 = BigInt(timestamp);
    if (type === '3') {
      entry.duration = BigInt(duration);
      entry.t3 = timestamp;
    }
    entry.payloads.push(record.payload.toString('utf8'));
    byId.set(id, entry);
  }
  const facts = new Map<string, Facts>();
  for (const [id, entry] of byId) {
    const [request = '', origin = '', replay = ''] = entry.payloads;
    const [method = '', path = ''] = request.split(' ');
    const status = (payload: string): number => Number(payload.split(' ')[1]);
    const body = (payload: string): string => payload.slice(payload.indexOf('\r\n\r\n') + 4);
    facts.set(id, {
      method,
      path,
      status: [status(origin), status(replay)],
      latency: [Number(entry.t2 - entry.t1) / 1e6, Number(entry.duration) / 1e6],
      replayTimestamp: entry.t3,
      bodies: [body(request), body(origin), body(replay)],
    });
  }
  return facts;
}
