import { decodePayload, gorHeader, peekPayload } from '../protocol/decode-line.js';
import type { HeaderDecode } from '../protocol/decode-line.js';
import { hexEncodes } from '../protocol/hex.js';
import type { GorHeader, GorMessage, PayloadKind } from '../protocol/gor-message.js';
import { MAX_START_LINE_BYTES, parseRequestLine } from '../protocol/http-payload.js';
import type { RequestLine } from '../protocol/http-payload.js';

/**
 * One message as the engine reads it, whatever form it came in: a middleware hex line
 * (decoded only as far as asked) or a message already decoded from a `.gor` file. Each
 * form has one reusable instance per engine, reset for every message, so reading a
 * message allocates nothing of its own: everything it hands out is a copy or a new value.
 */
export interface IncomingMessage {
  readonly kind: PayloadKind;
  readonly id: string;
  /** The header with its numbers. */
  header(): GorHeader;
  /** The request line, decoding as little of the payload as it can; null when it has none. */
  requestLine(): RequestLine | null;
  /**
   * The whole message, with a payload the caller may keep; null when the payload is not
   * valid hex. `shortLived`: the caller drops it soon (a replay judged at once), so its
   * payload may share a pooled slab, which is cheaper to allocate but which a payload held
   * for long would pin.
   */
  message(shortLived?: boolean): GorMessage | null;
  /** Whether the payload is byte for byte `payload` (without decoding it when it is hex). */
  encodes(payload: Buffer): boolean;
}

/** Bytes of payload decoded first to read a request line; most fit, longer ones get a second look. */
const REQUEST_LINE_PEEK_BYTES = 256;
/** Where each request's first bytes are decoded to read its request line. */
const requestLineScratch = Buffer.allocUnsafe(REQUEST_LINE_PEEK_BYTES);

/** A middleware hex line whose header was decoded; the payload stays hex until asked for. */
export class HexLineMessage implements IncomingMessage {
  #line: Buffer = Buffer.alloc(0);
  #decoded: HeaderDecode | null = null;

  /** Points this reader at `line` (valid until the next reset); `decoded` is its header. */
  reset(line: Buffer, decoded: HeaderDecode): this {
    this.#line = line;
    this.#decoded = decoded;
    return this;
  }

  get kind(): PayloadKind {
    return this.#header().kind;
  }

  get id(): string {
    return this.#header().id;
  }

  header(): GorHeader {
    return gorHeader(this.#header());
  }

  requestLine(): RequestLine | null {
    const decoded = this.#header();
    // The request line is copied out as strings, so the peek can reuse one scratch buffer.
    const head = peekPayload(this.#line, decoded, REQUEST_LINE_PEEK_BYTES, requestLineScratch);
    if (head === null) return null;
    if (head.indexOf(0x0a) !== -1 || head.length < REQUEST_LINE_PEEK_BYTES) return parseRequestLine(head);
    const longer = peekPayload(this.#line, decoded, MAX_START_LINE_BYTES);
    return longer === null ? null : parseRequestLine(longer);
  }

  message(shortLived = false): GorMessage | null {
    const decoded = this.#header();
    // Hex decoding always makes a new buffer: the payload outlives the line.
    const payload = decodePayload(this.#line, decoded, shortLived);
    return payload === null ? null : { header: gorHeader(decoded), payload };
  }

  encodes(payload: Buffer): boolean {
    const decoded = this.#header();
    return hexEncodes(this.#line, decoded.payloadHexStart, decoded.payloadHexEnd, payload);
  }

  #header(): HeaderDecode {
    if (this.#decoded === null) throw new Error('HexLineMessage read before reset');
    return this.#decoded;
  }
}

/** A message decoded from a capture file; its payload may be a view into an input chunk. */
export class DecodedMessage implements IncomingMessage {
  #message: GorMessage | null = null;

  /** Points this reader at `message` (valid until the next reset). */
  reset(message: GorMessage): this {
    this.#message = message;
    return this;
  }

  get kind(): PayloadKind {
    return this.#current().header.kind;
  }

  get id(): string {
    return this.#current().header.id;
  }

  header(): GorHeader {
    return this.#current().header;
  }

  requestLine(): RequestLine | null {
    return parseRequestLine(this.#current().payload);
  }

  message(): GorMessage {
    const { header, payload } = this.#current();
    // A copy: the payload may be a view into a chunk that is reused once this call returns.
    return { header, payload: Buffer.from(payload) };
  }

  encodes(payload: Buffer): boolean {
    return this.#current().payload.equals(payload);
  }

  #current(): GorMessage {
    if (this.#message === null) throw new Error('DecodedMessage read before reset');
    return this.#message;
  }
}
