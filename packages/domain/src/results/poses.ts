// A pose as the agents report it and the API answers it (@mad/protocol's Pose), and as docking_results stores it:
// the one mapping between the two, used by the worker (writing) and the results (reading).
import type { Pose } from '@mad/protocol';

/** The pose columns of a docking_results row. */
export interface PoseRow {
  pose_rank: number;
  affinity_kcal_mol: number;
  rmsd_lb: number | null;
  rmsd_ub: number | null;
  cnn_score: number | null;
  cnn_affinity: number | null;
  cnn_vs: number | null;
}

/** The columns `poseOfRow` reads, for a select list. */
export const POSE_COLUMNS = [
  'pose_rank',
  'affinity_kcal_mol',
  'rmsd_lb',
  'rmsd_ub',
  'cnn_score',
  'cnn_affinity',
  'cnn_vs',
] as const satisfies readonly (keyof PoseRow)[];

export const poseRow = (pose: Pose): PoseRow => ({
  pose_rank: pose.rank,
  affinity_kcal_mol: pose.affinityKcalMol,
  rmsd_lb: pose.rmsdLowerBound,
  rmsd_ub: pose.rmsdUpperBound,
  cnn_score: pose.cnnScore,
  cnn_affinity: pose.cnnAffinity,
  cnn_vs: pose.cnnVs,
});

export const poseOfRow = (row: PoseRow): Pose => ({
  rank: row.pose_rank,
  affinityKcalMol: row.affinity_kcal_mol,
  rmsdLowerBound: row.rmsd_lb,
  rmsdUpperBound: row.rmsd_ub,
  cnnScore: row.cnn_score,
  cnnAffinity: row.cnn_affinity,
  cnnVs: row.cnn_vs,
});
