import type { Config } from '../config/config.js';

/** What the analysis thread is started with (structured-cloned). */
export interface WorkerSetup {
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
  | { readonly type: 'analysed'; readonly bytes: number }
  | { readonly type: 'finished'; readonly code: number };
