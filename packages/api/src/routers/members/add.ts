import { z } from 'zod';
import { ensureUser, memberRole, setMemberRole } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { apiError } from '../../errors.js';
import { assignableRole } from '../orgs/access.js';
import { RoleNameInput } from '../orgs/schemas.js';
import { Member } from './schemas.js';
import { listMembers } from '@mad/domain';

export const AddMemberInput = z.strictObject({ email: z.email().max(320), role: RoleNameInput.default('viewer') });

// The person need not have signed in yet: the user row is created by email and linked at their first sign-in.
export const add = orgProcedure
  .meta({
    access: 'members:manage',
    errors: { '409': 'Already a member' },
    example: { email: 'chemist@example.org', role: 'member' },
    openapi: {
      method: 'POST',
      path: '/v1/members',
      tags: ['members'],
      protect: true,
      summary: 'Add a member by email with a role',
    },
  })
  .input(AddMemberInput)
  .output(Member)
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    const role = await assignableRole(ctx.db, principal, input.role);
    const user = await ensureUser(ctx.db, input.email);
    if (await memberRole(ctx.db, principal.org.id, user.id))
      throw apiError('CONFLICT', `${user.email} is already a member; change the role with members.setRole`);
    await setMemberRole(ctx.db, principal.org.id, user.id, role.id);
    const [member] = await listMembers(ctx.db, principal.org.id, user.id);
    if (!member) throw apiError('NOT_FOUND', 'member not found');
    return member;
  });
