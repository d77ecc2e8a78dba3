// Benchmark 1, engine overhead: the same ligands docked (a) by vina directly, one process per ligand with every
// core, (b) in the best direct arrangement (parallel single-CPU processes, longest first), and (c) through the
// platform, REST submit to results stored, with one local agent.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { notRun, type Benchmark } from './context.js';
import { longestFirst, runDirect, type DirectJob, type RunTotals, type VinaParams } from './direct.js';
import { BENCH_LIGANDS, dockingTargets, readBox, type BenchLigand } from './ligands.js';
import { dockThroughPlatform, type PlatformRun } from './platform.js';
import { prepareLigand, type PreparedLigand } from './prep.js';
import { cpuTimes } from './proc.js';
import type { Measurement, SectionResult } from './report.js';
import { MissingPieceError } from './stack.js';

const NAME = 'engine overhead';
/** dockstring's seed, for preparation and docking alike. */
export const BENCH_SEED = 974528263;

const TARGET_ORDER = ['ABL1', 'CYP3A4', 'ESR1', 'PGR', 'DRD2', '1IEP'];

/**
 * The full set; for smaller runs the smallest ligands first (a smoke run should take seconds); for larger ones (64)
 * the 16 again on the other targets in turn (round r docks each ligand on the r-th target after its own), named
 * `<ligand>-on-<target>`, so the set grows in docking work without a ligand the bench has not checked.
 */
export function pickLigands(count: number): BenchLigand[] {
  if (count < BENCH_LIGANDS.length)
    return [...BENCH_LIGANDS].sort((a, b) => a.smiles.length - b.smiles.length).slice(0, count);
  const picked = [...BENCH_LIGANDS];
  for (let round = 1; picked.length < count && round < TARGET_ORDER.length; round += 1) {
    for (const ligand of BENCH_LIGANDS) {
      if (picked.length >= count) break;
      const target = TARGET_ORDER[(TARGET_ORDER.indexOf(ligand.target) + round) % TARGET_ORDER.length] as string;
      picked.push({ ...ligand, name: `${ligand.name}-on-${target}`, target });
    }
  }
  return picked;
}

/** The section's name: the 16-ligand run is "engine overhead"; a larger set gets its own section beside it. */
export const engineSectionName = (count: number) => (count > BENCH_LIGANDS.length ? `${NAME}, ${count} ligands` : NAME);

async function inParallel<T, R>(items: readonly T[], workers: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const queue = items.map((item, index) => ({ item, index }));
  const results = new Array<R>(items.length);
  const slot = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results[next.index] = await work(next.item);
  };
  await Promise.all(Array.from({ length: workers }, slot));
  return results;
}

const childrenCpu = async () => (await cpuTimes('self'))?.childrenSeconds ?? 0;

/** The ratio rows: wall time of the platform over a direct arrangement plus the same preparation. */
export function overheadMeasurements(
  prepWallSeconds: number,
  a: RunTotals,
  b: RunTotals,
  c: PlatformRun | null,
): Measurement[] {
  const ratio = (direct: RunTotals) => (c ? c.wallSeconds / (direct.wallSeconds + prepWallSeconds) : null);
  const engineOnly = (direct: RunTotals) => (c ? c.wallSeconds / direct.wallSeconds : null);
  return [
    {
      metric: 'c/a wall (with preparation)',
      value: ratio(a),
      unit: '×',
      target: { op: '<', value: 1 },
      note: 'platform ÷ (a + preparation)',
    },
    {
      metric: 'c/b wall (with preparation)',
      value: ratio(b),
      unit: '×',
      target: { op: '<=', value: 1.05 },
      note: 'platform ÷ (b + preparation)',
    },
    { metric: 'c/a wall (engine only)', value: engineOnly(a), unit: '×', note: 'platform (prepares too) ÷ a' },
    { metric: 'c/b wall (engine only)', value: engineOnly(b), unit: '×', note: 'platform (prepares too) ÷ b' },
  ];
}

export function maxAffinityDifference(
  first: ReadonlyMap<string, number | null>,
  second: ReadonlyMap<string, number | null>,
): number | null {
  let max: number | null = null;
  for (const [name, affinity] of first) {
    const other = second.get(name);
    if (affinity === null || other === null || other === undefined) continue;
    max = Math.max(max ?? 0, Math.abs(affinity - other));
  }
  return max;
}

export const engineOverhead: Benchmark = async (context) => {
  const ligands = pickLigands(context.sizes.engineLigands);
  const name = engineSectionName(ligands.length);
  const cores = cpus().length;
  const params: VinaParams = {
    exhaustiveness: context.sizes.exhaustiveness,
    numModes: 9,
    energyRange: 3,
    seed: BENCH_SEED,
  };
  const parameters = {
    ligands: ligands.map((l) => `${l.name}@${l.target}`).join(' '),
    ...params,
    cores,
    prepSeed: BENCH_SEED,
  };
  const targets = new Map(dockingTargets(context.sharedDataDir).map((t) => [t.name, t]));
  const workDir = await mkdtemp(join(tmpdir(), 'mad-bench-engine-'));
  try {
    // Preparation, on every core (one ligand per process), timed apart from docking.
    context.log(`engine: preparing ${ligands.length} ligands`);
    const prepCpuBefore = await childrenCpu();
    const prepStarted = performance.now();
    let prepared: PreparedLigand[];
    try {
      prepared = await inParallel(ligands, cores, async (ligand) => {
        const outDir = join(workDir, 'prep', ligand.name);
        await mkdir(outDir, { recursive: true });
        return prepareLigand(ligand.smiles, ligand.name, outDir, {
          repoRoot: context.repoRoot,
          python: context.env.RDKIT_PYTHON,
          seed: BENCH_SEED,
        });
      });
    } catch (error) {
      if (error instanceof MissingPieceError) return notRun(name, 'skipped', error.message, parameters);
      throw error;
    }
    const prepWallSeconds = (performance.now() - prepStarted) / 1000;
    const prepCpuSeconds = (await childrenCpu()) - prepCpuBefore;

    const jobs: DirectJob[] = [];
    for (const [index, ligand] of ligands.entries()) {
      const target = targets.get(ligand.target);
      if (!target) throw new Error(`no target ${ligand.target}`);
      jobs.push({
        name: ligand.name,
        receptorPdbqt: target.receptorPdbqt,
        ligandPdbqt: (prepared[index] as PreparedLigand).pdbqtPath,
        box: await readBox(target),
      });
    }
    const outDir = (arrangement: string) => join(workDir, arrangement);
    await Promise.all(['a', 'b'].map((arrangement) => mkdir(outDir(arrangement))));

    context.log(`engine: (a) vina, one process per ligand, --cpu ${cores}`);
    const a = await runDirect(jobs, params, { workers: 1, cpuPerProcess: cores, outDir: outDir('a') });
    context.log(`engine: (a) ${a.wallSeconds.toFixed(1)} s; (b) ${cores} parallel --cpu 1 processes, longest first`);
    const b = await runDirect(longestFirst(jobs, new Map(a.results.map((r) => [r.name, r.wallSeconds]))), params, {
      workers: cores,
      cpuPerProcess: 1,
      outDir: outDir('b'),
    });
    context.log(`engine: (b) ${b.wallSeconds.toFixed(1)} s; (c) through the platform`);

    let c: PlatformRun | null = null;
    let platformProblem: string | null = null;
    try {
      c = await dockThroughPlatform(context, ligands, targets, params);
    } catch (error) {
      platformProblem = error instanceof Error ? error.message : String(error);
      if (!(error instanceof MissingPieceError)) context.log(`engine: (c) failed: ${platformProblem}`);
    }

    // (d) a one-ligand job: the ligand of (a) that took longest, alone through the platform, against its (a) run
    // (`vina --cpu <all cores>`) plus its own preparation. Only for the 16-ligand set (the 64 reuse the same one).
    let single: { name: string; platform: PlatformRun; direct: number } | null = null;
    if (c && ligands.length <= BENCH_LIGANDS.length) {
      const longest = [...a.results].sort((x, y) => y.wallSeconds - x.wallSeconds)[0];
      const ligand = ligands.find((l) => l.name === longest?.name);
      const prepSeconds = prepared.find((p) => p.name === longest?.name)?.seconds ?? 0;
      if (longest && ligand) {
        context.log(`engine: (d) one-ligand job of ${ligand.name} through the platform`);
        try {
          single = {
            name: ligand.name,
            platform: await dockThroughPlatform(context, [ligand], targets, params),
            direct: longest.wallSeconds + prepSeconds,
          };
        } catch (error) {
          context.log(`engine: (d) failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    const affinities = (run: RunTotals) => new Map(run.results.map((r) => [r.name, r.topAffinityKcalMol]));
    const measurements: Measurement[] = [
      {
        metric: 'preparation wall',
        value: prepWallSeconds,
        unit: 's',
        note: `${cores} parallel preparations (RDKit + Open Babel)`,
      },
      { metric: 'preparation CPU', value: prepCpuSeconds, unit: 's' },
      { metric: '(a) vina --cpu all, wall', value: a.wallSeconds, unit: 's' },
      { metric: '(a) CPU', value: a.cpuSeconds, unit: 's' },
      { metric: '(b) parallel --cpu 1, wall', value: b.wallSeconds, unit: 's' },
      { metric: '(b) CPU', value: b.cpuSeconds, unit: 's' },
      {
        metric: '(c) platform, wall',
        value: c?.wallSeconds ?? null,
        unit: 's',
        note: c ? 'REST submit → results stored' : (platformProblem ?? ''),
      },
      {
        metric: '(c) CPU',
        value: c?.cpuSeconds ?? null,
        unit: 's',
        note: c ? 'server + worker + agent (+ children) + Postgres backends' : '',
      },
      ...overheadMeasurements(prepWallSeconds, a, b, c),
      {
        metric: 'max |Δ top affinity| a vs b',
        value: maxAffinityDifference(affinities(a), affinities(b)),
        unit: 'kcal/mol',
        target: { op: '<=', value: 0 },
        note: 'one seed: --cpu changes nothing',
      },
      {
        metric: 'max |Δ top affinity| b vs c',
        value: c ? maxAffinityDifference(affinities(b), c.topAffinities) : null,
        unit: 'kcal/mol',
        target: { op: '<=', value: 0 },
        note: 'the platform must reproduce the direct runs exactly',
      },
      ...(single
        ? [
            {
              metric: `(d) one-ligand job (${single.name}), wall`,
              value: single.platform.wallSeconds,
              unit: 's',
              note: 'REST submit → COMPLETED, one job of one ligand',
            },
            {
              metric: '(d) one-ligand job ÷ (a) of that ligand + its preparation',
              value: single.platform.wallSeconds / single.direct,
              unit: '×',
              target: { op: '<=' as const, value: 1.05 },
              note: `(a) ${single.name}: vina --cpu ${cores} plus its preparation, ${single.direct.toFixed(1)} s`,
            },
          ]
        : []),
    ];
    const notes = [
      `(a) per ligand (s): ${a.results.map((r) => `${r.name} ${r.wallSeconds.toFixed(1)}`).join(', ')}`,
      `top affinities (b, kcal/mol): ${b.results.map((r) => `${r.name} ${r.topAffinityKcalMol ?? '—'}`).join(', ')}`,
      ...(c?.notes ?? []),
      ...(single ? single.platform.notes.map((note) => note.replace(/^\(c\)/, '(d)')) : []),
    ];
    const result: SectionResult = { name, status: c ? 'ran' : 'failed', parameters, measurements, notes };
    if (!c) result.reason = `(c) through the platform did not run: ${platformProblem}`;
    return result;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
};
