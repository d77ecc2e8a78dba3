import { describe, expect, it } from 'vitest';
import { LIBRARY_SIZE, library, librarySmiles } from './smiles.js';

describe('librarySmiles', () => {
  it('gives over 100,000 distinct SMILES', () => {
    expect(LIBRARY_SIZE).toBeGreaterThanOrEqual(100_000);
    const all = library(LIBRARY_SIZE).map((l) => l.smiles);
    expect(new Set(all).size).toBe(LIBRARY_SIZE);
    expect(librarySmiles(0)).toBe('c1(C)ccc(OC)c(C)c1');
    expect(() => librarySmiles(LIBRARY_SIZE)).toThrow(/outside/);
  });
});
