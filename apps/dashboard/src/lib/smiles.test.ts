import { describe, expect, it } from 'vitest';
import { heavyAtomsFromSmiles } from './smiles.js';

describe('heavyAtomsFromSmiles', () => {
  it('counts organic-subset atoms, two-letter halogens and bracket atoms, not hydrogens', () => {
    expect(heavyAtomsFromSmiles('CCO')).toBe(3);
    expect(heavyAtomsFromSmiles('c1ccccc1Cl')).toBe(7);
    expect(heavyAtomsFromSmiles('C[NH+](C)C')).toBe(4);
    expect(heavyAtomsFromSmiles('[H]C([H])([H])Br')).toBe(2);
    expect(heavyAtomsFromSmiles('[Fe+2]')).toBe(1);
    expect(heavyAtomsFromSmiles('[2H]C')).toBe(1);
  });

  it('gives imatinib its 37 heavy atoms', () => {
    expect(heavyAtomsFromSmiles('Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1')).toBe(37);
  });
});
