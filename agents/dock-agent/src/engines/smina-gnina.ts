// smina and gnina (their documented CLIs; gnina is smina plus CNN scoring): command lines and output SDF.
import { boxArgs, searchArgs } from './box-args.js';
import { parseSdfRecords, type SdfRecord } from './sdf-records.js';
import type { DockingEngine, EngineRun, Pose } from './types.js';

export const sminaEngine: DockingEngine = {
  name: 'smina',
  ligandFormat: 'sdf',
  outputExtension: 'sdf',
  args: sminaArgs,
  parsePoses: parseFirstLigandPoses,
  progress: () => null,
};

export const gninaEngine: DockingEngine = { ...sminaEngine, name: 'gnina', args: gninaArgs };

/** -r/-l/-o plus either the explicit box or --autobox_ligand/--autobox_add (smina computes that box itself). */
export function sminaArgs(run: EngineRun): string[] {
  const site = run.autobox
    ? ['--autobox_ligand', run.autobox.ligandPath, '--autobox_add', String(run.autobox.addAngstrom)]
    : boxArgs(run.box);
  return ['-r', run.receptorPath, '-l', run.ligandPath, ...site, ...searchArgs(run), '-o', run.outPath];
}

export function gninaArgs(run: EngineRun): string[] {
  const { cnnScoring, device } = run.params;
  const cnn = cnnScoring ? ['--cnn_scoring', cnnScoring] : [];
  const gpu = device === undefined ? [] : device === 'cpu' ? ['--no_gpu'] : ['--device', device];
  return [...sminaArgs(run), ...cnn, ...gpu];
}

/** One docked ligand's poses: gnina writes them as consecutive records with the same title. */
export interface DockedLigand {
  title: string;
  poses: Pose[];
  records: SdfRecord[];
}

/**
 * Groups an output SDF into ligands (consecutive records with one title) and reads each pose's tags.
 * Rank is the engine's order (gnina sorts by CNNscore unless --pose_sort_order says otherwise); zero CNN values
 * are omitted by gnina, so an absent tag is null.
 */
export function parseGninaSdf(text: string): DockedLigand[] {
  const ligands: DockedLigand[] = [];
  for (const record of parseSdfRecords(text)) {
    let current = ligands.at(-1);
    if (current?.title !== record.title) {
      current = { title: record.title, poses: [], records: [] };
      ligands.push(current);
    }
    current.records.push(record);
    current.poses.push(poseFromTags(record, current.poses.length + 1));
  }
  return ligands;
}

function parseFirstLigandPoses(text: string): Pose[] {
  return parseGninaSdf(text)[0]?.poses ?? [];
}

function poseFromTags(record: SdfRecord, rank: number): Pose {
  const number = (tag: string): number | null => {
    const value = record.tags.get(tag);
    if (value === undefined) return null;
    const parsed = Number(value);
    if (!Number.isFinite(parsed))
      throw new Error(`pose ${rank} of "${record.title}": <${tag}> is not a number: ${value}`);
    return parsed;
  };
  const affinity = number('minimizedAffinity');
  if (affinity === null) throw new Error(`pose ${rank} of "${record.title}" has no <minimizedAffinity>`);
  return {
    rank,
    affinityKcalMol: affinity,
    rmsdLowerBound: null,
    rmsdUpperBound: null,
    cnnScore: number('CNNscore'),
    cnnAffinity: number('CNNaffinity'),
    cnnVs: number('CNN_VS'),
    cnnAffinityVariance: number('CNNaffinity_variance'),
    minimizedRmsd: number('minimizedRMSD'),
  };
}
