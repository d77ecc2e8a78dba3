// Result signatures: a hash of everything that decides a docking's result and nothing else, so that equal signatures
// mean "the same docking" and a result may be reused (result cache). What is in and why: DOCKING_SCIENCE.md
// "Result signatures". The per-ligand signature keys results.task_results; the job's input_signature (jobs) keys
// results.result_cache.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  DEFAULT_LIGAND_PREPARATION,
  Toolchain as PreparationToolchain,
  type AgentHeartbeat,
  type BindingBox,
  type EngineName,
} from '@mad/protocol';
import type { StoredJobParams } from './schemas.js';

/** Bumped when what goes into a signature changes (old signatures then never match new ones). */
export const SIGNATURE_VERSION = 'sig-1';
/** Box centre and size are rounded to this many decimals (0.001 Å, the precision of a PDB/PDBQT coordinate). */
export const BOX_DECIMALS = 3;

/**
 * The programs that would run (or ran) a docking: engine version and the preparation's code and tools (the wire's
 * Toolchain, which an agent reports). Stored as JSONB (jobs.toolchain) and parsed with this schema when read.
 */
export const Toolchain = PreparationToolchain.extend({ engineVersion: z.string() });
export type Toolchain = z.infer<typeof Toolchain>;

/** A ligand as it is docked: the stored file's content hash and format, or the SMILES it is prepared from. */
export type LigandIdentity = { kind: 'file'; sha256: string; format: string } | { kind: 'smiles'; smiles: string };

/** A receptor as it is docked: the stored file's content hash and format (PDB is prepared, PDBQT used as given). */
export interface ReceptorIdentity {
  sha256: string;
  format: string;
}

const round = (value: number) => Number(value.toFixed(BOX_DECIMALS));

/** The engine parameters that change poses (cpuPerTask does not: same poses for --cpu 1 and 2 with one seed). */
export function signatureParams(engine: EngineName, params: StoredJobParams) {
  return {
    exhaustiveness: params.exhaustiveness,
    numModes: params.numModes,
    energyRange: params.energyRange,
    seed: params.seed,
    // gnina's own default is rescore: an omitted cnnScoring docks as 'rescore'; vina and smina have no CNN.
    cnnScoring: engine === 'gnina' ? (params.cnnScoring ?? 'rescore') : null,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Everything of a job except its ligands and the toolchain: receptor, box, engine and its parameters. */
export function dockingKey(input: {
  engine: EngineName;
  receptor: ReceptorIdentity;
  box: BindingBox;
  params: StoredJobParams;
}): string {
  const { center, size } = input.box;
  return sha256(
    JSON.stringify([
      SIGNATURE_VERSION,
      input.engine,
      ['receptor', input.receptor.sha256, input.receptor.format],
      ['box', [center.x, center.y, center.z, size.x, size.y, size.z].map(round)],
      ['params', signatureParams(input.engine, input.params)],
      // The ligand preparation's options: the agents' defaults (tasks carry none); its seed is the docking seed.
      [
        'preparation',
        DEFAULT_LIGAND_PREPARATION.strategy,
        DEFAULT_LIGAND_PREPARATION.numConformers,
        DEFAULT_LIGAND_PREPARATION.ringConformers,
        DEFAULT_LIGAND_PREPARATION.states,
      ],
    ]),
  );
}

const toolchainPart = (t: Toolchain) => [t.engineVersion, t.rdkit, t.obabel, t.preparationVersion];

/** One ligand's signature: the docking key, the ligand as docked, and the toolchain. */
export function ligandSignature(docking: string, ligand: LigandIdentity, toolchain: Toolchain): string {
  const identity = ligand.kind === 'file' ? ['file', ligand.sha256, ligand.format] : ['smiles', ligand.smiles];
  return sha256(JSON.stringify([SIGNATURE_VERSION, docking, identity, toolchainPart(toolchain)]));
}

/** The job's input_signature: its ligands' signatures in order (the job's results are listed by that order). */
export function jobSignature(ligandSignatures: readonly string[]): string {
  const hash = createHash('sha256').update(`${SIGNATURE_VERSION}\n`);
  for (const signature of ligandSignatures) hash.update(`${signature}\n`);
  return hash.digest('hex');
}

export function sameToolchain(a: Toolchain, b: Toolchain): boolean {
  return JSON.stringify(toolchainPart(a)) === JSON.stringify(toolchainPart(b));
}

/**
 * The toolchain that would run a job of this engine now: the one most of the live agents with the engine advertise
 * (ties: the first in sort order), or null when no live agent has the engine (no result can then be reused: nothing
 * says which versions would run it). Agents older than the preparationVersion field are left out.
 */
export function fleetToolchain(agents: readonly AgentHeartbeat[], engine: EngineName): Toolchain | null {
  const counts = new Map<string, { toolchain: Toolchain; n: number }>();
  for (const agent of agents) {
    const found = agent.engines.find((e) => e.name === engine);
    if (!found || agent.state !== 'running' || !agent.preparationVersion) continue;
    const toolchain: Toolchain = {
      engineVersion: found.version,
      rdkit: agent.capabilities.rdkit,
      obabel: agent.capabilities.obabel,
      preparationVersion: agent.preparationVersion,
    };
    const key = JSON.stringify(toolchainPart(toolchain));
    const entry = counts.get(key) ?? { toolchain, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  const best = [...counts.entries()].sort(([ka, a], [kb, b]) => b.n - a.n || ka.localeCompare(kb))[0];
  return best ? best[1].toolchain : null;
}
