import { describe, expect, it } from 'vitest';
import { engineSectionName, pickLigands } from './engine.js';
import { BENCH_LIGANDS } from './ligands.js';

describe('pickLigands', () => {
  it('16: the benchmark set; fewer: the smallest first', () => {
    expect(pickLigands(16)).toEqual([...BENCH_LIGANDS]);
    expect(pickLigands(2).map((l) => l.name)).toEqual(['ethane', 'ethanol']);
    expect(engineSectionName(16)).toBe('engine overhead');
  });

  it('64: the 16 on their own targets, then on the next three targets in turn, every name distinct', () => {
    const set = pickLigands(64);
    expect(set).toHaveLength(64);
    expect(new Set(set.map((l) => l.name)).size).toBe(64);
    expect(set.slice(0, 16)).toEqual([...BENCH_LIGANDS]);
    expect(set.find((l) => l.name === 'imatinib-on-ABL1')).toMatchObject({
      target: 'ABL1',
      smiles: BENCH_LIGANDS[14]!.smiles,
    });
    for (const ligand of set.slice(16)) expect(ligand.name.endsWith(`-on-${ligand.target}`)).toBe(true);
    expect(engineSectionName(64)).toBe('engine overhead, 64 ligands');
  });
});
