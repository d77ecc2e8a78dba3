import { z } from 'zod';
import { orgProcedure } from '../../trpc.js';
import { MoleculeId } from '@mad/domain';
import { deleteMolecule, storageOf } from '@mad/domain';

export const remove = orgProcedure
  .meta({
    access: 'molecules:write',
    errors: { '409': 'An unfinished job uses the molecule' },
    openapi: {
      method: 'DELETE',
      path: '/v1/molecules/{moleculeId}',
      tags: ['molecules'],
      protect: true,
      summary: 'Delete a molecule and its files (409 while an unfinished job uses it)',
    },
  })
  .input(MoleculeId)
  .output(z.object({ id: z.string().uuid(), deleted: z.literal(true), deletedArtifacts: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const { deletedArtifacts } = await deleteMolecule(
      ctx.db,
      storageOf(ctx),
      ctx.principal.org.id,
      ctx.principal.org.resultsSchema,
      input.moleculeId,
    );
    return { id: input.moleculeId, deleted: true as const, deletedArtifacts };
  });
