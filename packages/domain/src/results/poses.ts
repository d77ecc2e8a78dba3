// A pose as the agents report it (@mad/protocol's Pose), as docking_results stores it, and as the API answers it
// (PoseOut: its validity always present, null when not checked): the one mapping between them, used by the worker
// (writing) and the results (reading).
import { z } from 'zod';
import { Interaction, InteractionProfiler, interactionKeys, Pose, PoseInteractions, PoseValidity } from '@mad/protocol';

/** A pose's validity as stored (valid, failed_checks) and answered; null: not checked. */
export const ValidityOut = PoseValidity.nullable()
  .describe(
    'The validity checks of the pose (ligand: of its best pose, rank 1), DOCKING_SCIENCE.md "Pose validity": valid when it fails none; failed names the failed checks (outside_box, no_receptor_contact, steric_clash, bond_lengths, no_favourable_score). A ligand whose best pose fails is flagged, not a plain success. null: not checked (a failed ligand, or a result from an agent older than the checks)',
  )
  .meta({ example: { valid: false, failed: ['no_receptor_contact', 'no_favourable_score'] } });

/** A pose as the results answer it: validity and the interaction fields always present (null when not computed). */
export const PoseOut = Pose.extend({
  validity: ValidityOut,
  interactions: z
    .array(Interaction)
    .nullable()
    .describe(
      'The protein–ligand interactions PLIP found in this pose (DOCKING_SCIENCE.md "Interactions"); [] profiled and none found; null not profiled (interactionsReason says why)',
    ),
  interactionsReason: z.string().nullable().describe('Why interactions is null (null when profiled)'),
  interactionProfiler: InteractionProfiler.nullable().describe('What profiled the pose: PLIP and its version'),
});
export type PoseOut = z.infer<typeof PoseOut>;

/** The pose columns of a docking_results row. */
export interface PoseRow {
  pose_rank: number;
  affinity_kcal_mol: number;
  rmsd_lb: number | null;
  rmsd_ub: number | null;
  cnn_score: number | null;
  cnn_affinity: number | null;
  cnn_vs: number | null;
  valid: boolean | null;
  failed_checks: string[] | null;
  /** PoseInteractions as stored (jsonb); null: recorded before interaction profiling. */
  interactions: PoseInteractions | null;
}

/** What a pose row writes beside its columns: the results filter's keys of its interactions. */
export type PoseInsertRow = PoseRow & { interaction_keys: string[] | null };

/** The columns `poseOfRow` reads, for a select list. */
export const POSE_COLUMNS = [
  'pose_rank',
  'affinity_kcal_mol',
  'rmsd_lb',
  'rmsd_ub',
  'cnn_score',
  'cnn_affinity',
  'cnn_vs',
  'valid',
  'failed_checks',
  'interactions',
] as const satisfies readonly (keyof PoseRow)[];

/** The stored columns of a validity (both null when it was not checked). */
export const validityColumns = (validity: PoseValidity | null | undefined) => ({
  valid: validity?.valid ?? null,
  failed_checks: validity ? validity.failed : null,
});

/** The validity of stored columns; null when not checked. */
export const validityOf = (row: { valid: boolean | null; failed_checks: string[] | null }): PoseValidity | null =>
  row.valid === null ? null : { valid: row.valid, failed: row.failed_checks ?? [] };

const BEFORE_PROFILING = 'not profiled: recorded before interaction profiling';

/** A pose's interactions as stored: null when the agent said nothing of them (older agents). */
const storedInteractions = (pose: Pose): PoseInteractions | null =>
  pose.interactions === undefined && pose.interactionsReason === undefined
    ? null
    : {
        interactions: pose.interactions ?? null,
        reason: pose.interactions ? null : (pose.interactionsReason ?? 'not profiled'),
        profiler: pose.interactionProfiler ?? null,
      };

export const poseRow = (pose: Pose): PoseInsertRow => {
  const interactions = storedInteractions(pose);
  return {
    pose_rank: pose.rank,
    affinity_kcal_mol: pose.affinityKcalMol,
    rmsd_lb: pose.rmsdLowerBound,
    rmsd_ub: pose.rmsdUpperBound,
    cnn_score: pose.cnnScore,
    cnn_affinity: pose.cnnAffinity,
    cnn_vs: pose.cnnVs,
    ...validityColumns(pose.validity),
    interactions,
    interaction_keys: interactions?.interactions ? interactionKeys(interactions.interactions) : null,
  };
};

export const poseOfRow = (row: PoseRow): PoseOut => {
  const stored = row.interactions === null ? null : PoseInteractions.safeParse(row.interactions);
  const profile = stored?.success ? stored.data : null;
  return {
    rank: row.pose_rank,
    affinityKcalMol: row.affinity_kcal_mol,
    rmsdLowerBound: row.rmsd_lb,
    rmsdUpperBound: row.rmsd_ub,
    cnnScore: row.cnn_score,
    cnnAffinity: row.cnn_affinity,
    cnnVs: row.cnn_vs,
    validity: validityOf(row),
    interactions: profile?.interactions ?? null,
    interactionsReason: profile
      ? profile.interactions
        ? null
        : (profile.reason ?? 'not profiled')
      : stored
        ? 'not profiled: the stored interactions could not be read'
        : BEFORE_PROFILING,
    interactionProfiler: profile?.profiler ?? null,
  };
};
