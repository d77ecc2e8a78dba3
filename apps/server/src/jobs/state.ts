// The job state machine in the database (one org results schema): PENDING → RUNNING → COMPLETED | FAILED | CANCELLED.
// Every transition runs inside the caller's transaction and is idempotent: applying a report twice changes nothing.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, JobStatus } from '@mad/db';
import type { EventMessage, ResultMessage } from '@mad/protocol';
import { jobObjectKey } from '@mad/storage';

type Trx = Transaction<DB> | Kysely<DB>;
const TERMINAL_TASK = ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
const TERMINAL_JOB: JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export interface JobRef {
  jobId: string;
  orgId: string;
  resultsSchema: string;
}

/** Deterministic object keys of a task's outputs: a redelivered attempt overwrites the same objects. */
export const outputKeys = (job: { orgId: string; jobId: string }, taskId: string, ligandId: string) => ({
  posesSdf: jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, ligandId, 'poses.sdf'),
  posesPdbqt: jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, ligandId, 'poses.pdbqt'),
  log: jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, ligandId, 'engine.log'),
});
export const taskLogKey = (job: { orgId: string; jobId: string }, taskId: string) => jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, 'task.log');

export async function appendEvent(
  trx: Trx,
  schema: string,
  event: { jobId: string; kind: string; message?: string | null; taskId?: string | null; ligandId?: string | null; agentId?: string | null; attempt?: number | null; progress?: number | null },
) {
  await trx
    .withSchema(schema)
    .insertInto('job_events')
    .values({
      job_id: event.jobId,
      kind: event.kind,
      message: event.message ?? null,
      task_id: event.taskId ?? null,
      ligand_id: event.ligandId ?? null,
      agent_id: event.agentId ?? null,
      attempt: event.attempt ?? null,
      progress: event.progress ?? null,
    })
    .execute();
}

async function setJobStatus(trx: Trx, job: JobRef, status: JobStatus, error: string | null = null) {
  const now = new Date();
  const terminal = TERMINAL_JOB.includes(status);
  await trx
    .withSchema(job.resultsSchema)
    .updateTable('jobs')
    .set({ status, ...(terminal ? { finished_at: now, error } : { started_at: now }) })
    .where('id', '=', job.jobId)
    .execute();
  await trx.updateTable('jobs_meta').set({ status }).where('id', '=', job.jobId).execute();
}

/** An agent took the task: the attempt starts, the job and its ligands run. Stale events of final tasks are dropped. */
export async function recordEvent(trx: Transaction<DB>, job: JobRef, event: EventMessage): Promise<boolean> {
  const db = trx.withSchema(job.resultsSchema);
  const task = await db.selectFrom('tasks').select(['status']).where('id', '=', event.taskId).forUpdate().executeTakeFirst();
  if (!task || (TERMINAL_TASK as readonly string[]).includes(task.status)) return false;
  if (event.stage === 'accepted') {
    await db
      .insertInto('task_executions')
      .values({ task_id: event.taskId, job_id: job.jobId, attempt: event.attempt, agent_id: event.agentId, started_at: event.at })
      .onConflict((oc) => oc.columns(['task_id', 'attempt']).doNothing())
      .execute();
    // An earlier attempt that never reported was lost with its agent.
    await db
      .updateTable('task_executions')
      .set({ status: 'LOST', finished_at: new Date(), reason: 'redelivered: the agent stopped answering (crash, kill or network loss)' })
      .where('task_id', '=', event.taskId)
      .where('attempt', '<', event.attempt)
      .where('status', '=', 'RUNNING')
      .execute();
    await db.updateTable('tasks').set({ status: 'RUNNING', attempts: sql`greatest(attempts, ${event.attempt})` }).where('id', '=', event.taskId).execute();
    await db.updateTable('job_inputs').set({ status: 'RUNNING' }).where('task_id', '=', event.taskId).where('status', '=', 'PENDING').execute();
    const current = await db.selectFrom('jobs').select('status').where('id', '=', job.jobId).executeTakeFirstOrThrow();
    if (current.status === 'PENDING') {
      await setJobStatus(trx, job, 'RUNNING');
      await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_running', message: 'the first task started' });
    }
  }
  await appendEvent(trx, job.resultsSchema, {
    jobId: job.jobId,
    kind: event.stage,
    message: event.message ?? null,
    taskId: event.taskId,
    ligandId: event.ligandId ?? null,
    agentId: event.agentId,
    attempt: event.attempt,
    progress: event.progress ?? null,
  });
  return true;
}

/**
 * A task's final report: poses inserted with ON CONFLICT DO NOTHING, ligands settled, the attempt closed, the job
 * settled when it was the last task. A task already final (duplicate delivery, late report after a cancel) is left
 * alone: returns false.
 */
export async function recordResult(trx: Transaction<DB>, job: JobRef, result: ResultMessage): Promise<boolean> {
  const db = trx.withSchema(job.resultsSchema);
  const task = await db.selectFrom('tasks').select(['status']).where('id', '=', result.taskId).where('job_id', '=', job.jobId).forUpdate().executeTakeFirst();
  if (!task || (TERMINAL_TASK as readonly string[]).includes(task.status)) return false;

  const ligandsOfTask = new Set((await db.selectFrom('job_inputs').select('ligand_id').where('task_id', '=', result.taskId).execute()).map((r) => r.ligand_id));
  for (const ligand of result.ligands) {
    if (!ligandsOfTask.has(ligand.ligandId)) continue;
    const keys = outputKeys(job, result.taskId, ligand.ligandId);
    const outputs: { kind: 'poses_sdf' | 'poses_pdbqt' | 'ligand_log'; s3_key: string }[] = [];
    if (ligand.status === 'succeeded') {
      if (ligand.poses.length > 0) {
        await db
          .insertInto('docking_results')
          .values(
            ligand.poses.map((pose) => ({
              job_id: job.jobId,
              ligand_id: ligand.ligandId,
              pose_rank: pose.rank,
              affinity_kcal_mol: pose.affinityKcalMol,
              rmsd_lb: pose.rmsdLowerBound,
              rmsd_ub: pose.rmsdUpperBound,
              cnn_score: pose.cnnScore,
              cnn_affinity: pose.cnnAffinity,
              cnn_vs: pose.cnnVs,
              task_id: result.taskId,
            })),
          )
          .onConflict((oc) => oc.columns(['job_id', 'ligand_id', 'pose_rank']).doNothing())
          .execute();
      }
      const best = ligand.poses.reduce<number | null>((min, pose) => (min === null || pose.affinityKcalMol < min ? pose.affinityKcalMol : min), null);
      await db
        .updateTable('job_inputs')
        .set({ status: ligand.poses.length > 0 ? 'SUCCEEDED' : 'FAILED', best_affinity_kcal_mol: best, notes: JSON.stringify(ligand.notes), ...(ligand.poses.length === 0 ? { error_stage: 'docking', error: 'the engine produced no pose' } : {}) })
        .where('job_id', '=', job.jobId)
        .where('ligand_id', '=', ligand.ligandId)
        .execute();
      if (ligand.uploaded.posesSdf) outputs.push({ kind: 'poses_sdf', s3_key: keys.posesSdf });
      if (ligand.uploaded.posesPdbqt) outputs.push({ kind: 'poses_pdbqt', s3_key: keys.posesPdbqt });
      if (ligand.uploaded.log) outputs.push({ kind: 'ligand_log', s3_key: keys.log });
    } else {
      await db
        .updateTable('job_inputs')
        .set({ status: ligand.stage === 'cancelled' ? 'CANCELLED' : 'FAILED', error_stage: ligand.stage, error: ligand.reason })
        .where('job_id', '=', job.jobId)
        .where('ligand_id', '=', ligand.ligandId)
        .execute();
      if (ligand.uploaded?.log) outputs.push({ kind: 'ligand_log', s3_key: keys.log });
    }
    if (outputs.length > 0) {
      await db
        .insertInto('job_outputs')
        .values(outputs.map((o) => ({ ...o, job_id: job.jobId, task_id: result.taskId, ligand_id: ligand.ligandId })))
        .onConflict((oc) => oc.columns(['job_id', 'ligand_id', 'kind', 'task_id']).doNothing())
        .execute();
    }
  }

  const taskStatus = result.status === 'succeeded' ? 'SUCCEEDED' : result.status === 'cancelled' ? 'CANCELLED' : 'FAILED';
  const leftover = result.status === 'cancelled' ? 'CANCELLED' : 'FAILED';
  const leftoverReason = result.reason ?? (result.status === 'succeeded' ? 'the agent reported no outcome for this ligand' : `task ${result.status}`);
  await db
    .updateTable('job_inputs')
    .set({ status: leftover, error_stage: result.status === 'cancelled' ? 'cancelled' : 'task', error: leftoverReason })
    .where('task_id', '=', result.taskId)
    .where('status', 'in', ['PENDING', 'RUNNING'])
    .execute();
  await db.updateTable('tasks').set({ status: taskStatus, reason: result.reason ?? null, attempts: sql`greatest(attempts, ${result.attempt})` }).where('id', '=', result.taskId).execute();

  const logsUri = result.taskLogUploaded ? taskLogKey(job, result.taskId) : null;
  await db
    .insertInto('task_executions')
    .values({
      task_id: result.taskId,
      job_id: job.jobId,
      attempt: result.attempt,
      agent_id: result.agentId,
      started_at: result.startedAt,
      status: taskStatus,
      finished_at: result.finishedAt,
      exit_status: result.status,
      reason: result.reason ?? null,
      engine_version: result.engineVersion ?? null,
      logs_uri: logsUri,
    })
    .onConflict((oc) =>
      oc.columns(['task_id', 'attempt']).doUpdateSet({
        status: taskStatus,
        finished_at: result.finishedAt,
        exit_status: result.status,
        reason: result.reason ?? null,
        engine_version: result.engineVersion ?? null,
        logs_uri: logsUri,
        agent_id: result.agentId,
      }),
    )
    .execute();
  if (logsUri) {
    await db
      .insertInto('job_outputs')
      .values({ job_id: job.jobId, task_id: result.taskId, ligand_id: '', kind: 'task_log', s3_key: logsUri })
      .onConflict((oc) => oc.columns(['job_id', 'ligand_id', 'kind', 'task_id']).doNothing())
      .execute();
  }
  const succeeded = result.ligands.filter((l) => l.status === 'succeeded').length;
  await appendEvent(trx, job.resultsSchema, {
    jobId: job.jobId,
    kind: `task_${result.status}`,
    taskId: result.taskId,
    agentId: result.agentId,
    attempt: result.attempt,
    message: `${succeeded}/${ligandsOfTask.size} ligand(s) docked${result.reason ? `; ${result.reason}` : ''}`,
  });
  await settleJob(trx, job);
  return true;
}

/** When no task is left running: COMPLETED if any ligand docked (failed ones keep their errors), FAILED otherwise. */
export async function settleJob(trx: Transaction<DB>, job: JobRef): Promise<void> {
  const db = trx.withSchema(job.resultsSchema);
  const current = await db.selectFrom('jobs').select(['status']).where('id', '=', job.jobId).forUpdate().executeTakeFirstOrThrow();
  if (TERMINAL_JOB.includes(current.status)) return;
  const open = await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', job.jobId).where('status', 'not in', TERMINAL_TASK).executeTakeFirstOrThrow();
  const total = await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', job.jobId).executeTakeFirstOrThrow();
  if (open.n > 0 || total.n === 0) return;
  const ligands = await db.selectFrom('job_inputs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('job_id', '=', job.jobId).groupBy('status').execute();
  const count = (status: string) => ligands.find((l) => l.status === status)?.n ?? 0;
  const succeeded = count('SUCCEEDED');
  const failed = count('FAILED') + count('CANCELLED');
  if (succeeded > 0) {
    await setJobStatus(trx, job, 'COMPLETED');
    await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_completed', message: `${succeeded} ligand(s) docked, ${failed} failed` });
  } else {
    const first = await db.selectFrom('job_inputs').select(['error', 'ordinal']).where('job_id', '=', job.jobId).where('error', 'is not', null).orderBy('ordinal').limit(1).executeTakeFirst();
    const error = `all ${failed} ligand(s) failed${first ? `; ligand ${first.ordinal}: ${first.error}` : ''}`;
    await setJobStatus(trx, job, 'FAILED', error);
    await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_failed', message: error });
  }
}

/** Cancels a job that is not final yet: queued tasks will be acked unrun by agents, running ones are aborted. */
export async function cancelJob(trx: Transaction<DB>, job: JobRef, reason: string): Promise<boolean> {
  const db = trx.withSchema(job.resultsSchema);
  const current = await db.selectFrom('jobs').select(['status']).where('id', '=', job.jobId).forUpdate().executeTakeFirst();
  if (!current || TERMINAL_JOB.includes(current.status)) return false;
  await db.updateTable('tasks').set({ status: 'CANCELLED', reason }).where('job_id', '=', job.jobId).where('status', 'not in', TERMINAL_TASK).execute();
  await db.updateTable('task_executions').set({ status: 'CANCELLED', finished_at: new Date(), reason }).where('job_id', '=', job.jobId).where('status', '=', 'RUNNING').execute();
  await db.updateTable('job_inputs').set({ status: 'CANCELLED', error_stage: 'cancelled', error: reason }).where('job_id', '=', job.jobId).where('status', 'in', ['PENDING', 'RUNNING']).execute();
  await setJobStatus(trx, job, 'CANCELLED', reason);
  await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_cancelled', message: reason });
  return true;
}

/** Fails the tasks of a job that never reported (poison task, or the whole budget passed), then settles the job. */
export async function failOpenTasks(trx: Transaction<DB>, job: JobRef, reason: string, taskId?: string): Promise<number> {
  const db = trx.withSchema(job.resultsSchema);
  let query = db.selectFrom('tasks').select('id').where('job_id', '=', job.jobId).where('status', 'not in', TERMINAL_TASK);
  if (taskId) query = query.where('id', '=', taskId);
  const open = await query.forUpdate().execute();
  for (const task of open) {
    await db.updateTable('job_inputs').set({ status: 'FAILED', error_stage: 'task', error: reason }).where('task_id', '=', task.id).where('status', 'in', ['PENDING', 'RUNNING']).execute();
    await db.updateTable('tasks').set({ status: 'FAILED', reason }).where('id', '=', task.id).execute();
    await db.updateTable('task_executions').set({ status: 'LOST', finished_at: new Date(), reason }).where('task_id', '=', task.id).where('status', '=', 'RUNNING').execute();
    await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'task_failed', taskId: task.id, message: reason });
  }
  if (open.length > 0) await settleJob(trx, job);
  return open.length;
}

export async function jobRef(db: Kysely<DB>, jobId: string): Promise<JobRef | null> {
  const meta = await db.selectFrom('jobs_meta').select(['id', 'org_id', 'results_schema']).where('id', '=', jobId).executeTakeFirst();
  return meta ? { jobId: meta.id, orgId: meta.org_id, resultsSchema: meta.results_schema } : null;
}
