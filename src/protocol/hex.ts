/**
 * Decodes `hex[start, end)` into bytes, strictly: the length must be even and every
 * character in [0-9a-fA-F]. Returns null instead of throwing on anything else.
 *
 * Node's hex decoding stops silently at the first invalid pair and drops an odd last
 * nibble, so it is used only for speed: the count of bytes written tells whether it
 * consumed every pair (it stops exactly at the first bad one).
 */
export function decodeHexStrict(hex: Buffer, start = 0, end = hex.length): Buffer | null {
  const length = end - start;
  if (length % 2 !== 0) return null;
  if (length === 0) return Buffer.alloc(0);
  // An exact-size allocation outside Node's shared pool: a kept payload must not pin an
  // 8 KiB pool slab full of other, short-lived buffers.
  const decoded = Buffer.allocUnsafeSlow(length / 2);
  try {
    return decoded.write(hex.toString('latin1', start, end), 'hex') * 2 === length ? decoded : null;
  } catch {
    // A line beyond V8's maximum string length cannot be decoded in one piece.
    return null;
  }
}

/** Index just past the line's content: a single trailing CR (from CRLF senders) is tolerated. */
export function contentEnd(line: Buffer): number {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
}
