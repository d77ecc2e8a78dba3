// Binding boxes as the engines take them (the shape of @mad/protocol BindingBox): a centre and an edge length per
// axis, in ångström. Same convention as @mad/chem box.ts (autobox padding 4 Å), which is server-side only.
import type { Atom } from './structure.js';

export interface BindingBox {
  center: { x: number; y: number; z: number };
  size: { x: number; y: number; z: number };
}

export const AXES = ['x', 'y', 'z'] as const;

/** The box around a ligand or a HETATM group, padded on every side (Vina's autobox convention: 4 Å). */
export function boxAroundAtoms(atoms: readonly Atom[], paddingAngstrom = 4): BindingBox {
  if (atoms.length === 0) throw new Error('no atoms to put a box around');
  const low = { x: Infinity, y: Infinity, z: Infinity };
  const high = { x: -Infinity, y: -Infinity, z: -Infinity };
  for (const atom of atoms) {
    for (const axis of AXES) {
      low[axis] = Math.min(low[axis], atom[axis]);
      high[axis] = Math.max(high[axis], atom[axis]);
    }
  }
  const center = { x: 0, y: 0, z: 0 };
  const size = { x: 0, y: 0, z: 0 };
  for (const axis of AXES) {
    center[axis] = round3((low[axis] + high[axis]) / 2);
    size[axis] = round3(high[axis] - low[axis] + 2 * paddingAngstrom);
  }
  return { center, size };
}

/** Blind docking: the whole receptor, padded like an autobox. */
export function blindBox(receptorAtoms: readonly Atom[]): BindingBox {
  return boxAroundAtoms(receptorAtoms, 4);
}

export function boxVolumeAngstrom3(box: BindingBox): number {
  return box.size.x * box.size.y * box.size.z;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
