import { z } from 'zod';
import { JobLogsInput, LigandFileInput, jobLogsUrl, ligandFileUrl } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const logs = jobProcedure
  .meta({ access: 'jobs:read' })
  .input(JobLogsInput)
  .output(z.object({ url: z.string(), taskId: z.string(), kind: z.string() }))
  .query(({ ctx, input }) => jobLogsUrl(ctx, input));

export const ligandFile = jobProcedure
  .meta({ access: 'jobs:read' })
  .input(LigandFileInput)
  .output(z.object({ url: z.string() }))
  .query(({ ctx, input }) => ligandFileUrl(ctx, input));
