/**
 * Decodes `hex[start, end)` into bytes, strictly: the length must be even and every
 * character in [0-9a-fA-F]. Returns null instead of throwing on anything else.
 *
 * Node's `Buffer.from(hex, 'hex')` stops silently at the first invalid pair and drops an
 * odd last nibble, so it is used only for speed: the decoded length tells whether it
 * consumed every pair (it stops exactly at the first bad one).
 */
export function decodeHexStrict(hex: Buffer, start = 0, end = hex.length): Buffer | null {
  const length = end - start;
  if (length % 2 !== 0) return null;
  if (length === 0) return Buffer.alloc(0);
  let decoded: Buffer;
  try {
    decoded = Buffer.from(hex.toString('latin1', start, end), 'hex');
  } catch {
    // A line beyond V8's maximum string length cannot be decoded in one piece.
    return null;
  }
  return decoded.length * 2 === length ? decoded : null;
}

/** Index just past the line's content: a single trailing CR (from CRLF senders) is tolerated. */
export function contentEnd(line: Buffer): number {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
}
