// Ligand preparation (RDKit + Open Babel, see project_design/DOCKING_SCIENCE.md): SMILES or a file in, a dockable
// PDBQT plus the prepared molecule (SDF, the bond-order template for docked poses) out.
import { DEFAULT_LIGAND_PREPARATION } from '@mad/protocol';
import type { LigandSource, PreparationOptions, ToolPaths } from '../engines/types.js';
import { callMadChem, type ChemAnswer } from './python.js';

/**
 * Another variant of the prepared ligand to dock in its slot: a conformer whose ring shape differs (Vina never changes
 * rings) or another protonation/tautomer state (DOCKING_SCIENCE.md "Protonation and tautomer states").
 */
export interface PreparedVariant {
  /** 'ring conformer 2', 'tautomer 2', 'tautomer 2, ring conformer 2'. */
  label: string;
  preparedPdbqtPath: string;
  templatePath: string;
  energyKcalMol: number;
  /** MMFF94 energy above its state's lowest-energy conformer. */
  deltaKcalMol: number;
  /** 1 = the input's protonation/tautomer state, 2.. = the others. */
  state: number;
  /** The state as docked (canonical SMILES, hydrogens as protonated) and its net charge. */
  smiles: string;
  netCharge: number;
}

export interface PreparedLigand {
  preparedPdbqtPath: string;
  /** The prepared molecule with all hydrogens (3D unless the input was a PDBQT, then a 0D template). */
  templatePath: string;
  smiles: string | null;
  netCharge: number | null;
  heavyAtoms: number | null;
  /** TORSDOF of the written PDBQT (Meeko's rotatable-bond rules, python/pdbqt_tree.py); absent for PDBQT input. */
  torsions?: number | null;
  notes: string[];
  forceField?: string;
  energyKcalMol?: number;
  conformers?: number;
  /** Other ring conformers and states to dock as well (SMILES and 2D input only); the best-scoring run wins. */
  variants?: PreparedVariant[];
}

export interface LigandPreparationRequest {
  name: string;
  source: LigandSource;
  outDir: string;
  seed: number;
  options?: PreparationOptions;
}

export function prepareLigand(
  request: LigandPreparationRequest,
  tools: Pick<ToolPaths, 'python'>,
  signal?: AbortSignal,
): Promise<ChemAnswer<PreparedLigand>> {
  const { source, options } = request;
  const input = source.kind === 'smiles' ? { smiles: source.smiles } : { file: source.path, format: source.format };
  return callMadChem<PreparedLigand>(
    tools.python,
    {
      command: 'prepare',
      name: request.name,
      outDir: request.outDir,
      seed: options?.seed ?? request.seed,
      numConformers: options?.numConformers ?? DEFAULT_LIGAND_PREPARATION.numConformers,
      strategy: options?.strategy ?? DEFAULT_LIGAND_PREPARATION.strategy,
      ringConformers: options?.ringConformers ?? DEFAULT_LIGAND_PREPARATION.ringConformers,
      states: options?.states ?? DEFAULT_LIGAND_PREPARATION.states,
      ...input,
    },
    signal,
  );
}
