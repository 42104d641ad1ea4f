import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordArgs, removeTempDirs, tempDir, verdictList } from '../helpers/command-helpers.js';
import { HEADER_EXCHANGES, headerCapture, headerStream, SECRET } from '../helpers/header-exchanges.js';
import { runCli } from '../helpers/run-cli.js';

after(removeTempDirs);

const EXCHANGES = [HEADER_EXCHANGES.location, HEADER_EXCHANGES.contentType, HEADER_EXCHANGES.cookie, HEADER_EXCHANGES.version, HEADER_EXCHANGES.volatile];

test('the program compares response headers: defaults, a route of the config file, --ignore-header and --header, in middleware mode and compare', async () => {
  const dir = tempDir('cli-headers');
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      routes: [
        { name: 'versioned', path: '/versioned', headers: ['X-Api-Version'] },
        { name: 'rest', path: '/**' },
      ],
    }),
  );
  const capture = join(dir, 'capture.gor');
  writeFileSync(capture, headerCapture(EXCHANGES));

  const middleware = tempDir('cli-headers-mw');
  const stream = headerStream(EXCHANGES);
  const mw = await runCli(['-c', config, ...recordArgs(middleware)], stream, { cwd: middleware });
  assert.equal(mw.code, 0, mw.stderr);
  assert.ok(mw.stdout.equals(stream), 'the echo is byte-identical');
  assert.deepEqual(verdictList(middleware), ['a1 error header_mismatch', 'a2 error header_mismatch', 'a3 error header_mismatch', 'a4 error header_mismatch', 'a6 ok identical']);
  assert.match(mw.stderr, /a1 header_mismatch status 302→302 replay 1 @\d+ \| headers\.location: "https:\/\/app\.example\/home" → "https:\/\/other\.example\/home"/);
  assert.match(mw.stderr, /a2 header_mismatch status 200→200 replay 1 @\d+ \| headers\.content-type: "application\/json" → "text\/html"/);
  assert.match(mw.stderr, /a3 header_mismatch status 200→200 replay 1 @\d+ \| headers\.set-cookie\.sid: "Path=\/; HttpOnly; Secure" → "Path=\/"/);
  assert.match(mw.stderr, /versioned a4 header_mismatch status 200→200 replay 1 @\d+ \| headers\.x-api-version: "1" → "2"/);
  assert.ok(!mw.stderr.includes(SECRET), 'no cookie value on stderr');

  const ignoring = tempDir('cli-headers-cmp');
  const cmp = await runCli(['compare', capture, '-c', config, '--ignore-header', 'content-type', '--ignore-header', 'X-API-VERSION', ...recordArgs(ignoring)], Buffer.alloc(0), {
    cwd: ignoring,
  });
  assert.equal(cmp.code, 1, `compare fails on the remaining errors; stderr: ${cmp.stderr}`);
  assert.deepEqual(verdictList(ignoring), ['a1 error header_mismatch', 'a2 ok identical', 'a3 error header_mismatch', 'a4 error header_mismatch', 'a6 ok identical']);

  const clean = tempDir('cli-headers-ok');
  const ok = await runCli(
    ['compare', capture, '--route', '/**', '--ignore-header', 'location', '--ignore-header', 'content-type', '--ignore-header', 'set-cookie', ...recordArgs(clean)],
    Buffer.alloc(0),
    {
      cwd: clean,
    },
  );
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(new Set(verdictList(clean).map((line) => line.split(' ').slice(1).join(' '))), new Set(['ok identical']));

  const bad = await runCli(['--route', '/**', '--header', 'x:y'], Buffer.alloc(0), { cwd: clean });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--header\[0\]: "x:y" is not a header name/);
});
