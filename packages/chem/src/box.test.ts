import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import {
  blindBox,
  boxAroundCoordinates,
  boxErrors,
  boxReceptorFit,
  boxVolumeAngstrom3,
  boxWarnings,
  bondLengthChecks,
  POSE_CHECKS,
  POSE_CHECK_NAMES,
  poseCheckName,
  poseChecks,
  poseValidity,
  type BindingBox,
  type Vec3,
} from './box.js';

// Coordinates read straight from the fixed columns of the real files (V2000 atom block; PDB/PDBQT columns 31-54).
function sdfCoordinates(path: string): (Vec3 & { element: string })[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const atoms = Number(lines[3]?.slice(0, 3));
  return lines.slice(4, 4 + atoms).map((line) => ({
    x: Number(line.slice(0, 10)),
    y: Number(line.slice(10, 20)),
    z: Number(line.slice(20, 30)),
    element: line.slice(31, 34).trim(),
  }));
}
const pdbCoordinates = (path: string) => pdbCoordinatesOf(readFileSync(path, 'utf8'));

const imatinib = sdfCoordinates(join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'));

describe('boxAroundCoordinates (autobox)', () => {
  it('centres on the crystal imatinib of 1iep, next to the box the Vina tutorial uses', () => {
    expect(imatinib).toHaveLength(69);
    const box = boxAroundCoordinates(imatinib);
    // The Vina 1iep tutorial's hand-made box: center 15.190, 53.903, 16.917.
    expect(Math.hypot(box.center.x - 15.19, box.center.y - 53.903, box.center.z - 16.917)).toBeLessThan(1);
    for (const atom of imatinib) {
      for (const axis of ['x', 'y', 'z'] as const) {
        expect(Math.abs(atom[axis] - box.center[axis])).toBeLessThanOrEqual(box.size[axis] / 2 - 4 + 1e-3);
      }
    }
  });

  it('adds the padding on both sides of each axis, like smina autobox_add', () => {
    const tight = boxAroundCoordinates(imatinib, 0);
    const padded = boxAroundCoordinates(imatinib, 6);
    expect(padded.center).toEqual(tight.center);
    expect(padded.size.x - tight.size.x).toBeCloseTo(12, 6);
    expect(padded.size.z - tight.size.z).toBeCloseTo(12, 6);
  });

  it('refuses an empty atom list and a negative padding', () => {
    expect(() => boxAroundCoordinates([])).toThrow(/no atoms/);
    expect(() => boxAroundCoordinates(imatinib, -1)).toThrow(/padding/);
  });
});

describe('blindBox and warnings', () => {
  it('covers the whole CYP3A4 receptor and warns that the volume is over 27,000 Å³', () => {
    const receptor = pdbCoordinates(join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'));
    expect(receptor.length).toBeGreaterThan(3000);
    const box = blindBox(receptor);
    expect(boxVolumeAngstrom3(box)).toBeGreaterThan(27_000);
    expect(boxWarnings(box)[0]).toMatch(/over 27000 Å³/);
  });

  it('does not warn for the 30 Å dockstring cube (27,000 Å³ exactly) and flags a zero size', () => {
    const cube = { center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 30, y: 30, z: 30 } };
    expect(boxWarnings(cube)).toEqual([]);
    expect(boxErrors(cube)).toEqual([]);
    expect(boxErrors({ ...cube, size: { x: 0, y: 30, z: 30 } })).toEqual(['box size x must be > 0 Å, got 0']);
  });
});

describe('boxReceptorFit (is the box on the protein?)', () => {
  const receptor = pdbCoordinates(join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'));

  it("finds hundreds of receptor heavy atoms in 1iep's pocket box and nothing to say", () => {
    const fit = boxReceptorFit(boxAroundCoordinates(imatinib), receptor);
    expect(fit.heavyAtomsInside).toBeGreaterThan(200);
    expect(fit.errors).toEqual([]);
    expect(fit.warnings).toEqual([]);
    // A blind box is the receptor itself: not oversized.
    expect(boxReceptorFit(blindBox(receptor), receptor).warnings).toEqual([]);
  });

  it('refuses a box far from every receptor atom, saying where the receptor is', () => {
    const fit = boxReceptorFit({ center: { x: 200, y: 200, z: 200 }, size: { x: 20, y: 20, z: 20 } }, receptor);
    expect(fit.heavyAtomsInside).toBe(0);
    expect(fit.nearestAngstrom).toBeGreaterThan(200);
    expect(fit.errors).toHaveLength(1);
    expect(fit.errors[0]).toMatch(
      /^the box \(centre \(200\.0, 200\.0, 200\.0\), size \(20\.0, 20\.0, 20\.0\) Å\) contains no receptor atom; the nearest is \d+\.\d Å from its centre and the receptor spans centre \(12\.\d, 52\.\d, 22\.\d\)/,
    );
  });

  it('warns for a box at the edge of the protein and for one larger than the whole receptor', () => {
    const edge = boxReceptorFit({ center: { x: 45.1, y: 54, z: 17.1 }, size: { x: 20, y: 20, z: 20 } }, receptor);
    expect(edge.errors).toEqual([]);
    expect(edge.heavyAtomsInside).toBeGreaterThan(0);
    expect(edge.heavyAtomsInside).toBeLessThan(50);
    expect(edge.warnings[0]).toMatch(/only \d+ receptor heavy atom\(s\)/);
    const huge = boxReceptorFit({ center: { x: 15, y: 54, z: 17 }, size: { x: 126, y: 126, z: 126 } }, receptor);
    expect(huge.errors).toEqual([]);
    expect(huge.warnings).toEqual([expect.stringMatching(/larger than the whole receptor/)]);
  });
});

describe('poseChecks (is a docked pose believable?)', () => {
  const receptor = pdbCoordinates(join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'));
  const box = boxAroundCoordinates(imatinib);

  it('passes the crystal pose of imatinib in 1iep: inside its box, many contacts, no clash', () => {
    const checks = poseChecks(imatinib, box, receptor, -13.2);
    expect(checks.heavyAtoms).toBe(37);
    expect(checks.outsideBox).toBe(0);
    expect(checks.receptorContacts).toBeGreaterThan(50);
    expect(checks.clashes).toBe(0);
    expect(checks.flags).toEqual([]);
  });

  it('flags a pose floating in empty space at 0.00 kcal/mol, and one pushed into the protein', () => {
    const far = imatinib.map((atom) => ({ ...atom, x: atom.x + 185, y: atom.y + 146, z: atom.z + 183 }));
    const farBox = boxAroundCoordinates(far);
    const floating = poseChecks(far, farBox, receptor, 0);
    expect(floating.receptorContacts).toBe(0);
    expect(floating.flags).toEqual([
      'no receptor atom within 4 Å of the pose: it does not touch the protein',
      'affinity 0.00 kcal/mol: the engine scored no favourable interaction',
    ]);
    expect(poseChecks(far, box, receptor, -1).flags[0]).toBe('37 of 37 heavy atoms lie outside the box');
    // Shifted 2.5 Å along x: atoms land on the pocket's residues.
    const shifted = imatinib.map((atom) => ({ ...atom, x: atom.x + 2.5 }));
    expect(poseChecks(shifted, box, receptor, -5).clashes).toBeGreaterThan(0);
  });
});

/** The models of a PDBQT file (Vina's output or the prepared ligand: one model), AutoDock types as elements. */
function pdbqtModels(path: string): { affinity: number | null; atoms: (Vec3 & { element: string })[] }[] {
  return readFileSync(path, 'utf8')
    .split(/^ENDMDL$/m)
    .map((block) => ({
      affinity: Number(/REMARK VINA RESULT:\s+(-?[\d.]+)/.exec(block)?.[1] ?? NaN),
      atoms: pdbCoordinatesOf(block),
    }))
    .filter((model) => model.atoms.length > 0)
    .map((model) => ({ ...model, affinity: Number.isNaN(model.affinity) ? null : model.affinity }));
}
function pdbCoordinatesOf(text: string): (Vec3 & { element: string })[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('ATOM') || line.startsWith('HETATM'))
    .map((line) => ({
      x: Number(line.slice(30, 38)),
      y: Number(line.slice(38, 46)),
      z: Number(line.slice(46, 54)),
      element: line.slice(76, 78).trim(),
    }));
}

describe('poseChecks on real Vina output (1iep, the Vina tutorial run)', () => {
  const dir = join(sharedDataDir, 'vina-1iep');
  const receptor = pdbqtModels(join(dir, '1iep_receptor.pdbqt'))[0]!.atoms;
  const prepared = pdbqtModels(join(dir, '1iep_ligand.pdbqt'))[0]!.atoms;
  const poses = pdbqtModels(join(dir, '1iep_ligand_vina_out.pdbqt'));
  const text = readFileSync(join(dir, '1iep_receptor.box.txt'), 'utf8');
  const value = (name: string) => Number(new RegExp(`${name}\\s*=\\s*(-?[\\d.]+)`).exec(text)?.[1]);
  const box: BindingBox = {
    center: { x: value('center_x'), y: value('center_y'), z: value('center_z') },
    size: { x: value('size_x'), y: value('size_y'), z: value('size_z') },
  };

  it('passes the best pose (-13.2 kcal/mol): inside the box, in contact, no clash, bonds as prepared', () => {
    expect(poses[0]!.affinity).toBeCloseTo(-13.234, 3);
    const checks = poseChecks(poses[0]!.atoms, box, receptor, poses[0]!.affinity, prepared);
    expect(checks).toMatchObject({ outsideBox: 0, clashes: 0, bondsOutOfRange: 0, failed: [], flags: [] });
    expect(checks.heavyAtoms).toBe(37);
    expect(checks.receptorContacts).toBeGreaterThan(50);
    expect(checks.bondsChecked).toBeGreaterThanOrEqual(40);
    // Its closest contact is a hydrogen bond length, which a fixed 2.55 Å C–C cutoff would not tell from a clash.
    expect(checks.minDistanceAngstrom).toBeGreaterThan(2.5);
    expect(checks.minDistanceAngstrom).toBeLessThan(3.3);
    for (const pose of poses)
      expect(poseChecks(pose.atoms, box, receptor, pose.affinity, prepared).failed).not.toContain('bond_lengths');
  });

  it('flags the same pose when the receptor is moved 40 Å away, one pushed into the protein, and a broken bond', () => {
    const away = receptor.map((atom) => ({ ...atom, x: atom.x + 40 }));
    expect(poseChecks(poses[0]!.atoms, box, away, 0, prepared)).toMatchObject({
      receptorContacts: 0,
      minDistanceAngstrom: null,
      failed: ['no_receptor_contact', 'no_favourable_score'],
    });
    const pushed = poses[0]!.atoms.map((atom) => ({ ...atom, x: atom.x + 2.5 }));
    expect(poseChecks(pushed, box, receptor, -5, prepared).failed).toEqual(['steric_clash']);
    const outside = poses[0]!.atoms.map((atom) => ({ ...atom, z: atom.z + 15 }));
    expect(poseChecks(outside, box, receptor, -3, prepared).failed).toContain('outside_box');
    const broken = poses[0]!.atoms.map((atom, i) => (i === 0 ? { ...atom, x: atom.x + 1.2 } : atom));
    expect(bondLengthChecks(broken, prepared).bondsOutOfRange).toBeGreaterThan(0);
    expect(poseChecks(broken, box, receptor, -13, prepared).failed).toContain('bond_lengths');
    expect(bondLengthChecks(broken.slice(1), prepared).bondsChecked).toBe(0);
  });
});

describe('poseValidity and the checks in words', () => {
  it('answers valid with no failed codes for a passing pose, the codes otherwise; every check has a name', () => {
    expect(poseValidity({ failed: [] })).toEqual({ valid: true, failed: [] });
    expect(poseValidity({ failed: ['no_receptor_contact', 'no_favourable_score'] })).toEqual({
      valid: false,
      failed: ['no_receptor_contact', 'no_favourable_score'],
    });
    expect(Object.keys(POSE_CHECK_NAMES).sort()).toEqual([...POSE_CHECKS].sort());
    expect(poseCheckName('no_receptor_contact')).toBe('no receptor contact');
    expect(poseCheckName('ring_planarity')).toBe('ring planarity');
  });
});
