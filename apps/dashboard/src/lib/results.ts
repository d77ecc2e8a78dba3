// Sorting, filtering and exporting docking results (one row per ligand's best pose, or per pose).
import { poseCheckName } from '@mad/chem/box';

export interface ScoreRow {
  ligandName: string;
  affinityKcalMol: number | null;
  cnnScore: number | null;
  heavyAtoms: number | null;
}

export type SortKey = 'affinity' | 'cnnScore' | 'ligandEfficiency' | 'name';

export const SORT_LABELS: Record<SortKey, string> = {
  affinity: 'affinity',
  cnnScore: 'CNN score',
  ligandEfficiency: 'ligand efficiency',
  name: 'name',
};

/** Ligand efficiency: binding energy per heavy atom, −affinity / heavy atoms (kcal/mol per atom; higher is better). */
export function ligandEfficiency(row: ScoreRow): number | null {
  if (row.affinityKcalMol === null || !row.heavyAtoms) return null;
  return -row.affinityKcalMol / row.heavyAtoms;
}

/** Best first for each key: lowest affinity, highest CNN score, highest efficiency; missing values last. */
export function sortRows<T extends ScoreRow>(rows: readonly T[], key: SortKey, descending = false): T[] {
  const value = (row: T): number | string | null =>
    key === 'affinity'
      ? row.affinityKcalMol
      : key === 'cnnScore'
        ? row.cnnScore
        : key === 'ligandEfficiency'
          ? ligandEfficiency(row)
          : row.ligandName;
  const bestFirst = key === 'affinity' || key === 'name' ? 1 : -1;
  const sign = descending ? -bestFirst : bestFirst;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    return (typeof va === 'string' ? va.localeCompare(String(vb)) : va - (vb as number)) * sign;
  });
}

export function filterRows<T extends ScoreRow>(
  rows: readonly T[],
  filter: { text?: string; maxAffinity?: number | null },
): T[] {
  const text = filter.text?.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (!text || row.ligandName.toLowerCase().includes(text)) &&
      (filter.maxAffinity === null ||
        filter.maxAffinity === undefined ||
        (row.affinityKcalMol !== null && row.affinityKcalMol <= filter.maxAffinity)),
  );
}

/** A pose's or ligand's validity checks as the API answers them (null: not checked). */
export interface Validity {
  valid: boolean;
  failed: string[];
}

/**
 * "flagged: no receptor contact, no favourable score" for a result whose (best) pose fails the validity checks
 * (DOCKING_SCIENCE.md "Pose validity"); null when it passes or was not checked.
 */
export function flaggedText(validity: Validity | null | undefined): string | null {
  if (!validity || validity.valid) return null;
  const names = validity.failed.map(poseCheckName);
  return `flagged: ${names.length ? names.join(', ') : 'fails the validity checks'}`;
}
