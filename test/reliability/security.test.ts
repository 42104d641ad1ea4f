import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, gorFileToHexStream } from '../helpers/gor-stream.js';
import { runCli, waitUntil } from '../helpers/run-cli.js';
import { Digester, digestAll, spawnCli } from './cli-stream.js';
import { listeningSockets, openFiles } from './process-probe.js';

const regressions = gorFileToHexStream(fixturePath('exchanges', 'robot-regressions.gor'));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'goreplay-diff-security-'));
}

describe('network', () => {
  test('the probe used below does see a listening TCP socket when a process has one', async () => {
    const server = spawn(process.execPath, ['-e', "require('net').createServer().listen(0, '127.0.0.1', () => console.log('up'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => server.stdout.once('data', resolve));
      const listening = listeningSockets(server.pid ?? 0);
      assert.equal(listening.length, 1, listening.join('; '));
      assert.match(listening[0] ?? '', /^tcp inode \d+ state 0A$/);
    } finally {
      server.kill('SIGKILL');
    }
  });

  test('in middleware mode, with log and report on, the process opens no socket beyond its stdio and listens on nothing', async () => {
    const cwd = tempDir();
    try {
      const cli = spawnCli(['--preset', 'robot', '--log-file', join(cwd, 'x.log'), '--report', join(cwd, 'report.json')], { cwd });
      const pid = cli.child.pid ?? 0;
      const received = new Digester();
      const echoed = digestAll(cli.child.stdout, received);
      cli.child.stdin.write(regressions);
      // Every output (log, report) is opened before the first byte is echoed.
      await waitUntil(() => received.bytes > 0, 'the first bytes are echoed');
      const sockets = openFiles(pid).filter((file) => file.fd > 2 && file.target.startsWith('socket:'));
      const listening = listeningSockets(pid);
      cli.child.stdin.end(regressions);
      const [exit, output] = await Promise.all([cli.exit, echoed]);
      assert.equal(exit.code, 0, exit.stderr);
      assert.equal(output.bytes, regressions.length * 2);
      assert.deepEqual(sockets, [], 'no socket besides stdin, stdout and stderr');
      assert.deepEqual(listening, []);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('a config file is data', { concurrency: 4 }, () => {
  const rejected: ReadonlyArray<readonly [string, string]> = [
    ['{"__proto__": {"failOn": "error"}}', '__proto__'],
    ['{"routes": [{"path": "/v2/robot/query", "__proto__": {"comparator": "status"}}]}', 'routes[0].__proto__'],
  ];
  for (const [text, key] of rejected) {
    test(`a prototype key is rejected by name, before any input is read: ${text}`, async () => {
      const cwd = tempDir();
      try {
        writeFileSync(join(cwd, 'config.json'), text);
        const run = await runCli(['--config', join(cwd, 'config.json'), '--no-log-file'], regressions, { cwd });
        assert.equal(run.code, 2, run.stderr);
        assert.ok(run.stderr.includes(`unknown config key "${key}"`), run.stderr);
        assert.equal(run.stdout.length, 0);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }

  test('strings that look like code, and a route named __proto__, are only names and patterns: the run behaves as without them', async () => {
    const cwd = tempDir();
    try {
      const config = {
        description: "require('child_process').execSync('touch pwned-description')",
        preset: 'robot',
        routes: [{ name: '__proto__', method: 'POST', path: '/v1/robot/intention', comparator: 'intention' }],
        ignore: ['__proto__.polluted', 'constructor.prototype.x'],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a config value that must never be evaluated
        redact: ['${process.exit(9)}'],
        writeMismatches: join(cwd, 'mismatches`touch pwned-backtick`.gor'),
      };
      writeFileSync(join(cwd, 'config.json'), JSON.stringify(config));
      const withConfig = await runCli(['--config', join(cwd, 'config.json'), '--no-log-file', '--report', join(cwd, 'a.json')], regressions, { cwd });
      const plain = await runCli(['--preset', 'robot', '--no-log-file', '--report', join(cwd, 'b.json')], regressions, { cwd });
      assert.equal(withConfig.code, 0, withConfig.stderr);
      assert.equal(plain.code, 0, plain.stderr);
      assert.ok(withConfig.stdout.equals(regressions));
      const a = JSON.parse(readFileSync(join(cwd, 'a.json'), 'utf8')) as { exchanges: unknown; messages: unknown; routes: Record<string, { error: number; ok: number }> };
      const b = JSON.parse(readFileSync(join(cwd, 'b.json'), 'utf8')) as { exchanges: unknown; messages: unknown };
      assert.deepEqual([a.exchanges, a.messages], [b.exchanges, b.messages]);
      // The explicit route comes first, so the intention exchanges are counted under its odd name.
      assert.ok(Object.hasOwn(a.routes, '__proto__'), `routes: ${Object.keys(a.routes).join(', ')}`);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.deepEqual(
        readdirSync(cwd).filter((name) => name.startsWith('pwned')),
        [],
      );
      assert.ok(existsSync(config.writeMismatches), 'the odd file name was used as a plain name');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('files', () => {
  test('the log file and the mismatch file are created with mode 0600', async () => {
    const cwd = tempDir();
    try {
      const mismatches = join(cwd, 'out', 'mismatches.gor');
      mkdirSync(join(cwd, 'out'));
      mkdirSync(join(cwd, 'logs'));
      const run = await runCli(['--preset', 'robot', '--log-file', join(cwd, 'logs', 'x.log'), '--write-mismatches', mismatches], regressions, { cwd });
      assert.equal(run.code, 0, run.stderr);
      const files = [...readdirSync(join(cwd, 'logs')).map((name) => join(cwd, 'logs', name)), mismatches];
      assert.ok(files.length >= 2);
      for (const file of files) {
        assert.ok(statSync(file).size > 0, `${file} is empty`);
        assert.equal(statSync(file).mode & 0o777, 0o600, `${file} has mode ${(statSync(file).mode & 0o777).toString(8)}`);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('with --no-log-file, only the report path is written: its temporary file sits beside it and the working directory stays empty', async () => {
    const cwd = tempDir();
    const elsewhere = tempDir();
    try {
      const reportDir = join(elsewhere, 'reports');
      mkdirSync(reportDir);
      const seen = new Set<string>();
      const watcher = watch(reportDir, (_event, name) => {
        if (name !== null) seen.add(String(name));
      });
      try {
        const run = await runCli(['--preset', 'robot', '--no-log-file', '--report', join(reportDir, 'report.json')], regressions, { cwd });
        assert.equal(run.code, 0, run.stderr);
        await waitUntil(() => seen.has('report.json'), 'the report was seen being written');
      } finally {
        watcher.close();
      }
      assert.deepEqual(readdirSync(cwd), []);
      assert.deepEqual(readdirSync(elsewhere), ['reports']);
      assert.deepEqual(readdirSync(reportDir), ['report.json']);
      const names = [...seen];
      assert.ok(
        names.every((name) => /^report\.json(\.tmp-\d+)?$/.test(name)),
        `files touched: ${names.join(', ')}`,
      );
      assert.ok(
        names.some((name) => name.startsWith('report.json.tmp-')),
        `no temporary file seen: ${names.join(', ')}`,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

/** Runs with `names` pre-created in the log folder and rotation every 4 KB; returns what is left there. */
async function rotateAmong(names: readonly string[]): Promise<string[]> {
  const cwd = tempDir();
  try {
    const logs = join(cwd, 'logs');
    mkdirSync(logs);
    for (const name of names) writeFileSync(join(logs, name), 'not ours');
    const input = Buffer.concat(Array.from({ length: 6 }, () => regressions));
    const run = await runCli(['--preset', 'robot', '-q', '--log-file', join(logs, 'x.log'), '--log-max-size', '4k', '--log-keep', '2'], input, { cwd });
    assert.equal(run.code, 0, run.stderr);
    return readdirSync(logs);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('log rotation in a folder holding other files', () => {
  test('rotation keeps the configured number of its own files and leaves unrelated ones alone', async () => {
    const unrelated = ['notes.txt', 'x.log.bak', 'other.3.log', 'x.log', 'x.old.log'];
    const left = await rotateAmong(unrelated);
    assert.equal(left.filter((name) => /^x\.\d+\.log$/.test(name)).length, 2, `left: ${left.join(', ')}`);
    for (const name of unrelated) assert.ok(left.includes(name), `${name} was deleted; left: ${left.join(', ')}`);
  });

  test('files whose names merely resemble rotated logs survive rotation too', async () => {
    const lookalikes = ['x-2024.log', 'x_7.log', 'xx.log'];
    const left = await rotateAmong(lookalikes);
    for (const name of lookalikes) assert.ok(left.includes(name), `${name} was deleted; left: ${left.join(', ')}`);
  });
});
