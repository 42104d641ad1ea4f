/** Marks a body that is not JSON (or not valid UTF-8). */
export const NOT_JSON: unique symbol = Symbol('not-json');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses a decoded body as JSON. Returns NOT_JSON for empty bodies, invalid UTF-8 and
 * anything JSON.parse rejects; never throws. A UTF-8 byte-order mark is skipped.
 */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return NOT_JSON;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return NOT_JSON;
  }
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
