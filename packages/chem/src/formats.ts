// Which structure format a file holds: what its extension claims, what its content shows, and whether the two agree.
import { looksLikeMmcif } from './structure.js';
import { extensionOf } from './text.js';

export type MoleculeKind = 'receptor' | 'ligand';
export type StructureFormat = 'pdb' | 'pdbqt' | 'mmcif' | 'sdf' | 'mol2' | 'smiles';

/** What a ligand can be given as (a receptor may also be PDBx/mmCIF). */
export type LigandFileFormat = Exclude<StructureFormat, 'mmcif'>;

export const RECEPTOR_FORMATS: readonly StructureFormat[] = ['pdb', 'pdbqt', 'mmcif'];
export const LIGAND_FORMATS: readonly StructureFormat[] = ['sdf', 'mol2', 'pdbqt', 'pdb', 'smiles'];

export const MEDIA_TYPES: Record<StructureFormat, string> = {
  pdb: 'chemical/x-pdb',
  pdbqt: 'chemical/x-pdbqt',
  mmcif: 'chemical/x-mmcif',
  sdf: 'chemical/x-mdl-sdfile',
  mol2: 'chemical/x-mol2',
  smiles: 'chemical/x-daylight-smiles',
};

const EXTENSIONS: Record<string, StructureFormat> = {
  pdb: 'pdb',
  ent: 'pdb',
  pdbqt: 'pdbqt',
  cif: 'mmcif',
  mmcif: 'mmcif',
  sdf: 'sdf',
  sd: 'sdf',
  mol: 'sdf',
  mol2: 'mol2',
  smi: 'smiles',
  smiles: 'smiles',
  txt: 'smiles',
  csv: 'smiles',
  tsv: 'smiles',
};

const UNSUPPORTED: Record<string, string> = {
  gz: 'compressed files are not accepted; upload the uncompressed file',
  zip: 'archives are not accepted; upload the structure files themselves',
  xyz: 'XYZ carries no bonds; upload SDF or MOL2',
};

const FORMAT_NAMES: Record<StructureFormat, string> = {
  pdb: 'PDB',
  pdbqt: 'PDBQT',
  mmcif: 'PDBx/mmCIF',
  sdf: 'SDF/MOL',
  mol2: 'MOL2',
  smiles: 'SMILES',
};
export const formatName = (format: StructureFormat) => FORMAT_NAMES[format];

/** The format the content shows, or null when it looks like none of them. */
export function sniffFormat(text: string): StructureFormat | null {
  if (/^@<TRIPOS>MOLECULE/m.test(text)) return 'mol2';
  // Before the PDB test: the rows of an mmCIF _atom_site loop start with ATOM and HETATM too.
  if (looksLikeMmcif(text)) return 'mmcif';
  const atomLines = text.match(/^(ATOM {2}|HETATM).*$/gm);
  if (atomLines && atomLines.length > 0) {
    if (/^(ROOT|ENDROOT|TORSDOF|BRANCH)\b/m.test(text)) return 'pdbqt';
    // PDBQT puts a partial charge in columns 71-76 and an AutoDock atom type in 78-79 on every atom line.
    const pdbqtLike = atomLines.filter(
      (line) => /^\s*-?\d+\.\d{3} [A-Za-z ]{1,2}\s*$/.test(line.slice(70, 80)) && line.length >= 78,
    ).length;
    return pdbqtLike / atomLines.length > 0.9 ? 'pdbqt' : 'pdb';
  }
  if (/^M {2}END\s*$/m.test(text) || /^\s*\d+\s+\d+.*V[23]000\s*$/m.test(text) || /^\$\$\$\$\s*$/m.test(text))
    return 'sdf';
  const firstData = text.split('\n').find((line) => line.trim() && !line.startsWith('#'));
  if (
    firstData &&
    firstData
      .split(/[\s,;]+/)
      .some((token) => /^[A-Za-z0-9@+\-[\]()=#$%/\\.:*~]+$/.test(token) && /[A-Za-z]/.test(token))
  )
    return 'smiles';
  return null;
}

export type FormatDecision = { ok: true; format: StructureFormat } | { ok: false; reason: string };

/** Decides the format of one file for one kind of molecule; an extension that contradicts the content is an error. */
export function decideFormat(fileName: string, text: string, kind: MoleculeKind): FormatDecision {
  const extension = extensionOf(fileName);
  const unsupported = UNSUPPORTED[extension];
  if (unsupported) return { ok: false, reason: unsupported };
  const claimed = EXTENSIONS[extension];
  const seen = sniffFormat(text);
  if (!seen) {
    return {
      ok: false,
      reason: `the content is not a structure file this server reads (PDB, PDBQT, PDBx/mmCIF, SDF, MOL2 or SMILES)${claimed ? ` although the extension .${extension} says ${formatName(claimed)}` : ''}`,
    };
  }
  // A .pdb holding PDBQT columns is common and harmless (and the reverse is read as PDB); .txt/.csv hold SMILES lists.
  const agrees =
    !claimed || claimed === seen || (claimed === 'pdb' && seen === 'pdbqt') || (claimed === 'pdbqt' && seen === 'pdb');
  if (!agrees) {
    return {
      ok: false,
      reason: `wrong extension for the content: .${extension} says ${formatName(claimed)} but the content looks like ${formatName(seen)}; rename the file`,
    };
  }
  const format = claimed === 'pdbqt' ? 'pdbqt' : seen;
  const allowed = kind === 'receptor' ? RECEPTOR_FORMATS : LIGAND_FORMATS;
  if (!allowed.includes(format)) {
    return {
      ok: false,
      reason: `a ${kind} must be ${allowed.map(formatName).join(', ')}; this file is ${formatName(format)}`,
    };
  }
  return { ok: true, format };
}
