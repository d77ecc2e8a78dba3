// scripts/setup.mjs on this machine: nothing to do when everything is installed; and, for a user who cannot install
// (not root, no sudo) and lacks packages, the exact apt-get command to run and a non-zero exit.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.js';

const setupScript = join(repoRoot, 'scripts', 'setup.mjs');
const isRoot = process.getuid?.() === 0;

describe('scripts/setup.mjs', () => {
  it('installs nothing on a machine that has everything the tests need', () => {
    const result = spawnSync(process.execPath, [setupScript, '--for-tests'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/installing/);
    expect(result.stdout).toContain('setup: everything is installed');
    expect(result.status).toBe(0);
  });

  it('prints nothing with --quiet when nothing is missing', () => {
    const result = spawnSync(process.execPath, [setupScript, '--quiet'], { encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: '' });
  });

  // Run as `nobody` with a PATH where vina, obabel, plipcmd and autogrid4 cannot be found (they live in /usr/bin): setup may not
  // install, has no sudo on that PATH, so it must say what to run and stop. Needs root to switch user (CI is root).
  it.runIf(isRoot)('prints the exact apt-get command and exits 1 when it cannot install', () => {
    // `nobody` may not enter the checkout (e.g. a clone inside a 0700 mktemp folder): run a copy of the script (it
    // imports only node: modules) from a folder anyone can read.
    const dir = mkdtempSync(join(tmpdir(), 'mad-setup-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'scripts'), { mode: 0o755 });
    copyFileSync(setupScript, join(dir, 'scripts', 'setup.mjs'));
    chmodSync(join(dir, 'scripts', 'setup.mjs'), 0o644);
    const result = spawnSync(
      'runuser',
      [
        '-u',
        'nobody',
        '--',
        '/usr/bin/env',
        'PATH=/nonexistent',
        process.execPath,
        join(dir, 'scripts', 'setup.mjs'),
        '--quiet',
      ],
      {
        encoding: 'utf8',
        cwd: '/',
      },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(result.stderr).toContain('missing Debian packages: autodock-vina, openbabel, plip, autogrid.');
    expect(result.stderr).toContain(
      "sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends autodock-vina openbabel plip autogrid'",
    );
    expect(result.status).toBe(1);
  });
});
