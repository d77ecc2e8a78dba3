// The redocking set (../shared/data/redock, SOURCES.md): crystal complexes with receptor PDB, crystal ligand SDF,
// SMILES and box; and how a docked pose is compared with the crystal ligand.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BindingBox } from '@mad/protocol';

const run = promisify(execFile);

export interface RedockCase {
  name: string;
  family: string;
  smiles: string;
  heavyAtoms: number;
  rotatableBonds: number;
  box: BindingBox;
  receptorPdb: string;
  ligandSdf: string;
}

interface CasesFile {
  cases: {
    name: string;
    family: string;
    smiles: string;
    heavyAtoms: number;
    rotatableBonds: number;
    box: BindingBox;
    files: { receptor: string; ligand: string };
  }[];
}

/** Every case of cases.json (or the named ones, in the file's order); an unknown name is an error. */
export function redockCases(sharedDataDir: string, only?: readonly string[]): RedockCase[] {
  const dir = join(sharedDataDir, 'redock');
  const file = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as CasesFile;
  const unknown = (only ?? []).filter((name) => !file.cases.some((c) => c.name === name));
  if (unknown.length) throw new Error(`no redock case ${unknown.join(', ')} in ${dir}/cases.json`);
  return file.cases
    .filter((c) => !only || only.includes(c.name))
    .map((c) => ({
      name: c.name,
      family: c.family,
      smiles: c.smiles,
      heavyAtoms: c.heavyAtoms,
      rotatableBonds: c.rotatableBonds,
      box: c.box,
      receptorPdb: join(dir, c.name, c.files.receptor),
      ligandSdf: join(dir, c.name, c.files.ligand),
    }));
}

/** obrms prints one "RMSD name:name value" line per pose of the test file. */
export function parseObrms(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('RMSD'))
    .map((line) => Number(line.trim().split(/\s+/).at(-1)));
}

/**
 * Heavy-atom RMSD of every pose against the crystal ligand: Open Babel's obrms (symmetry-aware: it tries every
 * automorphism of the molecular graph; no realignment, the pose stays in the receptor's frame).
 */
export async function poseRmsds(crystalSdf: string, posesPath: string): Promise<number[]> {
  const { stdout } = await run('obrms', ['-f', crystalSdf, posesPath], { maxBuffer: 10 * 1024 * 1024 });
  return parseObrms(stdout);
}

export const SUCCESS_ANGSTROM = 2;

/** 1-based rank of the first pose within 2 Å, or null. */
export function firstRankWithin(rmsds: readonly number[], limit = SUCCESS_ANGSTROM): number | null {
  const index = rmsds.findIndex((r) => r < limit);
  return index < 0 ? null : index + 1;
}
