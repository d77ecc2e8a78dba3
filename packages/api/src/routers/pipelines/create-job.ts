import { jobProcedure } from '../../trpc.js';
import { createJob } from '@mad/domain';
import { CreateJobInput, CreatedJob } from '@mad/domain';

/**
 * REST form of jobs.create; answers 202 Accepted, or 200 when the result cache answered every ligand (the job is
 * COMPLETED at once; see restResponseMeta). Send Idempotency-Key to make retries safe.
 */
export const createJobRest = jobProcedure
  .meta({
    access: 'jobs:write',
    openapi: {
      method: 'POST',
      path: '/v1/pipelines/{pipelineId}/jobs',
      tags: ['jobs'],
      protect: true,
      summary:
        'Submit a docking job (202 Accepted; 200 when every ligand was answered from the result cache); an Idempotency-Key header makes a retried request return the same job',
      successDescription: 'Accepted: the job is PENDING (200: COMPLETED from the result cache)',
    },
  })
  .input(CreateJobInput)
  .output(CreatedJob)
  .mutation(({ ctx, input }) => createJob(ctx, input, ctx.idempotencyKey ?? null, ctx.settingDefaults));
