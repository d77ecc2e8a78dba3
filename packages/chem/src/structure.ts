// Reading atoms out of structure files: PDB/PDBQT atom records (fixed columns, wwPDB v3.3 §ATOM; AutoDock types in
// PDBQT), MDL molfiles (V2000/V3000) and SD files with their tags, Tripos MOL2. The server (validation, boxes) and the
// browser (viewer, boxes, contacts) read files with the same code. Browser-safe (no imports): the dashboard imports
// this file alone as `@mad/chem/structure`.

export interface PdbAtom {
  record: 'ATOM' | 'HETATM';
  serial: number;
  name: string;
  altLoc: string;
  resName: string;
  chain: string;
  resSeq: number;
  iCode: string;
  x: number;
  y: number;
  z: number;
  element: string;
  /** 1-based line in the file. */
  line: number;
}

export interface PdbParse {
  atoms: PdbAtom[];
  /** Atom lines that could not be read, with the reason. */
  problems: { line: number; reason: string }[];
  models: number;
}

function elementOf(line: string, name: string, pdbqt: boolean): string {
  if (pdbqt) {
    const adType = line.slice(77, 79).trim();
    const mapped: Record<string, string> = {
      A: 'C',
      OA: 'O',
      NA: 'N',
      SA: 'S',
      HD: 'H',
      HS: 'H',
      NS: 'N',
      OS: 'O',
      G0: 'C',
      G1: 'C',
      CG0: 'C',
      CG1: 'C',
    };
    if (adType) return mapped[adType] ?? adType.charAt(0).toUpperCase() + adType.slice(1).toLowerCase();
  }
  const column = line.slice(76, 78).trim();
  if (column && /^[A-Za-z]{1,2}$/.test(column)) return column.charAt(0).toUpperCase() + column.slice(1).toLowerCase();
  // Old files: the element is the name's first letter(s), right-justified in columns 13-14.
  const fromName = name.replace(/[^A-Za-z]/g, '');
  return fromName.charAt(0).toUpperCase();
}

/** Reads ATOM/HETATM lines of the first model; PDBQT columns beyond 66 are understood when pdbqt is true. */
export function parsePdbAtoms(text: string, pdbqt = false): PdbParse {
  const atoms: PdbAtom[] = [];
  const problems: PdbParse['problems'] = [];
  let models = 0;
  let inFirstModel = true;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line.startsWith('MODEL')) {
      models += 1;
      inFirstModel = models === 1;
      continue;
    }
    if (!inFirstModel || !(line.startsWith('ATOM  ') || line.startsWith('HETATM'))) continue;
    const lineNo = i + 1;
    if (line.length < 54) {
      problems.push({
        line: lineNo,
        reason: `atom line too short (${line.length} characters; coordinates need columns 31-54)`,
      });
      continue;
    }
    const x = Number(line.slice(30, 38));
    const y = Number(line.slice(38, 46));
    const z = Number(line.slice(46, 54));
    const resSeq = Number.parseInt(line.slice(22, 26), 10);
    if (![x, y, z].every((v) => Number.isFinite(v)) || line.slice(30, 54).trim().split(/\s+/).length !== 3) {
      problems.push({ line: lineNo, reason: `unreadable coordinates "${line.slice(30, 54).trim()}" (columns 31-54)` });
      continue;
    }
    if (!Number.isFinite(resSeq)) {
      problems.push({
        line: lineNo,
        reason: `unreadable residue number "${line.slice(22, 26).trim()}" (columns 23-26)`,
      });
      continue;
    }
    const name = line.slice(12, 16).trim();
    atoms.push({
      record: line.startsWith('ATOM') ? 'ATOM' : 'HETATM',
      serial: Number.parseInt(line.slice(6, 11), 10) || atoms.length + 1,
      name,
      altLoc: line.charAt(16).trim(),
      resName: line.slice(17, 20).trim(),
      chain: line.charAt(21).trim(),
      resSeq,
      iCode: line.charAt(26).trim(),
      x,
      y,
      z,
      element: elementOf(line, name, pdbqt),
      line: lineNo,
    });
  }
  return { atoms, problems, models: Math.max(models, 1) };
}

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

export interface SdfRecord {
  title: string;
  atoms: LigandAtom[];
  /** The data items (`> <name>` lines and the value lines under them). */
  tags: Record<string, string>;
  /** The record's own text (without the $$$$ line), to hand to a viewer or a download. */
  text: string;
}

/** Every record of an SD file: title, atoms, tags and text. */
export function readSdf(text: string): SdfRecord[] {
  const records: SdfRecord[] = [];
  for (const block of text.split(/^\$\$\$\$\s*$/m)) {
    const body = block.replace(/^\r?\n/, '');
    const lines = body.split(/\r?\n/);
    if (lines.length < 4 || !lines[3]) continue;
    const tags: Record<string, string> = {};
    for (let i = 0; i < lines.length; i++) {
      const tag = /^>\s*.*<([^>]+)>/.exec(lines[i]!);
      if (!tag) continue;
      const values: string[] = [];
      for (let j = i + 1; j < lines.length && lines[j]!.trim() !== ''; j++) values.push(lines[j]!);
      tags[tag[1]!] = values.join('\n');
    }
    records.push({ title: lines[0]?.trim() ?? '', atoms: sdfAtoms(body), tags, text: `${body.replace(/\s+$/, '')}\n` });
  }
  return records;
}

export function heavyAtomCount(atoms: readonly { element: string }[]): number {
  return atoms.filter((atom) => atom.element.toUpperCase() !== 'H').length;
}
