import type { Kysely } from 'kysely';
import type { Database, DB, JobStatus } from '@mad/db';
import type { Principal } from '../principal.js';
import type { JobsPlane } from './plane.js';
import type { JobLimits } from './limits.js';
import { notFound } from '../errors.js';

/** What an operation on the caller's organisation needs: the database and who calls. */
export interface OrgContext {
  db: Database;
  principal: Principal;
}

/** What a job operation needs besides: the jobs plane (enqueue, cancel, agents, links, live events). */
export interface JobContext extends OrgContext {
  jobs: JobsPlane;
  /** Quotas of a request and of the organisation (JOB_MAX_*, ORG_MAX_*); DEFAULT_JOB_LIMITS when absent. */
  jobLimits?: JobLimits;
}

/** A job and where its rows live (the organisation's results schema). */
export interface JobRef {
  jobId: string;
  orgId: string;
  resultsSchema: string;
}

/** What jobs_meta knows of a job: its reference, pipeline and state (mirrored from jobs.status). */
export interface JobMeta extends JobRef {
  pipeline: string;
  status: JobStatus;
}

/** The job from jobs_meta, or null; with `orgId`, only when it belongs to that organisation. */
export async function jobRef(db: Kysely<DB>, jobId: string, orgId?: string): Promise<JobMeta | null> {
  let query = db
    .selectFrom('jobs_meta')
    .select(['id', 'org_id', 'results_schema', 'pipeline', 'status'])
    .where('id', '=', jobId);
  if (orgId !== undefined) query = query.where('org_id', '=', orgId);
  const meta = await query.executeTakeFirst();
  return meta
    ? {
        jobId: meta.id,
        orgId: meta.org_id,
        resultsSchema: meta.results_schema,
        pipeline: meta.pipeline,
        status: meta.status,
      }
    : null;
}

/** The caller's job: NOT_FOUND when it belongs to another organisation, exactly as when it does not exist (never 403). */
export async function jobOfCaller(ctx: OrgContext, jobId: string): Promise<JobMeta> {
  const job = await jobRef(ctx.db, jobId, ctx.principal.org.id);
  if (!job) throw notFound(`job ${jobId}`);
  return job;
}

/** The job's current status in its results schema (null once the job is gone). */
export async function currentJobStatus(
  db: Database,
  job: { jobId: string; resultsSchema: string },
): Promise<JobStatus | null> {
  const row = await db
    .withSchema(job.resultsSchema)
    .selectFrom('jobs')
    .select('status')
    .where('id', '=', job.jobId)
    .executeTakeFirst();
  return row?.status ?? null;
}

/** Cancels the caller's job (queued tasks never start, running ones are stopped) and answers the status it now has. */
export async function cancelJobOfCaller(ctx: JobContext, jobId: string): Promise<{ jobId: string; status: JobStatus }> {
  const job = await jobOfCaller(ctx, jobId);
  await ctx.jobs.cancel(job, `cancelled by ${ctx.principal.email}`);
  const status = await currentJobStatus(ctx.db, job);
  if (!status) throw notFound(`job ${jobId}`);
  return { jobId: job.jobId, status };
}
