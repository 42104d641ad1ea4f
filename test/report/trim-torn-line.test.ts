import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trimTornLine } from '../../src/report/trim-torn-line.js';

function trimmed(content: string): { removed: number; left: string } {
  const dir = mkdtempSync(join(tmpdir(), 'goreplay-diff-trim-'));
  try {
    const path = join(dir, 'x.log');
    writeFileSync(path, content);
    const removed = trimTornLine(path);
    return { removed, left: readFileSync(path, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a half-written last record is cut back to the last complete line', () => {
  assert.deepEqual(trimmed('{"a":1}\n{"b":2}\n{"c":'), { removed: 5, left: '{"a":1}\n{"b":2}\n' });
});

test('a file of complete lines, or an empty one, is left alone', () => {
  assert.deepEqual(trimmed('{"a":1}\n'), { removed: 0, left: '{"a":1}\n' });
  assert.deepEqual(trimmed(''), { removed: 0, left: '' });
});

test('a file holding only a torn record is emptied', () => {
  assert.deepEqual(trimmed('{"a":'), { removed: 5, left: '' });
});

test('a missing file is not an error', () => {
  assert.equal(trimTornLine(join(tmpdir(), 'goreplay-diff-no-such-dir', 'x.log')), 0);
});
