import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { wantsEarlyAnalysisThread } from '../../src/thread/prestart.js';

describe('wantsEarlyAnalysisThread: an analysis thread is started before the config only for middleware mode watching routes', () => {
  const yes: ReadonlyArray<readonly string[]> = [
    ['--preset', 'robot'],
    ['--preset=robot', '-q'],
    ['--route', 'POST:/v1/x'],
    ['--route=/v1/x', '--no-log-file'],
    ['-c', 'goreplay-diff.json'],
    ['--config', 'goreplay-diff.json'],
    ['--config=goreplay-diff.json'],
    ['-q', '', '--preset', 'robot'],
  ];
  for (const args of yes) {
    test(`yes: ${JSON.stringify(args)}`, () => {
      assert.equal(wantsEarlyAnalysisThread(args, {}), true);
    });
  }

  const no: ReadonlyArray<readonly string[]> = [
    [],
    ['-q', '--no-log-file'],
    ['--report', 'r.json'],
    ['compare', '--preset', 'robot', 'x.gor'],
    ['replay', '--target', 'http://localhost:1', '--preset', 'robot', 'x.gor'],
    ['demo'],
    ['--preset', 'robot', '--help'],
    ['--preset', 'robot', '-h'],
    ['--version'],
    ['-V', '--preset', 'robot'],
    ['help'],
    // Only the flags themselves count, not look-alikes.
    ['--presets', 'robot'],
    ['--routes', '/x'],
  ];
  for (const args of no) {
    test(`no: ${JSON.stringify(args)}`, () => {
      assert.equal(wantsEarlyAnalysisThread(args, {}), false);
    });
  }

  test('a config file named by GOREPLAY_DIFF_CONFIG counts, unless empty', () => {
    assert.equal(wantsEarlyAnalysisThread([], { GOREPLAY_DIFF_CONFIG: 'c.json' }), true);
    assert.equal(wantsEarlyAnalysisThread([], { GOREPLAY_DIFF_CONFIG: '' }), false);
    assert.equal(wantsEarlyAnalysisThread(['compare', 'x.gor'], { GOREPLAY_DIFF_CONFIG: 'c.json' }), false);
  });
});
