/**
 * Pretty-prints JSON text with two-space indentation without parsing it into values, so
 * numbers keep their exact digits (JSON.parse would round integers beyond 2^53) and key
 * order and escapes stay as sent. `text` must be valid JSON (check with JSON.parse first);
 * other text is returned with its whitespace outside strings rearranged, never thrown on.
 * Output stops soon after `maxChars` characters: indentation grows with depth, so a body
 * nested 100 000 levels deep would otherwise indent into gigabytes.
 */
export function reindentJson(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = (): string => `\n${'  '.repeat(depth)}`;
  while (i < text.length && out.length <= maxChars) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    i += 1;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    if (ch === '{' || ch === '[') {
      const next = nextSignificant(text, i);
      if (text[next] === (ch === '{' ? '}' : ']')) {
        out += ch + text[next]!;
        i = next + 1;
      } else {
        depth += 1;
        out += ch + newline();
      }
    } else if (ch === '}' || ch === ']') {
      depth = Math.max(0, depth - 1);
      out += newline() + ch;
    } else if (ch === ',') {
      out += `,${newline()}`;
    } else if (ch === ':') {
      out += ': ';
    } else {
      out += ch;
    }
  }
  return out;
}

/** The index just past the string that opens at `start`, or the text's end if unclosed. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\') j += 2;
    else if (ch === '"') return j + 1;
    else j += 1;
  }
  return text.length;
}

function nextSignificant(text: string, from: number): number {
  let j = from;
  while (j < text.length && /\s/.test(text[j]!)) j += 1;
  return j;
}
