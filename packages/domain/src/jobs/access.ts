import type { Database } from '@mad/db';
import type { Principal } from '../principal.js';
import type { JobsPlane } from './plane.js';
import { notFound } from '../errors.js';

/** What a job operation needs of its caller: the database, who calls, and the jobs plane where one is served. */
export interface JobContext {
  db: Database;
  principal: Principal;
  jobs?: JobsPlane | undefined;
}

/** The job's results schema when it belongs to the caller's organisation; NOT_FOUND otherwise (never 403). */
export async function jobOfCaller(ctx: JobContext, jobId: string) {
  const meta = await ctx.db
    .selectFrom('jobs_meta')
    .select(['id', 'results_schema', 'org_id', 'pipeline', 'status'])
    .where('id', '=', jobId)
    .where('org_id', '=', ctx.principal.org.id)
    .executeTakeFirst();
  if (!meta) throw notFound(`job ${jobId}`);
  return { jobId: meta.id, resultsSchema: meta.results_schema, pipeline: meta.pipeline, status: meta.status };
}

export function plane(ctx: Pick<JobContext, 'jobs'>) {
  if (!ctx.jobs) throw new Error('the jobs plane is not configured in this process');
  return ctx.jobs;
}
