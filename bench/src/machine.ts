// What a result depends on: the machine (cores, memory, CPU model) and the versions of every program in the path.
import { execFile } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface MachineInfo {
  cpuCount: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
}

export interface Versions {
  node: string;
  postgres: string | null;
  nats: string | null;
  vina: string | null;
  openBabel: string | null;
  rdkit: string | null;
  chromium: string | null;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuCount: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: totalmem() / 1024 ** 3,
    kernel: `Linux ${release()}`,
  };
}

export function loadAverage1m(): number {
  return loadavg()[0] ?? 0;
}

/** The first x.y[.z] in a program's version banner ("AutoDock Vina v1.2.3" → "1.2.3"). */
export function versionIn(banner: string): string | null {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(banner)?.[1] ?? null;
}

async function programVersion(file: string, args: string[]): Promise<string | null> {
  try {
    const { stdout, stderr } = await run(file, args, { timeout: 10_000 });
    return versionIn(`${stdout}\n${stderr}`);
  } catch {
    return null;
  }
}

async function postgresVersion(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return versionIn(rows[0]?.server_version ?? '');
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface VersionSources {
  databaseUrl: string;
  natsServerBin: string;
  chromiumPath: string;
  /** The python3 that has RDKit (Debian's /usr/bin/python3, not the first on PATH). */
  python: string;
}

export async function versions(sources: VersionSources): Promise<Versions> {
  const [postgres, nats, vina, openBabel, rdkit, chromium] = await Promise.all([
    postgresVersion(sources.databaseUrl),
    programVersion(sources.natsServerBin, ['--version']),
    programVersion('vina', ['--version']),
    programVersion('obabel', ['-V']),
    programVersion(sources.python, ['-c', 'import rdkit; print(rdkit.__version__)']),
    programVersion(sources.chromiumPath, ['--version']),
  ]);
  return { node: process.versions.node, postgres, nats, vina, openBabel, rdkit, chromium };
}
