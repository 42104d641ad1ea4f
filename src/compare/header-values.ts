/*
 * How the two structured headers of the default set are read for comparison: a
 * Content-Type becomes its media type and parameters in one canonical text, a Set-Cookie its
 * cookie name and a canonical text of its attributes. Both texts are what a difference shows,
 * so a Set-Cookie difference never holds the cookie's value.
 */

/**
 * Parameters left out of a Content-Type comparison: a multipart boundary is generated for
 * each message, so it differs between any two responses that mean the same.
 */
const UNCOMPARED_PARAMETERS = new Set(['boundary']);

/**
 * A Content-Type value in a canonical form: `type/subtype` lower-cased, then its parameters
 * sorted by name as `;name=value`, names lower-cased, quoted values unquoted, `charset`
 * values lower-cased and other values as given. Whitespace around `;` and `=` is dropped.
 * A value that is not `type/subtype` is compared whole, lower-cased and trimmed.
 */
export function canonicalMediaType(value: string): string {
  const parts = splitParameters(value);
  const type = (parts[0] ?? '').trim().toLowerCase();
  if (!/^[^/\s]+\/[^/\s]+$/.test(type)) return value.trim().toLowerCase();
  const parameters: string[] = [];
  for (const part of parts.slice(1)) {
    const equals = part.indexOf('=');
    const name = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    if (name === '' || UNCOMPARED_PARAMETERS.has(name)) continue;
    const raw = equals < 0 ? '' : unquote(part.slice(equals + 1).trim());
    parameters.push(`;${name}=${name === 'charset' ? raw.toLowerCase() : raw}`);
  }
  return type + parameters.sort().join('');
}

/** `value` split at the `;` that are outside quoted strings. */
function splitParameters(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (quoted && ch === '\\') i += 1;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** A quoted-string's content with its backslash escapes resolved; anything else as given. */
function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** One Set-Cookie header as compared: the cookie's name and its attributes, never its value. */
export interface CookieAttributes {
  /** As sent (cookie names are case-sensitive); '' when the name-value pair has no `=`. */
  readonly name: string;
  /** The attributes in a canonical text, e.g. `Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age`. */
  readonly attributes: string;
}

/** Attributes compared by presence alone, in the order the canonical text lists them. */
const FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['httponly', 'HttpOnly'],
  ['secure', 'Secure'],
  ['partitioned', 'Partitioned'],
];

/**
 * Reads a Set-Cookie value (RFC 6265, section 5.2). The cookie value is dropped. Attribute
 * names are case-insensitive and the last of a repeated attribute counts. Compared by value:
 * `Domain` (case-insensitive, a leading dot ignored), `Path` (exact), `SameSite`
 * (case-insensitive), and any other attribute (name case-insensitive, value as given).
 * Compared by presence: `HttpOnly`, `Secure`, `Partitioned`, and `Expires` and `Max-Age`,
 * whose values are times that differ from one response to the next; only a `Max-Age` of 0 or
 * less, which deletes the cookie, is told apart (`Max-Age=0`).
 */
export function readSetCookie(value: string): CookieAttributes {
  const [pair = '', ...rest] = value.split(';');
  const equals = pair.indexOf('=');
  const name = equals < 0 ? '' : pair.slice(0, equals).trim();
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const at = part.indexOf('=');
    const key = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key !== '') attributes.set(key, at < 0 ? '' : part.slice(at + 1).trim());
  }
  return { name, attributes: canonicalAttributes(attributes) };
}

function canonicalAttributes(attributes: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  const domain = attributes.get('domain');
  if (domain !== undefined) out.push(`Domain=${domain.replace(/^\./, '').toLowerCase()}`);
  const path = attributes.get('path');
  if (path !== undefined) out.push(`Path=${path}`);
  for (const [key, shown] of FLAGS) if (attributes.has(key)) out.push(shown);
  const sameSite = attributes.get('samesite');
  if (sameSite !== undefined) out.push(`SameSite=${capitalise(sameSite.toLowerCase())}`);
  const maxAge = attributes.get('max-age');
  if (maxAge !== undefined) out.push(/^\s*(-\d+|0+)\s*$/.test(maxAge) ? 'Max-Age=0' : 'Max-Age');
  if (attributes.has('expires')) out.push('Expires');
  const others = [...attributes].filter(([key]) => !KNOWN_ATTRIBUTES.has(key)).map(([key, v]) => (v === '' ? key : `${key}=${v}`));
  return [...out, ...others.sort()].join('; ');
}

/** The attributes written above; any other is listed after them, as given. */
const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(['domain', 'path', 'samesite', 'max-age', 'expires', ...FLAGS.map(([key]) => key)]);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
