// The results filter's vocabulary of interactions, without zod (the dashboard imports it): the eight kinds, how a
// residue is written ("MET318", "A:MET318"), and the keys docking_results.interaction_keys holds (GIN-indexed).
/** PLIP's eight interaction kinds, named as the API answers them. */
export const INTERACTION_TYPES = [
  'hydrogen_bond',
  'salt_bridge',
  'hydrophobic',
  'pi_stacking',
  'pi_cation',
  'halogen_bond',
  'metal_complex',
  'water_bridge',
] as const;
export type InteractionTypeName = (typeof INTERACTION_TYPES)[number];

/** "MET318" or "A:MET318": a residue as the results filter names it (name upper-cased). */
export const RESIDUE_PATTERN = /^(?:([A-Za-z0-9]):)?([A-Za-z]{1,4})(-?\d{1,5})$/;

export function parseResidue(text: string): { name: string; number: number; chain: string | null } | null {
  const match = RESIDUE_PATTERN.exec(text.trim());
  if (!match) return null;
  return { chain: match[1]?.toUpperCase() ?? null, name: match[2]!.toUpperCase(), number: Number(match[3]) };
}

const residueLabel = (r: { name: string; number: number }) => `${r.name}${r.number}`;

/**
 * The keys an interaction is found by (stored as a text[] with a GIN index): residue, chain:residue, type,
 * type@residue and type@chain:residue.
 */
export function interactionKeys(
  interactions: readonly { type: InteractionTypeName; residue: { name: string; number: number; chain: string } }[],
): string[] {
  const keys = new Set<string>();
  for (const { type, residue } of interactions) {
    const plain = residueLabel(residue);
    const chained = `${residue.chain || '_'}:${plain}`;
    for (const key of [plain, chained, type, `${type}@${plain}`, `${type}@${chained}`]) keys.add(key);
  }
  return [...keys].sort();
}

/** The one key a filter asks for (interactsWith "A:MET318" or "MET318", type optional); null: no filter. */
export function interactionFilterKey(interactsWith: string | null, type: InteractionTypeName | null): string | null {
  const residue = interactsWith === null ? null : parseResidue(interactsWith);
  const where = residue
    ? residue.chain === null
      ? residueLabel(residue)
      : `${residue.chain}:${residueLabel(residue)}`
    : null;
  if (where && type) return `${type}@${where}`;
  return where ?? type;
}
