import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import { longFlag } from '../../src/config/option-spec.js';
import type { OptionSpec } from '../../src/config/option-spec.js';
import { checkConfigKeys, optionDefault, optionReader, OPTIONS } from '../../src/config/options.js';
import type { OptionName } from '../../src/config/options.js';
import type { Raw } from '../../src/config/raw-values.js';
import { UsageError } from '../../src/config/usage-error.js';
import type { UsageErrorCode } from '../../src/config/usage-error.js';
import { STRICT_GATE } from '../../src/judging/exit-policy.js';

const entries = Object.entries(OPTIONS) as Array<[OptionName, OptionSpec]>;

/** A config file holding `value` at `key`, dotted keys nested (`log.file`). */
function fileWith(key: string, value: unknown): Raw {
  const [head = key, ...rest] = key.split('.');
  return rest.length === 0 ? { [head]: value } : { [head]: fileWith(rest.join('.'), value) };
}

test('every option has a flag or a config-file key, and a flag has help text', () => {
  for (const [name, spec] of entries) {
    assert.ok(spec.flag !== undefined || spec.key !== undefined, name);
    if (spec.flag !== undefined) assert.ok(spec.help.length > 0, `${name} has no help`);
  }
});

test('every config-file key of the registry passes the key check; a key it lacks is refused by name', () => {
  const keys = entries.flatMap(([, spec]) => (spec.key === undefined ? [] : [spec.key]));
  assert.deepEqual(
    new Set(keys),
    new Set([
      'preset',
      'routes',
      'echoOnly',
      'overload',
      'filters',
      'ignore',
      'unordered',
      'arrayKeys',
      'ignoreShapes',
      'tolerance',
      'nullEqualsMissing',
      'looseTypes',
      'headers',
      'ignoreHeaders',
      'plugins',
      'comparatorTimeout',
      'redact',
      'ttl',
      'maxPending',
      'maxPendingSize',
      'maxDiffs',
      'maxFieldPaths',
      'maxClusters',
      'maxBodySize',
      'maxLineSize',
      'log.file',
      'log.maxSize',
      'log.frequency',
      'log.keep',
      'log.ok',
      'log.bodyLimit',
      'report',
      'html',
      'metrics.listen',
      'reportInterval',
      'failOn',
      'baseline',
      'failOnNew',
      'writeMismatches',
      'mismatchesUnredacted',
      'output',
      'color',
      'progressInterval',
      '$schema',
      'description',
    ]),
    'the keys the README documents',
  );
  for (const key of keys) {
    checkConfigKeys(fileWith(key, 'any value: keys are checked before values'));
    assert.throws(() => checkConfigKeys(fileWith(`${key}X`, 1)), { code: 'unknown_key', key: `${key}X` });
  }
  assert.throws(() => checkConfigKeys({ maxPendingBytes: 1 }), { code: 'unknown_key', key: 'maxPendingBytes', message: 'unknown config key "maxPendingBytes"' });
  assert.throws(() => checkConfigKeys({ log: [] }), { code: 'bad_value', key: 'log' });
});

/** A value the option refuses, given through `channel`, and the error it must give. */
interface Refused {
  readonly channel: 'flag' | 'file';
  readonly value: unknown;
  readonly key: string;
  readonly code: UsageErrorCode;
}
const flag = (value: unknown, key: string, code: UsageErrorCode = 'bad_value'): Refused => ({ channel: 'flag', value, key, code });
const file = (value: unknown, key: string, code: UsageErrorCode = 'bad_value'): Refused => ({ channel: 'file', value, key, code });

/**
 * A refused value per option and channel. Typed by the registry's names, so an option
 * added there without a case here does not compile. Empty: no value is refused (switches,
 * free text, keys for people and tools).
 */
const REFUSED: { readonly [K in OptionName]: readonly Refused[] } = {
  config: [flag('', '--config')],
  preset: [flag('nosuch', '--preset'), file('nosuch', 'preset')],
  route: [
    flag(['/(x/'], '--route[0]', 'bad_route'),
    flag(['/**=jsn'], '--route[0]', 'bad_route'),
    file([{ path: '/(x/' }], 'routes[0].path', 'bad_route'),
    file(['api/x'], 'routes[0]', 'bad_route'),
    file('/a', 'routes'),
  ],
  filter: [flag(['robot_id'], '--filter[0]', 'bad_filter'), file(['robot_id'], 'filters[0]', 'bad_filter'), file([7], 'filters[0]')],
  echoOnly: [file('yes', 'echoOnly'), file(null, 'echoOnly')],
  overload: [flag('drop', '--overload'), file('drop', 'overload'), file(true, 'overload')],
  ignore: [flag(['a..b'], '--ignore[0]', 'bad_ignore_path'), file(['a', 'a..b'], 'ignore[1]', 'bad_ignore_path'), file([''], 'ignore[0]')],
  unordered: [flag(['a..b'], '--unordered[0]', 'bad_ignore_path'), file(['a', '[*'], 'unordered[1]', 'bad_ignore_path'), file('tags', 'unordered')],
  arrayKey: [
    flag(['items'], '--array-key[0]', 'bad_array_key'),
    flag(['items=id', 'a..b=id'], '--array-key[1]', 'bad_array_key'),
    file(['items='], 'arrayKeys[0]', 'bad_array_key'),
    file('items=id', 'arrayKeys'),
  ],
  tolerance: [
    flag(['price'], '--tolerance[0]', 'bad_tolerance'),
    flag(['a=1', 'a=-1'], '--tolerance[1]', 'bad_tolerance'),
    file(['a..b=1'], 'tolerance[0]', 'bad_tolerance'),
    file(['a=2%%'], 'tolerance[0]', 'bad_tolerance'),
    file('a=1', 'tolerance'),
  ],
  nullEqualsMissing: [file('yes', 'nullEqualsMissing'), file(null, 'nullEqualsMissing')],
  looseTypes: [file(1, 'looseTypes')],
  comparatorModule: [flag([''], '--comparator-module[0]'), file('rules.mjs', 'plugins'), file([7], 'plugins[0]')],
  comparatorTimeout: [flag('100', '--comparator-timeout'), file('0ms', 'comparatorTimeout')],
  redact: [flag(['a..b'], '--redact[0]', 'bad_ignore_path'), file(['a..b'], 'redact[0]', 'bad_ignore_path'), file(['a', 'items[id=7].token'], 'redact[1]', 'bad_ignore_path')],
  header: [flag(['x-ok', 'x y'], '--header[1]'), file(['x:y'], 'headers[0]'), file('x-one', 'headers'), file([''], 'headers[0]')],
  ignoreShape: [flag(['uuid,UUID'], '--ignore-shape[0]'), file(['ip', 'date'], 'ignoreShapes[1]'), file('uuid', 'ignoreShapes')],
  ignoreHeader: [flag(['a\tb'], '--ignore-header[0]'), file(['date', 7], 'ignoreHeaders[1]')],
  ttl: [flag('soon', '--ttl'), flag('60', '--ttl'), file('0', 'ttl'), file(60, 'ttl')],
  maxPending: [flag('lots', '--max-pending'), file(0, 'maxPending')],
  maxPendingSize: [flag('lots', '--max-pending-size'), file(0, 'maxPendingSize')],
  maxDiffs: [flag('0', '--max-diffs'), file(1.5, 'maxDiffs')],
  maxFieldPaths: [flag('0', '--max-field-paths'), file(2.5, 'maxFieldPaths')],
  maxClusters: [flag('many', '--max-clusters'), file(0, 'maxClusters')],
  maxBodySize: [flag('big', '--max-body-size'), file('-1', 'maxBodySize')],
  maxLineSize: [flag('big', '--max-line-size'), file(true, 'maxLineSize')],
  logFile: [file(5, 'log.file'), file('', 'log.file')],
  logMaxSize: [flag('huge', '--log-max-size'), file('huge', 'log.maxSize')],
  logFrequency: [flag('weekly', '--log-frequency'), file('500ms', 'log.frequency')],
  logKeep: [flag('1', '--log-keep'), file(1, 'log.keep')],
  logOk: [file('yes', 'log.ok'), file(null, 'log.ok')],
  logBodyLimit: [flag('0', '--log-body-limit'), file('x', 'log.bodyLimit')],
  report: [flag('', '--report'), file(null, 'report')],
  html: [flag('', '--html'), file(null, 'html'), file(7, 'html')],
  reportInterval: [file('50ms', 'reportInterval')],
  failOn: [flag('sometimes', '--fail-on'), file('ok', 'failOn')],
  baseline: [flag('', '--baseline'), file(5, 'baseline'), flag('previous.json', '--baseline', 'invalid_report'), file('previous.json', 'baseline', 'invalid_report')],
  failOnNew: [file('yes', 'failOnNew'), flag(true, '--fail-on-new', 'baseline_needed'), file(true, 'failOnNew', 'baseline_needed')],
  out: [flag('', '--out')],
  writeMismatches: [flag('', '--write-mismatches'), file(5, 'writeMismatches')],
  mismatchesUnredacted: [file('yes', 'mismatchesUnredacted'), file(null, 'mismatchesUnredacted')],
  verbose: [],
  quiet: [],
  output: [file('loud', 'output')],
  color: [file('yes', 'color')],
  progressInterval: [flag('often', '--progress-interval'), file(-1, 'progressInterval')],
  metricsListen: [
    flag(':9464', '--metrics-listen'),
    flag('70000', '--metrics-listen'),
    flag('http://127.0.0.1:9464', '--metrics-listen'),
    flag('localhost:', '--metrics-listen'),
    file(true, 'metrics.listen'),
    file('9464 ', 'metrics.listen'),
  ],
  metricsPush: [flag('pushgateway:9091', '--metrics-push'), flag('ftp://pushgateway', '--metrics-push')],
  metricsJob: [flag('', '--metrics-job')],
  $schema: [],
  description: [],
  maxErrorRate: [flag('2', '--max-error-rate'), flag('-0.1', '--max-error-rate'), flag('abc', '--max-error-rate')],
  minSamples: [flag('0', '--min-samples')],
  junit: [],
  target: [flag('staging:8080', '--target'), flag('ftp://staging', '--target')],
  concurrency: [flag('0', '--concurrency')],
  rate: [flag('0', '--rate'), flag('fast', '--rate')],
  timeout: [flag('0', '--timeout'), flag('5000', '--timeout')],
  rewriteHost: [],
};

/** Reads option `name` as its command does: a judging or middleware one through loadConfig as middleware mode, the others on their own. */
function readAs(name: OptionName, channel: 'flag' | 'file', value: unknown): void {
  const spec: OptionSpec = OPTIONS[name];
  const flags: Record<string, unknown> = channel === 'flag' ? { [name]: value } : {};
  if (spec.group === 'gate' || spec.group === 'replay' || spec.group === 'report') {
    optionReader<'gate' | 'replay' | 'report'>(flags)(name as 'target');
    return;
  }
  const text = JSON.stringify(channel === 'file' && spec.key !== undefined ? fileWith(spec.key, value) : {});
  loadConfig({ ...flags, config: channel === 'flag' && name === 'config' ? String(value) : 'c.json' }, undefined, () => text, {}, 'middleware');
}

test('a refused value names what the user wrote: the flag as typed, or the config key', () => {
  for (const [name, cases] of Object.entries(REFUSED) as Array<[OptionName, readonly Refused[]]>) {
    for (const { channel, value, key, code } of cases) {
      const spec: OptionSpec = OPTIONS[name];
      assert.ok(channel === 'flag' ? spec.flag !== undefined : spec.key !== undefined, `${name} has no ${channel}`);
      if (channel === 'flag' && spec.flag !== undefined) assert.ok(key.startsWith(longFlag(spec.flag)), `${key} is not ${name}'s flag`);
      assert.throws(
        () => readAs(name, channel, value),
        (error: unknown) => {
          assert.ok(error instanceof UsageError, `${name} ${JSON.stringify(value)}: ${String(error)}`);
          assert.deepEqual({ code: error.code, key: error.key }, { code, key }, error.message);
          assert.ok(error.message.includes(key) && !error.message.includes('\n'), error.message);
          return true;
        },
        `${name} ${channel} ${JSON.stringify(value)}`,
      );
    }
  }
});

test('the gate and replay options read what their flags say, and their defaults', () => {
  const gate = optionReader<'gate'>({ maxErrorRate: '5%', minSamples: ' 200 ' });
  assert.equal(gate('maxErrorRate'), 0.05);
  assert.equal(gate('minSamples'), 200);
  assert.equal(optionReader<'gate'>({ maxErrorRate: '.25' })('maxErrorRate'), 0.25);
  assert.deepEqual({ maxRate: optionDefault('maxErrorRate'), minSamples: optionDefault('minSamples') }, STRICT_GATE);
  assert.equal(optionDefault('junit'), null);
  const replay = optionReader<'replay'>({ target: 'https://staging:8443/base', concurrency: ' 3 ', rate: '2.5', timeout: '2s', rewriteHost: true });
  assert.equal(replay('target').href, 'https://staging:8443/base');
  assert.equal(replay('concurrency'), 3);
  assert.equal(replay('rate'), 2.5);
  assert.equal(replay('timeout'), 2000);
  assert.equal(replay('rewriteHost'), true);
  assert.deepEqual([optionDefault('concurrency'), optionDefault('rate'), optionDefault('timeout'), optionDefault('rewriteHost')], [8, null, 5000, false]);
});

test('a command default replaces the registry default, never a value given', () => {
  const read = (flags: Record<string, unknown>, fileText: string) => loadConfig({ config: 'c.json', ...flags }, undefined, () => fileText, { failOn: 'incomplete' }).failOn;
  assert.equal(read({}, '{}'), 'incomplete');
  assert.equal(read({}, '{"failOn": null}'), 'incomplete');
  assert.equal(read({}, '{"failOn": "never"}'), null);
  assert.equal(read({ failOn: 'warn' }, '{"failOn": "never"}'), 'warn');
});
