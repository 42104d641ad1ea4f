import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OverloadShedder } from '../../src/thread/overload-shedder.js';
import { toHexLine } from '../../src/protocol/gor-file.js';

const BOUND = 1000;

interface Line {
  readonly bytes: Buffer;
  /** 1 request, 2 and 3 responses, 0 a line that is no gor message. */
  readonly type: number;
  readonly id: string;
}

/** Unique lines (a sequence number in the header), so that what was handed over splits back into whole lines unambiguously. */
const lineArb = (seq: number) =>
  fc.record({ type: fc.constantFrom(0, 1, 1, 2, 3), id: fc.constantFrom('a1', 'b2', 'c3', 'd4'), body: fc.string({ maxLength: 40 }) }).map(({ type, id, body }): Line => {
    if (type === 0) return { type, id, bytes: Buffer.from(`zz${seq}${body.length}\n`) };
    const crlf = body.length % 3 === 0;
    const line = toHexLine(`${type} ${id} ${1000 + seq} 0`, Buffer.from(`GET /x HTTP/1.1\r\n\r\n${body}`));
    return { type, id, bytes: crlf ? Buffer.concat([line.subarray(0, -1), Buffer.from('\r\n')]) : line };
  });

const scenarioArb = fc.integer({ min: 1, max: 40 }).chain((count) =>
  fc.record({
    lines: fc.tuple(...Array.from({ length: count }, (_, seq) => lineArb(seq))),
    cuts: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }),
    backlogs: fc.array(fc.constantFrom(0, BOUND * 0.75, BOUND * 2), { minLength: 1, maxLength: 30 }),
  }),
);

test('shedding hands over whole lines in order: requests seen while over the bound are dropped with their later responses, everything else kept', () => {
  fc.assert(
    fc.property(scenarioArb, ({ lines, cuts, backlogs }) => {
      const forwarded: Buffer[] = [];
      const events: string[] = [];
      const shedAt: Array<{ at: number; ids: readonly string[] }> = [];
      let reads = 0;
      let total = 0;
      const shedder = new OverloadShedder(
        {
          get backlog() {
            return backlogs[reads++ % backlogs.length] as number;
          },
          forward: (bytes) => {
            forwarded.push(Buffer.from(bytes));
            total += bytes.length;
          },
        },
        { started: () => events.push('start'), stopped: (count) => events.push(`stop ${count}`), shed: (at, ids) => shedAt.push({ at, ids: [...ids] }) },
        BOUND,
      );
      const input = Buffer.concat(lines.map((line) => line.bytes));
      for (let at = 0, i = 0; at < input.length; i++) {
        const size = cuts[i % cuts.length] as number;
        shedder.push(input.subarray(at, at + size));
        at += size;
      }
      shedder.end();
      const out = Buffer.concat(forwarded);
      // Split what was handed over back into the input's lines: each one whole or not at all.
      const shedIds = shedAt.flatMap((event) => event.ids);
      /** Whether the latest request of each ID was handed over. */
      const requestKept = new Map<string, boolean>();
      let dropped = 0;
      let position = 0;
      for (const line of lines) {
        const kept = out.subarray(position, position + line.bytes.length).equals(line.bytes);
        if (kept) {
          position += line.bytes.length;
          if (line.type === 1) requestKept.set(line.id, true);
          continue;
        }
        assert.notEqual(line.type, 0, 'a line that is no gor message is always handed over');
        if (line.type === 1) {
          assert.equal(shedIds[dropped], line.id, 'a dropped request is reported shed, in order');
          dropped++;
          requestKept.set(line.id, false);
        } else {
          assert.equal(requestKept.get(line.id), false, 'only responses of a shed request are dropped: an exchange is never half handed over');
        }
      }
      assert.equal(position, out.length, 'nothing but whole input lines was handed over');
      assert.equal(dropped, shedIds.length);
      for (const event of shedAt) assert.ok(event.at <= total);
      // Starts and stops alternate, each stop with the count since its start, and the end closes an open one.
      let open = false;
      let counted = 0;
      for (const event of events) {
        assert.equal(event === 'start', !open, events.join(','));
        open = event === 'start';
        if (!open) counted += Number(event.slice(5));
      }
      assert.equal(open, false);
      assert.equal(counted, shedIds.length);
    }),
    { numRuns: 500 },
  );
});

test('while the backlog stays within its bound, chunks are handed over as they are, with no scan', () => {
  const forwarded: Buffer[] = [];
  const shedder = new OverloadShedder(
    { backlog: 0, forward: (bytes) => forwarded.push(bytes) },
    { started: () => assert.fail('started'), stopped: () => assert.fail('stopped'), shed: () => assert.fail('shed') },
    BOUND,
  );
  const chunk = Buffer.from('not even lines');
  shedder.push(chunk);
  assert.equal(forwarded[0], chunk);
});
