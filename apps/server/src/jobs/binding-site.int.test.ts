// The binding box against the receptor at job creation (no agent runs): a box far from every receptor atom is a 422
// saying where the receptor is, nothing stored; a box at the protein's edge or far larger than the receptor is accepted
// with stored warnings the job's status shows (a 126 Å box is over the volume limit: 400). An autobox is built around
// the atoms of the very structure whose id was given, not of another structure of the same compound (issue 12). Real
// Postgres, s3rver and nats-server (test-stack). Jobs have names and descriptions, and the list filters by name.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdfAtoms } from '@mad/chem';
import { sdfMovedAlongX, sharedDataDir } from '@mad/test-utils';
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

describe('autobox around an uploaded ligand', () => {
  /** The centre of the atoms' bounding box, as an autobox has it. */
  const centreOf = (sdf: string) => {
    const atoms = sdfAtoms(sdf);
    const mid = (axis: 'x' | 'y' | 'z') =>
      (Math.min(...atoms.map((a) => a[axis])) + Math.max(...atoms.map((a) => a[axis]))) / 2;
    return { x: mid('x'), y: mid('y'), z: mid('z') };
  };
  const upload = async (name: string, content: string) => {
    const response = await stack.api('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind: 'ligand', files: [{ name, content }] },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return ((await response.json()) as { molecules: { id: string; inchikey: string; deduplicated: boolean }[] })
      .molecules[0]!;
  };
  const boxOf = async (ligandId: string) => {
    const created = await submit({ mode: 'autobox', ligandId, paddingAngstrom: 4 });
    expect(created.status, await created.clone().text()).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const status = (await (await stack.api(`/api/v1/jobs/${jobId}/status`)).json()) as {
      box: { center: { x: number; y: number; z: number } };
    };
    return status.box.center;
  };

  it("uses that structure's own atoms: 1iep's ligand moved +6 Å in x gives a box centred 6 Å further in x", async () => {
    const original = await readFile(join(sharedDataDir, 'vina-1iep/1iep_ligand.sdf'), 'utf8');
    // The same compound, every atom 6 Å further along x.
    const moved = sdfMovedAlongX(original, 6);
    const from = centreOf(original);
    const to = centreOf(moved);
    expect(to.x - from.x).toBeCloseTo(6, 3);
    expect(sdfAtoms(moved)).toHaveLength(sdfAtoms(original).length);

    const first = await upload('1iep_ligand.sdf', original);
    const second = await upload('1iep_ligand-moved-6A.sdf', moved);
    expect(second).toMatchObject({ inchikey: first.inchikey, deduplicated: false });
    expect(second.id).not.toBe(first.id);

    // The moved structure's id: its own centre (x ≈ 21.1 in 1iep's frame), not the first upload's (x ≈ 15.1).
    const movedBox = await boxOf(second.id);
    for (const axis of ['x', 'y', 'z'] as const) expect(movedBox[axis]).toBeCloseTo(to[axis], 2);
    expect(movedBox.x - from.x).toBeCloseTo(6, 2);
    // And the first structure's id: the crystal pose's centre, still.
    const originalBox = await boxOf(first.id);
    for (const axis of ['x', 'y', 'z'] as const) expect(originalBox[axis]).toBeCloseTo(from[axis], 2);
  });
});

// Issues 17 and 18: a job has an optional name and description, given at creation, answered by get/status/list (null
// when not given), and the jobs list filters by name (case-insensitive substring, with the other filters).
describe('job names and descriptions', () => {
  const site = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
  const create = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
    stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { receptorId, ligands: [{ smiles: 'CCO', name: 'ethanol' }], bindingSite: site, ...extra },
      headers,
    });
  interface JobAnswer {
    jobId: string;
    name: string | null;
    description: string | null;
    status: string;
    pipeline: string;
  }
  interface ErrorAnswer {
    code: string;
    message: string;
    field?: string;
    problems?: { field: string; reason: string }[];
  }
  const list = async (query: string) => {
    const response = await stack.api(`/api/v1/jobs?${query}`);
    expect(response.status, query).toBe(200);
    return (await response.json()) as { jobs: JobAnswer[]; total: number; nextCursor: string | null };
  };
  const ids: Record<'alpha' | 'beta' | 'unnamed', string> = { alpha: '', beta: '', unnamed: '' };

  it('stores the name (trimmed) and description, and answers them from get, status and the list (null when not given)', async () => {
    const alpha = await create({ name: '  Kinase screen ALPHA  ', description: 'First pass.\nImatinib analogues.' });
    expect(alpha.status, await alpha.clone().text()).toBe(202);
    ids.alpha = ((await alpha.json()) as JobAnswer).jobId;
    const beta = await create({ name: 'kinase screen beta' });
    expect(beta.status).toBe(202);
    ids.beta = ((await beta.json()) as JobAnswer).jobId;
    const unnamed = await create({});
    expect(unnamed.status).toBe(202);
    ids.unnamed = ((await unnamed.json()) as JobAnswer).jobId;

    for (const path of [`/api/v1/jobs/${ids.alpha}`, `/api/v1/jobs/${ids.alpha}/status`]) {
      const job = (await (await stack.api(path)).json()) as JobAnswer;
      expect(job).toMatchObject({
        jobId: ids.alpha,
        name: 'Kinase screen ALPHA',
        description: 'First pass.\nImatinib analogues.',
      });
    }
    const betaJob = (await (await stack.api(`/api/v1/jobs/${ids.beta}`)).json()) as JobAnswer;
    expect([betaJob.name, betaJob.description]).toEqual(['kinase screen beta', null]);
    const unnamedJob = (await (await stack.api(`/api/v1/jobs/${ids.unnamed}`)).json()) as JobAnswer;
    expect([unnamedJob.name, unnamedJob.description]).toEqual([null, null]);

    const everything = await list('limit=200');
    const byId = new Map(everything.jobs.map((job) => [job.jobId, job]));
    expect(byId.get(ids.alpha)).toMatchObject({
      name: 'Kinase screen ALPHA',
      description: 'First pass.\nImatinib analogues.',
    });
    expect(byId.get(ids.beta)).toMatchObject({ name: 'kinase screen beta', description: null });
    expect(byId.get(ids.unnamed)).toMatchObject({ name: null, description: null });
  });

  it('filters the list by name, case-insensitively, as a substring, with the other filters; REST and tRPC alike', async () => {
    const kinase = await list('name=KINASE');
    expect(new Set(kinase.jobs.map((j) => j.jobId))).toEqual(new Set([ids.alpha, ids.beta]));
    expect(kinase.total).toBe(2);
    expect((await list('name=alpha')).jobs.map((j) => j.jobId)).toEqual([ids.alpha]);
    expect((await list(`name=${encodeURIComponent('Screen Be')}`)).jobs.map((j) => j.jobId)).toEqual([ids.beta]);
    // Combined: both are PENDING vina jobs; none is a smina job. A LIKE wildcard is text, not a pattern.
    expect((await list('name=kinase&status=PENDING&pipeline=vina')).total).toBe(2);
    expect((await list('name=kinase&pipeline=smina')).jobs).toEqual([]);
    expect((await list(`name=${encodeURIComponent('%')}`)).jobs).toEqual([]);
    expect((await list(`name=${encodeURIComponent('kinase_screen')}`)).jobs).toEqual([]);
    // Paged by cursor under the filter: one per page, both found, the total on each page.
    const first = await list('name=kinase&limit=1');
    const second = await list(`name=kinase&limit=1&cursor=${first.nextCursor!}`);
    expect(new Set([...first.jobs, ...second.jobs].map((j) => j.jobId))).toEqual(new Set([ids.alpha, ids.beta]));
    expect([first.total, second.total, second.nextCursor]).toEqual([2, 2, null]);

    const input = encodeURIComponent(JSON.stringify({ json: { name: 'BETA' } }));
    const trpc = await stack.api(`/trpc/jobs.list?input=${input}`);
    expect(trpc.status).toBe(200);
    const answer = (await trpc.json()) as { result: { data: { json: { jobs: JobAnswer[] } } } };
    expect(answer.result.data.json.jobs.map((j) => [j.jobId, j.name])).toEqual([[ids.beta, 'kinase screen beta']]);
  });

  it('refuses a bad name, description or name filter with a 400 naming the field; unknown fields stay a 400', async () => {
    const refused = async (response: Response, field: string) => {
      expect(response.status, field).toBe(400);
      const body = (await response.json()) as ErrorAnswer;
      expect(typeof body.code).toBe('string');
      expect(typeof body.message).toBe('string');
      expect(body.field).toBe(field);
      expect(body.problems?.[0]?.field).toBe(field);
      return body;
    };
    const before = await list('limit=200');
    await refused(await create({ name: 'bad\u0000name' }), 'name');
    await refused(await create({ name: 'x'.repeat(201) }), 'name');
    await refused(await create({ name: '   ' }), 'name');
    await refused(await create({ name: 'two\nlines' }), 'name');
    await refused(await create({ name: 42 }), 'name');
    await refused(await create({ description: 'd'.repeat(2_001) }), 'description');
    await refused(await create({ description: 'nul\u0000here' }), 'description');
    await refused(await create({ title: 'misspelt' }), 'title');
    // Nothing was created by the refused requests.
    expect((await list('limit=200')).total).toBe(before.total);
    // Exactly the limits are accepted.
    const longest = await create({ name: 'n'.repeat(200), description: 'd'.repeat(2_000) });
    expect(longest.status).toBe(202);

    await refused(await stack.api(`/api/v1/jobs?name=${'x'.repeat(201)}`), 'name');
    await refused(await stack.api('/api/v1/jobs?name=%00'), 'name');
    await refused(await stack.api('/api/v1/jobs?name=%20%20'), 'name');
    // An empty parameter is no parameter (as every query parameter of the REST bridge): every job.
    expect((await list('name=&limit=200')).total).toBe((await list('limit=200')).total);
    await refused(await stack.api('/api/v1/jobs?nmae=kinase'), 'nmae');
  });

  it('makes the name part of the idempotent request: the same key with another name is the conflict', async () => {
    const headers = { 'idempotency-key': 'named-job-1' };
    const first = await create({ name: 'retry me' }, headers);
    expect(first.status).toBe(202);
    const { jobId } = (await first.json()) as JobAnswer;
    const retry = await create({ name: 'retry me' }, headers);
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as JobAnswer).jobId).toBe(jobId);
    const renamed = await create({ name: 'another name' }, headers);
    expect(renamed.status).toBe(409);
    expect(((await renamed.json()) as ErrorAnswer).message).toContain(jobId);
    const described = await create({ name: 'retry me', description: 'now with a description' }, headers);
    expect(described.status).toBe(409);
  });
});
