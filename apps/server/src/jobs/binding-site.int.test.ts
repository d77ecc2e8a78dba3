// The binding box against the receptor at job creation (no agent runs): a box far from every receptor atom is a 422
// saying where the receptor is, nothing stored; a box at the protein's edge or far larger than the receptor is accepted
// with stored warnings the job's status shows (a 126 Å box is over the volume limit: 400). Real Postgres, s3rver and
// nats-server (test-stack).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { startJobsStack, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let receptorId: string;

beforeAll(async () => {
  stack = await startJobsStack();
  receptorId = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), 'pdb');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const submit = (bindingSite: unknown) =>
  stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, ligands: [{ smiles: 'CCO', name: 'ethanol' }], bindingSite, params: { exhaustiveness: 1 } },
  });

describe('the binding box against the receptor', () => {
  it('refuses a box far from every receptor atom with a 422 that says where the receptor is; nothing is stored', async () => {
    const jobsBefore = await stack.db
      .selectFrom('jobs_meta')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    const response = await submit({ mode: 'box', center: { x: 200, y: 200, z: 200 }, size: { x: 20, y: 20, z: 20 } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string };
    expect(body.message).toMatch(
      /^binding site: the box \(centre \(200\.0, 200\.0, 200\.0\), size \(20\.0, 20\.0, 20\.0\) Å\) contains no receptor atom; the nearest is \d+\.\d Å from its centre and the receptor spans centre \(/,
    );
    const jobsAfter = await stack.db
      .selectFrom('jobs_meta')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    expect(jobsAfter).toEqual(jobsBefore);
  });

  it('accepts a box at the edge of the protein or larger than the whole receptor, with the warnings stored', async () => {
    for (const [bindingSite, warning] of [
      [{ mode: 'box', center: { x: 45.1, y: 54, z: 17.1 }, size: { x: 20, y: 20, z: 20 } }, /only \d+ receptor heavy/],
      [
        { mode: 'box', center: { x: 12.6, y: 52, z: 22.6 }, size: { x: 72, y: 62, z: 82 } },
        /larger than the whole receptor/,
      ],
    ] as const) {
      const response = await submit(bindingSite);
      expect(response.status).toBe(202);
      const created = (await response.json()) as { jobId: string; warnings: string[] };
      expect(created.warnings).toEqual(expect.arrayContaining([expect.stringMatching(warning)]));
      const status = (await (await stack.api(`/api/v1/jobs/${created.jobId}/status`)).json()) as { warnings: string[] };
      expect(status.warnings).toEqual(created.warnings);
    }
    // A 126 Å box is over the volume limit (JOB_MAX_BOX_VOLUME): refused before it is compared with the receptor.
    expect(
      (await submit({ mode: 'box', center: { x: 15, y: 54, z: 17 }, size: { x: 126, y: 126, z: 126 } })).status,
    ).toBe(400);
    // The pocket box of the crystal ligand has nothing to warn about.
    const pocket = await submit({
      mode: 'box',
      center: { x: 15.19, y: 53.903, z: 16.917 },
      size: { x: 20, y: 20, z: 20 },
    });
    expect(pocket.status).toBe(202);
    expect(((await pocket.json()) as { warnings: string[] }).warnings).toEqual([]);
  });
});
