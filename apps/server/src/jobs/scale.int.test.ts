// The read and submit paths at scale, through REST against a real stack (Postgres, s3rver, nats-server, worker; no
// agent: results are written into the job's tables as a finished job would have them): large inline-SMILES jobs,
// cursor pagination, the stable pose-file links and their access checks, status from the state counters.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createOrganization, ensureUser, issueApiToken, roleByName, setMemberRole } from '@mad/auth';
import { sharedDataDir, uniqueName } from '@mad/test-utils';
import { startJobsStack, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let receptorId: string;
const BOX = { mode: 'box', center: { x: 37.2, y: -14.6, z: 30.5 }, size: { x: 20, y: 20, z: 20 } };

/** n small distinct-enough SMILES (alkyl chains with a functional group). */
const smilesLibrary = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    smiles: `${'C'.repeat((i % 12) + 1)}${['O', 'N', 'Cl', 'C(=O)O', 'c1ccccc1', '[NH3+]'][i % 6]}`,
    name: `compound ${i}`,
  }));

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '500' });
  receptorId = await stack.addMolecule(
    'receptor',
    join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'),
    'pdbqt',
  );
});

afterAll(async () => {
  await stack?.close();
});

async function submit(ligands: { smiles: string; name?: string }[]) {
  return stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId, ligands, bindingSite: BOX, params: { exhaustiveness: 1, seed: 1 } },
  });
}

/** Until the dispatcher has made and queued the job's tasks (no agent runs them): nothing else writes from then on. */
async function waitUntilQueued(jobId: string) {
  const s = sql.raw(`"${stack.org.resultsSchema}"`);
  for (let i = 0; ; i++) {
    const { rows } = await sql<{
      task_count: number;
      pending: number;
    }>`select task_count, (select count(*)::int from ${s}.tasks where job_id = ${jobId} and status = 'PENDING') as pending from ${s}.jobs where id = ${jobId}`.execute(
      stack.db,
    );
    if ((rows[0]?.task_count ?? 0) > 0 && rows[0]?.pending === 0) return;
    if (i > 1_200) throw new Error(`the tasks of job ${jobId} were not queued within 2 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function storedJobs() {
  const meta = await stack.db
    .selectFrom('jobs_meta')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', stack.org.id)
    .executeTakeFirstOrThrow();
  const inputs = await stack.db
    .withSchema(stack.org.resultsSchema)
    .selectFrom('job_inputs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { jobs: meta.n, ligands: inputs.n };
}

describe('a large inline-SMILES job', () => {
  it('with bad SMILES in the middle: 400 naming each by its index, and nothing stored', async () => {
    const before = await storedJobs();
    const ligands = smilesLibrary(20_000);
    ligands[7_777] = { smiles: 'CC(C)Xq', name: 'not an element' };
    ligands[15_000] = { smiles: 'CC O', name: 'two molecules with a space' };
    const response = await submit(ligands);
    expect(response.status).toBe(400);
    const { message } = (await response.json()) as { message: string };
    expect(message).toMatch(/2 ligand\(s\) are not SMILES, nothing was stored/);
    expect(message).toMatch(/ligands\[7777\] "CC\(C\)Xq": "X" at position 6/);
    expect(message).toMatch(/ligands\[15000\] "CC O": a space at position 3/);
    expect(await storedJobs()).toEqual(before);
  });

  it('of 5,000 valid SMILES: 202, every ligand stored once in order, counted in its status', async () => {
    const response = await submit(smilesLibrary(5_000));
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    const rows = await stack.db
      .withSchema(stack.org.resultsSchema)
      .selectFrom('job_inputs')
      .select(['ligand_id', 'ordinal', 'smiles', 'name'])
      .where('job_id', '=', jobId)
      .orderBy('ordinal')
      .execute();
    expect(rows.length).toBe(5_000);
    expect(rows[4_321]).toEqual({
      ligand_id: 'inline-4322',
      ordinal: 4_322,
      smiles: smilesLibrary(4_322)[4_321]!.smiles,
      name: 'compound 4321',
    });
    const status = (await (await stack.api(`/api/v1/jobs/${jobId}/status`)).json()) as { ligands: { total: number } };
    expect(status.ligands.total).toBe(5_000);
    await waitUntilQueued(jobId);
    await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST', json: {} });
  });
});

interface LigandBody {
  ligandId: string;
  ordinal: number;
  name: string;
  status: string;
  bestAffinityKcalMol: number | null;
  poses: {
    rank: number;
    affinityKcalMol: number;
    rmsdLowerBound: number | null;
    rmsdUpperBound: number | null;
    cnnScore: number | null;
  }[];
  files: { posesSdf: string | null; posesPdbqt: string | null; log: string | null };
}
interface PageBody {
  total: number;
  nextCursor: string | null;
  ligands: LigandBody[];
}

describe('a finished job of 2,000 ligands', () => {
  const LIGANDS = 2_000;
  let jobId: string;
  const sdfText = '1-chloro-1-fluoroethane\n  synthetic\n\n  0  0  0  0  0  0            999 V2000\nM  END\n$$$$\n';

  beforeAll(async () => {
    const response = await submit(smilesLibrary(LIGANDS));
    jobId = ((await response.json()) as { jobId: string }).jobId;
    const s = `"${stack.org.resultsSchema}"`;
    await waitUntilQueued(jobId);
    // Affinities from 13 values only (many ties); every 10th ligand failed (no affinity, after the others).
    await sql`insert into ${sql.raw(s)}.docking_results (job_id, ligand_id, pose_rank, affinity_kcal_mol, rmsd_lb, rmsd_ub, cnn_score, task_id)
      select job_id, ligand_id, r, -5 - (ordinal % 13) * 0.5 + (r - 1) * 0.25, case when r = 1 then 0 else r * 1.5 end, case when r = 1 then 0 else r * 2.5 end, null, coalesce(task_id, gen_random_uuid())
      from ${sql.raw(s)}.job_inputs, generate_series(1, 3) as r where job_id = ${jobId} and ordinal % 10 <> 0`.execute(
      stack.db,
    );
    await sql`update ${sql.raw(s)}.job_inputs ji set status = 'SUCCEEDED', best_affinity_kcal_mol = best.a
      from (select ligand_id, min(affinity_kcal_mol) as a from ${sql.raw(s)}.docking_results where job_id = ${jobId} group by ligand_id) best
      where ji.job_id = ${jobId} and ji.ligand_id = best.ligand_id`.execute(stack.db);
    await sql`update ${sql.raw(s)}.job_inputs set status = 'FAILED', error_stage = 'preparation', error = 'synthetic' where job_id = ${jobId} and ordinal % 10 = 0`.execute(
      stack.db,
    );
    // Pose files for the first ligands only (the others have none: their links are null).
    const key = `orgs/${stack.org.id}/jobs/${jobId}/synthetic/poses.sdf`;
    await stack.storage.putObject(key, Buffer.from(sdfText), 'chemical/x-mdl-sdfile');
    await sql`insert into ${sql.raw(s)}.job_outputs (job_id, task_id, ligand_id, kind, s3_key)
      select job_id, coalesce(task_id, gen_random_uuid()), ligand_id, 'poses_sdf', ${key} from ${sql.raw(s)}.job_inputs where job_id = ${jobId} and ordinal <= 5`.execute(
      stack.db,
    );
  });

  async function expectedOrder(orderBy: string, where = 'true') {
    const { rows } = await sql<{
      ligand_id: string;
    }>`select ligand_id from ${sql.raw(`"${stack.org.resultsSchema}"`)}.job_inputs where job_id = ${jobId} and ${sql.raw(where)} order by ${sql.raw(orderBy)}`.execute(
      stack.db,
    );
    return rows.map((r) => r.ligand_id);
  }

  async function walk(query: string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = -1;
    for (let page = 0; page < 1_000; page++) {
      const response = await stack.api(
        `/api/v1/jobs/${jobId}/results?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as PageBody;
      total = body.total;
      seen.push(...body.ligands.map((l) => l.ligandId));
      if (!body.nextCursor) break;
      expect(body.ligands.length).toBe(limit);
      cursor = body.nextCursor;
    }
    return { seen, total };
  }

  it('pages by cursor through every ligand exactly once, in order, ties and ligands without affinity included', async () => {
    const byAffinity = await walk('sort=affinity', 97);
    expect(byAffinity.total).toBe(LIGANDS);
    expect(new Set(byAffinity.seen).size).toBe(LIGANDS);
    expect(byAffinity.seen).toEqual(await expectedOrder('best_affinity_kcal_mol asc nulls last, ordinal asc'));

    const worstFirst = await walk('sort=affinity&order=desc', 150);
    expect(worstFirst.seen).toEqual(await expectedOrder('best_affinity_kcal_mol desc nulls last, ordinal asc'));
    const byName = await walk('sort=name&order=desc', 333);
    expect(byName.seen).toEqual(await expectedOrder('name desc, ordinal asc'));
    const byOrdinal = await walk('sort=ordinal', 500);
    expect(byOrdinal.seen).toEqual(await expectedOrder('ordinal asc'));
    const failed = await walk('sort=affinity&status=FAILED', 30);
    expect(failed.total).toBe(LIGANDS / 10);
    expect(failed.seen).toEqual(await expectedOrder('ordinal asc', "status = 'FAILED'"));
  });

  it('filters by affinity range and confidence, pages the matches by cursor and counts them (issue 18)', async () => {
    const strong = await walk('sort=affinity&affinityMin=-9&affinityMax=-7', 40);
    const strongRows = await expectedOrder(
      'best_affinity_kcal_mol asc nulls last, ordinal asc',
      'best_affinity_kcal_mol between -9 and -7',
    );
    expect(strongRows.length).toBeGreaterThan(40);
    expect(strong).toEqual({ seen: strongRows, total: strongRows.length });
    const byOrdinal = await walk('sort=ordinal&affinityMax=-8', 250);
    expect(byOrdinal.seen).toEqual(await expectedOrder('ordinal asc', 'best_affinity_kcal_mol <= -8'));
    await sql`update ${sql.raw(`"${stack.org.resultsSchema}"`)}.job_inputs set confidence_score = (ordinal % 4) * 0.25 where job_id = ${jobId}`.execute(
      stack.db,
    );
    const confident = await walk('sort=affinity&confidenceMin=0.5', 200);
    expect(confident.seen).toEqual(
      await expectedOrder('best_affinity_kcal_mol asc nulls last, ordinal asc', 'confidence_score >= 0.5'),
    );
    expect(confident.total).toBe(confident.seen.length);
    const first = (await (
      await stack.api(`/api/v1/jobs/${jobId}/results?sort=affinity&affinityMax=-8&limit=10`)
    ).json()) as PageBody;
    const otherRange = await stack.api(
      `/api/v1/jobs/${jobId}/results?sort=affinity&affinityMax=-9&limit=10&cursor=${first.nextCursor}`,
    );
    expect(otherRange.status).toBe(400);
    expect(((await otherRange.json()) as { message: string }).message).toMatch(/made for other affinityMax/);
    expect((await stack.api(`/api/v1/jobs/${jobId}/results?confidenceMin=2`)).status).toBe(400);
  });

  it('gives the same page by offset as by cursor, and refuses a cursor of another order or with an offset', async () => {
    const first = (await (await stack.api(`/api/v1/jobs/${jobId}/results?sort=affinity&limit=100`)).json()) as PageBody;
    const second = (await (
      await stack.api(`/api/v1/jobs/${jobId}/results?sort=affinity&limit=100&cursor=${first.nextCursor}`)
    ).json()) as PageBody;
    const byOffset = (await (
      await stack.api(`/api/v1/jobs/${jobId}/results?sort=affinity&limit=100&offset=100`)
    ).json()) as PageBody;
    expect(second.ligands.map((l) => l.ligandId)).toEqual(byOffset.ligands.map((l) => l.ligandId));

    const otherOrder = await stack.api(`/api/v1/jobs/${jobId}/results?sort=name&cursor=${first.nextCursor}`);
    expect(otherOrder.status).toBe(400);
    expect(((await otherOrder.json()) as { message: string }).message).toMatch(/cursor: made for sort=affinity/);
    expect(
      (await stack.api(`/api/v1/jobs/${jobId}/results?sort=affinity&offset=5&cursor=${first.nextCursor}`)).status,
    ).toBe(400);
    expect((await stack.api(`/api/v1/jobs/${jobId}/results?cursor=not-a-cursor`)).status).toBe(400);
  });

  it('answers per ligand the best affinity and every pose, with links that 302 through the access checks', async () => {
    const page = (await (await stack.api(`/api/v1/jobs/${jobId}/results?sort=ordinal&limit=6`)).json()) as PageBody;
    const first = page.ligands[0]!;
    expect(first.poses.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(first.bestAffinityKcalMol).toBe(first.poses[0]!.affinityKcalMol);
    expect(first.poses[1]).toMatchObject({ rmsdLowerBound: 3, rmsdUpperBound: 5, cnnScore: null });
    expect(first.files.posesSdf).toBe(`/api/v1/jobs/${jobId}/ligands/inline-1/poses.sdf`);
    expect(first.files.posesPdbqt).toBeNull();
    expect(page.ligands[5]!.files.posesSdf).toBeNull();

    // The link: 302 to a presigned URL of the file, for this organisation only.
    const link = await stack.api(first.files.posesSdf!);
    expect(link.status).toBe(302);
    expect(await (await fetch(link.headers.get('location')!)).text()).toBe(sdfText);
    expect((await fetch(`${stack.url}${first.files.posesSdf}`, { redirect: 'manual' })).status).toBe(401);
    const org = await createOrganization(stack.db, {
      slug: uniqueName('other').toLowerCase().replace(/_/g, '-').slice(0, 40),
      name: 'Another lab',
    });
    const user = await ensureUser(stack.db, 'someone@other.example');
    const role = await roleByName(stack.db, 'scientist');
    await setMemberRole(stack.db, org.id, user.id, role.id);
    const other = await issueApiToken(stack.db, {
      orgId: org.id,
      userId: user.id,
      roleId: role.id,
      name: 'other org',
      expiresAt: null,
    });
    const asOther = (path: string) =>
      fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${other.secret}` }, redirect: 'manual' });
    expect((await asOther(first.files.posesSdf!)).status).toBe(404);
    expect((await asOther(`/api/v1/jobs/${jobId}/ligands/inline-1`)).status).toBe(404);
    expect((await stack.api(`/api/v1/jobs/${jobId}/ligands/inline-6/poses.sdf`)).status).toBe(404);
    expect((await stack.api(`/api/v1/jobs/${jobId}/ligands/inline-1/poses.exe`)).status).toBe(400);

    // One ligand by itself: the same answer as in the page.
    const one = await stack.api(`/api/v1/jobs/${jobId}/ligands/inline-1`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(first);
    expect((await stack.api(`/api/v1/jobs/${jobId}/ligands/inline-999999`)).status).toBe(404);
  });

  it('reports status numbers equal to a direct count of the rows', async () => {
    const status = (await (await stack.api(`/api/v1/jobs/${jobId}/status`)).json()) as {
      tasks: Record<string, number>;
      ligands: Record<string, number>;
      progress: number;
    };
    const db = stack.db.withSchema(stack.org.resultsSchema);
    const count = async (table: 'tasks' | 'job_inputs') => {
      const rows = await db
        .selectFrom(table)
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('job_id', '=', jobId)
        .groupBy('status')
        .execute();
      return { total: rows.reduce((n, r) => n + r.n, 0), ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
    };
    expect(status.ligands).toEqual({ PENDING: 0, RUNNING: 0, CANCELLED: 0, ...(await count('job_inputs')) });
    expect(status.ligands).toMatchObject({ total: LIGANDS, SUCCEEDED: LIGANDS * 0.9, FAILED: LIGANDS / 10 });
    expect(status.progress).toBe(1);
    expect(status.tasks).toEqual({
      PENDING: 0,
      QUEUED: 0,
      RUNNING: 0,
      SUCCEEDED: 0,
      FAILED: 0,
      CANCELLED: 0,
      ...(await count('tasks')),
    });
    expect(status.tasks.total).toBe(LIGANDS / 500);
  });
});
