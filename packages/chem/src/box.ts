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

/**
 * PoseBusters' clash rule (minimum_distance_to_protein): a ligand–receptor heavy-atom pair closer than this fraction of
 * the sum of their van der Waals radii clashes: 2.55 Å for C–C, 2.44 Å for C–N, 2.30 Å for N–O (hydrogen-bond pairs
 * are 2.6–3.2 Å, so they pass), metals left out (they coordinate closer).
 */
export const CLASH_VDW_RATIO = 0.75;
/** A pose with no receptor heavy atom this close to any of its heavy atoms touches nothing. */
export const CONTACT_ANGSTROM = 4.0;
/** PoseBusters' bond_lengths tolerance: each bond of the pose within these fractions of the prepared ligand's. */
export const BOND_LENGTH_RATIO = { min: 0.75, max: 1.25 } as const;
/** How far a pose's atom may stick out of the box (atoms, not only the ligand's centre, are searched inside it). */
const OUTSIDE_TOLERANCE_ANGSTROM = 1.0;
const METALS = new Set(['ZN', 'MG', 'CA', 'MN', 'FE', 'CU', 'CO', 'NI', 'NA', 'K', 'CD', 'HG']);
/** Bondi van der Waals radii, Å (PoseBusters uses the same table through RDKit); 1.8 Å for anything else. */
const VDW_RADIUS: Record<string, number> = {
  C: 1.7,
  N: 1.55,
  O: 1.52,
  F: 1.47,
  P: 1.8,
  S: 1.8,
  CL: 1.75,
  BR: 1.85,
  I: 1.98,
  SE: 1.9,
  B: 1.92,
};
/** Covalent radii, Å (Cordero 2008), to find the prepared ligand's bonds from its coordinates. */
const COVALENT_RADIUS: Record<string, number> = {
  H: 0.31,
  C: 0.76,
  N: 0.71,
  O: 0.66,
  F: 0.57,
  P: 1.07,
  S: 1.05,
  CL: 1.02,
  BR: 1.2,
  I: 1.39,
  SE: 1.2,
  B: 0.84,
};
/** AutoDock atom types to elements (PDBQT column 78: A is aromatic carbon, OA/NA/SA acceptors, HD polar H). */
const AUTODOCK_TYPES: Record<string, string> = { A: 'C', OA: 'O', NA: 'N', SA: 'S', HD: 'H', HS: 'H', NS: 'N' };
const elementOf = (element: string | undefined) => {
  const upper = (element ?? '').toUpperCase();
  return AUTODOCK_TYPES[upper] ?? upper;
};

/** The checks a pose can fail, as stable codes (API field `failed`); DOCKING_SCIENCE.md "Pose validity". */
export const POSE_CHECKS = [
  'outside_box',
  'no_receptor_contact',
  'steric_clash',
  'bond_lengths',
  'no_favourable_score',
] as const;
export type PoseCheck = (typeof POSE_CHECKS)[number];

/** Each check's name as a chemist reads it ("flagged: no receptor contact, steric clash"). */
export const POSE_CHECK_NAMES: Record<PoseCheck, string> = {
  outside_box: 'outside the box',
  no_receptor_contact: 'no receptor contact',
  steric_clash: 'steric clash',
  bond_lengths: 'bond lengths',
  no_favourable_score: 'no favourable score',
};

/** A check code in words; a code this build does not know (a newer agent's) as itself, underscores as spaces. */
export const poseCheckName = (code: string): string =>
  (POSE_CHECK_NAMES as Record<string, string>)[code] ?? code.replace(/_/g, ' ');

/** What is stored and answered of a pose's checks: valid when it failed none, and the failed checks' codes. */
export interface PoseValidity {
  valid: boolean;
  failed: string[];
}

export const poseValidity = (checks: Pick<PoseChecks, 'failed'>): PoseValidity => ({
  valid: checks.failed.length === 0,
  failed: [...checks.failed],
});

export interface PoseChecks {
  heavyAtoms: number;
  outsideBox: number;
  receptorContacts: number;
  clashes: number;
  /** The closest ligand–receptor heavy-atom distance, Å (null: no receptor atom within the contact distance). */
  minDistanceAngstrom: number | null;
  /** Bonds compared with the prepared ligand's (0: no reference given) and how many are out of tolerance. */
  bondsChecked: number;
  bondsOutOfRange: number;
  /** The checks it failed, as codes; empty when it passes. */
  failed: PoseCheck[];
  /** What is wrong with the pose, in words (one per failed check); empty when it passes. */
  flags: string[];
}

type Atom = Vec3 & { element?: string };
const distance = (a: Vec3, b: Vec3) => Math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2 + (a.z - b.z) ** 2);

/**
 * The pose's bonds against the prepared ligand's (the same atoms in the same order, as Vina, Smina and Gnina write
 * them): a bond is a pair of the reference closer than the sum of their covalent radii plus 0.45 Å; the pose keeps
 * it when its length is within BOND_LENGTH_RATIO of the reference's. Torsional docking moves no bond, so a failure
 * means a broken or mis-assigned pose.
 */
export function bondLengthChecks(
  pose: readonly Atom[],
  reference: readonly Atom[],
): { bondsChecked: number; bondsOutOfRange: number } {
  if (pose.length !== reference.length) return { bondsChecked: 0, bondsOutOfRange: reference.length || 1 };
  let bondsChecked = 0;
  let bondsOutOfRange = 0;
  for (let i = 0; i < reference.length; i++)
    for (let j = i + 1; j < reference.length; j++) {
      const a = reference[i]!;
      const b = reference[j]!;
      const limit =
        (COVALENT_RADIUS[elementOf(a.element)] ?? 0.77) + (COVALENT_RADIUS[elementOf(b.element)] ?? 0.77) + 0.45;
      const length = distance(a, b);
      if (length > limit || length === 0) continue;
      bondsChecked += 1;
      const ratio = distance(pose[i]!, pose[j]!) / length;
      if (ratio < BOND_LENGTH_RATIO.min || ratio > BOND_LENGTH_RATIO.max) bondsOutOfRange += 1;
    }
  return { bondsChecked, bondsOutOfRange };
}

/**
 * Validity checks of a docked pose against its box, receptor and prepared ligand (PoseBusters' checks are the
 * reference): heavy atoms inside the search box, at least one receptor heavy atom within CONTACT_ANGSTROM, no steric
 * clash (CLASH_VDW_RATIO), bond lengths as prepared (when `reference` is given), and a score below 0.00 kcal/mol
 * (Vina's answer for a ligand that touches nothing). A flagged pose is a result to distrust, not a success.
 * Elements may be AutoDock types (A, OA, NA, HD …).
 */
export function poseChecks(
  pose: readonly (Vec3 & { element: string })[],
  box: BindingBox,
  receptorAtoms: readonly Atom[],
  affinityKcalMol: number | null,
  reference?: readonly Atom[],
): PoseChecks {
  const heavy = pose.filter((atom) => elementOf(atom.element) !== 'H' && elementOf(atom.element) !== 'D');
  const receptor = receptorAtoms.filter((atom) => elementOf(atom.element) !== 'H' && elementOf(atom.element) !== 'D');
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
  let nearest = Infinity;
  for (const r of receptor) {
    let touches = false;
    const rElement = elementOf(r.element);
    const rRadius = VDW_RADIUS[rElement] ?? 1.8;
    for (const l of heavy) {
      const dx = r.x - l.x;
      if (dx > CONTACT_ANGSTROM || dx < -CONTACT_ANGSTROM) continue;
      const d = Math.sqrt(dx * dx + (r.y - l.y) ** 2 + (r.z - l.z) ** 2);
      if (d > CONTACT_ANGSTROM) continue;
      touches = true;
      nearest = Math.min(nearest, d);
      const limit = CLASH_VDW_RATIO * (rRadius + (VDW_RADIUS[elementOf(l.element)] ?? 1.8));
      if (d < limit && !METALS.has(rElement)) clashes += 1;
    }
    if (touches) receptorContacts += 1;
  }
  const bonds = reference ? bondLengthChecks(pose, reference) : { bondsChecked: 0, bondsOutOfRange: 0 };
  const failed: PoseCheck[] = [];
  const flags: string[] = [];
  const fail = (check: PoseCheck, words: string) => {
    failed.push(check);
    flags.push(words);
  };
  if (outsideBox > 0) fail('outside_box', `${outsideBox} of ${heavy.length} heavy atoms lie outside the box`);
  if (receptorContacts === 0)
    fail(
      'no_receptor_contact',
      `no receptor atom within ${CONTACT_ANGSTROM} Å of the pose: it does not touch the protein`,
    );
  if (clashes > 0)
    fail(
      'steric_clash',
      `${clashes} ligand–receptor atom pair(s) closer than ${CLASH_VDW_RATIO} of their van der Waals radii (steric clash)`,
    );
  if (bonds.bondsOutOfRange > 0)
    fail(
      'bond_lengths',
      `${bonds.bondsOutOfRange} of ${bonds.bondsChecked} bonds differ from the prepared ligand's by over 25 %`,
    );
  if (affinityKcalMol !== null && affinityKcalMol >= 0)
    fail(
      'no_favourable_score',
      `affinity ${affinityKcalMol.toFixed(2)} kcal/mol: the engine scored no favourable interaction`,
    );
  return {
    heavyAtoms: heavy.length,
    outsideBox,
    receptorContacts,
    clashes,
    minDistanceAngstrom: Number.isFinite(nearest) ? Math.round(nearest * 100) / 100 : null,
    ...bonds,
    failed,
    flags,
  };
}
