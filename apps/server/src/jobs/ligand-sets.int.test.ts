// Organising work (issue 17): projects and saved ligand sets over REST and tRPC with real Postgres, RDKit in the
// chemistry worker, s3rver and nats-server (test-stack; no agent runs, so jobs stay PENDING). A set is resolved when
// it is made (ids, an upload, a substructure search of the library) and a job created from its id docks exactly its
// members, in order, recording the set; a set that lost a member is refused, never docked short. Projects group jobs
// and sets; the jobs list filters by project and searches names and receptors. Another organisation sees none of it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '@mad/auth';
import { sharedDataDir } from '@mad/test-utils';
import { startJobsStack, type JobsStack } from '../../test/stack.js';
import { memberWithToken } from '../../test/auth-http.js';

const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
const LIGANDS = [
  { smiles: IMATINIB, name: 'imatinib' },
  { smiles: 'CC(=O)Oc1ccccc1C(=O)O', name: 'aspirin' },
  { smiles: 'CN1CCC[C@H]1c1cccnc1', name: 'nicotine' },
  { smiles: 'c1cncnc1', name: 'pyrimidine' },
  { smiles: 'Nc1ccncc1', name: '4-aminopyridine' },
];
const BOX = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };

let stack: JobsStack;
let receptorId: string;
let tokenB: string;
const ids: Record<string, string> = {};

interface Answer {
  status: number;
  body: Record<string, unknown> & { field?: string; message?: string };
  location: string | null;
}

async function call(path: string, init: { method?: string; json?: unknown; token?: string } = {}): Promise<Answer> {
  const response =
    init.token === undefined
      ? await stack.api(path, { method: init.method ?? 'GET', ...(init.json !== undefined ? { json: init.json } : {}) })
      : await fetch(`${stack.url}${path}`, {
          method: init.method ?? 'GET',
          headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json' },
          ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
        });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    location: response.headers.get('location'),
  };
}

beforeAll(async () => {
  stack = await startJobsStack();
  receptorId = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptorH.pdb'), 'pdb');
  // One upload each, so created_at orders them (newest last).
  for (const ligand of LIGANDS) {
    const uploaded = await call('/api/v1/molecules/upload', {
      method: 'POST',
      json: { kind: 'ligand', smiles: [ligand] },
    });
    expect(uploaded.status, ligand.name).toBe(201);
    ids[ligand.name] = (uploaded.body.molecules as { id: string }[])[0]!.id;
  }
  const other = await createOrganization(stack.db, { slug: 'other-sets-org', name: 'Other' });
  tokenB = (await memberWithToken(stack.db, other.id, 'admin@other-sets.example.org', 'admin')).token;
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('projects', () => {
  it('creates (201, Location), lists with counts, renames, refuses a taken name (409) and unknown fields (400)', async () => {
    const created = await call('/api/v1/projects', { method: 'POST', json: { name: 'ABL1 screen' } });
    expect(created.status).toBe(201);
    expect(created.location).toBe(`/api/v1/projects/${String(created.body.id)}`);
    expect(created.body).toMatchObject({ name: 'ABL1 screen', description: '', jobCount: 0, ligandSetCount: 0 });
    const again = await call('/api/v1/projects', { method: 'POST', json: { name: 'ABL1 screen' } });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('name');
    const unknown = await call('/api/v1/projects', { method: 'POST', json: { name: 'x', title: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('title');
    const blank = await call('/api/v1/projects', { method: 'POST', json: { name: '   ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe('name');
    const other = await call('/api/v1/projects', { method: 'POST', json: { name: 'Other screen' } });
    const renamed = await call(`/api/v1/projects/${String(other.body.id)}`, {
      method: 'PATCH',
      json: { description: 'later' },
    });
    expect(renamed.body).toMatchObject({ name: 'Other screen', description: 'later' });
    expect((await call(`/api/v1/projects/${String(other.body.id)}`, { method: 'PATCH', json: {} })).status).toBe(400);
    const taken = await call(`/api/v1/projects/${String(other.body.id)}`, {
      method: 'PATCH',
      json: { name: 'ABL1 screen' },
    });
    expect(taken.status).toBe(409);
    const list = await call('/api/v1/projects');
    expect((list.body.projects as { name: string }[]).map((p) => p.name)).toEqual(['Other screen', 'ABL1 screen']);
    ids.project = String(created.body.id);
    ids.otherProject = String(other.body.id);
  });
});

describe('ligand sets', () => {
  it('saves a substructure search of the library: pyridine finds the three pyridines, newest first', async () => {
    const created = await call('/api/v1/ligand-sets', {
      method: 'POST',
      json: {
        name: 'pyridines',
        projectId: ids.project,
        source: { kind: 'search', filter: { substructure: 'c1ccncc1' } },
      },
    });
    expect(created.status).toBe(201);
    expect(created.location).toBe(`/api/v1/ligand-sets/${String(created.body.id)}`);
    expect(created.body).toMatchObject({
      name: 'pyridines',
      projectId: ids.project,
      definition: { kind: 'search', filter: { substructure: 'c1ccncc1' } },
      ligandCount: 3,
      resolvedCount: 3,
    });
    ids.pyridines = String(created.body.id);
    const members = await call(`/api/v1/ligand-sets/${ids.pyridines}/members?limit=2`);
    expect(members.status).toBe(200);
    const page1 = members.body.members as { ordinal: number; molecule: { name: string } }[];
    expect(page1.map((m) => [m.ordinal, m.molecule.name])).toEqual([
      [1, '4-aminopyridine'],
      [2, 'nicotine'],
    ]);
    const next = await call(
      `/api/v1/ligand-sets/${ids.pyridines}/members?limit=2&cursor=${String(members.body.nextCursor)}`,
    );
    expect((next.body.members as { molecule: { name: string } }[]).map((m) => m.molecule.name)).toEqual(['imatinib']);
    expect(next.body.nextCursor).toBeNull();
    // Over tRPC the same procedure answers the set.
    const viaTrpc = await stack.api(
      `/trpc/ligandSets.get?input=${encodeURIComponent(JSON.stringify({ json: { ligandSetId: ids.pyridines } }))}`,
    );
    expect(viaTrpc.status).toBe(200);
    // A search with property ranges combines them: pyridines up to 200 g/mol (not imatinib).
    const light = await call('/api/v1/ligand-sets', {
      method: 'POST',
      json: {
        name: 'light pyridines',
        source: { kind: 'search', filter: { substructure: 'c1ccncc1', molecularWeightMax: 200 } },
      },
    });
    expect(light.body.ligandCount).toBe(2);
    // A similarity search: what resembles imatinib at Tanimoto ≥ 0.2 (Morgan radius 2, 2,048 bits): nicotine, imatinib.
    const similar = await call('/api/v1/ligand-sets', {
      method: 'POST',
      json: { name: 'like imatinib', source: { kind: 'search', filter: { similarTo: IMATINIB, similarityMin: 0.2 } } },
    });
    expect(similar.status).toBe(201);
    expect(similar.body.ligandCount).toBe(2);
    const like = await call(`/api/v1/ligand-sets/${String(similar.body.id)}/members`);
    expect((like.body.members as { molecule: { name: string } }[]).map((m) => m.molecule.name)).toEqual([
      'nicotine',
      'imatinib',
    ]);
  });

  it('saves explicit ids and an upload in the order given, and refuses what it cannot save', async () => {
    const byIds = await call('/api/v1/ligand-sets', {
      method: 'POST',
      json: { name: 'two', source: { kind: 'ids', moleculeIds: [ids.aspirin, ids.imatinib] } },
    });
    expect(byIds.status).toBe(201);
    expect(byIds.body).toMatchObject({ definition: { kind: 'ids' }, ligandCount: 2 });
    const order = await call(`/api/v1/ligand-sets/${String(byIds.body.id)}/members`);
    expect((order.body.members as { molecule: { id: string } }[]).map((m) => m.molecule.id)).toEqual([
      ids.aspirin,
      ids.imatinib,
    ]);
    const byUpload = await call('/api/v1/ligand-sets', {
      method: 'POST',
      json: { name: 'upload', source: { kind: 'upload', moleculeIds: [ids.pyrimidine], files: ['pyrimidine.smi'] } },
    });
    expect(byUpload.body).toMatchObject({ definition: { kind: 'upload', files: ['pyrimidine.smi'] }, ligandCount: 1 });
    ids.pyrimidineSet = String(byUpload.body.id);

    const refusals: [unknown, number, string | undefined][] = [
      [{ name: 'r', source: { kind: 'ids', moleculeIds: [receptorId] } }, 400, 'source.moleculeIds.0'],
      [{ name: 'd', source: { kind: 'ids', moleculeIds: [ids.aspirin, ids.aspirin] } }, 400, 'source.moleculeIds'],
      [{ name: 'e', source: { kind: 'ids', moleculeIds: [] } }, 400, 'source.moleculeIds'],
      [
        { name: 'm', source: { kind: 'ids', moleculeIds: ['00000000-0000-4000-8000-000000000000'] } },
        404,
        'source.moleculeIds',
      ],
      [{ name: 's', source: { kind: 'search', filter: { substructure: 'C1CC(' } } }, 400, 'source.filter.substructure'],
      [{ name: 'n', source: { kind: 'search', filter: { substructure: 'c1ccc2ccccc2c1' } } }, 422, 'source.filter'],
      [
        { name: 'u', source: { kind: 'search', filter: { substructre: 'c1ccncc1' } } },
        400,
        'source.filter.substructre',
      ],
      [
        {
          name: 'p',
          projectId: '00000000-0000-4000-8000-000000000000',
          source: { kind: 'ids', moleculeIds: [ids.aspirin] },
        },
        404,
        'projectId',
      ],
    ];
    const before = await stack.db
      .selectFrom('ligand_sets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [json, status, field] of refusals) {
      const answer = await call('/api/v1/ligand-sets', { method: 'POST', json });
      expect(answer.status, JSON.stringify(json)).toBe(status);
      expect(answer.body.field, JSON.stringify(json)).toBe(field);
    }
    const after = await stack.db
      .selectFrom('ligand_sets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('creates a job from a set id: it docks exactly the members in order and records the set and project', async () => {
    const created = await call('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        name: 'pyridines on 1iep',
        projectId: ids.project,
        receptorId,
        ligandSetId: ids.pyridines,
        bindingSite: BOX,
        params: { exhaustiveness: 1 },
      },
    });
    expect(created.status).toBe(202);
    const jobId = String(created.body.jobId);
    ids.job = jobId;
    const inputs = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('job_inputs')
      .select(['ordinal', 'molecule_id', 'name'])
      .where('job_id', '=', jobId)
      .orderBy('ordinal')
      .execute();
    expect(inputs.map((row) => [row.ordinal, row.molecule_id, row.name])).toEqual([
      [1, ids['4-aminopyridine'], '4-aminopyridine'],
      [2, ids.nicotine, 'nicotine'],
      [3, ids.imatinib, 'imatinib'],
    ]);
    const status = await call(`/api/v1/jobs/${jobId}/status`);
    expect(status.body).toMatchObject({ projectId: ids.project, ligandSetId: ids.pyridines });
    expect((status.body.ligands as { total: number }).total).toBe(3);
    // ids given with the set come first; one listed in both is a 400.
    const both = await call('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { receptorId, ligandSetId: ids.pyridines, ligandIds: [ids.nicotine], bindingSite: BOX },
    });
    expect(both.status).toBe(400);
    expect(both.body.field).toBe('ligandIds');
    const unknownSet = await call('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { receptorId, ligandSetId: '00000000-0000-4000-8000-000000000000', bindingSite: BOX },
    });
    expect(unknownSet.status).toBe(404);
    expect(unknownSet.body.field).toBe('ligandSetId');
  });

  it('refuses a job from a set that lost a member since it was made (409), never docking fewer', async () => {
    expect((await call(`/api/v1/molecules/${ids.pyrimidine}`, { method: 'DELETE' })).status).toBe(200);
    const set = await call(`/api/v1/ligand-sets/${ids.pyrimidineSet}`);
    expect(set.body).toMatchObject({ ligandCount: 0, resolvedCount: 1 });
    const jobs = await stack.db
      .selectFrom('jobs_meta')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const refused = await call('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { receptorId, ligandSetId: ids.pyrimidineSet, bindingSite: BOX },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/had 1 ligands when it was made and has 0 now/);
    expect(
      await stack.db
        .selectFrom('jobs_meta')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(jobs);
    expect((await call(`/api/v1/ligand-sets/${ids.pyrimidineSet}`, { method: 'DELETE' })).body).toEqual({
      id: ids.pyrimidineSet,
      deleted: true,
    });
    expect((await call(`/api/v1/ligand-sets/${ids.pyrimidineSet}`)).status).toBe(404);
  });
});

describe('the jobs list', () => {
  it('filters by project, searches name and receptor, and answers receptor name, outcomes and set', async () => {
    const other = await call('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: {
        name: 'aspirin alone',
        receptorId,
        ligandIds: [ids.aspirin],
        bindingSite: BOX,
        params: { exhaustiveness: 1 },
      },
    });
    expect(other.status).toBe(202);
    const inProject = await call(`/api/v1/jobs?projectId=${ids.project}`);
    expect(inProject.body.total).toBe(1);
    const row = (inProject.body.jobs as Record<string, unknown>[])[0]!;
    expect(row).toMatchObject({
      jobId: ids.job,
      name: 'pyridines on 1iep',
      projectId: ids.project,
      ligandSetId: ids.pyridines,
      receptorId,
      receptorName: '1iep_receptorH.pdb',
      ligandCount: 3,
      ligands: { succeeded: 0, failed: 0, cancelled: 0 },
      bestAffinityKcalMol: null,
    });
    const byReceptor = await call('/api/v1/jobs?search=1IEP_rec');
    expect(byReceptor.body.total).toBe(2);
    const byName = await call('/api/v1/jobs?search=ASPIRIN');
    expect((byName.body.jobs as { jobId: string }[]).map((j) => j.jobId)).toEqual([String(other.body.jobId)]);
    expect((await call('/api/v1/jobs?search=nothing-like-it')).body.total).toBe(0);
    const project = await call(`/api/v1/projects/${ids.project}`);
    expect(project.body).toMatchObject({ jobCount: 1, ligandSetCount: 1 });
  });
});

describe('comparing two jobs', () => {
  it('matches ligands by molecule id and names what differs in the set-up', async () => {
    const submit = async (json: Record<string, unknown>) => {
      const answer = await call('/api/v1/pipelines/vina/jobs', {
        method: 'POST',
        json: { receptorId, bindingSite: BOX, ...json },
      });
      expect(answer.status).toBe(202);
      return String(answer.body.jobId);
    };
    const first = await submit({ ligandSetId: ids.pyridines, params: { exhaustiveness: 1, seed: 7 } });
    const second = await submit({
      ligandIds: [ids.aspirin, ids.imatinib],
      ligands: [{ smiles: 'c1ccncc1', name: 'pyridine' }],
      params: { exhaustiveness: 2, seed: 7 },
    });
    const compared = await call(`/api/v1/jobs/${first}/compare/${second}?sort=name`);
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({
      first: { jobId: first, receptorName: '1iep_receptorH.pdb', ligandCount: 3, params: { exhaustiveness: 1 } },
      second: { jobId: second, ligandCount: 3, params: { exhaustiveness: 2 } },
      differences: ['params.exhaustiveness'],
      matched: 1,
      onlyFirst: 2,
      onlySecond: 2,
      offset: 0,
      limit: 100,
    });
    expect(compared.body.ligands).toEqual([
      {
        moleculeId: ids.imatinib,
        name: 'imatinib',
        first: { ligandId: ids.imatinib, status: 'PENDING', bestAffinityKcalMol: null },
        second: { ligandId: ids.imatinib, status: 'PENDING', bestAffinityKcalMol: null },
        deltaKcalMol: null,
      },
    ]);
    const self = await call(`/api/v1/jobs/${first}/compare/${first}`);
    expect(self.status).toBe(400);
    expect(self.body.field).toBe('otherJobId');
    expect((await call(`/api/v1/jobs/${first}/compare/${second}?sort=affinity`)).body.field).toBe('sort');
    expect((await call(`/api/v1/jobs/${first}/compare/${second}`, { token: tokenB })).status).toBe(404);
    expect((await call(`/api/v1/jobs/${first}/compare/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe("another organisation's projects and sets", () => {
  it('are not found (404), never listed, never usable in a job or a filter', async () => {
    for (const path of [
      `/api/v1/projects/${ids.project}`,
      `/api/v1/ligand-sets/${ids.pyridines}`,
      `/api/v1/ligand-sets/${ids.pyridines}/members`,
      `/api/v1/jobs?projectId=${ids.project}`,
      `/api/v1/ligand-sets?projectId=${ids.project}`,
    ])
      expect((await call(path, { token: tokenB })).status, path).toBe(404);
    expect((await call(`/api/v1/projects/${ids.project}`, { method: 'DELETE', token: tokenB })).status).toBe(404);
    expect((await call(`/api/v1/ligand-sets/${ids.pyridines}`, { method: 'DELETE', token: tokenB })).status).toBe(404);
    const lists = JSON.stringify([
      (await call('/api/v1/projects', { token: tokenB })).body,
      (await call('/api/v1/ligand-sets', { token: tokenB })).body,
    ]);
    expect(lists).not.toContain(ids.project);
    expect(lists).not.toContain(ids.pyridines);
    // Org B cannot dock org A's set (nor use its ids in a set of its own).
    const setOfA = await call('/api/v1/ligand-sets', {
      method: 'POST',
      token: tokenB,
      json: { name: 'stolen', source: { kind: 'ids', moleculeIds: [ids.imatinib] } },
    });
    expect(setOfA.status).toBe(404);
    // A search of org B's library finds nothing of org A's.
    const searchB = await call('/api/v1/ligand-sets', {
      method: 'POST',
      token: tokenB,
      json: { name: 'pyridines', source: { kind: 'search', filter: { substructure: 'c1ccncc1' } } },
    });
    expect(searchB.status).toBe(422);
    expect((await call(`/api/v1/ligand-sets/${ids.pyridines}`)).status).toBe(200);
  });
});

describe('deleting a project', () => {
  it('ungroups its jobs and sets; both stay', async () => {
    const deleted = await call(`/api/v1/projects/${ids.project}`, { method: 'DELETE' });
    expect(deleted.body).toEqual({ id: ids.project, deleted: true, ungroupedJobs: 1, ungroupedLigandSets: 1 });
    expect((await call(`/api/v1/jobs/${ids.job}/status`)).body.projectId).toBeNull();
    expect((await call(`/api/v1/ligand-sets/${ids.pyridines}`)).body.projectId).toBeNull();
    expect((await call(`/api/v1/projects/${ids.project}`)).status).toBe(404);
  });
});
