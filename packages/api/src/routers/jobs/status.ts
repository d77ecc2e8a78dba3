import { JobIdInput, JobStatusOutput, jobStatus, type JobContext } from '@mad/domain';
import { procedure } from '../../trpc.js';

export const status = procedure
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
  .query(({ ctx, input }) => jobStatus(ctx as JobContext, input.jobId));
