import { describe, expect, it } from 'vitest';
import { COST_MODEL, expectedCost, graphFeatures, ligandFeatures, molfileGraph, smilesGraph } from './ligand-cost.js';

// RDKit 2023 (GetNumHeavyAtoms, CalcNumRotatableBonds) on the engine benchmark's ligands.
const RDKIT: [string, string, number, number][] = [
  ['ethanol', 'CCO', 3, 0],
  ['abl1-test', 'S(=O)(=O)(N(CC)CC)C1=C(SC)C=CC(=C1)C', 17, 5],
  ['lysine', 'C(CCN)C[C@@H](C(=O)O)N', 10, 5],
  ['pyridine', 'N1=CC=CC=C1', 6, 0],
  ['z-2-butene', 'C/C=C\\C', 4, 0],
  ['pteridinone', 'O=C1N(C=2N=C(OC)N=CC2N=C1C=3C=CC=CC3)C4CC4', 22, 3],
  ['esr1-ligand', 'O=C1C(NC2=CC=C(N)C=C2)=C(NC(=O)CC)C(=O)C3=C1C=CC=C3', 25, 4],
  ['estradiol', 'C[C@]12CC[C@H]3[C@@H](CCc4cc(O)ccc43)[C@@H]1CC[C@@H]2O', 20, 0],
  ['progesterone', 'CC(=O)[C@H]1CC[C@H]2[C@@H]3CCC4=CC(=O)CC[C@]4(C)[C@H]3CC[C@]12C', 23, 1],
  ['haloperidol', 'O=C(CCCN1CCC(O)(c2ccc(Cl)cc2)CC1)c1ccc(F)cc1', 26, 6],
  ['imatinib', 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1', 37, 7],
  ['benzamide', 'NC(=O)c1ccccc1', 9, 1],
];

describe('ligand features from SMILES', () => {
  it.each(RDKIT)('%s: heavy atoms and rotatable bonds as RDKit counts them', (_name, smiles, heavy, rotatable) => {
    expect(graphFeatures(smilesGraph(smiles))).toMatchObject({ heavyAtoms: heavy, rotatableBonds: rotatable });
  });

  it('counts bracket hydrogens as no heavy atoms and keeps two-digit ring closures', () => {
    expect(ligandFeatures({ kind: 'smiles', smiles: '[H]OC([H])([H])[H]' })).toMatchObject({
      heavyAtoms: 2,
      rotatableBonds: 0,
    });
    expect(graphFeatures(smilesGraph('C%10CCCCC%10CCC'))).toMatchObject({ heavyAtoms: 9, rotatableBonds: 2 });
  });

  it('counts the polar hydrogens Vina turns: OH, NH2 and NH3+ rotors, not an amide NH2 or an acid OH', () => {
    const polar = (smiles: string) => graphFeatures(smilesGraph(smiles)).polarRotors;
    expect(polar('CCO')).toBe(1);
    expect(polar('C(CCN)C[C@@H](C(=O)O)N')).toBe(2); // lysine: both amines (Vina: 7 torsions = 5 + 2)
    expect(polar('NC(=O)c1ccccc1')).toBe(0);
    expect(polar('CC(O)=O')).toBe(0);
  });
});

describe('ligand features from files', () => {
  it('reads an SD file graph and PDBQT TORSDOF', () => {
    const sdf = [
      'ethanol',
      '',
      '',
      '  3  2  0  0  0  0  0  0  0  0999 V2000',
      '    0.0000    0.0000    0.0000 C   0  0',
      '    1.5000    0.0000    0.0000 C   0  0',
      '    2.0000    1.2000    0.0000 O   0  0',
      '  1  2  1  0',
      '  2  3  1  0',
      'M  END',
    ].join('\n');
    expect(graphFeatures(molfileGraph(sdf)!)).toEqual({ heavyAtoms: 3, rotatableBonds: 0, polarRotors: 1 });
    const pdbqt = [
      'ROOT',
      'HETATM    1  C   UNL     1       0.000   0.000   0.000  0.00  0.00    +0.000 C ',
      'HETATM    2  O   UNL     1       1.400   0.000   0.000  0.00  0.00    -0.300 OA',
      'HETATM    3  H   UNL     1       1.800   0.900   0.000  0.00  0.00    +0.200 HD',
      'ENDROOT',
      'TORSDOF 1',
    ].join('\n');
    expect(ligandFeatures({ kind: 'file', path: 'x.pdbqt', format: 'pdbqt' }, pdbqt)).toEqual({
      heavyAtoms: 2,
      rotatableBonds: 1,
    });
  });
});

describe('expectedCost', () => {
  const box = { center: { x: 0, y: 0, z: 0 }, size: { x: 20, y: 20, z: 20 } };
  it('orders the engine benchmark ligands as their measured times do: the three longest first, the tiny ones last', () => {
    const cost = (smiles: string) => expectedCost(ligandFeatures({ kind: 'smiles', smiles })!, box, 8);
    const ordered = [...RDKIT].sort((a, b) => cost(b[1]) - cost(a[1])).map(([name]) => name);
    // Measured (PERFORMANCE.md "Scheduling: the cost model"): imatinib 72, haloperidol 33, esr1-ligand 23 CPU-s.
    expect(ordered.slice(0, 3)).toEqual(['imatinib', 'haloperidol', 'esr1-ligand']);
    expect(ordered.slice(-3).sort()).toEqual(['ethanol', 'pyridine', 'z-2-butene']);
  });

  it('grows with exhaustiveness, atoms and torsions (and box volume, with a box coefficient)', () => {
    const features = { heavyAtoms: 20, rotatableBonds: 4 };
    expect(expectedCost(features, box, 16)).toBeGreaterThan(expectedCost(features, box, 8));
    expect(expectedCost({ ...features, heavyAtoms: 30 }, box, 8)).toBeGreaterThan(expectedCost(features, box, 8));
    expect(expectedCost({ ...features, rotatableBonds: 6 }, box, 8)).toBeGreaterThan(expectedCost(features, box, 8));
    const big = { ...box, size: { x: 30, y: 30, z: 30 } };
    const withBox = { ...COST_MODEL, perKiloCubicAngstrom: 0.01 };
    expect(expectedCost(features, big, 8, withBox)).toBeGreaterThan(expectedCost(features, box, 8, withBox));
  });
});
