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
