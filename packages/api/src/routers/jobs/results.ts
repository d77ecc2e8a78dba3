import { z } from 'zod';
import {
  JobResultsInput,
  JobResultsOutput,
  LigandOut,
  ResultsSummaryInput,
  ResultsSummaryOutput,
  jobLigand,
  jobResults,
  resultsSummary,
} from '@mad/domain';
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
        "Per ligand: best affinity (kcal/mol), every pose with its validity checks and protein–ligand interactions, the best pose's validity (flagged when it fails), links to pose files, errors; filtered by status, affinity range, confidence, validity (valid=true|false), the best pose's interactions (interactsWith=MET318, interactionType=hydrogen_bond) and molecule properties, sorted, paged by cursor (or offset)",
    },
  })
  .input(JobResultsInput)
  .output(JobResultsOutput)
  .query(({ ctx, input }) => jobResults(ctx, input));

export const resultsSummary_ = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/results/summary',
      tags: ['jobs'],
      protect: true,
      summary:
        "The results' plots as counts over the ligands that pass the results list's filters: the best-affinity histogram, affinity against a molecule property (x) and ligand efficiency against heavy atoms (grids of counts), the same cost at any number of ligands",
    },
  })
  .input(ResultsSummaryInput)
  .output(ResultsSummaryOutput)
  .query(({ ctx, input }) => resultsSummary(ctx, input));

export const ligand = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/jobs/{jobId}/ligands/{ligandId}',
      tags: ['jobs'],
      protect: true,
      summary:
        "One ligand of a job: best affinity, its best pose's validity, every pose (affinity, RMSD bounds, CNN scores, validity checks, interactions), links to its files",
    },
  })
  .input(z.strictObject({ jobId: z.string().uuid(), ligandId: z.string().min(1).max(200) }))
  .output(LigandOut)
  .query(({ ctx, input }) => jobLigand(ctx, input));
