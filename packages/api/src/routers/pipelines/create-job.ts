import { procedure } from '../../trpc.js';
import { createJob } from '../jobs/create.js';
import type { JobContext } from '../jobs/access.js';
import { CreateJobInput, CreatedJob } from '../jobs/schemas.js';

/** REST form of jobs.create; answers 202 Accepted (see restResponseMeta). Send Idempotency-Key to make retries safe. */
export const createJobRest = procedure
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
  .mutation(({ ctx, input }) => createJob(ctx as JobContext, input, ctx.idempotencyKey ?? null));
