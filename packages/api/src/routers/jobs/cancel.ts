import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { jobOfCaller } from '@mad/domain';
import { JobIdInput, JobStatus } from '@mad/domain';

export const cancel = jobProcedure
  .meta({
    access: 'jobs:write',
    openapi: {
      method: 'POST',
      path: '/v1/jobs/{jobId}/cancel',
      tags: ['jobs'],
      protect: true,
      summary: 'Cancel a job: queued tasks never start, running ones are stopped by their agents',
    },
  })
  .input(JobIdInput)
  .output(z.object({ jobId: z.string().uuid(), status: JobStatus }))
  .mutation(async ({ ctx, input }) => {
    const job = await jobOfCaller(ctx, input.jobId);
    await ctx.jobs.cancel(job, `cancelled by ${ctx.principal.email}`);
    const row = await ctx.db
      .withSchema(job.resultsSchema)
      .selectFrom('jobs')
      .select('status')
      .where('id', '=', job.jobId)
      .executeTakeFirstOrThrow();
    return { jobId: job.jobId, status: row.status };
  });
