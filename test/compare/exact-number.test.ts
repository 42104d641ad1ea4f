import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ExactNumber, decimalKey, doubleKeepsValue, normaliseDecimal, sameNumber } from '../../src/compare/exact-number.js';

const ONE = { negative: false, digits: '1', exponent: '0' };
const ZERO = { negative: false, digits: '0', exponent: '0' };

test('every way of writing one normalises to the same decimal', () => {
  for (const text of ['1', '1.0', '1e0', '1E0', '1e+0', '10e-1', '0.1e1', '100e-2', '0.001e3', '1.000000000000000000000000', '1e0000', '00001']) {
    assert.deepEqual(normaliseDecimal(text), ONE, text);
  }
});

test('zero has no sign, whatever its exponent or zeros', () => {
  for (const text of ['0', '-0', '0.0', '-0.000', '0e5', '0e-5', '-0E+99999999999999999999', '0.0e0']) assert.deepEqual(normaliseDecimal(text), ZERO, text);
});

test('big integers keep every digit and differ in the last one', () => {
  assert.deepEqual(normaliseDecimal('12345678901234567890'), { negative: false, digits: '1234567890123456789', exponent: '1' });
  assert.deepEqual(normaliseDecimal('12345678901234567891'), { negative: false, digits: '12345678901234567891', exponent: '0' });
  assert.deepEqual(normaliseDecimal('-9007199254740993'), { negative: true, digits: '9007199254740993', exponent: '0' });
  assert.equal(decimalKey('12345678901234567890'), decimalKey('1.234567890123456789e19'));
  assert.notEqual(decimalKey('12345678901234567890'), decimalKey('12345678901234567891'));
});

test('long fractions keep every digit; trailing zeros do not count', () => {
  assert.deepEqual(normaliseDecimal('0.1000000000000000055511151231257827'), { negative: false, digits: '1000000000000000055511151231257827', exponent: '-34' });
  assert.deepEqual(normaliseDecimal('-3.14159265358979323846264338327950288000'), { negative: true, digits: '314159265358979323846264338327950288', exponent: '-35' });
  assert.notEqual(decimalKey('0.1'), decimalKey('0.10000000000000001'));
});

test('exponents of any size are exact, including carries and borrows past fifteen digits', () => {
  assert.deepEqual(normaliseDecimal('1e400'), { negative: false, digits: '1', exponent: '400' });
  assert.deepEqual(normaliseDecimal('-1.5E-400'), { negative: true, digits: '15', exponent: '-401' });
  assert.deepEqual(normaliseDecimal('1e+0005'), { negative: false, digits: '1', exponent: '5' });
  assert.equal(normaliseDecimal('10e-1000000000000000000')!.exponent, '-999999999999999999');
  assert.equal(normaliseDecimal('0.5e1000000000000000000')!.exponent, '999999999999999999');
  assert.equal(normaliseDecimal('100e999999999999999999')!.exponent, '1000000000000000001');
  assert.equal(normaliseDecimal('0.01e-999999999999999999')!.exponent, '-1000000000000000001');
  assert.equal(normaliseDecimal(`1.5e${'9'.repeat(200_000)}`)!.exponent, `${'9'.repeat(199_999)}8`);
  assert.notEqual(decimalKey('1e99999999999999999999'), decimalKey('1e99999999999999999998'));
});

test('normalisation agrees with exact integer arithmetic on any literal', () => {
  const literal = fc.record({
    negative: fc.boolean(),
    whole: fc.stringMatching(/^\d{1,25}$/),
    fraction: fc.option(fc.stringMatching(/^\d{1,25}$/), { nil: undefined }),
    exponent: fc.option(fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }), { nil: undefined }),
  });
  fc.assert(
    fc.property(literal, ({ negative, whole, fraction, exponent }) => {
      const text = `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`;
      let digits = BigInt(whole + (fraction ?? ''));
      let power = (exponent ?? 0n) - BigInt(fraction?.length ?? 0);
      while (digits !== 0n && digits % 10n === 0n) {
        digits /= 10n;
        power += 1n;
      }
      const expected = digits === 0n ? ZERO : { negative, digits: String(digits), exponent: String(power) };
      assert.deepEqual(normaliseDecimal(text), expected, text);
    }),
  );
});

test('texts that are not decimal numbers have no normal form', () => {
  for (const text of ['', '1.', '.5', '+1', '--1', ' 1', '1 ', '1e', '1e+', '0x10', 'Infinity', 'NaN', '1_000', '١']) {
    assert.equal(normaliseDecimal(text), null, text);
    assert.equal(decimalKey(text), null, text);
  }
});

test('a double keeps the value of short literals and of its own shortest form, not of longer or out-of-range ones', () => {
  for (const text of ['1', '1.0', '-0', '0.1', '123456789012345', '9007199254740992', '0.30000000000000004', '1e308', '1.7976931348623157e308', '5e-324', '1E2', '2.5e-10']) {
    assert.equal(doubleKeepsValue(text), true, text);
  }
  for (const text of [
    '12345678901234567890',
    '9007199254740993',
    '0.10000000000000001',
    '1.00000000000000000001',
    '1e400',
    '-1e400',
    '1e-400',
    '4.9e-324',
    '1.7976931348623159e308',
  ]) {
    assert.equal(doubleKeepsValue(text), false, text);
  }
});

test('a literal of at most 15 digits and points with an exponent of at most two digits is kept by a double (what parseJsonBody relies on)', () => {
  const literal = fc.tuple(fc.stringMatching(/^\d{1,15}$/), fc.nat(15), fc.integer({ min: -99, max: 99 }), fc.boolean()).map(([digits, point, exponent, negative]) => {
    const at = Math.min(point, digits.length - 1);
    const mantissa = at === 0 || digits.length === 15 ? digits : `${digits.slice(0, at)}.${digits.slice(at)}`;
    return `${negative ? '-' : ''}${mantissa}e${exponent}`;
  });
  fc.assert(fc.property(literal, (text) => assert.equal(doubleKeepsValue(text), true, text)));
});

test('every double written by String or JSON.stringify is kept by a double', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      assert.equal(doubleKeepsValue(String(x)), true, String(x));
      assert.equal(doubleKeepsValue(JSON.stringify(x)), true, JSON.stringify(x));
    }),
  );
});

test('numbers are the same when their decimal values are, whether doubles or exact numbers', () => {
  const big = new ExactNumber('12345678901234567890');
  assert.equal(sameNumber(big, new ExactNumber('1.234567890123456789e19')), true);
  assert.equal(sameNumber(big, new ExactNumber('12345678901234567891')), false);
  assert.equal(sameNumber(big, Number('12345678901234567890')), false, 'the double nearest to it is another value');
  assert.equal(sameNumber(new ExactNumber('1.0'), 1), true);
  assert.equal(sameNumber(1, new ExactNumber('10e-1')), true);
  assert.equal(sameNumber(-0, 0), true);
  assert.equal(sameNumber(new ExactNumber('-0'), 0), true);
  assert.equal(sameNumber(1, 2), false);
  assert.equal(sameNumber(new ExactNumber('1e400'), Number.POSITIVE_INFINITY), false);
  assert.equal(sameNumber(Number.NaN, Number.NaN), false);
  for (const other of ['1', null, true, [1], { n: 1 }, undefined]) assert.equal(sameNumber(new ExactNumber('1'), other), false, String(other));
  assert.equal(sameNumber('1', 1), false);
});

test('an exact number keeps its literal, is a leaf to own-key walkers, and needs a valid literal', () => {
  const big = new ExactNumber('12345678901234567890');
  assert.equal(big.literal, '12345678901234567890');
  assert.equal(String(big), '12345678901234567890');
  assert.equal(JSON.stringify({ id: big }), '{"id":"12345678901234567890"}');
  assert.deepEqual(Object.keys(big), []);
  assert.throws(() => new ExactNumber('12a'), TypeError);
  assert.throws(() => new ExactNumber(''), TypeError);
});
