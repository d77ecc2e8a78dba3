// Chemistry of one ligand record with RDKit (Open Babel first for MOL2/PDBQT/PDB): identity (canonical SMILES,
// InChI, InChIKey), formula, descriptors, 3D or not, and a 2D depiction.
import type { MainModule, Mol } from '@rdkit/rdkit';
import { loadRDKit, parseWithLog } from './rdkit.js';
import { obabelToMolblock, type ObabelOptions } from './obabel.js';
import type { LigandRecord, RecordProblem } from './records.js';
import { hillFormula } from './elements.js';

export interface LigandFacts {
  canonicalSmiles: string;
  inchi: string | null;
  inchikey: string | null;
  /** Formula of the neutral parent (InChI's formula layer), the same for every protonation state of a compound. */
  formula: string;
  /** Molecular weight of the neutral parent, g/mol. */
  molecularWeight: number;
  /** Formula and charge exactly as uploaded, e.g. C29H32N7O+ for imatinib with a protonated piperazine. */
  formulaAsGiven: string;
  molecularWeightAsGiven: number;
  exactMassAsGiven: number;
  formalCharge: number;
  heavyAtoms: number;
  hbd: number;
  hba: number;
  rotatableBonds: number;
  clogP: number;
  tpsa: number;
  rings: number;
  aromaticRings: number;
  fragments: number;
  has3d: boolean;
  warnings: string[];
}

const PROTON_MASS = 1.00794;

interface Descriptors {
  amw: number;
  exactmw: number;
  NumHeavyAtoms: number;
  NumHBD: number;
  NumHBA: number;
  NumRotatableBonds: number;
  CrippenClogP: number;
  tpsa: number;
  NumRings: number;
  NumAromaticRings: number;
}

interface CommonChemAtom {
  z?: number;
  impHs?: number;
  chg?: number;
}

function atomsOf(mol: Mol): CommonChemAtom[] {
  const json = JSON.parse(mol.get_json()) as {
    defaults?: { atom?: CommonChemAtom };
    molecules?: { atoms?: CommonChemAtom[] }[];
  };
  const defaults = { z: 6, impHs: 0, chg: 0, ...json.defaults?.atom };
  return (json.molecules?.[0]?.atoms ?? []).map((a) => ({ ...defaults, ...a }));
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** "SMILES Parse Error: check for mistakes around position 12:" → 12 */
function smilesPosition(messages: string[]): number | undefined {
  for (const message of messages) {
    const found = /around position (\d+)/.exec(message);
    if (found) return Number(found[1]);
  }
  return undefined;
}

function rdkitReason(messages: string[], what: string): string {
  const useful = messages.filter(
    (m) =>
      !/^SMILES Parse Error: check for mistakes|^[\s~^]+$|^SMILES Parse Error: Failed parsing/.test(m) &&
      !/^\S+$/.test(m),
  );
  const chosen = useful[0] ?? messages[0] ?? 'unreadable';
  return `${what}: ${chosen.replace(/^SMILES Parse Error: /, '')}`;
}

/** RDKit's canonical isomeric SMILES of a molecule without its hydrogens (mol is changed: its Hs are removed). */
function heavyAtomSmiles(mol: Mol): string {
  mol.remove_hs_in_place();
  return mol.get_smiles();
}

// Canonical SMILES of SMILES given in job requests, kept per process: a screen of 10,000 new ligands costs RDKit
// ~2-5 s (0.2-0.5 ms each) and nothing when repeated. Bounded; the oldest entries go first.
const canonicalOfGiven = new Map<string, string | null>();
const CANONICAL_MEMO_MAX = 200_000;

/**
 * The canonical isomeric SMILES of each SMILES (what a molecule upload stores as canonical_smiles), or null where
 * RDKit cannot parse it. Works in slices, yielding to the event loop between them, so a long list does not stall
 * other requests. `memo: false` (the chemistry pool's workers: the memo lives in the thread that asks) keeps nothing.
 */
export async function canonicalSmilesOf(
  smiles: readonly string[],
  options: { memo?: boolean } = {},
): Promise<(string | null)[]> {
  const memo = options.memo ?? true;
  const rdkit = await loadRDKit();
  const out: (string | null)[] = [];
  for (const [index, given] of smiles.entries()) {
    if (index > 0 && index % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    let canonical = memo ? canonicalOfGiven.get(given) : undefined;
    if (canonical === undefined) {
      // Without parseWithLog's log capture, which triples the cost here: the reason of a failure is not needed (such
      // a ligand fails at preparation with RDKit's words).
      const mol = rdkit.get_mol(given);
      canonical = mol?.is_valid() && mol.get_num_atoms() > 0 ? heavyAtomSmiles(mol) : null;
      mol?.delete();
      if (memo) {
        if (canonicalOfGiven.size >= CANONICAL_MEMO_MAX) canonicalOfGiven.delete(canonicalOfGiven.keys().next().value!);
        canonicalOfGiven.set(given, canonical);
      }
    }
    out.push(canonical);
  }
  return out;
}

/** Facts from a parsed molecule; the caller owns mol. */
export function factsOfMol(rdkit: MainModule, mol: Mol): LigandFacts {
  const has3d = mol.has_coords() === 3;
  const heavy = rdkit.get_mol_copy(mol);
  if (!heavy) throw new Error('RDKit could not copy the molecule');
  try {
    const canonicalSmiles = heavyAtomSmiles(heavy);
    const fragments = canonicalSmiles.split('.').length;
    const descriptors = JSON.parse(heavy.get_descriptors()) as Descriptors;
    const atoms = atomsOf(heavy);
    const formalCharge = atoms.reduce((sum, a) => sum + (a.chg ?? 0), 0);
    const inchi = heavy.get_inchi() || null;
    const inchikey = inchi ? rdkit.get_inchikey_for_inchi(inchi) || null : null;
    const formulaAsGiven = hillFormula(atoms, formalCharge);
    // Standard InChI neutralises mobile protons into its /p layer: /p+1 means one proton added to the parent.
    const protons = inchi ? Number(/\/p([+-]\d+)/.exec(inchi)?.[1] ?? 0) : 0;
    const inchiFormula = inchi?.split('/')[1];
    const warnings: string[] = [];
    if (fragments > 1)
      warnings.push(`${fragments} disconnected fragments (salt or mixture?): they would be docked together`);
    if (!has3d) warnings.push('no 3D coordinates: a conformer will be generated before docking');
    return {
      canonicalSmiles,
      inchi,
      inchikey,
      formula: inchiFormula ?? formulaAsGiven,
      molecularWeight: round(descriptors.amw - protons * PROTON_MASS, 3),
      formulaAsGiven,
      molecularWeightAsGiven: round(descriptors.amw, 3),
      exactMassAsGiven: round(descriptors.exactmw, 4),
      formalCharge,
      heavyAtoms: descriptors.NumHeavyAtoms,
      hbd: descriptors.NumHBD,
      hba: descriptors.NumHBA,
      rotatableBonds: descriptors.NumRotatableBonds,
      clogP: round(descriptors.CrippenClogP, 3),
      tpsa: round(descriptors.tpsa, 2),
      rings: descriptors.NumRings,
      aromaticRings: descriptors.NumAromaticRings,
      fragments,
      has3d,
      warnings,
    };
  } finally {
    heavy.delete();
  }
}

export type LigandOutcome = { ok: true; facts: LigandFacts } | { ok: false; problem: RecordProblem };

function meekoSmiles(text: string): string | null {
  return /^REMARK SMILES (\S+)\s*$/m.exec(text)?.[1] ?? null;
}

/** Parses one record into facts, or says what is wrong with it and where. Never throws for bad input. */
export async function analyseLigandRecord(record: LigandRecord, obabel: ObabelOptions = {}): Promise<LigandOutcome> {
  const rdkit = await loadRDKit();
  const fail = (reason: string, position?: number): LigandOutcome => ({
    ok: false,
    problem: { record: record.record, line: record.line, reason, ...(position !== undefined ? { position } : {}) },
  });
  let input = record.text;
  let fromSmiles = record.format === 'smiles';
  const assumed: string[] = [];
  if (record.format === 'smiles') {
    if (input.length === 0) return fail('empty SMILES');
    if (input.length > 5_000) return fail(`SMILES of ${input.length} characters is too long for a ligand (limit 5000)`);
  } else if (record.format === 'pdbqt' && meekoSmiles(record.text)) {
    // Meeko writes the exact chemistry it prepared as REMARK SMILES; PDBQT itself has no bond orders.
    input = meekoSmiles(record.text)!;
    fromSmiles = true;
  } else if (record.format !== 'sdf') {
    try {
      const converted = await obabelToMolblock(record.text, record.format, obabel);
      // PDB and PDBQT carry no formal charges: Open Babel writes a protonated amine as a neutral N with four bonds.
      const charged =
        record.format === 'mol2' ? { molblock: converted, atoms: [] } : chargeTetravalentNitrogens(converted);
      input = charged.molblock;
      if (charged.atoms.length > 0)
        assumed.push(
          `formal charge +1 assumed on ${charged.atoms.length} four-bonded nitrogen(s) (the ${record.format.toUpperCase()} file carries no charges)`,
        );
    } catch (error) {
      return fail(
        `cannot read the ${record.format.toUpperCase()} record: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  const parsed = parseWithLog(rdkit, input, fromSmiles ? {} : { removeHs: false });
  if (!parsed.mol) {
    const position = fromSmiles ? smilesPosition(parsed.messages) : undefined;
    return fail(
      rdkitReason(parsed.messages, fromSmiles ? 'SMILES parse error' : 'RDKit cannot read the molecule'),
      position,
    );
  }
  try {
    const facts = factsOfMol(rdkit, parsed.mol);
    facts.warnings.push(...assumed);
    if (record.format === 'pdbqt' && fromSmiles) {
      facts.has3d = true;
      facts.warnings = facts.warnings.filter((w) => !w.startsWith('no 3D'));
    }
    return { ok: true, facts };
  } catch (error) {
    return fail(`RDKit cannot compute properties: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    parsed.mol.delete();
  }
}

/**
 * Puts "M  CHG" +1 on every neutral nitrogen whose bond orders add up to four in a V2000 molblock (a quaternary or
 * protonated amine read from a format without charges); returns the 1-based atom numbers it charged.
 */
export function chargeTetravalentNitrogens(molblock: string): { molblock: string; atoms: number[] } {
  const lines = molblock.split('\n');
  const counts = lines[3] ?? '';
  if (!/V2000/.test(counts)) return { molblock, atoms: [] };
  const atomCount = Number.parseInt(counts.slice(0, 3), 10);
  const bondCount = Number.parseInt(counts.slice(3, 6), 10);
  const valence = new Array<number>(atomCount + 1).fill(0);
  for (const line of lines.slice(4 + atomCount, 4 + atomCount + bondCount)) {
    const order = Number.parseInt(line.slice(6, 9), 10);
    for (const atom of [Number.parseInt(line.slice(0, 3), 10), Number.parseInt(line.slice(3, 6), 10)])
      valence[atom] = (valence[atom] ?? 0) + (order === 4 ? 1.5 : order);
  }
  const charged = new Set(
    lines
      .filter((l) => l.startsWith('M  CHG'))
      .flatMap((l) =>
        l
          .slice(10)
          .trim()
          .split(/\s+/)
          .filter((_, i) => i % 2 === 0)
          .map(Number),
      ),
  );
  const atoms: number[] = [];
  for (let i = 1; i <= atomCount; i += 1) {
    const line = lines[3 + i] ?? '';
    const chargeCode = line.slice(36, 39).trim();
    if (
      line.slice(31, 34).trim() === 'N' &&
      valence[i] === 4 &&
      (chargeCode === '' || chargeCode === '0') &&
      !charged.has(i)
    )
      atoms.push(i);
  }
  if (atoms.length === 0) return { molblock, atoms };
  const end = lines.findIndex((l) => /^M {2}END/.test(l));
  const chargeLines: string[] = [];
  for (let k = 0; k < atoms.length; k += 8) {
    const group = atoms.slice(k, k + 8);
    chargeLines.push(
      `M  CHG${String(group.length).padStart(3)}${group.map((a) => `${String(a).padStart(4)}   1`).join('')}`,
    );
  }
  lines.splice(end, 0, ...chargeLines);
  return { molblock: lines.join('\n'), atoms };
}

/** A 2D depiction as SVG, from a SMILES (depictions are drawn on request, not stored). */
export async function depictSvg(smiles: string, width = 320, height = 240): Promise<string | null> {
  const rdkit = await loadRDKit();
  const parsed = parseWithLog(rdkit, smiles);
  if (!parsed.mol) return null;
  try {
    return parsed.mol.get_svg(width, height);
  } finally {
    parsed.mol.delete();
  }
}
