// The expected cost of docking one ligand (CPU-seconds of one `vina --cpu 1`), from what the agent knows before it
// prepares it: heavy atoms and rotatable bonds (from the SMILES or the file), the box volume and the exhaustiveness.
// The agent starts the most expensive waiting ligand first (cpu-pool.ts); only the order depends on it, never a
// result. The form follows Vina's search: each of `exhaustiveness` Monte Carlo runs takes
// 70·3·(50 + movable atoms + 10·degrees of freedom)/2 steps (Vina's heuristic; DOF = rotatable bonds + 6), each
// step costs about a constant plus a term per ligand atom, and the receptor grids cost per Å³ of the box. The
// coefficients are fitted on measured CPU times (PERFORMANCE.md "Scheduling: the cost model").
import type { BindingBox } from '@mad/protocol';
import type { LigandSource } from './engines/types.js';

export interface LigandFeatures {
  heavyAtoms: number;
  /** RDKit's strict count (CalcNumRotatableBonds). */
  rotatableBonds: number;
  /**
   * Terminal O, N or S on a single bond (OH, NH2, SH; not an amide's or an acid's, which the preparation keeps
   * planar or deprotonates): Vina turns their polar hydrogens as torsions too. Absent: none.
   */
  polarRotors?: number;
}

/**
 * CPU-seconds = fixed + kilo-steps × (perKiloStep + perKiloStepPerAtomSquared × (heavy atoms / 10)²) + box kÅ³ ×
 * perKiloCubicAngstrom (a step's scoring and local optimisation grow with the atom pairs). Fitted by weighted least
 * squares on 36 single-CPU Vina runs of the engine benchmark's 16 ligands (PERFORMANCE.md "Scheduling: the cost
 * model"; R² 0.90, rank correlation 0.95). The box term fitted to 0: the boxes measured (8,000-28,800 Å³) do not
 * resolve it.
 */
export const COST_MODEL = {
  perKiloStep: 0.16981,
  perKiloStepPerAtomSquared: 0.15848,
  perKiloCubicAngstrom: 0,
  fixed: 0.00252,
};

/** Vina's number of Monte Carlo steps of one run, in thousands (vina/src/lib/monte_carlo heuristic). */
export function searchKiloSteps(features: LigandFeatures): number {
  const movable = features.heavyAtoms;
  const dof = features.rotatableBonds + (features.polarRotors ?? 0) + 6;
  return (70 * 3 * (50 + movable + 10 * dof)) / 2 / 1_000;
}

/** Expected CPU-seconds of one single-CPU engine run of this ligand. */
export function expectedCost(
  features: LigandFeatures,
  box: BindingBox | null | undefined,
  exhaustiveness: number | undefined,
  model: typeof COST_MODEL = COST_MODEL,
): number {
  const runs = (exhaustiveness ?? 8) / 8;
  const steps = searchKiloSteps(features) * runs;
  const volume = box ? (box.size.x * box.size.y * box.size.z) / 1_000 : 0;
  const atoms = features.heavyAtoms / 10;
  return (
    model.fixed +
    steps * (model.perKiloStep + model.perKiloStepPerAtomSquared * atoms * atoms) +
    volume * model.perKiloCubicAngstrom
  );
}

interface Graph {
  /** Element symbol per atom, as written (aromatic in lower case). */
  elements: string[];
  /** Bonds as [a, b, order]; order 1.5 = aromatic. */
  bonds: [number, number, number][];
}

const ORGANIC = /^(Cl|Br|[BCNOPSFI]|[bcnops]|\*)/;
const BOND_ORDER: Record<string, number> = { '-': 1, '=': 2, '#': 3, $: 4, ':': 1.5, '/': 1, '\\': 1 };

/** The atoms and bonds of a SMILES (OpenSMILES: atoms, bracket atoms, bonds, branches, ring closures); hydrogens in brackets are atoms too. */
export function smilesGraph(smiles: string): Graph {
  const elements: string[] = [];
  const bonds: [number, number, number][] = [];
  const aromatic: boolean[] = [];
  const stack: number[] = [];
  const rings = new Map<string, { atom: number; order: number | null }>();
  let previous = -1;
  let pendingOrder: number | null = null;
  const addAtom = (element: string, isAromatic: boolean) => {
    const index = elements.length;
    elements.push(element);
    aromatic.push(isAromatic);
    if (previous >= 0) bonds.push([previous, index, pendingOrder ?? implicitOrder(previous, index)]);
    previous = index;
    pendingOrder = null;
  };
  const implicitOrder = (a: number, b: number) => (aromatic[a] && aromatic[b] ? 1.5 : 1);
  for (let at = 0; at < smiles.length;) {
    const char = smiles[at] as string;
    if (char === '[') {
      const end = smiles.indexOf(']', at);
      const inner = smiles.slice(at + 1, end < 0 ? undefined : end);
      const element = /^\d*([A-Z][a-z]?|[a-z][a-z]?|\*)/.exec(inner)?.[1] ?? '*';
      addAtom(element, element === element.toLowerCase() && element !== '*');
      at = end < 0 ? smiles.length : end + 1;
    } else if (ORGANIC.test(smiles.slice(at, at + 2))) {
      const element = ORGANIC.exec(smiles.slice(at, at + 2))?.[1] as string;
      addAtom(element, /^[bcnops]$/.test(element));
      at += element.length;
    } else if (char in BOND_ORDER) {
      pendingOrder = BOND_ORDER[char] as number;
      at += 1;
    } else if (char === '.') {
      previous = -1;
      pendingOrder = null;
      at += 1;
    } else if (char === '(') {
      stack.push(previous);
      at += 1;
    } else if (char === ')') {
      previous = stack.pop() ?? previous;
      at += 1;
    } else if (/[0-9%]/.test(char)) {
      const label = char === '%' ? smiles.slice(at, at + 3) : char;
      const open = rings.get(label);
      if (open) {
        rings.delete(label);
        bonds.push([open.atom, previous, pendingOrder ?? open.order ?? implicitOrder(open.atom, previous)]);
      } else {
        rings.set(label, { atom: previous, order: pendingOrder });
      }
      pendingOrder = null;
      at += label.length;
    } else {
      at += 1; // anything else (a syntax the server has refused already) is skipped
    }
  }
  return { elements, bonds };
}

const isHydrogen = (element: string) => element === 'H';

/**
 * Heavy atoms and rotatable bonds (RDKit's strict definition: a single bond outside rings between two atoms with
 * at least two heavy neighbours, neither in a triple bond, not an amide C-N) of a molecular graph.
 */
export function graphFeatures(graph: Graph): LigandFeatures {
  const heavy = graph.elements.map((e) => !isHydrogen(e));
  const heavyBonds = graph.bonds.filter(([a, b]) => heavy[a] && heavy[b]);
  const neighbours = graph.elements.map(() => [] as { atom: number; order: number; bond: number }[]);
  heavyBonds.forEach(([a, b, order], bond) => {
    neighbours[a]!.push({ atom: b, order, bond });
    neighbours[b]!.push({ atom: a, order, bond });
  });
  const inRing = ringBonds(neighbours, heavyBonds.length);
  const triple = (atom: number) => neighbours[atom]!.some((n) => n.order === 3);
  const carbonyl = (atom: number) =>
    graph.elements[atom]?.toUpperCase() === 'C' &&
    neighbours[atom]!.some((n) => n.order === 2 && graph.elements[n.atom]?.toUpperCase() === 'O');
  const amideNitrogen = (n: number, c: number) =>
    graph.elements[n]?.toUpperCase() === 'N' && neighbours[n]!.length <= 2 && carbonyl(c);
  const polarTerminal = (atom: number, other: number) =>
    neighbours[atom]!.length === 1 &&
    neighbours[other]!.length >= 2 &&
    /^[NOS]$/i.test(graph.elements[atom] ?? '') &&
    !carbonyl(other) &&
    !(graph.elements[other]?.toUpperCase() === 'S' && neighbours[other]!.some((n) => n.order === 2));
  let rotatable = 0;
  let polarRotors = 0;
  heavyBonds.forEach(([a, b, order], bond) => {
    if (order !== 1 || inRing[bond]) return;
    if (polarTerminal(a, b) || polarTerminal(b, a)) polarRotors += 1;
    if (neighbours[a]!.length < 2 || neighbours[b]!.length < 2) return;
    if (triple(a) || triple(b) || amideNitrogen(a, b) || amideNitrogen(b, a)) return;
    rotatable += 1;
  });
  return { heavyAtoms: heavy.filter(Boolean).length, rotatableBonds: rotatable, polarRotors };
}

/** Which bonds lie in a ring: those that are not bridges (Tarjan's low-link, iteratively). */
function ringBonds(neighbours: { atom: number; bond: number }[][], bondCount: number): boolean[] {
  const inRing = new Array<boolean>(bondCount).fill(true);
  const order = new Array<number>(neighbours.length).fill(-1);
  const low = new Array<number>(neighbours.length).fill(0);
  let counter = 0;
  for (let root = 0; root < neighbours.length; root += 1) {
    if (order[root]! >= 0) continue;
    const stack: { atom: number; viaBond: number; next: number }[] = [{ atom: root, viaBond: -1, next: 0 }];
    order[root] = low[root] = counter++;
    while (stack.length) {
      const frame = stack.at(-1)!;
      const edge = neighbours[frame.atom]![frame.next];
      if (edge) {
        frame.next += 1;
        if (edge.bond === frame.viaBond) continue;
        if (order[edge.atom]! < 0) {
          order[edge.atom] = low[edge.atom] = counter++;
          stack.push({ atom: edge.atom, viaBond: edge.bond, next: 0 });
        } else {
          low[frame.atom] = Math.min(low[frame.atom]!, order[edge.atom]!);
        }
        continue;
      }
      stack.pop();
      const parent = stack.at(-1);
      if (parent) {
        low[parent.atom] = Math.min(low[parent.atom]!, low[frame.atom]!);
        if (low[frame.atom]! > order[parent.atom]!) inRing[frame.viaBond] = false;
      }
    }
  }
  return inRing;
}

/** The atoms and bonds of an SD/MOL file's first record (V2000 counts line and blocks). */
export function molfileGraph(text: string): Graph | null {
  const lines = text.split(/\r?\n/);
  const counts = lines[3];
  if (!counts || !/V2000/.test(counts)) return null;
  const atoms = Number(counts.slice(0, 3));
  const bondCount = Number(counts.slice(3, 6));
  if (!Number.isInteger(atoms) || !Number.isInteger(bondCount)) return null;
  const elements = lines.slice(4, 4 + atoms).map((line) => line.slice(31, 34).trim());
  const bonds = lines.slice(4 + atoms, 4 + atoms + bondCount).map((line): [number, number, number] => {
    const order = Number(line.slice(6, 9));
    return [Number(line.slice(0, 3)) - 1, Number(line.slice(3, 6)) - 1, order === 4 ? 1.5 : order];
  });
  return { elements, bonds };
}

/** Heavy atoms of a PDB/PDBQT/MOL2 text (PDBQT's TORSDOF is its rotatable bonds; otherwise about one per 5 atoms). */
function atomListFeatures(text: string, format: 'pdb' | 'pdbqt' | 'mol2'): LigandFeatures {
  let heavyAtoms = 0;
  if (format === 'mol2') {
    const block = /@<TRIPOS>ATOM\s*\n([\s\S]*?)(?:@<TRIPOS>|$)/.exec(text)?.[1] ?? '';
    for (const line of block.split('\n')) {
      const type = line.trim().split(/\s+/)[5];
      if (type && !/^H(\.|$)/.test(type)) heavyAtoms += 1;
    }
  } else {
    for (const line of text.split('\n')) {
      if (!/^(ATOM|HETATM)/.test(line)) continue;
      const element = (format === 'pdbqt' ? line.slice(77, 79) : line.slice(76, 78)).trim();
      if (element !== 'H' && element !== 'HD') heavyAtoms += 1;
    }
  }
  const torsdof = /^TORSDOF\s+(\d+)/m.exec(text)?.[1];
  return {
    heavyAtoms,
    rotatableBonds: torsdof !== undefined ? Number(torsdof) : Math.round(heavyAtoms / 5),
  };
}

/** The features of a ligand as the agent holds it: a SMILES, or the text of its downloaded file. */
export function ligandFeatures(source: LigandSource, fileText?: string): LigandFeatures | null {
  if (source.kind === 'smiles') return graphFeatures(smilesGraph(source.smiles));
  if (fileText === undefined) return null;
  if (source.format === 'sdf') {
    const graph = molfileGraph(fileText);
    return graph ? graphFeatures(graph) : null;
  }
  return atomListFeatures(fileText, source.format);
}
