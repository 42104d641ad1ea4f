import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileIgnorePaths } from '../../src/compare/ignore-paths.js';
import { redactJsonText } from '../../src/report/redact-json-text.js';

const R = '"[redacted]"';
const matcher = compileIgnorePaths(['user.password', 'items[*].secret', '**.token', '["odd key"]']);

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const KEYS = ['user', 'password', 'items', 'secret', 'token', 'odd key', 'a', 'n', 'é\\u00e9', '\\"q'];
const SCALARS = ['1', '-0', '12345678901234567890', '1.5e-7', '"s"', '"\\u2028\\n"', 'true', 'false', 'null', '""'];

/** JSON text with random spacing; keys and scalars are already JSON text. */
function jsonText(next: () => number, depth: number): string {
  const space = (): string => [' ', '', '\n', '\t', '\r\n'][Math.floor(next() * 5)]!;
  const roll = next();
  if (depth > 4 || roll < 0.4) return SCALARS[Math.floor(next() * SCALARS.length)]!;
  const count = Math.floor(next() * 4);
  if (roll < 0.7) return `[${space()}${Array.from({ length: count }, () => jsonText(next, depth + 1)).join(`${space()},${space()}`)}${space()}]`;
  const members = Array.from({ length: count }, () => `"${KEYS[Math.floor(next() * KEYS.length)]}"${space()}:${space()}${jsonText(next, depth + 1)}`);
  return `{${space()}${members.join(`,${space()}`)}${space()}}`;
}

/** The same redaction done on parsed values, to check the text scan against. */
function redactParsed(value: unknown, path: Array<string | number>): unknown {
  if (matcher.matches(path)) return '[redacted]';
  if (Array.isArray(value)) return value.map((item, i) => redactParsed(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactParsed(item, [...path, key])]));
  }
  return value;
}

test('the text scan redacts exactly what a walk of the parsed value redacts, on generated JSON', () => {
  const next = random(7);
  for (let i = 0; i < 3000; i += 1) {
    const text = jsonText(next, 0);
    const out = redactJsonText(text, matcher, R);
    assert.ok(out !== null, `valid JSON refused: ${text}`);
    assert.deepEqual(JSON.parse(out), redactParsed(JSON.parse(text), []), text);
  }
});

test('what JSON.parse refuses the scan refuses, on generated JSON with one byte changed', () => {
  const next = random(11);
  const replacements = ['', ',', ':', '"', '\\', '{', '}', '[', ']', '0', '-', 'x', '\u0001', ' ', '.', 'e'];
  for (let i = 0; i < 5000; i += 1) {
    const text = jsonText(next, 0);
    const at = Math.floor(next() * (text.length + 1));
    const mutated = text.slice(0, at) + replacements[Math.floor(next() * replacements.length)]! + text.slice(at + 1);
    let valid = true;
    try {
      JSON.parse(mutated);
    } catch {
      valid = false;
    }
    assert.equal(redactJsonText(mutated, matcher, R) !== null, valid, JSON.stringify(mutated));
  }
});

test('everything but the redacted values is kept as written: digits, spacing, escapes and key order', () => {
  const text = '{ "n" : 12345678901234567890, "user": {"password" : "p", "name":"\\u0041"},\n "token": [1, {"a": 2}], "z": 1.0 }';
  assert.equal(redactJsonText(text, matcher, R), `{ "n" : 12345678901234567890, "user": {"password" : ${R}, "name":"\\u0041"},\n "token": ${R}, "z": 1.0 }`);
  const untouched = '{"a": [1, 2], "n": 1e400}';
  assert.equal(redactJsonText(untouched, matcher, R), untouched, 'returned as is when nothing matched');
  assert.equal(redactJsonText('{"\\u0074oken": 1}', matcher, R), `{"\\u0074oken": ${R}}`, 'keys are matched by their decoded text');
});

test('any nesting depth is scanned, and a redacted field deep inside is found', () => {
  const depth = 100_000;
  const text = `${'{"a":'.repeat(depth)}{"token":"t","b":2}${'}'.repeat(depth)}`;
  const out = redactJsonText(text, matcher, R);
  assert.equal(out, `${'{"a":'.repeat(depth)}{"token":${R},"b":2}${'}'.repeat(depth)}`);
  assert.equal(redactJsonText(`${'['.repeat(depth)}1${']'.repeat(depth - 1)}`, matcher, R), null, 'one bracket short is not JSON');
});

test('texts that are not one JSON value are refused', () => {
  for (const text of ['', ' ', '{', '{"a"}', '[1,]', '01', '1 2', '"\t"', "'a'", 'NaN', '{"a":1,}', '\uFEFF{}', 'nul', '[1]x']) {
    assert.equal(redactJsonText(text, matcher, R), null, JSON.stringify(text));
  }
});
