// AutoDock Vina 1.2 (the real binary): command line, PDBQT output and its progress bar.
import { boxArgs, searchArgs } from './box-args.js';
import type { BindingBox, DockingEngine, EngineRun, Pose } from './types.js';

export const vinaEngine: DockingEngine = {
  name: 'vina',
  ligandFormat: 'pdbqt',
  outputExtension: 'pdbqt',
  args: vinaArgs,
  parsePoses: parseVinaPdbqt,
  progress: vinaProgress,
};

/**
 * Vina scoring docks against the receptor atoms (--receptor): Vina-scoring maps give other scores and are never used.
 * AutoDock4Zn (zinc sites, DOCKING_SCIENCE.md) docks on autogrid4's maps, whose grid is the box.
 */
export function vinaArgs(run: EngineRun): string[] {
  if (run.ad4Maps)
    return [
      '--scoring',
      'ad4',
      '--maps',
      run.ad4Maps,
      '--ligand',
      run.ligandPath,
      ...searchArgs(run),
      '--out',
      run.outPath,
    ];
  return [
    '--receptor',
    run.receptorPath,
    '--ligand',
    run.ligandPath,
    ...boxArgs(run.box),
    ...searchArgs(run),
    '--out',
    run.outPath,
  ];
}

const VINA_RESULT = /^REMARK VINA RESULT:\s+(\S+)\s+(\S+)\s+(\S+)/;

/** Poses from `REMARK VINA RESULT: affinity rmsd_lb rmsd_ub`, one per MODEL, in file order (best first). */
export function parseVinaPdbqt(text: string): Pose[] {
  const poses: Pose[] = [];
  for (const line of text.split('\n')) {
    const match = VINA_RESULT.exec(line);
    if (!match) continue;
    const [affinity, lower, upper] = [match[1], match[2], match[3]].map(Number);
    if (affinity === undefined || !Number.isFinite(affinity)) throw new Error(`bad VINA RESULT line: ${line}`);
    poses.push({
      rank: poses.length + 1,
      affinityKcalMol: affinity,
      rmsdLowerBound: finiteOrNull(lower),
      rmsdUpperBound: finiteOrNull(upper),
      cnnScore: null,
      cnnAffinity: null,
      cnnVs: null,
    });
  }
  return poses;
}

const BAR = '|----|----|----|----|----|----|----|----|----|----|';
const BAR_STARS = 51;

/** Vina prints a 51-star progress bar while docking; the share of stars printed is the progress. */
export function vinaProgress(stdoutSoFar: string): number | null {
  const at = stdoutSoFar.indexOf(BAR);
  if (at < 0) return null;
  const stars =
    stdoutSoFar
      .slice(at + BAR.length)
      .split('\n')
      .find((line) => line.includes('*')) ?? '';
  return Math.min(1, (stars.match(/\*/g)?.length ?? 0) / BAR_STARS);
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** The box of a Vina config file (`center_x = 15.190` ... `size_z = 20`), as dockstring's *_conf.txt ship it. */
export function parseVinaConfigBox(text: string): BindingBox {
  const value = (key: string): number => {
    const match = new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, 'm').exec(text);
    const parsed = Number(match?.[1]);
    if (!match || !Number.isFinite(parsed)) throw new Error(`Vina config has no numeric ${key}`);
    return parsed;
  };
  return {
    center: { x: value('center_x'), y: value('center_y'), z: value('center_z') },
    size: { x: value('size_x'), y: value('size_y'), z: value('size_z') },
  };
}
