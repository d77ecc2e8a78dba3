// `mad dock`'s flags → the job request, as given: a flag left out is a key left out (the server's defaults apply and
// the job records the values that ran). Numbers are read as numbers; their bounds are the server's to check (its 400
// names the field).
import type { JobRequest } from './client.js';

/** A command line the CLI cannot run (exit code 2), as opposed to a refusal of the server. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface DockFlags {
  receptor?: string;
  ligands?: string[];
  smiles?: string[];
  'autobox-ligand'?: string;
  padding?: string;
  center?: string;
  size?: string;
  blind?: boolean;
  exhaustiveness?: string;
  'num-modes'?: string;
  'energy-range'?: string;
  seed?: string;
  'cpu-per-task'?: string;
  'cnn-scoring'?: string;
  'no-cache'?: boolean;
  name?: string;
  description?: string;
}

function number(flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${flag} ${JSON.stringify(text)} is not a number`);
  return value;
}

function vector(flag: string, text: string): { x: number; y: number; z: number } {
  const parts = text.split(',');
  if (parts.length !== 3) throw new UsageError(`--${flag} is x,y,z (three numbers, Å), not ${JSON.stringify(text)}`);
  const [x, y, z] = parts.map((part) => number(flag, part));
  return { x: x!, y: y!, z: z! };
}

/** `SMILES [name]`, as a line of a .smi file. */
export function smilesLigand(text: string): { smiles: string; name?: string } {
  const [smiles, ...name] = text.trim().split(/\s+/);
  if (!smiles) throw new UsageError('--smiles is empty');
  return name.length > 0 ? { smiles, name: name.join(' ') } : { smiles };
}

function bindingSite(flags: DockFlags, autoboxLigandId: string | undefined): JobRequest['bindingSite'] {
  const chosen = [
    flags['autobox-ligand'] !== undefined,
    flags.center !== undefined || flags.size !== undefined,
    !!flags.blind,
  ];
  if (chosen.filter(Boolean).length !== 1)
    throw new UsageError('give one binding site: --autobox-ligand FILE, --center x,y,z --size x,y,z, or --blind');
  const padding = flags.padding === undefined ? {} : { paddingAngstrom: number('padding', flags.padding) };
  if (flags.blind) return { mode: 'blind', ...padding };
  if (flags['autobox-ligand'] !== undefined) return { mode: 'autobox', ligandId: autoboxLigandId, ...padding };
  if (flags.padding !== undefined) throw new UsageError('--padding goes with --autobox-ligand or --blind, not a box');
  if (flags.center === undefined || flags.size === undefined) throw new UsageError('a box needs --center and --size');
  return { mode: 'box', center: vector('center', flags.center), size: vector('size', flags.size) };
}

type Params = NonNullable<JobRequest['params']>;
const numericParams = [
  ['exhaustiveness', 'exhaustiveness'],
  ['num-modes', 'numModes'],
  ['energy-range', 'energyRange'],
  ['seed', 'seed'],
  ['cpu-per-task', 'cpuPerTask'],
] as const satisfies readonly (readonly [keyof DockFlags, keyof Params])[];

function params(flags: DockFlags): Params | undefined {
  const given: Params = {};
  for (const [flag, key] of numericParams) {
    const text = flags[flag];
    if (text === undefined) continue;
    if (key === 'cpuPerTask' && text === 'auto') given.cpuPerTask = 'auto';
    else given[key] = number(flag, text);
  }
  if (flags['cnn-scoring'] !== undefined) given.cnnScoring = flags['cnn-scoring'] as Params['cnnScoring'];
  return Object.keys(given).length > 0 ? given : undefined;
}

/** The job request of the uploaded ids and the flags; keys only for what was given. */
export function jobRequest(
  ids: { receptorId: string; ligandIds: string[]; autoboxLigandId: string | undefined },
  flags: DockFlags,
): JobRequest {
  const ligands = (flags.smiles ?? []).map(smilesLigand);
  const jobParams = params(flags);
  return {
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    receptorId: ids.receptorId,
    ...(ids.ligandIds.length > 0 ? { ligandIds: ids.ligandIds } : {}),
    ...(ligands.length > 0 ? { ligands } : {}),
    bindingSite: bindingSite(flags, ids.autoboxLigandId),
    ...(jobParams ? { params: jobParams } : {}),
    ...(flags['no-cache'] ? { useCache: false } : {}),
  };
}
