import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { firstRankWithin, parseObrms, redockCases } from './redock-cases.js';
import { redockTable, successCounts, type RedockRow } from './redock.js';

describe('redockCases', () => {
  it('reads the 15 complexes of ../shared/data/redock with their files and boxes', () => {
    const cases = redockCases(sharedDataDir);
    expect(cases).toHaveLength(15);
    for (const c of cases) {
      expect(existsSync(c.receptorPdb), c.name).toBe(true);
      expect(existsSync(c.ligandSdf), c.name).toBe(true);
      expect(c.box.size.x).toBeGreaterThanOrEqual(20);
    }
    expect(redockCases(sharedDataDir, ['er_estradiol']).map((c) => c.name)).toEqual(['er_estradiol']);
    expect(() => redockCases(sharedDataDir, ['nope'])).toThrow(/no redock case nope/);
  });
});

describe('pose RMSD helpers', () => {
  it('parses obrms lines and finds the first pose within 2 Å', () => {
    const rmsds = parseObrms('RMSD lig:lig 3.4\nRMSD lig:lig 1.2\nRMSD lig:lig 0.8\n');
    expect(rmsds).toEqual([3.4, 1.2, 0.8]);
    expect(firstRankWithin(rmsds)).toBe(2);
    expect(firstRankWithin([2.5, 4])).toBeNull();
  });
});

const row = (over: Partial<RedockRow>): RedockRow => ({
  case: 'a',
  route: 'platform',
  input: 'smiles',
  topAffinityKcalMol: -9,
  topRmsd: 0.5,
  firstRankWithin2: 1,
  poses: 9,
  wallSeconds: 10,
  engineSeconds: 8,
  cachedEngineRuns: 0,
  notes: [],
  ...over,
});

describe('redock summary', () => {
  it('counts successes per route and input and prints one row per complex', () => {
    const rows = [
      row({}),
      row({ case: 'b', topRmsd: 3.1, firstRankWithin2: 4 }),
      row({ input: 'crystal', topRmsd: 0.4 }),
      row({ case: 'b', input: 'crystal', topRmsd: null, error: 'docking: vina exited with code 1' }),
    ];
    expect(successCounts(rows)).toEqual(
      new Map([
        ['platform smiles', { within: 1, total: 2 }],
        ['platform crystal', { within: 1, total: 2 }],
      ]),
    );
    const table = redockTable(rows).split('\n');
    expect(table[0]).toBe('| complex | platform smiles | platform crystal |');
    expect(table[3]).toBe('| b | **3.10 Å** (-9.00; rank 4; 10 s) | error: docking: vina exited with code 1 |');
    expect(table.at(-1)).toBe('| within 2 Å | 1 of 2 | 1 of 2 |');
  });
});
