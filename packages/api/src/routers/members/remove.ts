import { z } from 'zod';
import { assertNotLastManager, memberRole, removeMember, roleByName } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { MemberUserId } from './schemas.js';

export const remove = orgProcedure
  .meta({
    access: 'members:manage',
    openapi: {
      method: 'DELETE',
      path: '/v1/members/{userId}',
      tags: ['members'],
      protect: true,
      summary: 'Remove a member (their API tokens for this organisation are revoked)',
    },
  })
  .input(MemberUserId)
  .output(z.object({ removed: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    const orgId = principal.org.id;
    const role = await memberRole(ctx.db, orgId, input.userId);
    if (!role) throw apiError('NOT_FOUND', 'member not found');
    if (role.rank > (await roleByName(ctx.db, principal.role)).rank)
      throw apiError('FORBIDDEN', `you cannot remove a member ranked above you ("${role.name}")`);
    await assertNotLastManager(ctx.db, orgId, role.id, null);
    await removeMember(ctx.db, orgId, input.userId);
    return { removed: true as const };
  });
