// The job state machine in the database (one org results schema): PENDING → RUNNING → COMPLETED | FAILED | CANCELLED.
// Every transition runs inside the caller's transaction and is idempotent: applying a report twice changes nothing.
// Reports (agent events and results) are applied in batches by record-batch.ts; this file holds the job-level rules.
import type { Kysely, Transaction } from 'kysely';
import type { DB, JobStatus } from '@mad/db';
import { FINAL_TASK_STATUSES, OPEN_LIGAND_STATUSES, isFinalJobStatus } from '@mad/protocol';
import { jobObjectKey } from '@mad/storage';
import type { JobRef } from './access.js';
import { recordCanonicalJob } from './cache.js';
import { enqueueJobWebhooks } from '../webhooks/enqueue.js';

type Trx = Transaction<DB> | Kysely<DB>;

/** Deterministic object keys of a task's outputs: a redelivered attempt overwrites the same objects. */
export const outputKeys = (job: { orgId: string; jobId: string }, taskId: string, ligandId: string) => ({
  posesSdf: jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, ligandId, 'poses.sdf'),
  posesPdbqt: jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, ligandId, 'poses.pdbqt'),
  log: jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, ligandId, 'engine.log'),
});
export const taskLogKey = (job: { orgId: string; jobId: string }, taskId: string) =>
  jobObjectKey(job.orgId, job.jobId, 'tasks', taskId, 'task.log');

export async function appendEvent(
  trx: Trx,
  schema: string,
  event: {
    jobId: string;
    kind: string;
    message?: string | null;
    taskId?: string | null;
    ligandId?: string | null;
    agentId?: string | null;
    attempt?: number | null;
    progress?: number | null;
  },
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
  const terminal = isFinalJobStatus(status);
  await trx
    .withSchema(job.resultsSchema)
    .updateTable('jobs')
    .set({ status, ...(terminal ? { finished_at: now, error } : { started_at: now }) })
    .where('id', '=', job.jobId)
    .execute();
  await trx.updateTable('jobs_meta').set({ status }).where('id', '=', job.jobId).execute();
  // A final status and its webhook deliveries commit together (webhooks/enqueue.ts).
  if (terminal) await enqueueJobWebhooks(trx, job, status);
}

/** A job whose every ligand the result cache answered: started and finished now, COMPLETED, with an event. */
export async function completeFromCache(trx: Trx, job: JobRef, message: string) {
  const now = new Date();
  await trx
    .withSchema(job.resultsSchema)
    .updateTable('jobs')
    .set({ status: 'COMPLETED', started_at: now, finished_at: now })
    .where('id', '=', job.jobId)
    .execute();
  await trx.updateTable('jobs_meta').set({ status: 'COMPLETED' }).where('id', '=', job.jobId).execute();
  await enqueueJobWebhooks(trx, job, 'COMPLETED');
  await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_completed', message });
}

/**
 * When no task is left running: COMPLETED if any ligand docked (failed ones keep their errors), FAILED otherwise.
 * Returns the final status it set, or null when the job stays as it was.
 */
export async function settleJob(trx: Transaction<DB>, job: JobRef): Promise<JobStatus | null> {
  const db = trx.withSchema(job.resultsSchema);
  const current = await db
    .selectFrom('jobs')
    .select(['status'])
    .where('id', '=', job.jobId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (isFinalJobStatus(current.status)) return null;
  const open = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', job.jobId)
    .where('status', 'not in', FINAL_TASK_STATUSES)
    .executeTakeFirstOrThrow();
  const total = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', job.jobId)
    .executeTakeFirstOrThrow();
  if (open.n > 0 || total.n === 0) return null;
  const ligands = await db
    .selectFrom('job_inputs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('job_id', '=', job.jobId)
    .groupBy('status')
    .execute();
  const count = (status: string) => ligands.find((l) => l.status === status)?.n ?? 0;
  const succeeded = count('SUCCEEDED');
  const failed = count('FAILED') + count('CANCELLED');
  if (succeeded > 0) {
    await setJobStatus(trx, job, 'COMPLETED');
    if (failed === 0) await recordCanonicalJob(trx, job.resultsSchema, job.jobId, false);
    await appendEvent(trx, job.resultsSchema, {
      jobId: job.jobId,
      kind: 'job_completed',
      message: `${succeeded} ligand(s) docked, ${failed} failed`,
    });
    return 'COMPLETED';
  }
  const first = await db
    .selectFrom('job_inputs')
    .select(['error', 'ordinal'])
    .where('job_id', '=', job.jobId)
    .where('error', 'is not', null)
    .orderBy('ordinal')
    .limit(1)
    .executeTakeFirst();
  const error = `all ${failed} ligand(s) failed${first ? `; ligand ${first.ordinal}: ${first.error}` : ''}`;
  await setJobStatus(trx, job, 'FAILED', error);
  await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_failed', message: error });
  return 'FAILED';
}

/** Cancels a job that is not final yet: queued tasks will be acked unrun by agents, running ones are aborted. */
export async function cancelJob(trx: Transaction<DB>, job: JobRef, reason: string): Promise<boolean> {
  const db = trx.withSchema(job.resultsSchema);
  const current = await db
    .selectFrom('jobs')
    .select(['status'])
    .where('id', '=', job.jobId)
    .forUpdate()
    .executeTakeFirst();
  if (!current || isFinalJobStatus(current.status)) return false;
  await db
    .updateTable('tasks')
    .set({ status: 'CANCELLED', reason })
    .where('job_id', '=', job.jobId)
    .where('status', 'not in', FINAL_TASK_STATUSES)
    .execute();
  await db
    .updateTable('task_executions')
    .set({ status: 'CANCELLED', finished_at: new Date(), reason })
    .where('job_id', '=', job.jobId)
    .where('status', '=', 'RUNNING')
    .execute();
  await db
    .updateTable('job_inputs')
    .set({ status: 'CANCELLED', error_stage: 'cancelled', error: reason })
    .where('job_id', '=', job.jobId)
    .where('status', 'in', OPEN_LIGAND_STATUSES)
    .execute();
  await setJobStatus(trx, job, 'CANCELLED', reason);
  await appendEvent(trx, job.resultsSchema, { jobId: job.jobId, kind: 'job_cancelled', message: reason });
  return true;
}

/**
 * Fails the tasks of a job that never reported (poison task, or the whole budget passed), then settles the job.
 * Returns how many tasks and ligands it failed, and the job's final status when that settled it.
 */
export async function failOpenTasks(
  trx: Transaction<DB>,
  job: JobRef,
  reason: string,
  taskId?: string,
): Promise<{ tasks: number; ligands: number; jobStatus: JobStatus | null }> {
  const db = trx.withSchema(job.resultsSchema);
  let query = db
    .selectFrom('tasks')
    .select('id')
    .where('job_id', '=', job.jobId)
    .where('status', 'not in', FINAL_TASK_STATUSES);
  if (taskId) query = query.where('id', '=', taskId);
  const open = await query.forUpdate().execute();
  let ligands = 0;
  for (const task of open) {
    const failedLigands = await db
      .updateTable('job_inputs')
      .set({ status: 'FAILED', error_stage: 'task', error: reason })
      .where('task_id', '=', task.id)
      .where('status', 'in', OPEN_LIGAND_STATUSES)
      .executeTakeFirst();
    ligands += Number(failedLigands.numUpdatedRows);
    await db.updateTable('tasks').set({ status: 'FAILED', reason }).where('id', '=', task.id).execute();
    await db
      .updateTable('task_executions')
      .set({ status: 'LOST', finished_at: new Date(), reason })
      .where('task_id', '=', task.id)
      .where('status', '=', 'RUNNING')
      .execute();
    await appendEvent(trx, job.resultsSchema, {
      jobId: job.jobId,
      kind: 'task_failed',
      taskId: task.id,
      message: reason,
    });
  }
  const jobStatus = open.length > 0 ? await settleJob(trx, job) : null;
  return { tasks: open.length, ligands, jobStatus };
}
