import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Nice steps the analysis thread runs below the echo when it sheds (`--overload shed`). */
export const ANALYSIS_NICE_STEPS = 10;

/** The lowest CPU priority Linux gives a thread (its highest nice value). */
const LOWEST_PRIORITY = 19;

/**
 * Lowers the CPU priority of the calling thread alone by `steps` nice steps (never past 19)
 * and returns its new nice value; null where that cannot be done, nothing changed. Linux gives
 * each thread its own nice value, set through the thread's ID, which `/proc/thread-self` names;
 * elsewhere (or without /proc) there is no such ID, and the thread keeps the process's priority.
 * Only ever lowered: raising a priority needs a privilege, lowering one does not. A /proc of
 * another PID namespace (a host's, mounted in a container) names threads this process does not
 * know by those numbers: the link must name this process, or nothing is changed.
 *
 * Threads inherit the nice value of the thread that starts them: call it only once the
 * threads the rest of the process relies on (libuv's pool, for the main thread's file work) are
 * running, as they are by the time an analysis thread is set up (the main thread's module
 * loading starts the pool; `test/reliability/analysis-priority.test.ts` finds one thread lowered).
 */
export function lowerThisThreadPriority(steps: number): number | null {
  let link: string;
  try {
    link = readlinkSync('/proc/thread-self');
  } catch {
    return null;
  }
  const match = /^(\d+)\/task\/(\d+)$/.exec(link);
  if (match === null || Number(match[1]) !== process.pid) return null;
  const tid = Number(match[2]);
  if (!Number.isSafeInteger(tid) || tid <= 0) return null;
  try {
    const lowered = Math.min(LOWEST_PRIORITY, getPriority(tid) + Math.max(0, steps));
    setPriority(tid, lowered);
    return getPriority(tid);
  } catch {
    return null;
  }
}
