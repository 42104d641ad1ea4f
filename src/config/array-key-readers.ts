import { parseArrayKey } from '../compare/keyed-arrays.js';
import type { ArrayKeyRule } from '../compare/keyed-arrays.js';
import { stringList } from './raw-values.js';
import { UsageError } from './usage-error.js';

/** Array keys `PATH=FIELD` (`--array-key`, config `arrayKeys`, a route's `arrayKeys`), each checked: the error names the one at fault, `arrayKeys[1]`. */
export function arrayKeyRules(value: unknown, key: string): ArrayKeyRule[] {
  return stringList(value, key).map((spec, i) => {
    const rule = parseArrayKey(spec);
    if ('error' in rule) throw new UsageError('bad_array_key', `${key}[${i}]`, `${key}[${i}] ${JSON.stringify(spec)}: ${rule.error}`);
    return rule;
  });
}
