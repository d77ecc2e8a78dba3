import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { longestFirst, topAffinity, vinaArgs } from './direct.js';

describe('topAffinity', () => {
  it('reads the first pose of a real Vina output', async () => {
    const out = await readFile(join(sharedDataDir, 'vina-1iep/runs-here/1iep_ex8_seed42_out.pdbqt'), 'utf8');
    expect(topAffinity(out)).toBeCloseTo(-13.36, 1);
    expect(topAffinity('MODEL 1\nENDMDL\n')).toBeNull();
  });
});

describe('vinaArgs', () => {
  it('passes the box, the parameters and the CPU count', () => {
    const args = vinaArgs(
      {
        name: 'x',
        receptorPdbqt: 'r.pdbqt',
        ligandPdbqt: 'l.pdbqt',
        box: { center: { x: 1, y: 2, z: 3 }, size: { x: 20, y: 20, z: 22 } },
      },
      { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 42 },
      2,
      'out.pdbqt',
    );
    expect(args.join(' ')).toBe(
      '--receptor r.pdbqt --ligand l.pdbqt --center_x 1 --center_y 2 --center_z 3 --size_x 20 --size_y 20 --size_z 22 --exhaustiveness 8 --num_modes 9 --energy_range 3 --seed 42 --cpu 2 --out out.pdbqt',
    );
  });
});

describe('longestFirst', () => {
  it('orders by measured time, unknown last', () => {
    const times = new Map([
      ['a', 1],
      ['b', 9],
      ['c', 4],
    ]);
    expect(
      longestFirst([{ name: 'a' }, { name: 'b' }, { name: 'd' }, { name: 'c' }], times).map((j) => j.name),
    ).toEqual(['b', 'c', 'a', 'd']);
  });
});
