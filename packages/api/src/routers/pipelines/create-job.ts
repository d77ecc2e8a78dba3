import { jobProcedure } from '../../trpc.js';
import { createJob } from '@mad/domain';
import { CreateJobInput, CreatedJob } from '@mad/domain';

/** REST form of jobs.create; answers 202 Accepted (see restResponseMeta). Send Idempotency-Key to make retries safe. */
export const createJobRest = jobProcedure
  .meta({
    access: 'jobs:write',
    openapi: {
      method: 'POST',
      path: '/v1/pipelines/{pipelineId}/jobs',
      tags: ['jobs'],
      protect: true,
      summary:
        'Submit a docking job (202 Accepted); an Idempotency-Key header makes a retried request return the same job',
      successDescription: 'Accepted: the job is PENDING',
    },
  })
  .input(CreateJobInput)
  .output(CreatedJob)
  .mutation(({ ctx, input }) => createJob(ctx, input, ctx.idempotencyKey ?? null));
