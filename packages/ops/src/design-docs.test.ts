// project_design/FRAMEWORK_DESIGN.md's package table against the package.json files (workspace dependencies and dev
// dependencies of every package), and its rule that the dashboard takes only types from the server's packages (and
// values only from browser-safe subpath exports: files that import nothing, like @mad/chem/box).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const workspaceNames = (deps: Record<string, string> | undefined) =>
  Object.keys(deps ?? {})
    .filter((name) => name.startsWith('@mad/'))
    .map((name) => name.slice('@mad/'.length))
    .sort()
    .join(', ') || '—';

function packageFolders(): string[] {
  const grouped = ['apps', 'packages', 'agents'].flatMap((group) =>
    readdirSync(join(repoRoot, group)).map((name) => `${group}/${name}`),
  );
  return [...grouped, 'bench'].filter((folder) =>
    statSync(join(repoRoot, folder, 'package.json'), { throwIfNoEntry: false })?.isFile(),
  );
}

function documentedPackages(): string[] {
  const doc = readFileSync(join(repoRoot, 'project_design', 'FRAMEWORK_DESIGN.md'), 'utf8');
  const start = doc.indexOf('<!-- packages:begin -->');
  const end = doc.indexOf('<!-- packages:end -->');
  expect(start, 'FRAMEWORK_DESIGN.md lacks <!-- packages:begin -->').toBeGreaterThan(-1);
  return doc
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `@mad/'))
    .sort();
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory()
      ? sourceFiles(path)
      : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)
        ? [path]
        : [];
  });
}

/** A subpath export whose source file imports nothing (so nothing of Node or the server can follow it). */
function browserSafe(specifier: string): boolean {
  const [, name, subpath] = /^@mad\/([^/]+)(\/.+)?$/.exec(specifier) ?? [];
  if (!name || !subpath) return false;
  const folder = packageFolders().find((f) => f.endsWith(`/${name}`));
  if (!folder) return false;
  const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as {
    exports?: Record<string, Record<string, string>>;
  };
  const source = manifest.exports?.[`.${subpath}`]?.['@mad/source'];
  if (!source) return false;
  return !/^\s*(import|export .* from)\b/m.test(readFileSync(join(repoRoot, folder, source), 'utf8'));
}

describe('FRAMEWORK_DESIGN.md package table', () => {
  it('is what the package.json files declare: folder, workspace dependencies, dev-only ones', () => {
    const actual = packageFolders()
      .map((folder) => {
        const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as PackageJson;
        return `| \`${manifest.name}\` | ${folder} | ${workspaceNames(manifest.dependencies)} | ${workspaceNames(manifest.devDependencies)} |`;
      })
      .sort();
    expect(actual.length).toBeGreaterThan(10);
    expect(documentedPackages()).toEqual(actual);
  });

  it('holds for the dashboard: its code (tests aside) imports only types from workspace packages, or values from import-free subpaths', () => {
    const values = sourceFiles(join(repoRoot, 'apps', 'dashboard', 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import (?!type\b)[^;]*from '(@mad\/[^']+)'/gm)].map((match) => ({
        file,
        specifier: match[1]!,
      })),
    );
    const unsafe = values
      .filter(({ specifier }) => !browserSafe(specifier))
      .map(({ file, specifier }) => `${file}: ${specifier}`);
    expect(unsafe).toEqual([]);
  });

  it('would catch a value import of a package index, which pulls server code', () => {
    expect(browserSafe('@mad/chem')).toBe(false);
    expect(browserSafe('@mad/chem/box')).toBe(true);
  });
});
