import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareBinary, compareForm, compareText, fingerprint } from '../../src/compare/body-comparators.js';
import type { ComparatorInput } from '../../src/compare/comparators.js';
import { bodyKind, charsetOf, decodeText } from '../../src/compare/body-kind.js';
import { diffForms, parseForm } from '../../src/compare/form-diff.js';
import { NOT_JSON } from '../../src/compare/json-body.js';
import { diffText } from '../../src/compare/text-diff.js';

function input(origin: string | Buffer, replay: string | Buffer, contentType = 'text/plain', maxDiffs = 50): ComparatorInput {
  const bytes = (body: string | Buffer): Buffer => (typeof body === 'string' ? Buffer.from(body) : body);
  return {
    originJson: NOT_JSON,
    replayJson: NOT_JSON,
    origin: { bytes: bytes(origin), contentType },
    replay: { bytes: bytes(replay), contentType },
    ignore: undefined,
    maxDiffs,
  };
}

test('text: a changed line is listed at body.line[N] with both line texts', () => {
  const result = compareText(input('<p>a</p>\n<p>b</p>\n<p>c</p>\n', '<p>a</p>\n<p>B</p>\n<p>c</p>\n'));
  assert.deepEqual([result.verdict, result.reason, result.totalDiffs], ['error', 'text_mismatch', 1]);
  assert.deepEqual(result.diffs, [{ path: ['body', 'line', 2], kind: 'changed', origin: '<p>b</p>', replay: '<p>B</p>' }]);
});

test('text: added and removed lines carry their own side and line number', () => {
  const added = diffText('a\nb\n', 'a\nx\nb\n', 50);
  assert.deepEqual(added.diffs, [{ path: ['body', 'line', 2], kind: 'added', replay: 'x' }]);
  const removed = diffText('a\nx\nb\n', 'a\nb\n', 50);
  assert.deepEqual(removed.diffs, [{ path: ['body', 'line', 2], kind: 'removed', origin: 'x' }]);
  const more = diffText('a\nb\nz', 'a\nc\nd\nz', 50);
  assert.deepEqual(more.diffs, [
    { path: ['body', 'line', 2], kind: 'changed', origin: 'b', replay: 'c' },
    { path: ['body', 'line', 3], kind: 'added', replay: 'd' },
  ]);
});

test('text: CRLF against LF and a missing final newline are equal lines (text_equal), a real change is not', () => {
  assert.deepEqual([compareText(input('a\r\nb\r\n', 'a\nb')).reason, compareText(input('a\r\nb\r\n', 'a\nb')).verdict], ['text_equal', 'ok']);
  assert.equal(compareText(input('a\rb', 'a\nb\n')).reason, 'text_equal');
  const changed = compareText(input('a\r\nb\r\n', 'a\nc\n'));
  assert.deepEqual([changed.reason, changed.totalDiffs], ['text_mismatch', 1]);
  assert.equal(compareText(input('a\n', 'a\n\n')).reason, 'text_mismatch', 'an extra empty line is a difference');
});

test('text: a huge text lists --max-diffs lines and counts all, also past the edit-script limit', () => {
  const lines = (n: number, mark: (i: number) => string): string => Array.from({ length: n }, (_, i) => mark(i)).join('\n');
  const few = compareText(
    input(
      lines(100_000, (i) => `line ${i}`),
      lines(100_000, (i) => (i % 1000 === 0 ? `LINE ${i}` : `line ${i}`)),
      'text/plain',
      5,
    ),
  );
  assert.deepEqual([few.totalDiffs, few.diffs.length], [100, 5]);
  assert.deepEqual(few.diffs[1], { path: ['body', 'line', 1001], kind: 'changed', origin: 'line 1000', replay: 'LINE 1000' });
  const all = compareText(
    input(
      lines(50_000, (i) => `a${i}`),
      lines(50_000, (i) => `b${i}`),
      'text/plain',
      3,
    ),
  );
  assert.deepEqual([all.totalDiffs, all.diffs.length], [50_000, 3]);
  assert.deepEqual(all.diffs[0], { path: ['body', 'line', 1], kind: 'changed', origin: 'a0', replay: 'b0' });
});

test('charset: latin1, iso-8859-1 and windows-1252 decode as such; UTF-8 is the default', () => {
  const cafe = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
  for (const charset of ['latin1', 'ISO-8859-1', 'windows-1252', '"iso-8859-1"']) {
    assert.equal(decodeText({ bytes: cafe, contentType: `text/html; charset=${charset}` }), 'café', charset);
  }
  assert.equal(decodeText({ bytes: cafe, contentType: 'text/html' }), null, 'not valid UTF-8');
  assert.equal(decodeText({ bytes: Buffer.from('café'), contentType: 'text/plain; charset=bogus' }), 'café', 'an unknown charset reads as UTF-8');
  assert.equal(charsetOf('text/plain;Charset=UTF-8'), 'utf-8');
  const result = compareText(input(Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from([0x63, 0x61, 0x66, 0xe8]), 'text/plain; charset=iso-8859-1'));
  assert.deepEqual(result.diffs, [{ path: ['body', 'line', 1], kind: 'changed', origin: 'café', replay: 'cafè' }]);
});

test('text: bytes not valid in the charset are judged as binary', () => {
  const result = compareText(input(Buffer.from([0xff, 0xfe, 0x00]), Buffer.from([0xff, 0xfe, 0x01])));
  assert.equal(result.reason, 'binary_mismatch');
});

test('body kinds by Content-Type', () => {
  const kinds = {
    'text/html; charset=utf-8': 'text',
    'application/xml': 'text',
    'application/atom+xml': 'text',
    'text/csv': 'text',
    'application/json': 'json',
    'application/problem+json; charset=utf-8': 'json',
    'Application/X-WWW-Form-Urlencoded': 'form',
    'image/png': 'binary',
    'application/octet-stream': 'binary',
    'application/x-protobuf': 'binary',
  } as const;
  for (const [type, kind] of Object.entries(kinds)) assert.equal(bodyKind(type), kind, type);
  assert.equal(bodyKind(undefined), 'text');
});

test('form: key order is ignored, the order of repeated values is kept, + and %20 are both a space', () => {
  assert.equal(compareForm(input('a=1&b=2&b=3', 'b=2&a=1&b=3', 'application/x-www-form-urlencoded')).reason, 'form_equal');
  assert.equal(compareForm(input('q=a+b&r=%41', 'r=A&q=a%20b', 'application/x-www-form-urlencoded')).reason, 'form_equal');
  const swapped = compareForm(input('b=2&b=3', 'b=3&b=2', 'application/x-www-form-urlencoded'));
  assert.deepEqual([swapped.verdict, swapped.reason], ['error', 'form_mismatch']);
  assert.deepEqual(swapped.diffs, [{ path: ['form', 'b'], kind: 'changed', origin: ['2', '3'], replay: ['3', '2'] }]);
});

test('form: removed, added and changed keys at form.<key>, capped and counted', () => {
  const diff = diffForms(parseForm('a=1&gone=x&c=3'), parseForm('a=2&c=3&new=y'), 50);
  assert.deepEqual(diff.diffs, [
    { path: ['form', 'a'], kind: 'changed', origin: '1', replay: '2' },
    { path: ['form', 'gone'], kind: 'removed', origin: 'x' },
    { path: ['form', 'new'], kind: 'added', replay: 'y' },
  ]);
  const capped = diffForms(parseForm('a=1&b=1&c=1'), parseForm('a=2&b=2&c=2'), 1);
  assert.deepEqual([capped.total, capped.diffs.length], [3, 1]);
});

test('binary: equal by bytes; different bodies are described by sizes and SHA-256 prefixes, never their content', () => {
  const origin = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const replay = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
  assert.deepEqual([compareBinary(input(origin, Buffer.from(origin), 'image/png')).reason], ['identical']);
  const result = compareBinary(input(origin, replay, 'image/png'));
  const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  assert.deepEqual([result.verdict, result.reason, result.diffs, result.totalDiffs], ['error', 'binary_mismatch', [], 0]);
  assert.equal(result.detail, `origin 7 bytes sha256:${sha(origin)}…, replay 8 bytes sha256:${sha(replay)}…`);
  assert.equal(fingerprint(Buffer.alloc(0)), `0 bytes sha256:${sha(Buffer.alloc(0))}…`);
});

test('text and form: --max-diffs 0 (or a negative or NaN cap) lists nothing and still counts every difference', () => {
  for (const cap of [0, -1, Number.NaN]) {
    const text = diffText('a\nb', 'c\nd', cap);
    assert.deepEqual([text.diffs.length, text.total], [0, 2], `text, cap ${cap}`);
    const form = diffForms(parseForm('a=1&b=1'), parseForm('a=2'), cap);
    assert.deepEqual([form.diffs.length, form.total], [0, 2], `form, cap ${cap}`);
  }
});

test('text: an inserted line is found as such up to the edit-script bound, past it lines are compared by position', () => {
  const base = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
  const withChanges = (every: number): string[] => ['inserted', ...base.map((line, i) => (i % every === every - 1 ? `${line}!` : line))];
  const aligned = diffText(base.join('\n'), withChanges(20).join('\n'), 1);
  assert.deepEqual(aligned.diffs, [{ path: ['body', 'line', 1], kind: 'added', replay: 'inserted' }]);
  assert.equal(aligned.total, 1 + 100);
  const positional = diffText(base.join('\n'), withChanges(2).join('\n'), 1);
  assert.deepEqual(positional.diffs, [{ path: ['body', 'line', 1], kind: 'changed', origin: 'line 0', replay: 'inserted' }]);
  assert.equal(positional.total, 2001, 'every line shifted, and the last one added');
});
