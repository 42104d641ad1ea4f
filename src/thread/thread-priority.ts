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
 * Only ever lowered: raising a priority needs a privilege, lowering one does not.
 */
export function lowerThisThreadPriority(steps: number): number | null {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(tid) || tid <= 0) return null;
  try {
    const lowered = Math.min(LOWEST_PRIORITY, getPriority(tid) + Math.max(0, steps));
    setPriority(tid, lowered);
    return getPriority(tid);
  } catch {
    return null;
  }
}
