// The 1iep acceptance through REST: imatinib from the crystal SDF docked into 1iep_receptor.pdbqt with seed 42 and
// exhaustiveness 8 lands within 0.3 kcal/mol of vina run directly (runs-here/1iep_ex8_seed42.log: -13.36) and its
// top pose within 2 Å (symmetry-corrected, obrms) of the crystal ligand.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from './test-stack.js';

const run = promisify(execFile);
let stack: JobsStack;
let scratch: string;

beforeAll(async () => {
  stack = await startJobsStack({ TASK_ACK_WAIT_MS: '30000' });
  await stack.startAgent();
  scratch = await mkdtemp(join(tmpdir(), 'mad-1iep-'));
});

afterAll(async () => {
  await stack?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function directVinaTop(): Promise<number> {
  const log = await readFile(join(sharedDataDir, 'vina-1iep/runs-here/1iep_ex8_seed42.log'), 'utf8');
  const mode1 = /^\s+1\s+(-?\d+\.\d+)/m.exec(log);
  if (!mode1?.[1]) throw new Error('no mode 1 in the reference log');
  return Number(mode1[1]);
}

it('matches direct vina within 0.3 kcal/mol and the crystal pose within 2 Å', async () => {
  const receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
  const imatinib = await stack.addMolecule('ligand', join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), 'sdf');
  const [box] = (await readFile(join(sharedDataDir, 'vina-1iep/1iep_receptor.box.txt'), 'utf8')).split('\n\n');
  const value = (name: string) => Number(new RegExp(`${name}\\s*=\\s*(-?[\\d.]+)`).exec(box ?? '')?.[1]);
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: {
      receptorId: receptor,
      ligandIds: [imatinib],
      bindingSite: { mode: 'box', center: { x: value('center_x'), y: value('center_y'), z: value('center_z') }, size: { x: value('size_x'), y: value('size_y'), z: value('size_z') } },
      params: { exhaustiveness: 8, seed: 42, cpuPerTask: 2 },
    },
  });
  expect(response.status).toBe(202);
  const { jobId } = (await response.json()) as { jobId: string };
  const status = await waitForStatus(stack, jobId, isFinal, 1_500_000);
  expect(status.status).toBe('COMPLETED');

  const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results`)).json()) as { ligands: { bestAffinityKcalMol: number; files: { posesSdf: string } }[] };
  const [ligand] = results.ligands;
  const reference = await directVinaTop();
  console.log(`1iep through the platform: top ${ligand?.bestAffinityKcalMol} kcal/mol; direct vina ${reference}`);
  expect(Math.abs(ligand!.bestAffinityKcalMol - reference)).toBeLessThanOrEqual(0.3);

  const poses = await (await fetch(ligand!.files.posesSdf)).text();
  const topPose = join(scratch, 'top.sdf');
  await writeFile(topPose, `${poses.split('$$$$')[0]!.replace(/^\n+/, '')}$$$$\n`);
  const { stdout } = await run('obrms', [join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), topPose]);
  const rmsd = Number(/RMSD\s+\S+\s+(\d+\.?\d*)/.exec(stdout)?.[1] ?? /(\d+\.\d+)\s*$/.exec(stdout.trim())?.[1]);
  console.log(`top pose vs crystal (obrms): ${stdout.trim()}`);
  expect(rmsd).toBeLessThan(2);
}, 1_600_000);
