// Pose validity end to end (issue 17 "Honest outcomes", DOCKING_SCIENCE.md "Pose validity"): real Postgres, s3rver,
// nats-server, the worker, an in-process agent and the real vina. A box far from the receptor is refused at creation
// (binding-site.int); a box holding a single receptor atom is accepted with a warning, and when that atom is a
// crystallographic water (the agent's receptor preparation removes waters) vina docks into empty space: its poses
// score 0.00 and touch nothing, and the REST answer says validity.valid=false for the ligand and each pose, the
// valid=false filter finds it, the exports carry it, and a cache hit answers the same validity. Crystal imatinib
// redocked into 1iep's pocket (exhaustiveness 1) is valid=true.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdbLigandAtoms } from '@mad/chem';
import { sharedDataDir } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const vina1iep = join(sharedDataDir, 'vina-1iep');
const POCKET = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const PARAMS = { exhaustiveness: 1, seed: 4242, cpuPerTask: 1 };
const NO_CONTACT = { valid: false, failed: ['no_receptor_contact', 'no_favourable_score'] };

interface Validity {
  valid: boolean;
  failed: string[];
}
interface Ligand {
  ligandId: string;
  name: string;
  status: string;
  bestAffinityKcalMol: number | null;
  validity: Validity | null;
  provenance: { cacheHit: boolean };
  poses: { rank: number; affinityKcalMol: number; validity: Validity | null }[];
}
interface Results {
  total: number;
  ligands: Ligand[];
}

let stack: JobsStack;
let receptorId: string;
let imatinibId: string;
/** A crystallographic water 25 Å beyond the protein's largest x, and a 12 Å box around it. */
let waterBox: { mode: 'box'; center: { x: number; y: number; z: number }; size: { x: number; y: number; z: number } };

beforeAll(async () => {
  stack = await startJobsStack({}, { resultCache: true });
  const pdb = readFileSync(join(vina1iep, '1iep_receptorH.pdb'), 'utf8');
  const atoms = pdbLigandAtoms(pdb, false);
  const at = {
    x: Math.max(...atoms.map((a) => a.x)) + 25,
    y: atoms.reduce((sum, a) => sum + a.y, 0) / atoms.length,
    z: atoms.reduce((sum, a) => sum + a.z, 0) / atoms.length,
  };
  const xyz = [at.x, at.y, at.z].map((v) => v.toFixed(3).padStart(8)).join('');
  const water = `HETATM 9999  O   HOH W 901    ${xyz}  1.00 20.00           O`;
  const dir = mkdtempSync(join(tmpdir(), 'pose-validity-'));
  const withWater = join(dir, '1iep_with_water.pdb');
  writeFileSync(withWater, `${pdb.replace(/^END.*$/gm, '').trimEnd()}\n${water}\nEND\n`);
  receptorId = await stack.addMolecule('receptor', withWater, 'pdb');
  imatinibId = await stack.addMolecule('ligand', join(vina1iep, '1iep_ligand.sdf'), 'sdf');
  waterBox = { mode: 'box', center: at, size: { x: 12, y: 12, z: 12 } };
  await stack.startAgent({ AGENT_CPUS: '2' });
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

async function submit(body: Record<string, unknown>): Promise<{ http: number; jobId: string; warnings: string[] }> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, params: PARAMS, cacheMinConfidence: 0, ...body },
  });
  const created = (await response.json()) as { jobId: string; warnings: string[] };
  if (response.status >= 300) throw new Error(`${response.status}: ${JSON.stringify(created)}`);
  return { http: response.status, ...created };
}

async function results(jobId: string, query = ''): Promise<Results> {
  const response = await stack.api(`/api/v1/jobs/${jobId}/results?limit=100${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Results;
}

describe('pose validity in the REST answer', () => {
  let emptyJob = '';
  let pocketJob = '';

  it('flags ethanol docked around a lone water (removed by preparation): valid=false for it and every pose', async () => {
    const [empty, pocket] = await Promise.all([
      submit({ ligands: [{ smiles: 'CCO', name: 'ethanol' }], bindingSite: waterBox }),
      submit({ ligandIds: [imatinibId], bindingSite: POCKET }),
    ]);
    expect(empty.http).toBe(202);
    // The server sees one receptor heavy atom in the box (the water): a warning, not a refusal.
    expect(empty.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/only 1 receptor heavy atom/)]));
    emptyJob = empty.jobId;
    pocketJob = pocket.jobId;
    expect((await waitForStatus(stack, emptyJob, isFinal, 600_000)).status).toBe('COMPLETED');

    const { ligands } = await results(emptyJob);
    expect(ligands).toHaveLength(1);
    const [ethanol] = ligands as [Ligand];
    // Docked (the engine ran and wrote poses), with Vina's empty-space 0.00, and flagged as data.
    expect(ethanol.status).toBe('SUCCEEDED');
    expect(ethanol.bestAffinityKcalMol).toBe(0);
    expect(ethanol.validity).toEqual(NO_CONTACT);
    expect(ethanol.poses.length).toBeGreaterThan(0);
    for (const pose of ethanol.poses) expect(pose.validity).toEqual(NO_CONTACT);
    // The one-ligand route says the same.
    const one = (await (
      await stack.api(`/api/v1/jobs/${emptyJob}/ligands/${encodeURIComponent(ethanol.ligandId)}`)
    ).json()) as Ligand;
    expect(one.validity).toEqual(NO_CONTACT);
    expect(one.poses.map((pose) => pose.validity)).toEqual(ethanol.poses.map((pose) => pose.validity));
    // Stored once per pose (the recorder's exactly-once keys), as the columns the filter reads.
    const stored = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('docking_results')
      .select(['pose_rank', 'valid', 'failed_checks'])
      .where('job_id', '=', emptyJob)
      .orderBy('pose_rank')
      .execute();
    expect(stored).toHaveLength(ethanol.poses.length);
    expect(stored.every((row) => row.valid === false)).toBe(true);
  }, 900_000);

  it('gives crystal imatinib redocked into its pocket valid=true', async () => {
    expect((await waitForStatus(stack, pocketJob, isFinal, 900_000)).status).toBe('COMPLETED');
    const [imatinib] = (await results(pocketJob)).ligands as [Ligand];
    expect(imatinib.bestAffinityKcalMol).toBeLessThan(-8);
    expect(imatinib.validity).toEqual({ valid: true, failed: [] });
    expect(imatinib.poses[0]?.validity).toEqual({ valid: true, failed: [] });
  }, 900_000);

  it('filters on valid=true|false (counted in total); another value is a 400 naming valid', async () => {
    expect((await results(emptyJob, '&valid=false')).total).toBe(1);
    expect((await results(emptyJob, '&valid=true')).total).toBe(0);
    expect((await results(pocketJob, '&valid=true')).total).toBe(1);
    expect((await results(pocketJob, '&valid=false')).ligands).toEqual([]);
    const refused = await stack.api(`/api/v1/jobs/${emptyJob}/results?valid=maybe`);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { field?: string; message: string };
    expect(body.field).toBe('valid');
  });

  it('carries the validity in results.csv (the ligand) and results.sdf (each pose), and the exports honour valid=', async () => {
    const csv = (await (await stack.api(`/api/v1/jobs/${emptyJob}/results.csv`)).text()).trim().split('\n');
    const header = csv[0]!.split(',');
    const row = csv[1]!.split(',');
    expect(row[header.indexOf('valid')]).toBe('false');
    expect(row[header.indexOf('failed_checks')]).toBe('no_receptor_contact no_favourable_score');
    const pocketCsv = (await (await stack.api(`/api/v1/jobs/${pocketJob}/results.csv`)).text()).trim().split('\n');
    expect(pocketCsv[1]!.split(',')[header.indexOf('valid')]).toBe('true');
    // The exports take the list's filters: valid=true leaves the flagged ligand out, valid=false keeps it.
    const valid = (await (await stack.api(`/api/v1/jobs/${emptyJob}/results.csv?valid=true`)).text()).trim();
    expect(valid.split('\n')).toEqual([csv[0]]);
    expect((await (await stack.api(`/api/v1/jobs/${emptyJob}/results.csv?valid=false`)).text()).trim()).toBe(
      csv.join('\n'),
    );
    const sdf = await (await stack.api(`/api/v1/jobs/${emptyJob}/results.sdf`)).text();
    const records = sdf.split('$$$$\n').filter((r) => r.trim());
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record).toMatch(/^> <valid>\nfalse\n/m);
      expect(record).toMatch(/^> <failed_checks>\nno_receptor_contact no_favourable_score\n/m);
    }
  });

  it('answers a cache hit with the validity of the stored result', async () => {
    const again = await submit({ ligands: [{ smiles: 'CCO', name: 'ethanol' }], bindingSite: waterBox });
    expect(again.http).toBe(200);
    const [ethanol] = (await results(again.jobId)).ligands as [Ligand];
    expect(ethanol.provenance.cacheHit).toBe(true);
    expect(ethanol.validity).toEqual(NO_CONTACT);
    const computed = (await results(emptyJob)).ligands[0]!;
    expect(ethanol.poses).toEqual(computed.poses);
    expect((await results(again.jobId, '&valid=false')).total).toBe(1);
  });
});
