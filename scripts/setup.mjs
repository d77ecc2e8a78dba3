#!/usr/bin/env node
// Installs what `npm start` / `npm test` need on a Debian machine that has only Node 20 and npm: the Debian packages,
// pnpm, and the workspace dependencies. Checks by presence first so a ready machine does nothing (and fast).
//   node scripts/setup.mjs              packages for running the platform
//   node scripts/setup.mjs --for-tests  also what the tests need (chromium)
//   node scripts/setup.mjs --quiet      print only when something is installed or missing
// Plain Node 20, no dependencies: it runs before `pnpm install`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const lockStamp = join(repoRoot, 'node_modules', '.mad-setup-lock.sha256');

/** Thrown when setup cannot finish by itself; the message says what to run. */
export class SetupError extends Error {}

/** The full path of an executable on PATH (or in the sbin folders, where Debian puts nats-server), or null. */
export function findExecutable(name) {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const folder of folders) {
    if (!folder) continue;
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The newest PostgreSQL server bin folder installed by Debian (/usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((entry) => existsSync(join(base, entry, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(base, majors[0], 'bin') : null;
}

/** Debian packages and how to tell each is already there. */
export function debianRequirements({ forTests }) {
  const requirements = [
    { pkg: 'postgresql', present: () => postgresBinDir() !== null },
    { pkg: 'nats-server', present: () => findExecutable('nats-server') !== null },
    { pkg: 'autodock-vina', present: () => findExecutable('vina') !== null },
    { pkg: 'openbabel', present: () => findExecutable('obabel') !== null },
    // PLIP profiles the docked poses' interactions on the agent (DOCKING_SCIENCE.md "Interactions").
    { pkg: 'plip', present: () => findExecutable('plipcmd') !== null },
    // RDKit is imported by the system python only (a python3 earlier on PATH may lack it).
    {
      pkg: 'python3-rdkit',
      present: () => spawnSync('/usr/bin/python3', ['-c', 'import rdkit'], { stdio: 'ignore' }).status === 0,
    },
    // gemmi reads PDBx/mmCIF receptors on the agent (DOCKING_SCIENCE.md "Receptor preparation").
    {
      pkg: 'python3-gemmi',
      present: () => spawnSync('/usr/bin/python3', ['-c', 'import gemmi'], { stdio: 'ignore' }).status === 0,
    },
    // PDB2PQR with PROPKA adds residue-aware hydrogens to receptors uploaded without them (DOCKING_SCIENCE.md
    // "Receptor preparation"); python3-propka comes with it.
    {
      pkg: 'python3-pdb2pqr',
      present: () => spawnSync('/usr/bin/python3', ['-c', 'import pdb2pqr, propka'], { stdio: 'ignore' }).status === 0,
    },
    // autogrid4 builds the AutoDock4Zn maps Vina docks zinc sites on (DOCKING_SCIENCE.md "Zinc sites").
    { pkg: 'autogrid', present: () => findExecutable('autogrid4') !== null },
  ];
  if (forTests) {
    requirements.push({ pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') });
    // promtool checks infra/prometheus; the observability test scrapes a stack with a real Prometheus.
    requirements.push({
      pkg: 'prometheus',
      present: () => findExecutable('prometheus') !== null && findExecutable('promtool') !== null,
    });
    // The production-backup test takes a full backup and a point-in-time restore of a cluster it starts.
    requirements.push({ pkg: 'pgbackrest', present: () => findExecutable('pgbackrest') !== null });
  }
  return requirements;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function canSudo() {
  return findExecutable('sudo') !== null && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.error) throw new SetupError(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result.status === 0;
}

function installDebianPackages(missing, say) {
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...missing];
  const shown = `apt-get update && DEBIAN_FRONTEND=noninteractive ${install.join(' ')}`;
  let prefix;
  if (isRoot()) prefix = [];
  else if (canSudo()) prefix = ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
  else
    throw new SetupError(
      `missing Debian packages: ${missing.join(', ')}.\nRun this, then start again:\n  sudo sh -c '${shown}'`,
    );
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [command, ...rest] = [...prefix, 'apt-get', 'update'];
  if (!run(command, rest, { env }))
    throw new SetupError(`apt-get update failed.\nRun this, then start again:\n  sudo sh -c '${shown}'`);
  const [installCommand, ...installArgs] = [...prefix, ...install];
  if (!run(installCommand, installArgs, { env }))
    throw new SetupError(`apt-get install failed.\nRun this, then start again:\n  sudo sh -c '${shown}'`);
}

/** The pnpm version the workspace pins in package.json "packageManager" (pnpm@x.y.z). */
export function pinnedPnpmVersion() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(manifest.packageManager ?? '');
  if (!match) throw new SetupError('package.json has no "packageManager": "pnpm@x.y.z"');
  return match[1];
}

/** The installed pnpm's version, read from its package.json (spawning `pnpm --version` costs most of a second). */
function installedPnpmVersion(executable) {
  try {
    let folder = dirname(realpathSync(executable));
    for (let depth = 0; depth < 4; depth += 1, folder = dirname(folder)) {
      const manifest = join(folder, 'package.json');
      if (existsSync(manifest)) {
        const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
        if (name === 'pnpm' || name === '@pnpm/exe') return version;
      }
    }
  } catch {
    // unreadable: fall through and ask pnpm itself
  }
  return spawnSync(executable, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

function ensurePnpm(say) {
  const wanted = pinnedPnpmVersion();
  const executable = findExecutable('pnpm');
  const major = wanted.split('.')[0];
  if (executable && installedPnpmVersion(executable).split('.')[0] === major) return;
  say(`installing pnpm@${wanted} (npm i -g pnpm@${wanted})`);
  if (run('npm', ['i', '-g', `pnpm@${wanted}`]) && findExecutable('pnpm')) return;
  throw new SetupError(`could not install pnpm.\nRun this, then start again:\n  sudo npm i -g pnpm@${wanted}`);
}

function lockfileHash() {
  return createHash('sha256')
    .update(readFileSync(join(repoRoot, 'pnpm-lock.yaml')))
    .digest('hex');
}

function ensureWorkspaceDependencies(say) {
  const hash = lockfileHash();
  const current = existsSync(lockStamp) && readFileSync(lockStamp, 'utf8').trim() === hash;
  if (current) return;
  say('installing workspace dependencies (pnpm install --frozen-lockfile)');
  const env = { ...process.env, CI: process.env.CI ?? 'true' }; // CI=true: pnpm never asks questions
  if (!run('pnpm', ['install', '--frozen-lockfile'], { env }))
    throw new SetupError('pnpm install --frozen-lockfile failed (see above)');
  writeFileSync(lockStamp, `${hash}\n`);
}

/** Installs whatever is missing; throws SetupError with the command to run when it cannot. */
export function ensureSetup({ forTests = false, quiet = false } = {}) {
  const say = (message) => console.log(`setup: ${message}`);
  const missing = debianRequirements({ forTests })
    .filter((requirement) => !requirement.present())
    .map((requirement) => requirement.pkg);
  if (missing.length) installDebianPackages(missing, say);
  ensurePnpm(say);
  ensureWorkspaceDependencies(say);
  if (!quiet) say('everything is installed');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = new Set(process.argv.slice(2));
  try {
    ensureSetup({ forTests: args.has('--for-tests'), quiet: args.has('--quiet') });
  } catch (error) {
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
