// The poses' protein–ligand interactions (PLIP, DOCKING_SCIENCE.md "Interactions") as the results pages show them:
// names and colours per kind, a pose's list in reading order, the residue labels of the 3D view, and the interaction
// fingerprint of a job (ligands × residues).
import type { InteractionTypeName } from '@mad/protocol/interaction-keys';

export interface ShownInteraction {
  type: InteractionTypeName;
  residue: { name: string; number: number; chain: string };
  distance: number;
  angle: number | null;
  detail: string | null;
  ligandAtoms: { index: number; name: string }[];
  proteinAtoms: { serial: number; name: string }[];
  ligandPoint: { x: number; y: number; z: number };
  proteinPoint: { x: number; y: number; z: number };
}

export const INTERACTION_KINDS: Record<InteractionTypeName, { label: string; color: string }> = {
  hydrogen_bond: { label: 'Hydrogen bond', color: '#2563eb' },
  salt_bridge: { label: 'Salt bridge', color: '#dc2626' },
  pi_stacking: { label: 'π-stacking', color: '#16a34a' },
  pi_cation: { label: 'π-cation', color: '#ea580c' },
  halogen_bond: { label: 'Halogen bond', color: '#0891b2' },
  metal_complex: { label: 'Metal coordination', color: '#7c3aed' },
  water_bridge: { label: 'Water bridge', color: '#0ea5e9' },
  hydrophobic: { label: 'Hydrophobic contact', color: '#9ca3af' },
};

/** Strongest kinds first (the order of INTERACTION_KINDS), then by residue number and distance. */
const KIND_ORDER = Object.keys(INTERACTION_KINDS) as InteractionTypeName[];

/** "A:MET318" (no chain: "MET318"). */
export const residueLabel = (r: { name: string; number: number; chain: string }) =>
  `${r.chain ? `${r.chain}:` : ''}${r.name}${r.number}`;

export function sortInteractions<T extends Pick<ShownInteraction, 'type' | 'residue' | 'distance'>>(
  list: readonly T[],
) {
  return [...list].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.type) - KIND_ORDER.indexOf(b.type) ||
      a.residue.number - b.residue.number ||
      a.distance - b.distance,
  );
}

/** One label per interacting residue, at its atom nearest the ligand, in the colour of its strongest kind. */
export function residueLabels(list: readonly ShownInteraction[]) {
  const byResidue = new Map<string, ShownInteraction>();
  for (const interaction of sortInteractions(list)) {
    const key = residueLabel(interaction.residue);
    if (!byResidue.has(key)) byResidue.set(key, interaction);
  }
  return [...byResidue].map(([text, i]) => ({
    text,
    position: i.proteinPoint,
    color: INTERACTION_KINDS[i.type].color,
  }));
}

export interface FingerprintInput {
  ligandId: string;
  ligandName: string;
  interactions: readonly Pick<ShownInteraction, 'type' | 'residue'>[] | null;
}

export interface Fingerprint {
  /** Residues that interact with any ligand's best pose, by chain and number. */
  residues: { key: string; name: string; number: number; chain: string }[];
  /** One row per ligand with a profiled best pose; cells by residue key: the kinds and how many. */
  ligands: {
    ligandId: string;
    ligandName: string;
    cells: Map<string, { count: number; types: InteractionTypeName[] }>;
  }[];
  /** Ligands whose best pose was not profiled (not shown as rows without interactions). */
  notProfiled: number;
  /** The largest count of any cell (the heat map's top colour). */
  max: number;
}

/** The interaction fingerprint: which residues each ligand's best pose touches, and how (a heat map's data). */
export function fingerprint(rows: readonly FingerprintInput[]): Fingerprint {
  const residues = new Map<string, Fingerprint['residues'][number]>();
  const ligands: Fingerprint['ligands'] = [];
  let notProfiled = 0;
  let max = 0;
  for (const row of rows) {
    if (row.interactions === null) {
      notProfiled += 1;
      continue;
    }
    const cells = new Map<string, { count: number; types: InteractionTypeName[] }>();
    for (const { type, residue } of row.interactions) {
      const key = residueLabel(residue);
      residues.set(key, { key, ...residue });
      const cell = cells.get(key) ?? { count: 0, types: [] };
      cell.count += 1;
      if (!cell.types.includes(type)) cell.types.push(type);
      max = Math.max(max, cell.count);
      cells.set(key, cell);
    }
    for (const cell of cells.values()) cell.types.sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
    ligands.push({ ligandId: row.ligandId, ligandName: row.ligandName, cells });
  }
  return {
    residues: [...residues.values()].sort((a, b) => a.chain.localeCompare(b.chain) || a.number - b.number),
    ligands,
    notProfiled,
    max,
  };
}

/** A cell's background: white to the strongest kind's colour, by count relative to the job's largest. */
export function heatColor(cell: { count: number; types: InteractionTypeName[] } | undefined, max: number): string {
  if (!cell || max === 0) return 'transparent';
  const color = INTERACTION_KINDS[cell.types[0]!].color;
  const alpha = Math.round((0.25 + 0.75 * (cell.count / max)) * 255)
    .toString(16)
    .padStart(2, '0');
  return `${color}${alpha}`;
}
