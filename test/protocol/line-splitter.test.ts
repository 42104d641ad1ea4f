import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from '../../src/protocol/line-splitter.js';

/** `inputEnded` false: reading stopped early, so a final partial line is dropped. */
function split(chunks: readonly string[], maxLineBytes = 1024, inputEnded = true, reuseBuffer = false): { lines: string[]; oversized: number[]; rest: number } {
  const lines: string[] = [];
  const oversized: number[] = [];
  const splitter = new LineSplitter({ line: (l) => lines.push(l.toString('latin1')), oversized: (n) => oversized.push(n) }, maxLineBytes, { reuseBuffer });
  for (const chunk of chunks) splitter.push(Buffer.from(chunk, 'latin1'));
  return { lines, oversized, rest: splitter.end(inputEnded) };
}

test('splits two lines written in one chunk', () => {
  assert.deepEqual(split(['ab\ncd\n']).lines, ['ab', 'cd']);
});

test('splits a line cut across three chunks', () => {
  assert.deepEqual(split(['a', 'b', 'c\n']).lines, ['abc']);
});

test('splits when the LF is the first byte of a chunk', () => {
  assert.deepEqual(split(['ab', '\ncd', '\n']).lines, ['ab', 'cd']);
});

test('splits when the LF is the last byte of a chunk', () => {
  assert.deepEqual(split(['ab\n', 'cd\n']).lines, ['ab', 'cd']);
});

test('empty lines are lines', () => {
  assert.deepEqual(split(['\n\nab\n\n']).lines, ['', '', 'ab', '']);
});

test('at the end of input, a final line without LF is a line like any other, however it was cut', () => {
  for (const reuseBuffer of [false, true]) {
    for (const chunks of [['ab\ncd', 'e'], ['ab\ncde'], ['a', 'b\n', 'c', 'd', 'e']]) {
      const result = split(chunks, 1024, true, reuseBuffer);
      assert.deepEqual(result.lines, ['ab', 'cde'], `${JSON.stringify(chunks)}, reuseBuffer ${reuseBuffer}`);
      assert.equal(result.rest, 3);
    }
  }
});

test('when reading stopped early, a final partial line is dropped: the rest of it was never read', () => {
  for (const reuseBuffer of [false, true]) {
    const result = split(['ab\ncd', 'e'], 1024, false, reuseBuffer);
    assert.deepEqual(result.lines, ['ab']);
    assert.deepEqual(result.oversized, []);
    assert.equal(result.rest, 3, 'its length is still reported');
  }
});

test('a final line without LF past the limit is oversized at the end of input, and nothing when reading stopped', () => {
  for (const reuseBuffer of [false, true]) {
    assert.deepEqual(split(['ok\n', 'x'.repeat(8), 'x'.repeat(8)], 10, true, reuseBuffer), { lines: ['ok'], oversized: [16], rest: 16 });
    assert.deepEqual(split(['ok\n', 'x'.repeat(8), 'x'.repeat(8)], 10, false, reuseBuffer), { lines: ['ok'], oversized: [], rest: 16 });
  }
});

test('an input ending with its LF, or empty, has no final line to deliver', () => {
  assert.deepEqual(split(['ab\n']), { lines: ['ab'], oversized: [], rest: 0 });
  assert.deepEqual(split([]), { lines: [], oversized: [], rest: 0 });
});

test('after end() the splitter starts afresh: nothing of the last line leaks into the next stream', () => {
  const lines: string[] = [];
  const splitter = new LineSplitter({ line: (l) => lines.push(l.toString('latin1')), oversized: () => {} }, 100, { reuseBuffer: true });
  splitter.push(Buffer.from('first\npart'));
  splitter.end(false);
  splitter.push(Buffer.from('next\nlast'));
  splitter.end(true);
  assert.deepEqual(lines, ['first', 'next', 'last']);
});

test('every way of cutting a stream into chunks gives the same lines', () => {
  const stream = 'one\ntwo\r\n\nthree and more\nx\n';
  const expected = split([stream]).lines;
  for (let a = 0; a <= stream.length; a++) {
    for (let b = a; b <= stream.length; b++) {
      const chunks = [stream.slice(0, a), stream.slice(a, b), stream.slice(b)];
      assert.deepEqual(split(chunks).lines, expected, `cut at ${a}, ${b}`);
    }
  }
});

test('a CR before the LF stays in the line (decoding decides what it means)', () => {
  assert.deepEqual(split(['ab\r\n']).lines, ['ab\r']);
});

test('a line longer than the limit in one chunk is reported as oversized, not kept', () => {
  const result = split([`short\n${'x'.repeat(20)}\nok\n`], 10);
  assert.deepEqual(result.lines, ['short', 'ok']);
  assert.deepEqual(result.oversized, [20]);
});

test('a line growing past the limit across chunks is reported with its full length', () => {
  const result = split(['xxxx', 'xxxx', 'xxxx', 'xx\nok\n'], 10);
  assert.deepEqual(result.lines, ['ok']);
  assert.deepEqual(result.oversized, [14]);
});

test('a line of exactly the limit is kept', () => {
  assert.deepEqual(split(['xxxxx', 'xxxxx\n'], 10).lines, ['xxxxxxxxxx']);
});

test('lines handed out stay intact after later chunks arrive', () => {
  const kept: Buffer[] = [];
  const splitter = new LineSplitter({ line: (l) => kept.push(Buffer.from(l)), oversized: () => {} }, 100);
  splitter.push(Buffer.from('ab'));
  splitter.push(Buffer.from('c\nde'));
  splitter.push(Buffer.from('f\n'));
  assert.deepEqual(kept.map(String), ['abc', 'def']);
});

test('with a reused buffer, any chunking gives the same lines and lengths as without', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'b', '\n', '\r', 'xyz'), { maxLength: 80 }),
      fc.array(fc.nat(90), { maxLength: 8 }),
      fc.integer({ min: 1, max: 12 }),
      (pieces, cuts, maxLineBytes) => {
        const stream = Buffer.from(pieces.join(''), 'latin1');
        const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const point of [...points, stream.length]) {
          chunks.push(stream.subarray(from, point));
          from = point;
        }
        const run = (reuseBuffer: boolean): string[] => {
          const seen: string[] = [];
          const splitter = new LineSplitter(
            {
              // Read at once: with reuseBuffer a line is only valid during the call.
              line: (line) => seen.push(`line ${line.toString('latin1')}`),
              oversized: (length) => seen.push(`oversized ${length}`),
            },
            maxLineBytes,
            { reuseBuffer },
          );
          for (const chunk of chunks) splitter.push(Buffer.from(chunk));
          seen.push(`rest ${splitter.end(true)}`);
          return seen;
        };
        assert.deepEqual(run(true), run(false));
      },
    ),
  );
});

test('with a reused buffer, a line longer than 1 MiB cut across chunks is assembled whole', () => {
  const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
  const lines: number[] = [];
  const splitter = new LineSplitter({ line: (line) => lines.push(line.length), oversized: () => assert.fail('not oversized') }, 8 * 1024 * 1024, { reuseBuffer: true });
  for (let at = 0; at < big.length; at += 100_000) splitter.push(big.subarray(at, Math.min(big.length, at + 100_000)));
  splitter.push(Buffer.from('\nshort', 'latin1'));
  splitter.push(Buffer.from(' line\n', 'latin1'));
  assert.deepEqual(lines, [big.length, 'short line'.length]);
});
