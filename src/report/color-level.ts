/** chalk's colour levels: none, 16 colours, 256 colours, truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/** What {@link colorLevel} decides from. */
export interface ColorLevelInput {
  /** `--color` (true) or `--no-color` (false); undefined when neither was given. */
  readonly flag?: boolean | undefined;
  /** The environment, e.g. `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal. */
  readonly isTTY: boolean;
}

/**
 * The colour level for stderr, deterministic from its inputs, in this order of precedence:
 * 1. `--no-color` → 0; `--color` → at least 1;
 * 2. `FORCE_COLOR`: `0`/`false` → 0, `1`/`true`/empty → 1, `2` → 2, `3` → 3 (chalk's meaning);
 * 3. `NO_COLOR` set and not empty → 0 (no-color.org);
 * 4. not a terminal, or `TERM=dumb` → 0;
 * 5. otherwise the terminal's depth: `COLORTERM=truecolor|24bit` → 3, a `TERM` ending in
 *    `256color` → 2, else 1.
 * Like Node's own stderr, `FORCE_COLOR` beats `NO_COLOR`, and flags beat both.
 */
export function colorLevel(input: ColorLevelInput): ColorLevel {
  const { flag, env, isTTY } = input;
  if (flag === false) return 0;
  const forced = forceColorLevel(env['FORCE_COLOR']);
  if (flag === true) return forced === undefined || forced === 0 ? terminalDepth(env) : forced;
  if (forced !== undefined) return forced;
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return 0;
  if (!isTTY || env['TERM'] === 'dumb') return 0;
  return terminalDepth(env);
}

function forceColorLevel(value: string | undefined): ColorLevel | undefined {
  if (value === undefined) return undefined;
  const normalized = value.trim().toLowerCase();
  if (normalized === 'false' || normalized === '0') return 0;
  if (normalized === '' || normalized === 'true' || normalized === '1') return 1;
  if (normalized === '2') return 2;
  if (normalized === '3') return 3;
  return 1;
}

function terminalDepth(env: Readonly<Record<string, string | undefined>>): ColorLevel {
  const colorterm = env['COLORTERM']?.toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 3;
  if (/256(colou?r)?$/i.test(env['TERM'] ?? '')) return 2;
  return 1;
}
