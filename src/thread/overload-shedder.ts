import { hexByteAt } from '../protocol/hex.js';

/** Where the shedder hands over what it keeps: the analysis thread's ring (with its overflow). */
export interface ShedTarget {
  /** Bytes handed over and not yet analysed. */
  readonly backlog: number;
  /** Hands bytes over, in order; they are copied before this returns. */
  forward(bytes: Buffer): void;
}

/** What the shedder tells about its decisions. */
export interface ShedEvents {
  /** Shedding has started: the backlog passed its bound. */
  started(): void;
  /** Shedding has stopped (the backlog is down to half its bound), after `shed` requests. */
  stopped(shed: number): void;
  /** The requests `ids` were shed; applies once the analysis has read `at` bytes of what was forwarded. */
  shed(at: number, ids: string[]): void;
}

const LF = 0x0a;
const SPACE = 0x20;
/** Hex characters of a line's start read to find its type and ID; a longer ID is not gor's, and its line is handed over. */
const MAX_HEAD_HEX = 512;
/** IDs of shed requests remembered, while shedding goes on, to drop their responses too; beyond it the analysis skips them (it knows the IDs). */
const MAX_SHED_IDS = 8192;

/** Where a line's ID is decoded. */
const idScratch = Buffer.allocUnsafe(MAX_HEAD_HEX / 2);

/** What to do with a line, from its first bytes; `more` when they do not tell yet. */
type LineDecision = 'forward' | 'drop' | 'more';

/**
 * `--overload shed` on the echo thread: chunks are handed over whole while the analysis
 * keeps up. Once its backlog passes `bound`, the chunks are read line by line (only then:
 * nothing is scanned otherwise) and each new request is shed whole: not handed over, its ID
 * sent to the analysis (which counts it and skips its responses), and its responses not
 * handed over either while shedding goes on. Responses of requests handed over before are
 * still handed over, so no exchange is judged on half of its messages. Shedding stops when
 * the backlog is down to half the bound; the next line start returns to whole chunks.
 * The echo itself is not touched: this only chooses what the analysis reads.
 */
export class OverloadShedder {
  readonly #target: ShedTarget;
  readonly #events: ShedEvents;
  readonly #bound: number;
  /** Bytes handed over so far: the analysis's read position for the shed IDs. */
  #forwarded = 0;
  /** Reading line by line (only while the backlog is over its bound). */
  #lineMode = false;
  /** In line mode: the next byte starts a line (else the current line goes on, handed over or not). */
  #atLineStart = false;
  /** In line mode, within a line: it is being dropped. */
  #dropping = false;
  /** The first bytes of a line whose decision needs more of it (a line start at a chunk's end). */
  #head: Buffer | null = null;
  #shedding = false;
  /** Requests shed since shedding started. */
  #count = 0;
  readonly #shedIds = new Set<string>();
  #batch: string[] = [];

  constructor(target: ShedTarget, events: ShedEvents, bound: number) {
    this.#target = target;
    this.#events = events;
    this.#bound = bound;
  }

  /** True while requests are being shed. */
  get shedding(): boolean {
    return this.#shedding;
  }

  /** Hands over what of `chunk` (just echoed) the analysis is to read. */
  push(chunk: Buffer): void {
    if (!this.#lineMode) {
      if (this.#target.backlog <= this.#bound) {
        this.#forward(chunk);
        return;
      }
      // Somewhere in a line already handed over: it is finished first.
      this.#lineMode = true;
      this.#atLineStart = false;
      this.#dropping = false;
    }
    if (this.#head !== null) {
      chunk = Buffer.concat([this.#head, chunk]);
      this.#head = null;
    }
    this.#lines(chunk);
    if (this.#batch.length > 0) {
      this.#events.shed(this.#forwarded, this.#batch);
      this.#batch = [];
    }
  }

  /** End of the run: a shedding still going on is reported as stopped. */
  end(): void {
    if (this.#head !== null) this.#forward(this.#head);
    this.#head = null;
    if (this.#shedding) this.#stop();
  }

  /**
   * Consecutive lines handed over go as one view (`keepFrom` to where a dropped line starts,
   * or to the chunk's end), so the echo thread makes next to no garbage while shedding.
   */
  #lines(chunk: Buffer): void {
    let at = 0;
    /** Where the bytes to hand over begin; -1 while a line is being dropped. */
    let keepFrom = !this.#atLineStart && this.#dropping ? -1 : 0;
    while (at < chunk.length) {
      if (!this.#atLineStart) {
        const lf = chunk.indexOf(LF, at);
        at = lf === -1 ? chunk.length : lf + 1;
        this.#atLineStart = lf !== -1;
        continue;
      }
      this.#updateShedding();
      if (!this.#shedding) {
        this.#lineMode = false;
        this.#forward(chunk, keepFrom < 0 ? at : keepFrom, chunk.length);
        return;
      }
      const decision = this.#decide(chunk, at);
      if (decision === 'more') {
        if (keepFrom >= 0) this.#forward(chunk, keepFrom, at);
        this.#head = Buffer.from(chunk.subarray(at));
        return;
      }
      this.#atLineStart = false;
      this.#dropping = decision === 'drop';
      if (this.#dropping && keepFrom >= 0) {
        this.#forward(chunk, keepFrom, at);
        keepFrom = -1;
      } else if (!this.#dropping && keepFrom < 0) {
        keepFrom = at;
      }
    }
    if (keepFrom >= 0) this.#forward(chunk, keepFrom, chunk.length);
  }

  #updateShedding(): void {
    const backlog = this.#target.backlog;
    if (!this.#shedding && backlog > this.#bound) {
      this.#shedding = true;
      this.#count = 0;
      this.#events.started();
    } else if (this.#shedding && backlog <= this.#bound / 2) {
      this.#stop();
    }
  }

  #stop(): void {
    this.#shedding = false;
    // A request with a shed ID may come next (a looped input file) and be handed over: its responses must be too.
    // Later responses of the requests shed come to the analysis, which skips them by ID.
    this.#shedIds.clear();
    this.#events.stopped(this.#count);
  }

  /**
   * Reads the type and ID of the line starting at `start` from its hex: a request is shed,
   * a response of a shed request dropped, anything else (other responses, lines that are
   * no gor message) handed over for the analysis to judge or count.
   */
  #decide(chunk: Buffer, start: number): LineDecision {
    const limit = Math.min(chunk.length, start + MAX_HEAD_HEX);
    if (limit - start < 4) return limit === chunk.length ? 'more' : 'forward';
    const type = hexByteAt(chunk, start);
    if (type < 0x31 || type > 0x33 || hexByteAt(chunk, start + 2) !== SPACE) return 'forward';
    let length = 0;
    for (let i = start + 4; ; i += 2) {
      if (i + 2 > limit) return limit === chunk.length && limit - start < MAX_HEAD_HEX ? 'more' : 'forward';
      const byte = hexByteAt(chunk, i);
      if (byte === SPACE) break;
      if (byte < 0 || byte === LF) return 'forward';
      idScratch[length++] = byte;
    }
    if (length === 0) return 'forward';
    // One string per line (built a character at a time, the echo thread's garbage filled its young generation).
    const id = idScratch.toString('latin1', 0, length);
    if (type === 0x31) {
      this.#remember(id);
      this.#batch.push(id);
      this.#count++;
      return 'drop';
    }
    return this.#shedIds.has(id) ? 'drop' : 'forward';
  }

  #remember(id: string): void {
    if (this.#shedIds.size >= MAX_SHED_IDS) {
      const oldest = this.#shedIds.values().next();
      if (oldest.done !== true) this.#shedIds.delete(oldest.value);
    }
    this.#shedIds.add(id);
  }

  /** Hands over `bytes[start, end)` (the whole buffer without a new view when it is all of it). */
  #forward(bytes: Buffer, start = 0, end = bytes.length): void {
    if (end <= start) return;
    this.#target.forward(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
    this.#forwarded += end - start;
  }
}
