import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorLevel } from '../../src/report/color-level.js';

test('a terminal gets colours by its depth', () => {
  assert.equal(colorLevel({ env: { TERM: 'xterm' }, isTTY: true }), 1);
  assert.equal(colorLevel({ env: { TERM: 'xterm-256color' }, isTTY: true }), 2);
  assert.equal(colorLevel({ env: { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, isTTY: true }), 3);
});

test('a pipe or a dumb terminal gets no colour', () => {
  assert.equal(colorLevel({ env: { TERM: 'xterm-256color' }, isTTY: false }), 0);
  assert.equal(colorLevel({ env: { TERM: 'dumb' }, isTTY: true }), 0);
});

test('NO_COLOR turns colour off on a terminal unless it is empty', () => {
  assert.equal(colorLevel({ env: { NO_COLOR: '1', TERM: 'xterm' }, isTTY: true }), 0);
  assert.equal(colorLevel({ env: { NO_COLOR: '', TERM: 'xterm' }, isTTY: true }), 1);
});

test('FORCE_COLOR overrides the terminal check and NO_COLOR', () => {
  assert.equal(colorLevel({ env: { FORCE_COLOR: '1' }, isTTY: false }), 1);
  assert.equal(colorLevel({ env: { FORCE_COLOR: '3', NO_COLOR: '1' }, isTTY: false }), 3);
  assert.equal(colorLevel({ env: { FORCE_COLOR: '' }, isTTY: false }), 1);
  assert.equal(colorLevel({ env: { FORCE_COLOR: '0', TERM: 'xterm' }, isTTY: true }), 0);
  assert.equal(colorLevel({ env: { FORCE_COLOR: 'false', TERM: 'xterm' }, isTTY: true }), 0);
});

test('--color and --no-color beat the environment', () => {
  assert.equal(colorLevel({ flag: false, env: { FORCE_COLOR: '3', TERM: 'xterm' }, isTTY: true }), 0);
  assert.equal(colorLevel({ flag: true, env: { NO_COLOR: '1' }, isTTY: false }), 1);
  assert.equal(colorLevel({ flag: true, env: { FORCE_COLOR: '0', TERM: 'xterm-256color' }, isTTY: false }), 2);
  assert.equal(colorLevel({ flag: true, env: { FORCE_COLOR: '2' }, isTTY: false }), 2);
});
