import { ExactNumber } from '../compare/exact-number.js';

/**
 * A bounded count of distinct values: a k-minimum-values sketch. It keeps the `SKETCH_SIZE`
 * smallest 32-bit hashes of the values seen. Below that many distinct values the count is exact
 * (up to hash collisions); beyond it the count is estimated from the largest kept hash. The
 * sketch of two streams merged is the sketch of the union, whatever the order, so counts from
 * several processes merge exactly as if one had seen everything.
 */
export const SKETCH_SIZE = 64;

const HASH_SPACE = 2 ** 32;

/** FNV-1a, 32 bits, over a type tag and the value's text: `1` and `"1"` are distinct values. */
export function valueHash(value: unknown): number | null {
  // The tag is hashed first, then the text, as if they were one string: no string is built for it.
  if (typeof value === 'string') return hashText(TAG_S, value);
  if (typeof value === 'number') return hashText(TAG_N, String(value));
  if (value instanceof ExactNumber) return hashText(TAG_N, value.literal);
  if (typeof value === 'boolean') return hashText(TAG_B, String(value));
  if (value === null) return hashText(TAG_Z, '');
  return null;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TAG_S = 0x73;
const TAG_N = 0x6e;
const TAG_B = 0x62;
const TAG_Z = 0x7a;

function hashText(tag: number, text: string): number {
  let hash = Math.imul(FNV_OFFSET ^ tag, FNV_PRIME);
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Adds `hash` to `sketch` (ascending, at most SKETCH_SIZE long), in place. */
export function sketchAdd(sketch: number[], hash: number): void {
  const full = sketch.length >= SKETCH_SIZE;
  if (full && hash >= sketch[sketch.length - 1]!) return;
  let low = 0;
  let high = sketch.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sketch[mid]! < hash) low = mid + 1;
    else high = mid;
  }
  if (sketch[low] === hash) return;
  sketch.splice(low, 0, hash);
  if (sketch.length > SKETCH_SIZE) sketch.pop();
}

/** The sketch of the union of the two streams. */
export function sketchUnion(a: readonly number[], b: readonly number[]): number[] {
  const out = [...a];
  for (const hash of b) sketchAdd(out, hash);
  return out;
}

/** How many distinct values the sketch stands for: exact below SKETCH_SIZE, estimated from there. */
export function sketchCount(sketch: readonly number[]): number {
  if (sketch.length < SKETCH_SIZE) return sketch.length;
  const largest = (sketch[sketch.length - 1]! + 1) / HASH_SPACE;
  return Math.round((SKETCH_SIZE - 1) / largest);
}

/** The sketch as 8 hex digits per hash, so that a report holds it on one line. */
export function sketchText(sketch: readonly number[]): string {
  let out = '';
  for (const hash of sketch) out += hash.toString(16).padStart(8, '0');
  return out;
}

/** Reads {@link sketchText}; throws on anything else. */
export function sketchFromText(text: string): number[] {
  if (!/^(?:[0-9a-f]{8})*$/.test(text) || text.length / 8 > SKETCH_SIZE) throw new Error('a distinct-value sketch must be up to 64 groups of 8 hex digits');
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 8) sketchAdd(out, Number.parseInt(text.slice(i, i + 8), 16));
  return out;
}
