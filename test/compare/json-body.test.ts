import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExactNumber } from '../../src/compare/exact-number.js';
import { NOT_JSON, parseJsonBody } from '../../src/compare/json-body.js';

const parse = (text: string): unknown => parseJsonBody(Buffer.from(text));

/** The parsed value with every exact number replaced by `{ exact: literal }`, for deepEqual. */
function shown(value: unknown): unknown {
  if (value instanceof ExactNumber) return { exact: value.literal };
  if (Array.isArray(value)) return value.map(shown);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shown(child)]));
  return value;
}

/** Counts the exact numbers in a parsed value. */
function exactCount(value: unknown): number {
  if (value instanceof ExactNumber) return 1;
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((sum: number, child) => sum + exactCount(child), 0);
  return 0;
}

test('what is not JSON is NOT_JSON', () => {
  for (const body of [Buffer.alloc(0), Buffer.from([0xff, 0xfe]), Buffer.from('{"a":'), Buffer.from('12345678901234567890x'), Buffer.from('[1,]')]) {
    assert.equal(parseJsonBody(body), NOT_JSON);
  }
});

test('bodies whose numbers a double holds parse as JSON.parse parses them, whatever looks like a long number in their strings', () => {
  const texts = [
    '{"a":1,"b":[1.5,-0,1e2,2.5E-10],"c":{"d":null,"e":true}}',
    '{"score":0.30000000000000004,"lat":48.85661400000001,"big":1.7976931348623157e308,"tiny":5e-324}',
    '{"trace":"3e456a3e999f","id":"12345678901234567890","note":"n:1e400,","phone":"+1 555 0100 1234567890123"}',
    '[9007199254740992,123456789012345,0.1234567890123]',
    '\ufeff{"bom":1}',
    '"1e400"',
    '  7  ',
  ];
  for (const text of texts) {
    const parsed = parse(text);
    assert.deepEqual(parsed, JSON.parse(text.replace(/^\ufeff/, '')), text);
    assert.equal(exactCount(parsed), 0, text);
  }
});

test('a number literal no double holds is kept as written, wherever it stands; the others stay doubles', () => {
  assert.deepEqual(shown(parse('{"id":12345678901234567890,"n":1}')), { id: { exact: '12345678901234567890' }, n: 1 });
  assert.deepEqual(shown(parse('12345678901234567891')), { exact: '12345678901234567891' });
  assert.deepEqual(shown(parse(' [ 1 , -12345678901234567890 ,\n\t0.10000000000000001 , 1e400, 1E-400, 2.5 ] ')), [
    1,
    { exact: '-12345678901234567890' },
    { exact: '0.10000000000000001' },
    { exact: '1e400' },
    { exact: '1E-400' },
    2.5,
  ]);
  assert.deepEqual(shown(parse('{"a":{"b":[{"c":[1e+400]}]},"s":"12345678901234567890","t":true,"f":false,"z":null}')), {
    a: { b: [{ c: [{ exact: '1e+400' }] }] },
    s: '12345678901234567890',
    t: true,
    f: false,
    z: null,
  });
});

test('a literal of just 16 digits is found wherever it falls in the text', () => {
  for (let pad = 0; pad < 40; pad += 1) {
    for (const literal of ['9007199254740993', '-900719925474099.3', '8.000000000000001']) {
      const parsed = parse(`{"${'k'.repeat(pad)}":${literal}}`) as Record<string, unknown>;
      const value = parsed['k'.repeat(pad)];
      assert.ok(value instanceof ExactNumber && value.literal === literal, `${literal} after ${pad} characters`);
    }
  }
});

test('when it keeps numbers, parsing still follows JSON.parse: escapes, duplicate keys, __proto__, empty containers', () => {
  const text = '{"k\\"ey":"v\\u00e9\\n","a":1,"b":{},"c":[],"a":12345678901234567890,"__proto__":{"x":[]},"\\ud83d\\ude00":-0}';
  const parsed = parse(text) as Record<string, unknown>;
  const plain = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), Object.keys(plain));
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, { x: [] });
  assert.equal((parsed['a'] as ExactNumber).literal, '12345678901234567890');
  assert.deepEqual(shown({ ...parsed, a: 0 }), shown({ ...plain, a: 0 }));
  assert.ok(Object.is(parsed['\ud83d\ude00'], -0));
});

test('keeping numbers works at any depth JSON.parse accepts', () => {
  const depth = 100_000;
  const parsed = parse(`${'{"a":['.repeat(depth)}12345678901234567890${']}'.repeat(depth)}`);
  let node = parsed;
  for (let i = 0; i < depth; i += 1) node = ((node as Record<string, unknown>)['a'] as unknown[])[0];
  assert.equal((node as ExactNumber).literal, '12345678901234567890');
});

/** JSON text of `value` with its numbers written by `write`. */
function writeWith(value: unknown, write: (n: number) => string): string {
  if (typeof value === 'number') return write(value);
  if (Array.isArray(value)) return `[${value.map((item) => writeWith(item, write)).join(' , ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, child]) => `${JSON.stringify(key)}:\n${writeWith(child, write)}`)}}`;
  return JSON.stringify(value);
}

/** The parsed value with every exact number turned into the double nearest to it, as JSON.parse gives. */
function asDoubles(value: unknown): unknown {
  if (value instanceof ExactNumber) return Number(value.literal);
  if (Array.isArray(value)) return value.map(asDoubles);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, asDoubles(child)]));
  return value;
}

test('any JSON parses to the values JSON.parse gives, with exactly the literals no double holds kept as written', () => {
  const literals = ['12345678901234567890', '-0.10000000000000001', '1e400', '7e-999', '1.5'];
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
      let next = seed;
      let inexact = 0;
      const text = writeWith(value, (n) => {
        next = (next * 31 + 7) % 1009;
        if (next % 3 !== 0) return JSON.stringify(n);
        const literal = literals[next % literals.length]!;
        if (literal !== '1.5') inexact += 1;
        return literal;
      });
      const parsed = parse(text);
      assert.equal(exactCount(parsed), inexact, text);
      assert.deepEqual(asDoubles(parsed), JSON.parse(text), text);
    }),
  );
});
