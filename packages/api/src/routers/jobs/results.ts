import { z } from 'zod';
import { JobResultsInput, JobResultsOutput, LigandOut, jobLigand, jobResults } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const results = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/results',
      tags: ['jobs'],
      protect: true,
      summary:
        'Per ligand: best affinity (kcal/mol), every pose, links to pose files, errors; filtered by status, affinity range and confidence, sorted, paged by cursor (or offset)',
    },
  })
  .input(JobResultsInput)
  .output(JobResultsOutput)
  .query(({ ctx, input }) => jobResults(ctx, input));

export const ligand = jobProcedure
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
  .input(z.strictObject({ jobId: z.string().uuid(), ligandId: z.string().min(1).max(200) }))
  .output(LigandOut)
  .query(({ ctx, input }) => jobLigand(ctx, input));
