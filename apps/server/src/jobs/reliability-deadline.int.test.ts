// The time limits of project_design/JOBS.md with timers small enough to pass during a test (their own stack and
// nats-server, so the consumers and stream are created with them):
// - the worker's TASK_TIMEOUT_MS travels in the task message and the agent (whose own cap is 6 h) aborts at it;
// - the whole-job deadline (pg-boss `jobs.deadline`, jobDeadlineMs after dispatch) fails the tasks nobody ran.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataDir } from '@mad/test-utils';
import { deriveTimers } from '@mad/protocol';
import { counterValue, isFinal, jobEvents, startJobsStack, waitForStatus, type JobsStack } from '../../test/stack.js';

const TIMERS = { ackWaitMs: 3_000, maxDeliver: 1, taskTimeoutMs: 3_000, queueAllowanceMs: 10_000 };
const derived = deriveTimers(TIMERS);
const LONG = 600_000;
const BOX_1IEP = { mode: 'box', center: { x: 15.19, y: 53.903, z: 16.917 }, size: { x: 20, y: 20, z: 20 } };
const IMATINIB = 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1';

let stack: JobsStack;
let receptor: string;

beforeAll(async () => {
  stack = await startJobsStack({
    TASK_ACK_WAIT_MS: String(TIMERS.ackWaitMs),
    TASK_MAX_DELIVER: String(TIMERS.maxDeliver),
    TASK_TIMEOUT_MS: String(TIMERS.taskTimeoutMs),
    TASK_QUEUE_ALLOWANCE_MS: String(TIMERS.queueAllowanceMs),
    LIGANDS_PER_TASK: '1',
  });
  receptor = await stack.addMolecule('receptor', join(sharedDataDir, 'vina-1iep/1iep_receptor.pdbqt'), 'pdbqt');
});

afterAll(async () => {
  await stack?.close();
});

async function submit(ligands: { smiles: string; name: string }[]): Promise<string> {
  const response = await stack.api('/api/v1/pipelines/vina/jobs', {
    method: 'POST',
    json: {
      receptorId: receptor,
      bindingSite: BOX_1IEP,
      ligands,
      params: { exhaustiveness: 32, seed: 1, cpuPerTask: 1 },
    },
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

const results = () => stack.db.withSchema(stack.org.resultsSchema);

describe('the whole-job deadline', () => {
  it(
    'fails every task no agent ran, with the reason, and the job',
    async () => {
      // 10 s queue allowance + 1 × (3 s + 3 s) budget = 16 s presigned URLs; + 3 s ack_wait = the deadline.
      expect(derived.jobDeadlineMs).toBe(19_000);
      const jobId = await submit([
        { smiles: 'CCO', name: 'ethanol' },
        { smiles: 'CC(=O)Nc1ccc(O)cc1', name: 'paracetamol' },
      ]);
      // No agent is running: the tasks stay QUEUED until the deadline job fires.
      expect((await waitForStatus(stack, jobId, (s) => s.tasks.QUEUED === 2, LONG)).status).toBe('PENDING');
      const status = await waitForStatus(stack, jobId, isFinal, LONG);
      expect(status.status).toBe('FAILED');
      expect(status.tasks).toMatchObject({ total: 2, FAILED: 2 });
      expect(status.ligands).toMatchObject({ total: 2, FAILED: 2 });

      const reason = "no result within the job's time budget (19 s)";
      const tasks = await results()
        .selectFrom('tasks')
        .select(['status', 'reason'])
        .where('job_id', '=', jobId)
        .execute();
      expect(tasks).toEqual([
        { status: 'FAILED', reason },
        { status: 'FAILED', reason },
      ]);
      const ligands = await results()
        .selectFrom('job_inputs')
        .select(['status', 'error_stage', 'error'])
        .where('job_id', '=', jobId)
        .execute();
      expect(ligands).toEqual([
        { status: 'FAILED', error_stage: 'task', error: reason },
        { status: 'FAILED', error_stage: 'task', error: reason },
      ]);
      const job = await results()
        .selectFrom('jobs')
        .select(['error', 'created_at', 'finished_at'])
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow();
      expect(job.error).toBe(`all 2 ligand(s) failed; ligand 1: ${reason}`);
      // Not before the deadline (it is measured from dispatch, which follows creation).
      expect(job.finished_at!.getTime() - job.created_at.getTime()).toBeGreaterThanOrEqual(derived.jobDeadlineMs);
      const events = await jobEvents(stack, jobId);
      expect(events.filter((e) => e.kind === 'task_failed').map((e) => e.message)).toEqual([reason, reason]);
      expect(events.at(-1)).toMatchObject({ kind: 'job_failed' });
      // The worker counts them as lost tasks, their ligands as failed at stage task, and the job as failed.
      const { metrics } = stack.worker();
      expect(await counterValue(metrics.tasksFinished, { pipeline: 'vina', status: 'lost' })).toBe(2);
      expect(await counterValue(metrics.ligandsFinished, { pipeline: 'vina', status: 'failed', stage: 'task' })).toBe(
        2,
      );
      expect(await counterValue(metrics.jobs.finished, { pipeline: 'vina', status: 'FAILED' })).toBe(1);
      expect(await counterValue(metrics.tasksDispatched, { pipeline: 'vina' })).toBe(2);
    },
    LONG,
  );
});

describe("the worker's task timeout", () => {
  it(
    'reaches the agent in the task message: the agent aborts vina at TASK_TIMEOUT_MS and reports it',
    async () => {
      const agent = await stack.startAgent();
      try {
        const jobId = await submit([{ smiles: IMATINIB, name: 'imatinib' }]);
        const status = await waitForStatus(stack, jobId, isFinal, LONG);
        expect(status.status).toBe('FAILED');
        const [task] = await results()
          .selectFrom('tasks')
          .select(['status', 'reason'])
          .where('job_id', '=', jobId)
          .execute();
        expect(task).toEqual({
          status: 'FAILED',
          reason: `the task exceeded its timeout of ${TIMERS.taskTimeoutMs} ms`,
        });
        const [ligand] = await results()
          .selectFrom('job_inputs')
          .select(['error_stage', 'error'])
          .where('job_id', '=', jobId)
          .execute();
        // 'timeout' when vina was aborted; 'task' if the timer fired while the inputs were still being fetched.
        expect(ligand).toEqual({
          error_stage: expect.stringMatching(/^(timeout|task)$/),
          error: `the task exceeded its timeout of ${TIMERS.taskTimeoutMs} ms`,
        });
      } finally {
        await agent.stop(0);
      }
    },
    LONG,
  );
});
