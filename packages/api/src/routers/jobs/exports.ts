import { z } from 'zod';
import {
  ResultsExportInput,
  jobOfCaller,
  resultsCsvPath,
  resultsFilterOf,
  resultsSdfPath,
  resultsZipPath,
} from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

/**
 * The job's bulk downloads (paths on this server that check access like every route); express streams them. The
 * input is the exports' query (the results list's filters): the routes call this first, so an unknown parameter or a
 * minimum above its maximum is the same 400 as on the list.
 */
export const exports = jobProcedure
  .meta({ access: 'jobs:read' })
  .input(ResultsExportInput)
  .output(
    z.object({ jobId: z.string().uuid(), resultsCsv: z.string(), resultsSdf: z.string(), resultsZip: z.string() }),
  )
  .query(async ({ ctx, input }) => {
    resultsFilterOf(input);
    const job = await jobOfCaller(ctx, input.jobId);
    return {
      jobId: job.jobId,
      resultsCsv: resultsCsvPath(job.jobId),
      resultsSdf: resultsSdfPath(job.jobId),
      resultsZip: resultsZipPath(job.jobId),
    };
  });
