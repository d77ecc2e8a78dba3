import { z } from 'zod';
import { ProjectDescription, ProjectName } from '@mad/domain';

export const ProjectIdInput = z.strictObject({ projectId: z.uuid() });

export const ProjectChanges = z.strictObject({
  name: ProjectName.optional().describe('1–200 characters, one line; unique in the organisation'),
  description: ProjectDescription.optional().describe('At most 2,000 characters'),
});
