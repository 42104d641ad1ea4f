import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgedCount, nothingJudgedHints, shortfallLine } from '../../src/report/run-hints.js';
import type { RunFacts } from '../../src/report/run-hints.js';

const NONE = { ok: 0, warn: 0, error: 0, incomplete: 0 };

/** The facts of a run: nothing read, nothing judged, unless said otherwise. */
function facts(partial: {
  exchanges?: Partial<RunFacts['exchanges']>;
  messages?: Partial<RunFacts['messages']>;
  skipped?: Partial<RunFacts['skipped']>;
  reasons?: RunFacts['reasons'];
  routes?: readonly string[];
  replay?: RunFacts['replay'];
}): RunFacts {
  return {
    exchanges: { ...NONE, ...partial.exchanges },
    messages: { request: 0, response: 0, replay: 0, malformed: 0, oversized: 0, ...partial.messages },
    skipped: { unwatched: 0, filtered: 0, evicted: 0, orphaned: 0, shed: 0, ...partial.skipped },
    reasons: partial.reasons ?? {},
    routes: partial.routes ?? ['/**'],
    ...(partial.replay === undefined ? {} : { replay: partial.replay }),
  };
}

const full = { request: 5, response: 5, replay: 5 };

test('judged means compared: ok, warn or error, not incomplete', () => {
  assert.equal(judgedCount({ ok: 1, warn: 2, error: 3, incomplete: 40 }), 6);
  assert.equal(judgedCount({ ...NONE, incomplete: 7 }), 0);
});

test('enough judged exchanges: no line at all, whatever else the counts say', () => {
  assert.equal(shortfallLine(facts({ exchanges: { ok: 1 } }), 1), null);
  assert.equal(shortfallLine(facts({ exchanges: { error: 200, incomplete: 5 }, messages: { malformed: 9 } }), 200), null);
});

test('some judged but fewer than needed: the count and the flag, no guess at a cause', () => {
  assert.equal(shortfallLine(facts({ exchanges: { ok: 1 } }), 2), 'only 1 exchange was judged, fewer than --min-samples 2');
  assert.equal(shortfallLine(facts({ exchanges: { ok: 2, warn: 1, incomplete: 50 } }), 200), 'only 3 exchanges were judged, fewer than --min-samples 200');
  assert.equal(
    shortfallLine(facts({ exchanges: { ok: 2 }, skipped: { shed: 7 } }), 200),
    'only 2 exchanges were judged, fewer than --min-samples 200 (7 shed: the analysis could not keep up; --overload wait judges every exchange)',
  );
});

test('nothing judged: the line carries every hint, or none when no cause is recognised', () => {
  assert.equal(shortfallLine(facts({}), 1), 'no exchange was judged: the input was empty');
  assert.equal(shortfallLine(facts({ messages: full, skipped: { orphaned: 5 } }), 1), 'no exchange was judged');
});

test('each recognisable cause has its hint, the most telling first', () => {
  const cases: ReadonlyArray<readonly [string, RunFacts, readonly string[]]> = [
    ['empty input', facts({}), ['the input was empty']],
    ['no message at all', facts({ messages: { malformed: 3, oversized: 1 } }), ['nothing read is a GoReplay message (3 malformed, 1 oversized): is it a capture?']],
    ['responses only', facts({ messages: { response: 2, replay: 2, malformed: 1 } }), ['no requests (type 1) in the input']],
    [
      'every request shed',
      facts({ messages: { response: 2 }, skipped: { shed: 9 } }),
      ['all 9 requests were shed: the analysis could not keep up; --overload wait judges every exchange'],
    ],
    [
      'no route matched',
      facts({ messages: full, skipped: { unwatched: 5 }, routes: ['input_hint', 'GET /x'] }),
      ['none of the 5 requests matches a watched route (input_hint, GET /x)'],
    ],
    ['all filtered out', facts({ messages: full, skipped: { unwatched: 2, filtered: 3 } }), ['every watched request was left out by the filters (3 filtered)']],
    [
      'no replays',
      facts({ messages: { request: 5, response: 5 }, exchanges: { incomplete: 5 } }),
      ['no replayed responses (type 3): did gor run with --output-http-track-response?'],
    ],
    [
      'no origins',
      facts({ messages: { request: 5, replay: 5 }, exchanges: { incomplete: 5 } }),
      ['no original responses (type 2): did gor capture with --input-raw-track-response?'],
    ],
    [
      'neither',
      facts({ messages: { request: 5 }, exchanges: { incomplete: 5 } }),
      ['no replayed responses (type 3): did gor run with --output-http-track-response?', 'no original responses (type 2): did gor capture with --input-raw-track-response?'],
    ],
    [
      'messages that never met',
      facts({ messages: full, exchanges: { incomplete: 10 }, reasons: { missing_origin: 5, missing_replay: 5 } }),
      ['all 10 exchanges were incomplete (missing_origin 5, missing_replay 5)'],
    ],
  ];
  for (const [name, run, hints] of cases) assert.deepEqual(nothingJudgedHints(run), hints, name);
});

test('replay mode: its replays come from the target, so the hints are about the target and the recorded originals', () => {
  const refused = facts({ messages: { request: 4, response: 4 }, exchanges: { incomplete: 4 }, reasons: { replay_failed: 4 }, replay: { sentWithoutOrigin: 0 } });
  assert.deepEqual(nothingJudgedHints(refused), ['all 4 replays failed (replay_failed): is the target up and reachable?']);
  const noOrigins = facts({ replay: { sentWithoutOrigin: 6 } });
  assert.deepEqual(nothingJudgedHints(noOrigins), [
    'none of the 6 requests sent had a recorded original response (type 2) to judge against: did gor capture with --input-raw-track-response?',
  ]);
  assert.deepEqual(nothingJudgedHints(facts({ replay: { sentWithoutOrigin: 0 } })), ['the input was empty']);
  const someFailed = facts({
    messages: { request: 4, response: 4, replay: 1 },
    exchanges: { incomplete: 4 },
    reasons: { replay_failed: 3, missing_replay: 1 },
    replay: { sentWithoutOrigin: 0 },
  });
  assert.deepEqual(nothingJudgedHints(someFailed), ['all 4 exchanges were incomplete (replay_failed 3, missing_replay 1)'], 'no gor flag is suggested in replay mode');
});
