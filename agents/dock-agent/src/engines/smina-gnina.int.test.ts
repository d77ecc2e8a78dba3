// The real smina/gnina binaries through dockBatch, on gnina's own test inputs (184l). Neither is installable on
// this machine, so these run only where the binary is on PATH; the test name says why it was skipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDataDir } from '@mad/test-utils';
import { describe, expect, it } from 'vitest';
import { dockBatch } from '../dock-batch.js';
import type { EngineName } from './types.js';

function onPath(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const inputs = join(sharedDataDir, 'gnina/test-inputs');

describe.each(['smina', 'gnina'] as EngineName[])('%s binary', (engine) => {
  const present = onPath(engine);
  it.skipIf(!present)(
    `${engine} docks 184l with --autobox_ligand and its SDF parses${present ? '' : ` (skipped: ${engine} is not on PATH here; it is not installable on this machine)`}`,
    async () => {
      const output = await dockBatch({
        engine,
        receptor: { path: join(inputs, '184l_rec.pdb'), format: 'pdb' },
        ligands: [
          { ligandId: 'i4b', name: 'I4B', source: { kind: 'file', path: join(inputs, '184l_lig.sdf'), format: 'sdf' } },
        ],
        box: { center: { x: 0, y: 0, z: 0 }, size: { x: 1, y: 1, z: 1 } },
        autoboxLigandPath: join(inputs, '184l_lig.sdf'),
        params: {
          exhaustiveness: 8,
          numModes: 10,
          energyRange: 3,
          seed: 2,
          cpu: 0,
          ...(engine === 'gnina' ? { cnnScoring: 'rescore', device: 'cpu' } : {}),
        },
        workDir: mkdtempSync(join(tmpdir(), `mad-${engine}-`)),
        timeoutMs: 600_000,
        signal: new AbortController().signal,
      });
      const outcome = output.outcomes[0];
      if (outcome?.status !== 'succeeded') throw new Error(JSON.stringify(outcome));
      expect(outcome.poses.length).toBeGreaterThan(1);
      expect(outcome.poses[0]?.affinityKcalMol).toBeLessThan(-4);
      expect(outcome.posesPdbqtPath).toBeNull();
      if (engine === 'gnina')
        expect(outcome.poses.every((pose) => pose.cnnScore !== null && pose.cnnScore >= 0 && pose.cnnScore <= 1)).toBe(
          true,
        );
    },
  );
});
