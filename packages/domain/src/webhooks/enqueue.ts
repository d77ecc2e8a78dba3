// Exactly-once enqueue: the job's final status and its webhook deliveries commit together (state.ts calls this inside
// the transaction that makes a job COMPLETED, FAILED or CANCELLED), and (webhook_id, job_id, event) is unique, so a
// replayed report or a second worker adds nothing. Without an active webhook for the event this is one indexed read.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, JobStatus } from '@mad/db';
import type { JobRef } from '../jobs/access.js';
import { stateCounts } from '../jobs/status.js';
import { PipelineId } from '../jobs/schemas.js';
import type { DeliveryEvent, WebhookEvent, WebhookPayload } from './schemas.js';

type Trx = Transaction<DB> | Kysely<DB>;

export const eventOfStatus = (status: 'COMPLETED' | 'FAILED' | 'CANCELLED'): WebhookEvent =>
  `job.${status.toLowerCase()}` as WebhookEvent;

/** The REST resources of a job, relative to the server (the sender puts PUBLIC_URL in front). */
export const jobLinks = (jobId: string) => ({
  job: `/api/v1/jobs/${jobId}`,
  status: `/api/v1/jobs/${jobId}/status`,
  results: `/api/v1/jobs/${jobId}/results`,
  events: `/api/v1/jobs/${jobId}/events`,
});

/** What the deliveries of this job's final status say: status, pipeline, ligand counts, the best ligand, links. */
export async function jobPayload(trx: Trx, job: JobRef, event: DeliveryEvent): Promise<WebhookPayload> {
  const db = trx.withSchema(job.resultsSchema);
  const [row, { ligands }, top] = await Promise.all([
    db
      .selectFrom('jobs')
      .select(['status', 'pipeline', 'error', 'created_at', 'finished_at'])
      .where('id', '=', job.jobId)
      .executeTakeFirstOrThrow(),
    stateCounts(db, job.jobId),
    // The (job_id, best_affinity_kcal_mol, ordinal) index answers this with one row.
    db
      .selectFrom('job_inputs')
      .select(['ligand_id', 'name', 'best_affinity_kcal_mol'])
      .where('job_id', '=', job.jobId)
      .where('best_affinity_kcal_mol', 'is not', null)
      .orderBy('best_affinity_kcal_mol')
      .orderBy('ordinal')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    event,
    occurredAt: (row.finished_at ?? new Date()).toISOString(),
    job: {
      jobId: job.jobId,
      status: row.status,
      pipeline: PipelineId.parse(row.pipeline),
      error: row.error,
      ligands: {
        total: ligands.total,
        succeeded: ligands.SUCCEEDED,
        failed: ligands.FAILED,
        cancelled: ligands.CANCELLED,
      },
      topAffinity:
        top && top.best_affinity_kcal_mol !== null
          ? { ligandId: top.ligand_id, name: top.name, affinityKcalMol: top.best_affinity_kcal_mol }
          : null,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    },
    links: jobLinks(job.jobId),
  };
}

/**
 * One pending delivery per active webhook of the job's organisation subscribed to this final status, in the caller's
 * transaction. Returns how many it enqueued.
 */
export async function enqueueJobWebhooks(trx: Trx, job: JobRef, status: JobStatus): Promise<number> {
  if (status !== 'COMPLETED' && status !== 'FAILED' && status !== 'CANCELLED') return 0;
  const event = eventOfStatus(status);
  const hooks = await trx
    .selectFrom('webhooks')
    .select('id')
    .where('org_id', '=', job.orgId)
    .where('active', '=', true)
    .where(sql<boolean>`${event} = any(events)`)
    .execute();
  if (hooks.length === 0) return 0;
  const payload = JSON.stringify(await jobPayload(trx, job, event));
  const inserted = await trx
    .insertInto('webhook_deliveries')
    .values(hooks.map((hook) => ({ webhook_id: hook.id, job_id: job.jobId, event, payload })))
    .onConflict((oc) => oc.columns(['webhook_id', 'job_id', 'event']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}
