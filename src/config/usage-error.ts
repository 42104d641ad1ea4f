/**
 * What went wrong, for a machine: stable across releases, unlike the message.
 * - `unknown_key`: a config-file key the program does not know.
 * - `bad_value`: a flag or config value that cannot be read as what it sets.
 * - `unreadable_config` / `invalid_config`: the config file cannot be read / is not a JSON object.
 * - `bad_route`, `bad_filter`, `bad_ignore_path`: a route (its spec, method, path or comparator), filter or ignore (or redact) path that does not parse.
 * - `bad_tolerance`, `bad_array_key`: a `--tolerance` or `--array-key` spec that does not parse.
 * - `no_input` / `stdin_twice`: a capture path that names no file nor gor chunks / standard input given twice.
 * - `directory_input` / `unreadable_input`: a capture path that is a directory / that may not be read.
 * - `misplaced_option`: a middleware option given before a command name.
 * - `conflicting_options`: options that exclude each other (`-q` and `-v`).
 * - `unexpected_argument` / `unknown_command`: an argument where the command takes none / `help` of no command.
 * - `expanded_glob`: an unquoted pattern the shell expanded into paths.
 * - `missing_directory`: an output path (log, report, JUnit, mismatches) whose directory does not exist.
 * - `unavailable_address`: the `--metrics-listen` address cannot be listened on (in use, not local, not allowed).
 * - `bad_plugin`: a comparator module that cannot be loaded, or whose exports cannot be used.
 * - `unreadable_report` / `invalid_report`: a saved report (a baseline, an input of `report`) cannot be read / is not a report of this format.
 * - `baseline_needed`: `--fail-on-new` without `--baseline`.
 */
export type UsageErrorCode =
  | 'unknown_key'
  | 'bad_value'
  | 'unreadable_config'
  | 'invalid_config'
  | 'bad_route'
  | 'bad_filter'
  | 'bad_ignore_path'
  | 'bad_tolerance'
  | 'bad_array_key'
  | 'no_input'
  | 'stdin_twice'
  | 'directory_input'
  | 'unreadable_input'
  | 'misplaced_option'
  | 'conflicting_options'
  | 'unexpected_argument'
  | 'unknown_command'
  | 'expanded_glob'
  | 'missing_directory'
  | 'unavailable_address'
  | 'bad_plugin'
  | 'unreadable_report'
  | 'invalid_report'
  | 'baseline_needed';

/**
 * A bad command line, config file or input found before any traffic is read. The CLI prints
 * `message` on one line and exits with `exitCode`. `key` is what the user wrote that is at
 * fault, spelled as written there: a flag (`--max-pending`, `--filter[0]`), a config key
 * (`maxPending`, `routes[0].path`), the variable naming the config file, or a capture path.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
  readonly code: UsageErrorCode;
  readonly key: string;

  constructor(code: UsageErrorCode, key: string, message: string) {
    super(message);
    this.code = code;
    this.key = key;
  }
}
