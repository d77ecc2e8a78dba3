// Vina run directly, without the platform: the baselines of the engine-overhead benchmark.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpuTimes } from './proc.js';
import type { BindingBox } from '@mad/protocol';

export interface DirectJob {
  name: string;
  receptorPdbqt: string;
  ligandPdbqt: string;
  box: BindingBox;
}

export interface VinaParams {
  exhaustiveness: number;
  numModes: number;
  energyRange: number;
  seed: number;
}

export interface DirectResult {
  name: string;
  wallSeconds: number;
  topAffinityKcalMol: number | null;
}

export interface RunTotals {
  wallSeconds: number;
  /** CPU of the vina processes (user + system), from this process's reaped-children times. */
  cpuSeconds: number;
  results: DirectResult[];
}

export function vinaArgs(job: DirectJob, params: VinaParams, cpu: number, outPath: string): string[] {
  const { center, size } = job.box;
  return [
    '--receptor',
    job.receptorPdbqt,
    '--ligand',
    job.ligandPdbqt,
    '--center_x',
    String(center.x),
    '--center_y',
    String(center.y),
    '--center_z',
    String(center.z),
    '--size_x',
    String(size.x),
    '--size_y',
    String(size.y),
    '--size_z',
    String(size.z),
    '--exhaustiveness',
    String(params.exhaustiveness),
    '--num_modes',
    String(params.numModes),
    '--energy_range',
    String(params.energyRange),
    '--seed',
    String(params.seed),
    '--cpu',
    String(cpu),
    '--out',
    outPath,
  ];
}

/** The first pose's affinity from a Vina output PDBQT ("REMARK VINA RESULT:    -9.1   0.000   0.000"). */
export function topAffinity(pdbqt: string): number | null {
  const match = /^REMARK VINA RESULT:\s+(-?[\d.]+)/m.exec(pdbqt);
  return match ? Number(match[1]) : null;
}

async function runVina(job: DirectJob, params: VinaParams, cpu: number, outDir: string): Promise<DirectResult> {
  const outPath = join(outDir, `${job.name}_out.pdbqt`);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('vina', vinaArgs(job, params, cpu, outPath), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vina on ${job.name} exited ${code}: ${stderr.trim().slice(-300)}`)),
    );
  });
  const wallSeconds = (performance.now() - started) / 1000;
  return { name: job.name, wallSeconds, topAffinityKcalMol: topAffinity(await readFile(outPath, 'utf8')) };
}

async function childrenCpu(): Promise<number> {
  return (await cpuTimes('self'))?.childrenSeconds ?? 0;
}

/** Runs jobs on `workers` parallel slots, each vina with `cpuPerProcess`, taking jobs in the given order. */
export async function runDirect(
  jobs: readonly DirectJob[],
  params: VinaParams,
  options: { workers: number; cpuPerProcess: number; outDir: string },
): Promise<RunTotals> {
  const cpuBefore = await childrenCpu();
  const started = performance.now();
  const queue = [...jobs];
  const results: DirectResult[] = [];
  const slot = async () => {
    for (let job = queue.shift(); job; job = queue.shift())
      results.push(await runVina(job, params, options.cpuPerProcess, options.outDir));
  };
  await Promise.all(Array.from({ length: options.workers }, slot));
  return { wallSeconds: (performance.now() - started) / 1000, cpuSeconds: (await childrenCpu()) - cpuBefore, results };
}

/** Longest-processing-time-first order (from measured times), which keeps parallel slots evenly loaded at the end. */
export function longestFirst<T extends { name: string }>(
  jobs: readonly T[],
  secondsByName: ReadonlyMap<string, number>,
): T[] {
  return [...jobs].sort((a, b) => (secondsByName.get(b.name) ?? 0) - (secondsByName.get(a.name) ?? 0));
}
