// The docking parameters every side agrees on: their bounds and defaults. The job request (API), the task message
// (wire), the engine adapters and the dashboard's form all take them from here. Browser-safe (no imports): the
// dashboard imports `@mad/protocol/docking-params`.

/** Inclusive bounds and the default of each numeric parameter (energyRange: > min, not ≥). */
export const DOCKING_PARAM_BOUNDS = {
  exhaustiveness: { min: 1, max: 512, default: 8 },
  numModes: { min: 1, max: 100, default: 9 },
  energyRange: { min: 0, max: 100, default: 3 },
  seed: { min: -2_147_483_648, max: 2_147_483_647 },
  /** CPUs of one engine process when the request names them (the request's cpuPerTask, the task's cpu). */
  cpu: { min: 1, max: 256 },
} as const;

/**
 * cpuPerTask 'auto' (the default): the agent sizes `--cpu` to its cores and the ligands it holds (a lone ligand gets
 * every core, a batch one single-CPU engine per core; DOCKING_SCIENCE.md "Slots"). On the wire it is cpu 0. The
 * engine log of each ligand starts with the exact command line, `--cpu` included.
 */
export const CPU_AUTO = 'auto' as const;
export const WIRE_CPU_AUTO = 0;

/** gnina's CNN use; gnina's own default is 'rescore'. */
export const CNN_SCORING_MODES = ['none', 'rescore', 'refinement', 'all'] as const;
export type CnnScoring = (typeof CNN_SCORING_MODES)[number];

/** The defaults a form starts from (the seed is chosen and recorded by the server when left out). */
export const DEFAULT_DOCKING_PARAMS = {
  exhaustiveness: DOCKING_PARAM_BOUNDS.exhaustiveness.default,
  numModes: DOCKING_PARAM_BOUNDS.numModes.default,
  energyRange: DOCKING_PARAM_BOUNDS.energyRange.default,
  cpuPerTask: CPU_AUTO,
} as const;
