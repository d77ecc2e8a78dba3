import { z } from 'zod';
import { JobLogsInput, LigandFileInput, jobLogsUrl, ligandFileUrl, type JobContext } from '@mad/domain';
import { procedure } from '../../trpc.js';

export const logs = procedure
  .meta({ access: 'jobs:read' })
  .input(JobLogsInput)
  .output(z.object({ url: z.string(), taskId: z.string(), kind: z.string() }))
  .query(({ ctx, input }) => jobLogsUrl(ctx as JobContext, input));

export const ligandFile = procedure
  .meta({ access: 'jobs:read' })
  .input(LigandFileInput)
  .output(z.object({ url: z.string() }))
  .query(({ ctx, input }) => ligandFileUrl(ctx as JobContext, input));
