// One uploaded file in, its molecules and its problems out: the pure part of an upload (no database, no S3).
import { createHash } from 'node:crypto';
import {
  decideFormat,
  MEDIA_TYPES,
  type LigandFileFormat,
  type MoleculeKind,
  type StructureFormat,
} from './formats.js';
import { analyseLigandRecord, type LigandFacts } from './ligand.js';
import { parsePdbAtoms, polymerResidueCount, receptorFacts, type ReceptorFacts } from './pdb.js';
import { parseReceptorAtoms, type ReceptorFormat } from './structure.js';
import { splitLigandFile, type LigandRecord, type RecordProblem } from './records.js';
import { baseName, decodeStructureText, extensionOf, fileNameProblem } from './text.js';
import type { ObabelOptions } from './obabel.js';

export interface AnalysedMolecule {
  kind: MoleculeKind;
  record: number;
  line: number;
  name: string;
  format: StructureFormat;
  mediaType: string;
  /** The record's original bytes, as stored in S3 (the whole file when the file holds one record). */
  bytes: Buffer;
  sha256: string;
  ligand: LigandFacts | null;
  receptor: ReceptorFacts | null;
}

export interface AnalysedFile {
  fileName: string;
  format: StructureFormat | null;
  sha256: string;
  /** Records seen in the file, good and bad. */
  recordCount: number;
  molecules: AnalysedMolecule[];
  /** record 0 means the file as a whole. */
  problems: RecordProblem[];
}

export interface AnalyseOptions {
  kind: MoleculeKind;
  /** Records this file may still add to the upload; more is an error for the whole file. */
  maxRecords: number;
  obabel?: ObabelOptions;
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const MAX_LISTED_ATOM_PROBLEMS = 5;

function wholeFile(
  fileName: string,
  bytes: Uint8Array,
  reason: string,
  format: StructureFormat | null = null,
  line: number | null = null,
): AnalysedFile {
  return {
    fileName,
    format,
    sha256: sha256Hex(bytes),
    recordCount: 0,
    molecules: [],
    problems: [{ record: 0, line, reason }],
  };
}

function analyseReceptor(fileName: string, bytes: Buffer, text: string, format: ReceptorFormat): AnalysedFile {
  const parse = parseReceptorAtoms(text, format);
  const sha256 = sha256Hex(bytes);
  if (parse.problems.length > 0) {
    return {
      fileName,
      format,
      sha256,
      recordCount: 1,
      molecules: [],
      problems: parse.problems
        .slice(0, MAX_LISTED_ATOM_PROBLEMS)
        .map((p) => ({ record: 1, line: p.line, reason: p.reason })),
    };
  }
  if (parse.atoms.length === 0)
    return wholeFile(
      fileName,
      bytes,
      format === 'mmcif' ? 'no atoms in an _atom_site table' : 'no ATOM or HETATM records',
      format,
    );
  const facts = receptorFacts(parse, format);
  if (facts.residues === 0) {
    return wholeFile(
      fileName,
      bytes,
      'no protein or nucleic-acid residues: this looks like a ligand; upload it with kind=ligand',
      format,
    );
  }
  return {
    fileName,
    format,
    sha256,
    recordCount: 1,
    molecules: [
      {
        kind: 'receptor',
        record: 1,
        line: 1,
        name: baseName(fileName),
        format,
        mediaType: MEDIA_TYPES[format],
        bytes,
        sha256,
        ligand: null,
        receptor: facts,
      },
    ],
    problems: [],
  };
}

async function analyseLigands(
  fileName: string,
  bytes: Buffer,
  text: string,
  format: LigandFileFormat,
  options: AnalyseOptions,
): Promise<AnalysedFile> {
  const sha256 = sha256Hex(bytes);
  if (format === 'pdb' || format === 'pdbqt') {
    const residues = polymerResidueCount(parsePdbAtoms(text, format === 'pdbqt'));
    if (residues > 1)
      return wholeFile(
        fileName,
        bytes,
        `this looks like a protein (${residues} standard residues): upload it with kind=receptor`,
        format,
      );
  }
  const split = splitLigandFile(text, format, extensionOf(fileName));
  const recordCount = split.records.length + split.problems.length;
  if (recordCount === 0) return wholeFile(fileName, bytes, 'no records found', format);
  if (recordCount > options.maxRecords) {
    return wholeFile(
      fileName,
      bytes,
      `${recordCount} records: more than the ${options.maxRecords} this upload may still add (UPLOAD_MAX_RECORDS)`,
      format,
    );
  }
  const single = recordCount === 1;
  const molecules: AnalysedMolecule[] = [];
  const problems = [...split.problems];
  for (const record of split.records) {
    const outcome = await analyseLigandRecord(record, options.obabel);
    if (!outcome.ok) {
      problems.push(outcome.problem);
      continue;
    }
    const recordBytes = single ? bytes : Buffer.from(record.source ?? record.text, 'utf8');
    molecules.push({
      kind: 'ligand',
      record: record.record,
      line: record.line,
      name: recordName(record, fileName, single),
      format,
      mediaType: MEDIA_TYPES[format],
      bytes: recordBytes,
      sha256: single ? sha256 : sha256Hex(recordBytes),
      ligand: outcome.facts,
      receptor: null,
    });
  }
  problems.sort((a, b) => a.record - b.record);
  return { fileName, format, sha256, recordCount, molecules, problems };
}

function recordName(record: LigandRecord, fileName: string, single: boolean): string {
  if (record.name) return record.name;
  return single ? baseName(fileName) : `${baseName(fileName)} #${record.record}`;
}

/** Reads one uploaded file: decides its format, splits it into records and analyses each. Never throws for bad input. */
export async function analyseFile(fileName: string, bytes: Buffer, options: AnalyseOptions): Promise<AnalysedFile> {
  const nameProblem = fileNameProblem(fileName);
  if (nameProblem) return wholeFile(fileName, bytes, nameProblem);
  const decoded = decodeStructureText(bytes);
  if (!decoded.ok) return wholeFile(fileName, bytes, decoded.reason);
  const decision = decideFormat(fileName, decoded.text, options.kind);
  if (!decision.ok) return wholeFile(fileName, bytes, decision.reason);
  const format = decision.format;
  if (options.kind === 'receptor') {
    if (options.maxRecords < 1)
      return wholeFile(fileName, bytes, 'more records than this upload may add (UPLOAD_MAX_RECORDS)', format);
    return analyseReceptor(fileName, bytes, decoded.text, format === 'pdbqt' || format === 'mmcif' ? format : 'pdb');
  }
  // decideFormat admits PDBx/mmCIF for receptors only.
  if (format === 'mmcif') return wholeFile(fileName, bytes, 'a ligand cannot be PDBx/mmCIF', format);
  return analyseLigands(fileName, bytes, decoded.text, format, options);
}

/** Pasted SMILES (JSON uploads): one record per entry, named by the caller or by its ordinal, "SMILES #n". */
export async function analyseSmiles(
  entries: { smiles: string; name?: string | null }[],
  options: Omit<AnalyseOptions, 'kind'>,
): Promise<AnalysedFile> {
  const text = entries.map((e) => `${e.smiles}${e.name ? ` ${e.name}` : ''}`).join('\n');
  const bytes = Buffer.from(`${text}\n`, 'utf8');
  const fileName = 'pasted.smi';
  if (entries.length > options.maxRecords)
    return wholeFile(
      fileName,
      bytes,
      `${entries.length} SMILES: more than the limit of ${options.maxRecords} (UPLOAD_MAX_RECORDS)`,
      'smiles',
    );
  const molecules: AnalysedMolecule[] = [];
  const problems: RecordProblem[] = [];
  for (const [i, entry] of entries.entries()) {
    const record: LigandRecord = {
      record: i + 1,
      line: i + 1,
      format: 'smiles',
      text: entry.smiles.trim(),
      name: entry.name?.trim() || null,
    };
    const outcome = await analyseLigandRecord(record, options.obabel);
    if (!outcome.ok) {
      problems.push(outcome.problem);
      continue;
    }
    const recordBytes = Buffer.from(`${record.text}${record.name ? ` ${record.name}` : ''}\n`, 'utf8');
    molecules.push({
      kind: 'ligand',
      record: record.record,
      line: record.line,
      name: record.name ?? `SMILES #${record.record}`,
      format: 'smiles',
      mediaType: MEDIA_TYPES.smiles,
      bytes: recordBytes,
      sha256: sha256Hex(recordBytes),
      ligand: outcome.facts,
      receptor: null,
    });
  }
  return { fileName, format: 'smiles', sha256: sha256Hex(bytes), recordCount: entries.length, molecules, problems };
}
