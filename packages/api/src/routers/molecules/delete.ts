import { z } from 'zod';
import { procedure } from '../../trpc.js';
import { principalOf } from '../orgs/access.js';
import { MoleculeId } from '@mad/domain';
import { deleteMolecule, storageOf } from '@mad/domain';

export const remove = procedure
  .meta({
    access: 'molecules:write',
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
      principalOf(ctx).org.id,
      principalOf(ctx).org.resultsSchema,
      input.moleculeId,
    );
    return { id: input.moleculeId, deleted: true as const, deletedArtifacts };
  });
