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
  poseChecks,
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
function pdbCoordinates(path: string): (Vec3 & { element: string })[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('ATOM') || line.startsWith('HETATM'))
    .map((line) => ({
      x: Number(line.slice(30, 38)),
      y: Number(line.slice(38, 46)),
      z: Number(line.slice(46, 54)),
      element: line.slice(76, 78).trim(),
    }));
}

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
