/** A configuration problem found at start-up. The CLI prints `message` on one line and exits with `exitCode`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = 2;
}
