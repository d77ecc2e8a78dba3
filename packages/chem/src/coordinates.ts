// Atom coordinates of the first molecule in a ligand file (for binding boxes around a reference ligand).
import { parsePdbAtoms } from './pdb.js';
import type { StructureFormat } from './formats.js';

export interface LigandAtom {
  element: string;
  x: number;
  y: number;
  z: number;
}

/** MDL molfile V2000 or V3000 atom block of the first record. */
export function sdfAtoms(text: string): LigandAtom[] {
  const lines = text.split(/\r?\n/);
  const counts = lines[3] ?? '';
  if (/V3000/.test(counts)) {
    const begin = lines.findIndex((l) => /^M {2}V30 BEGIN ATOM/.test(l));
    const atoms: LigandAtom[] = [];
    for (let i = begin + 1; begin >= 0 && i < lines.length && !/^M {2}V30 END ATOM/.test(lines[i] ?? ''); i += 1) {
      const fields = (lines[i] ?? '')
        .replace(/^M {2}V30\s+/, '')
        .trim()
        .split(/\s+/);
      atoms.push({ element: fields[1] ?? '', x: Number(fields[2]), y: Number(fields[3]), z: Number(fields[4]) });
    }
    return atoms;
  }
  const atomCount = Number.parseInt(counts.slice(0, 3), 10);
  if (!Number.isFinite(atomCount)) return [];
  return lines.slice(4, 4 + atomCount).map((line) => ({
    element: line.slice(31, 34).trim(),
    x: Number(line.slice(0, 10)),
    y: Number(line.slice(10, 20)),
    z: Number(line.slice(20, 30)),
  }));
}

/** Tripos MOL2 @<TRIPOS>ATOM section of the first molecule. */
export function mol2Atoms(text: string): LigandAtom[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('@<TRIPOS>ATOM'));
  const atoms: LigandAtom[] = [];
  for (let i = start + 1; start >= 0 && i < lines.length && !(lines[i] ?? '').startsWith('@<TRIPOS>'); i += 1) {
    const fields = (lines[i] ?? '').trim().split(/\s+/);
    if (fields.length < 6) continue;
    atoms.push({
      element: (fields[5] ?? '').split('.')[0] ?? '',
      x: Number(fields[2]),
      y: Number(fields[3]),
      z: Number(fields[4]),
    });
  }
  return atoms;
}

export function pdbLigandAtoms(text: string, pdbqt: boolean): LigandAtom[] {
  return parsePdbAtoms(text, pdbqt).atoms.map((a) => ({ element: a.element, x: a.x, y: a.y, z: a.z }));
}

/** Coordinates of a ligand file's first molecule; SMILES has none. */
export function ligandAtoms(text: string, format: StructureFormat): LigandAtom[] {
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
