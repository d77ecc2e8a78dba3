// project_design/FRAMEWORK_DESIGN.md's package table against the package.json files (workspace dependencies and dev
// dependencies of every package), and its rule that the dashboard takes only types from the server's packages (and
// values only from browser-safe subpath exports: files that import nothing, like @mad/chem/box).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadedFiles, loadRecording, testCodeIn } from './load-record.js';
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

/** Every TypeScript file of the workspace's packages (tests included), relative to the repository root. */
function workspaceFiles(): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(join(repoRoot, folder)).flatMap((name) => {
      if (name === 'node_modules' || name === 'dist') return [];
      const path = `${folder}/${name}`;
      return statSync(join(repoRoot, path)).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  return packageFolders().flatMap(walk);
}

const isTestFile = (file: string) => /\.test\.tsx?$/.test(file) || /\/(e2e|test)\//.test(file);

describe('FRAMEWORK_DESIGN.md layers', () => {
  it('the worker never imports the procedures: nothing under apps/server/src/jobs imports @mad/api', () => {
    const offenders = workspaceFiles()
      .filter((file) => file.startsWith('apps/server/src/jobs/'))
      .filter((file) => /from '@mad\/api['/]/.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the domain layer knows nothing of tRPC, express or the procedures', () => {
    const offenders = workspaceFiles()
      .filter((file) => file.startsWith('packages/domain/src/'))
      .filter((file) => /from '(@mad\/api|@trpc\/[^']+|express)['/]/.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('procedures hold no queries: nothing under packages/api/src/routers imports kysely (queries are domain operations)', () => {
    const offenders = workspaceFiles()
      .filter((file) => file.startsWith('packages/api/src/routers/'))
      .filter((file) => /from 'kysely'/.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('procedures are thin: the files under packages/api/src/routers that define one average under 40 lines', () => {
    const routers = join(repoRoot, 'packages', 'api', 'src', 'routers');
    const lines = sourceFiles(routers)
      .map((file) => readFileSync(file, 'utf8'))
      .filter((text) => /Procedure\s*\.meta\(/.test(text))
      .map((text) => text.trimEnd().split('\n').length);
    expect(lines.length).toBeGreaterThan(30);
    const average = lines.reduce((sum, n) => sum + n, 0) / lines.length;
    expect(average, `${lines.length} procedure files average ${average.toFixed(1)} lines`).toBeLessThan(40);
  });

  it('no file under a src/ folder exists only for tests (harnesses live in test/, outside what dist holds)', () => {
    const files = workspaceFiles();
    const known = new Set(files);
    const importers = new Map<string, string[]>();
    for (const file of files) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const base = join(dirname(file), specifier!).replace(/\.js$/, '');
        const target = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) => known.has(c));
        if (target) importers.set(target, [...(importers.get(target) ?? []), file]);
      }
    }
    // Packages that are harnesses or tests as a whole (FRAMEWORK_DESIGN.md says so) are exempt, and so are the
    // files a package exports (a test may import its own package's entry by path).
    const exempt = /^(packages\/(ops|test-utils)|bench)\//;
    const exported = new Set(
      packageFolders().flatMap((folder) => {
        const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as {
          exports?: Record<string, Record<string, string>>;
        };
        return Object.values(manifest.exports ?? {}).map((entry) => join(folder, entry['@mad/source'] ?? ''));
      }),
    );
    const testOnly = files.filter(
      (file) =>
        file.includes('/src/') &&
        !isTestFile(file) &&
        !exempt.test(file) &&
        !exported.has(file) &&
        (importers.get(file) ?? []).length > 0 &&
        importers.get(file)!.every(isTestFile),
    );
    expect(testOnly).toEqual([]);
  });
});

/** The source of a workspace specifier (`@mad/chem`, `@mad/chem/box`) through its package's @mad/source export. */
function workspaceSource(specifier: string, folders: string[]): string | null {
  const [, name, subpath] = /^@mad\/([^/]+)(\/.+)?$/.exec(specifier) ?? [];
  const folder = name ? folders.find((f) => f.endsWith(`/${name}`)) : undefined;
  if (!folder) return null;
  const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as {
    exports?: Record<string, Record<string, string>>;
  };
  const source = manifest.exports?.[subpath ? `.${subpath}` : '.']?.['@mad/source'];
  return source ? join(folder, source) : null;
}

/**
 * Every file and package a source file loads when it runs, transitively through relative and workspace imports (type-only
 * imports are erased by tsc and left out): what `node dist/<entry>.js` loads, since dist is compiled file for file.
 */
function runtimeGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const folders = packageFolders();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const specifiers = text.matchAll(
      /^\s*(?:import|export)(?!\s+type\b)[^'";]*?from\s*'([^']+)'|^\s*import\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/gm,
    );
    for (const [, fromSpecifier, bareSpecifier, dynamicSpecifier] of specifiers) {
      const specifier = (fromSpecifier ?? bareSpecifier ?? dynamicSpecifier)!;
      if (specifier.startsWith('.')) {
        const base = join(dirname(file), specifier).replace(/\.js$/, '');
        const target = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) =>
          statSync(join(repoRoot, c), { throwIfNoEntry: false })?.isFile(),
        );
        if (target) pending.push(target);
      } else if (specifier.startsWith('@mad/')) {
        packages.add(specifier.split('/').slice(0, 2).join('/'));
        const source = workspaceSource(specifier, folders);
        if (source) pending.push(source);
      } else
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  }
  return { files, packages };
}

describe('what the server runs', () => {
  it('node dist/main.js and dist/worker.js load no test code: no test file or harness, no test-utils, vitest or agent', () => {
    for (const entry of ['apps/server/src/main.ts', 'apps/server/src/worker.ts']) {
      const { files, packages } = runtimeGraph(entry);
      expect(files.size, entry).toBeGreaterThan(50);
      expect([...files].filter(isTestFile), entry).toEqual([]);
      expect(
        [...packages].filter((name) =>
          ['@mad/test-utils', '@mad/dock-agent', 'vitest', '@vitest/expect'].includes(name),
        ),
        entry,
      ).toEqual([]);
    }
  });

  it('node dist/main.js and dist/worker.js load no test code when they run (every module Node loads, recorded)', () => {
    expect(
      testCodeIn([
        'apps/server/test/stack.ts',
        'apps/server/dist/jobs/jobs.int.test.js',
        'agents/dock-agent/dist/agent.js',
        'node_modules/.pnpm/vitest@4.1.12/node_modules/vitest/dist/index.js',
        'node_modules/.pnpm/yaml@2.9.1/node_modules/yaml/dist/test/x.js',
        'apps/server/dist/main.js',
      ]),
    ).toHaveLength(4);
    // Without an environment each exits (78) once its modules are in: ESM loads the whole static graph before it
    // runs a line. The running server, with what it loads lazily, is recorded by server-memory.int.
    for (const entry of ['apps/server/dist/main.js', 'apps/server/dist/worker.js']) {
      const recording = loadRecording();
      const run = spawnSync(process.execPath, [...recording.execArgv, join(repoRoot, entry)], {
        env: { PATH: process.env.PATH ?? '', ...recording.env },
        encoding: 'utf8',
      });
      expect(run.status, `${entry}: ${run.stderr}`).toBe(78);
      const loaded = loadedFiles(recording.file);
      expect(loaded, entry).toContain(entry);
      expect(loaded.filter((file) => file.startsWith('packages/')).length, entry).toBeGreaterThan(10);
      expect(testCodeIn(loaded), entry).toEqual([]);
    }
  });
});
