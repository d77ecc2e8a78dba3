// Binding-box geometry: the search space Vina/Smina/Gnina explore, as a center and a size in Å.
// Autobox follows smina's autobox_ligand/autobox_add: the atoms' bounding box grown by the padding on all six sides.
// Browser-safe (no imports, no node:*): the dashboard imports this file alone as `@mad/chem/box`.

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export interface BindingBox {
  center: Vec3;
  size: Vec3;
}

/** smina/gnina's default autobox_add: 4 Å on every side. */
export const DEFAULT_AUTOBOX_PADDING_ANGSTROM = 4;
/** Vina warns above this volume: the search becomes too sparse for the default exhaustiveness. */
export const LARGE_BOX_VOLUME_ANGSTROM3 = 27_000;

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The axis-aligned bounding box of the coordinates, grown by `paddingAngstrom` on each side. */
export function boxAroundCoordinates(
  coordinates: readonly Vec3[],
  paddingAngstrom = DEFAULT_AUTOBOX_PADDING_ANGSTROM,
): BindingBox {
  if (coordinates.length === 0) throw new Error('cannot build a box around no atoms');
  if (!(paddingAngstrom >= 0)) throw new Error(`padding must be ≥ 0 Å, got ${paddingAngstrom}`);
  const min = { x: Infinity, y: Infinity, z: Infinity };
  const max = { x: -Infinity, y: -Infinity, z: -Infinity };
  for (const atom of coordinates) {
    for (const axis of ['x', 'y', 'z'] as const) {
      min[axis] = Math.min(min[axis], atom[axis]);
      max[axis] = Math.max(max[axis], atom[axis]);
    }
  }
  const along = (axis: 'x' | 'y' | 'z') => ({
    center: round3((min[axis] + max[axis]) / 2),
    size: round3(max[axis] - min[axis] + 2 * paddingAngstrom),
  });
  const [x, y, z] = [along('x'), along('y'), along('z')];
  return { center: { x: x.center, y: y.center, z: z.center }, size: { x: x.size, y: y.size, z: z.size } };
}

/** Blind docking: the whole receptor (every atom) with the same padding as an autobox. */
export function blindBox(
  receptorCoordinates: readonly Vec3[],
  paddingAngstrom = DEFAULT_AUTOBOX_PADDING_ANGSTROM,
): BindingBox {
  return boxAroundCoordinates(receptorCoordinates, paddingAngstrom);
}

export function boxVolumeAngstrom3(box: BindingBox): number {
  return box.size.x * box.size.y * box.size.z;
}

/** Problems with a box a chemist should fix before docking; empty when the box is usable. */
export function boxErrors(box: BindingBox): string[] {
  const errors: string[] = [];
  for (const axis of ['x', 'y', 'z'] as const) {
    if (!Number.isFinite(box.center[axis])) errors.push(`box center ${axis} must be a finite number`);
    if (!(box.size[axis] > 0)) errors.push(`box size ${axis} must be > 0 Å, got ${box.size[axis]}`);
  }
  return errors;
}

/** Warnings that do not stop a job, worded like Vina's own. */
export function boxWarnings(box: BindingBox): string[] {
  const volume = boxVolumeAngstrom3(box);
  return volume > LARGE_BOX_VOLUME_ANGSTROM3
    ? [
        `the search space volume is ${Math.round(volume)} Å³, over ${LARGE_BOX_VOLUME_ANGSTROM3} Å³: Vina explores it sparsely, raise exhaustiveness or shrink the box`,
      ]
    : [];
}

/** Fewer receptor heavy atoms than this inside a box: it sits at the protein's edge or in solvent (warned). */
export const FEW_RECEPTOR_ATOMS_IN_BOX = 50;

/** A box this much larger than the padded receptor on every axis is mostly solvent (a blind box is not). */
export const OVERSIZE_MARGIN_ANGSTROM = 10;

export interface BoxFit {
  /** Receptor heavy atoms (hydrogens aside) inside the box. */
  heavyAtomsInside: number;
  /** Distance from the box centre to the nearest receptor heavy atom, Å. */
  nearestAngstrom: number;
  /** The receptor's heavy atoms with the autobox padding: the largest box that still holds only protein and its rim. */
  receptorBox: BindingBox;
  /** Why the box cannot be docked into (it holds no receptor atom). */
  errors: string[];
  /** What makes the box doubtful (few atoms inside, larger than the whole receptor). */
  warnings: string[];
}

const isHydrogen = (element: string | undefined) => element === 'H' || element === 'D' || element === 'HD';
const fmt = (v: Vec3) => `(${v.x.toFixed(1)}, ${v.y.toFixed(1)}, ${v.z.toFixed(1)})`;

/**
 * Where a box lies against the receptor: a box that contains no receptor heavy atom docks ligands in empty space
 * (Vina then scores 0.00 kcal/mol, no contact) and is an error; one with few atoms, or larger than the receptor itself
 * on every axis, is a warning. Atoms without an element count as heavy.
 */
export function boxReceptorFit(box: BindingBox, receptorAtoms: readonly (Vec3 & { element?: string })[]): BoxFit {
  const nonHydrogen = receptorAtoms.filter((atom) => !isHydrogen(atom.element));
  const heavy = nonHydrogen.length > 0 ? nonHydrogen : receptorAtoms;
  if (heavy.length === 0) throw new Error('the receptor has no atoms');
  let inside = 0;
  let nearest = Infinity;
  for (const atom of heavy) {
    const dx = atom.x - box.center.x;
    const dy = atom.y - box.center.y;
    const dz = atom.z - box.center.z;
    nearest = Math.min(nearest, Math.sqrt(dx * dx + dy * dy + dz * dz));
    if (Math.abs(dx) <= box.size.x / 2 && Math.abs(dy) <= box.size.y / 2 && Math.abs(dz) <= box.size.z / 2) inside += 1;
  }
  const receptorBox = boxAroundCoordinates(heavy);
  const errors: string[] = [];
  const warnings: string[] = [];
  const where = `the receptor spans centre ${fmt(receptorBox.center)}, size ${fmt(receptorBox.size)} Å`;
  if (inside === 0)
    errors.push(
      `the box (centre ${fmt(box.center)}, size ${fmt(box.size)} Å) contains no receptor atom; the nearest is ${nearest.toFixed(1)} Å from its centre and ${where}: move the box onto the binding site`,
    );
  else if (inside < FEW_RECEPTOR_ATOMS_IN_BOX)
    warnings.push(
      `the box contains only ${inside} receptor heavy atom(s) (a pocket box holds hundreds): it lies at the protein's edge or in solvent; ${where}`,
    );
  if ((['x', 'y', 'z'] as const).every((axis) => box.size[axis] > receptorBox.size[axis] + OVERSIZE_MARGIN_ANGSTROM))
    warnings.push(
      `the box (size ${fmt(box.size)} Å) is larger than the whole receptor with ${DEFAULT_AUTOBOX_PADDING_ANGSTROM} Å padding (${fmt(receptorBox.size)} Å) by over ${OVERSIZE_MARGIN_ANGSTROM} Å on every axis: most of it is solvent; use a blind box or a box around the pocket`,
    );
  return { heavyAtomsInside: inside, nearestAngstrom: nearest, receptorBox, errors, warnings };
}

/** Ligand–receptor heavy-atom pairs closer than this are a steric clash (metal coordination aside). */
export const CLASH_ANGSTROM = 2.0;
/** A pose with no receptor heavy atom this close to any of its heavy atoms touches nothing. */
export const CONTACT_ANGSTROM = 4.0;
/** How far a pose's atom may stick out of the box (atoms, not only the ligand's centre, are searched inside it). */
const OUTSIDE_TOLERANCE_ANGSTROM = 1.0;
const METALS = new Set(['ZN', 'MG', 'CA', 'MN', 'FE', 'CU', 'CO', 'NI', 'NA', 'K', 'CD', 'HG']);

export interface PoseChecks {
  heavyAtoms: number;
  outsideBox: number;
  receptorContacts: number;
  clashes: number;
  /** What is wrong with the pose, in words; empty when it passes. */
  flags: string[];
}

/**
 * Validity checks of a docked pose against its box and receptor (a subset of PoseBusters' intermolecular checks):
 * atoms inside the search box, any contact with the receptor, steric clashes, and a score of 0.00 kcal/mol or
 * above (Vina's answer for a ligand that touches nothing). A flagged pose is a result to distrust, not a success.
 */
export function poseChecks(
  pose: readonly (Vec3 & { element: string })[],
  box: BindingBox,
  receptorAtoms: readonly (Vec3 & { element?: string })[],
  affinityKcalMol: number | null,
): PoseChecks {
  const heavy = pose.filter((atom) => !isHydrogen(atom.element.toUpperCase()));
  const receptor = receptorAtoms.filter((atom) => !isHydrogen(atom.element?.toUpperCase()));
  let outsideBox = 0;
  for (const atom of heavy)
    if (
      (['x', 'y', 'z'] as const).some(
        (axis) => Math.abs(atom[axis] - box.center[axis]) > box.size[axis] / 2 + OUTSIDE_TOLERANCE_ANGSTROM,
      )
    )
      outsideBox += 1;
  let receptorContacts = 0;
  let clashes = 0;
  const contact2 = CONTACT_ANGSTROM ** 2;
  const clash2 = CLASH_ANGSTROM ** 2;
  for (const r of receptor) {
    let touches = false;
    for (const l of heavy) {
      const dx = r.x - l.x;
      if (dx > CONTACT_ANGSTROM || dx < -CONTACT_ANGSTROM) continue;
      const d2 = dx * dx + (r.y - l.y) ** 2 + (r.z - l.z) ** 2;
      if (d2 <= contact2) touches = true;
      if (d2 < clash2 && !METALS.has((r.element ?? '').toUpperCase())) clashes += 1;
    }
    if (touches) receptorContacts += 1;
  }
  const flags: string[] = [];
  if (outsideBox > 0) flags.push(`${outsideBox} of ${heavy.length} heavy atoms lie outside the box`);
  if (receptorContacts === 0)
    flags.push(`no receptor atom within ${CONTACT_ANGSTROM} Å of the pose: it does not touch the protein`);
  if (clashes > 0) flags.push(`${clashes} ligand–receptor atom pair(s) closer than ${CLASH_ANGSTROM} Å (steric clash)`);
  if (affinityKcalMol !== null && affinityKcalMol >= 0)
    flags.push(`affinity ${affinityKcalMol.toFixed(2)} kcal/mol: the engine scored no favourable interaction`);
  return { heavyAtoms: heavy.length, outsideBox, receptorContacts, clashes, flags };
}
