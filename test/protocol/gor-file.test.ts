import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GorFileParse, GorRecord } from '../../src/protocol/gor-file.js';
import { GOR_SEPARATOR, GorFileSplitter, formatGorRecord, parseGorFile, parseGorHeader, toHexLine } from '../../src/protocol/gor-file.js';
import { fixturePath, gorFileToHexStream, readGorFixture } from '../helpers/gor-stream.js';

const EXCHANGE_FILES = readdirSync(fixturePath('exchanges'))
  .filter((name) => name.endsWith('.gor'))
  .sort();
/** Files whose timestamps do not grow in file order, each for a reason fixtures/README.md gives. */
const UNORDERED_FILES = new Set(['duplicate-ids.gor', 'three-field.gor']);

const readExchanges = (name: string): Buffer => readFileSync(fixturePath('exchanges', name));
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

function parseInChunks(content: Buffer, size: number): GorFileParse {
  const splitter = new GorFileSplitter();
  const records: GorRecord[] = [];
  for (let start = 0; start < content.length; start += size) {
    records.push(...splitter.push(content.subarray(start, start + size)));
  }
  records.push(...splitter.end());
  return { records, skipped: splitter.skipped };
}

function record(headerLine: string, payload: string): Buffer {
  return formatGorRecord(headerLine, bytes(payload));
}

test('the fixtures folder holds the eight exchange files the README describes', () => {
  assert.deepEqual(EXCHANGE_FILES, [
    'chunked-gzip.gor',
    'duplicate-ids.gor',
    'missing-replay.gor',
    'non-json.gor',
    'out-of-order.gor',
    'robot-identical.gor',
    'robot-regressions.gor',
    'three-field.gor',
  ]);
});

test('every exchange fixture parses into HTTP records with valid headers and nothing skipped', () => {
  for (const name of EXCHANGE_FILES) {
    const { records, skipped } = parseGorFile(readExchanges(name));
    assert.equal(skipped, 0, name);
    assert.ok(records.length >= 3, name);
    for (const { header, headerLine, payload } of records) {
      assert.notEqual(header, null, `${name}: ${headerLine}`);
      const startLine = payload.toString('latin1', 0, payload.indexOf('\r\n'));
      const expected = header?.kind === 'request' ? /^(GET|POST) \/\S* HTTP\/1\.1$/ : /^HTTP\/1\.1 \d{3} /;
      assert.match(startLine, expected, `${name}: ${headerLine}`);
    }
  }
});

test('the splitter gives identical records whether fed 1-byte, 7-byte or whole chunks', () => {
  const edgeCases = [
    Buffer.concat([record('1 a 1 2', 'GET / HTTP/1.1\r\n\r\n'), bytes(`${GOR_SEPARATOR}\n`), bytes('1 b\nx\n🐵🙈🙉\n')]),
    bytes(`1 a 1\nbody\n${GOR_SEPARATOR}`),
    bytes('2 a 1 2\nno separator at all\n'),
  ];
  const inputs = [...EXCHANGE_FILES.map(readExchanges), ...edgeCases];
  for (const content of inputs) {
    const whole = parseGorFile(content);
    assert.deepEqual(parseInChunks(content, 1), whole);
    assert.deepEqual(parseInChunks(content, 7), whole);
    assert.deepEqual(parseInChunks(content, content.length), whole);
  }
});

test('formatting the parsed records of each fixture gives back the file byte for byte', () => {
  for (const name of EXCHANGE_FILES) {
    const content = readExchanges(name);
    const { records } = parseGorFile(content);
    const formatted = Buffer.concat(records.map((r) => formatGorRecord(r.headerLine, r.payload)));
    assert.ok(formatted.equals(content), name);
  }
});

test('payloads survive format then parse, with edge bytes and separator look-alikes', () => {
  const payloads = [
    Buffer.alloc(0),
    bytes('\n'),
    bytes('\n\nstarts and ends with LF\n\n'),
    bytes(`${GOR_SEPARATOR} not alone on its line\n x${GOR_SEPARATOR}\n`),
    bytes(`${GOR_SEPARATOR}\r\n`),
    Buffer.from([0x00, 0xff, 0x0a, 0x0d, 0x1f, 0x8b, 0x0a]),
  ];
  const file = Buffer.concat(payloads.map((payload, i) => formatGorRecord(`3 id${i} 1 2`, payload)));
  const { records, skipped } = parseGorFile(file);
  assert.equal(skipped, 0);
  assert.deepEqual(
    records.map((r) => r.payload),
    payloads,
  );
  assert.deepEqual(
    records.map((r) => r.headerLine),
    payloads.map((_, i) => `3 id${i} 1 2`),
  );
});

test('a payload line equal to the separator ends the record early, as in gor', () => {
  const { records, skipped } = parseGorFile(record('1 a 1', `top\n${GOR_SEPARATOR}\nbottom`));
  assert.deepEqual(
    records.map((r) => r.payload.toString()),
    ['top'],
  );
  assert.equal(skipped, 1, 'the rest has no meta line with 3 fields');
});

test('a final record without its separator is still returned', () => {
  const cases: Array<[string, string]> = [
    [`1 a 1 2\nbody\n`, 'body'],
    [`1 a 1 2\nbody`, 'body'],
    [`1 a 1 2\nbody\n${GOR_SEPARATOR}`, 'body'],
    [`1 a 1 2\nbody\n\n`, 'body\n'],
  ];
  for (const [text, payload] of cases) {
    const { records, skipped } = parseGorFile(bytes(text));
    assert.equal(skipped, 0, text);
    assert.deepEqual(
      records.map((r) => [r.headerLine, r.payload.toString()]),
      [['1 a 1 2', payload]],
      text,
    );
  }
});

test('blank lines after the last separator are not a record', () => {
  const parse = parseGorFile(Buffer.concat([record('1 a 1', 'x'), bytes('\n\r\n\n')]));
  assert.equal(parse.records.length, 1);
  assert.equal(parse.skipped, 0);
});

test('records whose meta line has fewer than three fields are skipped and counted', () => {
  const content = Buffer.concat([record('1 only-two', 'GET / HTTP/1.1\r\n\r\n'), bytes(`${GOR_SEPARATOR}\n`), record('', 'x'), record('2 kept 3 4', 'HTTP/1.1 200 OK\r\n\r\n')]);
  const { records, skipped } = parseGorFile(content);
  assert.equal(skipped, 3);
  assert.deepEqual(
    records.map((r) => r.headerLine),
    ['2 kept 3 4'],
  );
});

test('a record with three fields but an invalid header is kept with a null header', () => {
  const { records } = parseGorFile(Buffer.concat([record('9 a 1', 'x'), record('1  5', 'y')]));
  assert.deepEqual(
    records.map((r) => [r.headerLine, r.header]),
    [
      ['9 a 1', null],
      ['1  5', null],
    ],
  );
});

test('a record holding only a meta line has an empty payload', () => {
  const { records } = parseGorFile(bytes(`1 a 1 2\n${GOR_SEPARATOR}\n`));
  assert.equal(records.length, 1);
  assert.equal(records[0]?.headerLine, '1 a 1 2');
  assert.equal(records[0]?.payload.length, 0);
});

test('parseGorHeader accepts 3 and 4 fields and rejects every other shape', () => {
  const cases: Array<[string, ReturnType<typeof parseGorHeader>]> = [
    ['1 a10100000000000000000001 1710489601000000000 52000', { kind: 'request', id: 'a10100000000000000000001', timestamp: 1710489601000000000n, duration: 52000n }],
    ['2 abc 17 0', { kind: 'response', id: 'abc', timestamp: 17n, duration: 0n }],
    ['3 x 18446744073709551615 9007199254740993', { kind: 'replay', id: 'x', timestamp: 18446744073709551615n, duration: 9007199254740993n }],
    ['1 d401000000000000000000000000000000000001 1710489901000000000', { kind: 'request', id: 'd401000000000000000000000000000000000001', timestamp: 1710489901000000000n }],
    ['1 id 5 -1', { kind: 'request', id: 'id', timestamp: 5n, duration: -1n }],
    ['1 Ω-not-hex-at-all 5', { kind: 'request', id: 'Ω-not-hex-at-all', timestamp: 5n }],
    ['2 id 007 010', { kind: 'response', id: 'id', timestamp: 7n, duration: 10n }],
    ['4 id 1 2', null],
    ['0 id 1', null],
    ['11 id 1 2', null],
    ['a id 1 2', null],
    ['1 id', null],
    ['1', null],
    ['', null],
    ['1 id 1 2 3', null],
    ['1  id 1', null],
    ['1 id  1', null],
    [' 1 id 1', null],
    ['1 id 1 ', null],
    ['1 id 1\r', null],
    ['1 id 1 2\r', null],
    ['1 id abc', null],
    ['1 id 1.5', null],
    ['1 id -1', null],
    ['1 id +1', null],
    ['1 id 1e9', null],
    ['1 id 1 -', null],
    ['1 id 1 --1', null],
    ['1 id 1 0x10', null],
    ['1\tid 1 2', null],
  ];
  for (const [line, expected] of cases) {
    assert.deepEqual(parseGorHeader(line), expected, JSON.stringify(line));
  }
});

test('a 3-field header has no duration property at all', () => {
  const header = parseGorHeader('1 a 1');
  assert.ok(header !== null && !('duration' in header));
});

test('toHexLine writes lowercase hex of meta, LF and payload, ended by one LF', () => {
  const payload = Buffer.from([0x00, 0xab, 0xff, 0x0a, 0x0d]);
  const line = toHexLine('3 ID 1 2', payload);
  const text = line.toString('latin1');
  assert.match(text, /^[0-9a-f]+\n$/);
  assert.equal(text, `${Buffer.from('3 ID 1 2\n').toString('hex')}00abff0a0d\n`);
});

test('toHexLine output decodes back to the record, also past one hex slice and for latin1 headers', () => {
  const big = Buffer.alloc((1 << 20) * 2 + 3, 0);
  for (let i = 0; i < big.length; i += 1) big[i] = (i * 31) & 0xff;
  for (const [headerLine, payload] of [
    ['1 é\u00ff 1 2', bytes('GET / HTTP/1.1\r\n\r\n')],
    ['2 big 1 2', big],
  ] as const) {
    const line = toHexLine(headerLine, payload);
    assert.equal(line[line.length - 1], 0x0a);
    const decoded = Buffer.from(line.toString('latin1', 0, line.length - 1), 'hex');
    const lf = decoded.indexOf(0x0a);
    assert.equal(decoded.toString('latin1', 0, lf), headerLine);
    assert.ok(decoded.subarray(lf + 1).equals(payload));
  }
});

test('gorFileToHexStream gives one hex line per record, and the same for a .gor.gz copy', () => {
  const path = fixturePath('exchanges', 'out-of-order.gor');
  const stream = gorFileToHexStream(path);
  const { records } = readGorFixture(path);
  assert.ok(stream.equals(Buffer.concat(records.map((r) => toHexLine(r.headerLine, r.payload)))));
  const lines = stream.toString('latin1').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, records.length);
  const dir = mkdtempSync(join(tmpdir(), 'gor-stream-'));
  try {
    const gz = join(dir, 'out-of-order.gor.gz');
    writeFileSync(gz, gzipSync(readFileSync(path)));
    assert.ok(gorFileToHexStream(gz).equals(stream));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fixture IDs never repeat across files and follow the naming scheme', () => {
  const fileOf = new Map<string, string>();
  for (const name of EXCHANGE_FILES) {
    const idPattern = name === 'three-field.gor' ? /^[0-9a-f]{40}$/ : /^[0-9a-f]{24}$/;
    for (const { header } of readGorFixture(fixturePath('exchanges', name)).records) {
      const id = header?.id ?? '';
      assert.match(id, idPattern, name);
      const seen = fileOf.get(id);
      assert.ok(seen === undefined || seen === name, `${id} is in ${seen} and ${name}`);
      fileOf.set(id, name);
    }
  }
  const readme = readFileSync(fixturePath('README.md'), 'utf8');
  for (const id of fileOf.keys()) assert.ok(readme.includes(id), `README.md does not document ${id}`);
});

test('fixture timestamps grow in file order, so gor reading by timestamp keeps file order', () => {
  for (const name of EXCHANGE_FILES.filter((n) => !UNORDERED_FILES.has(n))) {
    const stamps = readGorFixture(fixturePath('exchanges', name)).records.map((r) => r.header?.timestamp ?? -1n);
    for (let i = 1; i < stamps.length; i += 1) {
      assert.ok((stamps[i] ?? -1n) > (stamps[i - 1] ?? -1n), `${name} record ${i}`);
    }
  }
});

test('every fixture message with a Content-Length has exactly that many body bytes', () => {
  for (const name of EXCHANGE_FILES) {
    for (const { headerLine, payload } of readGorFixture(fixturePath('exchanges', name)).records) {
      const headEnd = payload.indexOf('\r\n\r\n');
      assert.notEqual(headEnd, -1, `${name}: ${headerLine}`);
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(payload.toString('latin1', 0, headEnd + 2));
      if (length === null) continue;
      assert.equal(payload.length - headEnd - 4, Number(length[1]), `${name}: ${headerLine}`);
    }
  }
});

test('malformed.hex has as many lines as malformed.md describes', () => {
  const stream = readFileSync(fixturePath('streams', 'malformed.hex'), 'latin1');
  const described = readFileSync(fixturePath('streams', 'malformed.md'), 'utf8')
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l));
  assert.notEqual(stream[stream.length - 1], '\n', 'the last line has no LF');
  assert.equal(stream.split('\n').length, described.length);
});
