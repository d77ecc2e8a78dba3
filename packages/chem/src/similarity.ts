// Similarity search with RDKit (WASM): Morgan fingerprints of radius 2 folded to 2,048 bits (ECFP4-like, RDKit's
// GetMorganFingerprintAsBitVect(mol, 2, nBits=2048)) and their Tanimoto coefficient, |A ∩ B| / |A ∪ B|. The query is a
// SMILES (a molecule: a SMARTS pattern has no fingerprint); each candidate's SMILES is parsed once and fingerprinted.
// Runs in the chemistry worker (isolated.ts), like the substructure match; this is the in-thread one.
import type { MainModule, Mol } from '@rdkit/rdkit';
import { loadRDKit } from './rdkit.js';
import type { SubstructureCandidate } from './substructure.js';

/** The fingerprint: Morgan radius 2 (ECFP4's diameter 4), 2,048 bits; written in MOLECULES.md "Similarity search". */
export const SIMILARITY_FINGERPRINT = { radius: 2, nBits: 2048 } as const;

export interface SimilarityAnswer {
  /** False: the query is not a SMILES RDKit reads (then `matches` is empty). */
  queryRead: boolean;
  /** The candidates at or above the threshold, in the order given, with their Tanimoto to the query (0–1). */
  matches: { id: string; similarity: number }[];
  /** Candidates whose SMILES RDKit could not read (they match nothing). */
  unreadable: number;
}

const BITS_IN_BYTE = Uint8Array.from({ length: 256 }, (_, byte) => {
  let n = 0;
  for (let b = byte; b > 0; b >>= 1) n += b & 1;
  return n;
});

function fingerprint(rdkit: MainModule, smiles: string): Uint8Array | null {
  let mol: Mol | null = null;
  try {
    mol = rdkit.get_mol(smiles);
    if (!mol || !mol.is_valid() || mol.get_num_atoms() === 0) return null;
    return Uint8Array.from(mol.get_morgan_fp_as_uint8array(JSON.stringify(SIMILARITY_FINGERPRINT)) as Uint8Array);
  } catch {
    return null;
  } finally {
    mol?.delete();
  }
}

/** Tanimoto of two fingerprints of the same length: shared bits over bits set in either (0 when both are empty). */
export function tanimoto(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i += 1) {
    both += BITS_IN_BYTE[a[i]! & b[i]!]!;
    either += BITS_IN_BYTE[a[i]! | b[i]!]!;
  }
  return either === 0 ? 0 : both / either;
}

/** The candidates whose Tanimoto to `query` is at least `threshold`, with their similarity. */
export async function similarityMatches(
  query: string,
  threshold: number,
  molecules: readonly SubstructureCandidate[],
): Promise<SimilarityAnswer> {
  const rdkit = await loadRDKit();
  const text = query.trim();
  const reference = text.length > 0 && !/\s/.test(text) ? fingerprint(rdkit, text) : null;
  if (!reference) return { queryRead: false, matches: [], unreadable: 0 };
  const matches: SimilarityAnswer['matches'] = [];
  let unreadable = 0;
  for (const molecule of molecules) {
    const fp = fingerprint(rdkit, molecule.smiles);
    if (!fp) {
      unreadable += 1;
      continue;
    }
    const similarity = tanimoto(reference, fp);
    if (similarity >= threshold) matches.push({ id: molecule.id, similarity });
  }
  return { queryRead: true, matches, unreadable };
}
