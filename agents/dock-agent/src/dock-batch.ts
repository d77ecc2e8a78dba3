// dockBatch: one receptor, many ligands, one engine. The agent daemon calls this for each task; everything here is
// local files and child processes (no NATS, no database). Per-ligand problems are outcomes, never exceptions.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { engineVersion } from './capabilities.js';
import { engines } from './engines/index.js';
import { describeFailure, runProcess } from './engines/process.js';
import {
  defaultToolPaths,
  type BatchInput,
  type BatchOutput,
  type BindingBox,
  type DockingEngine,
  type LigandInput,
  type LigandOutcome,
  type Pose,
  type ToolPaths,
} from './engines/types.js';
import { prepareLigand } from './prep/ligand.js';
import { writePosesSdf } from './prep/poses.js';
import { posesValidity } from './pose-validity.js';
import { profilePoses } from './interactions.js';
import { PDBQT_AS_GIVEN, prepareReceptor } from './prep/receptor.js';
import { unmappedLigandTypes, zincScoringFor, type ZincScoring } from './prep/zinc-scoring.js';
import { expectedCost, ligandFeatures } from './ligand-cost.js';
import { gpuProcessSettings, type GpuGrant } from './gpu-pool.js';

export { detectCapabilities } from './capabilities.js';
export type * from './engines/types.js';

const DEFAULT_AUTOBOX_ADD_ANGSTROM = 4;

export async function dockBatch(input: BatchInput): Promise<BatchOutput> {
  const tools: ToolPaths = { ...defaultToolPaths, ...input.tools };
  const engine = engines[input.engine];
  const version = await engineVersion(tools[engine.name]);
  if (version === null)
    throw new Error(`${engine.name} is not installed on this agent (tried "${tools[engine.name]}")`);
  await mkdir(input.workDir, { recursive: true });

  const stop = batchStopSignal(input.signal, input.timeoutMs);
  try {
    const receptor = await prepareReceptor(input.receptor, input.workDir, tools, stop.signal, {
      ...(input.preparation?.receptorHydrogens ? { hydrogens: input.preparation.receptorHydrogens } : {}),
      ...(input.preparation?.receptorReprotonate ? { reprotonate: true } : {}),
    });
    const zinc =
      engine.name === 'vina' && input.preparation?.zincScoring === 'ad4zn'
        ? await zincScoring(receptor.path, input, tools, stop.signal)
        : null;
    const pool = input.cpuPool;
    const plan = planSlots(
      pool?.size ?? availableParallelism(),
      input.ligands.length,
      input.params.cpu,
      input.parallelLigands,
    );
    const context: LigandContext = {
      input,
      engine,
      tools,
      receptorPath: receptor.path,
      receptorNotes: [
        ...receptor.notes.filter((note) => note !== PDBQT_AS_GIVEN).map((note) => `receptor: ${note}`),
        ...(zinc?.note ? [zinc.note] : []),
      ],
      box: zinc?.scoring?.maps.box ?? input.box,
      cpu: plan.cpuPerProcess,
      signal: stop.signal,
      zinc: zinc?.scoring ?? null,
    };
    // Longest first (ligand-cost.ts): a long ligand started last docks alone while the other cores idle.
    const costs = new Map(input.ligands.map((ligand) => [ligand.ligandId, ligandCost(ligand, input)]));
    const byCost = [...input.ligands].sort((a, b) => (costs.get(b.ligandId) ?? 0) - (costs.get(a.ligandId) ?? 0));
    const dockOne = async (ligand: LigandInput): Promise<LigandOutcome> => {
      // A GPU first (the scarcer), then the CPUs: every ligand takes them in that order, so none waits in a cycle.
      const gpuPool = engine.name === 'gnina' && input.gpuPool?.size ? input.gpuPool : undefined;
      const gpu = gpuPool
        ? await gpuPool.acquire(costs.get(ligand.ligandId), stop.signal).catch(() => null)
        : undefined;
      if (gpu === null) return stoppedOutcome(ligand.ligandId, stop.signal);
      try {
        return await onCpus(ligand, gpu);
      } finally {
        gpu?.release();
      }
    };
    const onCpus = async (ligand: LigandInput, gpu: GpuGrant | undefined): Promise<LigandOutcome> => {
      const withGpu = gpu ? { ...context, gpu: gpuProcessSettings(gpu.device) } : context;
      if (!pool) return dockLigand(ligand, withGpu);
      // Every ligand of the batch waits in the agent's pool at once, beside the other tasks' ligands: the pool starts
      // the most expensive first and, for cpu = 0 ('auto'), sizes --cpu to the CPUs free when few ligands are left.
      const auto = input.params.cpu <= 0 && input.parallelLigands === undefined;
      const grant = await pool
        .request(
          auto
            ? { min: 1, max: pool.size, cost: costs.get(ligand.ligandId) }
            : { min: plan.cpuPerProcess, cost: costs.get(ligand.ligandId) },
          stop.signal,
        )
        .catch(() => null);
      if (!grant) return stoppedOutcome(ligand.ligandId, stop.signal);
      try {
        return await dockLigand(ligand, { ...withGpu, cpu: grant.cpus });
      } finally {
        grant.release();
      }
    };
    const slots = pool && input.parallelLigands === undefined ? byCost.length : plan.slots;
    const outcomes = new Map<string, LigandOutcome>();
    await mapWithSlots(byCost, slots, async (ligand) => {
      const outcome = await dockOne(ligand);
      outcomes.set(ligand.ligandId, outcome);
      input.onLigand?.(outcome, version);
    });
    return {
      engine: engine.name,
      engineVersion: version,
      outcomes: input.ligands.map((ligand) => outcomes.get(ligand.ligandId) as LigandOutcome),
      receptorPreparedPath: receptor.path,
    };
  } finally {
    stop.dispose();
  }
}

/** The expected cost of a ligand (ligand-cost.ts); a file that cannot be read costs the mean (0: served in order). */
function ligandCost(ligand: LigandInput, input: BatchInput): number {
  let text: string | undefined;
  if (ligand.source.kind === 'file') {
    try {
      text = readFileSync(ligand.source.path, 'utf8');
    } catch {
      return 0;
    }
  }
  const features = ligandFeatures(ligand.source, text);
  return features ? expectedCost(features, input.box, input.params.exhaustiveness) : 0;
}
/**
 * How many engine processes run at once and with how many CPUs each (DOCKING_SCIENCE.md, "Slots"). Vina's threads
 * scale 1.77x on 2 cores and its grid set-up is serial, so single-CPU processes side by side give more throughput:
 * with cpu = 0 a batch gets one single-CPU process per core, a lone ligand all cores.
 */
export function planSlots(
  cores: number,
  ligandCount: number,
  cpu: number,
  parallelLigands?: number,
): { slots: number; cpuPerProcess: number } {
  const usableCores = Math.max(1, cores);
  if (cpu > 0) return { slots: Math.max(1, parallelLigands ?? Math.floor(usableCores / cpu)), cpuPerProcess: cpu };
  const slots = Math.max(1, Math.min(parallelLigands ?? usableCores, ligandCount, usableCores));
  return { slots, cpuPerProcess: Math.max(1, Math.floor(usableCores / slots)) };
}

interface LigandContext {
  input: BatchInput;
  engine: DockingEngine;
  tools: ToolPaths;
  receptorPath: string;
  /** The receptor preparation's notes and its scoring function, given with each ligand's (the chemist reads them). */
  receptorNotes: string[];
  /** The box docked in: the request's, or the AutoDock4Zn maps' grid (the request's rounded up to grid points). */
  box: BindingBox;
  cpu: number;
  signal: AbortSignal;
  /** AutoDock4Zn maps when the receptor has an open zinc site in the box (Vina only). */
  zinc: ZincScoring | null;
  /** gnina on a GPU of its own: the --device and the environment that pin it (gpu-pool.ts). */
  gpu?: { device: string; env: Record<string, string> };
}

/**
 * With zincScoring 'ad4zn', Vina on a receptor with an open zinc site in the box docks with AutoDock4Zn
 * (DOCKING_SCIENCE.md "Zinc sites"). Without autogrid4 the batch fails rather than dock with another scoring function.
 */
async function zincScoring(
  receptorPath: string,
  input: BatchInput,
  tools: ToolPaths,
  signal: AbortSignal,
): Promise<{ scoring: ZincScoring | null; note: string | null }> {
  try {
    return await zincScoringFor(receptorPath, input.box, {
      cacheDir: input.ad4MapsDir ?? join(input.workDir, 'ad4-maps'),
      autogrid: tools.autogrid,
      python: tools.python,
      workDir: input.workDir,
      signal,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`AutoDock4Zn maps failed: ${message}`, { cause: error });
  }
}

async function dockLigand(ligand: LigandInput, context: LigandContext): Promise<LigandOutcome> {
  const { input, engine, tools, signal } = context;
  const emit = input.onEvent ?? (() => undefined);
  const phase = input.phase ?? ((_phase, _ligandId, work) => work());
  const stopped = (): Extract<LigandOutcome, { status: 'failed' }> | null =>
    signal.aborted ? stoppedOutcome(ligand.ligandId, signal) : null;
  const early = stopped();
  if (early) return early;

  const dir = join(input.workDir, 'ligands', safeFileName(ligand.ligandId));
  await mkdir(dir, { recursive: true });
  emit({ ligandId: ligand.ligandId, stage: 'preparing' });
  const prepared = await phase('preparation', ligand.ligandId, () =>
    prepareLigand(
      { name: ligand.name, source: ligand.source, outDir: dir, seed: input.params.seed, options: input.preparation },
      tools,
      signal,
    ),
  );
  if (!prepared.ok)
    return stopped() ?? { ligandId: ligand.ligandId, status: 'failed', stage: 'preparation', reason: prepared.reason };

  const useSdf = engine.ligandFormat === 'sdf' && !(ligand.source.kind === 'file' && ligand.source.format === 'pdbqt');
  // The prepared conformer, the other ring conformers (Vina never changes rings) and the other protonation/tautomer
  // states: each is docked, the best wins.
  const runs = [
    {
      label: 'conformer 1',
      dir,
      pdbqtPath: prepared.preparedPdbqtPath,
      templatePath: prepared.templatePath,
      state: 1,
      smiles: prepared.smiles,
    },
    ...(prepared.variants ?? []).map((variant) => ({
      label: variant.label,
      dir: dirname(variant.templatePath),
      pdbqtPath: variant.preparedPdbqtPath,
      templatePath: variant.templatePath,
      state: variant.state,
      smiles: variant.smiles,
    })),
  ];
  const docked: DockedRun[] = [];
  for (const [index, run] of runs.entries()) {
    const one = await dockPrepared(ligand, context, {
      ...run,
      ligandPath: useSdf ? run.templatePath : run.pdbqtPath,
      progress: (fraction) => (index + fraction) / runs.length,
    });
    const killed = stopped();
    if (killed) return one.logPath ? { ...killed, logPath: one.logPath } : killed;
    if ('status' in one) {
      if (index === 0) return one;
      docked.push({ ...run, failure: one.reason });
      continue;
    }
    docked.push({ ...run, ...one });
  }
  const succeeded = docked.filter((run): run is DockedRun & DockedPoses => 'poses' in run);
  const best = succeeded.reduce((a, b) => (topAffinity(b) < topAffinity(a) ? b : a));
  const notes = [...context.receptorNotes, ...prepared.notes, ...best.notes];
  if (runs.length > 1) notes.push(variantSummary(docked, best));
  const poses = await withInteractions(best, context);
  emit({
    ligandId: ligand.ligandId,
    stage: 'ligand_done',
    progress: 1,
    message: `${best.poses.length} poses, best ${best.poses[0]?.affinityKcalMol ?? '?'} kcal/mol`,
  });
  return {
    ligandId: ligand.ligandId,
    status: 'succeeded',
    poses,
    posesSdfPath: best.posesSdfPath,
    posesPdbqtPath: best.posesPdbqtPath,
    logPath: best.logPath,
    preparedLigandPath: best.pdbqtPath,
    notes,
  };
}

/**
 * The best run's poses with their interactions (DOCKING_SCIENCE.md "Interactions"): PLIP on the best poses, while the
 * ligand still holds its CPUs; with profiling off the poses say so.
 */
async function withInteractions(best: DockedPoses & { dir: string }, context: LigandContext): Promise<Pose[]> {
  const { input, tools, signal } = context;
  const none = (reason: string) =>
    best.poses.map((pose) => ({ ...pose, interactions: null, interactionsReason: reason, interactionProfiler: null }));
  if (input.interactions === false) return none('not profiled: interaction profiling is off for this batch');
  const profiles = await profilePoses({
    receptorPath: context.receptorPath,
    // Vina's PDBQT has the poses' polar hydrogens as docked; Smina and Gnina write SD files with the input's.
    posesPath: best.posesPdbqtPath ?? best.posesSdfPath,
    posesFormat: best.posesPdbqtPath ? 'pdbqt' : 'sdf',
    poseCount: best.poses.length,
    dir: best.dir,
    tools,
    signal,
    ...(input.interactions?.poses !== undefined ? { count: input.interactions.poses } : {}),
    ...(input.interactions?.timeoutMs !== undefined ? { timeoutMs: input.interactions.timeoutMs } : {}),
  });
  return best.poses.map((pose, i) => {
    const profile = profiles[i];
    return {
      ...pose,
      interactions: profile?.interactions ?? null,
      interactionsReason: profile ? profile.reason : 'not profiled',
      interactionProfiler: profile?.profiler ?? null,
    };
  });
}

interface DockedPoses {
  poses: Pose[];
  posesSdfPath: string;
  posesPdbqtPath: string | null;
  logPath: string;
  notes: string[];
}

type DockedRun = { label: string; dir: string; pdbqtPath: string; state?: number; smiles?: string | null } & (
  DockedPoses | { failure: string }
);

const topAffinity = (run: DockedPoses): number => run.poses[0]?.affinityKcalMol ?? Number.POSITIVE_INFINITY;

/**
 * "docked 2 ring conformers, the best top score won: ring conformer 2 (conformer 1 -9.36; ring conformer 2 -9.51
 * kcal/mol)"; with other protonation/tautomer states "docked 3 variants (ring conformers x protonation/tautomer
 * states), the best top score won: tautomer 2, docked as Cc1c[nH]cn1 (...)".
 */
export function variantSummary(
  runs: readonly DockedRun[],
  best: { label: string; state?: number; smiles?: string | null },
): string {
  const score = (run: DockedRun) =>
    'poses' in run ? `${run.label} ${run.poses[0]?.affinityKcalMol ?? '?'}` : `${run.label} failed: ${run.failure}`;
  const states = new Set(runs.map((run) => run.state ?? 1)).size;
  const what =
    states > 1
      ? `${runs.length} variants (ring conformers x protonation/tautomer states)`
      : `${runs.length} ring conformers`;
  const winner = states > 1 && best.smiles ? `${best.label}, docked as ${best.smiles}` : best.label;
  return `docked ${what}, the best top score won: ${winner} (${runs.map(score).join('; ')} kcal/mol)`;
}

/**
 * Text users read (engine logs, failure reasons) with the agent's absolute paths under `root` written relative to
 * `base` (the batch's folder): `ligands/sti/ligand.pdbqt`, `../receptors/…`; other paths are left as they are.
 */
export function relativePaths(text: string, base: string, root: string = base): string {
  const under = root.endsWith('/') ? root : `${root}/`;
  return text.replace(/\/[^\s'"`:;,]+/g, (path) =>
    isAbsolute(path) && (path === root || path.startsWith(under)) ? relative(base, path) || '.' : path,
  );
}

/** One engine run on one prepared conformer, then its poses as SDF with bond orders. */
async function dockPrepared(
  ligand: LigandInput,
  context: LigandContext,
  run: { dir: string; ligandPath: string; templatePath: string; progress: (fraction: number) => number },
): Promise<DockedPoses | Extract<LigandOutcome, { status: 'failed' }>> {
  const { input, engine, tools, signal } = context;
  const emit = input.onEvent ?? (() => undefined);
  const phase = input.phase ?? ((_phase, _ligandId, work) => work());
  const { dir } = run;
  const outPath = join(dir, `poses.${engine.outputExtension}`);
  const logPath = join(dir, `${engine.name}.log`);
  if (context.zinc) {
    const unmapped = unmappedLigandTypes(await readFile(run.ligandPath, 'utf8'));
    if (unmapped) return { ligandId: ligand.ligandId, status: 'failed', stage: 'docking', reason: unmapped };
  }
  const args = engine.args({
    receptorPath: context.receptorPath,
    ligandPath: run.ligandPath,
    box: context.box,
    autobox: input.autoboxLigandPath
      ? { ligandPath: input.autoboxLigandPath, addAngstrom: input.autoboxAddAngstrom ?? DEFAULT_AUTOBOX_ADD_ANGSTROM }
      : undefined,
    params: context.gpu ? { ...input.params, device: context.gpu.device } : input.params,
    cpu: context.cpu,
    outPath,
    ...(context.zinc ? { ad4Maps: context.zinc.maps.prefix } : {}),
  });
  emit({ ligandId: ligand.ligandId, stage: 'docking', progress: run.progress(0) });
  let reported = 0;
  const result = await phase('docking', ligand.ligandId, () =>
    runProcess(context.tools[engine.name], args, {
      cwd: dir,
      signal,
      ...(context.gpu ? { env: context.gpu.env } : {}),
      onStdout: (stdout) => {
        const progress = engine.progress(stdout);
        if (progress !== null && progress - reported >= 0.1) {
          reported = progress;
          emit({ ligandId: ligand.ligandId, stage: 'docking', progress: run.progress(progress) });
        }
      },
    }),
  ).catch((error: unknown) => error as Error);
  const shown = (text: string) => relativePaths(text, input.workDir, input.hidePathsUnder ?? input.workDir);
  const failed = (reason: string, withLog = true): Extract<LigandOutcome, { status: 'failed' }> => ({
    ligandId: ligand.ligandId,
    status: 'failed',
    stage: 'docking',
    reason: shown(reason),
    ...(withLog ? { logPath } : {}),
  });
  if (result instanceof Error) return failed(`${engine.name} could not start: ${result.message}`, false);
  await writeFile(
    logPath,
    shown(
      `$ ${
        context.gpu
          ? `${Object.entries(context.gpu.env)
              .map(([k, v]) => `${k}=${v} `)
              .join('')}`
          : ''
      }${engine.name} ${args.join(' ')}\n${result.stdout}${result.stderr ? `\n--- stderr ---\n${result.stderr}` : ''}`,
    ),
  );
  if (signal.aborted) return failed('stopped');
  if (result.exitCode !== 0) return failed(describeFailure(engine.name, result));

  const outputText = await readFile(outPath, 'utf8').catch(() => '');
  const parsed = engine.parsePoses(outputText);
  if (parsed.length === 0) return failed(`${engine.name} wrote no poses`);

  // Is each pose believable (inside the box, touching the receptor, no clash, bonds as prepared)? Data on every pose,
  // and a note when the best one is not.
  const checked = await posesValidity({
    posesPath: outPath,
    format: engine.outputExtension,
    preparedPath: run.ligandPath,
    receptorPath: context.receptorPath,
    box: context.box,
    affinities: parsed.map((pose) => pose.affinityKcalMol),
  });
  const poses =
    checked && checked.validity.length === parsed.length
      ? parsed.map((pose, i) => ({ ...pose, validity: checked.validity[i]! }))
      : parsed;
  const notes: string[] = [];
  let posesSdfPath = outPath;
  if (engine.outputExtension === 'pdbqt') {
    posesSdfPath = join(dir, 'poses.sdf');
    const sdf = await writePosesSdf(
      { name: ligand.name, templatePath: run.templatePath, posesPdbqtPath: outPath, outSdfPath: posesSdfPath, poses },
      tools,
      signal,
    );
    if (!sdf.ok) return failed(`writing the poses SDF failed: ${sdf.reason}`);
    notes.push(...sdf.notes);
  }
  if (checked?.note && poses[0]?.validity) notes.push(checked.note);
  return {
    poses,
    posesSdfPath,
    posesPdbqtPath: engine.outputExtension === 'pdbqt' ? outPath : null,
    logPath,
    notes,
  };
}

/** One signal for "stop now": the caller's cancellation or the batch deadline, whichever comes first. */
function batchStopSignal(cancel: AbortSignal, timeoutMs: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onCancel = (): void => controller.abort(new Error('cancelled'));
  if (cancel.aborted) onCancel();
  cancel.addEventListener('abort', onCancel, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
    },
  };
}

function stoppedOutcome(ligandId: string, signal: AbortSignal): Extract<LigandOutcome, { status: 'failed' }> {
  const reason = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
  const stage = reason.startsWith('timeout') ? 'timeout' : 'cancelled';
  return {
    ligandId,
    status: 'failed',
    stage,
    reason: stage === 'timeout' ? `batch ${reason}` : 'the task was cancelled',
  };
}

/** Runs `work` over items with at most `slots` at once; results keep the input order. */
export async function mapWithSlots<T, R>(items: T[], slots: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots, items.length) }, worker));
  return results;
}

function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'ligand';
}
