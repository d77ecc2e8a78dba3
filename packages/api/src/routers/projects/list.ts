import { z } from 'zod';
import { ProjectPage, listProjects } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const ListProjectsInput = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const list = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/projects',
      tags: ['projects'],
      protect: true,
      summary: "The organisation's projects, newest first, with their job and ligand set counts",
    },
  })
  .input(ListProjectsInput)
  .output(ProjectPage)
  .query(({ ctx, input }) => listProjects(ctx, input));
