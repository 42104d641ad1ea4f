import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExchangeInsight } from '../../src/insight/insight.js';
import { loadConfig } from '../../src/config/load-config.js';
import { buildOutputs } from '../../src/judging/outputs.js';
import { startJudging } from '../../src/judging/pipeline.js';
import { MIDDLEWARE_GATE } from '../../src/judging/exit-policy.js';
import { toHexLine } from '../../src/protocol/gor-file.js';
import { removeTempDirs, tempDir } from '../helpers/command-helpers.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { testIo } from '../helpers/pipeline-run.js';

// The bench measures the insight layer by judging the same stream with it and without it:
// without it, every verdict is the same and nothing of the layer is computed or reported.

after(removeTempDirs);

const REQUEST = 'POST /v2/robot/query HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}';
const response = (body: string): string => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const hexLine = (headerLine: string, payload: string): Buffer => toHexLine(headerLine, Buffer.from(payload, 'latin1'));

async function judge(withoutInsight: boolean): Promise<{ verdicts: string[]; insights: Array<ExchangeInsight | null>; report: Record<string, unknown> }> {
  const dir = tempDir('insight-seam');
  const config = loadConfig({ preset: 'robot', logFile: false, quiet: true, report: join(dir, 'r.json') }, undefined, () => '', {}, 'middleware');
  const clock = new ManualClock();
  const outputs = await buildOutputs(config, testIo(), clock);
  const verdicts: string[] = [];
  const insights: Array<ExchangeInsight | null> = [];
  outputs.sinks.push({
    exchange: (result, insight) => {
      verdicts.push(`${result.id} ${result.verdict}`);
      insights.push(insight ?? null);
    },
    close: async () => {},
  });
  const judging = await startJudging(config, outputs, clock, MIDDLEWARE_GATE, undefined, new Map(), { withoutInsight });
  const lines: Buffer[] = [];
  for (let i = 0; i < 6; i += 1) {
    const id = `a${i}`;
    lines.push(hexLine(`1 ${id} 1`, REQUEST), hexLine(`2 ${id} 2`, response(`{"n":${i}}`)), hexLine(`3 ${id} 3 1`, response(i % 2 === 0 ? `{"n":${i}}` : `{"n":${i + 1}}`)));
  }
  judging.chunk(Buffer.concat(lines));
  await judging.finish();
  return { verdicts, insights, report: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown> };
}

test('judging without the insight layer gives the same verdicts, and neither clusters, risk, fields nor noise evidence', async () => {
  const on = await judge(false);
  const off = await judge(true);
  assert.deepEqual(off.verdicts, on.verdicts);
  assert.deepEqual(off.report['exchanges'], on.report['exchanges']);
  assert.ok(on.insights.some((insight) => insight !== null));
  assert.ok(off.insights.every((insight) => insight === null));
  assert.deepEqual((on.report['clusters'] as { items: unknown[] }).items.length, 1);
  assert.deepEqual(off.report['clusters'], { items: [], overflow: 0 });
  assert.deepEqual(off.report['fields'], {});
  assert.deepEqual(off.report['risk'], { high: 0, medium: 0, low: 0 });
  assert.deepEqual((off.report['suggestions'] as { evidence: { routes: object } }).evidence.routes, {});
  assert.notDeepEqual((on.report['suggestions'] as { evidence: { routes: object } }).evidence.routes, {});
});
