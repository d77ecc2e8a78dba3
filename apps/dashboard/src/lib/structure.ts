// The structure files the dashboard shows, read with @mad/chem's browser-safe reader (the server reads them with the
// same code): SD records with their tags, and PDB/PDBQT/mmCIF atoms with the residue fields the viewer and contacts use.
import { parseReceptorAtoms, readSdf, type LigandAtom, type ReceptorFormat } from '@mad/chem/structure';

export { heavyAtomCount, type SdfRecord } from '@mad/chem/structure';

export type Atom = LigandAtom;

export interface ResidueAtom extends Atom {
  hetatm: boolean;
  atomName: string;
  residueName: string;
  chain: string;
  residueNumber: number;
}

/** The atoms of the first model of a PDB, PDBQT (AutoDock types read as elements) or PDBx/mmCIF file. */
export function parsePdbAtoms(text: string, format: ReceptorFormat = 'pdb'): ResidueAtom[] {
  return parseReceptorAtoms(text, format).atoms.map((atom) => ({
    x: atom.x,
    y: atom.y,
    z: atom.z,
    element: atom.element,
    hetatm: atom.record === 'HETATM',
    atomName: atom.name,
    residueName: atom.resName,
    chain: atom.chain,
    residueNumber: atom.resSeq,
  }));
}

export const parseSdf = readSdf;

/** A receptor's stored format as its atoms are read (PDB unless it is PDBQT or PDBx/mmCIF). */
export const receptorFormatOf = (format: string | undefined): ReceptorFormat =>
  format === 'pdbqt' || format === 'mmcif' ? format : 'pdb';
