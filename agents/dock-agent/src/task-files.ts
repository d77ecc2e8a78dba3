// An attempt's files, moved only through the task's presigned URLs: the inputs downloaded into its work folder, each
// ligand's outputs uploaded. A ligand whose file cannot be fetched, or whose poses cannot be stored, fails alone.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Pose, type LigandResult, type TaskMessage } from '@mad/protocol';
import type { BatchInput, LigandOutcome } from './engines/types.js';
import type { TransferTimer } from './agent-metrics.js';
import { download, uploadFile, type DownloadCache } from './transfer.js';

export interface TaskInputs {
  receptorPath: string;
  /** The ligands to dock: SMILES as given, files at their downloaded paths. */
  ligands: BatchInput['ligands'];
  /** The ligands whose file could not be downloaded, failed at preparation. */
  downloadFailures: LigandResult[];
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const stored = (transfer: Promise<unknown>) =>
  transfer.then(
    () => true,
    () => false,
  );

/** The receptor (shared by the job's tasks: cached) and the ligand files. */
export async function downloadInputs(
  task: TaskMessage,
  workDir: string,
  receptors: DownloadCache,
  signal: AbortSignal,
  timer: TransferTimer | undefined,
): Promise<TaskInputs> {
  await mkdir(join(workDir, 'inputs'), { recursive: true });
  const receptorPath = join(workDir, 'inputs', `receptor.${task.receptor.format}`);
  await receptors.download(task.receptor.url, receptorPath, signal, timer);
  const downloadFailures: LigandResult[] = [];
  const ligands: BatchInput['ligands'] = [];
  for (const [index, ligand] of task.ligands.entries()) {
    if (ligand.source.kind === 'smiles') {
      ligands.push({ ligandId: ligand.ligandId, name: ligand.name, source: ligand.source });
      continue;
    }
    const path = join(workDir, 'inputs', `ligand-${index + 1}.${ligand.source.format}`);
    try {
      await download(ligand.source.url, path, signal, timer);
      ligands.push({
        ligandId: ligand.ligandId,
        name: ligand.name,
        source: { kind: 'file', path, format: ligand.source.format },
      });
    } catch (error) {
      downloadFailures.push({
        ligandId: ligand.ligandId,
        status: 'failed',
        stage: 'preparation',
        reason: `the ligand file could not be downloaded: ${errorText(error)}`,
      });
    }
  }
  return { receptorPath, ligands, downloadFailures };
}

/** One ligand's outputs through its presigned PUTs: poses must arrive, the log is best effort. */
export async function uploadOutcome(
  task: TaskMessage,
  outcome: LigandOutcome,
  timer: TransferTimer | undefined,
): Promise<LigandResult> {
  const target = task.ligands.find((l) => l.ligandId === outcome.ligandId);
  if (!target)
    return {
      ligandId: outcome.ligandId,
      status: 'failed',
      stage: 'docking',
      reason: 'unknown ligand in the engine output',
    };
  if (outcome.status === 'failed') {
    const logUploaded = outcome.logPath
      ? await stored(uploadFile(target.outputs.log, outcome.logPath, undefined, timer))
      : false;
    return {
      ligandId: outcome.ligandId,
      status: 'failed',
      stage: outcome.stage,
      reason: outcome.reason,
      uploaded: { log: logUploaded },
    };
  }
  try {
    // The ligand's files go up side by side.
    const [, , logUploaded] = await Promise.all([
      uploadFile(target.outputs.posesSdf, outcome.posesSdfPath, undefined, timer),
      outcome.posesPdbqtPath ? uploadFile(target.outputs.posesPdbqt, outcome.posesPdbqtPath, undefined, timer) : null,
      stored(uploadFile(target.outputs.log, outcome.logPath, undefined, timer)),
    ]);
    const poses = outcome.poses.map((pose) => Pose.parse(pose));
    // The ligand's validity is its best pose's (rank 1, the engine's first).
    const best = poses.find((pose) => pose.rank === 1) ?? poses[0];
    return {
      ligandId: outcome.ligandId,
      status: 'succeeded',
      poses,
      uploaded: { posesSdf: true, posesPdbqt: outcome.posesPdbqtPath !== null, log: logUploaded },
      notes: outcome.notes,
      ...(best?.validity ? { validity: best.validity } : {}),
    };
  } catch (error) {
    return {
      ligandId: outcome.ligandId,
      status: 'failed',
      stage: 'upload',
      reason: `the poses could not be uploaded: ${errorText(error)}`,
    };
  }
}
