// A comparator module for goreplay-diff: every named export that is a function, or an
// object with a `compare` function, is a comparator a route can name:
//
//   goreplay-diff compare capture.gor --comparator-module ./cart-rules.mjs --route '/api/cart/**=cartRules'
//
// It runs on the analysis thread for each exchange of its routes whose responses differ,
// synchronously, and returns { verdict, reason, diffs?, totalDiffs?, detail? }.

/**
 * A cart may be priced by the candidate a cent apart from production (rounding moved to
 * another service), and its `updatedAt` always differs; everything else must be equal.
 * The status codes and compared headers are judged as the route would judge them.
 *
 * @type {import('goreplay-diff').ComparatorDefinition}
 */
export const cartRules = {
  reasons: ['total_rounded'],
  compare(exchange, helpers) {
    const origin = exchange.origin.body.json;
    const replay = exchange.replay.body.json;
    if (exchange.origin.status !== exchange.replay.status || origin === undefined || replay === undefined) return helpers.defaultJudgement();
    const { diffs, total } = helpers.diff(origin, replay);
    const kept = diffs.filter((diff) => !isUpdatedAt(diff) && !isRounding(diff));
    if (kept.length > 0) return { verdict: 'error', reason: 'body_mismatch', diffs: kept, totalDiffs: kept.length + (total - diffs.length) };
    const rounded = diffs.filter(isRounding);
    if (rounded.length > 0) return { verdict: 'warn', reason: 'total_rounded', diffs: rounded, detail: 'the total moved by at most one cent' };
    return { verdict: 'ok', reason: 'comparator_ok' };
  },
};

/** @param {import('goreplay-diff').PluginDifference} diff */
function isUpdatedAt(diff) {
  return Array.isArray(diff.path) && diff.path.at(-1) === 'updatedAt';
}

/** @param {import('goreplay-diff').PluginDifference} diff */
function isRounding(diff) {
  const last = Array.isArray(diff.path) ? diff.path.at(-1) : undefined;
  return last === 'total' && diff.kind === 'changed' && typeof diff.origin === 'number' && typeof diff.replay === 'number' && Math.abs(diff.origin - diff.replay) <= 0.01 + 1e-9;
}

/**
 * A plain function is a comparator too; it may give built-in reasons only. This one
 * accepts any answer of the same status whose JSON has the same keys at the top.
 *
 * @type {import('goreplay-diff').ComparatorFunction}
 */
export function sameKeys(exchange, helpers) {
  const origin = exchange.origin.body.json;
  const replay = exchange.replay.body.json;
  if (typeof origin !== 'object' || origin === null || typeof replay !== 'object' || replay === null) return helpers.defaultJudgement();
  const keys = (/** @type {object} */ value) => Object.keys(value).sort().join(',');
  if (exchange.origin.status === exchange.replay.status && keys(origin) === keys(replay)) return { verdict: 'ok', reason: 'comparator_ok' };
  return helpers.defaultJudgement();
}
