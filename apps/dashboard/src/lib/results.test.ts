import { describe, expect, it } from 'vitest';
import { filterRows, flaggedText, ligandEfficiency, sortRows } from './results.js';
import { estimateRemaining, estimateWork } from './estimate.js';

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

  it('corrects the estimate of a running job with its own measured pace', () => {
    const started = new Date('2026-12-01T10:00:00Z');
    // 3 of 11 ligands in 120 s: 40 s each, 8 left.
    expect(estimateRemaining(3, 11, started, new Date('2026-12-01T10:02:00Z'))).toEqual({
      seconds: 320,
      done: 3,
      elapsedSeconds: 120,
    });
    expect(estimateRemaining(0, 11, started, new Date('2026-12-01T10:02:00Z')).seconds).toBeNull();
    expect(estimateRemaining(2, 2, started, new Date('2026-12-01T10:02:00Z')).seconds).toBe(0);
    expect(estimateRemaining(1, 2, null).seconds).toBeNull();
  });
});

describe('the validity flag', () => {
  it("names a flagged best pose's failed checks in words, and says nothing for a valid or unchecked one", () => {
    expect(flaggedText({ valid: false, failed: ['no_receptor_contact', 'no_favourable_score'] })).toBe(
      'flagged: no receptor contact, no favourable score',
    );
    expect(flaggedText({ valid: false, failed: ['steric_clash', 'a_newer_check'] })).toBe(
      'flagged: steric clash, a newer check',
    );
    expect(flaggedText({ valid: true, failed: [] })).toBeNull();
    expect(flaggedText(null)).toBeNull();
  });
});
