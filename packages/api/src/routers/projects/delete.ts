import { z } from 'zod';
import { deleteProject } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';
import { ProjectIdInput } from './schemas.js';

export const remove = jobProcedure
  .meta({
    access: 'jobs:write',
    openapi: {
      method: 'DELETE',
      path: '/v1/projects/{projectId}',
      tags: ['projects'],
      protect: true,
      summary: 'Delete a project; its jobs and ligand sets stay, ungrouped',
    },
  })
  .input(ProjectIdInput)
  .output(
    z.object({
      id: z.uuid(),
      deleted: z.literal(true),
      ungroupedJobs: z.number().int(),
      ungroupedLigandSets: z.number().int(),
    }),
  )
  .mutation(({ ctx, input }) => deleteProject(ctx, input.projectId));
