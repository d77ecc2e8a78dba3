// The chemistry pool's canonical SMILES (isolated.ts): a large batch split across workers answers what RDKit in this
// thread answers, respellings included, and is remembered here (a recycled worker loses nothing).
import { describe, expect, it } from 'vitest';
import { canonicalSmilesOf as inThread } from './ligand.js';
import { canonicalSmilesOf, chemistryStats, configureChemistry, unknownSmilesCount } from './isolated.js';

// 2,100 different ethers and amines: enough for two workers (1,000 new SMILES each at least).
const written = Array.from({ length: 2_100 }, (_, i) => `C${'C'.repeat(i % 50)}O${'C'.repeat(Math.floor(i / 50))}N`);

describe('canonical SMILES in the chemistry pool', () => {
  it('splits a large batch across workers, answers as RDKit in this thread does, and remembers it', async () => {
    configureChemistry({ canonicalWorkers: 2 });
    const started = chemistryStats().started;
    const batch = [...written, 'OCC', 'CCO', 'not a smiles'];
    expect(unknownSmilesCount(batch)).toBe(batch.length);
    const pooled = await canonicalSmilesOf(batch);
    expect(chemistryStats().started - started).toBe(2);
    // Every 10th against this thread's RDKit (both halves of the split, the respellings and the junk).
    const sample = (list: readonly (string | null)[]) => list.filter((_, i) => i % 10 === 0 || i >= written.length);
    expect(sample(pooled)).toEqual(await inThread(sample(batch) as string[], { memo: false }));
    expect(pooled.slice(-3)).toEqual(['CCO', 'CCO', null]);
    expect(unknownSmilesCount(batch)).toBe(0);
    // Known now: answered from this thread's memo, no worker asked (none started).
    const before = chemistryStats().started;
    expect(await canonicalSmilesOf(['CCO', written[7]!])).toEqual(['CCO', pooled[7]]);
    expect(chemistryStats().started).toBe(before);
  }, 120_000);
});
