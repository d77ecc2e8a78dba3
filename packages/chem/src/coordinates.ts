// Atom coordinates of the first molecule in a ligand file (for binding boxes around a reference ligand).
import { mol2Atoms, parsePdbAtoms, sdfAtoms, type LigandAtom } from './structure.js';

export { mol2Atoms, sdfAtoms, type LigandAtom };
import type { LigandFileFormat } from './formats.js';

export function pdbLigandAtoms(text: string, pdbqt: boolean): LigandAtom[] {
  return parsePdbAtoms(text, pdbqt).atoms.map((a) => ({ element: a.element, x: a.x, y: a.y, z: a.z }));
}

/** Coordinates of a ligand file's first molecule; SMILES has none. */
export function ligandAtoms(text: string, format: LigandFileFormat): LigandAtom[] {
  switch (format) {
    case 'sdf':
      return sdfAtoms(text);
    case 'mol2':
      return mol2Atoms(text);
    case 'pdb':
      return pdbLigandAtoms(text, false);
    case 'pdbqt':
      return pdbLigandAtoms(text, true);
    case 'smiles':
      return [];
  }
}
