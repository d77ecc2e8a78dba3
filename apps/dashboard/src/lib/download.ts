// Files made in the browser: CSV of scores, SDF of poses.

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const cell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** Joins SD records and sets tags on each (existing tags of the same name are replaced). */
export function toSdf(records: readonly { text: string; tags?: Record<string, string | number> }[]): string {
  return records
    .map(({ text, tags = {} }) => {
      let body = text.replace(/\$\$\$\$\s*$/, '').replace(/\s+$/, '');
      for (const [name, value] of Object.entries(tags)) {
        body = body.replace(new RegExp(`\\n>\\s*<${name}>[^\\n]*\\n(?:[^\\n]+\\n)*`, 'g'), '\n');
        body += `\n> <${name}>\n${value}\n`;
      }
      if (!body.includes('M  END')) body += '\nM  END';
      return `${body.replace(/\s+$/, '')}\n\n$$$$\n`;
    })
    .join('');
}

export function downloadText(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
