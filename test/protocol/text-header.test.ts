import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeHeader, gorHeader } from '../../src/protocol/decode-line.js';
import { parseGorHeader } from '../../src/protocol/gor-file.js';
import type { GorHeader } from '../../src/protocol/gor-message.js';
import { durationMs, nanosBetween, spanMs } from '../../src/protocol/text-header.js';

const hex = (text: string): Buffer => Buffer.from(Buffer.from(text, 'latin1').toString('hex'), 'latin1');

/** The header as the middleware path reads it (numbers kept as text). */
function textHeader(line: string): GorHeader {
  const decoded = decodeHeader(hex(`${line}\nGET / HTTP/1.1\r\n\r\n`));
  assert.ok(decoded.ok, line);
  return gorHeader(decoded);
}

/** What the spans were with bigint arithmetic throughout: nanoseconds truncated to microseconds, negative spans null. */
function referenceMs(ns: bigint): number | null {
  return ns < 0n ? null : Number(ns / 1000n) / 1000;
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** Timestamps of every length gor could write, often close together (real latencies), sometimes far apart or beyond 2^64. */
const timestamp = fc.oneof(digits(1, 25), fc.bigInt({ min: 1_500_000_000_000_000_000n, max: 1_500_000_000_000_100_000n }).map(String));
const duration = fc.oneof(
  fc.constant(undefined),
  digits(1, 22),
  digits(1, 22).map((text) => `-${text}`),
);

test('headers read as text give the exact numbers, spans and durations that bigint arithmetic gives', () => {
  fc.assert(
    fc.property(timestamp, timestamp, duration, (earlierText, laterText, durationText) => {
      const earlierLine = `1 abc ${earlierText}`;
      const laterLine = `3 abc ${laterText}${durationText === undefined ? '' : ` ${durationText}`}`;
      const earlier = textHeader(earlierLine);
      const later = textHeader(laterLine);
      const parsedEarlier = parseGorHeader(earlierLine) as GorHeader;
      const parsedLater = parseGorHeader(laterLine) as GorHeader;
      assert.equal(earlier.timestamp, parsedEarlier.timestamp);
      assert.equal(later.timestamp, parsedLater.timestamp);
      assert.equal(later.duration, parsedLater.duration);
      const exact = parsedLater.timestamp - parsedEarlier.timestamp;
      assert.equal(nanosBetween(earlier, later), Number(exact));
      assert.equal(spanMs(earlier, later), referenceMs(exact));
      // Headers from a .gor file (plain objects with bigints) give the same.
      assert.equal(spanMs(parsedEarlier, parsedLater), referenceMs(exact));
      const reference = parsedLater.duration === undefined ? null : referenceMs(parsedLater.duration);
      assert.equal(durationMs(later), reference);
      assert.equal(durationMs(parsedLater), reference);
    }),
    { numRuns: 2000 },
  );
});

test('a span or duration too long for an exact Number is still taken exactly', () => {
  const earlier = textHeader('1 a 1');
  const later = textHeader('3 a 99999999999999999999 123456789012345678901');
  assert.equal(spanMs(earlier, later), Number(99999999999999999998n / 1000n) / 1000);
  assert.equal(durationMs(later), Number(123456789012345678901n / 1000n) / 1000);
  assert.equal(spanMs(later, earlier), null, 'a negative span is clock skew');
});
