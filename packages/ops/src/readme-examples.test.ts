// The README's TypeScript examples are files a package's typecheck compiles: each `<!-- readme-ts: begin PATH -->`
// block is that file, byte for byte, and PATH lies in what the package's tsconfig.json includes (so `tsc --noEmit`
// of the package checks the README's code against the real client API).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = [
  ...readme.matchAll(/<!-- readme-ts: begin (\S+) -->\n```ts\n([\s\S]*?)```\n<!-- readme-ts: end -->/g),
].map((match) => ({ path: match[1]!, code: match[2]! }));

/** The nearest package folder (with a package.json) above a file of the repository. */
function packageOf(file: string): string {
  let folder = dirname(file);
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
  return folder;
}

describe("README's TypeScript examples", () => {
  it('marks every ts block of the README with the file it is', () => {
    const fenced = readme.match(/^```ts$/gm) ?? [];
    expect(blocks.map((block) => block.path)).toContain('packages/client/examples/dock-and-wait.ts');
    expect(fenced).toHaveLength(blocks.length);
  });

  it.each(blocks.map((block) => [block.path, block.code]))('shows %s as it is', (path, code) => {
    expect(code).toBe(readFileSync(join(repoRoot, path), 'utf8'));
  });

  it.each(blocks.map((block) => [block.path]))("has %s in its package's typecheck", (path) => {
    const file = join(repoRoot, path);
    const folder = packageOf(file);
    const tsconfig = JSON.parse(readFileSync(join(folder, 'tsconfig.json'), 'utf8')) as { include?: string[] };
    const top = relative(folder, file).split(sep)[0]!;
    expect(tsconfig.include ?? []).toContain(top);
    const scripts = (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { scripts?: object }).scripts;
    expect(scripts).toMatchObject({ typecheck: 'tsc --noEmit' });
  });
});
