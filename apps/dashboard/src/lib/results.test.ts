import { describe, expect, it } from 'vitest';
import { filterRows, ligandEfficiency, sortRows } from './results.js';
import { estimateWork } from './estimate.js';

const rows = [
  { ligandName: 'imatinib', affinityKcalMol: -12.1, cnnScore: 0.8, heavyAtoms: 37 },
  { ligandName: 'aspirin', affinityKcalMol: -6.2, cnnScore: 0.9, heavyAtoms: 13 },
  { ligandName: 'failed one', affinityKcalMol: null, cnnScore: null, heavyAtoms: 10 },
];

describe('results table logic', () => {
  it('computes ligand efficiency as −affinity per heavy atom', () => {
    expect(ligandEfficiency(rows[0]!)).toBeCloseTo(0.327, 3);
    expect(ligandEfficiency(rows[2]!)).toBeNull();
  });

  it('sorts best first for each key, missing values last', () => {
    expect(sortRows(rows, 'affinity').map((r) => r.ligandName)).toEqual(['imatinib', 'aspirin', 'failed one']);
    expect(sortRows(rows, 'cnnScore').map((r) => r.ligandName)).toEqual(['aspirin', 'imatinib', 'failed one']);
    expect(sortRows(rows, 'ligandEfficiency').map((r) => r.ligandName)).toEqual(['aspirin', 'imatinib', 'failed one']);
  });

  it('filters by name and by an affinity threshold', () => {
    expect(filterRows(rows, { text: 'ASP' }).map((r) => r.ligandName)).toEqual(['aspirin']);
    expect(filterRows(rows, { maxAffinity: -10 }).map((r) => r.ligandName)).toEqual(['imatinib']);
  });

  it('estimates the work as ligands × exhaustiveness, spread over the free slots', () => {
    expect(estimateWork(1000, 8, 4)).toEqual({ units: 8000, slots: 4, seconds: 6000 });
    expect(estimateWork(10, 8, 0).seconds).toBeNull();
  });
});
