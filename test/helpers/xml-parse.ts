/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (entities resolved), children's text excluded. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * A strict parser for the XML subset JUnit reports use: an optional `<?xml …?>`
 * declaration, elements with double- or single-quoted attributes, self-closing tags,
 * text with the five predefined entities and numeric character references. Throws with
 * the offset on anything not well-formed: a bad name, an unescaped `<` or `&`, a
 * mismatched or unclosed tag, a duplicate attribute, a character XML forbids, content
 * after the root. Returns the root element.
 */
export function parseXml(source: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(source);
  if (bad !== null) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} not allowed in XML at ${bad.index}`);
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${pos}: ${JSON.stringify(source.slice(pos, pos + 40))}`);
  };
  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos] as string)) pos++;
  };
  const name = (): string => {
    const match = NAME.exec(source.slice(pos));
    if (match === null) return fail('expected a name');
    pos += match[0].length;
    return match[0];
  };
  const unescapeXml = (text: string): string => {
    if (text.includes('<')) fail('unescaped <');
    return text.replace(/&([^;&\s]*);|&/g, (whole, ref: string | undefined) => {
      if (ref === undefined) return fail('unescaped &');
      if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
      return ENTITIES[ref] ?? fail(`unknown entity ${whole}`);
    });
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end === -1) fail('unterminated declaration');
    pos = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < source.length) {
    if (source.startsWith('</', pos)) {
      pos += 2;
      const closing = name();
      skipSpace();
      if (source[pos] !== '>') fail('expected >');
      pos++;
      const open = stack.pop();
      if (open === undefined || open.name !== closing) fail(`</${closing}> does not close <${open?.name ?? 'nothing'}>`);
      if (stack.length === 0) {
        skipSpace();
        if (pos < source.length) fail('content after the root element');
      }
      continue;
    }
    if (source[pos] === '<') {
      if (root !== undefined && stack.length === 0) fail('a second root element');
      pos++;
      const element: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
      const attributes = element.attributes as Record<string, string>;
      for (;;) {
        const before = pos;
        skipSpace();
        if (source.startsWith('/>', pos) || source[pos] === '>') break;
        if (pos === before) fail('expected a space before an attribute');
        const key = name();
        if (Object.hasOwn(attributes, key)) fail(`duplicate attribute ${key}`);
        skipSpace();
        if (source[pos] !== '=') fail('expected =');
        pos++;
        skipSpace();
        const quote = source[pos];
        if (quote !== '"' && quote !== "'") return fail('expected a quoted value');
        const end = source.indexOf(quote, pos + 1);
        if (end === -1) fail('unterminated attribute value');
        attributes[key] = unescapeXml(source.slice(pos + 1, end));
        pos = end + 1;
      }
      stack.at(-1)?.children.push(element);
      root ??= element;
      if (source.startsWith('/>', pos)) {
        pos += 2;
        if (stack.length === 0) {
          skipSpace();
          if (pos < source.length) fail('content after the root element');
        }
      } else {
        pos++;
        stack.push(element);
      }
      continue;
    }
    const next = source.indexOf('<', pos);
    const end = next === -1 ? source.length : next;
    const text = source.slice(pos, end);
    const parent = stack.at(-1);
    if (parent === undefined) fail('text outside the root element');
    else parent.text += unescapeXml(text);
    pos = end;
  }
  if (stack.length > 0) fail(`<${stack.at(-1)?.name}> is never closed`);
  if (root === undefined) return fail('no root element');
  return root;
}
