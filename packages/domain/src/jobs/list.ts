// The organisation's jobs, newest first, filtered by name, status, pipeline, receptor and creation time, one keyset page at
// a time: the list the dashboard's jobs page and GET /api/v1/jobs read.
import { z } from 'zod';
import type { JobStatus as JobStatusName } from '@mad/db';
import { AppError } from '../errors.js';
import { newestFirstPage } from '../cursor.js';
import type { OrgContext } from './access.js';
import { moleculeOfOrg } from '../molecules/queries.js';
import { JobStatus, PipelineId } from './schemas.js';

export const JobSummary = z.object({
  jobId: z.string().uuid(),
  name: z.string().nullable().describe('What the submitter called the job; null when not given'),
  description: z.string().nullable().describe("The job's description; null when not given"),
  pipeline: PipelineId,
  status: JobStatus,
  receptorId: z.string().uuid(),
  ligandCount: z.number().int(),
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
  let query = ctx.db.withSchema(ctx.principal.org.resultsSchema).selectFrom('jobs');
  if (filter.name) query = query.where('name', 'ilike', `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
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
  return {
    jobs: page.rows.map((r) => ({
      jobId: r.id,
      name: r.name,
      description: r.description,
      pipeline: PipelineId.parse(r.pipeline),
      status: r.status,
      receptorId: r.receptor_id,
      ligandCount: r.ligand_count,
      taskCount: r.task_count,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    })),
    nextCursor: page.nextCursor,
    total: Number(total),
  };
}
