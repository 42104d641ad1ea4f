import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRedactor } from '../../src/report/redact.js';
import { junitCase, junitOutcome, xmlAttr, xmlText } from '../../src/report/junit-xml.js';
import { fixturePath } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { loggedExchanges, recordArgs, removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { exchangeResult } from '../helpers/exchange-result.js';
import { parseXml } from '../helpers/xml-parse.js';
import type { XmlElement } from '../helpers/xml-parse.js';

after(removeTempDirs);

const redactor = createRedactor({ bodyPaths: ['results.secret'] });

const result = exchangeResult;

test('the test parser rejects what is not well-formed XML', () => {
  for (const bad of ['<a><b></a>', '<a>x & y</a>', '<a x="1" x="2"/>', '<a>\u0001</a>', '<a x="<"/>', '<a/><b/>', '<a>', 'text']) {
    assert.throws(() => parseXml(bad), Error, bad);
  }
  const root = parseXml('<?xml version="1.0"?>\n<a k="&quot;1&#10;&apos;"><b>x &amp; &lt;y&gt;</b><c/></a>\n');
  assert.equal(root.attributes['k'], '"1\n\'');
  assert.equal(root.children[0]?.text, 'x & <y>');
});

test('xml escaping removes characters XML cannot hold and escapes markup', () => {
  assert.equal(xmlText('a<b>&c\u0000\u001b[31m\uFFFE\uD800z'), 'a&lt;b&gt;&amp;c[31mz');
  assert.equal(xmlAttr('say "hi"\n\'there\'\t'), 'say &quot;hi&quot;&#10;&apos;there&apos;&#9;');
  assert.equal(xmlText('中文 😀'), '中文 😀', 'non-ASCII text, astral characters included, is kept');
  // A CI page obeys bidirectional formatting characters: they are shown, never applied.
  assert.equal(xmlText('/api/\u202egnp.exe\u202c/x\u2066\u200f\u061c'), '/api/[U+202E]gnp.exe[U+202C]/x[U+2066][U+200F][U+061C]');
  assert.equal(xmlAttr('a\u202eb'), 'a[U+202E]b');
});

test('errors are failures; warn and incomplete fail only at or above --fail-on', () => {
  assert.equal(junitOutcome('ok', 'warn'), 'passed');
  assert.equal(junitOutcome('error', null), 'failure');
  assert.equal(junitOutcome('warn', 'error'), 'passed');
  assert.equal(junitOutcome('warn', 'warn'), 'failure');
  assert.equal(junitOutcome('incomplete', 'error'), 'skipped');
  assert.equal(junitOutcome('incomplete', 'incomplete'), 'failure');
  assert.equal(junitOutcome('incomplete', 'warn'), 'failure');
});

test('a test case with hostile text stays well-formed and keeps the reason and first differences in its message', () => {
  const hostile = result({
    id: 'id"<&>\u0007',
    path: '/v2/robot/query?q=<script>&x="1"',
    diffs: [
      { path: ['results', 'a<b'], kind: 'changed', origin: 'x\u001b[2J', replay: '&amp;' },
      { path: ['results', 'secret'], kind: 'changed', origin: 'hunter2', replay: 'swordfish' },
    ],
    totalDiffs: 5,
    detail: 'line1\nline2\u0000',
  });
  const rendered = junitCase(hostile, 'error', redactor);
  assert.equal(rendered.outcome, 'failure');
  assert.equal(rendered.seconds, 0.0345);
  const testcase = parseXml(rendered.xml);
  assert.equal(testcase.attributes['name'], 'id"<&> POST /v2/robot/query?q=<script>&x="1"');
  assert.equal(testcase.attributes['classname'], 'query');
  const failure = testcase.children[0] as XmlElement;
  assert.equal(failure.name, 'failure');
  assert.equal(failure.attributes['type'], 'error');
  const message = failure.attributes['message'] ?? '';
  assert.match(message, /^body_mismatch: results\["a<b"\]: "x\\u001b\[2J" → "&amp;"; results\.secret: /);
  assert.match(message, /\(\+3 more\)/);
  assert.ok(!message.includes('hunter2') && !failure.text.includes('swordfish'), 'redacted values stay redacted');
  assert.match(failure.text, /detail: line1\nline2$/);
});

test('a warn below --fail-on passes with a note, an incomplete is skipped, an ok is a bare test case', () => {
  const warn = parseXml(junitCase(result({ verdict: 'warn', reason: 'hint_list_present' }), 'error', redactor).xml);
  assert.deepEqual(
    warn.children.map((child) => child.name),
    ['system-out'],
  );
  assert.match(warn.children[0]?.text ?? '', /^warn \(hint_list_present\) on query/);
  const incomplete = junitCase(result({ verdict: 'incomplete', reason: 'replay_failed', detail: 'socket hang up', latencyMs: { origin: 1, replay: null } }), 'error', redactor);
  assert.equal(incomplete.seconds, 0);
  const skipped = parseXml(incomplete.xml).children[0];
  assert.equal(skipped?.name, 'skipped');
  assert.equal(skipped?.attributes['message'], 'replay_failed: socket hang up');
  assert.deepEqual(parseXml(junitCase(result({ verdict: 'ok', reason: 'identical' }), 'warn', redactor).xml).children, []);
});

test('--junit writes one suite per route and one case per judged exchange, parseable as XML', async () => {
  const dir = tempDir('junit');
  const files = ['robot-regressions.gor', 'missing-replay.gor', 'duplicate-ids.gor'].map((name) => fixturePath('exchanges', name));
  const junit = join(dir, 'reports', 'junit.xml');
  mkdirSync(join(dir, 'reports'));
  const run = await runCli(['compare', '--preset', 'robot', ...recordArgs(dir), '--junit', junit, ...files], Buffer.alloc(0), { cwd: dir });
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(readdirSync(join(dir, 'reports')), ['junit.xml'], 'no temporary file is left');
  const root = parseXml(readFileSync(junit, 'utf8'));
  const logged = loggedExchanges(dir);
  assert.equal(root.name, 'testsuites');
  assert.equal(root.attributes['tests'], String(logged.length));
  const suites = root.children;
  assert.deepEqual(
    suites.map((suite) => suite.attributes['name']),
    ['input_hint', 'intention', 'query'],
  );
  for (const suite of suites) {
    const route = suite.attributes['name'];
    const ofRoute = logged.filter((record) => record.route === route);
    const cases = suite.children;
    assert.equal(suite.name, 'testsuite');
    assert.equal(cases.length, ofRoute.length, `cases of ${route}`);
    assert.equal(suite.attributes['tests'], String(ofRoute.length));
    assert.equal(suite.attributes['failures'], String(ofRoute.filter((record) => record.verdict === 'error').length));
    assert.equal(suite.attributes['skipped'], String(ofRoute.filter((record) => record.verdict === 'incomplete').length));
    for (const testcase of cases) assert.match(testcase.attributes['name'] ?? '', /^[0-9a-f]{24} POST \/v[12]\/robot\/\w+/);
  }
  const query = suites.find((suite) => suite.attributes['name'] === 'query')!;
  const mismatch = query.children.find((testcase) => testcase.attributes['name']?.startsWith('b20200000000000000000006'));
  assert.equal(mismatch?.children.find((child) => child.name === 'failure')?.attributes['message'], 'body_mismatch: results.confidence: 0.93 → 0.71');
  const duplicate = suites
    .find((suite) => suite.attributes['name'] === 'input_hint')!
    .children.filter((testcase) => testcase.attributes['name']?.startsWith('b80100000000000000000001'));
  assert.deepEqual(
    duplicate.map((testcase) => testcase.attributes['name']?.endsWith('(replay 2)')),
    [false, true],
  );
  assert.deepEqual(
    duplicate.map((testcase) =>
      testcase.children
        .find((child) => child.name === 'properties')
        ?.children.map((property) => property.attributes)
        .filter((property) => property['name']?.startsWith('replay')),
    ),
    [
      [
        { name: 'replay', value: '1' },
        { name: 'replayTimestamp', value: '1710490301024000000' },
      ],
      [
        { name: 'replay', value: '2' },
        { name: 'replayTimestamp', value: '1710490301027000000' },
      ],
    ],
    'the properties name the replay judged and its gor timestamp',
  );
  const properties = (testcase: (typeof duplicate)[number]): Record<string, string> =>
    Object.fromEntries(testcase.children.find((child) => child.name === 'properties')?.children.map((p) => [p.attributes['name'], p.attributes['value']]) ?? []);
  const failing = properties(mismatch!);
  assert.match(failing['cluster'] ?? '', /^c[0-9a-f]{12}$/, 'a failure names its cluster');
  assert.equal(failing['risk'], 'medium', 'and its risk: a changed value');
  assert.match(mismatch?.children.find((child) => child.name === 'failure')?.text ?? '', new RegExp(`cluster: ${failing['cluster']}, risk: medium`));
});

test('a test case for a hostile difference (a path 100 000 levels deep, a value nested as deep) stays short', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i += 1) deep = [deep];
  const hostile = result({
    diffs: [
      { path: Array.from({ length: 100_000 }, () => 0), kind: 'changed', origin: 1, replay: 2 },
      { path: ['x'], kind: 'added', replay: deep },
    ],
    totalDiffs: 2,
    detail: 'd'.repeat(1_000_000),
  });
  const rendered = junitCase(hostile, 'error', redactor);
  assert.ok(rendered.xml.length < 4096, `${rendered.xml.length} characters`);
  const failure = parseXml(rendered.xml).children.find((child) => child.name === 'failure');
  assert.match(failure?.attributes['message'] ?? '', /^body_mismatch: \[0\]\[0\].*… ?.*\[0\] \(300000 chars\): 1 → 2; x: \(absent\) → \[\[\[.*… \| d+…d+$/);
});
