import { CreateJobInput, CreatedJob, createJob } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const create = jobProcedure
  .meta({ access: 'jobs:write' })
  .input(CreateJobInput)
  .output(CreatedJob)
  .mutation(({ ctx, input }) => createJob(ctx, input, ctx.idempotencyKey ?? null, ctx.settingDefaults));
