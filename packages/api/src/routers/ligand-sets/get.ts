import { LigandSet, getLigandSet } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';
import { LigandSetIdInput } from './schemas.js';

export const get = orgProcedure
  .meta({
    access: 'molecules:read',
    openapi: {
      method: 'GET',
      path: '/v1/ligand-sets/{ligandSetId}',
      tags: ['ligand-sets'],
      protect: true,
      summary: 'One ligand set: how it was made and how many ligands it holds',
    },
  })
  .input(LigandSetIdInput)
  .output(LigandSet)
  .query(({ ctx, input }) => getLigandSet(ctx, input.ligandSetId));
