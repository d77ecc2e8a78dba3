import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { blindBox, boxAroundCoordinates, boxErrors, boxVolumeAngstrom3, boxWarnings, type Vec3 } from './box.js';

// Coordinates read straight from the fixed columns of the real files (V2000 atom block; PDB/PDBQT columns 31-54).
function sdfCoordinates(path: string): Vec3[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const atoms = Number(lines[3]?.slice(0, 3));
  return lines
    .slice(4, 4 + atoms)
    .map((line) => ({ x: Number(line.slice(0, 10)), y: Number(line.slice(10, 20)), z: Number(line.slice(20, 30)) }));
}
function pdbCoordinates(path: string): Vec3[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('ATOM') || line.startsWith('HETATM'))
    .map((line) => ({ x: Number(line.slice(30, 38)), y: Number(line.slice(38, 46)), z: Number(line.slice(46, 54)) }));
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
