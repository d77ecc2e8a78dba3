// Why the CPU count is not part of a result signature (DOCKING_SCIENCE.md "Result signatures"): with one seed, Vina
// writes the same poses, scores and RMSD bounds whether it runs on one CPU or on two. Kept small: a short ligand
// (paracetamol, 1 torsion) at exhaustiveness 2 in the 1iep box, ~10 s per run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { parseVinaConfigBox } from './vina.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');

describe('vina --cpu', () => {
  it('gives identical poses for --cpu 1 and --cpu 2 with one seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mad-vina-cpu-'));
    const ligand = join(dir, 'ligand.pdbqt');
    execFileSync('obabel', ['-:CC(=O)Nc1ccc(O)cc1', '--gen3d', '-opdbqt', '-O', ligand], { stdio: 'pipe' });
    const { center, size } = parseVinaConfigBox(readFileSync(join(vina1iep, '1iep_receptor.box.txt'), 'utf8'));
    const dock = (cpu: number) => {
      const out = join(dir, `poses-cpu${cpu}.pdbqt`);
      execFileSync(
        'vina',
        [
          ...['--receptor', join(vina1iep, '1iep_receptor.pdbqt'), '--ligand', ligand],
          ...['--center_x', center.x, '--center_y', center.y, '--center_z', center.z].map(String),
          ...['--size_x', size.x, '--size_y', size.y, '--size_z', size.z].map(String),
          ...['--exhaustiveness', '2', '--num_modes', '9', '--seed', '42', '--cpu', String(cpu), '--out', out],
        ],
        { stdio: 'pipe' },
      );
      return readFileSync(out, 'utf8');
    };
    const one = dock(1);
    const two = dock(2);
    expect(one.match(/^REMARK VINA RESULT/gm)?.length ?? 0).toBeGreaterThan(1);
    // Byte for byte: every pose's coordinates, affinity and RMSD bounds.
    expect(two).toBe(one);
  }, 120_000);
});
