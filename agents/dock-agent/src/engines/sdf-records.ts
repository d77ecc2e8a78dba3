// SD file records: title, molblock and `> <tag>` data items; enough to read docking outputs.

export interface SdfRecord {
  title: string;
  tags: Map<string, string>;
  text: string;
}

export function parseSdfRecords(text: string): SdfRecord[] {
  const records: SdfRecord[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/^\$\$\$\$[^\n]*$/m)) {
    const body = chunk.replace(/^\n/, '');
    if (body.trim() === '') continue;
    const lines = body.split('\n');
    records.push({
      title: (lines[0] ?? '').trim(),
      tags: readTags(lines),
      text: `${body.replace(/\n*$/, '\n')}$$$$\n`,
    });
  }
  return records;
}

/** `> <name>` (or `>  <name>  (1)`) followed by value lines up to a blank line. */
function readTags(lines: string[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^>.*<([^>]+)>/.exec(lines[i] ?? '');
    if (!match?.[1]) continue;
    const values: string[] = [];
    for (i += 1; i < lines.length && (lines[i] ?? '').trim() !== '' && !(lines[i] ?? '').startsWith('>'); i += 1)
      values.push(lines[i] ?? '');
    if ((lines[i] ?? '').startsWith('>')) i -= 1;
    tags.set(match[1], values.join('\n').trim());
  }
  return tags;
}
