import { z } from 'zod';
import { revokeApiToken } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';

export const revoke = orgProcedure
  .meta({
    access: 'tokens:manage',
    openapi: {
      method: 'DELETE',
      path: '/v1/tokens/{tokenId}',
      tags: ['tokens'],
      protect: true,
      summary: 'Revoke an API token',
    },
  })
  .input(z.strictObject({ tokenId: z.uuid() }))
  .output(z.object({ revoked: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    if (!(await revokeApiToken(ctx.db, principal.org.id, input.tokenId)))
      throw apiError('NOT_FOUND', 'API token not found (or already revoked)');
    return { revoked: true as const };
  });
