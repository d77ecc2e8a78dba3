// Residue-aware receptor hydrogens (DOCKING_SCIENCE.md "Receptor preparation"): PDB2PQR 3 with PROPKA for the protein,
// hetero groups merged back (python/receptor_pdb2pqr.py), so a receptor uploaded without hydrogens gets His tautomers
// and Asp/Glu/Lys/Cys/Tyr states from its residues' pKa rather than from Open Babel's per-atom pH rules.
import { fileURLToPath } from 'node:url';
import { describeFailure, runProcess } from '../engines/process.js';
import type { ToolPaths } from '../engines/types.js';

/** Same relative path from src/prep and dist/prep. */
export const receptorPdb2pqrScript = fileURLToPath(new URL('../../python/receptor_pdb2pqr.py', import.meta.url));

export const RECEPTOR_PH = 7.4;

export interface Pdb2pqrReport {
  /** Every His with its tautomer: 'HIS A92 HID' (HID δ-H, HIE ε-H, HIP both, +1). */
  his: string[];
  /** Residues not in their usual pH 7.4 state: 'GLU A471 neutral (GLH)'. */
  nonDefault: string[];
  /** Residues whose missing heavy atoms PDB2PQR rebuilt, and those it could not ('LYS A5 (NZ)'). */
  rebuilt: string[];
  notRebuilt: string[];
  netCharge: number;
  residues: number;
  /** ATOM residues PDB2PQR had no template for, kept as hetero groups. */
  dropped: string[];
}

export type Pdb2pqrAnswer =
  | { ok: true; notes: string[]; report: Pdb2pqrReport; pdb2pqr: string; command: string }
  | { ok: false; missing: boolean; reason: string };

/**
 * The protein of `cleanedPdb` protonated by PDB2PQR/PROPKA at pH 7.4 and its hetero groups merged back with their
 * hydrogens, written to `outPdb`. `missing`: PDB2PQR is not installed (the caller falls back and says so); other
 * failures give PDB2PQR's reason.
 */
export async function protonateWithPdb2pqr(
  cleanedPdb: string,
  outPdb: string,
  workDir: string,
  tools: Pick<ToolPaths, 'python'>,
  signal?: AbortSignal,
): Promise<Pdb2pqrAnswer> {
  const result = await runProcess(tools.python, [receptorPdb2pqrScript], {
    stdin: JSON.stringify({ path: cleanedPdb, outPdb, ph: RECEPTOR_PH, workDir }),
    signal,
  });
  if (result.killedFor) throw new Error(`receptor preparation ${result.killedFor}`);
  const answer = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !answer.startsWith('{'))
    return { ok: false, missing: false, reason: describeFailure('receptor_pdb2pqr.py', result) };
  return JSON.parse(answer) as Pdb2pqrAnswer;
}

/** AutoDock's formal charge of a lone metal ion ('Zn' +2, 'Na' +1); PDBQT types as Open Babel writes them. */
const ION_CHARGES: Record<string, number> = {
  Zn: 2,
  Mg: 2,
  Ca: 2,
  Mn: 2,
  Fe: 2,
  Co: 2,
  Ni: 2,
  Cu: 2,
  Cd: 2,
  Hg: 2,
  Na: 1,
  K: 1,
  Li: 1,
};

/**
 * Open Babel's PDBQT writer (which writes every receptor atom as ATOM with charge 0.000) gives a lone metal ion no
 * charge; AutoDock expects the ion's (Zn +2.000, as AutoDock's own receptor preparation writes it). A residue of one
 * metal atom gets it; metals
 * inside a larger group (a heme's Fe) keep what the writer gave. Vina's scoring does not read charges; AutoDock4's
 * does. Returns the text and the ions changed ('ZN A1001 +2').
 */
export function metalIonCharges(pdbqt: string): { text: string; ions: string[] } {
  const lines = pdbqt.split('\n');
  const atomsPerResidue = new Map<string, number>();
  const key = (line: string) => line.slice(17, 27);
  const isAtom = (line: string) => line.startsWith('ATOM') || line.startsWith('HETATM');
  for (const line of lines) if (isAtom(line)) atomsPerResidue.set(key(line), (atomsPerResidue.get(key(line)) ?? 0) + 1);
  const ions: string[] = [];
  const text = lines
    .map((line) => {
      if (!isAtom(line) || atomsPerResidue.get(key(line)) !== 1) return line;
      const type = line.slice(77, 79).trim();
      const charge = ION_CHARGES[type];
      if (charge === undefined) return line;
      ions.push(`${line.slice(17, 20).trim()} ${(line[21] ?? '').trim()}${line.slice(22, 27).trim()} +${charge}`);
      return `${line.slice(0, 70)}${`+${charge.toFixed(3)}`.padStart(6)}${line.slice(76)}`;
    })
    .join('\n');
  return { text, ions };
}
