import { z } from 'zod';
import { LigandSetMembers, ligandSetMembers } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';

export const LigandSetMembersInput = z.strictObject({
  ligandSetId: z.uuid(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const members = orgProcedure
  .meta({
    access: 'molecules:read',
    openapi: {
      method: 'GET',
      path: '/v1/ligand-sets/{ligandSetId}/members',
      tags: ['ligand-sets'],
      protect: true,
      summary: "A ligand set's ligands in order, a page at a time",
    },
  })
  .input(LigandSetMembersInput)
  .output(LigandSetMembers)
  .query(({ ctx, input }) => ligandSetMembers(ctx, input.ligandSetId, input));
