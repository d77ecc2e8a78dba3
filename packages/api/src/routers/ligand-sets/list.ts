import { z } from 'zod';
import { LigandSetPage, listLigandSets } from '@mad/domain';
import { orgProcedure } from '../../trpc.js';

export const ListLigandSetsInput = z.strictObject({
  projectId: z.uuid().optional().describe("Only this project's sets"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const list = orgProcedure
  .meta({
    access: 'molecules:read',
    errors: { '404': 'projectId names no project of your organisation' },
    openapi: {
      method: 'GET',
      path: '/v1/ligand-sets',
      tags: ['ligand-sets'],
      protect: true,
      summary: "The organisation's ligand sets, newest first",
    },
  })
  .input(ListLigandSetsInput)
  .output(LigandSetPage)
  .query(({ ctx, input }) => listLigandSets(ctx, input));
