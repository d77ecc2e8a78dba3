import { z } from 'zod';
import { assertNotLastManager, memberRole, roleByName, setMemberRole } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { assignableRole } from '../orgs/access.js';
import { RoleNameInput } from '../orgs/schemas.js';
import { Member } from './schemas.js';
import { listMembers } from '@mad/domain';

export const SetMemberRoleInput = z.strictObject({ userId: z.uuid(), role: RoleNameInput });

export const setRole = orgProcedure
  .meta({
    access: 'members:manage',
    errors: { '409': 'It would leave nobody with members:manage' },
    example: { role: 'viewer' },
    openapi: {
      method: 'PATCH',
      path: '/v1/members/{userId}',
      tags: ['members'],
      protect: true,
      summary: "Change a member's role",
    },
  })
  .input(SetMemberRoleInput)
  .output(Member)
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    const orgId = principal.org.id;
    const currentRole = await memberRole(ctx.db, orgId, input.userId);
    if (!currentRole) throw apiError('NOT_FOUND', 'member not found');
    const role = await assignableRole(ctx.db, principal, input.role);
    const own = await roleByName(ctx.db, principal.role);
    if (currentRole.rank > own.rank)
      throw apiError('FORBIDDEN', `you cannot change the role of a member ranked above you ("${currentRole.name}")`);
    await assertNotLastManager(ctx.db, orgId, currentRole.id, role.id);
    await setMemberRole(ctx.db, orgId, input.userId, role.id);
    const [member] = await listMembers(ctx.db, orgId, input.userId);
    if (!member) throw apiError('NOT_FOUND', 'member not found');
    return member;
  });
