import type { Config } from '../config/config.js';
import type { UsageErrorCode } from '../config/usage-error.js';
import type { Ring } from './chunk-ring.js';

/**
 * Bytes of the ring that carries echoed chunks to the analysis thread (a power of two).
 * It must hold the backlog limit plus the largest chunk the echo reads, or chunks overflow into
 * copies the echo waits for (test/thread/ring-size.test.ts checks it).
 */
export const RING_BYTES = 2 * 1024 * 1024;

/**
 * How far (bytes) analysis may lag the echo before reading pauses: a few milliseconds of
 * traffic, enough to absorb a burst or a slow body. Larger backlogs were no faster on the
 * bench stream and cost resident memory (the ring grows with them).
 */
export const MAX_BACKLOG_BYTES = 512 * 1024;

/** What the analysis thread is started with, before the config is known. */
export interface WorkerHints {
  /** Load the log's code (pino-roll) while waiting for the setup: the log is likely on. */
  readonly preloadLog: boolean;
}

/** The run's setup, the thread's first message (structured-cloned; the ring's memory is shared). */
export interface WorkerSetup {
  readonly ring: Ring;
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderrIsTTY: boolean;
}

/**
 * Main thread → analysis thread: the setup first, then only shed requests (`--overload shed`:
 * their IDs, to apply once `at` bytes of the ring were analysed) and the finish. Chunks go
 * through the ring, not messages.
 */
export type ToWorker =
  | { readonly type: 'setup'; readonly setup: WorkerSetup }
  | { readonly type: 'shed'; readonly at: number; readonly ids: readonly string[] }
  | { readonly type: 'finish'; readonly inputEnded: boolean };

/** Analysis thread → main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  /** The backlog has halved while the main thread was waiting (see RingWriter.requestDrainSignal). */
  | { readonly type: 'drained' }
  | { readonly type: 'finished'; readonly code: number }
  /** The run cannot start (a comparator module that cannot be used, a metrics address that cannot be listened on): the usage error to exit 2 with. */
  | { readonly type: 'refused'; readonly code: UsageErrorCode; readonly key: string; readonly message: string };
