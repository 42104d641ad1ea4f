/** Value of each hex digit by character code; -1 for anything else. */
const DIGIT = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) DIGIT[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  DIGIT[0x41 + i] = 10 + i;
  DIGIT[0x61 + i] = 10 + i;
}
/** The byte for each pair of characters (first char << 8 | second); -1 when either is not a hex digit. */
const PAIR = new Int16Array(65536).fill(-1);
for (let high = 0; high < 256; high++) {
  const h = DIGIT[high] as number;
  if (h < 0) continue;
  for (let low = 0; low < 256; low++) {
    const l = DIGIT[low] as number;
    if (l >= 0) PAIR[(high << 8) | low] = (h << 4) | l;
  }
}

/** The byte the two hex characters at `hex[at]` and `hex[at + 1]` encode; -1 if either is not a hex digit. */
export function hexByteAt(hex: Uint8Array, at: number): number {
  return PAIR[((hex[at] as number) << 8) | (hex[at + 1] as number)] as number;
}

/**
 * Decodes `hex[start, end)` into bytes, strictly: the length must be even and every
 * character in [0-9a-fA-F]. Returns null instead of throwing on anything else.
 *
 * One table lookup per output byte, straight from the input bytes. Going through a latin1
 * string and Node's hex decoder instead is a little faster, but every payload becomes a
 * string on the V8 heap first, which doubles what the analysis thread allocates per
 * message and so its garbage collection.
 */
export function decodeHexStrict(hex: Uint8Array, start = 0, end = hex.length, into?: Buffer): Buffer | null {
  const length = end - start;
  if (length % 2 !== 0) return null;
  // `into` (scratch space for a caller that copies what it needs) or an exact-size
  // allocation outside Node's shared pool: a kept payload must not pin an 8 KiB pool slab
  // full of other, short-lived buffers.
  const decoded = into === undefined ? Buffer.allocUnsafeSlow(length / 2) : into.subarray(0, length / 2);
  if (decoded.length !== length / 2) return null;
  let invalid = 0;
  for (let i = start, j = 0; i < end; i += 2, j++) {
    const byte = PAIR[((hex[i] as number) << 8) | (hex[i + 1] as number)] as number;
    invalid |= byte;
    decoded[j] = byte;
  }
  return invalid < 0 ? null : decoded;
}

/**
 * Whether `hex[start, end)` is the hex encoding of exactly `bytes`, without decoding it:
 * a replayed response identical to the original costs one pass and no allocation.
 */
export function hexEncodes(hex: Uint8Array, start: number, end: number, bytes: Uint8Array): boolean {
  if (end - start !== bytes.length * 2) return false;
  for (let i = start, j = 0; i < end; i += 2, j++) {
    if (PAIR[((hex[i] as number) << 8) | (hex[i + 1] as number)] !== bytes[j]) return false;
  }
  return true;
}

/** Index just past the line's content: a single trailing CR (from CRLF senders) is tolerated. */
export function contentEnd(line: Buffer): number {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
}
