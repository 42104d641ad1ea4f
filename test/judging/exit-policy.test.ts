import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeFor, gateLevel, MIDDLEWARE_GATE, STRICT_GATE } from '../../src/judging/exit-policy.js';
import { verdictsAtLeast } from '../../src/compare/verdict.js';
import type { Verdict } from '../../src/compare/verdict.js';
import { fixturePath } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';

after(removeTempDirs);

const counts = (ok: number, warn: number, error: number, incomplete: number): Record<Verdict, number> => ({ ok, warn, error, incomplete });

test('the rate gate fails past the rate, and with fewer judged exchanges than --min-samples', () => {
  const run = counts(90, 0, 10, 0);
  assert.equal(exitCodeFor(run, 'error', { maxRate: 0.1, minSamples: 1 }), 0, '10% is not more than 10%');
  assert.equal(exitCodeFor(run, 'error', { maxRate: 0.09, minSamples: 1 }), 1);
  assert.equal(exitCodeFor(run, 'error', { maxRate: 0.5, minSamples: 101 }), 1, 'too few samples fail, whatever the rate');
  assert.equal(exitCodeFor(run, 'error', { maxRate: 0.5, minSamples: 100 }), 0, 'exactly enough samples');
  assert.equal(exitCodeFor(counts(0, 0, 0, 100), 'error', { maxRate: 1, minSamples: 1 }), 1, 'incomplete exchanges were not judged');
  assert.equal(exitCodeFor(counts(1, 0, 0, 100), 'error', { maxRate: 0, minSamples: 1 }), 0, 'one judged is enough by default');
  assert.equal(exitCodeFor(counts(0, 0, 0, 0), 'error', STRICT_GATE), 1, "compare's and replay's default gate fails a run that judged nothing");
  assert.equal(exitCodeFor(counts(0, 0, 0, 0), 'error', MIDDLEWARE_GATE), 0, 'middleware mode does not');
  assert.equal(exitCodeFor(counts(0, 0, 0, 3), 'incomplete', MIDDLEWARE_GATE), 1, 'but still fails on its verdicts');
  assert.equal(exitCodeFor(counts(0, 0, 0, 0), null, { maxRate: 0, minSamples: 200 }), 0, '--fail-on never is an explicit never, even with --min-samples');
  assert.equal(exitCodeFor(counts(90, 0, 5, 5), 'incomplete', { maxRate: 0.09, minSamples: 1 }), 1, 'incomplete counts at --fail-on incomplete');
  assert.equal(exitCodeFor(counts(90, 0, 5, 5), 'error', { maxRate: 0.09, minSamples: 1 }), 0, 'incomplete does not count at --fail-on error');
  assert.equal(exitCodeFor(run, null, { maxRate: 0, minSamples: 1 }), 0, 'never is never');
});

test('compare gates on --max-error-rate and --min-samples (robot-regressions: 6 errors in 8)', async () => {
  const dir = tempDir('gate');
  const file = fixturePath('exchanges', 'robot-regressions.gor');
  const exit = async (...flags: string[]): Promise<number | null> => {
    const run = await runCli(['compare', '--preset', 'robot', '--no-log-file', '-q', ...flags, file], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.stdout.length, 0);
    return run.code;
  };
  assert.equal(await exit('--max-error-rate', '0.75'), 0, '6/8 is not more than 75%');
  assert.equal(await exit('--max-error-rate', '0.7'), 1);
  assert.equal(await exit('--max-error-rate', '0.75', '--min-samples', '9'), 1, 'only 8 judged, fewer than 9');
  assert.equal(await exit('--max-error-rate', '0.75', '--min-samples', '8'), 0, 'exactly 8 judged');
  assert.equal(await exit('--min-samples', '8'), 1, 'min-samples alone keeps the strict rate');
  assert.equal(await exit('--max-error-rate', '0.75', '--min-samples', '9', '--fail-on', 'never'), 0, '--fail-on never never fails');
  assert.equal(await exit('--max-error-rate', '80%', '--fail-on', 'warn'), 1, '7 of 8 are warn or worse: 87.5% > 80%');
  assert.equal(await exit('--max-error-rate', '90%', '--fail-on', 'warn'), 0);
});

test('a bad --max-error-rate is a usage error', async () => {
  const run = await runCli(['compare', '--max-error-rate', '2', fixturePath('exchanges', 'robot-regressions.gor')], Buffer.alloc(0), { cwd: tempDir('bad-rate') });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--max-error-rate must be a number from 0 to 1/);
});

const only = (partial: Partial<Record<Verdict, number>>): Record<Verdict, number> => ({ ok: 0, warn: 0, error: 0, incomplete: 0, ...partial });

test('without --fail-on the exit code is 0 whatever happened', () => {
  assert.equal(exitCodeFor(only({ error: 5, incomplete: 2 }), null), 0);
});

test('--fail-on error fails on errors only', () => {
  assert.equal(exitCodeFor(only({ error: 1 }), 'error'), 1);
  assert.equal(exitCodeFor(only({ ok: 9, warn: 3, incomplete: 4 }), 'error'), 0);
});

test('--fail-on incomplete fails on incomplete or error, not on warn', () => {
  assert.equal(exitCodeFor(only({ incomplete: 1 }), 'incomplete'), 1);
  assert.equal(exitCodeFor(only({ error: 1 }), 'incomplete'), 1);
  assert.equal(exitCodeFor(only({ ok: 3, warn: 2 }), 'incomplete'), 0);
});

test('--fail-on warn fails on anything but ok', () => {
  assert.equal(exitCodeFor(only({ warn: 1 }), 'warn'), 1);
  assert.equal(exitCodeFor(only({ ok: 100 }), 'warn'), 0);
});

test('the ladder runs ok < warn < incomplete < error', () => {
  assert.deepEqual(verdictsAtLeast('error'), ['error']);
  assert.deepEqual(verdictsAtLeast('incomplete').sort(), ['error', 'incomplete']);
  assert.deepEqual(verdictsAtLeast('warn').sort(), ['error', 'incomplete', 'warn']);
});

test('with --fail-on-new only exchanges of new clusters at the level fail, under the same rate gate; --fail-on never then means any verdict', () => {
  const cluster = (id: string, verdict: Verdict, count: number, baseline: 'new' | 'persisting') => ({
    id,
    route: 'r',
    verdict,
    reason: 'body_mismatch' as const,
    status: { origin: 200, replay: 200 },
    fields: [],
    risk: 'medium' as const,
    count,
    firstSeen: '2026-03-01T10:00:00.000Z',
    lastSeen: '2026-03-01T10:00:00.000Z',
    examples: [],
    baseline,
  });
  const run = counts(80, 5, 15, 0);
  const known = { items: [cluster('old', 'error', 15, 'persisting'), cluster('w', 'warn', 5, 'persisting')], overflow: 0 };
  const newWarn = { items: [cluster('old', 'error', 15, 'persisting'), cluster('w', 'warn', 5, 'new')], overflow: 0 };
  const newError = { items: [cluster('old', 'error', 13, 'persisting'), cluster('e', 'error', 2, 'new'), cluster('w', 'warn', 5, 'persisting')], overflow: 0 };
  assert.equal(exitCodeFor(run, 'error', STRICT_GATE), 1, 'without it, the known errors fail');
  assert.equal(exitCodeFor(run, 'error', STRICT_GATE, known), 0, 'every failing cluster is known');
  assert.equal(exitCodeFor(run, 'error', STRICT_GATE, newWarn), 0, 'a new warning is below --fail-on error');
  assert.equal(exitCodeFor(run, 'warn', STRICT_GATE, newWarn), 1);
  assert.equal(exitCodeFor(run, 'error', STRICT_GATE, newError), 1);
  assert.equal(exitCodeFor(run, 'error', { maxRate: 0.02, minSamples: 1 }, newError), 0, '2 new of 100 is not more than 2%');
  assert.equal(exitCodeFor(run, 'error', { maxRate: 0.5, minSamples: 101 }, known), 1, 'too few samples still fail');
  assert.equal(exitCodeFor(run, 'error', STRICT_GATE, { ...known, overflow: 1 }), 1, 'an exchange without a cluster may be new');
  assert.equal(gateLevel('error', true), 'error');
  assert.equal(gateLevel(null, true), 'warn');
  assert.equal(gateLevel(null, false), null);
});
