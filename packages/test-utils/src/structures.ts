// Test inputs made from real files: the same structure elsewhere in space.

/** A V2000 molfile/SD text with every atom moved `dx` Å along x (the atom block's first column, 10 wide). */
export function sdfMovedAlongX(text: string, dx: number): string {
  return text
    .split('\n')
    .map((line) =>
      /^\s*-?\d+\.\d{4}\s+-?\d+\.\d{4}\s+-?\d+\.\d{4}\s+[A-Z][a-z]?\s/.test(line)
        ? `${(Number(line.slice(0, 10)) + dx).toFixed(4).padStart(10)}${line.slice(10)}`
        : line,
    )
    .join('\n');
}
