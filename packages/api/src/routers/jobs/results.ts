import { z } from 'zod';
import { JobResultsInput, JobResultsOutput, LigandOut, jobLigand, jobResults, type JobContext } from '@mad/domain';
import { procedure } from '../../trpc.js';

export const results = procedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/results',
      tags: ['jobs'],
      protect: true,
      summary:
        'Per ligand: best affinity (kcal/mol), every pose, links to pose files, errors; sorted, paged by offset or by cursor',
    },
  })
  .input(JobResultsInput)
  .output(JobResultsOutput)
  .query(({ ctx, input }) => jobResults(ctx as JobContext, input));

export const ligand = procedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/ligands/{ligandId}',
      tags: ['jobs'],
      protect: true,
      summary: 'One ligand of a job: best affinity, every pose (affinity, RMSD bounds, CNN scores), links to its files',
    },
  })
  .input(z.object({ jobId: z.string().uuid(), ligandId: z.string().min(1).max(200) }))
  .output(LigandOut)
  .query(({ ctx, input }) => jobLigand(ctx as JobContext, input));
