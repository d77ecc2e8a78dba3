// GET /api/v1/operations (operations.overview, the Operations page) after a real vina job and a gnina task that
// failed (reported over NATS as an agent reports it; no gnina agent here): the API's golden signals from the
// server's request histogram, the queues, the fleet and the dependencies read through the cluster gauges, and the
// organisation's recent failures; for every role and a second organisation's admin.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@mad/api';
import { createOrganization, ensureUser, issueApiToken, roleByName, setMemberRole } from '@mad/auth';
import { ReportMessage, reportSubject } from '@mad/protocol';
import { sharedDataDir, uniqueName } from '@mad/test-utils';
import { isFinal, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

let stack: JobsStack;
let vinaJob = '';
let gninaJob = '';
const tokens: Record<'viewer' | 'scientist' | 'admin' | 'otherAdmin', string> = {
  viewer: '',
  scientist: '',
  admin: '',
  otherAdmin: '',
};

/** The answer as JSON (dates arrive as strings; the tests compare numbers, names and ids). */
type Overview = inferRouterOutputs<AppRouter>['operations']['overview'];

const read = (token?: string) =>
  fetch(`${stack.url}/api/v1/operations`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

async function member(orgId: string, email: string, role: 'viewer' | 'scientist' | 'admin') {
  const user = await ensureUser(stack.db, email);
  const roleRow = await roleByName(stack.db, role);
  await setMemberRole(stack.db, orgId, user.id, roleRow.id);
  const token = await issueApiToken(stack.db, {
    orgId,
    userId: user.id,
    roleId: roleRow.id,
    name: `operations ${role}`,
    expiresAt: null,
  });
  return token.secret;
}

let queuedView: Overview;

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1' });
  tokens.viewer = await member(stack.org.id, 'ops-viewer@example.org', 'viewer');
  tokens.scientist = stack.token;
  tokens.admin = await member(stack.org.id, 'ops-admin@example.org', 'admin');
  const other = await createOrganization(stack.db, {
    slug: uniqueName('other').toLowerCase().replace(/_/g, '-'),
    name: 'Other lab',
  });
  tokens.otherAdmin = await member(other.id, 'other-admin@example.org', 'admin');

  const receptor = await stack.addMolecule(
    'receptor',
    join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'),
    'pdbqt',
  );
  await stack.startAgent();
  const submit = async (pipeline: 'vina' | 'gnina') => {
    const created = await stack.api(`/api/v1/pipelines/${pipeline}/jobs`, {
      method: 'POST',
      json: {
        receptorId: receptor,
        ligands: [{ smiles: 'N1=CC=CC=C1', name: 'pyridine' }],
        bindingSite: { mode: 'box', center: { x: 37.219, y: -14.579, z: 30.512 }, size: { x: 20, y: 20, z: 20 } },
        params: { exhaustiveness: 1, numModes: 1, seed: 1, cpuPerTask: 1 },
      },
    });
    expect(created.status).toBe(202);
    return ((await created.json()) as { jobId: string }).jobId;
  };
  vinaJob = await submit('vina');
  expect((await waitForStatus(stack, vinaJob, isFinal)).status).toBe('COMPLETED');
  await stack.api('/api/v1/no-such-route');

  // A gnina job waits in the task stream: no agent runs gnina here.
  gninaJob = await submit('gnina');
  const schema = stack.org.resultsSchema;
  let taskId = '';
  let ligandId = '';
  for (let i = 0; i < 240 && !taskId; i += 1) {
    const row = await stack.db
      .withSchema(schema)
      .selectFrom('tasks')
      .innerJoin('job_inputs', 'job_inputs.task_id', 'tasks.id')
      .select(['tasks.id as taskId', 'job_inputs.ligand_id as ligandId', 'tasks.status'])
      .where('tasks.job_id', '=', gninaJob)
      .executeTakeFirst();
    if (row && row.status === 'QUEUED') ({ taskId, ligandId } = row);
    else await new Promise((r) => setTimeout(r, 250));
  }
  expect(taskId).not.toBe('');
  await new Promise((r) => setTimeout(r, 1_100));
  queuedView = (await (await read(tokens.admin)).json()) as Overview;

  // Then a gnina agent takes it and fails it, as one whose engine breaks would report.
  const at = new Date().toISOString();
  const base = { v: 1, taskId, jobId: gninaJob, agentId: 'ops-gnina-agent', attempt: 1 } as const;
  const nc = await connect({ servers: stack.nats.url });
  try {
    nc.publish(
      reportSubject(gninaJob, 'event'),
      JSON.stringify(ReportMessage.parse({ ...base, kind: 'event', at, stage: 'accepted' })),
    );
    await nc.flush();
    nc.publish(
      reportSubject(gninaJob, 'result'),
      JSON.stringify(
        ReportMessage.parse({
          ...base,
          kind: 'result',
          status: 'failed',
          reason: 'gnina exited with status 134 (operations test)',
          engine: 'gnina',
          startedAt: at,
          finishedAt: new Date().toISOString(),
          taskLogUploaded: false,
          ligands: [{ ligandId, status: 'failed', stage: 'docking', reason: 'gnina exited with status 134' }],
        }),
      ),
    );
    await nc.flush();
  } finally {
    await nc.close();
  }
  for (let i = 0; i < 240; i += 1) {
    const failed = await stack.db
      .withSchema(schema)
      .selectFrom('task_executions')
      .select('status')
      .where('job_id', '=', gninaJob)
      .where('status', '=', 'FAILED')
      .executeTakeFirst();
    if (failed) break;
    await new Promise((r) => setTimeout(r, 250));
  }
});

afterAll(async () => {
  await stack?.close();
});

describe('GET /api/v1/operations', () => {
  it('answers an admin only: 401 anonymous, 403 viewer and scientist', async () => {
    expect((await read()).status).toBe(401);
    expect((await read(tokens.viewer)).status).toBe(403);
    expect((await read(tokens.scientist)).status).toBe(403);
    expect((await read(tokens.admin)).status).toBe(200);
    expect((await read(tokens.otherAdmin)).status).toBe(200);
  });

  it("shows the API's golden signals from the server's request histogram", async () => {
    const body = (await (await read(tokens.admin)).json()) as Overview;
    const { current } = body.api;
    // The job's creation, its status polls, the unmatched route, these reads.
    expect(current.requests).toBeGreaterThan(5);
    expect(current.requestsPerSecond).toBeGreaterThan(0);
    expect(current.seconds).toBeGreaterThan(0);
    expect(current.seconds).toBeLessThanOrEqual(301);
    expect(current.errors).toBe(0);
    expect(current.errorRatio).toBe(0);
    expect(current.p50Seconds).toBeGreaterThan(0);
    expect(current.p99Seconds).toBeGreaterThanOrEqual(current.p50Seconds!);
    expect(body.api.inFlight).toBeGreaterThanOrEqual(1); // this request
    expect(body.dependencies).toEqual([
      { dependency: 'postgres', up: true },
      { dependency: 'nats', up: true },
      { dependency: 's3', up: true },
    ]);
  });

  it('shows the waiting gnina task in the stream and its consumer, and the fleet: one vina agent, no gnina', () => {
    const tasks = queuedView.streams.find((s) => s.stream === 'MAD_TASKS');
    expect(tasks?.messages).toBe(1);
    expect(tasks?.oldestAgeSeconds).toBeGreaterThan(0);
    expect(queuedView.consumers.find((c) => c.consumer === 'agents_gnina')?.pending).toBe(1);
    expect(queuedView.queues.find((q) => q.queue === 'jobs.dispatch')).toMatchObject({ queued: 0 });
    expect(queuedView.fleet.agentsByEngine).toEqual(
      expect.arrayContaining([
        { engine: 'vina', agents: 1 },
        { engine: 'gnina', agents: 0 },
      ]),
    );
    expect(queuedView.fleet.hosts).toBe(1);
    expect(queuedView.fleet.slots.busy + queuedView.fleet.slots.free).toBe(1);
    expect(queuedView.fleet.cpus.busy + queuedView.fleet.cpus.free).toBeGreaterThan(0);
  });

  it("lists the organisation's recent failures and its jobs of the day, and nothing of them to another organisation", async () => {
    const own = (await (await read(tokens.admin)).json()) as Overview;
    expect(own.jobs.lastDay.COMPLETED).toBe(1);
    const attempt = own.jobs.recentFailures.find((f) => f.kind === 'attempt');
    expect(attempt).toMatchObject({
      jobId: gninaJob,
      status: 'FAILED',
      detail: 'gnina exited with status 134 (operations test)',
      agentId: 'ops-gnina-agent',
    });
    expect(own.jobs.recentFailures.every((f) => f.jobId === gninaJob)).toBe(true);

    const other = (await (await read(tokens.otherAdmin)).json()) as Overview;
    expect(other.jobs.recentFailures).toEqual([]);
    expect(Object.values(other.jobs.lastDay).every((n) => n === 0)).toBe(true);
    expect(JSON.stringify(other)).not.toContain(gninaJob);
    expect(JSON.stringify(other)).not.toContain(vinaJob);
  });
});
