import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import type { ExchangeResult } from '../../src/compare/exchange-result.js';
import { formatExchangeDetails, formatExchangeLine } from '../../src/report/exchange-lines.js';
import { junitCase } from '../../src/report/junit-xml.js';
import { toLogRecord } from '../../src/report/log-record.js';
import { createRedactor } from '../../src/report/redact.js';
import { DETAIL_CHARS } from '../../src/report/shorten.js';
import { exchangeResult } from '../helpers/exchange-result.js';
import { parseXml } from '../helpers/xml-parse.js';
import type { XmlElement } from '../helpers/xml-parse.js';

// A judgement's notes in every output that describes an exchange: shortened, made safe for
// the terminal and XML, and absent when there are none.

const redactor = createRedactor({ bodyPaths: [] });
const chalk = new Chalk({ level: 0 });

function result(fields: Partial<ExchangeResult>): ExchangeResult {
  return exchangeResult({ diffs: [{ path: ['n'], kind: 'changed', origin: 1, replay: 2 }], totalDiffs: 1, ...fields });
}

const hostile = `items[id="\u001b[2J${'k'.repeat(2000)}"] is not unique (2 in origin, 1 in replay): its elements are paired in order`;
const notes = [hostile, 'list: compared by index (too large to align)', '(3 more notes)'];

test('the stderr line shows the first note, shortened and escaped, and counts the others; --verbose lists them all', () => {
  const line = formatExchangeLine(result({ notes }), chalk, redactor);
  assert.match(line, /\| n: 1 → 2 \| note: items\[id="\\u001b\[2Jk+…k+"\] is not unique .* \(\+2 more notes\)$/);
  assert.ok(!line.includes('\u001b'), 'no raw escape reaches the terminal');
  assert.ok(line.length < 700, `one short line, not ${line.length} characters`);
  const details = formatExchangeDetails(result({ notes }), chalk, redactor, 100).split('\n');
  assert.equal(details.at(-4), '  notes:');
  assert.match(details.at(-3) ?? '', /^ {4}items\[id="\\u001b\[2Jk+…/);
  assert.deepEqual(details.slice(-2), ['    list: compared by index (too large to align)', '    (3 more notes)']);
  assert.doesNotMatch(formatExchangeLine(result({}), chalk, redactor), /note/);
});

test('the log record holds every note, each shortened; a judgement without notes has no notes field', () => {
  const record = toLogRecord(result({ notes }), redactor, 100);
  assert.equal(record.notes?.length, 3);
  assert.equal(record.notes?.[0]?.length, DETAIL_CHARS);
  assert.equal(record.notes?.[1], 'list: compared by index (too large to align)');
  assert.equal('notes' in toLogRecord(result({}), redactor, 100), false);
  assert.equal('notes' in toLogRecord(result({ notes: [] }), redactor, 100), false);
});

test('a JUnit failure names the first note in its message and every note in its text, well-formed', () => {
  const testcase = parseXml(junitCase(result({ notes }), 'error', redactor).xml);
  const failure = testcase.children.find((child) => child.name === 'failure') as XmlElement;
  assert.match(failure.attributes['message'] ?? '', /^body_mismatch: n: 1 → 2 \| note: items\[id=.*\(\+2 more notes\)$/);
  assert.match(failure.text, /\nnote: items\[id="\[2Jk+…k+"\] is not unique .*\nnote: list: compared by index \(too large to align\)\nnote: \(3 more notes\)$/);
});
