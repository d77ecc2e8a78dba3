// Files made in the browser: CSV of scores, SDF of poses. The cells, titles and tags are neutralised by the one
// shared export module (@mad/chem/export), which server-side exports use too.
export { toCsv, toSdf } from '@mad/chem/export';

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
