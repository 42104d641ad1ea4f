import type { Config } from '../config/config.js';

/**
 * How far (bytes) analysis may lag the echo before reading pauses: enough to absorb bursts
 * and a slow body, small enough that the copies in flight do not dominate memory.
 */
export const MAX_BYTES_IN_FLIGHT = 8 * 1024 * 1024;

/**
 * Slots of the Int32Array both threads share over `WorkerSetup.flow`, instead of a message
 * per chunk analysed (which cost the analysis thread ~8% of its time on the bench stream).
 */
export const FLOW = {
  /** Bytes handed over and not analysed yet: the main thread adds, the analysis thread subtracts. */
  inFlight: 0,
  /** 1 while the main thread waits for the backlog to halve; whoever resets it to 0 settles the wait. */
  waiting: 1,
} as const;

/** What the analysis thread is started with (structured-cloned). */
export interface WorkerSetup {
  /** The shared flow-control counters, indexed by `FLOW`. */
  readonly flow: Int32Array;
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderrIsTTY: boolean;
}

/** Main thread → analysis thread. */
export type ToWorker =
  | { readonly type: 'chunk'; readonly bytes: Uint8Array }
  | { readonly type: 'finish'; readonly inputEnded: boolean };

/** Analysis thread → main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  /** The backlog has halved while the main thread was waiting (see FLOW.waiting). */
  | { readonly type: 'drained' }
  | { readonly type: 'finished'; readonly code: number };
