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
