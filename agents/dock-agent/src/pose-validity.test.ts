import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxAroundCoordinates, pdbLigandAtoms, sdfAtoms } from '@mad/chem';
import { sharedDataDir } from '@mad/test-utils';
import { bestPoseChecks, pdbqtModels, poseAtoms, posesValidity, validityNote } from './pose-validity.js';

// The Vina 1iep tutorial run (real Vina output, 4 poses) and its box.
const dir = join(sharedDataDir, 'vina-1iep');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const box = { center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const vinaAffinities = [...read('1iep_ligand_vina_out.pdbqt').matchAll(/^REMARK VINA RESULT:\s+(\S+)/gm)].map((m) =>
  Number(m[1]),
);

// gnina's own test inputs: T4 lysozyme (184L) and its crystal ligand (I4B) as SDF, as smina/gnina write poses.
const gnina = join(sharedDataDir, 'gnina', 'test-inputs');
const crystalSdf = readFileSync(join(gnina, '184l_lig.sdf'), 'utf8');

/** The crystal ligand's record moved by `dx` Å along x, tagged as gnina tags a pose (same title: the same ligand). */
function gninaPose(dx: number, affinity: number): string {
  const lines = crystalSdf.split('$$$$')[0]!.replace(/\s+$/, '').split('\n');
  const atoms = Number.parseInt(lines[3]!.slice(0, 3), 10);
  for (let i = 4; i < 4 + atoms; i += 1)
    lines[i] = `${(Number(lines[i]!.slice(0, 10)) + dx).toFixed(4).padStart(10)}${lines[i]!.slice(10)}`;
  return `${lines.join('\n')}\n> <minimizedAffinity>\n${affinity.toFixed(5)}\n\n$$$$\n`;
}

describe('the validity checks of every pose on the agent', () => {
  it('pass every pose of the real 1iep Vina output, as data per pose; no note', async () => {
    expect(pdbqtModels(read('1iep_ligand_vina_out.pdbqt'))).toHaveLength(4);
    expect(vinaAffinities).toHaveLength(4);
    const checked = await posesValidity({
      posesPath: join(dir, '1iep_ligand_vina_out.pdbqt'),
      format: 'pdbqt',
      preparedPath: join(dir, '1iep_ligand.pdbqt'),
      receptorPath: join(dir, '1iep_receptor.pdbqt'),
      box,
      affinities: vinaAffinities,
    });
    expect(checked?.validity).toEqual(Array.from({ length: 4 }, () => ({ valid: true, failed: [] })));
    expect(checked?.note).toBeNull();
    const checks = bestPoseChecks({
      posesPdbqt: read('1iep_ligand_vina_out.pdbqt'),
      preparedPdbqt: read('1iep_ligand.pdbqt'),
      receptor: pdbLigandAtoms(read('1iep_receptor.pdbqt'), true),
      box,
      affinityKcalMol: vinaAffinities[0]!,
    });
    expect(checks?.bondsChecked).toBeGreaterThanOrEqual(40);
    // Each model is its own pose: pose 4 is not pose 1 (different coordinates).
    const [first, , , fourth] = poseAtoms(read('1iep_ligand_vina_out.pdbqt'), 'pdbqt');
    expect(first).toHaveLength(fourth!.length);
    expect(first![0]).not.toEqual(fourth![0]);
  });

  it('fail every pose when the receptor is 60 Å away and the score 0.00, and note pose 1 by code', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pose-validity-'));
    const receptor = read('1iep_receptor.pdbqt')
      .split('\n')
      .map((line) =>
        /^(ATOM|HETATM)/.test(line)
          ? `${line.slice(0, 38)}${(Number(line.slice(38, 46)) + 60).toFixed(3).padStart(8)}${line.slice(46)}`
          : line,
      )
      .join('\n');
    writeFileSync(join(work, 'away.pdbqt'), receptor);
    const checked = await posesValidity({
      posesPath: join(dir, '1iep_ligand_vina_out.pdbqt'),
      format: 'pdbqt',
      preparedPath: null,
      receptorPath: join(work, 'away.pdbqt'),
      box,
      affinities: vinaAffinities.map(() => 0),
    });
    expect(checked?.validity).toEqual(
      Array.from({ length: 4 }, () => ({ valid: false, failed: ['no_receptor_contact', 'no_favourable_score'] })),
    );
    expect(checked?.note).toMatch(
      /^pose 1 fails validity checks: no_receptor_contact, no_favourable_score \(no receptor atom within 4 Å/,
    );
    expect(validityNote(null)).toBeNull();
  });

  it('check smina/gnina SDF poses too: the crystal pose in 184L passes, the same 60 Å away is flagged', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pose-validity-'));
    const poses = join(work, 'poses.sdf');
    writeFileSync(poses, gninaPose(0, -6.1) + gninaPose(60, 0));
    const autobox = boxAroundCoordinates(sdfAtoms(crystalSdf));
    expect(poseAtoms(readFileSync(poses, 'utf8'), 'sdf').map((atoms) => atoms.length)).toEqual([10, 10]);
    const checked = await posesValidity({
      posesPath: poses,
      format: 'sdf',
      preparedPath: join(gnina, '184l_lig.sdf'),
      receptorPath: join(gnina, '184l_rec.pdb'),
      box: autobox,
      affinities: [-6.1, 0],
    });
    expect(checked?.validity).toEqual([
      { valid: true, failed: [] },
      { valid: false, failed: ['outside_box', 'no_receptor_contact', 'no_favourable_score'] },
    ]);
    expect(checked?.note).toBeNull();
  });

  it('answer nothing (not a guess) when the poses cannot be read', async () => {
    expect(
      await posesValidity({
        posesPath: join(dir, 'no-such-file.pdbqt'),
        format: 'pdbqt',
        preparedPath: null,
        receptorPath: join(dir, '1iep_receptor.pdbqt'),
        box,
        affinities: [],
      }),
    ).toBeNull();
  });
});
