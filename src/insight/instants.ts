import { EPOCH_SECONDS_MAX, hasShape } from '../compare/value-shapes.js';

/** A value read as a point in time: ms since the epoch, and the precision it was written with. */
export interface Instant {
  readonly ms: number;
  /** 1 for milliseconds or finer, 1000 for whole seconds, 60 000 for minutes. */
  readonly resolution: number;
}

const DIGITS = /^\d+$/;
const HAS_FRACTION = /:\d\d\.\d/;
const HAS_SECONDS = /T?\d\d:\d\d:\d\d/;

function epoch(n: number): Instant {
  if (n < EPOCH_SECONDS_MAX) return { ms: n * 1000, resolution: Number.isInteger(n) ? 1000 : 1 };
  return { ms: n, resolution: 1 };
}

/** The instant a value stands for when it has the `timestamp` shape (ISO-8601, HTTP date, epoch seconds or ms), else null. */
export function instantOf(value: unknown): Instant | null {
  if (!hasShape(value, 'timestamp')) return null;
  if (typeof value === 'number') return epoch(value);
  const text = value as string;
  if (DIGITS.test(text)) return epoch(Number(text));
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return { ms, resolution: HAS_FRACTION.test(text) ? 1 : HAS_SECONDS.test(text) ? 1000 : 60_000 };
}

/**
 * True when `replay - origin` is the time between the original request and the replay
 * (`gapMs`), give or take the values' precision and `slackMs` (how long each side may have taken
 * to answer: a server stamps its value somewhere within its own latency).
 */
export function tracksClock(origin: unknown, replay: unknown, gapMs: number, slackMs: number): boolean {
  const a = instantOf(origin);
  if (a === null) return false;
  const b = instantOf(replay);
  if (b === null) return false;
  return Math.abs(b.ms - a.ms - gapMs) <= Math.max(a.resolution, b.resolution) + slackMs;
}
