import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parseFilter } from '../../src/compare/request-filter.js';
import { requestPassesFilters, requestPassesFiltersFully } from '../../src/compare/request-filtering.js';
import { parseRequestLine } from '../../src/protocol/http-payload.js';
import { arbitraryRequest } from '../helpers/http-responses.js';

const FILTER_SETS = [
  ['robot_id=r1,r2'],
  ['body:device.model=R3'],
  ['query:robot_id=r1'],
  ['header:x-robot=r2'],
  ['robot_id=r1', 'query:robot_id=r1'],
  ['robot_id=r3', 'header:X-Robot=r3'],
].map((specs) => specs.map(parseFilter));

function lean(payload: Buffer, filters = FILTER_SETS[0] ?? [], maxBodyBytes = 1 << 20): boolean {
  const line = parseRequestLine(payload);
  assert.ok(line !== null);
  return requestPassesFilters(filters, payload, line.query, maxBodyBytes);
}

test('the lean filter and the full parse keep and drop the same random requests, whatever the filters', () => {
  const outcomes = new Set<boolean>();
  fc.assert(
    fc.property(arbitraryRequest(), fc.constantFrom(...FILTER_SETS), fc.constantFrom(8, 1 << 20), (payload, filters, maxBodyBytes) => {
      const kept = lean(payload, filters, maxBodyBytes);
      assert.equal(kept, requestPassesFiltersFully(filters, payload, maxBodyBytes));
      outcomes.add(kept);
    }),
    { numRuns: 3000 },
  );
  assert.deepEqual([...outcomes].sort(), [false, true]);
});

test('a body filter reads plain, gzip and chunked bodies alike', () => {
  const json = Buffer.from('{"robot_id":"r2"}');
  const gzip = gzipSync(json);
  const plain = Buffer.concat([Buffer.from(`POST /q HTTP/1.1\r\nContent-Length: ${json.length}\r\n\r\n`), json]);
  const encoded = Buffer.concat([Buffer.from(`POST /q HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: ${gzip.length}\r\n\r\n`), gzip]);
  const chunked = Buffer.concat([Buffer.from(`POST /q HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${json.length.toString(16)}\r\n`), json, Buffer.from('\r\n0\r\n\r\n')]);
  for (const payload of [plain, encoded, chunked]) assert.equal(lean(payload), true);
  assert.equal(lean(plain, [parseFilter('robot_id=r1')]), false);
  // Over the body cap the body is not read, so a body filter cannot match.
  assert.equal(lean(plain, undefined, 4), false);
});
