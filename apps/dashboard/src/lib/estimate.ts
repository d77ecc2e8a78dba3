// A rough work estimate for a docking job, shown before submitting. Vina's search cost grows about linearly with
// exhaustiveness and with the number of ligands; one exhaustiveness unit of a drug-sized ligand in a 20–25 Å box
// takes roughly 3 s on one CPU core. Rough by design: it tells minutes from days.
export const SECONDS_PER_EXHAUSTIVENESS_UNIT = 3;

export interface WorkEstimate {
  units: number;
  slots: number;
  seconds: number | null;
}

export function estimateWork(
  ligandCount: number,
  exhaustiveness: number,
  freeSlots: number,
  boxVolumeAngstrom3 = 12_000,
): WorkEstimate {
  const units = ligandCount * exhaustiveness;
  const boxFactor = Math.max(1, boxVolumeAngstrom3 / 12_000);
  const seconds = freeSlots > 0 ? (units * SECONDS_PER_EXHAUSTIVENESS_UNIT * boxFactor) / freeSlots : null;
  return { units, slots: freeSlots, seconds };
}

export interface RemainingEstimate {
  /** Seconds left at the pace measured so far; null before the first ligand finished. */
  seconds: number | null;
  /** Ligands with a final outcome, and how long they took since the first task started. */
  done: number;
  elapsedSeconds: number;
}

/**
 * What is left of a running job at the pace measured so far: ligands finish one by one (each is recorded as soon as
 * it is docked), so the time per finished ligand since the job started, times the ligands still open, corrects the
 * rough estimate made before submitting with this job's own engine times on the agents it actually got.
 */
export function estimateRemaining(
  done: number,
  total: number,
  startedAt: Date | null,
  now: Date = new Date(),
): RemainingEstimate {
  const elapsedSeconds = startedAt ? Math.max(0, (now.getTime() - startedAt.getTime()) / 1_000) : 0;
  if (!startedAt || done <= 0 || total <= 0) return { seconds: null, done, elapsedSeconds };
  const left = Math.max(0, total - done);
  return { seconds: (elapsedSeconds / done) * left, done, elapsedSeconds };
}
