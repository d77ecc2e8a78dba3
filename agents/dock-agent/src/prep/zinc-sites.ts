// Zinc sites of a receptor PDBQT for the AutoDock4Zn force field (Santos-Martins, Forli, Ramos & Olson 2014,
// J. Chem. Inf. Model. 54, 2371-2379, "AutoDock4Zn: an improved AutoDock force field for small-molecule docking to
// zinc metalloproteins"; AutoDock Vina's "Docking with zinc metalloproteins" tutorial). The rules of the paper's
// pseudo-atom placement, as the tutorial applies them, written here from their description:
// - a zinc's receptor coordination shell: N/O/S (or metal) atoms within 2.5 Å of it, one per coordinating group (an
//   atom within 1-2 or 1-3 bonds of a closer binder is the same group); a carboxylate's two oxygens count as one
//   point between them, weighted towards the closer oxygen;
// - exactly three such binders: the free fourth tetrahedral position gets a TZ pseudo-atom 2.0 Å from the zinc,
//   along the normal of the binders' plane on the zinc's side (where a ligand completes the tetrahedron);
// - every zinc's partial charge is 0 (the force field's zinc terms carry its interactions).
// Pure: PDBQT text in, PDBQT text and the sites found out.

export interface ZincSite {
  /** "ZN A1001" (residue name, chain, number). */
  zinc: string;
  /** The coordinating receptor atoms, closest first: "HIS A94 NE2", "ASP B297 O (carboxylate)". */
  binders: string[];
  /** The TZ pseudo-atom's position, or null (not three binders: no free tetrahedral site to point at). */
  pseudoAtom: [number, number, number] | null;
}

export interface ZincPreparation {
  /** The receptor PDBQT with zinc charges 0 and the TZ atoms appended (before a final TER/END, if any). */
  text: string;
  sites: ZincSite[];
}

/** Rules' constants (the paper's Supporting Information, as in the tutorial). */
export const ZINC_SHELL = {
  /** Receptor atoms considered around each zinc, Å. */
  neighbourCutoffAngstrom: 4.5,
  /** A binder is at most this far from the zinc, Å. */
  coordinationCutoffAngstrom: 2.5,
  /** Zinc to TZ pseudo-atom, Å. */
  pseudoAtomDistanceAngstrom: 2.0,
  /** Carboxylate averaging exponent. */
  carboxylateExponent: 0.5,
} as const;

interface ShellAtom {
  type: string;
  label: string;
  xyz: [number, number, number];
  distance: number;
}

type Vec = [number, number, number];

/** AutoDock 4 vdW diameters by element, Å: two atoms are bonded when closer than a quarter of their sum. */
const VDW_DIAMETER: Record<string, number> = {
  H: 2.0,
  C: 4.0,
  N: 3.5,
  O: 3.2,
  F: 3.1,
  MG: 1.3,
  P: 4.2,
  S: 4.0,
  CL: 4.1,
  CA: 2.0,
  MN: 1.3,
  FE: 1.3,
  ZN: 1.5,
  BR: 4.3,
  I: 4.7,
};
const ELEMENT_OF_TYPE: Record<string, string> = {
  HD: 'H',
  HS: 'H',
  A: 'C',
  NA: 'N',
  NS: 'N',
  OA: 'O',
  OS: 'O',
  SA: 'S',
};
const BINDER_TYPES = new Set(['O', 'OA', 'NA', 'N', 'S', 'SA', 'MG', 'MN', 'ZN', 'CA', 'FE', 'CU']);

const isAtomLine = (line: string) => line.startsWith('ATOM') || line.startsWith('HETATM');
const typeOf = (line: string) => line.slice(77, 79).trim();
const xyzOf = (line: string): Vec => [
  Number(line.slice(30, 38)),
  Number(line.slice(38, 46)),
  Number(line.slice(46, 54)),
];
const labelOf = (line: string) =>
  `${line.slice(17, 20).trim()} ${line[21]?.trim() ?? ''}${line.slice(22, 27).trim()} ${line.slice(12, 16).trim()}`;
const elementOf = (type: string) => ELEMENT_OF_TYPE[type.toUpperCase()] ?? type.toUpperCase();

const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec, b: Vec): Vec => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: Vec) => Math.sqrt(dot(a, a));
const distance = (a: Vec, b: Vec) => norm(sub(a, b));

function bonded(a: ShellAtom, b: ShellAtom): boolean {
  const da = VDW_DIAMETER[elementOf(a.type)];
  const db = VDW_DIAMETER[elementOf(b.type)];
  if (da === undefined || db === undefined) return false;
  return distance(a.xyz, b.xyz) < 0.25 * (da + db);
}

/** Zinc charges to 0 and a TZ atom at each zinc with three receptor binders. */
export function placeZincPseudoAtoms(pdbqt: string): ZincPreparation {
  const lines = pdbqt.split('\n');
  const atoms = lines.filter((line) => isAtomLine(line) && typeOf(line) !== 'TZ');
  const sites: ZincSite[] = [];
  const pseudoLines: string[] = [];
  let serial = Math.max(0, ...atoms.map((line) => Number(line.slice(6, 11)) || 0));
  for (const zincLine of atoms.filter((line) => typeOf(line).toUpperCase() === 'ZN')) {
    const zinc = xyzOf(zincLine);
    const shell = atoms
      .filter((line) => line !== zincLine)
      .map((line) => ({
        type: typeOf(line),
        label: labelOf(line),
        xyz: xyzOf(line),
        distance: distance(xyzOf(line), zinc),
      }))
      .filter((atom) => atom.distance < ZINC_SHELL.neighbourCutoffAngstrom)
      .sort((a, b) => a.distance - b.distance);
    const binders = coordinationShell(shell, zinc);
    const pseudoAtom =
      binders.length === 3 ? tetrahedralPseudoAtom(binders.map((b) => b.xyz) as [Vec, Vec, Vec], zinc) : null;
    const residue = zincLine.slice(17, 27);
    sites.push({
      zinc: `${zincLine.slice(17, 20).trim()} ${zincLine[21]?.trim() ?? ''}${zincLine.slice(22, 27).trim()}`,
      binders: binders.map((b) => b.label),
      pseudoAtom: pseudoAtom ? (pseudoAtom.map((v) => Math.round(v * 1000) / 1000) as Vec) : null,
    });
    if (pseudoAtom) {
      serial += 1;
      pseudoLines.push(pdbqtAtomLine(serial, 'TZ', residue, pseudoAtom, 'TZ'));
    }
  }
  const out = lines
    .filter((line) => !(isAtomLine(line) && typeOf(line) === 'TZ'))
    .map((line) =>
      isAtomLine(line) && typeOf(line).toUpperCase() === 'ZN'
        ? `${line.slice(0, 68)}${'0.000'.padStart(8)}${line.slice(76)}`
        : line,
    );
  // The pseudo-atoms go after the last atom record, so a trailing TER/END stays last.
  let lastAtom = -1;
  out.forEach((line, i) => {
    if (isAtomLine(line)) lastAtom = i;
  });
  out.splice(lastAtom + 1, 0, ...pseudoLines);
  return { text: out.join('\n'), sites };
}

/** One point per coordinating group within 2.5 Å of the zinc (see the rules above), closest first. */
function coordinationShell(shell: ShellAtom[], zinc: Vec): ShellAtom[] {
  const { carboxylates, rest } = splitCarboxylates(shell);
  const neighbours = rest.map(
    (atom) => new Set(rest.flatMap((other, j) => (other !== atom && bonded(atom, other) ? [j] : []))),
  );
  // Within two bonds: the atoms bonded to an atom or to one of its bonded atoms.
  const reach = neighbours.map((direct, i) => {
    const within = new Set(direct);
    for (const j of direct) for (const k of neighbours[j] ?? []) if (k !== i) within.add(k);
    return within;
  });
  const removed = new Set<number>();
  rest.forEach((atom, i) => {
    if (!BINDER_TYPES.has(atom.type.toUpperCase()) || atom.distance > ZINC_SHELL.coordinationCutoffAngstrom) {
      removed.add(i);
    } else if (!removed.has(i)) {
      for (const j of reach[i] ?? []) removed.add(j);
    }
  });
  const binders = rest.filter((_, i) => !removed.has(i));
  const carboxylatePoints = carboxylates
    .map(([o1, o2]) => carboxylatePoint(o1, o2, zinc))
    .filter((point) => point.distance <= ZINC_SHELL.coordinationCutoffAngstrom);
  return [...binders, ...carboxylatePoints];
}

/**
 * Carboxylates in the shell (a C bonded to two oxygens that each have no other bond in the shell): their C and O
 * atoms leave the shell, and each oxygen pair is returned (closer oxygen first).
 */
function splitCarboxylates(shell: ShellAtom[]): { carboxylates: [ShellAtom, ShellAtom][]; rest: ShellAtom[] } {
  const bondCount = shell.map((atom) => shell.filter((other) => other !== atom && bonded(atom, other)).length);
  const isOxygen = (i: number) => elementOf(shell[i]!.type) === 'O';
  const carboxylates: [ShellAtom, ShellAtom][] = [];
  const taken = new Set<number>();
  shell.forEach((carbon, c) => {
    if (elementOf(carbon.type) !== 'C') return;
    const oxygens = shell
      .map((atom, i) => i)
      .filter((i) => i !== c && isOxygen(i) && bondCount[i] === 1 && bonded(carbon, shell[i]!));
    if (oxygens.length !== 2) return;
    const [o1, o2] = oxygens as [number, number];
    carboxylates.push([shell[o1]!, shell[o2]!]);
    for (const i of [c, o1, o2]) taken.add(i);
  });
  return { carboxylates, rest: shell.filter((_, i) => !taken.has(i)) };
}

/** The carboxylate's point: between the oxygens when equidistant from the zinc, at the closer one when monodentate. */
function carboxylatePoint(o1: ShellAtom, o2: ShellAtom, zinc: Vec): ShellAtom {
  const ratio = Math.max(0, (o2.distance - o1.distance) / distance(o1.xyz, o2.xyz)) ** ZINC_SHELL.carboxylateExponent;
  const weight = (1 - ratio) / 2;
  const xyz = o1.xyz.map((v, i) => v + (o2.xyz[i]! - v) * weight) as Vec;
  return { type: 'OA', label: `${o1.label} (carboxylate)`, xyz, distance: distance(xyz, zinc) };
}

/** 2.0 Å from the zinc along the normal of the binders' plane, on the zinc's side of it. */
export function tetrahedralPseudoAtom([a, b, c]: [Vec, Vec, Vec], zinc: Vec): Vec {
  const normal = cross(sub(b, a), sub(c, b));
  const length = norm(normal);
  const side = dot(normal, sub(zinc, c)) > 0 ? 1 : -1;
  const scale = (side * ZINC_SHELL.pseudoAtomDistanceAngstrom) / length;
  return [zinc[0] + normal[0] * scale, zinc[1] + normal[1] * scale, zinc[2] + normal[2] * scale];
}

function pdbqtAtomLine(serial: number, name: string, residue: string, [x, y, z]: Vec, type: string): string {
  const coordinate = (v: number) => v.toFixed(3).padStart(8);
  return (
    `HETATM${String(serial % 100000).padStart(5)}  ${name.padEnd(3)} ${residue}   ` +
    `${coordinate(x)}${coordinate(y)}${coordinate(z)}  1.00  0.00    ${'0.000'.padStart(6)} ${type.padEnd(2)}`
  );
}
