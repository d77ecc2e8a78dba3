// project_design/FRAMEWORK_DESIGN.md's package table against the package.json files (workspace dependencies and dev
// dependencies of every package), and its rule that the dashboard takes only types from the server's packages.
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
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
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

  it('holds for the dashboard: its code (tests aside) imports only types from workspace packages', () => {
    const values = sourceFiles(join(repoRoot, 'apps', 'dashboard', 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import (?!type\b)[^;]*from '(@mad\/[^']+)'/gm)].map(
        (match) => `${file}: ${match[1]}`,
      ),
    );
    expect(values).toEqual([]);
  });
});
