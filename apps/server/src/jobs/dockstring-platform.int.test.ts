// Acceptance through the whole platform: every small-ligand case of dockstring's reference_scores.csv (seed
// 974528263, the cases its own tests dock) submitted as SMILES through REST, one job per target with that target's
// box (targets/<T>_conf.txt) and dockstring's parameters (Vina defaults: exhaustiveness 8, 9 modes, energy range 3;
// shared/data/dockstring/NOTES.md), docked by an agent with the real vina, read back from the results route, and
// each top affinity compared with the reference (±0.3 kcal/mol, the tolerance NOTES.md derives).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { parseVinaConfigBox } from '@mad/dock-agent';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const dockstring = join(sharedDataDir, 'dockstring');
const DOCKSTRING_SEED = 974528263;

// The same selection as agents/dock-agent/src/dock-batch.int.test.ts: the small ligands (ABL1: 2, CYP3A4: 12).
const cases = readFileSync(join(dockstring, 'reference_scores.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map(([targetName = '', smiles = '', expected = '', seed = '']) => ({
    targetName,
    smiles,
    expected: Number(expected),
    seed: Number(seed),
  }))
  .filter((row) => row.seed === DOCKSTRING_SEED && row.smiles.length < 30);
const targets = [...new Set(cases.map((row) => row.targetName))];

let stack: JobsStack;
const LONG = 1_200_000;

beforeAll(async () => {
  // One task per target job: the receptor is prepared once and the ligands dock side by side.
  stack = await startJobsStack({ LIGANDS_PER_TASK: '16' });
  await stack.startAgent();
});

afterAll(async () => {
  await stack?.close();
});

interface ResultsBody {
  ligands: { name: string; status: string; bestAffinityKcalMol: number | null; error: unknown }[];
}

describe('dockstring small ligands docked from SMILES through REST → agent → results', () => {
  it('selects the 14 small-ligand cases of the reference file', () => {
    expect(cases).toHaveLength(14);
    expect(targets.sort()).toEqual(['ABL1', 'CYP3A4']);
  });

  it.each(['ABL1', 'CYP3A4'])(
    '%s: every ligand within 0.3 kcal/mol of dockstring',
    async (targetName) => {
      const rows = cases.filter((row) => row.targetName === targetName);
      const receptorId = await stack.addMolecule(
        'receptor',
        join(dockstring, 'targets', `${targetName}_target.pdbqt`),
        'pdbqt',
      );
      const box = parseVinaConfigBox(readFileSync(join(dockstring, 'targets', `${targetName}_conf.txt`), 'utf8'));
      const submitted = await stack.api('/api/v1/pipelines/vina/jobs', {
        method: 'POST',
        json: {
          receptorId,
          // The row number names each ligand: the same SMILES appears in more than one case (stereo, charge forms).
          ligands: rows.map((row, index) => ({ smiles: row.smiles, name: `case-${index}` })),
          bindingSite: { mode: 'box', ...box },
          params: { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: DOCKSTRING_SEED, cpuPerTask: 1 },
        },
      });
      expect(submitted.status).toBe(202);
      const { jobId } = (await submitted.json()) as { jobId: string };
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ total: rows.length, SUCCEEDED: rows.length });

      const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results?limit=100`)).json()) as ResultsBody;
      const byName = new Map(results.ligands.map((l) => [l.name, l]));
      const table = rows.map((row, index) => {
        const top = byName.get(`case-${index}`)?.bestAffinityKcalMol ?? NaN;
        return {
          smiles: row.smiles,
          expected: row.expected,
          top,
          delta: Math.round((top - row.expected) * 1000) / 1000,
        };
      });
      console.log(`${targetName} ${JSON.stringify(table)}`);
      expect(table.filter((row) => !(Math.abs(row.delta) <= 0.3))).toEqual([]);
    },
    LONG,
  );
});
