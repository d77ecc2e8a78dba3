// Heavy atoms of the standard amino acids (PDB names, without OXT), to find incomplete side chains; protonation
// variants used by Amber/CHARMM-prepared files map to their parent residue.
const AMINO_ACID_HEAVY_ATOMS: Record<string, string[]> = {
  ALA: ['N', 'CA', 'C', 'O', 'CB'],
  ARG: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD', 'NE', 'CZ', 'NH1', 'NH2'],
  ASN: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'OD1', 'ND2'],
  ASP: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'OD1', 'OD2'],
  CYS: ['N', 'CA', 'C', 'O', 'CB', 'SG'],
  GLN: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD', 'OE1', 'NE2'],
  GLU: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD', 'OE1', 'OE2'],
  GLY: ['N', 'CA', 'C', 'O'],
  HIS: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'ND1', 'CD2', 'CE1', 'NE2'],
  ILE: ['N', 'CA', 'C', 'O', 'CB', 'CG1', 'CG2', 'CD1'],
  LEU: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD1', 'CD2'],
  LYS: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD', 'CE', 'NZ'],
  MET: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'SD', 'CE'],
  PHE: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD1', 'CD2', 'CE1', 'CE2', 'CZ'],
  PRO: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD'],
  SER: ['N', 'CA', 'C', 'O', 'CB', 'OG'],
  THR: ['N', 'CA', 'C', 'O', 'CB', 'OG1', 'CG2'],
  TRP: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD1', 'CD2', 'NE1', 'CE2', 'CE3', 'CZ2', 'CZ3', 'CH2'],
  TYR: ['N', 'CA', 'C', 'O', 'CB', 'CG', 'CD1', 'CD2', 'CE1', 'CE2', 'CZ', 'OH'],
  VAL: ['N', 'CA', 'C', 'O', 'CB', 'CG1', 'CG2'],
};

const VARIANTS: Record<string, string> = {
  HID: 'HIS',
  HIE: 'HIS',
  HIP: 'HIS',
  HSD: 'HIS',
  HSE: 'HIS',
  HSP: 'HIS',
  CYX: 'CYS',
  CYM: 'CYS',
  ASH: 'ASP',
  GLH: 'GLU',
  LYN: 'LYS',
};

const NUCLEOTIDES = ['A', 'C', 'G', 'U', 'I', 'DA', 'DC', 'DG', 'DT', 'DI'];

/** Residue names that belong to the polymer (protein or nucleic acid), as opposed to hetero groups and water. */
export const STANDARD_RESIDUES: ReadonlySet<string> = new Set([
  ...Object.keys(AMINO_ACID_HEAVY_ATOMS),
  ...Object.keys(VARIANTS),
  'MSE',
  'SEC',
  'PYL',
  ...NUCLEOTIDES,
]);

export function residueTemplate(resName: string): readonly string[] | undefined {
  return AMINO_ACID_HEAVY_ATOMS[VARIANTS[resName] ?? resName];
}
