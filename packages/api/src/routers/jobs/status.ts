import { JobIdInput, JobStatusOutput, jobStatus } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const status = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/status',
      tags: ['jobs'],
      protect: true,
      summary: "A job's state, task and ligand counts per state, progress and timestamps",
    },
  })
  .input(JobIdInput)
  .output(JobStatusOutput)
  .query(({ ctx, input }) => jobStatus(ctx, input.jobId));
