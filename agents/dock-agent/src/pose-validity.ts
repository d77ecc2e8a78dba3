// The validity checks of every pose a ligand's engine wrote, on the agent (it has the prepared ligand, the receptor and
// the box): @mad/chem's poseChecks (PoseBusters' thresholds; DOCKING_SCIENCE.md "Pose validity"). Each pose carries
// its `validity { valid, failed[] }` in the report (the data the server stores, answers and filters on); a failing
// best pose also adds a note naming the failed checks by code and in words.
import { readFile } from 'node:fs/promises';
import { pdbLigandAtoms, poseChecks, poseValidity, sdfAtoms, type BindingBox, type PoseChecks } from '@mad/chem';
import type { PoseValidity } from '@mad/protocol';
import { parseGninaSdf } from './engines/smina-gnina.js';

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

/** The models of a PDBQT poses file (MODEL … ENDMDL), in order; a file without MODEL records is one model. */
export function pdbqtModels(text: string): string[] {
  if (!/^MODEL/m.test(text)) return [text];
  const models: string[] = [];
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('MODEL')) current = [];
    else if (line.startsWith('ENDMDL')) {
      if (current) models.push(current.join('\n'));
      current = null;
    } else current?.push(line);
  }
  if (current) models.push(current.join('\n'));
  return models;
}

/** Each pose's atoms, in the file's order: PDBQT models (Vina, Smina) or the first ligand's SDF records (Smina, Gnina). */
export function poseAtoms(text: string, format: 'pdbqt' | 'sdf'): Atoms[] {
  if (format === 'pdbqt') return pdbqtModels(text).map((model) => pdbLigandAtoms(model, true));
  return (parseGninaSdf(text)[0]?.records ?? []).map((record) => sdfAtoms(record.text));
}

/**
 * The checks of every pose, in the file's order (pose rank n is the n-th); `affinities[i]` is pose i+1's score.
 * `reference`: the prepared ligand as docked; its bonds are compared only with a pose of the same atom count (an
 * engine that wrote fewer atoms, Smina's SDF without hydrogens, is not a broken pose).
 */
export function posesChecks(input: {
  poses: readonly Atoms[];
  reference: Atoms | null;
  receptor: Atoms;
  box: BindingBox;
  affinities: readonly (number | null)[];
}): PoseChecks[] {
  return input.poses.map((pose, i) => {
    const reference =
      input.reference && input.reference.length === pose.length && pose.length > 0 ? input.reference : undefined;
    return poseChecks(pose, input.box, input.receptor, input.affinities[i] ?? null, reference);
  });
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
  const pose = poseAtoms(input.posesPdbqt, 'pdbqt')[0] ?? [];
  if (pose.length === 0) return null;
  const prepared = input.preparedPdbqt === null ? [] : pdbLigandAtoms(input.preparedPdbqt, true);
  return poseChecks(pose, input.box, input.receptor, input.affinityKcalMol, prepared.length > 0 ? prepared : undefined);
}

/** The note for a best pose that fails its checks ("pose 1 fails validity checks: no_receptor_contact, …"). */
export function validityNote(checks: PoseChecks | null): string | null {
  if (!checks || checks.failed.length === 0) return null;
  return `pose 1 fails validity checks: ${checks.failed.join(', ')} (${checks.flags.join('; ')})`;
}

/** Every pose's validity (in rank order) and the best pose's note; null when the files cannot be read. */
export async function posesValidity(input: {
  /** The engine's poses file: PDBQT models or SDF records, best first. */
  posesPath: string;
  format: 'pdbqt' | 'sdf';
  /** The prepared ligand the engine docked (PDBQT or SDF template); null: bonds are not compared. */
  preparedPath: string | null;
  receptorPath: string;
  box: BindingBox;
  affinities: readonly (number | null)[];
}): Promise<{ validity: PoseValidity[]; note: string | null } | null> {
  try {
    const [posesText, preparedText, receptor] = await Promise.all([
      readFile(input.posesPath, 'utf8'),
      input.preparedPath === null ? null : readFile(input.preparedPath, 'utf8'),
      receptorAtoms(input.receptorPath),
    ]);
    const poses = poseAtoms(posesText, input.format);
    if (poses.length === 0 || poses.some((atoms) => atoms.length === 0)) return null;
    const reference =
      preparedText === null
        ? null
        : input.preparedPath!.toLowerCase().endsWith('.pdbqt')
          ? pdbLigandAtoms(preparedText, true)
          : sdfAtoms(preparedText);
    const checks = posesChecks({ poses, reference, receptor, box: input.box, affinities: input.affinities });
    return { validity: checks.map(poseValidity), note: validityNote(checks[0] ?? null) };
  } catch {
    return null;
  }
}
