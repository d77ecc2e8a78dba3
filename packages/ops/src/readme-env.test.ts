// README's "env" section lists every environment variable a process reads: each zod env schema's keys (found in the
// sources, so a new variable without a README row fails here) and the variables scripts/start.mjs reads itself.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const sourceRoots = ['apps', 'packages', 'agents'].flatMap((group) => {
  const folder = join(repoRoot, group);
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name, 'src')) : [];
});
sourceRoots.push(join(repoRoot, 'bench', 'src'));

/** Files that define a process's environment schema (`xxxEnvSchema = z.object(` or `loadEnvOrExit(z.object(`). */
const schemaFiles = sourceRoots
  .flatMap(sourceFiles)
  .filter((file) =>
    /EnvSchema\s*=\s*(z\.object|\w+EnvSchema\.extend)\(|loadEnvOrExit\(\s*z\.object\(/.test(readFileSync(file, 'utf8')),
  );

/** The upper-case keys of the zod objects in a schema file (`NAME: z.…` or `NAME: envFields.…`). */
function schemaKeys(source: string): string[] {
  return [...source.matchAll(/\b([A-Z][A-Z0-9_]{2,}):\s*(?:z\.|envFields\.)/g)].map((match) => match[1]!);
}

function envSection(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- section: env');
  const end = readme.indexOf('<!-- /section: env -->');
  expect(start).toBeGreaterThan(-1);
  return readme.slice(start, end);
}

describe('README env section', () => {
  const section = envSection();
  const documented = new Set([...section.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((match) => match[1]!));

  it('finds the env schemas of the server, the worker and the agent', () => {
    const names = schemaFiles.map((file) => relative(repoRoot, file));
    expect(names).toEqual(expect.arrayContaining(['apps/server/src/env.ts', 'packages/db/src/cli.ts']));
  });

  it.each(schemaFiles.map((file) => [relative(repoRoot, file), file]))(
    'documents every variable of %s',
    (_name, file) => {
      const missing = schemaKeys(readFileSync(file, 'utf8')).filter((key) => !documented.has(key));
      expect(missing).toEqual([]);
    },
  );

  it('documents every variable scripts/start.mjs reads', () => {
    const script = readFileSync(join(repoRoot, 'scripts', 'start.mjs'), 'utf8');
    const read = [...script.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)|portFrom\('([A-Z_]+)'/g)].map(
      (match) => (match[1] ?? match[2])!,
    );
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter((key) => !documented.has(key))).toEqual([]);
  });
});
