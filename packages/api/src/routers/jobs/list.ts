import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { JobStatus, PipelineId } from '@mad/domain';

export const list = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs',
      tags: ['jobs'],
      protect: true,
      summary: "The organisation's jobs, newest first",
    },
  })
  .input(
    z.strictObject({
      status: JobStatus.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  )
  .output(
    z.object({
      jobs: z.array(
        z.object({
          jobId: z.string().uuid(),
          pipeline: PipelineId,
          status: JobStatus,
          ligandCount: z.number().int(),
          taskCount: z.number().int(),
          createdAt: z.date(),
          finishedAt: z.date().nullable(),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    let query = ctx.db
      .withSchema(ctx.principal.org.resultsSchema)
      .selectFrom('jobs')
      .select(['id', 'pipeline', 'status', 'ligand_count', 'task_count', 'created_at', 'finished_at']);
    if (input.status) query = query.where('status', '=', input.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return {
      jobs: rows.map((r) => ({
        jobId: r.id,
        pipeline: r.pipeline as z.infer<typeof PipelineId>,
        status: r.status,
        ligandCount: r.ligand_count,
        taskCount: r.task_count,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
      })),
    };
  });
