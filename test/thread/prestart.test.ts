import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisHeapLimitMb, startEarlyAnalysisThread, wantsEarlyAnalysisThread } from '../../src/thread/prestart.js';

describe('wantsEarlyAnalysisThread: an analysis thread is started before the config for middleware mode unless --echo-only', () => {
  const yes: ReadonlyArray<readonly string[]> = [
    // No route given: every request is compared, so the thread is needed.
    [],
    ['-q', '--no-log-file'],
    ['--report', 'r.json'],
    ['--preset', 'robot'],
    ['--preset=robot', '-q'],
    ['--route', 'POST:/v1/x'],
    ['--route=/v1/x', '--no-log-file'],
    ['-c', 'goreplay-diff.json'],
    ['--config=goreplay-diff.json'],
    ['-q', '', '--preset', 'robot'],
    // Only the flag itself counts, not look-alikes.
    ['--echo-only-not'],
  ];
  for (const args of yes) {
    test(`yes: ${JSON.stringify(args)}`, () => {
      assert.equal(wantsEarlyAnalysisThread(args), true);
    });
  }

  const no: ReadonlyArray<readonly string[]> = [
    ['--echo-only'],
    ['--preset', 'robot', '--echo-only', '-q'],
    ['compare', '--preset', 'robot', 'x.gor'],
    ['compare', 'x.gor'],
    ['replay', '--target', 'http://localhost:1', '--preset', 'robot', 'x.gor'],
    ['demo'],
    ['--preset', 'robot', '--help'],
    ['--preset', 'robot', '-h'],
    ['--version'],
    ['-V', '--preset', 'robot'],
    ['help'],
  ];
  for (const args of no) {
    test(`no: ${JSON.stringify(args)}`, () => {
      assert.equal(wantsEarlyAnalysisThread(args), false);
    });
  }
});

test('the analysis thread gets a heap limit of at least 1 GiB, growing with --max-pending and --max-body-size beyond what the minimum holds', () => {
  const MB = 1024 * 1024;
  assert.equal(analysisHeapLimitMb(100_000, 64 * MB), 1024);
  assert.equal(analysisHeapLimitMb(1, 0), 1024);
  assert.ok(analysisHeapLimitMb(1_000_000, 64 * MB) >= (1_000_000 * 4) / 1024, 'several KiB per pending exchange');
  assert.ok(analysisHeapLimitMb(100_000, 512 * MB) >= 8 * 512, 'many times the largest body');
  for (const n of [0, 10, 1000, 200_000, 5_000_000]) {
    assert.ok(analysisHeapLimitMb(n + 1000, 64 * MB) >= analysisHeapLimitMb(n, 64 * MB));
    assert.ok(analysisHeapLimitMb(100_000, (n + 1000) * 1024) >= analysisHeapLimitMb(100_000, n * 1024));
  }
});

test('an early thread started for a smaller --max-pending than the config asks for is not adopted: the run starts its own', async () => {
  const small = startEarlyAnalysisThread(['--max-pending', '10']);
  assert.equal(small.adopt(analysisHeapLimitMb(10_000_000, 0)), null);
  const fits = startEarlyAnalysisThread(['--max-pending=10000000']);
  const worker = fits.adopt(analysisHeapLimitMb(10_000_000, 0));
  assert.ok(worker !== null);
  await worker.terminate();
});
