/** One sample of the Prometheus text format: `name{label="value",…} 42`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of an exposition in the Prometheus text format (comments skipped). Throws on a line it cannot read. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] ?? ''] = JSON.parse(`"${pair[2] ?? ''}"`) as string;
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

/** `{labelValue: value}` of metric `name`'s samples matching `where`, keyed by the values of `by` joined with a space. */
export function valuesBy(samples: readonly Sample[], name: string, by: readonly string[], where: Readonly<Record<string, string>> = {}): Record<string, number> {
  const values: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== name || !Object.entries(where).every(([label, value]) => sample.labels[label] === value)) continue;
    const key = by.map((label) => sample.labels[label] ?? '').join(' ');
    values[key] = (values[key] ?? 0) + sample.value;
  }
  return values;
}

/** A record of counts without its zero entries: a report lists every key, a scrape only what was seen, or both with zeros. */
export function nonZero(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count !== 0));
}
