import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { apiError, notFound } from '../../errors.js';
import { JobIdInput, jobOfCaller } from '@mad/domain';

export const remove = jobProcedure
  .meta({
    access: 'jobs:write',
    errors: { '409': 'The job is not finished (cancel it first)' },
    openapi: {
      method: 'DELETE',
      path: '/v1/jobs/{jobId}',
      tags: ['jobs'],
      protect: true,
      summary:
        'Delete a finished job: its rows (ligands, poses, events, attempts) and its objects (poses, logs); 409 while it runs',
    },
  })
  .input(JobIdInput)
  .output(
    z.object({
      jobId: z.string().uuid(),
      deleted: z.literal(true),
      objectsDeleted: z
        .number()
        .int()
        .nullable()
        .describe("The job's objects removed now; null: the bucket did not answer, the worker removes them later"),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const job = await jobOfCaller(ctx, input.jobId);
    const outcome = await ctx.jobs.deleteJob({
      jobId: job.jobId,
      orgId: ctx.principal.org.id,
      resultsSchema: job.resultsSchema,
    });
    if (outcome.outcome === 'gone') throw notFound(`job ${job.jobId}`);
    if (outcome.outcome === 'not-finished')
      throw apiError(
        'CONFLICT',
        `job ${job.jobId} is ${outcome.status}: only a finished job can be deleted (cancel it first)`,
      );
    ctx.log.info({ jobId: job.jobId, by: ctx.principal.userId }, 'job deleted');
    return { jobId: job.jobId, deleted: true as const, objectsDeleted: outcome.objectsDeleted };
  });
