// Substructure search in the chemistry worker (isolated.ts → substructure.ts, real RDKit WASM): SMILES first, then
// SMARTS, neither answered as such; pyridine in imatinib but not in a pyrimidine or benzene.
import { describe, expect, it } from 'vitest';
import { substructureMatches } from './isolated.js';

const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
const library = [
  { id: 'imatinib', smiles: IMATINIB },
  { id: 'nicotine', smiles: 'CN1CCC[C@H]1c1cccnc1' },
  { id: '4-aminopyridine', smiles: 'Nc1ccncc1' },
  { id: 'pyrimidine', smiles: 'c1cncnc1' },
  { id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' },
  { id: 'broken', smiles: 'C1CC(' },
];

describe('substructureMatches', () => {
  it('reads the query as SMILES first (aromatic or Kekulé), then as SMARTS, and finds only what contains it', async () => {
    expect(await substructureMatches('c1ccncc1', library)).toEqual({
      queryAs: 'smiles',
      matches: ['imatinib', 'nicotine', '4-aminopyridine'],
      unreadable: 1,
    });
    expect((await substructureMatches('C1=CC=NC=C1', library)).matches).toEqual([
      'imatinib',
      'nicotine',
      '4-aminopyridine',
    ]);
    // Not SMILES (an aromatic atom outside a ring, SMARTS primitives): read as SMARTS.
    expect(await substructureMatches('c[NH2]', library)).toMatchObject({
      queryAs: 'smarts',
      matches: ['4-aminopyridine'],
    });
    expect(await substructureMatches('[NX3;H2]c', library)).toMatchObject({
      queryAs: 'smarts',
      matches: ['4-aminopyridine'],
    });
    expect((await substructureMatches('[#7;R]', library)).matches).toEqual([
      'imatinib',
      'nicotine',
      '4-aminopyridine',
      'pyrimidine',
    ]);
  }, 60_000);

  it('answers queryAs null for a query that is neither SMILES nor SMARTS, and for an empty or too long one', async () => {
    for (const query of ['[Xx', 'c1cc(', '', '   ', 'C C', 'C'.repeat(1001)])
      expect(await substructureMatches(query, library), query.slice(0, 10)).toEqual({
        queryAs: null,
        matches: [],
        unreadable: 0,
      });
    expect(await substructureMatches('c1ccncc1', [])).toEqual({ queryAs: 'smiles', matches: [], unreadable: 0 });
  }, 60_000);
});
