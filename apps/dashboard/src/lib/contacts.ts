// Likely hydrogen bonds between a pose and the receptor: polar heavy atoms (N, O) closer than 3.5 Å. A geometric
// hint for the eye, not an energy term.
import type { Atom } from './structure.js';

const POLAR = new Set(['N', 'O']);

export function hydrogenBondPairs(
  ligand: readonly Atom[],
  receptor: readonly Atom[],
  cutoffAngstrom = 3.5,
): [Atom, Atom][] {
  const polarReceptor = receptor.filter((atom) => POLAR.has(atom.element.toUpperCase()));
  const pairs: [Atom, Atom][] = [];
  const cutoff2 = cutoffAngstrom * cutoffAngstrom;
  for (const a of ligand) {
    if (!POLAR.has(a.element.toUpperCase())) continue;
    for (const b of polarReceptor) {
      const d2 = (a.x - b.x) ** 2 + (a.y - b.y) ** 2 + (a.z - b.z) ** 2;
      if (d2 <= cutoff2 && d2 > 1) pairs.push([a, b]);
    }
  }
  return pairs;
}
