import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIgnorePaths, IgnorePathError, parseIgnorePath, type PathSegment } from '../../src/compare/ignore-paths.js';
import { diffJson } from '../../src/compare/json-diff.js';
import { createRedactor } from '../../src/report/redact.js';

const ignored = (patterns: string[], path: PathSegment[]): boolean => compileIgnorePaths(patterns).matches(path);

test('a pattern that is one /regex/ alone ignores every key it matches, at any depth, but no array index', () => {
  const patterns = ['/_id$/'];
  for (const path of [['user_id'], ['a', 'b', 'trace_id'], ['items', 0, 'order_id'], ['order_id', 'x']]) assert.equal(ignored(patterns, path), true, JSON.stringify(path));
  for (const path of [['id'], ['user_idx'], ['a', 'ids'], ['items', 0], []]) assert.equal(ignored(patterns, path), false, JSON.stringify(path));
});

test('a /regex/ segment inside a path matches one key at that place only; flags i, m, s, u are accepted', () => {
  assert.equal(ignored(['results./^x-/.value'], ['results', 'x-trace', 'value']), true);
  assert.equal(ignored(['results./^x-/.value'], ['results', 'y-trace', 'value']), false);
  assert.equal(ignored(['results./^x-/.value'], ['other', 'results', 'x-trace', 'value']), false);
  assert.equal(ignored(['/token/i'], ['auth', 'AccessToken']), true);
  assert.equal(ignored(['**./^a.c$/[*]'], ['k', 'abc', 3]), true);
  assert.equal(ignored(['/^[/.]x$/'], ['/x']), true, 'a / and a . inside a class belong to the regex');
  assert.equal(ignored(['/^a\\/b$/'], ['a/b']), true, 'an escaped / belongs to the regex');
});

test('regex keys combine with literal keys and wildcards, whichever pattern comes first', () => {
  const matcher = compileIgnorePaths(['meta.version', '/^tmp_/', 'list[*].x']);
  assert.equal(matcher.matches(['meta', 'version']), true);
  assert.equal(matcher.matches(['meta', 'tmp_1']), true);
  assert.equal(matcher.matches(['meta', 'name']), false);
  assert.equal(matcher.matches(['list', 2, 'x']), true);
  assert.equal(matcher.matches(['list', 2, 'tmp_y']), true);
  // Many distinct keys go through one memoised transition per class of key, and keep matching right.
  for (let i = 0; i < 10_000; i += 1) assert.equal(matcher.matches(['k', i % 2 === 0 ? `tmp_${i}` : `key_${i}`]), i % 2 === 0);
});

test('a malformed regex segment is an IgnorePathError saying why and where', () => {
  const cases: [string, RegExp][] = [
    ['/abc', /unclosed or empty regex at position 0/],
    ['a.//', /unclosed or empty regex at position 2/],
    ['/a(/', /invalid regex at position 0/],
    ['/a/g', /regex flags must be among i, m, s, u at position 3/],
    ['/a/x.b', /regex flags/],
  ];
  for (const [pattern, reason] of cases) {
    const parsed = parseIgnorePath(pattern);
    assert.ok('error' in parsed && reason.test(parsed.error), `${pattern}: ${JSON.stringify(parsed)}`);
    assert.throws(
      () => compileIgnorePaths([pattern]),
      (error: unknown) => error instanceof IgnorePathError && error.pattern === pattern,
    );
  }
  assert.deepEqual(parseIgnorePath('["/path"]'), { segments: [{ kind: 'key', key: '/path' }] });
});

test('diffJson skips fields whose key matches a regex at any depth', () => {
  const origin = { id: 1, user_id: 'a', nested: [{ order_id: 'x', n: 1 }] };
  const replay = { id: 2, user_id: 'b', nested: [{ order_id: 'y', n: 1 }], added_id: 3 };
  const result = diffJson(origin, replay, { maxDiffs: 10, ignore: compileIgnorePaths(['/_id$/']) });
  assert.deepEqual(
    result.diffs.map((d) => d.path),
    [['id']],
  );
});

test('redaction paths accept regex keys too: every matching field is redacted wherever it is', () => {
  const redactor = createRedactor({ bodyPaths: ['/password|secret/i'] });
  const out = redactor.redactJson(JSON.stringify({ user: { Password: 'p', name: 'n' }, items: [{ client_secret: 's' }] }));
  assert.deepEqual(JSON.parse(out!), { user: { Password: '[redacted]', name: 'n' }, items: [{ client_secret: '[redacted]' }] });
});
