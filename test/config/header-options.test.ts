import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, refuses } from '../helpers/config-load.js';

test('no header option leaves the default set alone: nothing added, nothing ignored, routes without header keys', () => {
  const config = load({ route: ['/a'] });
  assert.deepEqual([config.headers, config.ignoreHeaders], [[], []]);
  assert.deepEqual(config.routes[0], { name: '/a', path: '/a', comparator: 'json', ignore: [] });
});

test('--header and --ignore-header are repeatable; the file has headers and ignoreHeaders; flags override the file', () => {
  const file = { headers: ['X-A'], ignoreHeaders: ['location'] };
  assert.deepEqual([load({}, file).headers, load({}, file).ignoreHeaders], [['X-A'], ['location']]);
  const flagged = load({ header: ['x-b', 'X-C'], ignoreHeader: ['Set-Cookie'] }, file);
  assert.deepEqual([flagged.headers, flagged.ignoreHeaders], [['x-b', 'X-C'], ['Set-Cookie']]);
});

test('a route of the config file may add and ignore headers of its own', () => {
  const config = load(
    {},
    {
      routes: [
        { path: '/a', headers: ['x-version'], ignoreHeaders: ['content-type'] },
        { path: '/b', headers: [] },
      ],
    },
  );
  assert.deepEqual(config.routes, [
    { name: '/a', path: '/a', comparator: 'json', ignore: [], headers: ['x-version'], ignoreHeaders: ['content-type'] },
    { name: '/b', path: '/b', comparator: 'json', ignore: [], headers: [] },
  ]);
});

test('a header name that is not an HTTP token, or a list that is not one, is refused naming the key as written', () => {
  refuses({ header: ['x-ok', 'bad name'] }, undefined, 'bad_value', '--header[1]', /^--header\[1\]: "bad name" is not a header name$/);
  refuses({ ignoreHeader: ['x:y'] }, undefined, 'bad_value', '--ignore-header[0]', /not a header name/);
  refuses({}, { headers: ['ok', 'Location:'] }, 'bad_value', 'headers[1]', /"Location:" is not a header name/);
  refuses({}, { ignoreHeaders: 'date' }, 'bad_value', 'ignoreHeaders', /ignoreHeaders/);
  refuses({}, { routes: [{ path: '/a', headers: ['a b'] }] }, 'bad_value', 'routes[0].headers[0]', /routes\[0\]\.headers\[0\]: "a b" is not a header name/);
  refuses({}, { routes: [{ path: '/a', ignoreHeaders: [7] }] }, 'bad_value', 'routes[0].ignoreHeaders[0]', /routes\[0\]\.ignoreHeaders\[0\]/);
  assert.throws(() => load({}, { routes: [{ path: '/a', header: ['x'] }] }), { code: 'unknown_key', key: 'routes[0].header' });
});
