// Reliability of the job pipeline with the real agent and vina: cancellation, task timeouts, a NATS restart mid-job,
// an agent killed with SIGKILL mid-task, a worker that dies holding a job's dispatch, and a duplicated result message.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { PgBoss } from 'pg-boss';
import { sharedDataDir } from '@mad/test-utils';
import { REPORTS_CONSUMER, REPORTS_STREAM, reportSubject, type ResultMessage } from '@mad/protocol';
import {
  isFinal,
  jobEvents,
  startJobsStack,
  waitForEvent,
  waitForStatus,
  type InProcessAgent,
  type JobsStack,
} from '../../test/stack.js';
import { DISPATCH_QUEUE } from './boss.js';

let stack: JobsStack;
let receptor: string;
let agent: InProcessAgent | null = null;

const BOX_1IEP = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
// Small enough to dock in seconds, big enough to still be running when NATS or an agent goes away.
const PARACETAMOL = 'CC(=O)Nc1ccc(O)cc1';
const LONG = 600_000;

async function submit(body: Record<string, unknown>): Promise<string> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId: receptor, bindingSite: BOX_1IEP, ...body },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

async function taskRows(jobId: string) {
  return stack.db
    .withSchema(stack.org.resultsSchema)
    .selectFrom('tasks')
    .selectAll()
    .where('job_id', '=', jobId)
    .execute();
}

beforeAll(async () => {
  // A short ack_wait so a killed agent's task is redelivered within seconds.
  stack = await startJobsStack({ TASK_ACK_WAIT_MS: '5000', LIGANDS_PER_TASK: '1' });
  receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
  agent = await stack.startAgent();
});

afterAll(async () => {
  await stack?.close();
});

describe('cancel mid-job', () => {
  it(
    'marks the job CANCELLED at once and the agent stops its running docking',
    async () => {
      const jobId = await submit({
        ligands: [{ smiles: IMATINIB, name: 'imatinib' }],
        params: { exhaustiveness: 32, seed: 1 },
      });
      await waitForEvent(stack, jobId, (e) => e.kind === 'docking', LONG);
      const cancelled = await stack.api(`/api/v1/jobs/${jobId}/cancel`, { method: 'POST', json: {} });
      expect(cancelled.status).toBe(200);
      expect(((await cancelled.json()) as { status: string }).status).toBe('CANCELLED');
      // The agent aborts vina and reports the task cancelled (recorded as an event, the task was already final).
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const agents = (await (await stack.api('/api/v1/agents')).json()) as {
          agents: { agentId: string; busySlots: number }[];
        };
        if (agents.agents.find((a) => a.agentId === agent!.agent.agentId)?.busySlots === 0) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      const agents = (await (await stack.api('/api/v1/agents')).json()) as {
        agents: { agentId: string; busySlots: number; currentTasks: unknown[] }[];
      };
      expect(agents.agents.find((a) => a.agentId === agent!.agent.agentId)).toMatchObject({
        busySlots: 0,
        currentTasks: [],
      });
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('CANCELLED');
      expect(status.ligands).toMatchObject({ CANCELLED: 1 });
      expect((await taskRows(jobId))[0]?.status).toBe('CANCELLED');
    },
    LONG,
  );
});

describe('a task over its timeout', () => {
  it(
    'fails with the reason, and the job fails when it was its only task',
    async () => {
      await agent?.stop(0);
      agent = await stack.startAgent({ AGENT_TASK_TIMEOUT_MS: '2500' });
      const jobId = await submit({
        ligands: [{ smiles: IMATINIB, name: 'imatinib' }],
        params: { exhaustiveness: 32, seed: 1 },
      });
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('FAILED');
      const [task] = await taskRows(jobId);
      expect(task?.status).toBe('FAILED');
      expect(task?.reason).toMatch(/exceeded its timeout of 2500 ms/);
      const results = (await (await stack.api(`/api/v1/jobs/${jobId}/results`)).json()) as {
        ligands: { status: string; error: { stage: string; reason: string } }[];
      };
      expect(results.ligands[0]).toMatchObject({ status: 'FAILED' });
      expect(results.ligands[0]?.error).toEqual({
        stage: 'timeout',
        reason: 'the task exceeded its timeout of 2500 ms',
      });
      await agent.stop(0);
      agent = await stack.startAgent();
    },
    LONG,
  );
});

describe('nats-server restarted mid-job', () => {
  it(
    'the job still completes',
    async () => {
      const jobId = await submit({
        ligands: [{ smiles: PARACETAMOL, name: 'paracetamol' }],
        params: { exhaustiveness: 8, seed: 42 },
      });
      await waitForEvent(stack, jobId, (e) => e.kind === 'accepted', LONG);
      await stack.nats.restart({ downMs: 1_000 });
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ SUCCEEDED: 1 });
    },
    LONG,
  );
});

describe('an agent killed with SIGKILL mid-task', () => {
  it(
    'another agent completes the task; no duplicate rows',
    async () => {
      await agent?.stop(0);
      agent = null;
      const victim = await stack.spawnAgent();
      const jobId = await submit({
        ligands: [{ smiles: PARACETAMOL, name: 'paracetamol' }],
        params: { exhaustiveness: 8, seed: 42 },
      });
      await waitForEvent(stack, jobId, (e) => e.kind === 'accepted' && e.agentId === victim.agentId, LONG);
      victim.child.kill('SIGKILL');
      agent = await stack.startAgent();
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');

      const db = stack.db.withSchema(stack.org.resultsSchema);
      const executions = await db
        .selectFrom('task_executions')
        .selectAll()
        .where('job_id', '=', jobId)
        .orderBy('attempt')
        .execute();
      expect(executions.map((e) => [e.attempt, e.agent_id === victim.agentId, e.status])).toEqual([
        [1, true, 'LOST'],
        [2, false, 'SUCCEEDED'],
      ]);
      const poses = await db.selectFrom('docking_results').select(['pose_rank']).where('job_id', '=', jobId).execute();
      expect(poses.length).toBeGreaterThan(0);
      expect(new Set(poses.map((p) => p.pose_rank)).size).toBe(poses.length);
    },
    LONG,
  );
});

describe('a worker that dies holding a dispatch', () => {
  it(
    "the job is dispatched by the next worker once the dead one's claim stops beating, not after the 15-minute expiry",
    async () => {
      // No worker: the job's dispatch waits in pg-boss. Another pg-boss client claims it as a worker would and goes
      // away without finishing or refreshing it: the claim of a worker killed between its fetch and its completion.
      await stack.worker().close();
      const jobId = await submit({
        ligands: [{ smiles: PARACETAMOL, name: 'paracetamol' }],
        params: { exhaustiveness: 1, seed: 42 },
      });
      const dying = new PgBoss({ connectionString: stack.database.url, supervise: false, schedule: false });
      dying.on('error', () => undefined);
      await dying.start();
      const claimed = await dying.fetch(DISPATCH_QUEUE);
      expect(claimed.map((job) => (job.data as { jobId: string }).jobId)).toEqual([jobId]);
      await dying.stop({ graceful: false });
      await stack.restartWorker();
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ total: 1, SUCCEEDED: 1 });
      expect((await taskRows(jobId)).map((task) => task.status)).toEqual(['SUCCEEDED']);
    },
    LONG,
  );
});

describe('a duplicated result message', () => {
  it(
    'changes nothing',
    async () => {
      const [job] = await stack.db
        .withSchema(stack.org.resultsSchema)
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'COMPLETED')
        .limit(1)
        .execute();
      const jobId = job!.id;
      const db = stack.db.withSchema(stack.org.resultsSchema);
      const snapshot = async () => ({
        poses: await db
          .selectFrom('docking_results')
          .selectAll()
          .where('job_id', '=', jobId)
          .orderBy('ligand_id')
          .orderBy('pose_rank')
          .execute(),
        ligands: await db.selectFrom('job_inputs').selectAll().where('job_id', '=', jobId).orderBy('ordinal').execute(),
        tasks: await db.selectFrom('tasks').selectAll().where('job_id', '=', jobId).execute(),
        events: (await jobEvents(stack, jobId)).length,
      });
      const before = await snapshot();
      const task = before.tasks[0]!;
      const ligand = before.ligands[0]!;
      const duplicate: ResultMessage = {
        v: 1,
        kind: 'result',
        taskId: task.id,
        jobId,
        agentId: 'replayed',
        attempt: task.attempts,
        status: 'succeeded',
        engine: 'vina',
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        taskLogUploaded: false,
        ligands: [
          {
            ligandId: ligand.ligand_id,
            status: 'succeeded',
            poses: [
              {
                rank: 1,
                affinityKcalMol: -99,
                rmsdLowerBound: 0,
                rmsdUpperBound: 0,
                cnnScore: null,
                cnnAffinity: null,
                cnnVs: null,
              },
            ],
            uploaded: { posesSdf: true, posesPdbqt: true, log: true },
            notes: [],
          },
        ],
      };
      const nc = await connect({ servers: stack.nats.url });
      try {
        // A new Nats-Msg-Id, so JetStream stores it: the recorder itself must see that the task is already final.
        await jetstream(nc).publish(reportSubject(jobId, 'result'), JSON.stringify(duplicate), {
          msgID: `replay-${Date.now()}`,
        });
        const jsm = await jetstreamManager(nc);
        const deadline = Date.now() + 30_000;
        for (;;) {
          const info = await jsm.consumers.info(REPORTS_STREAM, REPORTS_CONSUMER);
          if ((info.num_pending === 0 && info.num_ack_pending === 0) || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        await nc.close();
      }
      expect(await snapshot()).toEqual(before);
    },
    LONG,
  );
});
