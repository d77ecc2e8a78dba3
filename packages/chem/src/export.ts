// Files made for people to open in other programs: CSV of scores, SDF of poses. Everything a user named (ligand
// names, SMILES, error text) passes through one neutralising step here, wherever the file is written (the
// dashboard in the browser today, server-side exports later): spreadsheet formulas and forged SD records stay out.
// No Node APIs: the dashboard imports this as @mad/chem/export (and structure.ts, also import-free).
import { parseMmcifAtoms, type PdbAtom, type ReceptorFormat } from './structure.js';

export type CellValue = string | number | null | undefined;

/** A number as a spreadsheet reads it: "-12.5" is data, "-1+1" or "-cmd" is not. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Characters that make Excel, LibreOffice and Google Sheets read a cell as a formula (or a DDE command). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The text of one CSV cell, safe to open in a spreadsheet: a cell starting with = + - @, tab or CR gets a leading
 * apostrophe (OWASP "CSV injection"), unless it is a plain number; then quoted when it holds a comma, quote or
 * line break.
 */
export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CellValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * One line of an SD file (a title or a data value): line breaks become spaces, so a value can neither end its
 * data item early nor start a line of its own (`$$$$` ends a record, `> <tag>` starts an item, `M  END` a molblock).
 */
export function sdfLine(value: string | number): string {
  return String(value)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

/** An SD data item's name: what the `> <name>` header can hold (no angle brackets, line breaks or controls). */
export function sdfTagName(name: string): string {
  const cleaned = sdfLine(name).replace(/[<>]/g, '');
  return cleaned || 'tag';
}

/** An SD title line: one line, at most 80 characters (the V2000 header width). */
export function sdfTitle(value: string): string {
  return sdfLine(value).slice(0, 80);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Joins SD records and sets tags on each (existing tags of the same name are replaced). A record's title may be
 * replaced (`title`); its molblock keeps its own lines, except lines that would end the record early (`$$$$`).
 */
export function toSdf(
  records: readonly { text: string; title?: string; tags?: Record<string, string | number> }[],
): string {
  return records
    .map(({ text, title, tags = {} }) => {
      const lines = text
        .replace(/\r\n?/g, '\n')
        .replace(/\$\$\$\$\s*$/, '')
        .replace(/\s+$/, '')
        .split('\n')
        .filter((line) => line.trim() !== '$$$$');
      lines[0] = sdfTitle(title ?? lines[0] ?? '');
      let body = lines.join('\n');
      for (const [rawName, value] of Object.entries(tags)) {
        const name = sdfTagName(rawName);
        body = body.replace(new RegExp(`\\n>\\s*<${escapeRegExp(name)}>[^\\n]*\\n(?:[^\\n]+\\n)*`, 'g'), '\n');
        // A data item ends at a blank line: after the molblock's M  END or an item of ours (ending in a newline)
        // one newline, after a value line of the record's own items a blank line first.
        const separator = body.endsWith('\n') || /(?:^|\n)M {2}END$/.test(body) ? '\n' : '\n\n';
        body += `${separator}> <${name}>\n${sdfLine(value)}\n`;
      }
      if (!body.includes('M  END')) body += '\nM  END';
      return `${body.replace(/\s+$/, '')}\n\n$$$$\n`;
    })
    .join('');
}

/** AutoDock atom types whose element is not their own name (PDBQT column 78-79). */
const AD_TYPE_ELEMENTS: Record<string, string> = { A: 'C', OA: 'O', NA: 'N', NS: 'N', SA: 'S', HD: 'H', HS: 'H' };

/** One ATOM/HETATM line in PDB columns: 1-66 as given, the element right-aligned in 77-78 (from a PDBQT's type). */
function pdbAtomLine(line: string, pdbqt: boolean): string {
  const base = line.slice(0, 66).padEnd(66);
  let element = pdbqt ? line.slice(77, 79).trim() : line.slice(76, 78).trim();
  if (pdbqt) element = AD_TYPE_ELEMENTS[element] ?? element;
  if (!element) element = line.slice(12, 16).trim().replace(/\d/g, '').slice(0, 1);
  element = element.toUpperCase(); // PDB's element column is upper case, right-aligned ("ZN", " C")
  return `${base}          ${element.padStart(2)}`;
}

const isAtom = (line: string) => line.startsWith('ATOM  ') || line.startsWith('HETATM');

/** One atom read from PDBx/mmCIF as a PDB atom line (occupancy 1, B 0; a chain name over one character shortened). */
function pdbLineOfAtom(atom: PdbAtom): string {
  const element = atom.element.toUpperCase();
  // PDB aligns a one-letter element's atom name from column 14 (" CA "), a two-letter one's from 13 ("ZN  ").
  const name =
    atom.name.length >= 4 || element.length === 2 ? atom.name.slice(0, 4).padEnd(4) : ` ${atom.name.padEnd(3)}`;
  const coordinate = (value: number) => value.toFixed(3).padStart(8);
  return (
    `${atom.record.padEnd(6)}${'0'.padStart(5)} ${name}${(atom.altLoc || ' ').slice(0, 1)}` +
    `${atom.resName.slice(0, 3).padStart(3)} ${(atom.chain || ' ').slice(0, 1)}${String(atom.resSeq).slice(-4).padStart(4)}` +
    `${(atom.iCode || ' ').slice(0, 1)}   ${coordinate(atom.x)}${coordinate(atom.y)}${coordinate(atom.z)}` +
    `${'1.00'.padStart(6)}${'0.00'.padStart(6)}          ${element.padStart(2)}`
  );
}

/** The receptor's atom lines (and TER lines) in PDB columns, from any of its formats; the first model only. */
function receptorPdbLines(receptor: string, receptorFormat: ReceptorFormat): string[] {
  const out: string[] = [];
  if (receptorFormat === 'mmcif') {
    let chain: string | null = null;
    for (const atom of parseMmcifAtoms(receptor).atoms) {
      if (chain !== null && atom.chain !== chain) out.push('TER');
      chain = atom.chain;
      out.push(pdbLineOfAtom(atom));
    }
    return out;
  }
  for (const raw of receptor.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.startsWith('ENDMDL')) break; // a multi-model receptor: its first model
    if (isAtom(raw)) out.push(pdbAtomLine(raw, receptorFormat === 'pdbqt'));
    else if (raw.startsWith('TER')) out.push('TER');
  }
  return out;
}

/**
 * The receptor and a ligand's best pose as one PDB file (a complex to open in PyMOL or Chimera): the receptor's
 * ATOM/HETATM lines (PDBQT charges and types dropped, elements kept; a PDBx/mmCIF receptor's _atom_site rows written
 * in PDB columns) with its TER lines, then the first model of the
 * ligand's poses.pdbqt as HETATM residue LIG of chain L, atoms renumbered after the receptor's (serials stay unique up
 * to 99,999 atoms), and END. Nothing else of either file is copied (no REMARK of user text).
 */
export function complexPdb(receptor: string, receptorFormat: ReceptorFormat, posesPdbqt: string): string {
  const out: string[] = [];
  let serial = 0;
  const numbered = (line: string) =>
    `${line.slice(0, 6)}${String(++serial % 100_000 || 1).padStart(5)}${line.slice(11)}`;
  for (const line of receptorPdbLines(receptor, receptorFormat)) out.push(line === 'TER' ? line : numbered(line));
  if (out.length > 0 && out.at(-1) !== 'TER') out.push('TER');
  let inModel = false;
  for (const raw of posesPdbqt.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.startsWith('MODEL')) {
      if (inModel) break;
      inModel = true;
      continue;
    }
    if (raw.startsWith('ENDMDL')) break;
    if (!isAtom(raw)) continue;
    const line = pdbAtomLine(raw, true);
    // HETATM, residue LIG, chain L, residue 1.
    out.push(numbered(`HETATM${line.slice(6, 17)}LIG L   1${line.slice(26)}`));
  }
  out.push('END');
  return `${out.join('\n')}\n`;
}
