import { z } from 'zod';
import { issueApiToken } from '@mad/auth';
import { orgProcedure } from '../../trpc.js';
import { assignableRole } from '../orgs/access.js';
import { RoleNameInput } from '../orgs/schemas.js';

export const CreateApiTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('what the token is for, e.g. "nightly screening CI"'),
  role: RoleNameInput.optional().describe('defaults to your own role; never above it'),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('omit for a token that does not expire'),
});

export const CreatedApiToken = z.object({
  id: z.uuid(),
  token: z.string().describe('shown only now: store it, it cannot be read again'),
  prefix: z.string(),
  role: z.string(),
  expiresAt: z.string().nullable(),
});

export const create = orgProcedure
  .meta({
    access: 'tokens:manage',
    example: { name: 'nightly screening script', role: 'member', expiresInDays: 90 },
    openapi: {
      method: 'POST',
      path: '/v1/tokens',
      tags: ['tokens'],
      protect: true,
      summary: 'Create an API token for this organisation (the secret is returned once)',
    },
  })
  .input(CreateApiTokenInput)
  .output(CreatedApiToken)
  .mutation(async ({ ctx, input }) => {
    const principal = ctx.principal;
    const role = await assignableRole(ctx.db, principal, input.role ?? principal.role);
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const issued = await issueApiToken(ctx.db, {
      orgId: principal.org.id,
      userId: principal.userId,
      roleId: role.id,
      name: input.name,
      expiresAt,
    });
    ctx.log.info({ tokenId: issued.id, role: role.name }, 'API token created');
    return {
      id: issued.id,
      token: issued.secret,
      prefix: issued.prefix,
      role: role.name,
      expiresAt: expiresAt?.toISOString() ?? null,
    };
  });
