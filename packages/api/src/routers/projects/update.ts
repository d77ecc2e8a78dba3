import { Project, updateProject } from '@mad/domain';
import { jobProcedure } from '../../trpc.js';
import { refuseEmptyChanges } from '../../errors.js';
import { ProjectChanges, ProjectIdInput } from './schemas.js';

export const update = jobProcedure
  .meta({
    access: 'jobs:write',
    errors: { '409': 'A project of that name exists in the organisation' },
    example: { description: 'Imatinib analogues against 1iep and 2hyy' },
    openapi: {
      method: 'PATCH',
      path: '/v1/projects/{projectId}',
      tags: ['projects'],
      protect: true,
      summary: 'Rename a project or change its description',
    },
  })
  .input(ProjectChanges.extend(ProjectIdInput.shape))
  .output(Project)
  .mutation(({ ctx, input }) => {
    const { projectId, ...changes } = input;
    refuseEmptyChanges(changes, ProjectChanges.shape);
    return updateProject(ctx, projectId, changes);
  });
