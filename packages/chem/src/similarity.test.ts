// Similarity search in the chemistry worker (isolated.ts → similarity.ts, real RDKit WASM): Morgan radius 2, 2,048
// bits, Tanimoto; the numbers are RDKit's own in Python (GetMorganFingerprintAsBitVect(mol, 2, nBits=2048) and
// DataStructs.TanimotoSimilarity, computed with /usr/bin/python3 in the test), so the WASM and the C++ agree.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { similarityMatches } from './isolated.js';

const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
const library = [
  { id: 'imatinib', smiles: IMATINIB },
  { id: 'N-desmethyl imatinib', smiles: 'Cc1ccc(NC(=O)c2ccc(CN3CCNCC3)cc2)cc1Nc1nccc(-c2cccnc2)n1' },
  { id: 'nicotine', smiles: 'CN1CCC[C@H]1c1cccnc1' },
  { id: '4-aminopyridine', smiles: 'Nc1ccncc1' },
  { id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' },
  { id: 'broken', smiles: 'C1CC(' },
];

/** RDKit (Python, C++) Tanimoto of each library SMILES to the query on the same fingerprint. */
function rdkitPython(query: string, smiles: string[]): number[] {
  const script = `
import json, sys
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import AllChem
RDLogger.DisableLog('rdApp.*')
q, smiles = json.loads(sys.argv[1])
fp = lambda m: AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=2048)
ref = fp(Chem.MolFromSmiles(q))
print(json.dumps([DataStructs.TanimotoSimilarity(ref, fp(Chem.MolFromSmiles(s))) for s in smiles]))`;
  const out = execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script, JSON.stringify([query, smiles])], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as number[];
}

describe('similarityMatches', () => {
  it('answers the Tanimoto of Morgan radius 2 / 2,048 bits, equal to RDKit in Python, above the threshold', async () => {
    const everything = await similarityMatches(IMATINIB, 0, library);
    expect(everything.queryRead).toBe(true);
    expect(everything.unreadable).toBe(1);
    const readable = library.filter((m) => m.id !== 'broken');
    expect(everything.matches.map((m) => m.id)).toEqual(readable.map((m) => m.id));
    const expected = rdkitPython(
      IMATINIB,
      readable.map((m) => m.smiles),
    );
    everything.matches.forEach((match, index) => expect(match.similarity).toBeCloseTo(expected[index]!, 12));
    expect(everything.matches[0]!.similarity).toBe(1);
    // The N-desmethyl analogue is 0.845 like imatinib; nicotine 0.218.
    const close = await similarityMatches(IMATINIB, 0.7, library);
    expect(close.matches.map((m) => m.id)).toEqual(['imatinib', 'N-desmethyl imatinib']);
    expect(close.matches[1]!.similarity).toBeCloseTo(0.84507, 4);
  });

  it('reads the query as SMILES only: a SMARTS or text is not read, and matches nothing', async () => {
    expect(await similarityMatches('[NX3;H2]c', 0.5, library)).toEqual({
      queryRead: false,
      matches: [],
      unreadable: 0,
    });
    expect((await similarityMatches('not a molecule', 0.5, library)).queryRead).toBe(false);
    expect((await similarityMatches('', 0.5, library)).queryRead).toBe(false);
  });
});
