import { z } from 'zod';
import { JobIdInput, jobOfCaller, resultsCsvPath, resultsSdfPath, resultsZipPath } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

/** The job's bulk downloads (paths on this server that check access like every route); express streams them. */
export const exports = jobProcedure
  .meta({ access: 'jobs:read' })
  .input(JobIdInput)
  .output(
    z.object({ jobId: z.string().uuid(), resultsCsv: z.string(), resultsSdf: z.string(), resultsZip: z.string() }),
  )
  .query(async ({ ctx, input }) => {
    const job = await jobOfCaller(ctx, input.jobId);
    return {
      jobId: job.jobId,
      resultsCsv: resultsCsvPath(job.jobId),
      resultsSdf: resultsSdfPath(job.jobId),
      resultsZip: resultsZipPath(job.jobId),
    };
  });
