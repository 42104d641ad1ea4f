import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announcedPort, METRICS_INPUT } from '../helpers/metrics-run.js';
import { runCli } from '../helpers/run-cli.js';
import { threadNiceValues } from './process-probe.js';

/*
 * The analysis thread's CPU priority, read from /proc while the real program runs: the metrics
 * endpoint is served from that thread once it is set up, so its announced port says the setup
 * (where the priority is lowered) is done.
 */

const linuxOnly = { skip: process.platform !== 'linux' ? 'per-thread nice values are Linux' : false };

async function niceValuesWhileRunning(overload: 'shed' | 'wait'): Promise<{ process: number; others: number[] }> {
  let seen: { process: number; others: number[] } | null = null;
  const run = await runCli(['--preset', 'robot', '--overload', overload, '--metrics-listen', '0', '--no-log-file'], async (stdin, child) => {
    await announcedPort(child);
    const pid = child.pid as number;
    const nice = threadNiceValues(pid);
    const own = nice.get(pid);
    assert.ok(own !== undefined, 'the main thread is listed');
    nice.delete(pid);
    seen = { process: own, others: [...nice.values()] };
    stdin.end(METRICS_INPUT);
  });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.equals(METRICS_INPUT), 'every byte echoed');
  assert.ok(seen !== null);
  return seen;
}

test('with --overload shed the analysis thread alone runs 10 nice steps below the echo, which keeps the process priority', linuxOnly, async (t) => {
  const { process: base, others } = await niceValuesWhileRunning('shed');
  if (base === 19) {
    t.skip('the tests run at the lowest priority already: nothing can be lowered');
    return;
  }
  const lowered = Math.min(19, base + 10);
  assert.equal(others.filter((nice) => nice === lowered).length, 1, `one thread at nice ${lowered}: ${others.join(', ')}`);
  assert.deepEqual(
    others.filter((nice) => nice !== lowered),
    others.filter((nice) => nice === base),
    'every other thread at the process priority',
  );
});

test('with --overload wait, where the echo waits on the analysis, no thread is lowered', linuxOnly, async () => {
  const { process: base, others } = await niceValuesWhileRunning('wait');
  assert.deepEqual(
    others.filter((nice) => nice !== base),
    [],
    `every thread at nice ${base}`,
  );
});
