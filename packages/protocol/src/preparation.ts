// The version of the agents' ligand and receptor preparation (agents/dock-agent/python, src/prep): part of every
// result's provenance and of result-cache signatures, so a docking prepared by older code is never mistaken for one
// prepared by the current code. Bumped (by whoever changes what preparation writes) with a line in
// project_design/DOCKING_SCIENCE.md "Preparation versions" saying what changed.
export const PREPARATION_VERSION = 'prep-2026.12-7';

/**
 * What the agents' ligand preparation does when a task names no options (part of every ligand signature):
 * ringConformers = conformers with distinct ring shapes docked per ligand from SMILES (DOCKING_SCIENCE.md step 7),
 * states = protonation/tautomer states with different H-bond donors/acceptors docked per ligand from SMILES
 * ("Protonation and tautomer states"); ring conformers x states at most 4 dockings per ligand.
 */
export const DEFAULT_LIGAND_PREPARATION = {
  strategy: 'lowest-energy',
  numConformers: 10,
  ringConformers: 3,
  states: 3,
} as const;
