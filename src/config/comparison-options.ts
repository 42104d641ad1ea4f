import type { OptionSpec } from './option-spec.js';
import { boolean } from './raw-values.js';
import { headerNames, ignorePaths, shapeNames, toleranceRules } from './rule-readers.js';
import { arrayKeyRules } from './array-key-readers.js';

/**
 * The options that say what counts as a difference (arrays, shapes, tolerances, null and
 * missing, types, response headers): rows of the registry, listed in options.ts where these
 * rows stand in --help.
 */
export const COMPARISON_OPTIONS = {
  unordered: {
    group: 'judging',
    flag: '--unordered <path>',
    repeatable: true,
    key: 'unordered',
    read: ignorePaths,
    help: 'JSON path of an array compared as a multiset (order ignored), e.g. results.tags, items[*].labels (repeatable)',
  },
  arrayKey: {
    group: 'judging',
    flag: '--array-key <path=field>',
    repeatable: true,
    key: 'arrayKeys',
    read: arrayKeyRules,
    help: 'elements of the array at a JSON path are objects matched by this field wherever they sit, named results.items[id=7]: results.items=id (repeatable)',
  },
  ignoreShape: {
    group: 'judging',
    flag: '--ignore-shape <shapes>',
    repeatable: true,
    key: 'ignoreShapes',
    read: shapeNames,
    help: 'ignore a changed value when both sides have one of these shapes: uuid, ulid, timestamp, hex-digest, jwt, ip (comma-separated, repeatable)',
  },
  tolerance: {
    group: 'judging',
    flag: '--tolerance <path=amount>',
    repeatable: true,
    key: 'tolerance',
    read: toleranceRules,
    help: 'numbers at a JSON path equal within an amount, or a percentage of the original: price=0.01, items[*].score=2% (repeatable)',
  },
  nullEqualsMissing: {
    group: 'judging',
    flag: '--null-equals-missing',
    key: 'nullEqualsMissing',
    default: false,
    defaultHelp: 'off',
    readsNull: true,
    read: boolean,
    help: 'a null value and an absent key are equal',
  },
  looseTypes: {
    group: 'judging',
    flag: '--loose-types',
    key: 'looseTypes',
    default: false,
    defaultHelp: 'off',
    readsNull: true,
    read: boolean,
    help: 'a string equals the number or boolean it spells: "1" and 1, "true" and true',
  },
  header: {
    group: 'judging',
    flag: '--header <name>',
    repeatable: true,
    key: 'headers',
    read: headerNames,
    help: 'also compare this response header, by its exact values (repeatable); compared by default: Content-Type, Location, Set-Cookie attributes',
  },
  ignoreHeader: {
    group: 'judging',
    flag: '--ignore-header <name>',
    repeatable: true,
    key: 'ignoreHeaders',
    read: headerNames,
    help: 'do not compare this response header, a default one included (repeatable)',
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
