// The engine-overhead ligand set: small molecules from dockstring's own tests and drug-like ligands, on the five
// dockstring targets and 1iep (ABL1 with imatinib), each with its receptor PDBQT and box.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
// Boxes are the platform's one BindingBox (@mad/chem/box, through the wire contract).
import type { BindingBox } from '@mad/protocol';

export interface DockingTarget {
  name: string;
  receptorPdbqt: string;
  boxFile: string;
}

export interface BenchLigand {
  name: string;
  target: string;
  smiles: string;
  kind: 'small' | 'drug-like';
}

/** Parses a Vina config holding the box (center_x = …, size_x = …); other keys are ignored. */
export function parseBoxConfig(text: string): BindingBox {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^\s*(center_[xyz]|size_[xyz])\s*=\s*(-?[\d.]+)\s*$/.exec(line);
    if (match) values.set(match[1] as string, Number(match[2]));
  }
  const get = (key: string) => {
    const value = values.get(key);
    if (value === undefined || Number.isNaN(value)) throw new Error(`box config has no ${key}`);
    return value;
  };
  return {
    center: { x: get('center_x'), y: get('center_y'), z: get('center_z') },
    size: { x: get('size_x'), y: get('size_y'), z: get('size_z') },
  };
}

export function dockingTargets(sharedDataDir: string): DockingTarget[] {
  const dockstring = (name: string): DockingTarget => ({
    name,
    receptorPdbqt: join(sharedDataDir, 'dockstring/targets', `${name}_target.pdbqt`),
    boxFile: join(sharedDataDir, 'dockstring/targets', `${name}_conf.txt`),
  });
  return [
    ...['ABL1', 'CYP3A4', 'ESR1', 'PGR', 'DRD2'].map(dockstring),
    {
      name: '1IEP',
      receptorPdbqt: join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'),
      boxFile: join(sharedDataDir, 'vina-1iep/1iep_receptor.box.txt'),
    },
  ];
}

export async function readBox(target: DockingTarget): Promise<BindingBox> {
  return parseBoxConfig(await readFile(target.boxFile, 'utf8'));
}

/** 16 ligands: 8 small ones (dockstring's test cases, seconds each) and 8 drug-like ones (up to a minute each). */
export const BENCH_LIGANDS: readonly BenchLigand[] = [
  { name: 'ethanol', target: 'ABL1', smiles: 'CCO', kind: 'small' },
  { name: 'ethane', target: 'ABL1', smiles: 'CC', kind: 'small' },
  { name: 'abl1-test', target: 'ABL1', smiles: 'S(=O)(=O)(N(CC)CC)C1=C(SC)C=CC(=C1)C', kind: 'drug-like' },
  { name: 'lysine', target: 'CYP3A4', smiles: 'C(CCN)C[C@@H](C(=O)O)N', kind: 'small' },
  { name: 'pyridine', target: 'CYP3A4', smiles: 'N1=CC=CC=C1', kind: 'small' },
  { name: 'acetic-acid', target: 'CYP3A4', smiles: 'CC(O)=O', kind: 'small' },
  { name: 'chlorofluoroethane', target: 'CYP3A4', smiles: 'C[C@H](F)Cl', kind: 'small' },
  { name: 'e-2-butene', target: 'CYP3A4', smiles: 'C/C=C/C', kind: 'small' },
  { name: 'z-2-butene', target: 'CYP3A4', smiles: 'C/C=C\\C', kind: 'small' },
  { name: 'pteridinone', target: 'CYP3A4', smiles: 'O=C1N(C=2N=C(OC)N=CC2N=C1C=3C=CC=CC3)C4CC4', kind: 'drug-like' },
  {
    name: 'esr1-ligand',
    target: 'ESR1',
    smiles: 'O=C1C(NC2=CC=C(N)C=C2)=C(NC(=O)CC)C(=O)C3=C1C=CC=C3',
    kind: 'drug-like',
  },
  {
    name: 'estradiol',
    target: 'ESR1',
    smiles: 'C[C@]12CC[C@H]3[C@@H](CCc4cc(O)ccc43)[C@@H]1CC[C@@H]2O',
    kind: 'drug-like',
  },
  {
    name: 'progesterone',
    target: 'PGR',
    smiles: 'CC(=O)[C@H]1CC[C@H]2[C@@H]3CCC4=CC(=O)CC[C@]4(C)[C@H]3CC[C@]12C',
    kind: 'drug-like',
  },
  { name: 'haloperidol', target: 'DRD2', smiles: 'O=C(CCCN1CCC(O)(c2ccc(Cl)cc2)CC1)c1ccc(F)cc1', kind: 'drug-like' },
  {
    name: 'imatinib',
    target: '1IEP',
    smiles: 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1',
    kind: 'drug-like',
  },
  { name: 'benzamide', target: '1IEP', smiles: 'NC(=O)c1ccccc1', kind: 'drug-like' },
];
