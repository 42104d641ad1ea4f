import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskOf, riskOfDifference } from '../../src/compare/risk.js';
import type { RiskInput } from '../../src/compare/risk.js';
import type { JsonDifference } from '../../src/compare/json-difference.js';
import type { Reason, Verdict } from '../../src/compare/verdict.js';

const judged = (reason: Reason, diffs: JsonDifference[] = [], verdict: Verdict = 'error', status: [number | null, number | null] = [200, 200]): RiskInput => ({
  verdict,
  reason,
  diffs,
  status: { origin: status[0], replay: status[1] },
});

test('an ok exchange has no risk, whatever its differences', () => {
  assert.equal(riskOf(judged('json_equal', [{ path: ['a'], kind: 'removed', origin: 1 }], 'ok')), null);
});

test('a status change, a body that is not JSON, a failed or unreadable replay are high risk', () => {
  assert.equal(riskOf(judged('status_mismatch', [], 'error', [200, 500])), 'high');
  for (const reason of ['text_mismatch', 'form_mismatch', 'binary_mismatch', 'not_json', 'undecodable_body'] as const) assert.equal(riskOf(judged(reason)), 'high', reason);
  assert.equal(riskOf(judged('replay_failed', [], 'incomplete', [200, null])), 'high');
  // A comparator that accepts a status change (the seed's status_equal never does, a plugin might) still ranks high.
  assert.equal(riskOf(judged('hint_list_empty', [], 'warn', [200, 404])), 'high');
});

test('a removed field or a type change is high, a changed value medium, only added fields low', () => {
  assert.equal(
    riskOf(
      judged('body_mismatch', [
        { path: ['a'], kind: 'added', replay: 1 },
        { path: ['b'], kind: 'removed', origin: 1 },
      ]),
    ),
    'high',
  );
  assert.equal(riskOf(judged('body_mismatch', [{ path: ['a', 0], kind: 'type_changed', origin: 1, replay: '1' }])), 'high');
  assert.equal(
    riskOf(
      judged('body_mismatch', [
        { path: ['a'], kind: 'changed', origin: 1, replay: 2 },
        { path: ['c'], kind: 'added', replay: 1 },
      ]),
    ),
    'medium',
  );
  assert.equal(
    riskOf(
      judged('body_mismatch', [
        { path: ['c'], kind: 'added', replay: 1 },
        { path: ['d', 'e'], kind: 'added', replay: {} },
      ]),
    ),
    'low',
  );
});

test('content type and location are high risk headers, any other header medium, whatever the kind', () => {
  assert.equal(riskOf(judged('header_mismatch', [{ path: ['headers', 'content-type'], kind: 'changed', origin: 'a', replay: 'b' }])), 'high');
  assert.equal(riskOf(judged('header_mismatch', [{ path: ['headers', 'location'], kind: 'added', replay: '/x' }])), 'high');
  assert.equal(riskOf(judged('header_mismatch', [{ path: ['headers', 'set-cookie', 'sid'], kind: 'removed', origin: 'Path=/' }])), 'medium');
  assert.equal(riskOf(judged('header_mismatch', [{ path: ['headers', 'x-version'], kind: 'added', replay: '2' }])), 'medium');
});

test('without a listed difference: a warning, a comparator error or a missing replay is medium, a lost origin low', () => {
  assert.equal(riskOf(judged('hint_list_empty', [], 'warn')), 'medium');
  assert.equal(riskOf(judged('comparator_error')), 'medium');
  assert.equal(riskOf(judged('missing_replay', [], 'incomplete', [200, null])), 'medium');
  assert.equal(riskOf(judged('missing_origin', [], 'incomplete', [null, 200])), 'low');
});

test('each difference on its own', () => {
  assert.equal(riskOfDifference({ path: ['headers', 'Location'.toLowerCase()], kind: 'removed', origin: '/' }), 'high');
  assert.equal(riskOfDifference({ path: ['headers'], kind: 'removed', origin: {} }), 'high');
  assert.equal(riskOfDifference({ path: [], kind: 'changed', origin: 1, replay: 2 }), 'medium');
  assert.equal(riskOfDifference({ path: ['x'], kind: 'added', replay: 2 }), 'low');
});
