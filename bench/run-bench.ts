import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_STREAM_OPTIONS, parseStreamFlags, readFlags } from './generate-stream.js';
import { runAllocationBench } from './lib/allocation-bench.js';
import type { AllocationResult } from './lib/allocation-bench.js';
import { benchStreams } from './lib/bench-streams.js';
import { allocationChecks, echoCompletionChecks, formatChecks, latencyChecks, memoryChecks, throughputChecks } from './lib/budget.js';
import { runEchoCompletion } from './lib/echo-completion.js';
import type { EchoCompletion } from './lib/echo-completion.js';
import { allocationTable, completionTable, throughputTable } from './lib/side-by-side.js';
import type { PerStream } from './lib/side-by-side.js';
import type { BudgetCheck } from './lib/budget.js';
import { runLatencyBench } from './lib/latency-bench.js';
import type { LatencyResult } from './lib/latency-bench.js';
import { freeLoopbackPort } from './lib/scraper.js';
import { gnuTimeAvailable } from './lib/measure-process.js';
import { runMemoryBench } from './lib/memory-bench.js';
import { runMicroBenches } from './lib/micro-bench.js';
import { kibAsMb, mb, table } from './lib/numbers.js';
import type { ThroughputResult } from './lib/throughput-bench.js';
import { profileModes } from './lib/profile-bench.js';
import { runThroughput, throughputModes } from './lib/throughput-bench.js';
import { runPaired, uptimeLoad } from './lib/paired-bench.js';
import { measureInsightHeap } from './lib/insight-memory.js';
import { formatInsightCost, runInsightCost } from './lib/insight-cost.js';
import { formatInsightShare, runInsightShare } from './lib/insight-share.js';
import { formatProfileSummary } from './lib/top-profile.js';

/** The parts of the suite `--only` can pick. */
/** How often the latency bench scrapes the metrics endpoint in its run with metrics on. */
const SCRAPE_EVERY_MS = 100;
const PARTS = ['throughput', 'completion', 'allocation', 'paired', 'insight-cost', 'memory', 'heap', 'latency', 'micro', 'profile'] as const;
type Part = (typeof PARTS)[number];
/** Generator flags run-bench passes on (the stream is always hex, with responses). */
const PASSED_STREAM_FLAGS = ['size', 'exchanges', 'seed', 'mix', 'replay-first', 'concurrency'];

const USAGE = `usage: npm run bench -- [--only ${PARTS.join(',')}] [--reps 5] [--size 100m] [--seed 1]
  [--memory-requests 1000000] [--rate 5000] [--seconds 20] [--warmup 2] [--micro-ms 200] [--share-passes 5]
  [--results FILE] [--without-extra-ca-certs]
  generator flags (the mixed stream; the small one is fixed): --mix identical=50,reordered=15,changed=15,gzip=8,chunked=8,missing=4 --replay-first 0.1 --concurrency 8
environment: GOREPLAY_DIFF_CLI (default: ./dist/cli.js); GOREPLAY_DIFF_BASELINE_CLI, an older build's cli.js,
  for --only paired (that build against this one, --preset robot, in pairs, on the mixed stream); run from the repository root.`;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

function numberFlag(flags: Map<string, string>, name: string, fallback: number, min: number): number {
  const raw = flags.get(name);
  flags.delete(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}, not ${raw}`);
  return value;
}

function machine(): Record<string, unknown> {
  const cores = cpus();
  return {
    cores: cores.length,
    cpu: cores[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    nodeExtraCaCerts: process.env['NODE_EXTRA_CA_CERTS'] !== undefined,
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const flags = readFlags(argv, ['help', 'without-extra-ca-certs']);
  if (flags.has('help')) {
    print(USAGE);
    return;
  }
  const only = (flags.get('only') ?? PARTS.join(',')).split(',').map((part) => part.trim());
  flags.delete('only');
  for (const part of only) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes ${PARTS.join(',')}, not ${part}`);
  const wants = (part: Part): boolean => only.includes(part);
  const reps = Math.floor(numberFlag(flags, 'reps', 5, 1));
  const memoryRequests = Math.floor(numberFlag(flags, 'memory-requests', 1_000_000, 1));
  const rate = numberFlag(flags, 'rate', 5000, 1);
  const seconds = numberFlag(flags, 'seconds', 20, 1);
  const warmup = numberFlag(flags, 'warmup', 2, 0);
  const microMs = numberFlag(flags, 'micro-ms', 200, 10);
  /** Passes profiled for the insight layer's share of the judging. */
  const sharePasses = Math.floor(numberFlag(flags, 'share-passes', 5, 1));
  const resultsPath = resolve(flags.get('results') ?? join('bench', 'results', 'latest.json'));
  flags.delete('results');
  const extraCaCerts = process.env['NODE_EXTRA_CA_CERTS'];
  if (flags.has('without-extra-ca-certs')) {
    // Every process this run starts inherits the environment from here.
    delete process.env['NODE_EXTRA_CA_CERTS'];
    flags.delete('without-extra-ca-certs');
  }
  for (const name of flags.keys()) if (!PASSED_STREAM_FLAGS.includes(name)) throw new Error(`unknown flag --${name}`);
  const streamOptions = parseStreamFlags(flags, { ...DEFAULT_STREAM_OPTIONS, format: 'hex' });

  const node = process.execPath;
  const cli = resolve(process.env['GOREPLAY_DIFF_CLI'] ?? join('dist', 'cli.js'));
  if (!existsSync(cli)) throw new Error(`${cli} not found: build it (npm run build) or set GOREPLAY_DIFF_CLI`);
  const officialLib = createRequire(import.meta.url).resolve('goreplay_middleware');
  const startedAt = new Date();
  const results: Record<string, unknown> = {
    date: startedAt.toISOString(),
    machine: machine(),
    cli,
    peakRssSource: gnuTimeAvailable() ? 'GNU time %M (official library: /proc VmHWM before kill)' : '/proc VmHWM polled every 20 ms',
  };
  const checks: BudgetCheck[] = [];
  print(
    `goreplay-diff benchmark, ${startedAt.toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  print(`cli: ${cli}`);
  if (process.env['NODE_EXTRA_CA_CERTS'] !== undefined) {
    // Node reads and parses that file at start-up: ~40 ms per process on the 2-core machine
    // of the README's figures, which weighs on ratios against cat's ~0.1 s.
    print('note: NODE_EXTRA_CA_CERTS is set; every Node process measured here loads those certificates at start-up (--without-extra-ca-certs leaves it out)');
  } else if (extraCaCerts !== undefined) {
    // Nothing measured makes a TLS connection; the variable only costs each Node process its start-up.
    print('note: NODE_EXTRA_CA_CERTS is set here but left out of the measured processes (--without-extra-ca-certs), as on a host without it');
  }

  const baselineCli = process.env['GOREPLAY_DIFF_BASELINE_CLI'];
  const needsStream =
    wants('throughput') ||
    wants('completion') ||
    wants('allocation') ||
    wants('latency') ||
    wants('profile') ||
    wants('insight-cost') ||
    (wants('paired') && baselineCli !== undefined);
  const streams = needsStream ? benchStreams(streamOptions) : [];
  /** The mixed stream, for the parts measured on one stream. */
  const mixedStream = streams[0] ?? null;
  for (const stream of streams) {
    print(
      `stream ${stream.name}: ${stream.path} ${stream.reused ? '(reused)' : `(generated in ${(stream.generateMs / 1000).toFixed(1)} s)`}: ${mb(stream.bytes)} of hex, ${stream.messages} messages, ${stream.exchanges} exchanges, seed ${stream.options.seed}`,
    );
    print(
      `  mix: ${Object.entries(stream.tally.byType)
        .map(([type, count]) => `${type} ${count}`)
        .join(', ')}; replay before origin: ${stream.tally.replayFirst}`,
    );
  }
  results['streams'] = streams.map((stream) => ({
    name: stream.name,
    bytes: stream.bytes,
    messages: stream.messages,
    exchanges: stream.exchanges,
    byType: stream.tally.byType,
    replayFirst: stream.tally.replayFirst,
    options: { ...stream.options, maxExchanges: String(stream.options.maxExchanges), sizeBytes: String(stream.options.sizeBytes) },
  }));
  const reportPath = join(tmpdir(), `gd-bench-report-${process.pid}.json`);
  const modes = throughputModes(node, cli, officialLib, reportPath);

  if (wants('throughput')) {
    print(`\n== throughput: cat FILE | X | dd of=/dev/null, ${reps} repetitions interleaved, medians, both streams ==`);
    const perStream: Array<PerStream<ThroughputResult>[number]> = [];
    for (const each of streams) {
      log(`stream ${each.name}:`);
      perStream.push({ stream: each.name, result: await runThroughput(each, modes, reps, reportPath, log) });
    }
    print(throughputTable(perStream));
    for (const { stream: name, result } of perStream) {
      for (const mode of result.modes) for (const problem of mode.problems) print(`  ${name} ${mode.label}: INVALID RUN ${problem}`);
      const report = result.robotReport as { exchanges?: Record<string, number>; reasons?: Record<string, number>; skipped?: Record<string, number> } | null;
      print(
        `${name}, mode 4 judged: ${JSON.stringify(report?.exchanges ?? 'no report')}; reasons ${JSON.stringify(report?.reasons ?? {})}; shed ${String(report?.skipped?.['shed'] ?? '?')}`,
      );
      const found = throughputChecks(result.modes).map((entry) => ({ ...entry, target: `${name}: ${entry.target}` }));
      checks.push(...found);
      print(formatChecks(found));
    }
    results['throughput'] = perStream;
    rmSync(reportPath, { force: true });
  }

  if (wants('paired') && mixedStream !== null && baselineCli !== undefined) {
    const pairedReps = Math.max(reps, 5);
    const show = (run: { wallS: number; cpuS: number } | null): string => (run === null ? 'invalid' : `${run.wallS.toFixed(2)} s wall, ${run.cpuS.toFixed(2)} s CPU`);
    const pct = (costs: number[]): string => costs.map((c) => `${(c * 100).toFixed(1)}%`).join(', ');
    const pctOf = (cost: number | null): string => (cost === null ? 'n/a' : `${(cost * 100).toFixed(1)}%`);
    const variants = [
      { name: 'with --report', args: ['--preset', 'robot', '--no-log-file', '-q', '--report', reportPath] },
      { name: 'without a report', args: ['--preset', 'robot', '--no-log-file', '-q'] },
    ];
    const found: Record<string, unknown> = { baselineCli: resolve(baselineCli) };
    for (const variant of variants) {
      print(`\n== paired: ${resolve(baselineCli)} against this build, --preset robot ${variant.name}, ${pairedReps} pairs, order alternating, GNU time ==`);
      print(`load before: ${uptimeLoad()}`);
      const paired = await runPaired(node, resolve(baselineCli), cli, variant.args, mixedStream, pairedReps, log);
      for (const pair of paired.pairs) print(`  baseline ${show(pair.baseline)}  this build ${show(pair.current)}  load ${pair.load}`);
      print(`cost of this build per pair, CPU time: ${pct(paired.cpuCosts)}; median ${pctOf(paired.medianCpuCost)}`);
      print(`cost of this build per pair, wall time: ${pct(paired.wallCosts)}; median ${pctOf(paired.medianWallCost)}`);
      for (const problem of paired.problems) print(`  INVALID RUN ${problem}`);
      print(`load after: ${uptimeLoad()}`);
      found[variant.name] = paired;
    }
    results['paired'] = found;
  } else if (wants('paired')) {
    print('\n== paired: skipped (set GOREPLAY_DIFF_BASELINE_CLI to an older build to compare with) ==');
  }

  // Before the heap part, which sets --expose-gc at run time: that slows V8 down for the rest of the process.
  if (wants('insight-cost')) {
    print(
      `\n== insight cost: the judging pipeline in-process, --preset robot -q, field statistics, clusters, risk and noise evidence on and off, ${reps} pairs alternating, CPU time ==`,
    );
    print(`load before: ${uptimeLoad()}`);
    const found = await runInsightCost(streams, reps, log);
    print(formatInsightCost(found));
    print(`load after: ${uptimeLoad()}`);
    results['insightCost'] = found;
    print(`\n== insight share: the same judging under the V8 profiler (every 100 µs, ${sharePasses} passes), busy samples with an insight frame on the stack ==`);
    const shares = await runInsightShare(streams, sharePasses, log);
    print(formatInsightShare(shares));
    results['insightShare'] = shares;
  }

  if (wants('heap')) {
    print('\n== heap of the field statistics and clusters, default caps, examples of 2 KiB each ==');
    const heaps = [measureInsightHeap(100_000), measureInsightHeap(100_000, 1000)];
    for (const heap of heaps) {
      print(
        `${heap.exchanges} exchanges over ${heap.distinctFields} field paths: ${heap.clusters} clusters, ${heap.examples} examples, ${heap.fieldPaths} field paths held; heap ${mb(heap.heapBytes)}`,
      );
    }
    results['heap'] = heaps;
  }

  if (wants('completion')) {
    print(`\n== echo completion: last stdout byte, --echo-only beside --preset robot (--overload shed), ${reps} repetitions interleaved, medians ==`);
    const perStream: Array<PerStream<EchoCompletion>[number]> = [];
    for (const each of streams) perStream.push({ stream: each.name, result: await runEchoCompletion(node, cli, each, reps, reportPath) });
    print(completionTable(perStream));
    for (const { stream: name, result } of perStream) {
      for (const problem of result.problems) print(`  ${name}: INVALID RUN ${problem}`);
      const found = echoCompletionChecks(name, result);
      checks.push(...found);
      print(formatChecks(found));
    }
    results['completion'] = perStream;
    rmSync(reportPath, { force: true });
  }

  if (wants('allocation')) {
    print('\n== allocation: --preset robot --overload wait under --trace-gc-nvp (one run each, not timed) ==');
    const perStream: Array<PerStream<AllocationResult>[number]> = [];
    for (const each of streams)
      perStream.push({ stream: each.name, result: await runAllocationBench(node, cli, ['--preset', 'robot', '--overload', 'wait', '--no-log-file', '-q'], each) });
    print(allocationTable(perStream));
    for (const { stream: name, result } of perStream) {
      if (result.problem !== null) print(`  ${name}: INVALID RUN ${result.problem}`);
      if (name !== 'small') continue;
      const found = allocationChecks(name, result);
      checks.push(...found);
      print(formatChecks(found));
    }
    print(`  (${perStream[0]?.result.note ?? ''})`);
    results['allocation'] = perStream;
  }

  if (wants('memory')) {
    print(`\n== memory: ${memoryRequests} watched requests never answered, --preset robot, default --max-pending ==`);
    const memory = await runMemoryBench({ node, cli, requests: memoryRequests, seed: streamOptions.seed + 1 });
    print(
      `${memory.requests} requests (${mb(memory.inputBytes)} of hex) in ${(memory.wallMs / 1000).toFixed(1)} s: peak RSS ${kibAsMb(memory.peakRssKb)}, evicted ${String(memory.evicted)}, incomplete at end ${String(memory.incomplete)}${memory.problem === null ? '' : `\n  INVALID: ${memory.problem}`}`,
    );
    const found = memoryChecks(memory);
    checks.push(...found);
    print(formatChecks(found));
    results['memory'] = { ...memory, checks: found };
  }

  if (wants('latency')) {
    print(`\n== echo delay: ${rate} messages/s for ${seconds} s with --preset robot (first ${warmup} s left out), both streams ==`);
    const perStream = [];
    for (const each of streams) {
      const common = { streamFile: each.path, messagesPerSecond: rate, seconds, warmupSeconds: warmup };
      const floor = await runLatencyBench({ ...common, argv: ['cat'] });
      printLatency(`${each.name}, cat (harness floor)`, floor);
      const argv = [node, cli, '--preset', 'robot', '--no-log-file', '-q'];
      const plain: LatencyResult[] = [];
      const scraped: LatencyResult[] = [];
      // Without and with Prometheus's view of it (the endpoint on, scraped every 100 ms), in
      // turn, so that a change in the machine's load falls on both alike.
      for (let rep = 1; rep <= reps; rep++) {
        plain.push(await runLatencyBench({ ...common, argv }));
        printLatency(`${each.name}, goreplay-diff --preset robot (${rep}/${reps})`, plain.at(-1) as LatencyResult);
        const port = await freeLoopbackPort();
        const scrape = { url: `http://127.0.0.1:${port}/metrics`, everyMs: SCRAPE_EVERY_MS };
        scraped.push(await runLatencyBench({ ...common, argv: [...argv, '--metrics-listen', `127.0.0.1:${port}`], scrape }));
        printLatency(`${each.name}, goreplay-diff --preset robot, /metrics scraped every ${SCRAPE_EVERY_MS} ms (${rep}/${reps})`, scraped.at(-1) as LatencyResult);
      }
      const latency = medianByP99(plain);
      const median = (results: readonly LatencyResult[], key: 'p50Ms' | 'p99Ms'): number => medianOf(results.map((result) => result[key]));
      print(
        `${each.name}, median of ${reps}: p50 ${median(plain, 'p50Ms')} ms, p99 ${median(plain, 'p99Ms')} ms without scrapes; p50 ${median(scraped, 'p50Ms')} ms, p99 ${median(scraped, 'p99Ms')} ms scraped every ${SCRAPE_EVERY_MS} ms`,
      );
      const found = latencyChecks(latency).map((entry) => ({ ...entry, target: `${each.name}: ${entry.target}` }));
      checks.push(...found);
      print(formatChecks(found));
      perStream.push({ stream: each.name, result: { ...latency, harnessFloor: floor, runs: plain, scraped, checks: found } });
    }
    results['latency'] = perStream;
  }

  if (wants('micro')) {
    print('\n== micro-benchmarks (project modules, in process) ==');
    const micro = runMicroBenches(microMs, (result) => log(`  ${result.name}: ${result.nsPerOp} ns/op`));
    print(
      table([
        ['hot path', 'ns/op', 'ops/s', 'MB/s'],
        ...micro.map((result) => [result.name, result.nsPerOp.toFixed(0), String(result.opsPerSecond), result.mbPerSecond === null ? '' : result.mbPerSecond.toFixed(1)]),
      ]),
    );
    results['micro'] = micro;
  }

  if (wants('profile')) {
    print('\n== CPU profiles (node --cpu-prof, one run each; profiled times are slower) ==');
    const profiles = [];
    for (const each of streams) {
      const found = await profileModes(
        each,
        modes.filter((mode) => mode.name === 'echo' || mode.name === 'robot'),
        15,
      );
      for (const profile of found) {
        print(
          `\n${each.name}, ${profile.mode}: ${(profile.wallMs / 1000).toFixed(2)} s, profile ${profile.file ?? 'missing'}${profile.problem === null ? '' : `  INVALID: ${profile.problem}`}`,
        );
        if (profile.summary !== null) print(formatProfileSummary(profile.summary));
      }
      profiles.push({ stream: each.name, profiles: found });
    }
    results['profiles'] = profiles;
  }

  if (checks.length > 0) {
    print('\n== budget ==');
    print(formatChecks(checks));
  }
  results['checks'] = checks;
  results['finishedAt'] = new Date().toISOString();
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  print(`\nresults: ${resultsPath}`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`run-bench: ${(error as Error).message}\n${USAGE}\n`);
  process.exitCode = 2;
}

function printLatency(label: string, result: LatencyResult): void {
  const scrapes = result.scrapes === undefined ? '' : `; ${result.scrapes.scrapes} scrapes, ${result.scrapes.failures} failed`;
  print(
    `${label}: sent ${result.sent} at ${result.achievedRate} msg/s, echoed ${result.echoed}; delay p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms, p99 ${result.p99Ms} ms, p99.9 ${result.p999Ms} ms, max ${result.maxMs} ms; stdin full ${result.stdinFull}×; peak RSS ${kibAsMb(result.peakRssKb)}${scrapes}${result.problem === null ? '' : `\n  INVALID: ${result.problem}`}`,
  );
}

/** The run whose p99 is the median of the runs'. */
function medianByP99(results: readonly LatencyResult[]): LatencyResult {
  return [...results].sort((a, b) => a.p99Ms - b.p99Ms)[Math.floor((results.length - 1) / 2)] as LatencyResult;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
}
