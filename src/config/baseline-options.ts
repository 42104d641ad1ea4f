import type { OptionSpec } from './option-spec.js';
import { boolean, optionalPath } from './raw-values.js';

/**
 * The options of baselines (every judging mode and `report`) and of `report` alone (where
 * the merged report goes): rows of the registry, spread into it after `--fail-on`.
 */
export const BASELINE_OPTIONS = {
  baseline: {
    group: 'judging',
    flag: '--baseline <path>',
    key: 'baseline',
    defaultHelp: 'none',
    read: optionalPath,
    help: "a previous run's JSON report: mark each regression cluster new or persisting against it, and count those fixed",
  },
  failOnNew: {
    group: 'judging',
    flag: '--fail-on-new',
    key: 'failOnNew',
    default: false,
    defaultHelp: 'off',
    readsNull: true,
    read: boolean,
    help: 'with --baseline: only exchanges of clusters the baseline did not have count as failing for --fail-on (any verdict but ok when --fail-on is never)',
  },
  out: { group: 'report', flag: '--out <path>', defaultHelp: 'none', read: optionalPath, help: 'write the merged JSON report here, atomically' },
} as const satisfies Readonly<Record<string, OptionSpec>>;
