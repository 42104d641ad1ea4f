import { createHash } from 'node:crypto';

/** The numbers of the KPI tiles of an HTML report, by label (`judged`, `error`, `high risk`…). */
export function tiles(page: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const match of page.matchAll(/<span class="n">([\d,]+)<\/span><span class="k">([^<]+)<\/span>/g)) found[match[2]!] = Number(match[1]!.replace(/,/g, ''));
  return found;
}

/** The Content-Security-Policy of the page's meta tag, by directive. */
export function policyOf(page: string): Record<string, string> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
  if (content === undefined) throw new Error('no Content-Security-Policy meta tag');
  const policy: Record<string, string> = {};
  for (const part of content.split(';')) {
    const [name = '', ...values] = part.trim().split(/\s+/);
    if (name !== '') policy[name] = values.join(' ');
  }
  return policy;
}

/** The CSP source expression of `text`'s SHA-256. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The tag names of a page in order, closing tags with their slash: its structure without its text. */
export function tagSequence(page: string): string[] {
  return [...page.matchAll(/<(\/?[a-zA-Z][\w-]*)/g)].map((match) => match[1]!.toLowerCase());
}
