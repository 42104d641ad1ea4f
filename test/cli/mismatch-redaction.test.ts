import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeBody } from '../../src/protocol/body-decoder.js';
import { formatGorRecord, parseGorFile, toHexLine } from '../../src/protocol/gor-file.js';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';
import { runCli } from '../helpers/run-cli.js';
import { loggedExchanges, removeTempDirs, tempDir } from '../helpers/command-helpers.js';

after(removeTempDirs);

/** Every secret the capture holds; none may reach the redacted mismatch file. */
const SECRETS = ['AUTH-SECRET', 'COOKIE-SECRET', 'SETCOOKIE-SECRET', 'APIKEY-SECRET', 'hunter2', 'TOKEN-ORIGIN', 'TOKEN-REPLAY'];

function http(startLine: string, headers: readonly string[], body: Buffer | string): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([Buffer.from(`${[startLine, ...headers].join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

function chunked(bytes: Buffer): Buffer {
  const half = Math.floor(bytes.length / 2);
  const chunk = (piece: Buffer): Buffer => Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
  return Buffer.concat([chunk(bytes.subarray(0, half)), chunk(bytes.subarray(half)), Buffer.from('0\r\n\r\n')]);
}

const request = (body: string): Buffer =>
  http(
    'POST /api/login HTTP/1.1',
    [
      'Host: api',
      'Authorization: Bearer AUTH-SECRET',
      'Cookie: sid=COOKIE-SECRET',
      'X-Api-Key: APIKEY-SECRET',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
    ],
    body,
  );
const json = (status: string, body: string, extra: readonly string[] = []): Buffer =>
  http(
    `HTTP/1.1 ${status}`,
    ['Content-Type: application/json', 'Set-Cookie: sid=SETCOOKIE-SECRET; Path=/; HttpOnly', ...extra, `Content-Length: ${Buffer.byteLength(body)}`],
    body,
  );
const gzipChunked = (body: string): Buffer =>
  http('HTTP/1.1 200 OK', ['Content-Type: application/json', 'Content-Encoding: gzip', 'Transfer-Encoding: chunked'], chunked(gzipSync(body)));

/** Messages by ID: a mismatch in a gzip+chunked body, a status change, a missing replay, a truncated body, non-JSON bodies, and an ok exchange. */
const EXCHANGES: ReadonlyArray<readonly [string, Buffer, Buffer, Buffer | null]> = [
  ['e1', request('{"user":{"password":"hunter2"},"q":1}'), gzipChunked('{"token":"TOKEN-ORIGIN","n":1}'), json('200 OK', '{"token":"TOKEN-REPLAY","n":2}')],
  ['e2', request('{"user":{"password":"hunter2"}}'), json('200 OK', '{"token":"TOKEN-ORIGIN"}'), json('500 Internal Server Error', '{"token":"TOKEN-REPLAY"}')],
  ['e3', request('{"user":{"password":"hunter2"}}'), json('200 OK', '{"token":"TOKEN-ORIGIN"}'), null],
  ['e4', request('{}'), http('HTTP/1.1 200 OK', ['Set-Cookie: sid=SETCOOKIE-SECRET', 'Content-Length: 99'], '{"a":1}'), json('200 OK', '{"a":2}')],
  ['e5', request('{}'), http('HTTP/1.1 200 OK', ['Content-Length: 5'], 'plain'), http('HTTP/1.1 200 OK', ['Content-Length: 5'], 'other')],
  ['e6', request('{"user":{"password":"hunter2"}}'), json('200 OK', '{"token":"TOKEN-ORIGIN"}'), json('200 OK', '{"token":"TOKEN-ORIGIN"}')],
];

/** gor's 24-character ID for a short one. */
const idOf = (id: string): string => id.padEnd(24, '0');

function records(): Array<[string, Buffer]> {
  return EXCHANGES.flatMap(([id, req, origin, replay]) => {
    const out: Array<[string, Buffer]> = [
      [`1 ${idOf(id)} 1710489600000000000 0`, req],
      [`2 ${idOf(id)} 1710489600023000000 0`, origin],
    ];
    if (replay !== null) out.push([`3 ${idOf(id)} 1710489600024000000 1000000`, replay]);
    return out;
  });
}

const ARGS = ['--route', '/**', '--redact', 'user.password', '--redact', '**.token', '--fail-on', 'never', '--log-ok', '--no-color'];

/** `id verdict reason` of every non-ok exchange logged in `dir`, sorted. */
function verdicts(dir: string): string[] {
  return loggedExchanges(dir)
    .filter((record) => record.verdict !== 'ok')
    .map((record) => `${record.id} ${record.verdict} ${record.reason}`)
    .sort();
}

/** Each message of a mismatch file as text: its header lines and its decoded body. */
function readable(file: string): string[] {
  return parseGorFile(readFileSync(file)).records.map((record) => {
    const http = parseHttpMessage(record.payload, record.header?.kind === 'request' ? 'request' : 'response');
    if (!http.ok) return record.payload.toString('latin1');
    const body = decodeBody(http, { maxBytes: 1 << 20 });
    return `${http.headers
      .entries()
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n')}\n\n${(body.ok ? body.body : http.rawBody).toString('latin1')}`;
  });
}

describe('the mismatch file', () => {
  const capture = join(tempDir('mm-redact-capture'), 'capture.gor');
  writeFileSync(capture, Buffer.concat(records().map(([header, payload]) => formatGorRecord(header, payload))));

  async function compare(dir: string, file: string, extra: readonly string[] = []): Promise<void> {
    const run = await runCli(['compare', ...ARGS, '--log-file', join(dir, 'x.log'), ...extra, file], Buffer.alloc(0), { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
  }

  test('is redacted by default, headers and --redact body fields, gzip and chunked bodies included', async () => {
    const dir = tempDir('mm-redact');
    const mismatches = join(dir, 'm.gor');
    await compare(dir, capture, ['--write-mismatches', mismatches]);
    assert.deepEqual(verdicts(dir), [
      `${idOf('e1')} error body_mismatch`,
      `${idOf('e2')} error status_mismatch`,
      `${idOf('e3')} incomplete missing_replay`,
      `${idOf('e4')} error undecodable_body`,
      `${idOf('e5')} error text_mismatch`,
    ]);
    const raw = readFileSync(mismatches, 'latin1');
    const texts = readable(mismatches);
    for (const secret of SECRETS) {
      assert.ok(!raw.includes(secret), `${secret} in the file`);
      assert.ok(!texts.some((text) => text.includes(secret)), `${secret} in a decoded message`);
    }
    assert.ok(
      texts.some((text) => text.includes('Set-Cookie: sid=[redacted]; Path=/; HttpOnly')),
      'the cookie name and attributes stay',
    );
    assert.ok(
      texts.some((text) => text.includes('{"token":"[redacted]","n":1}')),
      'the gzip and chunked origin is written decoded and redacted',
    );
  });

  test('read back by compare, gives the same verdicts as the capture for every exchange whose verdict does not hang on a secret', async () => {
    const first = tempDir('mm-redact-first');
    const second = tempDir('mm-redact-second');
    const mismatches = join(first, 'm.gor');
    await compare(first, capture, ['--write-mismatches', mismatches]);
    await compare(second, mismatches);
    assert.deepEqual(verdicts(second), verdicts(first));
    assert.equal(loggedExchanges(second).filter((record) => record.verdict === 'ok').length, 0);
  });

  test('holds the exact captured bytes with --mismatches-unredacted, or mismatchesUnredacted in the config', async () => {
    const dir = tempDir('mm-unredacted');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ mismatchesUnredacted: true }));
    const wanted = records().filter(([header]) => !header.includes(` ${idOf('e6')} `));
    for (const extra of [['--mismatches-unredacted'], ['--config', config]]) {
      const mismatches = join(dir, `m-${extra[0]}.gor`);
      await compare(dir, capture, ['--write-mismatches', mismatches, ...extra]);
      const written = new Map(parseGorFile(readFileSync(mismatches)).records.map((record) => [record.headerLine, record.payload]));
      assert.deepEqual([...written.keys()].sort(), wanted.map(([header]) => header).sort());
      for (const [header, payload] of wanted) assert.ok(written.get(header)?.equals(payload), `${header} is byte-identical`);
    }
  });

  test('is redacted in middleware mode too, while the echo keeps every secret', async () => {
    const dir = tempDir('mm-redact-mw');
    const mismatches = join(dir, 'm.gor');
    const stream = Buffer.concat(records().map(([header, payload]) => toHexLine(header, payload)));
    const run = await runCli([...ARGS, '--no-log-file', '--write-mismatches', mismatches], stream, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.equals(stream), 'the echo is untouched');
    const texts = readable(mismatches);
    assert.equal(parseGorFile(readFileSync(mismatches)).records.length, 14);
    for (const secret of SECRETS) assert.ok(!texts.some((text) => text.includes(secret)), `${secret} in a decoded message`);
  });
});
