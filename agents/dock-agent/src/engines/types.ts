// The docking vocabulary shared by the engine adapters, preparation and dockBatch (the agent daemon's entry point).
// Geometry, engines, parameters and poses are the wire contract's (@mad/protocol); this file adds what only the agent
// knows of them.
import type { BindingBox, DockingParams as TaskParams, EngineName, Pose as ReportedPose } from '@mad/protocol';
import type { CpuPool } from '../cpu-pool.js';
import type { GpuPool } from '../gpu-pool.js';

export type { BindingBox, EngineName, Vec3 } from '@mad/protocol';

/** A task's parameters as an engine run takes them: cpu 0 = choose (see planSlots in dock-batch.ts). */
export type DockingParams = TaskParams & {
  /** gnina only: a GPU index ('0') or 'cpu' for --no_gpu. */
  device?: string;
};
export type LigandSource =
  { kind: 'smiles'; smiles: string } | { kind: 'file'; path: string; format: 'sdf' | 'mol2' | 'pdbqt' | 'pdb' };
export interface LigandInput {
  ligandId: string;
  name: string;
  source: LigandSource;
}
export interface DockingEvent {
  ligandId?: string;
  stage: 'preparing' | 'docking' | 'ligand_done';
  /** 0..1 within the stage (Vina's progress bar while docking). */
  progress?: number;
  message?: string;
}

/** Executables; the defaults are the Debian paths (RDKit only exists for /usr/bin/python3 on the agents). */
export interface ToolPaths {
  python: string;
  obabel: string;
  vina: string;
  smina: string;
  gnina: string;
  /** PLIP's command line (the Debian package's plipcmd): the interactions of the best poses. */
  plip: string;
  /** AutoDock 4's grid program (the Debian package autogrid): AutoDock4Zn maps for zinc sites. */
  autogrid: string;
}
export const defaultToolPaths: ToolPaths = {
  python: '/usr/bin/python3',
  obabel: 'obabel',
  vina: 'vina',
  smina: 'smina',
  gnina: 'gnina',
  plip: 'plipcmd',
  autogrid: 'autogrid4',
};

/** How ligands are turned into 3D (see project_design/DOCKING_SCIENCE.md). */
export interface PreparationOptions {
  /** RDKit embedding seed; default: params.seed. */
  seed?: number;
  /** ETKDG conformers to minimise before keeping the lowest-energy one; default 10. */
  numConformers?: number;
  /** 'lowest-energy' (default) or 'dockstring' (one embedding, Open Babel protonation unchanged). */
  strategy?: 'lowest-energy' | 'dockstring';
  /**
   * From SMILES: dock up to this many conformers that differ in ring shape (within 3 kcal/mol MMFF94 of the lowest)
   * and keep the best-scoring run; default 3, 1 = the lowest-energy conformer only.
   */
  ringConformers?: number;
  /**
   * A PDB receptor without hydrogens: 'pdb2pqr' (default; PDB2PQR/PROPKA for the protein, hetero groups through Open
   * Babel) or 'obabel' (Open Babel's pH 7.4 rules for everything, as before prep-2026.12-5). Experiments.
   */
  receptorHydrogens?: 'pdb2pqr' | 'obabel';
  /** true: a receptor PDB's own hydrogens are removed and added again as for one without; default false. */
  receptorReprotonate?: boolean;
  /**
   * From SMILES: dock up to this many protonation/tautomer states at pH 7.4 that differ in hydrogen-bond donors or
   * acceptors (the input's first; RDKit's tautomers, Open Babel's pH model) and keep the best-scoring run; default 3,
   * 1 = the input's state only. Ring conformers x states: at most 4 dockings per ligand.
   */
  states?: number;
  /**
   * Vina on a receptor with an open zinc site in the box: 'vina' (default: Vina's scoring) or 'ad4zn' (AutoDock4Zn
   * maps, `--scoring ad4`; DOCKING_SCIENCE.md "Zinc sites"). An experiment: measured, not (yet) a user parameter.
   */
  zincScoring?: 'vina' | 'ad4zn';
}

export interface BatchInput {
  engine: EngineName;
  receptor: { path: string; format: 'pdb' | 'pdbqt' | 'mmcif' };
  ligands: LigandInput[];
  /** Always used by Vina (the server computes autobox boxes with @mad/chem boxAroundCoordinates, smina's rule). */
  box: BindingBox;
  /** smina/gnina only: --autobox_ligand instead of the box, padded by autoboxAddAngstrom (default 4). */
  autoboxLigandPath?: string;
  /** Padding for autoboxLigandPath, Å; default 4 (smina/gnina --autobox_add). */
  autoboxAddAngstrom?: number;
  params: DockingParams;
  workDir: string;
  /** For the whole batch: ligands not finished by then are 'timeout'. */
  timeoutMs: number;
  signal: AbortSignal;
  onEvent?: (event: DockingEvent) => void;
  /**
   * Each ligand's outcome as soon as it is known (its engine process has ended and its CPUs are back in the pool),
   * before the rest of the batch: the agent uploads and reports it at once. Not awaited.
   */
  onLigand?: (outcome: LigandOutcome, engineVersion: string) => void;
  /** Engine processes at once; default: see planSlots. */
  parallelLigands?: number;
  /**
   * The agent's cores, shared with its other running tasks: each ligand holds its CPUs from the pool while it is
   * prepared and docked, and planSlots counts the pool's size as the cores. Without it the batch owns the machine.
   */
  cpuPool?: CpuPool;
  /**
   * gnina only: the agent's GPUs. Each ligand's gnina process waits for a GPU of its own (one process per GPU,
   * `--device 0` with CUDA_VISIBLE_DEVICES naming it) and for its CPUs from cpuPool; without it gnina runs as the
   * params say (params.device).
   */
  gpuPool?: GpuPool;
  preparation?: PreparationOptions;
  /**
   * The interactions of each ligand's best poses (PLIP): how many poses (default PROFILED_POSES, 3) and the timeout
   * of one plipcmd run; false: not profiled (the poses say so).
   */
  interactions?: { poses?: number; timeoutMs?: number } | false;
  tools?: Partial<ToolPaths>;
  /**
   * Wraps each ligand's preparation and its engine process (the agent times them per engine and traces them as
   * spans); without it they simply run.
   */
  phase?: LigandPhase;
  /**
   * Absolute paths under this folder (the agent's AGENT_WORK_DIR) are written relative to workDir in the engine
   * logs users read, so no agent path reaches them; without it, paths under workDir only.
   */
  hidePathsUnder?: string;
  /**
   * Where AutoDock4Zn maps are kept between batches (the agent: AGENT_WORK_DIR/ad4-maps), keyed by a digest of the
   * receptor, box and force field; default workDir/ad4-maps (this batch only).
   */
  ad4MapsDir?: string;
}

export type LigandPhase = <T>(phase: 'preparation' | 'docking', ligandId: string, work: () => Promise<T>) => Promise<T>;

/** A pose as the engine wrote it: the reported pose (@mad/protocol) and what some engines add. */
export type Pose = ReportedPose & {
  /** gnina ensembles only. */
  cnnAffinityVariance?: number | null;
  /** smina/gnina minimizedRMSD: RMSD to the input pose (only for --minimize/score runs). */
  minimizedRmsd?: number | null;
};

export type LigandOutcome =
  | {
      ligandId: string;
      status: 'succeeded';
      poses: Pose[];
      posesSdfPath: string;
      posesPdbqtPath: string | null;
      logPath: string;
      preparedLigandPath: string;
      notes: string[];
    }
  | {
      ligandId: string;
      status: 'failed';
      stage: 'preparation' | 'docking' | 'timeout' | 'cancelled';
      reason: string;
      logPath?: string;
    };

export interface BatchOutput {
  engine: EngineName;
  engineVersion: string;
  outcomes: LigandOutcome[];
  receptorPreparedPath: string;
}

/** Everything an adapter needs to build one docking command. */
export interface EngineRun {
  receptorPath: string;
  ligandPath: string;
  box: BindingBox;
  autobox?: { ligandPath: string; addAngstrom: number };
  params: DockingParams;
  cpu: number;
  outPath: string;
  /** Vina only: AutoDock4Zn maps (`--scoring ad4 --maps PREFIX`) instead of the receptor and box. */
  ad4Maps?: string;
}

/** One docking program: how to call it and how to read what it wrote. */
export interface DockingEngine {
  name: EngineName;
  /** 'pdbqt' ligands for Vina; smina/gnina read SDF and keep bond orders in their output SDF. */
  ligandFormat: 'pdbqt' | 'sdf';
  outputExtension: 'pdbqt' | 'sdf';
  args(run: EngineRun): string[];
  parsePoses(outputText: string): Pose[];
  /** Fraction done from the stdout seen so far, or null when the engine prints no progress. */
  progress(stdoutSoFar: string): number | null;
}
