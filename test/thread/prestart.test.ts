import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { wantsEarlyAnalysisThread } from '../../src/thread/prestart.js';

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
