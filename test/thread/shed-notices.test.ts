import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHED_QUIET_MS, ShedNotices } from '../../src/thread/shed-notices.js';

/** A schedule whose timers run only when the test says. */
function manualSchedule() {
  const pending: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  return {
    schedule: (run: () => void, ms: number) => {
      const timer = { run, ms, cancelled: false };
      pending.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
    /** Runs the timers not cancelled. */
    elapse: () => {
      for (const timer of pending.splice(0)) if (!timer.cancelled) timer.run();
    },
    pending,
  };
}

test('a steady overload, shedding on and off every few milliseconds, is one warning and one count line with the total', () => {
  const lines: string[] = [];
  const clock = manualSchedule();
  const notices = new ShedNotices((line) => lines.push(line), clock.schedule);
  for (let i = 0; i < 50; i++) {
    notices.started();
    notices.stopped(3);
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0] as string, /falling behind: new exchanges are shed/);
  assert.ok(clock.pending.every((timer) => timer.ms === SHED_QUIET_MS));
  clock.elapse();
  assert.deepEqual(lines.slice(1), ['the analysis caught up: 150 exchanges were shed']);
  // After the quiet time, a new overload is told again.
  notices.started();
  notices.stopped(1);
  clock.elapse();
  assert.equal(lines.length, 4);
  assert.equal(lines[3], 'the analysis caught up: 1 exchange was shed');
});

test('the end of the run tells an overload still going, once, and nothing when there was none', () => {
  const lines: string[] = [];
  const clock = manualSchedule();
  const quiet = new ShedNotices((line) => lines.push(line), clock.schedule);
  quiet.end();
  assert.equal(lines.length, 0);
  const notices = new ShedNotices((line) => lines.push(line), clock.schedule);
  notices.started();
  notices.stopped(7);
  notices.end();
  clock.elapse();
  assert.equal(lines.length, 2);
  assert.equal(lines[1], 'the analysis caught up: 7 exchanges were shed');
});
