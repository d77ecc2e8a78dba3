import { describe, expect, it } from 'vitest';
import { analyseLigandRecord, canonicalSmilesOf } from './ligand.js';

describe('canonicalSmilesOf', () => {
  it('gives one SMILES for the ways of writing one molecule, stereo kept, and null for what RDKit cannot read', async () => {
    const [ethanol, reordered, withH, kekule, aromatic, r, s, broken] = await canonicalSmilesOf([
      'CCO',
      'OCC',
      '[H]OCC',
      'C1=CC=CC=C1',
      'c1ccccc1',
      'F[C@H](Cl)Br',
      'F[C@@H](Cl)Br',
      'C1CC',
    ]);
    expect(reordered).toBe(ethanol);
    expect(withH).toBe(ethanol);
    expect(kekule).toBe(aromatic);
    expect(r).not.toBe(s);
    expect(r).toContain('@');
    expect(broken).toBeNull();
  });

  it('is the canonical SMILES a molecule upload stores', async () => {
    const smiles = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
    const upload = await analyseLigandRecord({ record: 1, line: 1, format: 'smiles', text: smiles, name: 'imatinib' });
    expect(upload.ok && upload.facts.canonicalSmiles).toBe((await canonicalSmilesOf([smiles]))[0]);
  });
});
