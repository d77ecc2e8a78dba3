import { z } from 'zod';
import { Project, ProjectDescription, ProjectName, createProject } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';

export const CreateProjectInput = z.strictObject({
  name: ProjectName.describe('1–200 characters, one line; unique in the organisation'),
  description: ProjectDescription.optional().describe('At most 2,000 characters'),
});

export const create = jobProcedure
  .meta({
    access: 'jobs:write',
    errors: { '409': 'A project of that name exists in the organisation' },
    example: { name: 'ABL1 kinase screen', description: 'Imatinib analogues against 1iep' },
    openapi: {
      method: 'POST',
      path: '/v1/projects',
      tags: ['projects'],
      protect: true,
      summary: 'Create a project: a named group of jobs and ligand sets',
    },
  })
  .input(CreateProjectInput)
  .output(Project)
  .mutation(({ ctx, input }) => createProject(ctx, input));
