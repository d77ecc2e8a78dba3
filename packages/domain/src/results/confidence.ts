// How far to trust a ligand's top pose, in 0..1, from what the engine output already holds (DOCKING_SCIENCE.md
// "Confidence": the features, their combination and the measurement on the redocking set that chose them).
import type { Pose } from '@mad/protocol';

/** Poses whose Vina RMSD lower bound to the top pose is below this are "the same pose" (Å). */
export const SAME_POSE_ANGSTROM = 2;
/** The score gap given when no pose is more than 2 Å away (every pose agrees with the top one), kcal/mol. */
export const GAP_CAP_KCAL_MOL = 3;
/** The combination's coefficients: logistic(GAP_WEIGHT × gap + AGREEMENT_WEIGHT × agreement + BIAS). */
export const CONFIDENCE_MODEL = { gapWeight: 2.0, agreementWeight: 2.0, bias: -1.5 } as const;

/** The features of one ligand's poses (null when they are not defined for its poses). */
export interface ConfidenceFeatures {
  /** kcal/mol between the top pose and the best pose more than 2 Å from it (capped). */
  gap: number | null;
  /** Fraction of the other poses within 2 Å of the top pose (Vina's RMSD lower bound). */
  agreement: number | null;
  /** gnina's CNNscore of the top pose (the CNN's probability that it is within 2 Å). */
  cnnScore: number | null;
}

export function confidenceFeatures(poses: readonly Pose[]): ConfidenceFeatures {
  const sorted = [...poses].sort((a, b) => a.rank - b.rank);
  const top = sorted[0];
  if (!top) return { gap: null, agreement: null, cnnScore: null };
  const others = sorted.slice(1);
  const withBounds = others.filter((p) => p.rmsdLowerBound !== null);
  let gap: number | null = null;
  let agreement: number | null = null;
  if (withBounds.length > 0) {
    const away = withBounds.filter((p) => p.rmsdLowerBound! >= SAME_POSE_ANGSTROM);
    gap = away.length
      ? Math.min(GAP_CAP_KCAL_MOL, Math.min(...away.map((p) => p.affinityKcalMol)) - top.affinityKcalMol)
      : GAP_CAP_KCAL_MOL;
    agreement = (withBounds.length - away.length) / withBounds.length;
  } else if (others.length > 0) {
    // No RMSD bounds (smina): the score gap to the second pose alone.
    gap = Math.min(GAP_CAP_KCAL_MOL, others[0]!.affinityKcalMol - top.affinityKcalMol);
  }
  return { gap, agreement, cnnScore: top.cnnScore };
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The confidence of a ligand's top pose: gnina's CNNscore when present; else the logistic combination of the score
 * gap and the pose agreement; null without poses, or with a single pose and no CNN (nothing to compare).
 */
export function confidenceScore(poses: readonly Pose[]): number | null {
  const f = confidenceFeatures(poses);
  if (f.cnnScore !== null) return round3(Math.min(1, Math.max(0, f.cnnScore)));
  if (f.gap === null) return null;
  const m = CONFIDENCE_MODEL;
  return round3(logistic(m.gapWeight * f.gap + m.agreementWeight * (f.agreement ?? 0) + m.bias));
}
