import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { detectFormat, readCapture } from '../../src/capture/capture-reader.js';
import type { CaptureEvent, CaptureFormat } from '../../src/capture/capture-reader.js';
import { canReadTwice, findChunks, resolveCaptureSources } from '../../src/capture/capture-sources.js';
import type { PathKind, SourceFs } from '../../src/capture/capture-sources.js';
import { formatGorRecord, toHexLine } from '../../src/protocol/gor-file.js';
import { UsageError } from '../../src/config/usage-error.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs('capture-input');

/** Regular `files`, and `others` of any kind (a FIFO, a directory…); nothing is standard input but `stdin` ones. */
function fakeFs(files: readonly string[], others: Readonly<Record<string, PathKind>> = {}, stdin: readonly string[] = []): SourceFs {
  return {
    kind: (path) => others[path] ?? (files.includes(path) ? 'file' : 'missing'),
    isStdin: (path) => stdin.includes(path),
    list: (dir) =>
      files
        .filter((file) => file.startsWith(`${dir}/`))
        .map((file) => file.slice(dir.length + 1))
        .filter((name) => !name.includes('/')),
  };
}

test('an existing file is read as is and - is stdin, in command-line order', () => {
  const fs = fakeFs(['/c/a.gor', '/c/a_0.gor']);
  assert.deepEqual(resolveCaptureSources(['/c/a.gor', '-'], fs), [
    { name: '/c/a.gor', path: '/c/a.gor' },
    { name: 'stdin', path: null },
  ]);
  assert.throws(
    () => resolveCaptureSources(['-', '-'], fs),
    (error: unknown) => error instanceof UsageError && error.code === 'stdin_twice' && error.key === '-',
  );
});

test('anything readable that is not a directory is read as is; a directory and an unreadable path are refused on their own', () => {
  const fs = fakeFs(['/c/a.gor'], { '/dev/fd/63': 'stream', '/c/fifo': 'stream', '/c': 'directory', '/c/secret.gor': 'unreadable' });
  assert.deepEqual(resolveCaptureSources(['/dev/fd/63', '/c/fifo', '/c/a.gor'], fs), [
    { name: '/dev/fd/63', path: '/dev/fd/63' },
    { name: '/c/fifo', path: '/c/fifo' },
    { name: '/c/a.gor', path: '/c/a.gor' },
  ]);
  assert.throws(() => resolveCaptureSources(['/c'], fs), { code: 'directory_input', key: '/c', message: /^\/c: is a directory, not a capture/ });
  assert.throws(() => resolveCaptureSources(['/c/secret.gor'], fs), { code: 'unreadable_input', key: '/c/secret.gor', message: '/c/secret.gor: permission denied' });
  assert.throws(() => resolveCaptureSources(['/c/none.gor'], fs), { code: 'no_input', message: /no such file/ });
});

test('a path that is standard input itself is read as stdin, and counts as it: at most once', () => {
  const fs = fakeFs([], { '/dev/stdin': 'stream', '/dev/fd/0': 'stream' }, ['/dev/stdin', '/dev/fd/0']);
  assert.deepEqual(resolveCaptureSources(['/dev/stdin'], fs), [{ name: '/dev/stdin', path: null }]);
  for (const args of [
    ['-', '/dev/stdin'],
    ['/dev/stdin', '/dev/fd/0'],
    ['/dev/fd/0', '-'],
  ]) {
    assert.throws(() => resolveCaptureSources(args, fs), { code: 'stdin_twice', key: args[1] }, args.join(' '));
  }
});

test('on the real file system: a FIFO, a symlink to one and a character device are sources; only a regular file is read twice', () => {
  const dir = tempDir();
  const fifo = join(dir, 'capture.fifo');
  execFileSync('mkfifo', [fifo]);
  const link = join(dir, 'link.gor');
  symlinkSync(fifo, link);
  const file = join(dir, 'a.gor');
  writeFileSync(file, '');
  const sources = resolveCaptureSources([fifo, link, '/dev/zero', file]);
  assert.deepEqual(
    sources.map((source) => source.path),
    [fifo, link, '/dev/zero', file],
  );
  assert.deepEqual(
    sources.map((source) => canReadTwice(source)),
    [false, false, false, true],
  );
  assert.equal(canReadTwice({ name: 'stdin', path: null }), false);
  assert.throws(() => resolveCaptureSources([dir]), { code: 'directory_input' });
  assert.throws(() => resolveCaptureSources([join(dir, 'missing.gor')]), { code: 'no_input' });
});

test('a missing path stands for gor chunks, read by numeric index', () => {
  const fs = fakeFs(['/c/requests_10.gor', '/c/requests_2.gor', '/c/requests_0.gor', '/c/requests_x.gor', '/c/other_1.gor', '/c/requests_1.gor.bak']);
  assert.deepEqual(findChunks('/c/requests.gor', fs), ['/c/requests_0.gor', '/c/requests_2.gor', '/c/requests_10.gor']);
  assert.deepEqual(
    resolveCaptureSources(['/c/requests.gor'], fs).map((source) => source.path),
    ['/c/requests_0.gor', '/c/requests_2.gor', '/c/requests_10.gor'],
  );
});

test('gzip chunks follow gor (index before the last extension), and name_N.gor.gz is accepted too', () => {
  assert.deepEqual(findChunks('/c/r.gor.gz', fakeFs(['/c/r.gor_1.gz', '/c/r.gor_0.gz'])), ['/c/r.gor_0.gz', '/c/r.gor_1.gz']);
  assert.deepEqual(findChunks('/c/r.gor.gz', fakeFs(['/c/r_1.gor.gz', '/c/r_0.gor.gz'])), ['/c/r_0.gor.gz', '/c/r_1.gor.gz']);
  assert.throws(() => resolveCaptureSources(['/c/none.gor'], fakeFs([])), {
    code: 'no_input',
    key: '/c/none.gor',
    message: '/c/none.gor: no such file, nor gor chunks like /c/none_0.gor',
  });
});

test('the format is told from the first non-blank line: a space means .gor, none means hex', () => {
  assert.equal(detectFormat(Buffer.from('1 abc 123 4\nGET / HTTP/1.1\r\n')), 'gor');
  assert.equal(detectFormat(Buffer.from('\r\n\n2 abc 123\n')), 'gor');
  assert.equal(detectFormat(Buffer.from('3120616263\n')), 'hex');
  assert.equal(detectFormat(Buffer.from('not hex at all\n')), 'gor', 'text with spaces is left to the .gor reader, which counts it');
  assert.equal(detectFormat(Buffer.from('zz\n31 20\n')), 'hex', 'only the first line decides');
  assert.equal(detectFormat(Buffer.alloc(0)), 'hex');
});

async function readAll(bytes: Buffer, chunkSize: number, maxLineBytes = 1 << 20): Promise<{ format: CaptureFormat | undefined; events: CaptureEvent[] }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  let format: CaptureFormat | undefined;
  const events: CaptureEvent[] = [];
  for await (const batch of readCapture(Readable.from(chunks), maxLineBytes, (found) => {
    format = found;
  }))
    events.push(...batch);
  return { format, events };
}

const request = Buffer.from('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');

test('.gor content is read record by record, even from one-byte chunks and through gzip', async () => {
  const file = Buffer.concat([formatGorRecord('1 id1 100 5', request), formatGorRecord('2 id1 200 5', Buffer.from('HTTP/1.1 200 OK\r\n\r\n')), formatGorRecord('1 x', request)]);
  for (const bytes of [file, gzipSync(file)]) {
    const { format, events } = await readAll(bytes, 1);
    assert.equal(format, 'gor');
    const records = events.flatMap((event) => (event.type === 'record' ? [event.record.headerLine] : []));
    assert.deepEqual(records, ['1 id1 100 5', '2 id1 200 5']);
    assert.deepEqual(events.at(-1), { type: 'skipped', count: 1 });
  }
});

test('hex content is read line by line; a last line without LF is a line like the others', async () => {
  const line = toHexLine('1 id1 100 5', request);
  const { format, events } = await readAll(Buffer.concat([line, line.subarray(0, line.length - 1)]), 7);
  assert.equal(format, 'hex');
  assert.deepEqual(
    events.map((event) => event.type),
    ['line', 'line'],
  );
  for (const event of events) assert.ok(event.type === 'line' && event.line.equals(line.subarray(0, line.length - 1)));
});

test('a hex last line without LF longer than the analysis limit is oversized, like any other', async () => {
  const line = toHexLine('1 id1 100 5', request);
  const { events } = await readAll(Buffer.concat([line, Buffer.from('ab'.repeat(line.length))]), 7, line.length);
  assert.deepEqual(
    events.map((event) => event.type),
    ['line', 'oversized'],
  );
});

test('an empty capture yields nothing', async () => {
  assert.deepEqual((await readAll(Buffer.alloc(0), 1)).events, []);
});

test('a corrupt gzip capture rejects while reading', async () => {
  const gz = gzipSync(formatGorRecord('1 id1 100 5', request));
  await assert.rejects(readAll(Buffer.concat([gz.subarray(0, 12), Buffer.from('garbage')]), 4));
});
