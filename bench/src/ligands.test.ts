import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { BENCH_LIGANDS, dockingTargets, parseBoxConfig, readBox } from './ligands.js';

describe('parseBoxConfig', () => {
  it('reads the real dockstring and 1iep boxes', async () => {
    const targets = dockingTargets(sharedDataDir);
    const drd2 = targets.find((t) => t.name === 'DRD2');
    const iep = targets.find((t) => t.name === '1IEP');
    expect(drd2 && (await readBox(drd2)).size).toEqual({ x: 30, y: 30, z: 32 });
    expect(iep && (await readBox(iep))).toEqual({
      center: { x: 15.19, y: 53.903, z: 16.917 },
      size: { x: 20, y: 20, z: 20 },
    });
  });

  it('names the missing key', () => {
    expect(() => parseBoxConfig('center_x = 1\ncenter_y = 2\n')).toThrow(/center_z/);
  });
});

describe('BENCH_LIGANDS', () => {
  it('has at least 16 ligands, small and drug-like, on targets whose files exist', () => {
    const targets = new Map(dockingTargets(sharedDataDir).map((t) => [t.name, t]));
    expect(BENCH_LIGANDS.length).toBeGreaterThanOrEqual(16);
    expect(new Set(BENCH_LIGANDS.map((l) => l.kind))).toEqual(new Set(['small', 'drug-like']));
    expect(new Set(BENCH_LIGANDS.map((l) => l.name)).size).toBe(BENCH_LIGANDS.length);
    for (const ligand of BENCH_LIGANDS) {
      const target = targets.get(ligand.target);
      expect(target, ligand.name).toBeDefined();
      expect(existsSync(target?.receptorPdbqt ?? ''), ligand.target).toBe(true);
    }
    expect(new Set(BENCH_LIGANDS.map((l) => l.target)).size).toBe(targets.size);
  });
});
