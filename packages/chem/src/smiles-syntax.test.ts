import { describe, expect, it } from 'vitest';
import { smilesSyntaxProblem } from './smiles-syntax.js';

describe('smilesSyntaxProblem', () => {
  it('accepts organic-subset, aromatic, bracket, ring-closure and two-letter halogen SMILES', () => {
    for (const smiles of [
      'CCO',
      'c1ccccc1',
      'ClC(Br)F',
      'C[C@@H](N)C(=O)O',
      '[NH4+]',
      '[13CH3]C',
      'C%12CC%12',
      '[Se]1C=CC=C1',
      'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1',
    ]) {
      expect(smilesSyntaxProblem(smiles), smiles).toBeNull();
    }
  });

  it('names what is wrong and where', () => {
    expect(smilesSyntaxProblem('')).toBe('empty');
    expect(smilesSyntaxProblem('CC O')).toBe('a space at position 3 (one SMILES per ligand, no spaces)');
    expect(smilesSyntaxProblem('CCX')).toBe('"X" at position 3 is not an atom, bond, ring closure or branch');
    expect(smilesSyntaxProblem('C[Xx]')).toMatch(/^the bracket atom at position 2 /);
    expect(smilesSyntaxProblem('Cl')).toBeNull();
    expect(smilesSyntaxProblem('Cr')).toBe('"r" at position 2 is not an atom, bond, ring closure or branch');
  });
});
