import { JobStatusInput, JobStatusOutput, awaitJobStatus } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const status = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/status',
      tags: ['jobs'],
      protect: true,
      summary: "A job's state, task and ligand counts per state, progress and timestamps (wait=N: long-poll)",
    },
  })
  .input(JobStatusInput)
  .output(JobStatusOutput)
  .query(({ ctx, input, signal }) => awaitJobStatus(ctx, input.jobId, input.wait, signal));

/** The job as a resource (`GET /api/v1/jobs/{jobId}`): the same answer as its status, long-poll included. */
export const get = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}',
      tags: ['jobs'],
      protect: true,
      summary: 'A job: pipeline, state, receptor, box, parameters, warnings, counts per state, progress, timestamps',
    },
  })
  .input(JobStatusInput)
  .output(JobStatusOutput)
  .query(({ ctx, input, signal }) => awaitJobStatus(ctx, input.jobId, input.wait, signal));
