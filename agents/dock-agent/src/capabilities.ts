// What this agent can run: engines, Open Babel, RDKit, CPU cores, GPUs. Announced in the agent's heartbeats.
import { availableParallelism } from 'node:os';
import { ENGINES } from '@mad/protocol';
import { runProcess } from './engines/process.js';
import { defaultToolPaths, type EngineName, type ToolPaths } from './engines/types.js';

export interface Capabilities {
  engines: { name: EngineName; version: string; path: string }[];
  obabel: string | null;
  rdkit: string | null;
  cpuCores: number;
  gpus: { index: number; name: string; memoryMiB: number; uuid?: string }[];
}

export async function detectCapabilities(toolPaths: Partial<ToolPaths> = {}): Promise<Capabilities> {
  const tools = { ...defaultToolPaths, ...toolPaths };
  const [engineVersions, obabel, rdkit, gpus] = await Promise.all([
    Promise.all(ENGINES.map(async (name) => ({ name, version: await engineVersion(tools[name]), path: tools[name] }))),
    toolOutput(tools.obabel, ['-V']).then((out) => (out ? parseObabelVersion(out) : null)),
    toolOutput(tools.python, ['-c', 'import rdkit; print(rdkit.__version__)']).then((out) => out?.trim() || null),
    detectGpus(),
  ]);
  return {
    engines: engineVersions.filter(
      (engine): engine is { name: EngineName; version: string; path: string } => engine.version !== null,
    ),
    obabel,
    rdkit,
    cpuCores: availableParallelism(),
    gpus,
  };
}

/** "AutoDock Vina v1.2.3" -> "1.2.3"; null when the program is absent or does not answer. */
export async function engineVersion(path: string): Promise<string | null> {
  const out = await toolOutput(path, ['--version']);
  return out === null ? null : parseEngineVersion(out);
}

export function parseEngineVersion(output: string): string | null {
  // gnina prints an ASCII-art banner first; the version is the first dotted number anywhere.
  return /\bv?(\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1] ?? (output.trim().split('\n')[0] || null);
}

export function parseObabelVersion(output: string): string | null {
  return /Open Babel (\S+)/.exec(output)?.[1] ?? null;
}

/** What the agent asks nvidia-smi: one CSV row per GPU, `0, NVIDIA A100-SXM4-40GB, 40960 MiB, GPU-5f1c…`. */
export const NVIDIA_SMI_QUERY = ['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader'];

/**
 * `nvidia-smi --query-gpu=index,name,memory.total,uuid --format=csv,noheader` rows (with or without `nounits`:
 * "40960 MiB" or "40960"); a uuid cell that is not a GPU-… or MIG-… identifier ("[N/A]") is left out.
 */
export function parseNvidiaSmi(output: string): Capabilities['gpus'] {
  return output
    .split('\n')
    .map((line) => line.split(',').map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 3 && /^\d+$/.test(cells[0] ?? ''))
    .map(([index, name, memory, uuid]) => ({
      index: Number(index),
      name: name ?? '',
      memoryMiB: Number(/^(\d+(?:\.\d+)?)/.exec(memory ?? '')?.[1] ?? Number.NaN),
      ...(uuid && /^(GPU|MIG)-[0-9A-Za-z-]+$/.test(uuid) ? { uuid } : {}),
    }));
}

async function detectGpus(): Promise<Capabilities['gpus']> {
  const out = await toolOutput('nvidia-smi', NVIDIA_SMI_QUERY);
  return out ? parseNvidiaSmi(out) : [];
}

async function toolOutput(path: string, args: string[]): Promise<string | null> {
  try {
    const result = await runProcess(path, args, { signal: AbortSignal.timeout(20_000) });
    return result.exitCode === 0 ? result.stdout + result.stderr : null;
  } catch {
    return null; // not installed
  }
}
