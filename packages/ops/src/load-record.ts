// What a Node process really loads: run it with load-recorder.mjs preloaded (`node --import`) and read the record
// back. The runtime half of "what runs holds no test code" (design-docs.test.ts walks the source graph).
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';

const recorder = pathToFileURL(fileURLToPath(new URL('./load-recorder.mjs', import.meta.url))).href;

/** A fresh record file and the node arguments and environment that fill it. */
export function loadRecording(): { file: string; execArgv: string[]; env: { LOAD_RECORD_FILE: string } } {
  const file = join(mkdtempSync(join(tmpdir(), 'mad-loads-')), 'loaded.txt');
  return { file, execArgv: ['--import', recorder], env: { LOAD_RECORD_FILE: file } };
}

/** Every file the process loaded, once each, relative to the repository when inside it (symlinks resolved). */
export function loadedFiles(recordFile: string): string[] {
  const urls = existsSync(recordFile) ? readFileSync(recordFile, 'utf8').split('\n') : [];
  const files = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith('file:')) continue; // node: builtins, data: URLs
    const path = fileURLToPath(url);
    const real = existsSync(path) ? realpathSync(path) : path;
    files.add(real.startsWith(repoRoot) ? relative(repoRoot, real) : real);
  }
  return [...files].sort();
}

/**
 * The loaded files that are test code: a test file, a harness under a test/ folder, the agent, @mad/test-utils,
 * vitest. Names inside node_modules are third-party code and only vitest's packages count there.
 */
export function testCodeIn(files: string[]): string[] {
  return files.filter((file) =>
    file.includes('node_modules/')
      ? /node_modules\/(vitest|@vitest\/[^/]+)\//.test(file)
      : /(^|\/)test\//.test(file) ||
        /\.test\.[cm]?[jt]sx?$/.test(file) ||
        /^(agents\/dock-agent|packages\/test-utils)\//.test(file),
  );
}
