import { z } from 'zod';
import { COMPARE_SORTS, JobComparison, compareJobs } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const CompareJobsInput = z.strictObject({
  jobId: z.uuid(),
  otherJobId: z.uuid(),
  sort: z
    .enum(COMPARE_SORTS)
    .default('delta')
    .describe("delta (second − first), first or second (a job's best affinity), name"),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const compare = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/compare/{otherJobId}',
      tags: ['jobs'],
      protect: true,
      summary:
        'Two jobs side by side: their set-ups and differences, and the ligands both docked (matched by molecule id) with both best affinities and the difference',
    },
  })
  .input(CompareJobsInput)
  .output(JobComparison)
  .query(({ ctx, input }) => compareJobs(ctx, input));
