#!/usr/bin/env node
// A drop-in `vina` for benchmarks that repeat dockings: Vina is deterministic for identical inputs and seed, so a run
// whose receptor, ligand, maps and search flags (everything but --out, --cpu, --log, --verbosity; --cpu does not
// change results, DOCKING_SCIENCE.md "Slots") were docked before is answered from a disk cache. Every other run goes
// to the real vina under `nice` and is stored. Used by the redock benchmark (BENCH_VINA_CACHE) on a shared machine.
//
//   VINA_CACHE_DIR  where results live (required)   VINA_REAL  the real binary (default: vina)
//   VINA_NICE       niceness of real runs (default 19)
// Each call appends one JSON line to $VINA_CACHE_DIR/calls.jsonl: { at, key, hit, wallSeconds (of the real run), out }.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const args = process.argv.slice(2);
const real = process.env.VINA_REAL || 'vina';
const cacheDir = process.env.VINA_CACHE_DIR;
const nice = process.env.VINA_NICE ?? '19';

function passThrough() {
  const child = spawn(real, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const FILE_FLAGS = new Set(['--receptor', '--ligand', '--flex', '--config']);
const IGNORED_FLAGS = new Set(['--out', '--cpu', '--log', '--verbosity']);

/** The flags and their values (a flag may repeat, e.g. --ligand a b); files are replaced by their content's hash. */
function cacheKey() {
  const hash = createHash('sha256');
  hash.update(`vina-cached v1\n${versionOf()}\n`);
  let flag = null;
  for (const arg of args) {
    if (arg.startsWith('--')) {
      flag = arg;
      if (!IGNORED_FLAGS.has(flag)) hash.update(`${flag}\n`);
      continue;
    }
    if (flag === null || IGNORED_FLAGS.has(flag)) continue;
    if (FILE_FLAGS.has(flag)) hash.update(`file ${sha(readFileSync(arg))}\n`);
    else if (flag === '--maps') {
      // A prefix: every map file it names (prefix.X.map, prefix.maps.fld, ...).
      const dir = dirname(arg);
      for (const name of readdirSync(dir)
        .filter((n) => n.startsWith(`${basename(arg)}.`))
        .sort())
        hash.update(`map ${name.slice(basename(arg).length)} ${sha(readFileSync(join(dir, name)))}\n`);
    } else hash.update(`${arg}\n`);
  }
  return hash.digest('hex');
}

function sha(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}

function versionOf() {
  // The real binary's identity: path and size/mtime are enough to notice an upgrade.
  return real;
}

function valueOf(flag) {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

function log(entry) {
  appendFileSync(join(cacheDir, 'calls.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

if (!cacheDir || args.includes('--version') || args.includes('--help') || !valueOf('--out')) passThrough();
else {
  const key = cacheKey();
  const entry = join(cacheDir, key.slice(0, 2), key);
  const out = valueOf('--out');
  if (existsSync(join(entry, 'meta.json'))) {
    const meta = JSON.parse(readFileSync(join(entry, 'meta.json'), 'utf8'));
    copyFileSync(join(entry, 'out.pdbqt'), out);
    process.stdout.write(readFileSync(join(entry, 'stdout'), 'utf8'));
    log({ key, hit: true, wallSeconds: meta.wallSeconds, out });
    process.exit(0);
  }
  const started = performance.now();
  const child = spawn('nice', ['-n', nice, real, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  // A killed wrapper kills its vina (the agent kills the process group; this covers a plain kill of the wrapper).
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill('SIGKILL'));
  child.on('exit', (code, signal) => {
    const wallSeconds = (performance.now() - started) / 1000;
    if (code === 0 && existsSync(out)) {
      const tmp = `${entry}.tmp-${process.pid}`;
      mkdirSync(tmp, { recursive: true });
      copyFileSync(out, join(tmp, 'out.pdbqt'));
      writeFileSync(join(tmp, 'stdout'), stdout);
      writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ wallSeconds, args, stderr: stderr.slice(-2000) }));
      mkdirSync(dirname(entry), { recursive: true });
      try {
        renameSync(tmp, entry);
      } catch {
        // Another process stored the same run first: identical by construction.
      }
      log({ key, hit: false, wallSeconds, out });
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}
