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

/** The receptor formats read atom by atom (PDB and PDBQT columns, the mmCIF _atom_site table). */
export type ReceptorFormat = 'pdb' | 'pdbqt' | 'mmcif';

/** Atoms of the first model of a receptor file in any of its formats. */
export function parseReceptorAtoms(text: string, format: ReceptorFormat): PdbParse {
  return format === 'mmcif' ? parseMmcifAtoms(text) : parsePdbAtoms(text, format === 'pdbqt');
}

interface CifToken {
  value: string;
  /** 1-based line of the token's first character. */
  line: number;
  /** Quoted or a text field: never a keyword or a tag, even when it looks like one. */
  quoted: boolean;
}

/**
 * The tokens of a CIF 1.1 / STAR file (what PDBx/mmCIF is written in): whitespace-separated words, 'single' or "double"
 * quoted strings (a quote closes only before whitespace), ;text fields; (a line starting with ";" up to the next such
 * line) and # comments. A problem (unterminated text field or quote) is reported with its line.
 */
export function cifTokens(text: string): { tokens: CifToken[]; problem: { line: number; reason: string } | null } {
  const tokens: CifToken[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.startsWith(';')) {
      const start = i;
      const body = [line.slice(1)];
      i += 1;
      while (i < lines.length && !lines[i]!.startsWith(';')) {
        body.push(lines[i]!.replace(/\r$/, ''));
        i += 1;
      }
      if (i >= lines.length)
        return {
          tokens,
          problem: { line: start + 1, reason: 'mmCIF text field (a line starting with ";") never closed' },
        };
      // The closing ";" line may carry more tokens after the semicolon; CIF files do not use that, so it is refused.
      if (lines[i]!.slice(1).trim() !== '')
        return { tokens, problem: { line: i + 1, reason: 'text after the ";" that closes a mmCIF text field' } };
      tokens.push({ value: body.join('\n').trim(), line: start + 1, quoted: true });
      continue;
    }
    let j = 0;
    while (j < line.length) {
      const c = line[j]!;
      if (c === ' ' || c === '\t') {
        j += 1;
        continue;
      }
      if (c === '#') break;
      if (c === "'" || c === '"') {
        let end = j + 1;
        while (end < line.length && !(line[end] === c && (end + 1 === line.length || /\s/.test(line[end + 1]!))))
          end += 1;
        if (end >= line.length)
          return {
            tokens,
            problem: {
              line: i + 1,
              reason: `mmCIF quoted value never closed (column ${j + 1}: ${line.slice(j, j + 20)})`,
            },
          };
        tokens.push({ value: line.slice(j + 1, end), line: i + 1, quoted: true });
        j = end + 1;
        continue;
      }
      let end = j;
      while (end < line.length && line[end] !== ' ' && line[end] !== '\t') end += 1;
      tokens.push({ value: line.slice(j, end), line: i + 1, quoted: false });
      j = end;
    }
  }
  return { tokens, problem: null };
}

const isCifTag = (t: CifToken) => !t.quoted && t.value.startsWith('_');
const isCifKeyword = (t: CifToken) => !t.quoted && /^(loop_|data_|save_|global_|stop_)/i.test(t.value);
/** CIF's "." (inapplicable) and "?" (unknown) as unquoted values. */
const cifNull = (t: CifToken | undefined) => !t || (!t.quoted && (t.value === '.' || t.value === '?'));

/** The _atom_site columns read, in the order looked for (author fields first: they are the PDB file's names). */
const ATOM_SITE = {
  group: ['group_pdb'],
  serial: ['id'],
  element: ['type_symbol'],
  name: ['auth_atom_id', 'label_atom_id'],
  altLoc: ['label_alt_id'],
  resName: ['auth_comp_id', 'label_comp_id'],
  chain: ['auth_asym_id', 'label_asym_id'],
  resSeq: ['auth_seq_id', 'label_seq_id'],
  iCode: ['pdbx_pdb_ins_code'],
  x: ['cartn_x'],
  y: ['cartn_y'],
  z: ['cartn_z'],
  model: ['pdbx_pdb_model_num'],
} as const;

/** One data block's _atom_site table: column names (lower case, without "_atom_site.") and rows of tokens. */
interface AtomSiteTable {
  columns: string[];
  rows: CifToken[][];
  line: number;
  blocks: number;
}

function atomSiteTable(tokens: CifToken[]): {
  table: AtomSiteTable | null;
  problem: { line: number; reason: string } | null;
} {
  let blocks = 0;
  let table: AtomSiteTable | null = null;
  const single: { columns: string[]; values: CifToken[]; line: number } = { columns: [], values: [], line: 0 };
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i]!;
    if (!token.quoted && /^data_/i.test(token.value)) {
      if (table || single.columns.length) break; // the first block with atoms is the structure
      blocks += 1;
      i += 1;
      continue;
    }
    if (!token.quoted && token.value.toLowerCase() === 'loop_') {
      const tags: CifToken[] = [];
      i += 1;
      while (i < tokens.length && isCifTag(tokens[i]!)) tags.push(tokens[i++]!);
      const values: CifToken[] = [];
      while (i < tokens.length && !isCifTag(tokens[i]!) && !isCifKeyword(tokens[i]!)) values.push(tokens[i++]!);
      if (!tags.some((t) => t.value.toLowerCase().startsWith('_atom_site.'))) continue;
      if (table)
        return {
          table: null,
          problem: { line: token.line, reason: 'a second _atom_site loop in the same data block' },
        };
      if (tags.length === 0 || values.length % tags.length !== 0)
        return {
          table: null,
          problem: {
            line: token.line,
            reason: `the _atom_site loop has ${values.length} values, not a multiple of its ${tags.length} columns (a value with spaces must be quoted)`,
          },
        };
      const rows: CifToken[][] = [];
      for (let r = 0; r < values.length; r += tags.length) rows.push(values.slice(r, r + tags.length));
      table = {
        columns: tags.map((t) => t.value.slice('_atom_site.'.length).toLowerCase()),
        rows,
        line: token.line,
        blocks,
      };
      continue;
    }
    if (isCifTag(token)) {
      const value = tokens[i + 1];
      if (!value || isCifTag(value) || isCifKeyword(value))
        return { table: null, problem: { line: token.line, reason: `mmCIF item ${token.value} has no value` } };
      if (token.value.toLowerCase().startsWith('_atom_site.')) {
        single.columns.push(token.value.slice('_atom_site.'.length).toLowerCase());
        single.values.push(value);
        single.line ||= token.line;
      }
      i += 2;
      continue;
    }
    return {
      table: null,
      problem: {
        line: token.line,
        reason: `unexpected mmCIF value "${token.value.slice(0, 40)}" outside a loop or item`,
      },
    };
  }
  if (!table && single.columns.length)
    table = { columns: single.columns, rows: [single.values], line: single.line, blocks };
  return { table, problem: null };
}

/**
 * Atoms of a PDBx/mmCIF file's first model: the _atom_site table of its first data block that has one, with the
 * author names and numbers (auth_atom_id, auth_comp_id, auth_asym_id, auth_seq_id: what the PDB format of the same
 * entry shows; label_* when absent), label_alt_id as the alternate location and pdbx_PDB_ins_code as the insertion
 * code. Problems name the line and the column (_atom_site.Cartn_x ...).
 */
export function parseMmcifAtoms(text: string): PdbParse {
  const { tokens, problem: tokenProblem } = cifTokens(text);
  if (tokenProblem) return { atoms: [], problems: [tokenProblem], models: 1 };
  const { table, problem } = atomSiteTable(tokens);
  if (problem) return { atoms: [], problems: [problem], models: 1 };
  if (!table) return { atoms: [], problems: [], models: 1 };
  const column = (names: readonly string[]) => {
    for (const name of names) {
      const index = table.columns.indexOf(name);
      if (index >= 0) return index;
    }
    return -1;
  };
  const index = Object.fromEntries(Object.entries(ATOM_SITE).map(([key, names]) => [key, column(names)])) as Record<
    keyof typeof ATOM_SITE,
    number
  >;
  const required: (keyof typeof ATOM_SITE)[] = ['x', 'y', 'z', 'name', 'resName', 'chain', 'resSeq'];
  const missing = required.filter((key) => index[key] < 0).map((key) => `_atom_site.${ATOM_SITE[key].at(-1)}`);
  if (missing.length)
    return {
      atoms: [],
      problems: [{ line: table.line, reason: `the _atom_site table has no ${missing.join(', ')} column` }],
      models: 1,
    };
  const atoms: PdbAtom[] = [];
  const problems: PdbParse['problems'] = [];
  const models = new Set<string>();
  let firstModel: string | null = null;
  const get = (row: CifToken[], key: keyof typeof ATOM_SITE) => (index[key] >= 0 ? row[index[key]] : undefined);
  const field = (row: CifToken[], key: keyof typeof ATOM_SITE) => {
    const token = get(row, key);
    return cifNull(token) ? '' : token!.value;
  };
  for (const row of table.rows) {
    const line = row[0]!.line;
    const model = field(row, 'model') || '1';
    models.add(model);
    firstModel ??= model;
    if (model !== firstModel) continue;
    const coordinate = (key: 'x' | 'y' | 'z') => {
      const token = get(row, key)!;
      const value = Number(token.value);
      return cifNull(token) || token.value.trim() === '' || !Number.isFinite(value) ? null : value;
    };
    const [x, y, z] = [coordinate('x'), coordinate('y'), coordinate('z')];
    if (x === null || y === null || z === null) {
      const bad = (['x', 'y', 'z'] as const).find((key) => coordinate(key) === null)!;
      problems.push({
        line,
        reason: `unreadable coordinate _atom_site.Cartn_${bad} "${get(row, bad)!.value}"`,
      });
      continue;
    }
    const seq = get(row, 'resSeq');
    const labelSeq =
      table.columns.indexOf('label_seq_id') >= 0 ? row[table.columns.indexOf('label_seq_id')] : undefined;
    const seqToken = cifNull(seq) && !cifNull(labelSeq) ? labelSeq! : seq!;
    const resSeq = /^-?\d+$/.test(seqToken.value) ? Number(seqToken.value) : Number.NaN;
    if (!Number.isFinite(resSeq)) {
      problems.push({ line, reason: `unreadable residue number _atom_site.auth_seq_id "${seqToken.value}"` });
      continue;
    }
    const name = field(row, 'name');
    const group = field(row, 'group').toUpperCase();
    const element = field(row, 'element');
    atoms.push({
      record: group === 'HETATM' ? 'HETATM' : 'ATOM',
      serial: Number.parseInt(field(row, 'serial'), 10) || atoms.length + 1,
      name,
      altLoc: field(row, 'altLoc'),
      resName: field(row, 'resName'),
      chain: field(row, 'chain'),
      resSeq,
      iCode: field(row, 'iCode'),
      x,
      y,
      z,
      element: element
        ? element.charAt(0).toUpperCase() + element.slice(1).toLowerCase()
        : name
            .replace(/[^A-Za-z]/g, '')
            .charAt(0)
            .toUpperCase(),
      line,
    });
  }
  return { atoms, problems, models: Math.max(models.size, 1) };
}

/** Whether a text is PDBx/mmCIF: a data block and the _atom_site table (loop or items). */
export function looksLikeMmcif(text: string): boolean {
  return /^data_\S*/m.test(text) && /^\s*_atom_site\.[A-Za-z_]+/m.test(text);
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
