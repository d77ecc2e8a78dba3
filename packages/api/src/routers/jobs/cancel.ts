import { z } from 'zod';
import { jobProcedure } from '../../trpc.js';
import { cancelJobOfCaller, JobIdInput, JobStatus } from '@mad/domain';

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
  .mutation(({ ctx, input }) => cancelJobOfCaller(ctx, input.jobId));
