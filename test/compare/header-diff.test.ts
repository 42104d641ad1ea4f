import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareHeaders, compileHeaderRules, DEFAULT_COMPARED_HEADERS, DEFAULT_HEADER_RULES, isHeaderName, withHeaderDifferences } from '../../src/compare/header-diff.js';
import type { HeaderRules } from '../../src/compare/header-diff.js';
import { canonicalMediaType, readSetCookie } from '../../src/compare/header-values.js';
import { formatPath } from '../../src/compare/ignore-paths.js';
import type { Judgement } from '../../src/compare/verdict.js';
import { parseHttpMessage } from '../../src/protocol/http-payload.js';
import type { HttpHeaders } from '../../src/protocol/http-payload.js';

/** Header lines as a response would carry them, parsed by the real HTTP parser (folding, trimming). */
function headers(...lines: string[]): HttpHeaders {
  const parsed = parseHttpMessage(Buffer.from(`HTTP/1.1 200 OK\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n`, 'latin1'), 'response');
  assert.ok(parsed.ok);
  return parsed.headers;
}

/** Differences as `kind path: origin → replay` lines. */
function diff(origin: string[], replay: string[], rules: HeaderRules = DEFAULT_HEADER_RULES): string[] {
  return compareHeaders(rules, headers(...origin), headers(...replay)).map(
    (d) => `${d.kind} ${formatPath(d.path)}: ${JSON.stringify(d.origin) ?? '-'} → ${JSON.stringify(d.replay) ?? '-'}`,
  );
}

describe('the default set', () => {
  test('is Content-Type, Location and Set-Cookie, and none of the headers that differ between equal responses', () => {
    assert.deepEqual([...DEFAULT_COMPARED_HEADERS], ['content-type', 'location', 'set-cookie']);
    const volatile = [
      'Date',
      'Content-Length',
      'Transfer-Encoding',
      'Content-Encoding',
      'Connection',
      'Keep-Alive',
      'Age',
      'Expires',
      'Last-Modified',
      'ETag',
      'Server',
      'X-Request-Id',
    ];
    const origin = volatile.map((name, i) => `${name}: origin-${i}`);
    const replay = volatile.map((name, i) => `${name}: replay-${i}`);
    assert.deepEqual(diff(origin, replay), []);
  });

  test('a header absent from both sides is equal; one side only is added or removed', () => {
    assert.deepEqual(diff([], []), []);
    assert.deepEqual(diff([], ['Location: /a']), ['added headers.location: - → "/a"']);
    assert.deepEqual(diff(['Location: /a'], []), ['removed headers.location: "/a" → -']);
  });

  test('Location is compared exactly: another host, a case change or a trailing slash differ', () => {
    assert.deepEqual(diff(['Location: https://a.example/x'], ['Location: https://b.example/x']), ['changed headers.location: "https://a.example/x" → "https://b.example/x"']);
    assert.equal(diff(['Location: /X'], ['Location: /x']).length, 1);
    assert.equal(diff(['Location: /x'], ['Location: /x/']).length, 1);
    assert.deepEqual(diff(['location:   /x  '], ['LOCATION: /x']), [], 'header names in any case, surrounding whitespace is not part of the value');
  });
});

describe('Content-Type', () => {
  test('the media type is case-insensitive; another media type differs, showing the values as sent', () => {
    assert.deepEqual(diff(['Content-Type: Application/JSON'], ['content-type: application/json']), []);
    assert.deepEqual(diff(['Content-Type: application/json'], ['Content-Type: text/html']), ['changed headers.content-type: "application/json" → "text/html"']);
  });

  test('parameters are compared: names in any case and order, charset in any case, quoted or not; other values as given', () => {
    assert.deepEqual(diff(['Content-Type: text/html; charset=UTF-8'], ['Content-Type: text/html;CHARSET="utf-8"']), []);
    assert.deepEqual(diff(['Content-Type: text/plain; format=flowed; charset=utf-8'], ['Content-Type: text/plain;charset=utf-8;Format=flowed']), []);
    assert.equal(diff(['Content-Type: text/html; charset=utf-8'], ['Content-Type: text/html; charset=iso-8859-1']).length, 1);
    assert.equal(diff(['Content-Type: application/json; charset=utf-8'], ['Content-Type: application/json']).length, 1, 'a parameter lost');
    assert.equal(diff(['Content-Type: text/plain; format=flowed'], ['Content-Type: text/plain; format=Flowed']).length, 1);
    assert.equal(diff(['Content-Type: application/x; profile="a;b"'], ['Content-Type: application/x; profile="a"']).length, 1, 'a ; inside quotes is part of the value');
  });

  test('a multipart boundary is left out, being generated per message', () => {
    assert.deepEqual(diff(['Content-Type: multipart/mixed; boundary=abc'], ['Content-Type: multipart/mixed; boundary="xyz"']), []);
    assert.equal(diff(['Content-Type: multipart/mixed; boundary=abc'], ['Content-Type: multipart/related; boundary=abc']).length, 1);
  });

  test('odd whitespace around ; and = and folded lines do not count', () => {
    assert.deepEqual(diff(['Content-Type: text/html ;\tcharset = utf-8 '], ['Content-Type:text/html;charset=utf-8']), []);
    assert.deepEqual(diff(['Content-Type: text/html;', '  charset=utf-8'], ['Content-Type: text/html; charset=utf-8']), []);
  });

  test('a value that is not a media type is compared whole, in any case', () => {
    assert.equal(canonicalMediaType(' Garbage '), 'garbage');
    assert.deepEqual(diff(['Content-Type: JSON'], ['Content-Type: json']), []);
    assert.equal(diff(['Content-Type: json'], ['Content-Type: text']).length, 1);
  });
});

describe('Set-Cookie', () => {
  test('a cookie losing HttpOnly; Secure differs by attributes, and neither side shows the cookie value', () => {
    const lines = diff(['Set-Cookie: sid=s3cr3t-origin; Path=/; HttpOnly; Secure; SameSite=Lax'], ['Set-Cookie: sid=s3cr3t-replay; Path=/; SameSite=Lax']);
    assert.deepEqual(lines, ['changed headers.set-cookie.sid: "Path=/; HttpOnly; Secure; SameSite=Lax" → "Path=/; SameSite=Lax"']);
    assert.doesNotMatch(lines.join(), /s3cr3t/);
  });

  test('values are not compared; attribute names are case-insensitive and in any order; SameSite and Domain values in any case', () => {
    assert.deepEqual(
      diff(['Set-Cookie: sid=1; HttpOnly; Path=/; samesite=strict; Domain=.Example.com'], ['Set-Cookie: sid=2;path=/;HTTPONLY;SameSite=Strict;domain=example.com']),
      [],
    );
    assert.equal(diff(['Set-Cookie: sid=1; Path=/'], ['Set-Cookie: sid=1; Path=/api']).length, 1, 'Path is compared exactly');
    assert.equal(diff(['Set-Cookie: sid=1; SameSite=Lax'], ['Set-Cookie: sid=1; SameSite=None']).length, 1);
    assert.equal(diff(['Set-Cookie: sid=1; Domain=a.example'], ['Set-Cookie: sid=1; Domain=b.example']).length, 1);
  });

  test('Expires and Max-Age are compared by presence, except that a Max-Age deleting the cookie is told apart', () => {
    assert.deepEqual(
      diff(['Set-Cookie: sid=1; Max-Age=3600; Expires=Wed, 21 Oct 2026 07:28:00 GMT'], ['Set-Cookie: sid=2; Max-Age=3599; Expires=Wed, 21 Oct 2026 07:29:01 GMT']),
      [],
    );
    assert.deepEqual(diff(['Set-Cookie: sid=1; Max-Age=3600'], ['Set-Cookie: sid=1']), ['changed headers.set-cookie.sid: "Max-Age" → ""']);
    assert.deepEqual(diff(['Set-Cookie: sid=; Max-Age=0'], ['Set-Cookie: sid=x; Max-Age=600']), ['changed headers.set-cookie.sid: "Max-Age=0" → "Max-Age"']);
    assert.deepEqual(diff(['Set-Cookie: sid=; Max-Age=-1'], ['Set-Cookie: sid=; Max-Age=0']), []);
    assert.equal(diff(['Set-Cookie: sid=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT'], ['Set-Cookie: sid=1']).length, 1);
  });

  test('several Set-Cookie headers are matched by cookie name, in any order; a cookie on one side only is added or removed', () => {
    const origin = ['Set-Cookie: a=1; Path=/', 'Set-Cookie: b=2; Secure', 'Set-Cookie: c=3'];
    assert.deepEqual(diff(origin, ['Set-Cookie: c=9', 'Set-Cookie: a=8; Path=/', 'Set-Cookie: b=7; Secure']), []);
    assert.deepEqual(diff(origin, ['Set-Cookie: a=1; Path=/', 'Set-Cookie: d=4; HttpOnly']), [
      'removed headers.set-cookie.b: "Secure" → -',
      'removed headers.set-cookie.c: "" → -',
      'added headers.set-cookie.d: - → "HttpOnly"',
    ]);
  });

  test('cookie names are case-sensitive, as browsers keep them', () => {
    assert.deepEqual(diff(['Set-Cookie: SID=1; HttpOnly'], ['Set-Cookie: sid=1; HttpOnly']), [
      'removed headers.set-cookie.SID: "HttpOnly" → -',
      'added headers.set-cookie.sid: - → "HttpOnly"',
    ]);
  });

  test('the same cookie set twice is compared as the list of its attributes in order', () => {
    const twice = ['Set-Cookie: sid=; Path=/old; Max-Age=0', 'Set-Cookie: sid=new; Path=/'];
    assert.deepEqual(diff(twice, twice), []);
    assert.deepEqual(diff(twice, ['Set-Cookie: sid=new; Path=/']), ['changed headers.set-cookie.sid: ["Path=/old; Max-Age=0","Path=/"] → "Path=/"']);
  });

  test('other attributes are compared by name and value; the last of a repeated attribute counts; whitespace does not matter', () => {
    assert.deepEqual(diff(['Set-Cookie: sid=1; Partitioned; Priority=High'], ['Set-Cookie: sid=1;priority=High ;  partitioned']), []);
    assert.equal(diff(['Set-Cookie: sid=1; Priority=High'], ['Set-Cookie: sid=1; Priority=Low']).length, 1);
    assert.deepEqual(diff(['Set-Cookie: sid=1; Path=/a; Path=/b'], ['Set-Cookie: sid=1; Path=/b']), []);
    assert.deepEqual(readSetCookie('  sid = v ; \tSecure '), { name: 'sid', attributes: 'Secure' });
    assert.deepEqual(readSetCookie('novalue; HttpOnly'), { name: '', attributes: 'HttpOnly' });
  });
});

describe('added and ignored headers', () => {
  test('--header compares a header exactly, repeated ones as the list of values in order', () => {
    const rules = compileHeaderRules([{ headers: ['X-Api-Version', 'vary'], ignoreHeaders: [] }]);
    assert.deepEqual(rules.names, ['content-type', 'location', 'set-cookie', 'x-api-version', 'vary']);
    assert.deepEqual(diff(['X-Api-Version: 2'], ['x-api-version: 2'], rules), []);
    assert.deepEqual(diff(['X-Api-Version: 2'], ['X-Api-Version: 3'], rules), ['changed headers.x-api-version: "2" → "3"']);
    assert.deepEqual(diff(['Vary: a', 'Vary: b'], ['Vary: a', 'Vary: b'], rules), []);
    assert.deepEqual(diff(['Vary: a', 'Vary: b'], ['Vary: b', 'Vary: a'], rules), ['changed headers.vary: ["a","b"] → ["b","a"]']);
    assert.deepEqual(diff(['Vary: a', 'Vary: b'], ['Vary: a'], rules), ['changed headers.vary: ["a","b"] → "a"']);
    assert.equal(diff(['X-Api-Version: v2'], ['X-Api-Version: V2'], rules).length, 1, 'values are exact');
  });

  test('a folded header value equals the same value on one line; whitespace inside a value counts', () => {
    const rules = compileHeaderRules([{ headers: ['x-list'], ignoreHeaders: [] }]);
    assert.deepEqual(diff(['X-List: a,', '\t b'], ['X-List: a, b'], rules), []);
    assert.equal(diff(['X-List: a,  b'], ['X-List: a, b'], rules).length, 1);
  });

  test('--ignore-header removes a header, a default one included; a later level adds it back; within a level ignoring wins', () => {
    const noType = compileHeaderRules([{ headers: [], ignoreHeaders: ['Content-Type'] }]);
    assert.deepEqual(noType.names, ['location', 'set-cookie']);
    assert.deepEqual(diff(['Content-Type: application/json'], ['Content-Type: text/html'], noType), []);
    const routeAddsBack = compileHeaderRules([
      { headers: ['etag'], ignoreHeaders: ['content-type'] },
      { headers: ['content-type'], ignoreHeaders: ['ETag'] },
    ]);
    assert.deepEqual(routeAddsBack.names, ['location', 'set-cookie', 'content-type']);
    assert.deepEqual(compileHeaderRules([{ headers: ['x-a'], ignoreHeaders: ['X-A'] }]).names, DEFAULT_COMPARED_HEADERS);
    assert.equal(compileHeaderRules([{ headers: [], ignoreHeaders: [] }]), DEFAULT_HEADER_RULES);
    assert.deepEqual(compileHeaderRules([{ headers: [], ignoreHeaders: ['content-type', 'location', 'set-cookie'] }]).names, []);
  });

  test('header names are HTTP tokens', () => {
    for (const name of ['x-api-key', 'ETag', 'x_y', "a!#$%&'*+-.^_`|~9"]) assert.ok(isHeaderName(name), name);
    for (const name of ['', 'a b', 'a:b', 'é', 'a\tb', 'a/b']) assert.ok(!isHeaderName(name), name);
  });
});

describe('header differences added to the body judgement', () => {
  const headerDiffs = compareHeaders(DEFAULT_HEADER_RULES, headers('Location: /a', 'Content-Type: text/html'), headers('Location: /b', 'Content-Type: text/plain'));
  const bodyDiff = { path: ['n'], kind: 'changed' as const, origin: 1, replay: 2 };

  test('an ok or warn body becomes an error header_mismatch listing the header differences first', () => {
    const ok: Judgement = { verdict: 'ok', reason: 'json_equal', diffs: [], totalDiffs: 0 };
    assert.deepEqual(withHeaderDifferences(ok, headerDiffs, 50), { verdict: 'error', reason: 'header_mismatch', diffs: headerDiffs, totalDiffs: 2 });
    const warn: Judgement = { verdict: 'warn', reason: 'hint_list_present', diffs: [bodyDiff], totalDiffs: 1 };
    assert.deepEqual(withHeaderDifferences(warn, headerDiffs, 50), { verdict: 'error', reason: 'header_mismatch', diffs: [...headerDiffs, bodyDiff], totalDiffs: 3 });
  });

  test('an error body keeps its reason and detail, with the header differences listed before its own', () => {
    const body: Judgement = { verdict: 'error', reason: 'body_mismatch', diffs: [bodyDiff], totalDiffs: 7 };
    assert.deepEqual(withHeaderDifferences(body, headerDiffs, 50), { verdict: 'error', reason: 'body_mismatch', diffs: [...headerDiffs, bodyDiff], totalDiffs: 9 });
    const notJson: Judgement = { verdict: 'error', reason: 'not_json', diffs: [], totalDiffs: 0, detail: 'neither body is JSON' };
    assert.equal(withHeaderDifferences(notJson, headerDiffs, 50).detail, 'neither body is JSON');
  });

  test('at most maxDiffs are listed, all are counted; no header difference leaves the judgement as it was', () => {
    const body: Judgement = { verdict: 'error', reason: 'body_mismatch', diffs: [bodyDiff], totalDiffs: 1 };
    const capped = withHeaderDifferences(body, headerDiffs, 1);
    assert.deepEqual([capped.diffs, capped.totalDiffs], [headerDiffs.slice(0, 1), 3]);
    assert.equal(withHeaderDifferences(body, [], 50), body);
  });
});
