// Quotas and write limits (issue 13: "a box of 1e6 Å per side with exhaustiveness 512 is accepted with a warning;
// nothing bounds what one organisation queues; writes are not limited at all"). The server as main.ts builds it
// (createRuntime from the environment, so the JOB_/ORG_/WRITE_ variables are what is under test), a real database,
// s3rver and the machine's NATS; no worker runs, so created jobs stay PENDING (active) until the test finishes them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createOrganization, type OrganizationRef } from '@mad/auth';
import { sharedDataDir } from '@mad/test-utils';
import { parseEnv } from '@mad/env';
import { serverEnvSchema } from '../env.js';
import { memberWithToken, runtimeHarness, type Listening, type RuntimeHarness } from '../../test/auth-http.js';
import { uploadFiles } from '../../test/molecules-harness.js';

const log = pino({ level: 'silent' });
let harness: RuntimeHarness;
let acme: OrganizationRef;
let other: OrganizationRef;

const serve = async (overrides: Record<string, string>): Promise<Listening> => (await harness.serve(overrides)).server;

const box = (edge: number) => ({
  mode: 'box',
  center: { x: 15.19, y: 53.9, z: 16.92 },
  size: { x: edge, y: edge, z: edge },
});

function createJob(server: Listening, token: string, receptorId: string, body: Record<string, unknown>) {
  return fetch(`${server.url}/api/v1/pipelines/vina/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ receptorId, bindingSite: box(20), ligands: [{ smiles: 'CCO' }], ...body }),
  });
}

async function receptorOf(server: Listening, token: string): Promise<string> {
  const pdb = readFileSync(join(sharedDataDir, 'vina-1iep', '1iep_receptorH.pdb'));
  const upload = await uploadFiles(server.url, token, 'receptor', [{ name: '1iep_receptorH.pdb', bytes: pdb }]);
  expect([200, 201], JSON.stringify(upload.body)).toContain(upload.status);
  return upload.body.molecules[0]!.id;
}

const jobCount = async (org: OrganizationRef) =>
  Number(
    (
      await harness.database.db
        .selectFrom('jobs_meta')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('org_id', '=', org.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A job finishing, as the worker would record it (no worker runs here). */
async function finish(org: OrganizationRef, jobId: string) {
  await harness.database.db
    .withSchema(org.resultsSchema)
    .updateTable('jobs')
    .set({ status: 'COMPLETED' })
    .where('id', '=', jobId)
    .execute();
  await harness.database.db.updateTable('jobs_meta').set({ status: 'COMPLETED' }).where('id', '=', jobId).execute();
}

beforeAll(async () => {
  harness = await runtimeHarness('mad_security_quotas', log, 8);
  acme = await createOrganization(harness.database.db, { slug: 'acme', name: 'Acme' });
  other = await createOrganization(harness.database.db, { slug: 'other', name: 'Other' });
});

afterAll(async () => {
  await harness?.close();
});

describe('hard limits on one job request (400, nothing stored)', () => {
  it('refuses the review’s box (1e6 Å per side), a box over JOB_MAX_BOX_VOLUME, too many ligands, exhaustiveness over 512', async () => {
    const server = await serve({ JOB_MAX_LIGANDS: '5', JOB_MAX_BOX_VOLUME: '125000' });
    const { token } = await memberWithToken(harness.database.db, acme.id, 'limits@acme.example.org', 'scientist');
    const receptorId = await receptorOf(server, token);
    const before = await jobCount(acme);

    const huge = await createJob(server, token, receptorId, { bindingSite: box(1e6), params: { exhaustiveness: 512 } });
    expect(huge.status).toBe(400);
    const hugeBody = (await huge.json()) as { message: string; data: { field?: string } };
    expect(hugeBody.message).toMatch(/search box is 1\.00e\+18 Å³.*at most 125000 Å³ \(JOB_MAX_BOX_VOLUME\)/);
    expect(hugeBody.data.field).toBe('bindingSite');
    expect((await createJob(server, token, receptorId, { bindingSite: box(50.1) })).status).toBe(400);
    // 50 Å per side is 125,000 Å³: at the limit, accepted.
    expect((await createJob(server, token, receptorId, { bindingSite: box(50) })).status).toBe(202);

    const six = Array.from({ length: 6 }, () => ({ smiles: 'CCO' }));
    const many = await createJob(server, token, receptorId, { ligands: six });
    expect(many.status).toBe(400);
    expect(((await many.json()) as { message: string }).message).toContain('at most 5 ligands (JOB_MAX_LIGANDS)');

    const exhaustive = await createJob(server, token, receptorId, { params: { exhaustiveness: 513 } });
    expect(exhaustive.status).toBe(400);
    expect(JSON.stringify(await exhaustive.json())).toMatch(/exhaustiveness.*512/);
    expect(await jobCount(acme)).toBe(before + 1);
  });
});

describe('the exhaustiveness limit (JOB_MAX_EXHAUSTIVENESS)', () => {
  it('refuses more than the configured exhaustiveness with a 400 naming the limit, accepts it at the limit, and shows it in the quotas', async () => {
    // An organisation of its own: the job accepted here stays active (the queue tests below count Acme's).
    const deep = await createOrganization(harness.database.db, { slug: 'deep', name: 'Deep search' });
    const server = await serve({ JOB_MAX_EXHAUSTIVENESS: '64' });
    const { token } = await memberWithToken(harness.database.db, deep.id, 'exhaustive@deep.example.org', 'scientist');
    const receptorId = await receptorOf(server, token);
    const before = await jobCount(deep);

    const over = await createJob(server, token, receptorId, { params: { exhaustiveness: 65 } });
    expect(over.status).toBe(400);
    const body = (await over.json()) as {
      message: string;
      field?: string;
      data: { field?: string; details?: unknown };
    };
    expect(body.message).toBe(
      'params.exhaustiveness is at most 64 on this server (JOB_MAX_EXHAUSTIVENESS), this job asks for 65',
    );
    expect(body.data.field).toBe('params.exhaustiveness');
    expect(body.data.details).toEqual({ limit: 64, requested: 65 });
    // tRPC refuses the same.
    const rpc = await fetch(`${server.url}/trpc/jobs.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        json: {
          pipelineId: 'vina',
          receptorId,
          bindingSite: box(20),
          ligands: [{ smiles: 'CCO' }],
          params: { exhaustiveness: 65 },
        },
      }),
    });
    expect(rpc.status).toBe(400);
    expect(JSON.stringify(await rpc.json())).toContain('JOB_MAX_EXHAUSTIVENESS');
    expect(await jobCount(deep)).toBe(before);

    expect((await createJob(server, token, receptorId, { params: { exhaustiveness: 64 } })).status).toBe(202);
    expect(await jobCount(deep)).toBe(before + 1);
    const quotas = await fetch(`${server.url}/api/v1/orgs/current/quotas`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await quotas.json()) as { limits: { maxExhaustiveness: number } }).limits.maxExhaustiveness).toBe(64);
  });

  it('is at most 512 (the task protocol agents check), at least 1', () => {
    expect(parseEnv(serverEnvSchema, { DATABASE_URL: 'postgres://u@h/db' }).JOB_MAX_EXHAUSTIVENESS).toBe(512);
    for (const value of ['513', '0', '8.5'])
      expect(() =>
        parseEnv(serverEnvSchema, { DATABASE_URL: 'postgres://u@h/db', JOB_MAX_EXHAUSTIVENESS: value }),
      ).toThrow(/JOB_MAX_EXHAUSTIVENESS/);
  });
});

describe('per-organisation quotas (429 with Retry-After, nothing stored)', () => {
  it('caps active jobs (ORG_MAX_ACTIVE_JOBS), also for concurrent requests; a finished job frees its place; other organisations are not affected', async () => {
    const server = await serve({ ORG_MAX_ACTIVE_JOBS: '2', QUOTA_RETRY_AFTER_SECONDS: '42' });
    const { token } = await memberWithToken(harness.database.db, other.id, 'queue@other.example.org', 'scientist');
    const receptorId = await receptorOf(server, token);
    // Five at once: the advisory lock lets exactly two through.
    const answers = await Promise.all(Array.from({ length: 5 }, () => createJob(server, token, receptorId, {})));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 202, 429, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('42');
    const body = (await refused.json()) as { code: string; message: string; data: { details: unknown } };
    expect(body.code).toBe('TOO_MANY_REQUESTS');
    expect(body.message).toContain('ORG_MAX_ACTIVE_JOBS = 2');
    expect(body.data.details).toMatchObject({ quota: 'activeJobs', limit: 2, current: 2, retryAfterSeconds: 42 });
    expect(await jobCount(other)).toBe(2);
    // tRPC answers the same, with the header.
    const rpc = await fetch(`${server.url}/trpc/jobs.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        json: { pipelineId: 'vina', receptorId, bindingSite: box(20), ligands: [{ smiles: 'CCO' }] },
      }),
    });
    expect(rpc.status).toBe(429);
    expect(rpc.headers.get('retry-after')).toBe('42');
    // Acme's queue is its own.
    const acmeMember = await memberWithToken(harness.database.db, acme.id, 'second@acme.example.org', 'scientist');
    const acmeReceptor = await receptorOf(server, acmeMember.token);
    expect((await createJob(server, acmeMember.token, acmeReceptor, {})).status).toBe(202);
    // One of Other's jobs finishes: there is room for one more.
    const first = (await answers.find((a) => a.status === 202)!.json()) as { jobId: string };
    await finish(other, first.jobId);
    expect((await createJob(server, token, receptorId, {})).status).toBe(202);
    expect((await createJob(server, token, receptorId, {})).status).toBe(429);
  });

  it('caps the ligands of active jobs (ORG_MAX_LIGANDS_IN_FLIGHT)', async () => {
    const lab = await createOrganization(harness.database.db, { slug: 'lab', name: 'Lab' });
    const server = await serve({ ORG_MAX_LIGANDS_IN_FLIGHT: '6' });
    const { token } = await memberWithToken(harness.database.db, lab.id, 'screen@lab.example.org', 'scientist');
    const receptorId = await receptorOf(server, token);
    const four = Array.from({ length: 4 }, (_, i) => ({ smiles: 'C'.repeat(i + 1) }));
    const firstJob = await createJob(server, token, receptorId, { ligands: four });
    expect(firstJob.status).toBe(202);
    const three = await createJob(server, token, receptorId, { ligands: four.slice(0, 3) });
    expect(three.status).toBe(429);
    expect(three.headers.get('retry-after')).toBe('60');
    expect(((await three.json()) as { data: { details: unknown } }).data.details).toMatchObject({
      quota: 'ligandsInFlight',
      limit: 6,
      current: 4,
      requested: 3,
    });
    expect((await createJob(server, token, receptorId, { ligands: four.slice(0, 2) })).status).toBe(202);
  });
});

describe('the quotas read (orgs.quotas, GET /api/v1/orgs/current/quotas: what the dashboard shows)', () => {
  it("answers every role of the organisation its limits and its active jobs' usage, on REST and tRPC; other organisations see their own", async () => {
    const [lab, elsewhere] = [
      await createOrganization(harness.database.db, { slug: 'quota-lab', name: 'Quota lab' }),
      await createOrganization(harness.database.db, { slug: 'quota-else', name: 'Elsewhere' }),
    ];
    const server = await serve({
      JOB_MAX_LIGANDS: '7',
      JOB_MAX_BOX_VOLUME: '64000',
      ORG_MAX_ACTIVE_JOBS: '3',
      ORG_MAX_LIGANDS_IN_FLIGHT: '10',
      QUOTA_RETRY_AFTER_SECONDS: '17',
      WRITE_RATE_LIMIT_PER_MINUTE: '100',
    });
    const scientist = await memberWithToken(harness.database.db, lab.id, 'sci@quota-lab.example.org', 'scientist');
    const viewer = await memberWithToken(harness.database.db, lab.id, 'view@quota-lab.example.org', 'viewer');
    const outsider = await memberWithToken(harness.database.db, elsewhere.id, 'admin@else.example.org', 'admin');
    const read = async (token: string | null) => {
      const response = await fetch(`${server.url}/api/v1/orgs/current/quotas`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const limits = {
      maxLigandsPerJob: 7,
      maxBoxVolumeAngstrom3: 64000,
      maxExhaustiveness: 512,
      maxActiveJobs: 3,
      maxLigandsInFlight: 10,
      writesPerMinute: 100,
      retryAfterSeconds: 17,
    };
    expect(await read(viewer.token)).toEqual({
      status: 200,
      body: { limits, usage: { activeJobs: 0, ligandsInFlight: 0 } },
    });

    const receptorId = await receptorOf(server, scientist.token);
    const four = Array.from({ length: 4 }, (_, i) => ({ smiles: 'C'.repeat(i + 1) }));
    const created = await createJob(server, scientist.token, receptorId, { ligands: four });
    expect(created.status).toBe(202);
    const usage = { activeJobs: 1, ligandsInFlight: 4 };
    expect(await read(viewer.token)).toEqual({ status: 200, body: { limits, usage } });
    // tRPC answers the same, from the same schema.
    const rpc = await fetch(`${server.url}/trpc/orgs.quotas`, { headers: { authorization: `Bearer ${viewer.token}` } });
    expect(rpc.status).toBe(200);
    expect(((await rpc.json()) as { result: { data: { json: unknown } } }).result.data.json).toEqual({ limits, usage });
    // What a refusal counts is what the read shows: 4 in flight + 7 more would pass 10.
    const over = await createJob(server, scientist.token, receptorId, {
      ligands: Array.from({ length: 7 }, (_, i) => ({ smiles: 'N'.repeat(i + 1) })),
    });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('17');
    expect(((await over.json()) as { data: { details: unknown } }).data.details).toMatchObject({
      quota: 'ligandsInFlight',
      current: usage.ligandsInFlight,
    });
    // Another organisation reads its own usage, never this one's; anonymous callers get nothing.
    expect(await read(outsider.token)).toEqual({
      status: 200,
      body: { limits, usage: { activeJobs: 0, ligandsInFlight: 0 } },
    });
    expect((await read(null)).status).toBe(401);
    // A finished job frees what it held.
    await finish(lab, ((await created.json()) as { jobId: string }).jobId);
    expect((await read(scientist.token)).body.usage).toEqual({ activeJobs: 0, ligandsInFlight: 0 });
  });
});

describe('write rate limit (WRITE_RATE_LIMIT_PER_MINUTE, per user and organisation)', () => {
  it('refuses the writes over the limit with 429 and Retry-After; reads and other users go on', async () => {
    const team = await createOrganization(harness.database.db, { slug: 'team', name: 'Team' });
    const server = await serve({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
    const busy = await memberWithToken(harness.database.db, team.id, 'busy@team.example.org', 'scientist');
    const calm = await memberWithToken(harness.database.db, team.id, 'calm@team.example.org', 'scientist');
    const receptorId = await receptorOf(server, busy.token); // write 1
    expect((await createJob(server, busy.token, receptorId, {})).status).toBe(202); // 2
    expect((await createJob(server, busy.token, receptorId, {})).status).toBe(202); // 3
    const over = await createJob(server, busy.token, receptorId, {});
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await over.json()) as { message: string }).message).toContain('WRITE_RATE_LIMIT_PER_MINUTE');
    const upload = await uploadFiles(server.url, busy.token, 'ligand', [{ name: 'a.smi', bytes: 'CCO a\n' }]);
    expect(upload.status).toBe(429);
    // Reads are not writes.
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${busy.token}` } });
    expect(me.status).toBe(200);
    // Another member of the same organisation (and address) writes as usual.
    expect((await uploadFiles(server.url, calm.token, 'ligand', [{ name: 'b.smi', bytes: 'CCN b\n' }])).status).toBe(
      201,
    );
  });
});
