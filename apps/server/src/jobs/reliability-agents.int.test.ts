// Agents that die or shut down, with the real daemon (agents/dock-agent/dist/main.js) and vina:
// - a poison task: every delivery's agent is SIGKILLed until the consumer's max_deliver is reached; JetStream's
//   MAX_DELIVERIES advisory reaches the worker (poison.ts), which fails the task with the reason and deletes it;
// - SIGTERM drain: an agent finishes its in-flight task and takes no other, or (grace over) hands it back with a nak
//   and another agent completes it; either way it exits 0 and no row is duplicated.
// The stack has its own nats-server, so its consumers are created with this file's max_deliver and ack_wait.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sharedDataDir } from '@mad/test-utils';
import { TASKS_STREAM, taskConsumer } from '@mad/protocol';
import {
  counterValue,
  isFinal,
  jobEvents,
  startJobsStack,
  waitForEvent,
  waitForStatus,
  type InProcessAgent,
  type JobsStack,
} from '../../test/stack.js';

const MAX_DELIVER = 2;
const LONG = 900_000;
const BOX_1IEP = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
// Docks for about ten seconds at exhaustiveness 1 on one core (a quiet machine; longer under load): still running
// when the signal comes, which follows the docking event by a poll (300 ms). The drain tests assert what the agent
// and the platform do with an in-flight task, not what the search finds, so they dock at exhaustiveness 1: at 4,
// the docking that runs to its end after SIGTERM, and the helper's docking of the handed-back task, took ~4x longer.
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';
/** The drain tests' exhaustiveness (see IMATINIB). */
const DRAIN_EXHAUSTIVENESS = 1;
const PARACETAMOL = 'CC(=O)Nc1ccc(O)cc1';

let stack: JobsStack;
let receptor: string;
let helper: InProcessAgent | null = null;

beforeAll(async () => {
  stack = await startJobsStack({
    TASK_ACK_WAIT_MS: '4000',
    TASK_MAX_DELIVER: String(MAX_DELIVER),
    LIGANDS_PER_TASK: '1',
  });
  receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
});

afterEach(async () => {
  await helper?.stop(0);
  helper = null;
});

afterAll(async () => {
  await stack?.close();
});

async function submit(ligands: { smiles: string; name: string }[], exhaustiveness = 4): Promise<string> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: { receptorId: receptor, bindingSite: BOX_1IEP, ligands, params: { exhaustiveness, seed: 7, cpuPerTask: 1 } },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

const results = () => stack.db.withSchema(stack.org.resultsSchema);
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );

async function noDuplicatePoses(jobId: string) {
  const poses = await results()
    .selectFrom('docking_results')
    .select(['ligand_id', 'pose_rank'])
    .where('job_id', '=', jobId)
    .execute();
  expect(poses.length).toBeGreaterThan(0);
  expect(new Set(poses.map((p) => `${p.ligand_id}/${p.pose_rank}`)).size).toBe(poses.length);
}

describe('a poison task (its agent dies on every delivery)', () => {
  it(
    `is FAILED with the reason after ${MAX_DELIVER} deliveries; the job fails; the message leaves the stream; the queue moves on`,
    async () => {
      const jobId = await submit([{ smiles: IMATINIB, name: 'imatinib' }], 32);
      const victims: string[] = [];
      for (let delivery = 1; delivery <= MAX_DELIVER; delivery += 1) {
        const victim = await stack.spawnAgent();
        await waitForEvent(stack, jobId, (e) => e.kind === 'accepted' && e.agentId === victim.agentId, LONG);
        victim.child.kill('SIGKILL');
        expect(await exited(victim.child)).toMatchObject({ signal: 'SIGKILL' });
        victims.push(victim.agentId);
      }
      // A healthy agent pulls: JetStream finds the task past max_deliver, publishes the advisory instead of a delivery.
      helper = await stack.startAgent();
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('FAILED');
      expect(status.tasks).toMatchObject({ total: 1, FAILED: 1 });

      const reason = `no agent finished the task in ${MAX_DELIVER} deliveries (agents crashed, were killed or lost their connection)`;
      const [task] = await results().selectFrom('tasks').selectAll().where('job_id', '=', jobId).execute();
      expect(task).toMatchObject({ status: 'FAILED', reason, attempts: MAX_DELIVER });
      const executions = await results()
        .selectFrom('task_executions')
        .select(['attempt', 'agent_id', 'status'])
        .where('job_id', '=', jobId)
        .orderBy('attempt')
        .execute();
      expect(executions).toEqual(
        victims.map((agentId, index) => ({ attempt: index + 1, agent_id: agentId, status: 'LOST' })),
      );
      const [ligand] = await results()
        .selectFrom('job_inputs')
        .select(['status', 'error_stage', 'error'])
        .where('job_id', '=', jobId)
        .execute();
      expect(ligand).toEqual({ status: 'FAILED', error_stage: 'task', error: reason });
      const job = await results()
        .selectFrom('jobs')
        .select(['status', 'error'])
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow();
      expect(job).toEqual({ status: 'FAILED', error: `all 1 ligand(s) failed; ligand 1: ${reason}` });

      const events = await jobEvents(stack, jobId);
      expect(events.filter((e) => e.kind === 'accepted').map((e) => e.agentId)).toEqual(victims);
      expect(events.filter((e) => e.kind === 'task_failed')).toEqual([
        expect.objectContaining({ taskId: task!.id, message: reason }),
      ]);
      expect(events.at(-1)).toMatchObject({ kind: 'job_failed' });
      expect(await counterValue(stack.worker().metrics.tasksFinished, { pipeline: 'vina', status: 'lost' })).toBe(1);

      // The worker deleted the poison message; nothing is left pending or waiting for an ack.
      const nc = await connect({ servers: stack.nats.url });
      try {
        const jsm = await jetstreamManager(nc);
        expect((await jsm.streams.info(TASKS_STREAM)).state.messages).toBe(0);
        const consumer = await jsm.consumers.info(TASKS_STREAM, taskConsumer('vina'));
        expect(consumer.config.max_deliver).toBe(MAX_DELIVER);
        expect([consumer.num_pending, consumer.num_ack_pending]).toEqual([0, 0]);
      } finally {
        await nc.close();
      }

      // Nothing hangs: the same agent takes the next job at once and completes it.
      const next = await submit([{ smiles: PARACETAMOL, name: 'paracetamol' }]);
      expect((await waitForStatus(stack, next, isFinal, LONG)).status).toBe('COMPLETED');
    },
    LONG,
  );
});

describe('a poison task among healthy ones (a raw JetStream consumer takes it and never acks)', () => {
  it(
    'only that task fails with the reason; the job COMPLETES with the other ligand docked',
    async () => {
      const jobId = await submit([
        { smiles: 'CCO', name: 'ethanol' },
        { smiles: PARACETAMOL, name: 'paracetamol' },
      ]);
      await waitForStatus(stack, jobId, (s) => s.tasks.QUEUED === 2, LONG);
      let poisoned = '';
      const nc = await connect({ servers: stack.nats.url });
      try {
        const consumer = await jetstream(nc).consumers.get(TASKS_STREAM, taskConsumer('vina'));
        // Delivery 1 is the first task in the stream; once its ack_wait passes, JetStream redelivers it before any
        // new message, so delivery 2 is the same task: both go unacked, like an agent that hangs or dies.
        for (let delivery = 1; delivery <= MAX_DELIVER; delivery += 1) {
          const msg = await consumer.next({ expires: 10_000 });
          expect(msg?.info.deliveryCount).toBe(delivery);
          const taskId = (msg?.json() as { taskId: string }).taskId;
          if (delivery === 1) poisoned = taskId;
          expect(taskId).toBe(poisoned);
          await new Promise((r) => setTimeout(r, 4_000 + 1_500));
        }
      } finally {
        await nc.close();
      }
      // The agent's pull makes JetStream find the task past max_deliver (advisory) and hand it the other one.
      helper = await stack.startAgent();
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ total: 2, SUCCEEDED: 1, FAILED: 1 });
      const reason = `no agent finished the task in ${MAX_DELIVER} deliveries (agents crashed, were killed or lost their connection)`;
      const rows = await results()
        .selectFrom('tasks')
        .select(['id', 'status', 'reason'])
        .where('job_id', '=', jobId)
        .execute();
      expect(rows.find((t) => t.id === poisoned)).toMatchObject({ status: 'FAILED', reason });
      expect(rows.find((t) => t.id !== poisoned)).toMatchObject({ status: 'SUCCEEDED', reason: null });
      const ligands = await results()
        .selectFrom('job_inputs')
        .select(['task_id', 'status', 'error_stage', 'error'])
        .where('job_id', '=', jobId)
        .execute();
      expect(ligands.find((l) => l.task_id === poisoned)).toEqual({
        task_id: poisoned,
        status: 'FAILED',
        error_stage: 'task',
        error: reason,
      });
      expect(ligands.find((l) => l.task_id !== poisoned)).toMatchObject({
        status: 'SUCCEEDED',
        error_stage: null,
        error: null,
      });
      const events = await jobEvents(stack, jobId);
      expect(events.filter((e) => e.kind === 'task_failed')).toEqual([
        expect.objectContaining({ taskId: poisoned, message: reason }),
      ]);
      expect(events.at(-1)).toMatchObject({ kind: 'job_completed', message: '1 ligand(s) docked, 1 failed' });
      await noDuplicatePoses(jobId);
    },
    LONG,
  );
});

describe('SIGTERM to an agent process mid-task', () => {
  it(
    'within the grace period: finishes the in-flight task, takes no other, exits 0',
    async () => {
      const victim = await stack.spawnAgent({ AGENT_SHUTDOWN_GRACE_MS: '600000' });
      // Two tasks: the agent (one slot) runs the first; the second waits in the queue while it drains.
      const jobId = await submit(
        [
          { smiles: IMATINIB, name: 'imatinib' },
          { smiles: PARACETAMOL, name: 'paracetamol' },
        ],
        DRAIN_EXHAUSTIVENESS,
      );
      const docking = await waitForEvent(
        stack,
        jobId,
        (e) => e.kind === 'docking' && e.agentId === victim.agentId,
        LONG,
      );
      const inFlight = await results()
        .selectFrom('tasks')
        .select('status')
        .where('id', '=', docking.taskId!)
        .executeTakeFirstOrThrow();
      expect(inFlight.status).toBe('RUNNING');
      const signalledAt = Date.now();
      victim.child.kill('SIGTERM');
      expect(await exited(victim.child)).toEqual({ code: 0, signal: null });
      console.log(`drain with the task finished: exited ${Date.now() - signalledAt} ms after SIGTERM`);

      const events = await jobEvents(stack, jobId);
      const byVictim = events.filter((e) => e.agentId === victim.agentId);
      expect(byVictim.filter((e) => e.kind === 'accepted').map((e) => e.taskId)).toEqual([docking.taskId]);
      expect(byVictim.some((e) => e.kind === 'handed_back')).toBe(false);
      // The result was stored before the agent exited; the worker records it shortly after (not necessarily before).
      expect((await waitForStatus(stack, jobId, (s) => s.tasks.SUCCEEDED === 1, LONG)).status).toBe('RUNNING');
      const finished = await results()
        .selectFrom('task_executions')
        .select(['task_id', 'attempt', 'status'])
        .where('agent_id', '=', victim.agentId)
        .execute();
      expect(finished).toEqual([{ task_id: docking.taskId, attempt: 1, status: 'SUCCEEDED' }]);

      // The other task was never taken by the draining agent; another agent runs it.
      helper = await stack.startAgent();
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ total: 2, SUCCEEDED: 2 });
      const executions = await results()
        .selectFrom('task_executions')
        .select(['task_id', 'agent_id', 'attempt', 'status'])
        .where('job_id', '=', jobId)
        .execute();
      expect(executions).toHaveLength(2);
      expect(executions.find((e) => e.task_id !== docking.taskId)).toMatchObject({
        agent_id: helper.agent.agentId,
        attempt: 1,
        status: 'SUCCEEDED',
      });
      await noDuplicatePoses(jobId);
    },
    LONG,
  );

  it(
    'past the grace period: aborts vina, hands the task back (nak), exits 0; another agent completes it',
    async () => {
      const victim = await stack.spawnAgent({ AGENT_SHUTDOWN_GRACE_MS: '1' });
      const jobId = await submit([{ smiles: IMATINIB, name: 'imatinib' }], DRAIN_EXHAUSTIVENESS);
      await waitForEvent(stack, jobId, (e) => e.kind === 'docking' && e.agentId === victim.agentId, LONG);
      const signalledAt = Date.now();
      victim.child.kill('SIGTERM');
      expect(await exited(victim.child)).toEqual({ code: 0, signal: null });
      console.log(`drain with the task handed back: exited ${Date.now() - signalledAt} ms after SIGTERM`);
      await waitForEvent(stack, jobId, (e) => e.kind === 'handed_back' && e.agentId === victim.agentId, LONG);
      // The agent's heartbeat entry is gone: it is no longer listed.
      const agents = (await (await stack.api('/api/v1/agents')).json()) as { agents: { agentId: string }[] };
      expect(agents.agents.map((a) => a.agentId)).not.toContain(victim.agentId);

      helper = await stack.startAgent();
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('COMPLETED');
      expect(status.ligands).toMatchObject({ total: 1, SUCCEEDED: 1 });
      const executions = await results()
        .selectFrom('task_executions')
        .select(['attempt', 'agent_id', 'status', 'reason'])
        .where('job_id', '=', jobId)
        .orderBy('attempt')
        .execute();
      // The first attempt says it was handed back at shutdown, not that the agent stopped answering.
      expect(executions).toEqual([
        {
          attempt: 1,
          agent_id: victim.agentId,
          status: 'LOST',
          reason: `handed back by agent ${victim.agentId} while shutting down`,
        },
        { attempt: 2, agent_id: helper.agent.agentId, status: 'SUCCEEDED', reason: null },
      ]);
      const [task] = await results()
        .selectFrom('tasks')
        .select(['status', 'attempts'])
        .where('job_id', '=', jobId)
        .execute();
      expect(task).toEqual({ status: 'SUCCEEDED', attempts: 2 });
      await noDuplicatePoses(jobId);
    },
    LONG,
  );
});
