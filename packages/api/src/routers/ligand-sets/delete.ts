import { z } from 'zod';
import { deleteLigandSet } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { LigandSetIdInput } from './schemas.js';

export const remove = orgProcedure
  .meta({
    access: 'molecules:write',
    openapi: {
      method: 'DELETE',
      path: '/v1/ligand-sets/{ligandSetId}',
      tags: ['ligand-sets'],
      protect: true,
      summary: 'Delete a ligand set (its molecules and the jobs made from it stay)',
    },
  })
  .input(LigandSetIdInput)
  .output(z.object({ id: z.uuid(), deleted: z.literal(true) }))
  .mutation(({ ctx, input }) => deleteLigandSet(ctx, input.ligandSetId));
