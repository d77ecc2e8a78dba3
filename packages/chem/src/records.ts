// Splitting a ligand file into records, each with its 1-based index, first line, original text and a name.
import type { LigandFileFormat } from './formats.js';
import { cleanDisplayName } from './text.js';

export interface LigandRecord {
  /** 1-based position in the file. */
  record: number;
  /** 1-based line where the record starts. */
  line: number;
  format: LigandFileFormat;
  /** The text the chemistry is read from (for SMILES lists: the SMILES alone). */
  text: string;
  /** The record's original text as stored, when it differs from text (SMILES lists: the whole line). */
  source?: string;
  name: string | null;
}

export interface RecordProblem {
  record: number;
  line: number | null;
  /** 1-based character position in a SMILES, where RDKit names one. */
  position?: number;
  reason: string;
}

export interface SplitResult {
  records: LigandRecord[];
  problems: RecordProblem[];
}

function sdfRecords(text: string): SplitResult {
  const lines = text.split('\n');
  const records: LigandRecord[] = [];
  const problems: RecordProblem[] = [];
  let start = 0;
  const close = (end: number, terminated: boolean) => {
    const block = lines.slice(start, end);
    const index = records.length + problems.length + 1;
    if (block.every((l) => l.trim() === '')) {
      if (terminated) problems.push({ record: index, line: start + 1, reason: 'empty record (nothing before "$$$$")' });
      return;
    }
    const hasEnd = block.some((l) => /^M {2}END\s*$/.test(l));
    if (!hasEnd) {
      const reason = terminated
        ? 'no "M  END" line before "$$$$": the molblock is incomplete'
        : 'truncated record: the file ends before "M  END"';
      problems.push({ record: index, line: start + 1, reason });
      return;
    }
    records.push({
      record: index,
      line: start + 1,
      format: 'sdf',
      text: `${block.join('\n')}\n${terminated ? '$$$$\n' : ''}`,
      name: cleanDisplayName(block[0]),
    });
  };
  for (let i = 0; i < lines.length; i += 1) {
    if (/^\$\$\$\$\s*$/.test(lines[i] ?? '')) {
      close(i, true);
      start = i + 1;
    }
  }
  close(lines.length, false);
  return { records, problems };
}

function blockRecords(
  text: string,
  format: 'mol2' | 'pdbqt' | 'pdb',
  startsRecord: (line: string) => boolean,
  nameOf: (block: string[]) => string | null,
): SplitResult {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (startsRecord(line) ? [i] : []));
  if (starts.length === 0) starts.push(0);
  const records = starts.map((start, k) => {
    const block = lines.slice(k === 0 ? 0 : start, starts[k + 1] ?? lines.length);
    return { record: k + 1, line: start + 1, format, text: block.join('\n'), name: nameOf(block) };
  });
  return { records, problems: [] };
}

const mol2Name = (block: string[]) => {
  const at = block.findIndex((l) => l.startsWith('@<TRIPOS>MOLECULE'));
  return cleanDisplayName(block[at + 1]);
};

const pdbName = (block: string[]) => {
  for (const line of block) {
    const named =
      /^REMARK\s+Name\s*=\s*(.+)$/.exec(line) ?? /^COMPND\s+(.+)$/.exec(line) ?? /^HETATM.{11}(\S{1,3})/.exec(line);
    if (named) return cleanDisplayName(named[1]);
  }
  return null;
};

/** Splits a CSV line with double-quoted fields. */
function csvFields(line: string, separator: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

const SMILES_ALPHABET = /^[A-Za-z0-9@+\-[\]()=#$%/\\.:*~]+$/;

/** "SMILES name" per line; "name SMILES" is recognised when the first word cannot be a SMILES and the second can. */
function nameAndSmiles(line: string): [string, string] {
  const first = line.split(/\s+/, 1)[0] ?? '';
  const rest = line.slice(first.length).trim();
  const second = rest.split(/\s+/, 1)[0] ?? '';
  if (!SMILES_ALPHABET.test(first) && SMILES_ALPHABET.test(second) && rest === second) return [second, first];
  return [first, rest];
}

/** SMILES lists: "SMILES name" per line (.smi), or CSV/TSV with a header naming a smiles column (and name/id). */
export function smilesRecords(text: string, extension = 'smi'): SplitResult {
  const lines = text.split('\n');
  const separator = extension === 'csv' ? ',' : extension === 'tsv' ? '\t' : null;
  let smilesColumn = 0;
  let nameColumn = 1;
  let firstData = 0;
  if (separator) {
    const headerAt = lines.findIndex((l) => l.trim() !== '');
    const header = csvFields(lines[headerAt] ?? '', separator).map((h) => h.toLowerCase());
    const found = header.findIndex((h) => h === 'smiles' || h === 'canonical_smiles' || h === 'smi');
    if (found >= 0) {
      smilesColumn = found;
      nameColumn = header.findIndex((h) => ['name', 'id', 'title', 'compound', 'molecule'].includes(h));
      firstData = headerAt + 1;
    }
  }
  const records: LigandRecord[] = [];
  for (let i = firstData; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = separator ? csvFields(line, separator) : nameAndSmiles(line);
    records.push({
      record: records.length + 1,
      line: i + 1,
      format: 'smiles',
      text: fields[smilesColumn] ?? '',
      source: `${line}\n`,
      name: nameColumn >= 0 ? cleanDisplayName(fields[nameColumn]) : null,
    });
  }
  return { records, problems: [] };
}

/** Pasted SMILES text read as a .smi file: one entry per non-blank line, "SMILES name" (the name is optional). */
export function smilesEntries(text: string): { smiles: string; name: string | null }[] {
  return smilesRecords(text).records.map((record) => ({ smiles: record.text, name: record.name }));
}

/** The records of a ligand file in the given format. */
export function splitLigandFile(text: string, format: LigandFileFormat, extension = ''): SplitResult {
  switch (format) {
    case 'sdf':
      return sdfRecords(text);
    case 'mol2':
      return blockRecords(text, 'mol2', (l) => l.startsWith('@<TRIPOS>MOLECULE'), mol2Name);
    case 'pdbqt':
      return blockRecords(text, 'pdbqt', (l) => l.startsWith('MODEL'), pdbName);
    case 'pdb':
      return blockRecords(text, 'pdb', (l) => l.startsWith('MODEL'), pdbName);
    case 'smiles':
      return smilesRecords(text, extension);
  }
}
