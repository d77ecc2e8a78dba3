import type { Context } from '../../context.js';
import type { Principal } from '../../context.js';
import { notFound } from '../../errors.js';

export type JobContext = Context & { principal: Principal };

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

export function plane(ctx: Context) {
  if (!ctx.jobs) throw new Error('the jobs plane is not configured in this process');
  return ctx.jobs;
}
