import { Project, getProject } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';
import { ProjectIdInput } from './schemas.js';

export const get = jobProcedure
  .meta({
    access: 'jobs:read',
    openapi: {
      method: 'GET',
      path: '/v1/projects/{projectId}',
      tags: ['projects'],
      protect: true,
      summary: 'One project with its job and ligand set counts (its jobs: GET /v1/jobs?projectId=)',
    },
  })
  .input(ProjectIdInput)
  .output(Project)
  .query(({ ctx, input }) => getProject(ctx, input.projectId));
