// Re-dispatching the open work of a restored stack: a backup holds the database and the bucket, not NATS, so the
// tasks that were queued or running at backup time have no message on the new stack's streams. Every such task goes
// back to PENDING (its RUNNING attempt closed as LOST with the reason), and its job gets a new dispatch (pg-boss,
// in the same transaction), which publishes it again with the attempts already recorded (TaskMessage.priorAttempts),
// so the next attempt has the next number. Jobs that never reached dispatch keep their own pg-boss job.
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Database } from '@mad/db';
import { appendEvent } from '@mad/domain';
import { enqueueDispatch } from './boss.js';

export interface RequeueReport {
  jobs: number;
  tasks: number;
}

export async function requeueOpenJobs(db: Database, boss: PgBoss, reason: string): Promise<RequeueReport> {
  const report: RequeueReport = { jobs: 0, tasks: 0 };
  const orgs = await db.selectFrom('organizations').select(['id', 'results_schema']).execute();
  for (const org of orgs) {
    const open = await db
      .withSchema(org.results_schema)
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', ['PENDING', 'RUNNING'])
      .execute();
    for (const { id: jobId } of open) {
      const requeued = await db.transaction().execute(async (trx) => {
        const t = trx.withSchema(org.results_schema);
        await t.selectFrom('jobs').select('id').where('id', '=', jobId).forUpdate().execute();
        const tasks = await t
          .updateTable('tasks')
          .set({ status: 'PENDING' })
          .where('job_id', '=', jobId)
          .where('status', 'in', ['QUEUED', 'RUNNING'])
          .returning('id')
          .execute();
        if (tasks.length === 0) return 0;
        const ids = tasks.map((task) => task.id);
        await t
          .updateTable('task_executions')
          .set({ status: 'LOST', reason, finished_at: sql`now()` })
          .where('task_id', 'in', ids)
          .where('status', '=', 'RUNNING')
          .execute();
        // Their ligands wait again (a ligand already done in an attempt that reported stays as it is).
        await t
          .updateTable('job_inputs')
          .set({ status: 'PENDING' })
          .where('job_id', '=', jobId)
          .where('task_id', 'in', ids)
          .where('status', '=', 'RUNNING')
          .execute();
        await appendEvent(trx, org.results_schema, {
          jobId,
          kind: 'requeued',
          message: `${tasks.length} task(s) dispatched again: ${reason}`,
        });
        await enqueueDispatch(boss, trx, { jobId, orgId: org.id });
        return tasks.length;
      });
      if (requeued > 0) {
        report.jobs += 1;
        report.tasks += requeued;
      }
    }
  }
  return report;
}
