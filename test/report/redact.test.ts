import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IgnorePathError } from '../../src/compare/ignore-paths.js';
import type { JsonDifference } from '../../src/compare/json-difference.js';
import { showValue } from '../../src/report/exchange-lines.js';
import { toLogDiff } from '../../src/report/log-record.js';
import { MAX_REDACTABLE_BYTES, REDACTED, createRedactor } from '../../src/report/redact.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

test('the default sensitive headers are redacted whatever their case, others kept', () => {
  const redactor = createRedactor({ bodyPaths: [] });
  const out = redactor.redactHeaders([
    ['authorization', 'Bearer abc'],
    ['COOKIE', 'sid=1'],
    ['Set-Cookie', 'sid=2'],
    ['Proxy-Authorization', 'Basic x'],
    ['x-api-key', 'k'],
    ['Content-Type', 'application/json'],
  ]);
  assert.deepEqual(out, [
    ['authorization', REDACTED],
    ['COOKIE', REDACTED],
    ['Set-Cookie', REDACTED],
    ['Proxy-Authorization', REDACTED],
    ['x-api-key', REDACTED],
    ['Content-Type', 'application/json'],
  ]);
});

test('configured headers are redacted in addition to the defaults', () => {
  const redactor = createRedactor({ headers: ['X-Session'], bodyPaths: [] });
  assert.deepEqual(
    redactor.redactHeaders([
      ['x-session', 's'],
      ['Authorization', 'a'],
    ]),
    [
      ['x-session', REDACTED],
      ['Authorization', REDACTED],
    ],
  );
});

test('body fields at nested, wildcard and any-depth paths are redacted', () => {
  const redactor = createRedactor({ bodyPaths: ['user.password', 'items[*].secret', '**.token'] });
  const body = json({
    user: { name: 'ann', password: 'p1' },
    items: [{ secret: 's1', keep: 1 }, { secret: { deep: 's2' } }],
    a: { b: { c: { token: 't1' } } },
    token: 't0',
  });
  const out = redactor.redactBody(body, Infinity);
  assert.deepEqual(JSON.parse(out.text!), {
    user: { name: 'ann', password: REDACTED },
    items: [{ secret: REDACTED, keep: 1 }, { secret: REDACTED }],
    a: { b: { c: { token: REDACTED } } },
    token: REDACTED,
  });
  assert.equal(out.truncated, false);
  assert.equal(out.bytes, body.length);
});

test('a JSON body with nothing to redact keeps its text exactly as sent', () => {
  const redactor = createRedactor({ bodyPaths: ['password'] });
  const text = '{ "n": 12345678901234567890,  "s": "x" }';
  assert.equal(redactor.redactBody(Buffer.from(text), Infinity).text, text);
});

test('a body longer than the limit is cut at a character boundary and marked truncated', () => {
  const redactor = createRedactor({ bodyPaths: [] });
  const body = Buffer.from('ab€cd'); // € is 3 bytes: a b [e2 82 ac] c d
  const out = redactor.redactBody(body, 4);
  assert.deepEqual(out, { text: 'ab', bytes: 7, truncated: true });
  assert.deepEqual(redactor.redactBody(body, 7), { text: 'ab€cd', bytes: 7, truncated: false });
});

test('a redacted body is truncated after redaction, so the limit applies to what is shown', () => {
  const redactor = createRedactor({ bodyPaths: ['password'] });
  const out = redactor.redactBody(json({ password: 'x'.repeat(100), name: 'n' }), 20);
  assert.equal(out.text, '{"password":"[redact');
  assert.equal(out.truncated, true);
});

test('bytes that are not UTF-8 are shown as a binary marker', () => {
  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
  assert.deepEqual(createRedactor({ bodyPaths: [] }).redactBody(binary, 100), {
    text: '<binary 6 bytes>',
    bytes: 6,
    truncated: false,
  });
  assert.equal(createRedactor({ bodyPaths: ['a'] }).redactBody(binary, 100).text, '<binary 6 bytes>');
});

test('a missing body is null and non-JSON text is shown as is', () => {
  const redactor = createRedactor({ bodyPaths: ['password'] });
  assert.deepEqual(redactor.redactBody(null, 100), { text: null, bytes: 0, truncated: false });
  assert.equal(redactor.redactBody(Buffer.from('password=x'), 100).text, 'password=x');
});

test('pretty mode indents JSON, redacted or not', () => {
  const redactor = createRedactor({ bodyPaths: ['p'] });
  assert.equal(redactor.redactBody(json({ a: 1 }), Infinity, true).text, '{\n  "a": 1\n}');
  assert.equal(redactor.redactBody(json({ p: 1 }), Infinity, true).text, `{\n  "p": "${REDACTED}"\n}`);
});

test('a body too large to parse is withheld when redaction paths are configured', () => {
  const redactor = createRedactor({ bodyPaths: ['password'] });
  const out = redactor.redactBody(Buffer.alloc(MAX_REDACTABLE_BYTES + 1, 0x20), 100);
  assert.match(out.text!, /withheld/);
  assert.equal(out.text!.includes(' '.repeat(10)), false);
});

test('a __proto__ key in a body is redacted as an ordinary field', () => {
  const redactor = createRedactor({ bodyPaths: ['__proto__.secret'] });
  const out = redactor.redactBody(Buffer.from('{"__proto__":{"secret":"s"},"x":1}'), Infinity);
  assert.equal(out.text, `{"__proto__":{"secret":"${REDACTED}"},"x":1}`);
});

test('difference values are redacted at their own path and inside them', () => {
  const redactor = createRedactor({ bodyPaths: ['user.password', '**.token'] });
  assert.equal(redactor.redactValue('p1', ['user', 'password']), REDACTED);
  assert.deepEqual(redactor.redactValue({ name: 'a', password: 'p' }, ['user']), { name: 'a', password: REDACTED });
  assert.deepEqual(redactor.redactValue({ list: [{ token: 't' }] }, ['x']), { list: [{ token: REDACTED }] });
  const untouched = { name: 'a' };
  assert.equal(redactor.redactValue(untouched, ['user']), untouched);
});

test('an invalid body path is rejected when the redactor is built', () => {
  assert.throws(() => createRedactor({ bodyPaths: ['a..b'] }), IgnorePathError);
});

test('a replayed value moved by an inserted element is redacted by where the replay holds it, in the log and on stderr alike', () => {
  const redactor = createRedactor({ bodyPaths: ['items[2].card'] });
  const moved: JsonDifference = { path: ['items', 1, 'card'], kind: 'changed', origin: '4111', replay: '5500', replayPath: ['items', 2, 'card'] };
  assert.deepEqual(toLogDiff(moved, redactor), { path: 'items[1].card', kind: 'changed', origin: '4111', replay: REDACTED, replayPath: 'items[2].card' });
  assert.equal(showValue(moved, 'replay', redactor, 100), JSON.stringify(REDACTED));
  assert.equal(showValue(moved, 'origin', redactor, 100), '"4111"');
  // A rule naming either place hides the replayed value: a plugin's replay path cannot take it past a rule on its path.
  const wrongPlace: JsonDifference = { path: ['secret'], kind: 'changed', origin: 'a', replay: 'b', replayPath: ['x'] };
  assert.deepEqual(toLogDiff(wrongPlace, createRedactor({ bodyPaths: ['secret'] })), { path: 'secret', kind: 'changed', origin: REDACTED, replay: REDACTED, replayPath: 'x' });
  assert.equal(showValue(wrongPlace, 'replay', createRedactor({ bodyPaths: ['secret'] }), 100), JSON.stringify(REDACTED));
  // Without a replay path, both sides are where the path says.
  const inPlace: JsonDifference = { path: ['items', 2, 'card'], kind: 'changed', origin: '4111', replay: '5500' };
  assert.deepEqual(toLogDiff(inPlace, redactor), { path: 'items[2].card', kind: 'changed', origin: REDACTED, replay: REDACTED });
});
