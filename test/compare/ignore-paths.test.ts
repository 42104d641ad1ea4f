import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileIgnorePaths, formatPath, IgnorePathError, parseIgnorePath, type PathSegment, type PatternSegment } from '../../src/compare/ignore-paths.js';

function ignored(patterns: string[], path: PathSegment[]): boolean {
  return compileIgnorePaths(patterns).matches(path);
}

/** Plain backtracking glob: the reference the automaton must agree with. */
function globMatches(pattern: readonly PatternSegment[], path: readonly PathSegment[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return path.length === 0;
  if (head.kind === 'anyDepth') {
    for (let skip = 0; skip <= path.length; skip += 1) if (globMatches(rest, path.slice(skip))) return true;
    return false;
  }
  const [first, ...tail] = path;
  if (first === undefined) return false;
  const ok =
    head.kind === 'anyOne' ||
    (head.kind === 'anyIndex' && typeof first === 'number') ||
    (head.kind === 'key' && head.key === first) ||
    (head.kind === 'index' && head.index === first);
  return ok && globMatches(rest, tail);
}

function referenceIgnored(patterns: readonly string[], path: readonly PathSegment[]): boolean {
  return patterns.some((pattern) => {
    const parsed = parseIgnorePath(pattern);
    assert.ok('segments' in parsed);
    for (let length = 0; length <= path.length; length += 1) {
      if (globMatches(parsed.segments, path.slice(0, length))) return true;
    }
    return false;
  });
}

test('parseIgnorePath splits keys, indexes, quoted keys and wildcards', () => {
  assert.deepEqual(parseIgnorePath('results.hint_list[*].score'), {
    segments: [{ kind: 'key', key: 'results' }, { kind: 'key', key: 'hint_list' }, { kind: 'anyIndex' }, { kind: 'key', key: 'score' }],
  });
  assert.deepEqual(parseIgnorePath('**.a[12]["x.y"].*'), {
    segments: [{ kind: 'anyDepth' }, { kind: 'key', key: 'a' }, { kind: 'index', index: 12 }, { kind: 'key', key: 'x.y' }, { kind: 'anyOne' }],
  });
  assert.deepEqual(parseIgnorePath('[0].id'), {
    segments: [
      { kind: 'index', index: 0 },
      { kind: 'key', key: 'id' },
    ],
  });
});

test('parseIgnorePath reports each kind of malformed pattern with its position', () => {
  const cases: [string, string][] = [
    ['', 'pattern is empty'],
    ['a..b', 'empty segment at position 2'],
    ['.a', 'empty segment at position 0'],
    ['a.', 'empty segment at position 2'],
    ['a[0', "unclosed '[' at position 1"],
    ['a["b"', "unclosed '[' at position 1"],
    ['a[x]', "'[...]' must hold an index, '*' or a quoted key at position 1"],
    ['a[-1]', "'[...]' must hold an index, '*' or a quoted key at position 1"],
    ['a[**]', "'[...]' must hold an index, '*' or a quoted key at position 1"],
    ['a[0]b', "expected '.' or '[' at position 4"],
    ['a*.b', "'*' must be a whole segment at position 0"],
    ['a.***', "'*' must be a whole segment at position 2"],
    ['a]', "unexpected ']' at position 1"],
    ['a.["b"]', 'empty segment at position 2'],
  ];
  for (const [pattern, error] of cases) {
    assert.deepEqual(parseIgnorePath(pattern), { error }, pattern);
  }
});

test('compileIgnorePaths throws an IgnorePathError naming the invalid pattern', () => {
  assert.throws(
    () => compileIgnorePaths(['ok.path', 'bad..path']),
    (error: unknown) => {
      assert.ok(error instanceof IgnorePathError);
      assert.equal(error.code, 'INVALID_IGNORE_PATH');
      assert.equal(error.pattern, 'bad..path');
      assert.equal(error.reason, 'empty segment at position 4');
      assert.equal(error.message, 'Invalid ignore path "bad..path": empty segment at position 4');
      return true;
    },
  );
});

test('an exact pattern ignores that path and everything below it, but not its siblings or parent', () => {
  const patterns = ['results.trace_id'];
  assert.equal(ignored(patterns, ['results', 'trace_id']), true);
  assert.equal(ignored(patterns, ['results', 'trace_id', 'x', 0]), true);
  assert.equal(ignored(patterns, ['results']), false);
  assert.equal(ignored(patterns, ['results', 'trace']), false);
  assert.equal(ignored(patterns, ['trace_id']), false);
});

test('* matches exactly one key or index', () => {
  const patterns = ['items.*.id'];
  assert.equal(ignored(patterns, ['items', 'abc', 'id']), true);
  assert.equal(ignored(patterns, ['items', 3, 'id']), true);
  assert.equal(ignored(patterns, ['items', 'id']), false);
  assert.equal(ignored(patterns, ['items', 'a', 'b', 'id']), false);
});

test('[*] matches one array index but not an object key', () => {
  const patterns = ['results.hint_list[*].score'];
  assert.equal(ignored(patterns, ['results', 'hint_list', 0, 'score']), true);
  assert.equal(ignored(patterns, ['results', 'hint_list', 99, 'score']), true);
  assert.equal(ignored(patterns, ['results', 'hint_list', '0', 'score']), false);
  assert.equal(ignored(patterns, ['results', 'hint_list', 0, 'rank']), false);
});

test('[n] matches only that index and a bare digit key matches only the string key', () => {
  assert.equal(ignored(['a[1]'], ['a', 1]), true);
  assert.equal(ignored(['a[1]'], ['a', 2]), false);
  assert.equal(ignored(['a[1]'], ['a', '1']), false);
  assert.equal(ignored(['a.1'], ['a', '1']), true);
  assert.equal(ignored(['a.1'], ['a', 1]), false);
});

test('**.timestamp matches the key at the root and at any depth', () => {
  const patterns = ['**.timestamp'];
  assert.equal(ignored(patterns, ['timestamp']), true);
  assert.equal(ignored(patterns, ['a', 0, 'b', 'timestamp']), true);
  assert.equal(ignored(patterns, ['a', 'timestamps']), false);
  assert.equal(ignored(patterns, []), false);
});

test('a.** ignores a itself and everything below it; ** alone ignores the root', () => {
  assert.equal(ignored(['a.**'], ['a']), true);
  assert.equal(ignored(['a.**'], ['a', 'b', 1]), true);
  assert.equal(ignored(['a.**'], ['b']), false);
  assert.equal(ignored(['**'], []), true);
  assert.equal(compileIgnorePaths(['**']).root.ignored, true);
});

test('quoted keys match keys holding dots, brackets and prototype names', () => {
  assert.equal(ignored(['["a.b"].c'], ['a.b', 'c']), true);
  assert.equal(ignored(['["a.b"].c'], ['a', 'b', 'c']), false);
  assert.equal(ignored(['x.__proto__'], ['x', '__proto__']), true);
  assert.equal(ignored(['x.constructor'], ['x', 'toString']), false);
});

test('an empty pattern list ignores nothing and says so', () => {
  const matcher = compileIgnorePaths([]);
  assert.equal(matcher.isEmpty, true);
  assert.equal(matcher.matches([]), false);
  assert.equal(matcher.matches(['a', 0]), false);
  assert.equal(matcher.root.live, false);
});

test('a state is no longer live once no pattern can match below it', () => {
  const matcher = compileIgnorePaths(['a.b']);
  const underA = matcher.step(matcher.root, 'a');
  assert.equal(underA.live, true);
  const underC = matcher.step(matcher.root, 'c');
  assert.equal(underC.live, false);
  assert.equal(underC.ignored, false);
  const ignoredState = matcher.step(underA, 'b');
  assert.equal(ignoredState.ignored, true);
  assert.equal(matcher.step(ignoredState, 'anything').ignored, true);
});

test('formatPath prints dotted keys, bracketed indexes, quoted odd keys and $ for the root', () => {
  assert.equal(formatPath([]), '$');
  assert.equal(formatPath(['results', 'hint_list', 0, 'score']), 'results.hint_list[0].score');
  assert.equal(formatPath([0, 'id']), '[0].id');
  assert.equal(formatPath(['x-request-id']), 'x-request-id');
  assert.equal(formatPath(['a.b', '0', '*', '$', '', 'say "hi"']), '["a.b"]["0"]["*"]["$"][""]["say \\"hi\\""]');
});

const segmentArb: fc.Arbitrary<PathSegment> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a', 'b', '*', '**', '.', '[0]', '__proto__', 'constructor'),
  fc.nat({ max: 20 }),
);

test('a formatted path parses back into a pattern matching exactly that path', () => {
  fc.assert(
    fc.property(fc.array(segmentArb, { minLength: 1, maxLength: 6 }), segmentArb, (path, extra) => {
      const matcher = compileIgnorePaths([formatPath(path)]);
      assert.equal(matcher.matches(path), true);
      assert.equal(matcher.matches(path.slice(0, -1)), false);
      assert.equal(matcher.matches([...path, extra]), true);
    }),
    { numRuns: 200 },
  );
});

const patternSegmentArb = fc.constantFrom('a', 'b', '[0]', '[1]', '*', '[*]', '**');
const patternArb = fc
  .array(patternSegmentArb, { minLength: 1, maxLength: 5 })
  .map((parts) => parts.reduce((out, part) => (part.startsWith('[') || out === '' ? out + part : `${out}.${part}`), ''));
const pathArb = fc.array(fc.constantFrom<PathSegment>('a', 'b', 'c', 0, 1, 2), { maxLength: 7 });

test('the compiled matcher agrees with a plain backtracking glob on random patterns and paths', () => {
  fc.assert(
    fc.property(fc.array(patternArb, { minLength: 1, maxLength: 3 }), fc.array(pathArb, { maxLength: 10 }), (patterns, paths) => {
      const matcher = compileIgnorePaths(patterns);
      for (const path of paths) assert.equal(matcher.matches(path), referenceIgnored(patterns, path), formatPath(path));
    }),
    { numRuns: 200 },
  );
});

test('matching stays correct after the state memo is full', () => {
  // Twelve trailing wildcards after `**.a` make every a/b history a distinct state set.
  const patterns = [`**.a${'.*'.repeat(12)}`];
  const matcher = compileIgnorePaths(patterns);
  const length = 14;
  for (let bits = 0; bits < 2 ** length; bits += 1) {
    const path: PathSegment[] = [];
    for (let i = 0; i < length; i += 1) path.push((bits >> i) & 1 ? 'a' : 'b');
    const expected = path.slice(0, length - 12).includes('a');
    assert.equal(matcher.matches(path), expected);
  }
});
