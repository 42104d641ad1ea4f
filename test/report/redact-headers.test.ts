import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, createRedactor } from '../../src/report/redact.js';

test('a header difference of a redacted header shows [redacted], whatever the case of its name', () => {
  const redactor = createRedactor({ bodyPaths: [] });
  for (const name of ['authorization', 'Cookie', 'set-cookie', 'PROXY-AUTHORIZATION', 'x-api-key']) {
    assert.equal(redactor.redactValue('Bearer secret', ['headers', name]), REDACTED, name);
    assert.equal(redactor.redactValue(['a', 'b'], ['headers', name]), REDACTED, `${name}, repeated`);
  }
  assert.equal(createRedactor({ headers: ['X-Session'], bodyPaths: [] }).redactValue('s', ['headers', 'x-session']), REDACTED, 'configured headers too');
});

test('other header differences, and Set-Cookie attribute differences (which hold no cookie value), are shown', () => {
  const redactor = createRedactor({ bodyPaths: [] });
  assert.equal(redactor.redactValue('text/html', ['headers', 'content-type']), 'text/html');
  assert.equal(redactor.redactValue('Path=/; HttpOnly', ['headers', 'set-cookie', 'sid']), 'Path=/; HttpOnly');
  assert.equal(redactor.redactValue('x', ['authorization']), 'x', 'a body field named like a header is not a header');
  assert.equal(redactor.redactValue('x', ['results', 'headers', 'authorization']), 'x');
});

test('body paths are still redacted inside and outside headers', () => {
  const redactor = createRedactor({ bodyPaths: ['headers.x-token', 'user.password'] });
  assert.equal(redactor.redactValue('t', ['headers', 'x-token']), REDACTED);
  assert.deepEqual(redactor.redactValue({ password: 'p', name: 'n' }, ['user']), { password: REDACTED, name: 'n' });
});

test('a whole headers object in a difference (added, removed, changed type) has its secret fields redacted', () => {
  const redactor = createRedactor({ bodyPaths: [] });
  assert.deepEqual(redactor.redactValue({ Authorization: 'Bearer secret', 'x-api-key': 'k', accept: '*/*' }, ['headers']), {
    Authorization: REDACTED,
    'x-api-key': REDACTED,
    accept: '*/*',
  });
  assert.equal(redactor.redactValue('not an object', ['headers']), 'not an object');
});
