import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeBody } from '../../src/protocol/body-decoder.js';
import { HttpHeaders, isChunked, parseHttpMessage } from '../../src/protocol/http-payload.js';
import { fixturePath, gorFileToHexStream, readGorFixture } from '../helpers/gor-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { loggedExchanges, recordArgs, removeTempDirs, tempDir, verdictList } from '../helpers/command-helpers.js';

after(removeTempDirs);

interface TestServer {
  readonly url: string;
  /** What the server received, in arrival order. */
  readonly seen: Array<{ method: string; url: string; host: string | undefined; body: string }>;
  /** Most requests in flight at once. */
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;

async function startServer(handler: Handler): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  let inFlight = 0;
  let most = 0;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host, body: body.toString('utf8') });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    maxInFlight: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Requests are told apart by method, target and body; the fixtures make that unique per file. */
function requestKey(method: string, target: string, body: string): string {
  return `${method} ${target} ${body}`;
}

/**
 * A server that answers each request of `files` with its recorded response of the given type:
 * 2 (production's answer: an identical candidate) or 3 (the recorded replay: a regressed one).
 * Status, reason, header names and order as recorded; the body de-chunked when the recording
 * was chunked (Node re-chunks it), else as recorded. Unknown requests get 404.
 */
async function recordedServer(files: readonly string[], type: 'response' | 'replay'): Promise<TestServer> {
  const answers = new Map<string, Buffer>();
  for (const file of files) {
    const requests = new Map<string, string>();
    const { records } = readGorFixture(fixturePath('exchanges', file));
    for (const { header, payload } of records) {
      if (header?.kind !== 'request') continue;
      const request = parseHttpMessage(payload, 'request');
      assert.ok(request.ok);
      requests.set(header.id, requestKey(request.method ?? '', request.target ?? '', request.rawBody.toString('utf8')));
    }
    // Answers may come before their request in the file (out-of-order.gor).
    for (const { header, payload } of records) {
      const key = header?.kind === type ? requests.get(header.id) : undefined;
      if (key !== undefined && !answers.has(key)) answers.set(key, payload);
    }
  }
  return startServer((req, body, res) => {
    const recorded = answers.get(requestKey(req.method ?? '', req.url ?? '', body.toString('utf8')));
    if (recorded === undefined) {
      res.writeHead(404).end();
      return;
    }
    const response = parseHttpMessage(recorded, 'response');
    assert.ok(response.ok);
    const chunked = isChunked(response.headers);
    const headers = response.headers
      .entries()
      .filter(([name]) => !/^(connection|keep-alive)$/i.test(name))
      .flat();
    const decoded = chunked ? decodeBody({ ...response, headers: new HttpHeaders([['Transfer-Encoding', 'chunked']]) }, { maxBytes: 1 << 20 }) : null;
    res.writeHead(response.status ?? 500, response.reason ?? '', headers);
    res.end(decoded === null ? response.rawBody : decoded.ok ? decoded.body : response.rawBody);
  });
}

const NOTHING = Buffer.alloc(0);

test('replaying against a server that answers with the recorded replays gives the same verdicts as compare', async () => {
  const files = ['robot-identical.gor', 'robot-regressions.gor', 'chunked-gzip.gor', 'three-field.gor'];
  const paths = files.map((file) => fixturePath('exchanges', file));
  const server = await recordedServer(files, 'replay');
  try {
    const replayed = tempDir('replay-rec');
    const compared = tempDir('compare-rec');
    const replay = await runCli(['replay', '--preset', 'robot', '--target', server.url, '--fail-on', 'never', ...recordArgs(replayed), ...paths], NOTHING, { cwd: replayed });
    assert.equal(replay.code, 0, replay.stderr);
    assert.equal(replay.stdout.length, 0, 'replay writes nothing to stdout');
    const compare = await runCli(['compare', '--preset', 'robot', '--fail-on', 'never', ...recordArgs(compared), ...paths], NOTHING, { cwd: compared });
    assert.equal(compare.code, 0, compare.stderr);
    assert.equal(verdictList(replayed).length, 23);
    assert.deepEqual(verdictList(replayed), verdictList(compared));
    assert.equal(server.seen.length, 24, 'every request was sent, the unwatched one too');
    assert.match(replay.stderr, /replay: 24\/24 requests sent to http:\/\/127\.0\.0\.1:\d+ in .*; 0 failed; 0 without a recorded original response/);
    assert.match(replay.stderr, /24 recorded replayed responses \(type 3\) ignored/);
  } finally {
    await server.close();
  }
});

test('an identical candidate gives ok for everything and exit 0 under the default --fail-on', async () => {
  const server = await recordedServer(['robot-identical.gor', 'robot-regressions.gor'], 'response');
  try {
    const dir = tempDir('replay-same');
    const files = ['robot-identical.gor', 'robot-regressions.gor'].map((file) => fixturePath('exchanges', file));
    const run = await runCli(['replay', '--preset', 'robot', '--target', server.url, ...recordArgs(dir), ...files], NOTHING, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const logged = loggedExchanges(dir);
    assert.equal(logged.length, 14);
    assert.deepEqual(
      logged.filter((record) => record.verdict !== 'ok'),
      [],
    );
    const hexDir = tempDir('replay-hex');
    const hex = join(hexDir, 'stream.hex');
    writeFileSync(hex, Buffer.concat(files.map((file) => gorFileToHexStream(file))));
    const fromHex = await runCli(['replay', '--preset', 'robot', '--target', server.url, ...recordArgs(hexDir), hex], NOTHING, { cwd: hexDir });
    assert.equal(fromHex.code, 0, fromHex.stderr);
    assert.deepEqual(verdictList(hexDir), verdictList(dir), 'a hex stream replays like the .gor files');
    assert.match(fromHex.stderr, /replay: 15\/15 requests sent/);
  } finally {
    await server.close();
  }
});

test('a candidate that never answers is incomplete (replay_failed) after --timeout, and fails the run', async () => {
  const server = await startServer(() => {});
  try {
    const dir = tempDir('replay-slow');
    const run = await runCli(
      ['replay', '--preset', 'robot', '--target', server.url, '--timeout', '200ms', ...recordArgs(dir), fixturePath('exchanges', 'robot-identical.gor')],
      NOTHING,
      { cwd: dir },
    );
    assert.equal(run.code, 1, run.stderr);
    const logged = loggedExchanges(dir);
    assert.equal(logged.length, 6);
    for (const record of logged) {
      assert.equal(record.verdict, 'incomplete');
      assert.equal(record.reason, 'replay_failed');
      assert.equal(record.detail, 'no complete response within 200 ms');
      assert.equal(record.status.origin, 200, 'the recorded origin is kept');
    }
    assert.match(run.stderr, /6 failed/);
  } finally {
    await server.close();
  }
});

test('a candidate that drops connections is incomplete (replay_failed) with the connection error', async () => {
  const server = await startServer((req) => req.socket.destroy());
  try {
    const dir = tempDir('replay-drop');
    const run = await runCli(['replay', '--preset', 'robot', '--target', server.url, ...recordArgs(dir), fixturePath('exchanges', 'robot-regressions.gor')], NOTHING, { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const logged = loggedExchanges(dir);
    assert.equal(logged.length, 8);
    for (const record of logged) {
      assert.equal(record.reason, 'replay_failed');
      assert.match(record.detail ?? '', /socket hang up|ECONNRESET/);
    }
    assert.match(run.stderr, /incomplete +input_hint b20100000000000000000001 replay_failed/);
  } finally {
    await server.close();
  }
});

test('requests without a recorded original response are sent and counted, not judged', async () => {
  const server = await recordedServer(['missing-replay.gor'], 'response');
  try {
    const dir = tempDir('replay-no-origin');
    const run = await runCli(['replay', '--preset', 'robot', '--target', server.url, ...recordArgs(dir), fixturePath('exchanges', 'missing-replay.gor')], NOTHING, { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(verdictList(dir), ['f60100000000000000000001 ok identical']);
    assert.equal(server.seen.length, 3);
    assert.match(run.stderr, /3\/3 requests sent .*; 0 failed; 2 without a recorded original response \(sent, not judged\)/);
  } finally {
    await server.close();
  }
});

test('the captured Host is kept unless --rewrite-host; a target path prefixes every request; --concurrency caps requests in flight', async () => {
  const server = await startServer((_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  try {
    const dir = tempDir('replay-host');
    const file = fixturePath('exchanges', 'robot-identical.gor');
    const kept = await runCli(['replay', '--preset', 'robot', '--no-log-file', '-q', '--target', `${server.url}/base/`, '--concurrency', '1', '--rate', '1000', file], NOTHING, {
      cwd: dir,
    });
    assert.equal(kept.code, 1, kept.stderr);
    assert.deepEqual([...new Set(server.seen.map((seen) => seen.host))], ['robot.internal:16888']);
    assert.ok(
      server.seen.every((seen) => seen.url.startsWith('/base/v')),
      server.seen.map((seen) => seen.url).join(' '),
    );
    assert.equal(server.maxInFlight(), 1);
    server.seen.length = 0;
    const rewritten = await runCli(['replay', '--preset', 'robot', '--no-log-file', '-q', '--target', server.url, '--rewrite-host', file], NOTHING, { cwd: dir });
    assert.equal(rewritten.code, 1, rewritten.stderr);
    assert.deepEqual([...new Set(server.seen.map((seen) => seen.host))], [new URL(server.url).host]);
    assert.equal(server.seen[0]?.body, JSON.stringify({ robot_id: '664', session_id: 'sess-a1-1', query: '北京天' }), 'the body is sent as captured');
  } finally {
    await server.close();
  }
});

test('replay reads the capture from stdin and needs --target', async () => {
  const server = await recordedServer(['out-of-order.gor'], 'response');
  try {
    const dir = tempDir('replay-stdin');
    const run = await runCli(['replay', '--preset', 'robot', '--target', server.url, ...recordArgs(dir), '-'], readFileSync(fixturePath('exchanges', 'out-of-order.gor')), {
      cwd: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(verdictList(dir).length, 3);
    assert.match(run.stderr, /replay: 3 requests sent/, 'no total is known for stdin');
    const missing = await runCli(['replay', fixturePath('exchanges', 'out-of-order.gor')], NOTHING, { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--target/);
  } finally {
    await server.close();
  }
});
