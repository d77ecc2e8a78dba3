import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { apiError, notFound } from '../../errors.js';
import { JobIdInput, jobOfCaller, plane, type JobContext } from '@mad/domain';

export const remove = procedure
  .meta({
    access: 'jobs:write',
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
    const caller = ctx as JobContext;
    const job = await jobOfCaller(caller, input.jobId);
    const outcome = await plane(ctx).deleteJob({
      jobId: job.jobId,
      orgId: caller.principal.org.id,
      resultsSchema: job.resultsSchema,
    });
    if (outcome.outcome === 'gone') throw notFound(`job ${job.jobId}`);
    if (outcome.outcome === 'not-finished')
      throw apiError(
        'CONFLICT',
        `job ${job.jobId} is ${outcome.status}: only a finished job can be deleted (cancel it first)`,
      );
    ctx.log.info({ jobId: job.jobId, by: caller.principal.userId }, 'job deleted');
    return { jobId: job.jobId, deleted: true as const, objectsDeleted: outcome.objectsDeleted };
  });
