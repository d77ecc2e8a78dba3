import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdbLigandAtoms } from '@mad/chem';
import { sharedDataDir } from '@mad/test-utils';
import { bestPoseChecks, bestPoseValidityNote, validityNote } from './pose-validity.js';

// The Vina 1iep tutorial run (real Vina output) and its box.
const dir = join(sharedDataDir, 'vina-1iep');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const box = { center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };

describe('the best pose checks on the agent', () => {
  it('pass the best 1iep pose: no note', async () => {
    const receptor = pdbLigandAtoms(read('1iep_receptor.pdbqt'), true);
    const checks = bestPoseChecks({
      posesPdbqt: read('1iep_ligand_vina_out.pdbqt'),
      preparedPdbqt: read('1iep_ligand.pdbqt'),
      receptor,
      box,
      affinityKcalMol: -13.234,
    });
    expect(checks?.failed).toEqual([]);
    expect(checks?.bondsChecked).toBeGreaterThanOrEqual(40);
    expect(validityNote(checks)).toBeNull();
    expect(
      await bestPoseValidityNote({
        posesPdbqtPath: join(dir, '1iep_ligand_vina_out.pdbqt'),
        preparedPdbqtPath: join(dir, '1iep_ligand.pdbqt'),
        receptorPath: join(dir, '1iep_receptor.pdbqt'),
        box,
        affinityKcalMol: -13.234,
      }),
    ).toBeNull();
  });

  it('name the failed checks by code when the receptor is 60 Å away and the score 0.00', () => {
    const away = pdbLigandAtoms(read('1iep_receptor.pdbqt'), true).map((atom) => ({ ...atom, y: atom.y + 60 }));
    const checks = bestPoseChecks({
      posesPdbqt: read('1iep_ligand_vina_out.pdbqt'),
      preparedPdbqt: null,
      receptor: away,
      box,
      affinityKcalMol: 0,
    });
    expect(checks?.failed).toEqual(['no_receptor_contact', 'no_favourable_score']);
    expect(checks?.bondsChecked).toBe(0);
    expect(validityNote(checks)).toMatch(
      /^pose 1 fails validity checks: no_receptor_contact, no_favourable_score \(no receptor atom within 4 Å/,
    );
  });
});
