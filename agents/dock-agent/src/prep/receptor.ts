// Receptor preparation: PDB -> rigid PDBQT with Open Babel, once per batch; PDBQT passes through unchanged; PDBx/mmCIF
// is read by gemmi (python/receptor_mmcif.py), written as PDB, and then prepared exactly as a PDB receptor.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure, runProcess } from '../engines/process.js';
import type { ToolPaths } from '../engines/types.js';
import { metalIonCharges, protonateWithPdb2pqr, RECEPTOR_PH } from './receptor-pdb2pqr.js';

export interface PreparedReceptor {
  path: string;
  notes: string[];
}

/** Same relative path from src/prep and dist/prep. */
export const receptorMmcifScript = fileURLToPath(new URL('../../python/receptor_mmcif.py', import.meta.url));

/** gemmi: the first model of an mmCIF receptor as a PDB file, every atom kept; throws with gemmi's reason. */
export async function mmcifToPdb(
  path: string,
  outPdb: string,
  tools: Pick<ToolPaths, 'python'>,
  signal?: AbortSignal,
): Promise<string[]> {
  const result = await runProcess(tools.python, [receptorMmcifScript], {
    stdin: JSON.stringify({ path, outPdb }),
    signal,
  });
  if (result.killedFor) throw new Error(`receptor preparation ${result.killedFor}`);
  const answer = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !answer.startsWith('{'))
    throw new Error(`receptor preparation failed: ${describeFailure('receptor_mmcif.py', result)}`);
  const parsed = JSON.parse(answer) as { ok: true; notes: string[] } | { ok: false; reason: string };
  if (!parsed.ok) throw new Error(`receptor preparation failed: ${parsed.reason}`);
  return parsed.notes;
}

export const PDBQT_AS_GIVEN = 'receptor PDBQT used as given';

/** How a PDB receptor gets its hydrogens (experiments; the default is the first of each). */
export interface ReceptorPreparationOptions {
  /** 'pdb2pqr' (default): PDB2PQR/PROPKA for the protein, Open Babel for hetero groups; 'obabel': Open Babel's pH 7.4 rules. */
  hydrogens?: 'pdb2pqr' | 'obabel';
  /** true: a receptor that has hydrogens loses them and gets new ones as one without; default false (kept as given). */
  reprotonate?: boolean;
}

export async function prepareReceptor(
  receptor: { path: string; format: 'pdb' | 'pdbqt' | 'mmcif' },
  workDir: string,
  tools: Pick<ToolPaths, 'obabel' | 'python'>,
  signal?: AbortSignal,
  options: ReceptorPreparationOptions = {},
): Promise<PreparedReceptor> {
  if (receptor.format === 'pdbqt') return { path: receptor.path, notes: [PDBQT_AS_GIVEN] };
  const fromMmcif: string[] = [];
  let pdbPath = receptor.path;
  if (receptor.format === 'mmcif') {
    pdbPath = join(workDir, 'receptor_from_mmcif.pdb');
    fromMmcif.push(...(await mmcifToPdb(receptor.path, pdbPath, tools, signal)));
  }
  const pdb = await readFile(pdbPath, 'utf8');
  const prepared = receptorPdbForDocking(options.reprotonate ? withoutHydrogens(pdb) : pdb);
  const { text } = prepared;
  if (!/^(ATOM|HETATM)/m.test(text)) throw new Error(`receptor preparation failed: ${receptor.path} has no atoms`);
  const cleaned = join(workDir, 'receptor_clean.pdb');
  const out = join(workDir, 'receptor.pdbqt');
  await writeFile(cleaned, text);
  const noHydrogens = prepared.notes.includes(HAS_NO_HYDROGENS);
  const notes = [...fromMmcif, ...prepared.notes.filter((note) => note !== HAS_NO_HYDROGENS)];
  if (options.reprotonate && pdb !== withoutHydrogens(pdb)) notes.push("the receptor's own hydrogens were removed");
  let input = cleaned;
  let obabelHydrogens = false;
  if (noHydrogens) {
    const added = await addReceptorHydrogens(cleaned, workDir, tools, options, signal);
    notes.push(...added.notes);
    if (added.pdb) input = added.pdb;
    else obabelHydrogens = true;
  }
  // -xr: rigid receptor (no torsion tree). Without hydrogens in the input (and no PDB2PQR), Open Babel adds them for
  // pH 7.4; its PDBQT writer then keeps the polar ones Vina needs for hydrogen bonds.
  const hydrogens = obabelHydrogens ? ['-p', String(RECEPTOR_PH)] : [];
  const result = await runProcess(tools.obabel, ['-ipdb', input, '-xr', ...hydrogens, '-opdbqt', '-O', out], {
    signal,
  });
  if (result.killedFor) throw new Error(`receptor preparation ${result.killedFor}`);
  const written = await readFile(out, 'utf8').catch(() => '');
  if (result.exitCode !== 0 || !/^ATOM|^HETATM/m.test(written)) {
    throw new Error(`receptor preparation failed: ${describeFailure('obabel', result)}`);
  }
  const ions = metalIonCharges(written);
  if (ions.ions.length) {
    await writeFile(out, ions.text);
    notes.push(`metal ions typed by Open Babel with their ion charge: ${ions.ions.join(', ')}`);
  }
  return { path: out, notes };
}

/**
 * Hydrogens for a cleaned receptor PDB that has none: PDB2PQR/PROPKA (the PDB it writes, for the PDBQT writer) or,
 * when asked for or PDB2PQR is not installed or fails, `pdb: null` = Open Babel's pH 7.4 rules (the notes say which).
 */
async function addReceptorHydrogens(
  cleaned: string,
  workDir: string,
  tools: Pick<ToolPaths, 'python'>,
  options: ReceptorPreparationOptions,
  signal?: AbortSignal,
): Promise<{ pdb: string | null; notes: string[] }> {
  if (options.hydrogens === 'obabel') return { pdb: null, notes: [NO_HYDROGENS] };
  const protonated = join(workDir, 'receptor_pdb2pqr.pdb');
  const answer = await protonateWithPdb2pqr(cleaned, protonated, workDir, tools, signal);
  if (answer.ok)
    return {
      pdb: protonated,
      notes: [
        'the receptor had no hydrogens: added for pH 7.4 by PDB2PQR/PROPKA (' + answer.command + ')',
        ...answer.notes,
      ],
    };
  return {
    pdb: null,
    notes: [`${NO_HYDROGENS} (PDB2PQR not used: ${answer.reason}; no residue pKa, Open Babel's per-atom rules)`],
  };
}

/** A PDB's hydrogen (and deuterium) atom records removed, everything else as it was. */
export function withoutHydrogens(pdb: string): string {
  return pdb
    .split('\n')
    .filter((line) => !(isAtomLine(line) && ['H', 'D'].includes(elementOf(line))))
    .join('\n');
}

const elementOf = (line: string) =>
  line.length >= 78 && line.slice(76, 78).trim()
    ? line.slice(76, 78).trim()
    : line.slice(12, 14).trim().replace(/\d/g, '');

/** receptorPdbForDocking's note for a PDB without any hydrogen (prepareReceptor replaces it by what it did). */
export const HAS_NO_HYDROGENS = 'the receptor has no hydrogens';
const NO_HYDROGENS = 'the receptor had no hydrogens: added for pH 7.4 by Open Babel';

const isAtomLine = (line: string) => line.startsWith('ATOM') || line.startsWith('HETATM');
/** Chain, residue number and insertion code: one residue's alternate locations share it. */
const residueKey = (line: string) => line.slice(21, 27);

/**
 * Per residue, the alternate location with the highest mean occupancy (ties: the first letter, so usually A), as
 * PDB readers such as gemmi and PyMOL choose; a residue's atoms without an altloc are always kept.
 */
export function chosenAltLocs(lines: readonly string[]): Map<string, string> {
  const occupancy = new Map<string, Map<string, { sum: number; count: number }>>();
  for (const line of lines) {
    const altLoc = line[16] ?? ' ';
    if (!isAtomLine(line) || altLoc === ' ') continue;
    const byAltLoc = occupancy.get(residueKey(line)) ?? new Map<string, { sum: number; count: number }>();
    const entry = byAltLoc.get(altLoc) ?? { sum: 0, count: 0 };
    entry.sum += Number(line.slice(54, 60)) || 0;
    entry.count += 1;
    byAltLoc.set(altLoc, entry);
    occupancy.set(residueKey(line), byAltLoc);
  }
  const chosen = new Map<string, string>();
  for (const [residue, byAltLoc] of occupancy) {
    const ranked = [...byAltLoc].sort(([a, x], [b, y]) => y.sum / y.count - x.sum / x.count || a.localeCompare(b));
    chosen.set(residue, ranked[0]![0]);
  }
  return chosen;
}

/** Drops waters and all but one alternate location per residue; notes what changed. Pure, for unit tests. */
export function receptorPdbForDocking(pdb: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  let waters = 0;
  let altLocs = 0;
  let hydrogens = 0;
  const kept: string[] = [];
  const lines = pdb.split('\n');
  const altLocOf = chosenAltLocs(lines);
  const notA = new Set<string>();
  for (const line of lines) {
    if (isAtomLine(line)) {
      const resName = line.slice(17, 20).trim();
      if (resName === 'HOH' || resName === 'WAT' || resName === 'DOD') {
        waters += 1;
        continue;
      }
      const altLoc = line[16] ?? ' ';
      const chosen = altLocOf.get(residueKey(line));
      if (altLoc !== ' ' && altLoc !== chosen) {
        altLocs += 1;
        continue;
      }
      if (altLoc !== ' ' && altLoc !== 'A') notA.add(`${resName} ${line[21] ?? ''}${line.slice(22, 27).trim()}`);
      const element = elementOf(line);
      if (element === 'H' || element === 'D') hydrogens += 1;
    }
    kept.push(line);
  }
  if (waters > 0) notes.push(`removed ${waters} water atoms`);
  if (altLocs > 0)
    notes.push(
      `kept the highest-occupancy alternate location of each residue (dropped ${altLocs} atoms)` +
        (notA.size ? `; not A for ${[...notA].slice(0, 10).join(', ')}${notA.size > 10 ? ', ...' : ''}` : ''),
    );
  if (hydrogens === 0) notes.push(HAS_NO_HYDROGENS);
  return { text: kept.join('\n'), notes };
}
