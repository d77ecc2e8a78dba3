// The structure files the dashboard shows, read with @mad/chem's browser-safe reader (the server reads them with the
// same code): SD records with their tags, and PDB/PDBQT atoms with the residue fields the viewer and contacts use.
import { parsePdbAtoms as readPdbAtoms, readSdf, type LigandAtom } from '@mad/chem/structure';

export { heavyAtomCount, type SdfRecord } from '@mad/chem/structure';

export type Atom = LigandAtom;

export interface ResidueAtom extends Atom {
  hetatm: boolean;
  atomName: string;
  residueName: string;
  chain: string;
  residueNumber: number;
}

/** The atoms of the first model of a PDB or PDBQT file (AutoDock types read as elements). */
export function parsePdbAtoms(text: string, format: 'pdb' | 'pdbqt' = 'pdb'): ResidueAtom[] {
  return readPdbAtoms(text, format === 'pdbqt').atoms.map((atom) => ({
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
