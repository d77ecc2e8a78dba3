// Just enough parsing of PDB/PDBQT and SDF text for the browser: atom coordinates for boxes and contacts, and the
// SD tags of each record. The server's @mad/chem is the authority on formats; this only reads what it served.

export interface Atom {
  x: number;
  y: number;
  z: number;
  element: string;
}

export interface ResidueAtom extends Atom {
  hetatm: boolean;
  atomName: string;
  residueName: string;
  chain: string;
  residueNumber: number;
}

/** AutoDock atom types (PDBQT's last column) to elements: A is aromatic carbon, OA/NA/SA acceptors, HD polar H. */
const AUTODOCK_TYPES: Record<string, string> = {
  A: 'C',
  C: 'C',
  OA: 'O',
  OS: 'O',
  NA: 'N',
  NS: 'N',
  N: 'N',
  O: 'O',
  SA: 'S',
  S: 'S',
  HD: 'H',
  HS: 'H',
  H: 'H',
};

function normaliseElement(symbol: string): string {
  return symbol.length > 0 ? symbol[0]!.toUpperCase() + symbol.slice(1).toLowerCase() : 'C';
}

export function parsePdbAtoms(text: string, format: 'pdb' | 'pdbqt' = 'pdb'): ResidueAtom[] {
  const atoms: ResidueAtom[] = [];
  for (const line of text.split(/\r?\n/)) {
    const record = line.slice(0, 6);
    if (record !== 'ATOM  ' && record !== 'HETATM') continue;
    const x = Number(line.slice(30, 38));
    const y = Number(line.slice(38, 46));
    const z = Number(line.slice(46, 54));
    if (![x, y, z].every(Number.isFinite)) continue;
    const atomName = line.slice(12, 16).trim();
    const fromName = atomName.replace(/[^A-Za-z]/g, '').slice(0, 1);
    const element =
      format === 'pdbqt'
        ? (AUTODOCK_TYPES[line.slice(77, 79).trim()] ?? normaliseElement(line.slice(77, 79).trim() || fromName))
        : normaliseElement(line.slice(76, 78).trim() || fromName);
    atoms.push({
      x,
      y,
      z,
      element,
      hetatm: record === 'HETATM',
      atomName,
      residueName: line.slice(17, 20).trim(),
      chain: line.slice(21, 22).trim(),
      residueNumber: Number(line.slice(22, 26)),
    });
  }
  return atoms;
}

export interface SdfRecord {
  title: string;
  atoms: Atom[];
  tags: Record<string, string>;
  /** The record's own text (without the $$$$ line), to hand to a viewer or a download. */
  text: string;
}

export function parseSdf(text: string): SdfRecord[] {
  const records: SdfRecord[] = [];
  for (const block of text.split(/^\$\$\$\$\s*$/m)) {
    const lines = block.replace(/^\r?\n/, '').split(/\r?\n/);
    if (lines.length < 4 || !lines[3]) continue;
    const counts = lines[3];
    const v3000 = counts.includes('V3000');
    const atoms: Atom[] = [];
    if (!v3000) {
      const atomCount = Number(counts.slice(0, 3));
      for (let i = 0; i < atomCount; i++) {
        const line = lines[4 + i] ?? '';
        atoms.push({
          x: Number(line.slice(0, 10)),
          y: Number(line.slice(10, 20)),
          z: Number(line.slice(20, 30)),
          element: line.slice(31, 34).trim(),
        });
      }
    } else {
      let inAtoms = false;
      for (const line of lines) {
        if (/M {2}V30 BEGIN ATOM/.test(line)) inAtoms = true;
        else if (/M {2}V30 END ATOM/.test(line)) inAtoms = false;
        else if (inAtoms) {
          const fields = line.trim().split(/\s+/);
          atoms.push({ element: fields[3] ?? 'C', x: Number(fields[4]), y: Number(fields[5]), z: Number(fields[6]) });
        }
      }
    }
    const tags: Record<string, string> = {};
    for (let i = 0; i < lines.length; i++) {
      const tag = /^>\s*.*<([^>]+)>/.exec(lines[i]!);
      if (!tag) continue;
      const values: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j]!.trim() !== ''; j++) values.push(lines[j]!);
      tags[tag[1]!] = values.join('\n');
    }
    records.push({
      title: lines[0]?.trim() ?? '',
      atoms,
      tags,
      text: `${block.replace(/^\r?\n/, '').replace(/\s+$/, '')}\n`,
    });
  }
  return records;
}

export function heavyAtomCount(atoms: readonly Atom[]): number {
  return atoms.filter((atom) => atom.element.toUpperCase() !== 'H').length;
}
