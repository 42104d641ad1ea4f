import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Profiler } from 'node:inspector';
import { sharesOf } from '../../bench/lib/insight-share.js';

/** A profile node; `url` decides which layer its frame belongs to. */
function node(id: number, functionName: string, url: string, children: number[] = []): Profiler.ProfileNode {
  return { id, callFrame: { functionName, scriptId: '0', url, lineNumber: 0, columnNumber: 0 }, children };
}

const profile: Profiler.Profile = {
  nodes: [
    node(1, '(root)', '', [2, 6, 7, 8]),
    node(2, 'line', 'file:///x/dist/judging/pipeline.js', [3, 5]),
    node(3, 'add', 'file:///x/dist/insight/insight.js', [4]),
    // A frame of another layer called from the insight layer still counts as the insight layer's.
    node(4, 'parseHttpMessage', 'file:///x/dist/protocol/http-payload.js'),
    node(5, 'judge', 'file:///x/dist/compare/judge.js'),
    node(6, '(garbage collector)', ''),
    node(7, '(idle)', ''),
    node(8, 'writeNow', 'file:///x/build/src/report/report-file.js', [9]),
    node(9, 'clustersSnapshot', 'file:///x/build/src/insight/insight.js'),
  ],
  startTime: 0,
  endTime: 1,
  samples: [3, 4, 5, 5, 5, 6, 7, 7, 8, 9, 2],
};

test('the insight share counts busy samples with an insight frame anywhere on the stack, idle ones left out', () => {
  const shares = sharesOf(profile);
  // Busy: 3, 4, 5, 5, 5, 6, 8, 9, 2 = 9 samples; insight: 3, 4, and 9 (a snapshot while writing) = 3.
  assert.equal(shares.samples, 9);
  assert.equal(shares.insight, Math.round((3 / 9) * 1e4) / 1e4);
  // Writing the report, not counting what the insight layer did inside it: sample 8 only.
  assert.equal(shares.reportWrite, Math.round((1 / 9) * 1e4) / 1e4);
  assert.equal(shares.gc, Math.round((1 / 9) * 1e4) / 1e4);
});

test('a profile without busy samples has no shares rather than dividing by zero', () => {
  assert.deepEqual(sharesOf({ ...profile, samples: [7, 7] }), { samples: 0, insight: 0, reportWrite: 0, gc: 0 });
});
