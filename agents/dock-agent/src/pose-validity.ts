// The validity checks of a ligand's best pose, on the agent (it has the prepared ligand, the receptor and the box):
// @mad/chem's poseChecks (PoseBusters' thresholds; DOCKING_SCIENCE.md "Pose validity"). A failing pose is reported
// as a note on the ligand naming the failed checks by code, so a pose in empty space at 0.00 kcal/mol never reads as
// a plain success.
import { readFile } from 'node:fs/promises';
import { pdbLigandAtoms, poseChecks, type BindingBox, type PoseChecks } from '@mad/chem';

type Atoms = ReturnType<typeof pdbLigandAtoms>;
let receptorMemo: { path: string; atoms: Promise<Atoms> } | null = null;

/** The receptor's atoms, read once per receptor file (a batch docks every ligand into the same one). */
function receptorAtoms(path: string): Promise<Atoms> {
  if (receptorMemo?.path !== path)
    receptorMemo = {
      path,
      atoms: readFile(path, 'utf8').then((text) => pdbLigandAtoms(text, path.toLowerCase().endsWith('.pdbqt'))),
    };
  return receptorMemo.atoms;
}

/** The checks of the first model of `posesPdbqt` (the engine's best pose); null when it has no atoms. */
export function bestPoseChecks(input: {
  posesPdbqt: string;
  /** The prepared ligand as docked (null: docked from SDF; bond lengths are then not compared). */
  preparedPdbqt: string | null;
  receptor: Atoms;
  box: BindingBox;
  affinityKcalMol: number | null;
}): PoseChecks | null {
  const pose = pdbLigandAtoms(input.posesPdbqt, true);
  if (pose.length === 0) return null;
  const prepared = input.preparedPdbqt === null ? [] : pdbLigandAtoms(input.preparedPdbqt, true);
  return poseChecks(pose, input.box, input.receptor, input.affinityKcalMol, prepared.length > 0 ? prepared : undefined);
}

/** The note for a best pose that fails its checks ("pose 1 fails validity checks: no_receptor_contact, …"). */
export function validityNote(checks: PoseChecks | null): string | null {
  if (!checks || checks.failed.length === 0) return null;
  return `pose 1 fails validity checks: ${checks.failed.join(', ')} (${checks.flags.join('; ')})`;
}

/** The note of a docked ligand's best pose from its files; null when it passes or cannot be read. */
export async function bestPoseValidityNote(input: {
  posesPdbqtPath: string;
  preparedPdbqtPath: string | null;
  receptorPath: string;
  box: BindingBox;
  affinityKcalMol: number | null;
}): Promise<string | null> {
  try {
    const [posesPdbqt, preparedPdbqt, receptor] = await Promise.all([
      readFile(input.posesPdbqtPath, 'utf8'),
      input.preparedPdbqtPath === null ? null : readFile(input.preparedPdbqtPath, 'utf8'),
      receptorAtoms(input.receptorPath),
    ]);
    return validityNote(
      bestPoseChecks({ posesPdbqt, preparedPdbqt, receptor, box: input.box, affinityKcalMol: input.affinityKcalMol }),
    );
  } catch {
    return null;
  }
}
