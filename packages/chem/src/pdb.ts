// PDB and PDBQT atom records (fixed columns, wwPDB v3.3 §ATOM), and what a chemist needs to know about a receptor
// before docking: chains, residues, hetero groups (candidate reference ligands for a binding box), waters,
// alternate locations, and what is missing.
import { STANDARD_RESIDUES, residueTemplate } from './residues.js';
import { parsePdbAtoms, parseReceptorAtoms, type PdbAtom, type PdbParse, type ReceptorFormat } from './structure.js';
import type { Vec3 } from './box.js';

export { parsePdbAtoms, type PdbAtom, type PdbParse };

const WATER = new Set(['HOH', 'WAT', 'H2O', 'DOD', 'TIP', 'TIP3', 'SOL']);

export interface HetGroup {
  resName: string;
  chain: string;
  resSeq: number;
  iCode: string;
  atoms: number;
  centroid: [number, number, number];
}

export interface ChainSummary {
  id: string;
  residues: number;
  atoms: number;
  firstResSeq: number;
  lastResSeq: number;
}

export interface ReceptorFacts {
  format: ReceptorFormat;
  atoms: number;
  heavyAtoms: number;
  hydrogens: number;
  residues: number;
  chains: ChainSummary[];
  hetGroups: HetGroup[];
  waters: number;
  altLocAtoms: number;
  models: number;
  warnings: string[];
}

const residueKey = (a: Pick<PdbAtom, 'chain' | 'resSeq' | 'iCode' | 'resName'>) =>
  `${a.chain}|${a.resSeq}|${a.iCode}|${a.resName}`;

function groupResidues(atoms: PdbAtom[]): PdbAtom[][] {
  const groups = new Map<string, PdbAtom[]>();
  for (const atom of atoms) {
    const key = residueKey(atom);
    const group = groups.get(key);
    if (group) group.push(atom);
    else groups.set(key, [atom]);
  }
  return [...groups.values()];
}

function centroid(atoms: readonly Vec3[]): [number, number, number] {
  let [x, y, z] = [0, 0, 0];
  for (const a of atoms) {
    x += a.x;
    y += a.y;
    z += a.z;
  }
  const mean = (v: number) => Math.round((v / atoms.length) * 1000) / 1000;
  return [mean(x), mean(y), mean(z)];
}

const isHydrogen = (atom: PdbAtom) => atom.element === 'H' || atom.element === 'D';
const isWater = (atom: PdbAtom) => WATER.has(atom.resName);
const isPolymer = (atom: PdbAtom) => STANDARD_RESIDUES.has(atom.resName);

/** Facts and warnings about a receptor; throws nothing, the caller decides whether problems are fatal. */
export function receptorFacts(parse: PdbParse, format: ReceptorFormat): ReceptorFacts {
  // Alternate locations: keep the first conformer of each atom (as docking programs do) for counting.
  const firstAltLoc = new Map<string, string>();
  const atoms = parse.atoms.filter((atom) => {
    if (atom.altLoc === '') return true;
    const key = `${residueKey(atom)}|${atom.name}`;
    const kept = firstAltLoc.get(key);
    if (kept === undefined) firstAltLoc.set(key, atom.altLoc);
    return kept === undefined || kept === atom.altLoc;
  });
  const residues = groupResidues(atoms);
  const polymerResidues = residues.filter((r) => r[0] && isPolymer(r[0]));
  const chains = new Map<string, ChainSummary>();
  for (const residue of polymerResidues) {
    const first = residue[0]!;
    const chain = chains.get(first.chain) ?? {
      id: first.chain,
      residues: 0,
      atoms: 0,
      firstResSeq: first.resSeq,
      lastResSeq: first.resSeq,
    };
    chain.residues += 1;
    chain.atoms += residue.length;
    chain.firstResSeq = Math.min(chain.firstResSeq, first.resSeq);
    chain.lastResSeq = Math.max(chain.lastResSeq, first.resSeq);
    chains.set(first.chain, chain);
  }
  const hetGroups = residues
    .filter((r) => r[0] && !isPolymer(r[0]) && !isWater(r[0]))
    .map((r) => {
      const first = r[0]!;
      return {
        resName: first.resName,
        chain: first.chain,
        resSeq: first.resSeq,
        iCode: first.iCode,
        atoms: r.length,
        centroid: centroid(r),
      };
    });
  const hydrogens = atoms.filter(isHydrogen).length;
  const facts: ReceptorFacts = {
    format,
    atoms: atoms.length,
    heavyAtoms: atoms.length - hydrogens,
    hydrogens,
    residues: polymerResidues.length,
    chains: [...chains.values()],
    hetGroups,
    waters: residues.filter((r) => r[0] && isWater(r[0])).length,
    altLocAtoms: parse.atoms.filter((a) => a.altLoc !== '').length,
    models: parse.models,
    warnings: [],
  };
  facts.warnings = receptorWarnings(facts, polymerResidues, format);
  return facts;
}

const MAX_LISTED = 5;
function listSome(items: string[]): string {
  return items.length <= MAX_LISTED
    ? items.join(', ')
    : `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

function distance(a: PdbAtom, b: PdbAtom): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

function receptorWarnings(facts: ReceptorFacts, polymerResidues: PdbAtom[][], format: ReceptorFormat): string[] {
  const warnings: string[] = [];
  if (facts.hydrogens === 0) {
    // What the agent does (agents/dock-agent/src/prep/receptor.ts, receptor-pdb2pqr.ts): a PDB or mmCIF without
    // hydrogens gets PDB2PQR/PROPKA's pH 7.4 hydrogens for the protein and Open Babel's for hetero groups; a PDBQT is
    // docked as given.
    warnings.push(
      format !== 'pdbqt'
        ? 'no hydrogens: the agent adds them for pH 7.4 before docking, with PDB2PQR/PROPKA for the protein (His ' +
            'tautomers and Asp/Glu/Lys/Cys/Tyr states from residue pKa, missing side-chain atoms rebuilt; each ' +
            "ligand's notes list them) and Open Babel for cofactors and other hetero groups; for states of your own " +
            'choosing upload it protonated (kept as given)'
        : 'no hydrogens: a PDBQT is docked as given and Vina needs at least the polar hydrogens; add them, e.g. with Meeko',
    );
  } else if (format !== 'pdbqt') {
    // A PDB with only polar hydrogens is incomplete for tools that expect all of them; a PDBQT with only polar ones is normal.
    const carbonH = polymerResidues.some((r) => r.some((a) => a.name === 'HA' || a.name === 'HA2'));
    if (!carbonH)
      warnings.push(
        'only some hydrogens are present (no Hα atoms): the structure looks partly protonated; the agent docks it ' +
          'with its hydrogens as given (none added)',
      );
  }
  const incomplete: string[] = [];
  for (const residue of polymerResidues) {
    const first = residue[0]!;
    const template = residueTemplate(first.resName);
    if (!template) continue;
    const names = new Set(residue.map((a) => a.name));
    const missing = template.filter((name) => !names.has(name));
    // The C-terminal residue may lack nothing but OXT; the template has no OXT, so missing here is really missing.
    if (missing.length > 0)
      incomplete.push(`${first.resName} ${first.chain}${first.resSeq}${first.iCode} (${missing.join(' ')})`);
  }
  if (incomplete.length > 0) warnings.push(`${incomplete.length} residue(s) miss heavy atoms: ${listSome(incomplete)}`);
  const breaks: string[] = [];
  // Files are not always in residue order (1iep lists residue 438 first); compare sequence neighbours.
  const ordered = [...polymerResidues].sort(
    (a, b) =>
      a[0]!.chain.localeCompare(b[0]!.chain) || a[0]!.resSeq - b[0]!.resSeq || a[0]!.iCode.localeCompare(b[0]!.iCode),
  );
  for (let i = 1; i < ordered.length; i += 1) {
    const previous = ordered[i - 1]!;
    const current = ordered[i]!;
    if (previous[0]!.chain !== current[0]!.chain) continue;
    const carbon = previous.find((a) => a.name === 'C');
    const nitrogen = current.find((a) => a.name === 'N');
    if (carbon && nitrogen && distance(carbon, nitrogen) > 2.0) {
      breaks.push(`${current[0]!.chain}${previous[0]!.resSeq}-${current[0]!.resSeq}`);
    }
  }
  if (breaks.length > 0)
    warnings.push(`${breaks.length} chain break(s) (C–N distance > 2 Å, missing residues): ${listSome(breaks)}`);
  if (facts.altLocAtoms > 0)
    warnings.push(
      `${facts.altLocAtoms} atoms have alternate locations; the agent docks the highest-occupancy one of each residue (A on ties)`,
    );
  if (facts.models > 1) warnings.push(`${facts.models} models; only the first is used`);
  if (facts.residues === 0) warnings.push('no standard protein or nucleic-acid residues');
  return warnings;
}

export interface HetGroupRef {
  resName: string;
  chain: string;
  resSeq: number;
  iCode?: string;
}

/** Coordinates of one hetero group (the reference ligand of a binding site), in file order; [] when absent. */
export function hetGroupCoordinates(
  text: string,
  group: HetGroupRef,
  format: ReceptorFormat | boolean = 'pdb',
): [number, number, number][] {
  // A boolean is the older "pdbqt" flag.
  return parseReceptorAtoms(text, typeof format === 'boolean' ? (format ? 'pdbqt' : 'pdb') : format)
    .atoms.filter(
      (a) =>
        a.resName === group.resName &&
        a.chain === group.chain &&
        a.resSeq === group.resSeq &&
        a.iCode === (group.iCode ?? ''),
    )
    .map((a) => [a.x, a.y, a.z]);
}

/** Counts standard polymer residues (to tell a protein from a ligand in PDB/PDBQT files). */
export function polymerResidueCount(parse: PdbParse): number {
  return groupResidues(parse.atoms.filter(isPolymer)).length;
}
