import type { OptionSpec } from './option-spec.js';
import { durationOf, isSet, text, trimmedIntegerOf } from './option-readers.js';
import { fraction, httpUrl, requestsPerSecond } from './raw-values.js';

/**
 * The options only `compare` and `replay` take (the CI gate and the JUnit report), and only
 * `replay` (where and how to send the requests): rows of the registry, kept apart from the
 * judging options that every mode shares. The registry (options.ts) lists them last, so
 * --help does too.
 */
export const COMMAND_OPTIONS = {
  maxErrorRate: {
    group: 'gate',
    flag: '--max-error-rate <rate>',
    default: 0,
    defaultHelp: '0, any one fails',
    read: fraction,
    help: 'tolerate this share (0..1, or 0%..100%) of exchanges at the --fail-on level or worse before failing',
  },
  minSamples: {
    group: 'gate',
    flag: '--min-samples <n>',
    default: 1,
    read: trimmedIntegerOf(1),
    help: 'fail when fewer than this many exchanges were judged (ok, warn or error, not incomplete), unless --fail-on never',
  },
  junit: {
    group: 'gate',
    flag: '--junit <path>',
    defaultHelp: 'none',
    read: text,
    help: 'JUnit XML report: a test suite per route, a test case per judged exchange; error is a failure, warn and incomplete are failures only at or above --fail-on, incomplete is skipped otherwise',
  },

  target: {
    group: 'replay',
    flag: '--target <url>',
    required: true,
    read: httpUrl,
    help: 'where to send the requests, e.g. http://staging:8080 (a path is prefixed to every request)',
  },
  concurrency: { group: 'replay', flag: '--concurrency <n>', default: 8, read: trimmedIntegerOf(1), help: 'requests in flight at once' },
  rate: { group: 'replay', flag: '--rate <n>', defaultHelp: 'no limit', read: requestsPerSecond, help: 'requests started per second at most' },
  timeout: {
    group: 'replay',
    flag: '--timeout <duration>',
    default: '5s',
    read: durationOf(1),
    help: 'give up on a request with no complete answer after this long',
  },
  rewriteHost: { group: 'replay', flag: '--rewrite-host', read: isSet, help: 'send Host: <target host> instead of the captured Host header' },
} as const satisfies Readonly<Record<string, OptionSpec>>;
