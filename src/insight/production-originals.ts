import { createHash } from 'node:crypto';

/**
 * A recorded original response of each identical idempotent request (same method, request
 * target and body), so that its later originals can be compared with it: production against
 * production, Diffy's noise measure without a second production host. Most requests never
 * recur, so a request seen once is only remembered by its key (MAX_SEEN_KEYS of them, in LRU
 * order); its second original is the one kept, and the third and later ones are compared with
 * it. Kept originals are an LRU bounded three ways: MAX_REQUEST_KEYS requests, MAX_ORIGINAL_BYTES
 * per body (a larger one is not kept) and MAX_ORIGINALS_BYTES in all. Only this process's
 * originals are here: the report holds the counts, not the bodies.
 */
export const MAX_SEEN_KEYS = 50_000;
export const MAX_REQUEST_KEYS = 2000;
export const MAX_ORIGINAL_BYTES = 64 * 1024;
export const MAX_ORIGINALS_BYTES = 16 * 1024 * 1024;

/** RFC 9110's idempotent methods: sending one again should not change what it answers. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Whether requests of `method` can be compared with each other: RFC 9110 calls it idempotent. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

interface Original {
  readonly status: number;
  readonly body: Buffer;
  /** What `describe` says of the body, computed when the first pair is made. */
  paths?: readonly string[];
}

/** What a later original is compared with: the kept original of its request and what `describe` said of it, or nothing. */
export type Earlier = { readonly kind: 'identical' | 'different'; readonly first: Buffer; readonly paths: readonly string[] } | null;

export class ProductionOriginals {
  readonly #seen = new Map<string, true>();
  readonly #byKey = new Map<string, Original>();
  readonly #describe: (body: Buffer) => readonly string[];
  #bytes = 0;

  /** `describe`: the paths of a kept body, kept with it (and counted in its bytes) once a pair needs them. */
  constructor(describe: (body: Buffer) => readonly string[]) {
    this.#describe = describe;
  }

  /** How many requests and body bytes are held (for the bounded-memory test). */
  get size(): { readonly seen: number; readonly keys: number; readonly bytes: number } {
    return { seen: this.#seen.size, keys: this.#byKey.size, bytes: this.#bytes };
  }

  /**
   * The request's kept original when there is one with the same status; else null, and this
   * original is kept when the request was seen once before. Requests whose method is not idempotent give null.
   */
  compare(method: string, target: string, requestBody: Buffer | null, status: number, body: Buffer): Earlier {
    if (!IDEMPOTENT.has(method)) return null;
    const hash = createHash('sha256').update(method).update('\0').update(target).update('\0');
    if (requestBody !== null) hash.update(requestBody);
    const key = hash.digest('base64');
    const first = this.#byKey.get(key);
    if (first !== undefined) {
      // Refreshed: a request that keeps coming back stays.
      this.#byKey.delete(key);
      this.#byKey.set(key, first);
      if (first.status !== status) return null;
      if (first.paths === undefined) {
        first.paths = this.#describe(first.body);
        // Two bytes a character and a reference each, roughly: the bound is on memory, not on bodies alone.
        for (const path of first.paths) this.#bytes += path.length * 2 + 16;
        this.#evict();
      }
      return { kind: first.body.equals(body) ? 'identical' : 'different', first: first.body, paths: first.paths };
    }
    if (!this.#seen.delete(key)) {
      this.#seen.set(key, true);
      if (this.#seen.size > MAX_SEEN_KEYS) this.#seen.delete(this.#seen.keys().next().value!);
      return null;
    }
    if (body.length > MAX_ORIGINAL_BYTES) return null;
    // A copy: the caller's buffer may be a view of a larger one.
    this.#byKey.set(key, { status, body: Buffer.from(body) });
    this.#bytes += body.length;
    this.#evict();
    return null;
  }

  #evict(): void {
    while (this.#byKey.size > MAX_REQUEST_KEYS || this.#bytes > MAX_ORIGINALS_BYTES) {
      const [key, original] = this.#byKey.entries().next().value!;
      this.#byKey.delete(key);
      this.#bytes -= original.body.length;
      for (const path of original.paths ?? []) this.#bytes -= path.length * 2 + 16;
    }
  }
}
