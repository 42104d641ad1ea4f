/** Time and timers, injected so tests control them. */
export interface Clock {
  now(): number;
  every(ms: number, task: () => void): () => void;
}

/** Wall time when the process started; `performance.now()` counts from (about) then. */
const EPOCH_AT_START = Date.now() - performance.now();

/**
 * The real clock: epoch milliseconds that never go backwards (wall time at start plus a
 * monotonic count, so a clock step cannot stall expiry), and unref'd intervals (they never
 * keep the process alive).
 */
export const systemClock: Clock = {
  now: () => EPOCH_AT_START + performance.now(),
  every: (ms, task) => {
    const timer = setInterval(task, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
