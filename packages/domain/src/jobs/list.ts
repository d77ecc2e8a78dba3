// The organisation's jobs, newest first, filtered by name, status, pipeline, receptor and creation time, one keyset page at
// a time: the list the dashboard's jobs page and GET /api/v1/jobs read.
import { z } from 'zod';
import type { JobStatus as JobStatusName } from '@mad/db';
import { AppError } from '../errors.js';
import { newestFirstPage } from '../cursor.js';
import type { OrgContext } from './access.js';
import { sql } from 'kysely';
import { moleculeOfOrg } from '../molecules/queries.js';
import { projectOfOrg } from '../projects/projects.js';
import { JobStatus, PipelineId } from './schemas.js';

export const JobSummary = z.object({
  jobId: z.string().uuid(),
  name: z.string().nullable().describe('What the submitter called the job; null when not given'),
  description: z.string().nullable().describe("The job's description; null when not given"),
  pipeline: PipelineId,
  status: JobStatus,
  projectId: z.string().uuid().nullable().describe('The project the job belongs to; null: none'),
  ligandSetId: z.string().uuid().nullable().describe('The ligand set it was created from; null: none'),
  receptorId: z.string().uuid(),
  receptorName: z.string().nullable().describe("The receptor molecule's name; null when it was deleted since"),
  ligandCount: z.number().int(),
  ligands: z
    .object({
      succeeded: z.number().int(),
      failed: z.number().int(),
      cancelled: z.number().int(),
    })
    .describe("The job's ligands by final outcome so far (the rest are pending or running)"),
  bestAffinityKcalMol: z
    .number()
    .nullable()
    .describe('The best (lowest) affinity of any of its ligands so far; null: none docked yet'),
  taskCount: z.number().int(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const JobPage = z.object({
  jobs: z.array(JobSummary),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  total: z.number().int().describe('Jobs matching the filters, over every page'),
});
export type JobPage = z.infer<typeof JobPage>;

export interface JobListFilter {
  /** Case-insensitive substring of the job's name. */
  name?: string | undefined;
  /** Case-insensitive substring of the job's name, description or receptor name. */
  search?: string | undefined;
  projectId?: string | undefined;
  status?: JobStatusName | undefined;
  pipeline?: z.infer<typeof PipelineId> | undefined;
  receptorId?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
  /** Deprecated: skips rows (kept for scripts written before the cursor); not with `cursor`. */
  offset?: number | undefined;
}

export async function listJobs(ctx: OrgContext, filter: JobListFilter): Promise<JobPage> {
  if (filter.cursor !== undefined && filter.offset)
    throw new AppError('BAD_REQUEST', 'pass cursor or offset, not both', { field: ['offset'] });
  // Another organisation's receptor is not found, as everywhere (not an empty page).
  if (filter.receptorId) await moleculeOfOrg(ctx.db, ctx.principal.org.id, filter.receptorId);
  if (filter.projectId) await projectOfOrg(ctx, filter.projectId, 'projectId');
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let query = ctx.db.withSchema(ctx.principal.org.resultsSchema).selectFrom('jobs');
  if (filter.name) query = query.where('name', 'ilike', like(filter.name));
  if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
  if (filter.search) {
    // The receptors of the organisation whose name matches (a short list: receptors are few), then one OR.
    const receptors = await ctx.db
      .selectFrom('molecules')
      .select('id')
      .where('org_id', '=', ctx.principal.org.id)
      .where('kind', '=', 'receptor')
      .where('name', 'ilike', like(filter.search))
      .limit(1000)
      .execute();
    const text = like(filter.search);
    const ids = receptors.map((row) => row.id);
    query = query.where((eb) =>
      eb.or([
        eb('name', 'ilike', text),
        eb('description', 'ilike', text),
        ...(ids.length > 0 ? [eb('receptor_id', 'in', ids)] : []),
      ]),
    );
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.pipeline) query = query.where('pipeline', '=', filter.pipeline);
  if (filter.receptorId) query = query.where('receptor_id', '=', filter.receptorId);
  if (filter.createdAfter) query = query.where('created_at', '>=', filter.createdAfter);
  if (filter.createdBefore) query = query.where('created_at', '<', filter.createdBefore);
  // A count of the organisation's jobs under the same filters: thousands of rows, on the created_at index.
  const counted = query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const [page, { total }] = await Promise.all([
    newestFirstPage(
      query.select([
        'id',
        'name',
        'description',
        'pipeline',
        'status',
        'project_id',
        'ligand_set_id',
        'receptor_id',
        'ligand_count',
        'task_count',
        'created_at',
        'finished_at',
      ]),
      filter,
    ),
    counted,
  ]);
  const jobIds = page.rows.map((r) => r.id);
  const receptorIds = [...new Set(page.rows.map((r) => r.receptor_id))];
  const results = ctx.db.withSchema(ctx.principal.org.resultsSchema);
  const [names, outcomes, best] =
    jobIds.length === 0
      ? [[], [], []]
      : await Promise.all([
          ctx.db
            .selectFrom('molecules')
            .select(['id', 'name'])
            .where('org_id', '=', ctx.principal.org.id)
            .where('id', 'in', receptorIds)
            .execute(),
          // The counters the triggers keep (results 0003): a few rows per job whatever its size.
          results
            .selectFrom('job_state_counts')
            .select(['job_id', 'status', (eb) => sql<number>`${eb.fn.sum('n')}::int`.as('n')])
            .where('entity', '=', 'ligand')
            .where('job_id', 'in', jobIds)
            .groupBy(['job_id', 'status'])
            .execute(),
          results
            .selectFrom('job_inputs')
            .select(['job_id', (eb) => eb.fn.min('best_affinity_kcal_mol').as('best')])
            .where('job_id', 'in', jobIds)
            .groupBy('job_id')
            .execute(),
        ]);
  const outcome = (jobId: string, status: string) =>
    outcomes.find((row) => row.job_id === jobId && row.status === status)?.n ?? 0;
  return {
    jobs: page.rows.map((r) => ({
      jobId: r.id,
      name: r.name,
      description: r.description,
      pipeline: PipelineId.parse(r.pipeline),
      status: r.status,
      projectId: r.project_id,
      ligandSetId: r.ligand_set_id,
      receptorId: r.receptor_id,
      receptorName: names.find((row) => row.id === r.receptor_id)?.name ?? null,
      ligands: {
        succeeded: outcome(r.id, 'SUCCEEDED'),
        failed: outcome(r.id, 'FAILED'),
        cancelled: outcome(r.id, 'CANCELLED'),
      },
      bestAffinityKcalMol: (() => {
        const value = best.find((row) => row.job_id === r.id)?.best;
        return value === null || value === undefined ? null : Number(value);
      })(),
      ligandCount: r.ligand_count,
      taskCount: r.task_count,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    })),
    nextCursor: page.nextCursor,
    total: Number(total),
  };
}
