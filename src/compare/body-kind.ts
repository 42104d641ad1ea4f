import { NOT_JSON, parseJsonBody } from './json-body.js';

/** What a response body holds, as its `Content-Type` says. */
export type BodyKind = 'json' | 'text' | 'form' | 'binary';

/** A decoded response body and the `Content-Type` it came with. */
export interface BodyInput {
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
}

export const NO_BODY: BodyInput = Object.freeze({ bytes: Buffer.alloc(0), contentType: undefined });

/**
 * The kind of a body by its media type. A body without `Content-Type` is taken as text (and
 * judged by bytes if it is not valid in its charset); any type not known to be text, JSON or
 * a form (images, `application/octet-stream`, protobuf…) is binary.
 */
export function bodyKind(contentType: string | undefined): BodyKind {
  if (contentType === undefined) return 'text';
  const type = mediaType(contentType);
  if (type === '') return 'text';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml') || type === 'application/javascript' || type === 'application/xhtml+xml') return 'text';
  return 'binary';
}

function mediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** The charset parameter of a `Content-Type`, lower-cased; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

type Decoder = InstanceType<typeof TextDecoder>;

const decoders = new Map<string, Decoder>();

/**
 * A fatal decoder for `charset`; UTF-8 when absent or unknown to TextDecoder. Latin-1 labels
 * (`latin1`, `iso-8859-1`) decode as windows-1252, as browsers do: the WHATWG Encoding
 * standard maps them so.
 */
function decoderFor(charset: string | undefined): Decoder {
  const label = charset ?? 'utf-8';
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      decoder = new TextDecoder('utf-8', { fatal: true });
    }
    // Bounded: one entry per label a response named, and labels are few in practice; unknown ones share UTF-8's.
    if (decoders.size < 64) decoders.set(label, decoder);
  }
  return decoder;
}

/** The body as text in its charset, or null when its bytes are not valid in that charset. */
export function decodeText(body: BodyInput): string | null {
  try {
    return decoderFor(charsetOf(body.contentType)).decode(body.bytes);
  } catch {
    return null;
  }
}

/** Whether the charset is UTF-8 (or not named), the only one JSON.parse can read from the bytes directly. */
function isUtf8(charset: string | undefined): boolean {
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** The body parsed as JSON in its charset (see parseJsonBody), or NOT_JSON. */
export function parseJsonIn(bytes: Buffer, headers: { get(name: string): string | undefined } | null): unknown {
  const contentType = headers?.get('content-type');
  const charset = charsetOf(contentType);
  if (isUtf8(charset)) return parseJsonBody(bytes);
  const text = decodeText({ bytes, contentType });
  return text === null ? NOT_JSON : parseJsonBody(Buffer.from(text, 'utf8'));
}
