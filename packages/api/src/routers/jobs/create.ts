import { CreateJobInput, CreatedJob, createJob, type JobContext } from '@mad/domain';
import { procedure } from '../../trpc.js';

export const create = procedure
  .meta({ access: 'jobs:write' })
  .input(CreateJobInput)
  .output(CreatedJob)
  .mutation(({ ctx, input }) => createJob(ctx as JobContext, input, ctx.idempotencyKey ?? null));
