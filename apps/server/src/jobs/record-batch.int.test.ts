// Bulk dispatch and batched recording, without an engine: a job is dispatched by the real worker (tasks made in bulk,
// URLs from the fast presigner, publications pipelined), then reports are recorded the way the results consumer
// does it, many per transaction. Real Postgres, s3rver and nats-server (test/stack.ts).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  PROTOCOL_VERSION,
  TASKS_STREAM,
  TaskMessage,
  taskConsumer,
  type EventMessage,
  type ReportMessage,
  type ResultMessage,
} from '@mad/protocol';
import { verifyPresignedUrl } from '@mad/storage';
import { sharedDataDir } from '@mad/test-utils';
import { createRegistry, workerMetrics } from '@mad/telemetry';
import { counterValue, startJobsStack, type JobsStack } from '../../test/stack.js';
import { recordReports } from './recorder.js';
import { REDELIVERED, chunkByTaskResult, handedBackReason } from './record-batch.js';

const silent = pino({ level: 'silent' });
const PLIP = { name: 'plip' as const, version: '2.2.2' };
const HINGE = {
  type: 'hydrogen_bond' as const,
  residue: { name: 'MET', number: 318, chain: 'A' },
  ligandAtoms: [{ index: 3, name: 'N' }],
  proteinAtoms: [{ serial: 930, name: 'N' }],
  distance: 3.05,
  angle: 160.2,
  ligandPoint: { x: 1, y: 2, z: 3 },
  proteinPoint: { x: 1, y: 2, z: 6.05 },
  detail: 'protein donor, backbone, H–A 2.07 Å',
};

/** A counter's or histogram's series as `label=value,…` → value (histograms: their _count). */
async function series(metric: {
  get(): Promise<{ values: { labels: object; value: number; metricName?: string }[] }>;
}) {
  const out: Record<string, number> = {};
  for (const { labels, value, metricName } of (await metric.get()).values) {
    if (metricName && !metricName.endsWith('_count') && !metricName.endsWith('_total')) continue;
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
    out[key] = value;
  }
  return out;
}
let stack: JobsStack;
let receptorId: string;

beforeAll(async () => {
  stack = await startJobsStack({ LIGANDS_PER_TASK: '1' });
  receptorId = await stack.addMolecule(
    'receptor',
    join(sharedDataDir, 'dockstring/targets/CYP3A4_target.pdbqt'),
    'pdbqt',
  );
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const box = { mode: 'box', center: { x: 37.2, y: -14.6, z: 30.5 }, size: { x: 20, y: 20, z: 20 } };

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('bulk dispatch and batched recording', () => {
  let jobId: string;
  let tasks: TaskMessage[] = [];

  it('dispatches a job of 5 one-ligand tasks: rows made in bulk, every task published once with URLs that verify', async () => {
    const ligands = ['CCO', 'CCN', 'CCC', 'c1ccccc1', 'CC(=O)O'].map((smiles, i) => ({ smiles, name: `l${i + 1}` }));
    const response = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { receptorId, ligands, bindingSite: box, params: { exhaustiveness: 1, seed: 1 } },
    });
    expect(response.status).toBe(202);
    jobId = ((await response.json()) as { jobId: string }).jobId;
    const db = stack.db.withSchema(stack.org.resultsSchema);
    const rows = await waitFor(
      'tasks queued',
      () =>
        db
          .selectFrom('tasks')
          .select(['id', 'ordinal', 'status'])
          .where('job_id', '=', jobId)
          .orderBy('ordinal')
          .execute(),
      (r) => r.length === 5 && r.every((t) => t.status === 'QUEUED'),
    );
    expect(rows.map((t) => t.ordinal)).toEqual([1, 2, 3, 4, 5]);
    const inputs = await db
      .selectFrom('job_inputs')
      .select(['ligand_id', 'task_id', 'ordinal'])
      .where('job_id', '=', jobId)
      .orderBy('ordinal')
      .execute();
    expect(inputs.map((i) => i.task_id)).toEqual(rows.map((t) => t.id));
    // The worker counted the dispatch: five task messages, one dispatch timed.
    const { metrics } = stack.worker();
    expect(await counterValue(metrics.tasksDispatched, { pipeline: 'vina' })).toBe(5);
    const dispatches = (await metrics.dispatchDuration.get()).values.find(
      (v) => v.metricName === 'mad_dispatch_duration_seconds_count',
    );
    expect(dispatches?.value).toBe(1);

    // Read the published tasks without acking them (no agent runs in this test).
    const nc = await connect({ servers: stack.nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(TASKS_STREAM);
      expect(info.state.messages).toBe(5);
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
        const stored = await jsm.streams.getMessage(TASKS_STREAM, { seq });
        if (stored) tasks.push(TaskMessage.parse(stored.json()));
      }
      expect(tasks.map((t) => t.taskId).sort()).toEqual(rows.map((t) => t.id).sort());
      const credentials = { accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey };
      for (const task of tasks) {
        expect(verifyPresignedUrl(task.receptor.url, credentials, 'GET').ok).toBe(true);
        expect(verifyPresignedUrl(task.taskLog, credentials, 'PUT').ok).toBe(true);
        expect(verifyPresignedUrl(task.ligands[0]!.outputs.posesSdf, credentials, 'PUT').ok).toBe(true);
      }
      // The receptor URL works against s3rver.
      expect((await fetch(tasks[0]!.receptor.url)).status).toBe(200);
      // The consumer still has them all (a real agent would pull them).
      const consumer = await jetstream(nc).consumers.get(TASKS_STREAM, taskConsumer('vina'));
      expect((await consumer.info()).num_pending).toBe(5);
    } finally {
      await nc.close();
    }
    tasks = [...tasks].sort(
      (a, b) => rows.findIndex((r) => r.id === a.taskId) - rows.findIndex((r) => r.id === b.taskId),
    );
  });

  it('cuts a batch after a task result so later reports of that task are applied after it', () => {
    const ev = (taskId: string) => ({
      job: { jobId: 'j', orgId: 'o', resultsSchema: 's' },
      report: { kind: 'event', taskId } as ReportMessage,
    });
    const res = (taskId: string) => ({
      job: { jobId: 'j', orgId: 'o', resultsSchema: 's' },
      report: { kind: 'result', taskId } as ReportMessage,
    });
    const chunks = chunkByTaskResult([ev('a'), ev('b'), res('a'), ev('b'), res('b'), res('a'), ev('c')]);
    expect(chunks.map((c) => c.map((i) => `${i.report.kind[0]}${i.report.taskId}`))).toEqual([
      ['ea', 'eb', 'ra', 'eb', 'rb'],
      ['ra', 'ec'],
    ]);
  });

  it('records a batch of reports of several tasks as the one-by-one rules would, and a redelivered batch changes nothing', async () => {
    const [a, b, c, d] = tasks;
    const at = () => new Date().toISOString();
    const event = (task: TaskMessage, stage: EventMessage['stage'], attempt = 1): EventMessage => ({
      v: PROTOCOL_VERSION,
      kind: 'event',
      taskId: task.taskId,
      jobId,
      agentId: `agent-${attempt}`,
      attempt,
      stage,
      at: at(),
    });
    const result = (
      task: TaskMessage,
      status: ResultMessage['status'],
      attempt = 1,
      ligandFails = false,
    ): ResultMessage => ({
      v: PROTOCOL_VERSION,
      kind: 'result',
      taskId: task.taskId,
      jobId,
      agentId: `agent-${attempt}`,
      attempt,
      status,
      ...(status === 'succeeded' ? {} : { reason: `task ${status} on purpose` }),
      engine: 'vina',
      engineVersion: 'test',
      startedAt: at(),
      finishedAt: at(),
      taskLogUploaded: true,
      ligands: ligandFails
        ? [
            {
              ligandId: task.ligands[0]!.ligandId,
              status: 'failed',
              stage: 'preparation',
              reason: 'RDKit could not embed it',
              uploaded: { log: true },
            },
          ]
        : status === 'succeeded'
          ? [
              {
                ligandId: task.ligands[0]!.ligandId,
                status: 'succeeded',
                poses: [1, 2].map((rank) => ({
                  rank,
                  affinityKcalMol: -5 - rank,
                  rmsdLowerBound: 0,
                  rmsdUpperBound: 0,
                  cnnScore: null,
                  cnnAffinity: null,
                  cnnVs: null,
                  // Pose 1 clashes, pose 2 passes; the ligand's validity (not sent here) is its rank-1 pose's.
                  validity: rank === 1 ? { valid: false, failed: ['steric_clash'] } : { valid: true, failed: [] },
                  // Pose 1 profiled (one hinge H-bond), pose 2 not: stored as reported, once.
                  ...(rank === 1
                    ? { interactions: [HINGE], interactionsReason: null, interactionProfiler: PLIP }
                    : {
                        interactions: null,
                        interactionsReason: 'not profiled: only the best 1 pose(s) of a ligand are',
                      }),
                })),
                uploaded: { posesSdf: true, posesPdbqt: false, log: true },
                notes: ['n'],
              },
            ]
          : [],
    });
    const batch: ReportMessage[] = [
      event(a!, 'accepted'),
      event(b!, 'accepted', 1),
      event(a!, 'uploading'),
      event(b!, 'accepted', 2), // redelivered to another agent: attempt 1 is lost
      event(c!, 'accepted'),
      result(a!, 'succeeded'),
      result(a!, 'succeeded'), // duplicate delivery inside the batch
      event(a!, 'completed'), // late event of a final task
      result(b!, 'succeeded', 2),
      result(c!, 'succeeded', 1, true),
      event(d!, 'accepted'),
    ];
    const metrics = workerMetrics(createRegistry({ processMetrics: false }));
    const deps = { db: stack.db, log: silent, metrics };
    const recorded = await recordReports(deps, batch);
    expect([...recorded.changed]).toEqual([jobId]);
    // The worker's metrics count what was applied, once: 6 events and 3 results (the duplicate result and the late
    // event are not), the three ligands by outcome, the job's first acceptance.
    const counted = async () => ({
      reports: await series(metrics.reportsRecorded),
      lag: await series(metrics.recordingLag),
      tasks: await series(metrics.tasksFinished),
      runs: await series(metrics.taskRunDuration),
      ligands: await series(metrics.ligandsFinished),
      firstAccept: await series(metrics.firstAccept),
      jobs: await series(metrics.jobs.finished),
    });
    expect(await counted()).toEqual({
      reports: { 'kind=event': 6, 'kind=result': 3 },
      lag: { 'kind=event': 6, 'kind=result': 3 },
      tasks: { 'pipeline=vina,status=succeeded': 3 },
      runs: { 'pipeline=vina,status=succeeded': 3 },
      ligands: {
        'pipeline=vina,status=succeeded,stage=none': 2,
        'pipeline=vina,status=failed,stage=preparation': 1,
      },
      firstAccept: { 'pipeline=vina': 1 },
      jobs: {},
    });

    const db = stack.db.withSchema(stack.org.resultsSchema);
    const snapshot = async () => ({
      job: await db.selectFrom('jobs').select(['status']).where('id', '=', jobId).executeTakeFirstOrThrow(),
      meta: await stack.db.selectFrom('jobs_meta').select(['status']).where('id', '=', jobId).executeTakeFirstOrThrow(),
      tasks: await db
        .selectFrom('tasks')
        .select(['id', 'status', 'attempts', 'reason'])
        .where('job_id', '=', jobId)
        .orderBy('ordinal')
        .execute(),
      ligands: await db
        .selectFrom('job_inputs')
        .select([
          'ligand_id',
          'status',
          'best_affinity_kcal_mol',
          'error_stage',
          'error',
          'notes',
          'valid',
          'failed_checks',
        ])
        .where('job_id', '=', jobId)
        .orderBy('ordinal')
        .execute(),
      attempts: await db
        .selectFrom('task_executions')
        .select(['task_id', 'attempt', 'status', 'agent_id', 'logs_uri', 'reason'])
        .where('job_id', '=', jobId)
        .orderBy('task_id')
        .orderBy('attempt')
        .execute(),
      poses: await db
        .selectFrom('docking_results')
        .select([
          'ligand_id',
          'pose_rank',
          'affinity_kcal_mol',
          'valid',
          'failed_checks',
          'interactions',
          'interaction_keys',
        ])
        .where('job_id', '=', jobId)
        .orderBy('ligand_id')
        .orderBy('pose_rank')
        .execute(),
      outputs: await db
        .selectFrom('job_outputs')
        .select(['task_id', 'ligand_id', 'kind'])
        .where('job_id', '=', jobId)
        .orderBy('task_id')
        .orderBy('kind')
        .execute(),
      events: await db
        .selectFrom('job_events')
        .select(['kind', 'task_id', 'attempt'])
        .where('job_id', '=', jobId)
        .orderBy('id')
        .execute(),
    });
    const after = await snapshot();
    expect(after.job.status).toBe('RUNNING');
    expect(after.meta.status).toBe('RUNNING');
    const taskOf = (task: TaskMessage) => after.tasks.find((t) => t.id === task.taskId)!;
    expect(taskOf(a!)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(taskOf(b!)).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(taskOf(c!)).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(taskOf(d!)).toMatchObject({ status: 'RUNNING' });
    expect(after.tasks[4]!.status).toBe('QUEUED');
    const ligandOf = (task: TaskMessage) => after.ligands.find((l) => l.ligand_id === task.ligands[0]!.ligandId)!;
    expect(ligandOf(a!)).toMatchObject({
      status: 'SUCCEEDED',
      best_affinity_kcal_mol: -7,
      error_stage: null,
      notes: ['n'],
      valid: false,
      failed_checks: ['steric_clash'],
    });
    expect(
      after.poses
        .filter((p) => p.ligand_id === a!.ligands[0]!.ligandId)
        .map((p) => [p.pose_rank, p.valid, p.failed_checks]),
    ).toEqual([
      [1, false, ['steric_clash']],
      [2, true, []],
    ]);
    expect(ligandOf(b!)).toMatchObject({ status: 'SUCCEEDED', best_affinity_kcal_mol: -7 });
    expect(ligandOf(c!)).toMatchObject({
      status: 'FAILED',
      error_stage: 'preparation',
      error: 'RDKit could not embed it',
      valid: null,
      failed_checks: null,
    });
    expect(ligandOf(d!)).toMatchObject({ status: 'RUNNING' });
    expect(after.attempts.filter((e) => e.task_id === b!.taskId).map((e) => [e.attempt, e.status, e.reason])).toEqual([
      [1, 'LOST', REDELIVERED], // no hand-back from agent-1: it stopped answering
      [2, 'SUCCEEDED', null],
    ]);
    expect(after.attempts.find((e) => e.task_id === a!.taskId)).toMatchObject({
      status: 'SUCCEEDED',
      logs_uri: expect.stringContaining(`/tasks/${a!.taskId}/task.log`),
    });
    expect(after.poses).toHaveLength(4);
    // The interactions beside each pose, with the filter's keys; the unprofiled pose keeps its reason, no keys.
    const posesOf = (task: TaskMessage) => after.poses.filter((p) => p.ligand_id === task.ligands[0]!.ligandId);
    expect(posesOf(a!).map((p) => [p.pose_rank, p.interactions, p.interaction_keys])).toEqual([
      [
        1,
        { interactions: [HINGE], reason: null, profiler: PLIP },
        ['A:MET318', 'MET318', 'hydrogen_bond', 'hydrogen_bond@A:MET318', 'hydrogen_bond@MET318'],
      ],
      [
        2,
        { interactions: null, reason: 'not profiled: only the best 1 pose(s) of a ligand are', profiler: null },
        null,
      ],
    ]);
    expect(
      after.outputs
        .filter((o) => o.task_id === a!.taskId)
        .map((o) => o.kind)
        .sort(),
    ).toEqual(['ligand_log', 'poses_sdf', 'task_log']);
    expect(
      after.outputs
        .filter((o) => o.task_id === c!.taskId)
        .map((o) => o.kind)
        .sort(),
    ).toEqual(['ligand_log', 'task_log']);
    // One job_running, every event of a live task, one task_* per task; the duplicate result and the late 'completed'
    // of task a left no row. (The batch is cut after a's first result; within a part, events come before results.)
    const kinds = after.events
      .filter((e) => e.kind !== 'created' && e.kind !== 'dispatching' && e.kind !== 'queued')
      .map((e) => e.kind);
    expect(kinds).toEqual([
      'job_running',
      'accepted',
      'accepted',
      'uploading',
      'accepted',
      'accepted',
      'task_succeeded',
      'accepted',
      'task_succeeded',
      'task_succeeded',
    ]);

    // The batch redelivered (e.g. the worker died before acking): the reports of final tasks change nothing. (The
    // 'accepted' of task d, still running, is left out: events of a running task are at-least-once, as before.)
    const countedBefore = await counted();
    expect((await recordReports(deps, batch.slice(0, -1))).changed.size).toBe(0);
    expect(await snapshot()).toEqual(after);
    expect(await counted()).toEqual(countedBefore);

    // The last two tasks finish, one failed as a whole: the job settles COMPLETED (three ligands docked).
    await recordReports(deps, [result(d!, 'failed'), event(tasks[4]!, 'accepted'), result(tasks[4]!, 'cancelled')]);
    const final = await snapshot();
    expect(final.job.status).toBe('COMPLETED');
    expect(final.meta.status).toBe('COMPLETED');
    expect(final.ligands.map((l) => l.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'FAILED', 'CANCELLED']);
    expect(final.ligands[3]).toMatchObject({ error_stage: 'task', error: 'task failed on purpose' });
    expect(final.events.at(-1)!.kind).toBe('job_completed');
    // The tasks' leftover ligands are counted at their stage, and the job as finished.
    const countedAfter = await counted();
    expect(countedAfter.tasks).toEqual({
      'pipeline=vina,status=succeeded': 3,
      'pipeline=vina,status=failed': 1,
      'pipeline=vina,status=cancelled': 1,
    });
    expect(countedAfter.ligands).toMatchObject({
      'pipeline=vina,status=failed,stage=task': 1,
      'pipeline=vina,status=cancelled,stage=cancelled': 1,
    });
    expect(countedAfter.jobs).toEqual({ 'pipeline=vina,status=COMPLETED': 1 });
  });

  it('closes an attempt handed back by a shutting-down agent with that reason, not as a crash; duplicates change nothing', async () => {
    const ligands = ['CCO', 'CCN'].map((smiles, i) => ({ smiles, name: `h${i + 1}` }));
    const response = await stack.api('/api/v1/pipelines/vina/jobs', {
      method: 'POST',
      json: { receptorId, ligands, bindingSite: box, params: { exhaustiveness: 1, seed: 1 } },
    });
    expect(response.status).toBe(202);
    const handJob = ((await response.json()) as { jobId: string }).jobId;
    const db = stack.db.withSchema(stack.org.resultsSchema);
    const [h, r] = await waitFor(
      'tasks queued',
      () => db.selectFrom('tasks').select(['id', 'status']).where('job_id', '=', handJob).orderBy('ordinal').execute(),
      (rows) => rows.length === 2 && rows.every((t) => t.status === 'QUEUED'),
    );
    const inputs = await db
      .selectFrom('job_inputs')
      .select(['ligand_id', 'task_id'])
      .where('job_id', '=', handJob)
      .execute();
    const ligandOf = (taskId: string) => inputs.find((i) => i.task_id === taskId)!.ligand_id;
    const at = () => new Date().toISOString();
    const event = (taskId: string, stage: EventMessage['stage'], attempt: number, agentId: string): EventMessage => ({
      v: PROTOCOL_VERSION,
      kind: 'event',
      taskId,
      jobId: handJob,
      agentId,
      attempt,
      stage,
      at: at(),
    });
    const result = (taskId: string, attempt: number, agentId: string): ResultMessage => ({
      v: PROTOCOL_VERSION,
      kind: 'result',
      taskId,
      jobId: handJob,
      agentId,
      attempt,
      status: 'succeeded',
      engine: 'vina',
      engineVersion: 'test',
      startedAt: at(),
      finishedAt: at(),
      taskLogUploaded: false,
      ligands: [
        {
          ligandId: ligandOf(taskId),
          status: 'succeeded',
          poses: [
            {
              rank: 1,
              affinityKcalMol: -6,
              rmsdLowerBound: 0,
              rmsdUpperBound: 0,
              cnnScore: null,
              cnnAffinity: null,
              cnnVs: null,
            },
          ],
          uploaded: { posesSdf: true, posesPdbqt: false, log: false },
          notes: [],
        },
      ],
    });
    const deps = { db: stack.db, log: silent };
    const attempts = () =>
      db
        .selectFrom('task_executions')
        .select(['task_id', 'attempt', 'agent_id', 'status', 'reason', 'finished_at'])
        .where('job_id', '=', handJob)
        .orderBy('task_id')
        .orderBy('attempt')
        .execute();
    const of = (rows: Awaited<ReturnType<typeof attempts>>, taskId: string) =>
      rows.filter((e) => e.task_id === taskId).map((e) => [e.attempt, e.agent_id, e.status, e.reason]);

    // Task h: the agent's hand-back and the next agent's acceptance in one batch (stream order: the agent publishes
    // handed_back before it naks). Task r: the next acceptance recorded first (another worker's batch committed
    // earlier), so the generic rule closed attempt 1 before the hand-back arrived; the hand-back corrects the reason.
    await recordReports(deps, [
      event(h!.id, 'accepted', 1, 'agent-stopping'),
      event(r!.id, 'accepted', 1, 'agent-stopping'),
      event(h!.id, 'docking', 1, 'agent-stopping'),
    ]);
    await recordReports(deps, [
      event(h!.id, 'handed_back', 1, 'agent-stopping'),
      event(h!.id, 'accepted', 2, 'agent-next'),
      event(r!.id, 'accepted', 2, 'agent-next'),
    ]);
    const reordered = await attempts();
    expect(of(reordered, r!.id)).toEqual([
      [1, 'agent-stopping', 'LOST', REDELIVERED],
      [2, 'agent-next', 'RUNNING', null],
    ]);
    const handBack = [event(r!.id, 'handed_back', 1, 'agent-stopping')];
    await recordReports(deps, handBack);
    const closed = await attempts();
    for (const task of [h!, r!]) {
      expect(of(closed, task.id)).toEqual([
        [1, 'agent-stopping', 'LOST', handedBackReason('agent-stopping')],
        [2, 'agent-next', 'RUNNING', null],
      ]);
    }
    expect(handedBackReason('agent-stopping')).toBe('handed back by agent agent-stopping while shutting down');
    // A hand-back of another agent's attempt number, or delivered again, changes no attempt.
    await recordReports(deps, [
      ...handBack,
      event(h!.id, 'handed_back', 1, 'agent-stopping'),
      event(h!.id, 'handed_back', 2, 'agent-other'),
    ]);
    expect(await attempts()).toEqual(closed);

    // Both second attempts succeed: the job completes, and the first attempts keep the hand-back reason.
    await recordReports(deps, [result(h!.id, 2, 'agent-next'), result(r!.id, 2, 'agent-next')]);
    const done = await attempts();
    for (const task of [h!, r!]) {
      expect(of(done, task.id)).toEqual([
        [1, 'agent-stopping', 'LOST', handedBackReason('agent-stopping')],
        [2, 'agent-next', 'SUCCEEDED', null],
      ]);
    }
    expect(
      (await db.selectFrom('jobs').select('status').where('id', '=', handJob).executeTakeFirstOrThrow()).status,
    ).toBe('COMPLETED');
    // Every report delivered again once the tasks are final: nothing changes.
    await recordReports(deps, [
      ...handBack,
      event(h!.id, 'handed_back', 1, 'agent-stopping'),
      event(h!.id, 'accepted', 2, 'agent-next'),
    ]);
    expect(await attempts()).toEqual(done);
  });
});
