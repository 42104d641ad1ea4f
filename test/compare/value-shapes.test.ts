import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bothHaveShape,
  EPOCH_MILLIS_MAX,
  EPOCH_MILLIS_MIN,
  EPOCH_SECONDS_MAX,
  EPOCH_SECONDS_MIN,
  hasShape,
  isShape,
  SHAPES,
  type Shape,
  shapeOf,
} from '../../src/compare/value-shapes.js';

function jwt(header: unknown, payload: unknown = { sub: '1' }, signature = 'c2ln'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.${signature}`;
}

const CASES: Record<Shape, { yes: unknown[]; no: unknown[] }> = {
  uuid: {
    yes: ['123e4567-e89b-12d3-a456-426614174000', 'F47AC10B-58CC-4372-A567-0E02B2C3D479', '00000000-0000-0000-0000-000000000000'],
    no: ['123e4567e89b12d3a456426614174000', '123e4567-e89b-12d3-a456-42661417400', 'g23e4567-e89b-12d3-a456-426614174000', '{123e4567-e89b-12d3-a456-426614174000}', 123, null],
  },
  ulid: {
    yes: ['01ARZ3NDEKTSV4RRFFQ69G5FAV', '01arz3ndektsv4rrffq69g5fav', '7ZZZZZZZZZZZZZZZZZZZZZZZZZ'],
    no: ['01ARZ3NDEKTSV4RRFFQ69G5FA', '01ARZ3NDEKTSV4RRFFQ69G5FAVX', '01ARZ3NDEKTSV4RRFFQ69G5FAU', '01ARZ3NDEKTSV4RRFFQ69G5FAI', '8ZZZZZZZZZZZZZZZZZZZZZZZZZ', 1],
  },
  timestamp: {
    yes: [
      '2024-05-01T12:34:56Z',
      '2024-05-01T12:34:56.123456+02:00',
      '2024-05-01 12:34',
      '2024-05-01T12:34:56',
      'Wed, 01 May 2024 12:34:56 GMT',
      1714566896,
      1714566896.5,
      1714566896123,
      '1714566896',
      '1714566896123',
      EPOCH_SECONDS_MIN,
      EPOCH_MILLIS_MIN,
    ],
    no: [
      '2024-05-01',
      '2024-13-01T00:00:00Z',
      '2024-05-01T24:00:00Z',
      'Wed, 01 May 2024 12:34:56 PST',
      'yesterday',
      42,
      999_999_999,
      EPOCH_SECONDS_MAX,
      EPOCH_MILLIS_MAX,
      1714566896123.5,
      '12345',
      '17145668961234',
      Number.NaN,
      true,
    ],
  },
  'hex-digest': {
    yes: [
      'd41d8cd98f00b204e9800998ecf8427e',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'ab'.repeat(64),
      'D41D8CD98F00B204E9800998ECF8427E',
    ],
    no: ['d41d8cd98f00b204e9800998ecf8427', 'd41d8cd98f00b204e9800998ecf8427g', 'ab'.repeat(24), 'deadbeef', 12345],
  },
  jwt: {
    yes: [jwt({ alg: 'HS256', typ: 'JWT' }), jwt({ alg: 'none' }, { a: 1 }, ''), jwt({ alg: 'RS256', kid: 'k1' }, 'x', 'a_b-c')],
    no: [
      'a.b.c',
      jwt({ typ: 'JWT' }),
      jwt([1, 2]),
      `${jwt({ alg: 'HS256' })}.extra`,
      jwt({ alg: 'HS256' }).replace('.', '+'),
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0',
      'www.example.com',
      null,
    ],
  },
  ip: {
    yes: ['192.168.0.1', '0.0.0.0', '255.255.255.255', '::1', '::', '2001:db8::8a2e:370:7334', '2001:0db8:0000:0000:0000:ff00:0042:8329', '::ffff:192.0.2.1', 'fe80::'],
    no: ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '2001:db8::8a2e::7334', '2001:db8:0:0:0:0:0:0:1', '1:2:3:4:5:6:7', '12345::1', '::ffff:999.0.2.1', 'a:b', 3232235521],
  },
};

for (const shape of SHAPES) {
  test(`hasShape ${shape}: recognises its values`, () => {
    for (const value of CASES[shape].yes) assert.equal(hasShape(value, shape), true, `${JSON.stringify(value)} should be ${shape}`);
  });
  test(`hasShape ${shape}: rejects near misses and other types`, () => {
    for (const value of CASES[shape].no) assert.equal(hasShape(value, shape), false, `${JSON.stringify(value)} should not be ${shape}`);
  });
}

test('shapeOf names the one shape of each recognised value', () => {
  for (const shape of SHAPES) for (const value of CASES[shape].yes) assert.equal(shapeOf(value), shape, JSON.stringify(value));
});

test('shapeOf is null for ordinary values', () => {
  for (const value of ['hello', '', 'abc-def', 0, 42, -1, true, false, null, undefined, {}, [], ['123e4567-e89b-12d3-a456-426614174000']]) {
    assert.equal(shapeOf(value), null, JSON.stringify(value));
  }
});

test('isShape accepts exactly the listed names', () => {
  for (const shape of SHAPES) assert.equal(isShape(shape), true);
  for (const name of ['UUID', 'date', '', 'hex']) assert.equal(isShape(name), false);
});

test('bothHaveShape needs one same listed shape on both sides', () => {
  const uuid = '123e4567-e89b-12d3-a456-426614174000';
  const other = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
  assert.equal(bothHaveShape(uuid, other, ['uuid']), true);
  assert.equal(bothHaveShape(uuid, other, ['ip', 'uuid']), true);
  assert.equal(bothHaveShape(uuid, other, ['ip']), false);
  assert.equal(bothHaveShape(uuid, null, ['uuid']), false);
  assert.equal(bothHaveShape('10.0.0.1', uuid, ['uuid', 'ip']), false);
  assert.equal(bothHaveShape(1714566896, '2024-05-01T12:34:56Z', ['timestamp']), true);
  assert.equal(bothHaveShape(uuid, other, []), false);
});
