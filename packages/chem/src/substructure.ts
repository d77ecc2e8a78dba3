// Substructure search with RDKit (WASM): a query read as SMILES first (so "c1ccncc1" means pyridine, aromatic as
// RDKit perceives it, and a Kekulé "C1=CC=NC=C1" the same), then as SMARTS (so "[NX3;H2]c" or "c[NH2]" work); each
// molecule's SMILES parsed once and matched. Runs in the chemistry worker (isolated.ts); this is the in-thread one.
import type { MainModule, Mol } from '@rdkit/rdkit';
import { loadRDKit } from './rdkit.js';

/** How the query was read: as SMILES (a molecule as the query), as SMARTS, or neither (the answer matches nothing). */
export type SubstructureQueryKind = 'smiles' | 'smarts' | null;

export interface SubstructureCandidate {
  id: string;
  /** The molecule's SMILES (the stored canonical SMILES). */
  smiles: string;
}

export interface SubstructureAnswer {
  /** How the query was read; null: neither valid SMILES nor SMARTS (then `matches` is empty). */
  queryAs: SubstructureQueryKind;
  /** The ids of the candidates that contain the query, in the order given. */
  matches: string[];
  /** Candidates whose SMILES RDKit could not read (they match nothing). */
  unreadable: number;
}

/** Longest query read (a SMILES or SMARTS of a fragment; longer ones are refused before RDKit). */
export const SUBSTRUCTURE_QUERY_MAX_LENGTH = 1000;

/** RDKit's parse, or null when it fails or throws (MinimalLib can throw on some malformed input). */
function tryParse(parse: () => Mol | null): Mol | null {
  try {
    const mol = parse();
    if (mol && (!mol.is_valid() || mol.get_num_atoms() === 0)) {
      mol.delete();
      return null;
    }
    return mol;
  } catch {
    return null;
  }
}

/** The query as an RDKit molecule (the caller deletes it), and how it was read; null when neither parses. */
function queryMol(rdkit: MainModule, query: string): { mol: Mol; as: 'smiles' | 'smarts' } | null {
  const text = query.trim();
  if (text.length === 0 || /\s/.test(text)) return null;
  const asSmiles = tryParse(() => rdkit.get_mol(text));
  if (asSmiles) return { mol: asSmiles, as: 'smiles' };
  const asSmarts = tryParse(() => rdkit.get_qmol(text));
  return asSmarts ? { mol: asSmarts, as: 'smarts' } : null;
}

/**
 * The candidates that contain `query` as a substructure. A query that is neither valid SMILES nor SMARTS answers
 * queryAs null and no matches (the caller refuses it, naming its field).
 */
export async function substructureMatches(
  query: string,
  molecules: readonly SubstructureCandidate[],
): Promise<SubstructureAnswer> {
  const rdkit = await loadRDKit();
  const parsed = query.length <= SUBSTRUCTURE_QUERY_MAX_LENGTH ? queryMol(rdkit, query) : null;
  if (!parsed) return { queryAs: null, matches: [], unreadable: 0 };
  const matches: string[] = [];
  let unreadable = 0;
  try {
    for (const molecule of molecules) {
      const mol = tryParse(() => rdkit.get_mol(molecule.smiles));
      if (!mol) {
        unreadable += 1;
        continue;
      }
      try {
        if (mol.get_substruct_match(parsed.mol) !== '{}') matches.push(molecule.id);
      } finally {
        mol.delete();
      }
    }
  } finally {
    parsed.mol.delete();
  }
  return { queryAs: parsed.as, matches, unreadable };
}
