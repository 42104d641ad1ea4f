import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeHexStrict, hexEncodes } from '../../src/protocol/hex.js';

const asHex = (bytes: Uint8Array): Buffer => Buffer.from(Buffer.from(bytes).toString('hex'), 'latin1');

test('strict decoding agrees with Node for any bytes, in either case of hex digit', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, upper) => {
      const text = Buffer.from(bytes).toString('hex');
      const decoded = decodeHexStrict(Buffer.from(upper ? text.toUpperCase() : text, 'latin1'));
      assert.deepEqual(decoded, Buffer.from(bytes));
    }),
  );
});

test('strict decoding rejects a bad character at any position', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.constantFrom('g', 'G', ' ', '\r', 'x', '\u00e9'), (bytes, at, bad) => {
      const hex = asHex(bytes);
      hex[at % hex.length] = bad.charCodeAt(0) & 0xff;
      assert.equal(decodeHexStrict(hex), null);
    }),
  );
});

test('strictness holds for short and long payloads alike', () => {
  for (const size of [1, 31, 32, 33, 500, 128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1]) {
    const bytes = Buffer.alloc(size, 0xa7);
    const hex = asHex(bytes);
    assert.deepEqual(decodeHexStrict(hex), bytes, `${size} bytes`);
    for (const at of [0, hex.length >> 1, hex.length - 1]) {
      for (const bad of [0x67, 0x00, 0xe9, 0x20]) {
        const broken = Buffer.from(hex);
        broken[at] = bad;
        assert.equal(decodeHexStrict(broken), null, `${size} bytes, 0x${bad.toString(16)} at ${at}`);
      }
    }
  }
});

test('decoding a range of a line, and into scratch space', () => {
  const line = Buffer.from('xx4142434445yy', 'latin1');
  assert.equal(decodeHexStrict(line, 2, 12)?.toString(), 'ABCDE');
  const scratch = Buffer.alloc(8);
  const view = decodeHexStrict(line, 2, 8, scratch);
  assert.equal(view?.toString(), 'ABC');
  assert.equal(view?.buffer, scratch.buffer, 'the result is a view of the scratch buffer');
  assert.equal(decodeHexStrict(line, 2, 12, Buffer.alloc(4)), null, 'scratch too small');
  assert.equal(decodeHexStrict(line, 2, 7), null, 'odd length');
});

test('hexEncodes is true exactly when the hex range decodes to the given bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
      const line = Buffer.concat([Buffer.from('zz'), asHex(a), Buffer.from('zz')]);
      assert.equal(hexEncodes(line, 2, line.length - 2, a), true);
      assert.equal(hexEncodes(line, 2, line.length - 2, b), Buffer.from(a).equals(Buffer.from(b)));
    }),
  );
  const line = Buffer.from('41zz', 'latin1');
  assert.equal(hexEncodes(line, 0, 4, Buffer.from([0x41, 0])), false, 'invalid hex never matches');
  assert.equal(hexEncodes(Buffer.from('4142'), 0, 4, Buffer.from('AB')), true);
  assert.equal(hexEncodes(Buffer.from('4142'), 0, 4, Buffer.from('ABC')), false, 'length differs');
});
