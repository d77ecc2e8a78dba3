// Deleting a finished job: its rows (the results schema's job with everything that cascades from it, and jobs_meta) go
// in one transaction, which also enqueues the purge of its objects (pg-boss, transactional send), so the objects go
// even when the caller's own attempt at it fails: the worker retries the purge until the bucket answers.
import { fromKysely, type PgBoss } from 'pg-boss';
import type { Database, JobStatus } from '@mad/db';
import { jobObjectPrefix, type Storage } from '@mad/storage';
import { isFinalJobStatus } from '@mad/protocol';

export const PURGE_QUEUE = 'jobs.purge';

export interface PurgePayload {
  orgId: string;
  jobId: string;
}

export class JobNotFinishedError extends Error {
  constructor(
    readonly jobId: string,
    readonly status: JobStatus,
  ) {
    super(`job ${jobId} is ${status}: only a finished job can be deleted (cancel it first)`);
  }
}

/**
 * Deletes the job's rows if it is final (JobNotFinishedError otherwise; false when it no longer exists) and enqueues
 * the purge of its objects in the same transaction.
 */
export async function deleteJobRows(
  db: Database,
  boss: PgBoss,
  job: { jobId: string; orgId: string; resultsSchema: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The lock orders this against the recorder and a concurrent cancel, which update jobs_meta in their transactions.
    const meta = await trx
      .selectFrom('jobs_meta')
      .select('status')
      .where('id', '=', job.jobId)
      .where('org_id', '=', job.orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!meta) return false;
    if (!isFinalJobStatus(meta.status)) throw new JobNotFinishedError(job.jobId, meta.status);
    // ON DELETE CASCADE takes tasks, inputs, attempts, poses, outputs, events and counters with the job.
    await trx.withSchema(job.resultsSchema).deleteFrom('jobs').where('id', '=', job.jobId).execute();
    await trx.deleteFrom('jobs_meta').where('id', '=', job.jobId).execute();
    const payload: PurgePayload = { orgId: job.orgId, jobId: job.jobId };
    await boss.send(PURGE_QUEUE, payload, { db: fromKysely(trx) });
    return true;
  });
}

/** Deletes every object under the job's prefix; returns how many there were. Safe to repeat. */
export async function purgeJobObjects(storage: Storage, { orgId, jobId }: PurgePayload): Promise<number> {
  const prefix = jobObjectPrefix(orgId, jobId);
  let deleted = 0;
  // Delete page by page: each listing starts again from the front, since what came before is gone.
  for (;;) {
    const page = await storage.listObjects(prefix);
    if (page.objects.length === 0) return deleted;
    deleted += await storage.deleteObjects(page.objects.map((o) => o.key));
    if (!page.nextStartAfter) return deleted;
  }
}
